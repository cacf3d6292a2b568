// Table-driven tests of the date and period recognizer: {input, reference, expected span,
// period, granularity, modifier}. The flagship article's dates come first.
#include "reckon/text/dates.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

using reckon::core::parse_iso_date;
using reckon::text::DateMatch;
using reckon::text::find_dates;
using G = DateMatch::Granularity;
using M = DateMatch::Modifier;

namespace {

struct Case {
    const char* text;
    const char* reference;  // "" = none
    const char* span;       // expected matched text
    const char* first;      // "" = unresolved
    const char* last;
    G granularity;
    M modifier;
};

std::string iso(const reckon::core::Date& d) { return reckon::core::to_iso(d); }

void check(const Case& c) {
    auto ref = *c.reference ? parse_iso_date(c.reference) : std::nullopt;
    auto found = find_dates(c.text, ref);
    ASSERT_FALSE(found.empty()) << c.text;
    const DateMatch* hit = nullptr;
    for (const auto& m : found)
        if (std::string(c.text).substr(m.start, m.end - m.start) == c.span) hit = &m;
    ASSERT_NE(hit, nullptr) << c.text << ": no match spanning '" << c.span << "'";
    if (!*c.first) {
        EXPECT_FALSE(hit->period.has_value()) << c.text;
    } else {
        ASSERT_TRUE(hit->period.has_value()) << c.text;
        EXPECT_EQ(iso(hit->period->first), c.first) << c.text;
        EXPECT_EQ(iso(hit->period->last), c.last) << c.text;
    }
    EXPECT_EQ(hit->granularity, c.granularity) << c.text;
    EXPECT_EQ(hit->modifier, c.modifier) << c.text;
}

constexpr const char* REF = "2025-07-24";  // the flagship article's publication date

}  // namespace

TEST(DatesFlagship, SeedExpressions) {
    const std::vector<Case> cases = {
        {"Production began in February 2022.", REF, "February 2022", "2022-02-01", "2022-02-28", G::month,
         M::none},
        {"By early 2023 the plant was running.", REF, "By early 2023", "2023-01-01", "2023-04-30", G::year,
         M::by},
        {"6,000 drones by September 2025", REF, "by September 2025", "2025-09-01", "2025-09-30", G::month,
         M::by},
        {"cost $200,000 in 2022", REF, "2022", "2022-01-01", "2022-12-31", G::year, M::none},
        {"about $70,000 in 2025", REF, "2025", "2025-01-01", "2025-12-31", G::year, M::none},
        {"On July 11 the images showed", REF, "July 11", "2025-07-11", "2025-07-11", G::day, M::none},
        {"it now makes 5,500 a month", REF, "now", "2025-07-24", "2025-07-24", G::day, M::none},
        {"3 weeks ago officials said", REF, "3 weeks ago", "2025-06-30", "2025-07-06", G::week, M::none},
    };
    for (const auto& c : cases) check(c);
}

TEST(DatesAbsolute, Forms) {
    const std::vector<Case> cases = {
        {"July 11, 2025", "", "July 11, 2025", "2025-07-11", "2025-07-11", G::day, M::none},
        {"on 11 July 2025", "", "11 July 2025", "2025-07-11", "2025-07-11", G::day, M::none},
        {"filed 2025-07-11.", "", "2025-07-11", "2025-07-11", "2025-07-11", G::day, M::none},
        {"dated 7/11/2025", "", "7/11/2025", "2025-07-11", "2025-07-11", G::day, M::none},
        {"in September 2025", "", "September 2025", "2025-09-01", "2025-09-30", G::month, M::none},
        {"in Sept. 2025", "", "Sept. 2025", "2025-09-01", "2025-09-30", G::month, M::none},
        {"the 2022-2023 season", "", "2022-2023", "2022-01-01", "2023-12-31", G::year, M::none},
        {"the 2022\xE2\x80\x93"
         "23 season",
         "",
         "2022\xE2\x80\x93"
         "23",
         "2022-01-01", "2023-12-31", G::year, M::none},
        {"from March to September 2024", "", "from March to September 2024", "2024-03-01", "2024-09-30",
         G::month, M::none},
        {"between 2022 and 2024", "", "between 2022 and 2024", "2022-01-01", "2024-12-31", G::year, M::none},
        {"the first half of 2024", "", "the first half of 2024", "2024-01-01", "2024-06-30", G::half,
         M::none},
        {"in H1 2024", "", "H1 2024", "2024-01-01", "2024-06-30", G::half, M::none},
        {"in Q3 2025", "", "Q3 2025", "2025-07-01", "2025-09-30", G::quarter, M::none},
        {"the third quarter of 2025", "", "the third quarter of 2025", "2025-07-01", "2025-09-30", G::quarter,
         M::none},
        {"in mid-2025", "", "mid-2025", "2025-05-01", "2025-08-31", G::year, M::none},
        {"in late 2024", "", "late 2024", "2024-09-01", "2024-12-31", G::year, M::none},
        {"at the end of 2024", "", "end of 2024", "2024-09-01", "2024-12-31", G::year, M::none},
        {"the summer of 2022", "", "the summer of 2022", "2022-06-01", "2022-08-31", G::other, M::none},
        {"in the 1990s", "", "the 1990s", "1990-01-01", "1999-12-31", G::decade, M::none},
        {"Top 10 Calorie Counting Apps of 2025", "", "2025", "2025-01-01", "2025-12-31", G::year, M::none},
        {"the company's 2022's results", "", "2022", "2022-01-01", "2022-12-31", G::year, M::none},
    };
    for (const auto& c : cases) check(c);
}

TEST(DatesRelative, AgainstReference) {
    const std::vector<Case> cases = {
        {"this year", REF, "this year", "2025-01-01", "2025-12-31", G::year, M::none},
        {"last month", REF, "last month", "2025-06-01", "2025-06-30", G::month, M::none},
        {"next year", REF, "next year", "2026-01-01", "2026-12-31", G::year, M::none},
        {"two days ago", REF, "two days ago", "2025-07-22", "2025-07-22", G::day, M::none},
        {"last year", REF, "last year", "2024-01-01", "2024-12-31", G::year, M::none},
        {"yesterday", REF, "yesterday", "2025-07-23", "2025-07-23", G::day, M::none},
        {"today", REF, "today", "2025-07-24", "2025-07-24", G::day, M::none},
        {"currently", REF, "currently", "2025-07-24", "2025-07-24", G::day, M::none},
        {"this month", REF, "this month", "2025-07-01", "2025-07-31", G::month, M::none},
        {"next week", REF, "next week", "2025-07-28", "2025-08-03", G::week, M::none},
        {"On December 3", REF, "December 3", "2024-12-03", "2024-12-03", G::day, M::none},
        // Without a reference: found, never guessed.
        {"3 weeks ago", "", "3 weeks ago", "", "", G::week, M::none},
        {"On July 11", "", "July 11", "", "", G::day, M::none},
        {"last year", "", "last year", "", "", G::year, M::none},
    };
    for (const auto& c : cases) check(c);
}

// Day ranges before the month, a weekday that fixes the year, days of a relative month, and
// "after next", against a reference that is a Tuesday (2013-02-12).
TEST(DatesRelative, WeekdaysDayRangesAndDaysOfAMonth) {
    constexpr const char* TUE = "2013-02-12";
    const std::vector<Case> cases = {
        {"on 12-14 March 2024", TUE, "12-14 March 2024", "2024-03-12", "2024-03-14", G::day, M::none},
        {"held 1-8 September 2025", TUE, "1-8 September 2025", "2025-09-01", "2025-09-08", G::day, M::none},
        {"Sunday, Feb 10", TUE, "Sunday, Feb 10", "2013-02-10", "2013-02-10", G::day, M::none},
        // Looking back (a news report), the weekday never moves a date past the reference.
        {"Jul 18, Fri", TUE, "Jul 18, Fri", "2012-07-18", "2012-07-18", G::day, M::none},
        {"on Friday, December 3", TUE, "Friday, December 3", "2012-12-03", "2012-12-03", G::day, M::none},
        {"the 20th of next month", TUE, "the 20th of next month", "2013-03-20", "2013-03-20", G::day,
         M::none},
        {"20th day of the previous month", TUE, "20th day of the previous month", "2013-01-20", "2013-01-20",
         G::day, M::none},
        {"the last day of October 2015", TUE, "the last day of October 2015", "2015-10-31", "2015-10-31",
         G::day, M::none},
        {"the last day of the month", TUE, "the last day of the month", "2013-02-28", "2013-02-28", G::day,
         M::none},
        {"friday after next", TUE, "friday after next", "2013-02-22", "2013-02-22", G::day, M::none},
        {"October after next", TUE, "October after next", "2014-10-01", "2014-10-31", G::month, M::none},
        {"Thu, 10 Jan", TUE, "Thu, 10 Jan", "2013-01-10", "2013-01-10", G::day, M::none},
        {"last yr", TUE, "last yr", "2012-01-01", "2012-12-31", G::year, M::none},
        // A count of a weekday: the n-th one after (before) the day, never the day itself.
        {"3 Fridays from now", TUE, "3 Fridays from now", "2013-03-01", "2013-03-01", G::day, M::none},
        {"four tuesdays from now", TUE, "four tuesdays from now", "2013-03-12", "2013-03-12", G::day,
         M::none},
        {"two Thursdays ago", TUE, "two Thursdays ago", "2013-01-31", "2013-01-31", G::day, M::none},
        {"the day after tomorrow", TUE, "day after tomorrow", "2013-02-14", "2013-02-14", G::day, M::none},
        {"the day before yesterday", TUE, "day before yesterday", "2013-02-10", "2013-02-10", G::day,
         M::none},
        // Counted from the end: weeks of a year or a month, days and weekdays of a month.
        {"the third last week of 2018", TUE, "the third last week of 2018", "2018-12-10", "2018-12-16",
         G::week, M::none},
        {"2nd last week of October 2018", TUE, "2nd last week of October 2018", "2018-10-15", "2018-10-21",
         G::week, M::none},
        {"the 5th last day of May 2015", TUE, "the 5th last day of May 2015", "2015-05-27", "2015-05-27",
         G::day, M::none},
        {"the second last Friday of March 2014", TUE, "the second last Friday of March 2014", "2014-03-21",
         "2014-03-21", G::day, M::none},
    };
    for (const auto& c : cases) check(c);
    // Looking ahead (a plan), it picks this year or the next, whichever fits; neither: a slip.
    const auto tue = parse_iso_date(TUE);
    for (const auto& [text, want] :
         {std::pair{"Jul 18, Fri", "2014-07-18"}, std::pair{"Sunday, Feb 10", "2013-02-10"},
          std::pair{"Friday, December 3", "2013-12-03"}}) {
        const auto found = find_dates(text, tue, reckon::text::DateDirection::future);
        ASSERT_EQ(found.size(), 1U) << text;
        ASSERT_TRUE(found[0].period.has_value()) << text;
        EXPECT_EQ(iso(found[0].period->first), want) << text;
    }
    // Abbreviations that are also words are weekdays only with their dot and no word before.
    for (const char* t : {"Mon State", "they wed in secret", "he sat.", "the Sun said",
                          "they meet on Fridays", "in 3 fridays", "the first last-minute deal"})
        EXPECT_TRUE(find_dates(t, parse_iso_date(TUE)).empty()) << t;
}

TEST(DatesModifiers, SpanIncludesModifier) {
    const std::vector<Case> cases = {
        {"since 2022", REF, "since 2022", "2022-01-01", "2022-12-31", G::year, M::since},
        {"before 2018", REF, "before 2018", "2018-01-01", "2018-12-31", G::year, M::before},
        {"prior to March 2020", REF, "prior to March 2020", "2020-03-01", "2020-03-31", G::month, M::before},
        {"after 2016", REF, "after 2016", "2016-01-01", "2016-12-31", G::year, M::after},
        {"until 2030", REF, "until 2030", "2030-01-01", "2030-12-31", G::year, M::until},
        {"through 2030", REF, "through 2030", "2030-01-01", "2030-12-31", G::year, M::until},
        {"following May 2021", REF, "following May 2021", "2021-05-01", "2021-05-31", G::month, M::after},
        {">= 2020", REF, ">= 2020", "2020-01-01", "2020-12-31", G::year, M::since},
        {"> = 2019", REF, "> = 2019", "2019-01-01", "2019-12-31", G::year, M::since},
        {"<= 2030", REF, "<= 2030", "2030-01-01", "2030-12-31", G::year, M::until},
        {"< 2018", REF, "< 2018", "2018-01-01", "2018-12-31", G::year, M::before},
        {"> 2016", REF, "> 2016", "2016-01-01", "2016-12-31", G::year, M::after},
    };
    for (const auto& c : cases) check(c);
}

TEST(DatesNegative, NotDates) {
    const std::vector<const char*> texts = {
        "6,000 drones",
        "$2025",
        "2025 units were built",
        "deliver 2000 pieces of toys.",
        "This may or may not be right.",
        "May I ask what this is for?",
        "Tel: +86 138-2010-2015",
        "The ssn is 123-12-1234",
        "February 30, 2024",
        "about 1/2 of them",
        "Mortgages were at 6.45 percent",
        "She may email you.",
        "2015-32",
    };
    for (const char* t : texts) EXPECT_TRUE(find_dates(t, parse_iso_date(REF)).empty()) << t;
}

TEST(DatesRobustness, OddInputNeverThrows) {
    std::string junk;
    for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 37) & 0xFF);
    for (const auto& m : find_dates(junk, parse_iso_date(REF)))
        if (m.period) {
            EXPECT_LE(m.period->first, m.period->last);
        }
    std::string digits(100000, '1');
    EXPECT_TRUE(find_dates(digits, std::nullopt).empty());
    EXPECT_TRUE(find_dates("", std::nullopt).empty());
}
