// Date parsing and period helpers.
#include "reckon/core/date.hpp"

#include <gtest/gtest.h>

using namespace reckon::core;

TEST(Dates, ParsesIsoAndRejectsImpossibleDays) {
    struct Case {
        const char* text;
        bool ok;
    } cases[] = {{"2025-07-24", true}, {"2024-02-29", true},  {"2025-02-29", false}, {"2025-7-24", false},
                 {"", false},          {"2025-13-01", false}, {"abcd-ef-gh", false}, {"2025-07-24x", false}};
    for (const auto& c : cases) EXPECT_EQ(parse_iso_date(c.text).has_value(), c.ok) << c.text;
    EXPECT_EQ(to_iso(*parse_iso_date("2025-07-24")), "2025-07-24");
}

TEST(Dates, PeriodHelpers) {
    EXPECT_EQ(to_iso(end_of_month(2024, 2)), "2024-02-29");
    EXPECT_EQ(to_iso(end_of_month(2025, 2)), "2025-02-28");
    EXPECT_EQ(to_iso(add_days(make_date(2025, 1, 1), -1)), "2024-12-31");
    auto y = whole_year(2022);
    EXPECT_EQ(to_iso(y.first), "2022-01-01");
    EXPECT_EQ(to_iso(y.last), "2022-12-31");
    EXPECT_EQ(to_iso(whole_month(2025, 9).last), "2025-09-30");
}

TEST(Dates, DayNumbersAndUnixTime) {
    const struct {
        const char* iso;
        std::int64_t day;
    } cases[] = {{"1970-01-01", 0},     {"1969-12-31", -1},    {"2000-03-01", 11017},
                 {"2024-02-29", 19782}, {"2016-03-14", 16874}, {"1900-03-01", -25508}};
    for (const auto& c : cases) {
        const Date d = *parse_iso_date(c.iso);
        EXPECT_EQ(days_since_epoch(d), c.day) << c.iso;
        EXPECT_EQ(date_from_days(c.day), d) << c.iso;
        EXPECT_EQ(unix_seconds(d), static_cast<double>(c.day) * 86400.0) << c.iso;
        EXPECT_EQ(utc_date(static_cast<double>(c.day) * 86400.0 + 86399.5), d) << c.iso;
    }
    // SBS's "2016/03/14 23:40:02.123": 1457998802.123 (Python's datetime agrees).
    EXPECT_DOUBLE_EQ(unix_seconds(make_date(2016, 3, 14), 23 * 3600 + 40 * 60 + 2.123), 1457998802.123);
    EXPECT_EQ(utc_date(-0.5), make_date(1969, 12, 31));
    EXPECT_EQ(utc_date(0), make_date(1970, 1, 1));
}

TEST(Dates, MonthLengthsAndPeriodDays) {
    const struct {
        int year;
        unsigned month, days;
    } cases[] = {{2024, 2, 29}, {2025, 2, 28}, {1900, 2, 28}, {2000, 2, 29}, {2025, 4, 30}, {2025, 12, 31}};
    for (const auto& c : cases) EXPECT_EQ(days_in_month(c.year, c.month), c.days) << c.year << "-" << c.month;
    EXPECT_EQ(whole_year(2024).days(), 366);
    EXPECT_EQ(whole_month(2025, 2).days(), 28);
    EXPECT_EQ(single_day(make_date(2025, 1, 1)).days(), 1);
}

TEST(Dates, AddMonthsKeepsTheDayOrTheMonthsEnd) {
    const struct {
        const char* from;
        int months;
        const char* to;
    } cases[] = {{"2024-01-31", 1, "2024-02-29"},  {"2025-01-31", 1, "2025-02-28"},
                 {"2025-03-15", -3, "2024-12-15"}, {"2025-12-31", 2, "2026-02-28"},
                 {"2025-05-31", -1, "2025-04-30"}, {"2025-05-10", 0, "2025-05-10"},
                 {"0001-01-01", -1, "0000-12-01"}};
    for (const auto& c : cases)
        EXPECT_EQ(to_iso(add_months(*parse_iso_date(c.from), c.months)), c.to) << c.from;
}
