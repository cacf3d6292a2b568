// Claim assembly on sentences written for the test: each row gives a sentence, the
// published date (if any) and the claim expected from it.
#include "reckon/text/claims.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "example_gazetteer.hpp"
#include "reckon/core/claim_format.hpp"

using reckon::core::Claim;
using reckon::core::Event;

namespace {

struct Extracted {
    std::vector<Claim> claims;
    std::vector<Event> events;
};

// Paragraphs of one document, in order; the first starts at byte 100, each next one 100
// bytes after the previous.
Extracted extract_paragraphs(const std::vector<std::string>& paragraphs,
                             std::optional<reckon::core::Date> published) {
    static const auto gazetteer = reckon::test::alabuga_gazetteer();
    reckon::text::ExtractOptions options;
    options.gazetteer = &gazetteer;
    options.published = published;
    reckon::text::ClaimExtractor extractor(options);
    Extracted out;
    std::uint64_t offset = 100;
    for (const auto& p : paragraphs) {
        extractor.add_paragraph(p, offset, out.claims, out.events);
        offset += 100;
    }
    return out;
}

Extracted extract(const std::string& text, std::optional<reckon::core::Date> published) {
    return extract_paragraphs({text}, published);
}

std::string dump(const std::vector<Claim>& claims) {
    std::string s;
    for (const auto& c : claims) s += "  " + reckon::core::to_json(c).dump() + "\n";
    return s;
}

std::string period(const Claim& c) {
    if (c.time_unresolved) return "unresolved";
    if (!c.period) return "";
    return reckon::core::to_iso(c.period->first) + ".." + reckon::core::to_iso(c.period->last);
}

struct Case {
    std::string text;
    std::string metric;
    double value;
    std::string unit;
    std::string qualifier;
    std::string subject;
    std::string period;        // "first..last", "unresolved" or "" (none)
    std::string source_class;  // attribution class
};

const auto PUBLISHED = reckon::core::make_date(2025, 9, 5);

TEST(Claims, AssemblesMetricValueUnitSubjectPeriodAndSource) {
    const std::vector<Case> cases = {
        {"Alabuga produced 6,000 drones in 2024.", "production_total", 6000, "unit", "exact", "Alabuga",
         "2024-01-01..2024-12-31", "unattributed"},
        {"Ukraine's military intelligence said Russia can produce up to 2,700 drones per month.", "capacity",
         2700, "unit/month", "under", "Russia", "2025-09-05..2025-09-05", "intelligence"},
        {"Experts say each Shahed costs about $35,000 to make.", "unit_cost", 35000, "USD/unit", "approx",
         "Shahed-136", "2025-09-05..2025-09-05", "analyst"},
        {"Iran sold the first Shaheds for $193,000 apiece in 2022.", "unit_price", 193000, "USD/unit",
         "exact", "Shahed-136", "2022-01-01..2022-12-31", "unattributed"},
        {"The Alabuga plant employs about 25,000 workers, the company said.", "workforce", 25000, "person",
         "approx", "Alabuga", "2025-09-05..2025-09-05", "company"},
        {"Russia launched more than 4,000 Shaheds in July 2025, the Air Force reported.", "launches", 4000,
         "unit", "over", "Shahed-136", "2025-07-01..2025-07-31", "official"},
        {"The site grew by 55% between March and September 2024.", "growth", 55, "percent", "exact", "", "",
         ""},
    };
    for (const auto& c : cases) {
        auto got = extract(c.text, PUBLISHED);
        const Claim* match = nullptr;
        for (const auto& claim : got.claims)
            if (std::fabs(claim.value - c.value) < 1e-6 * std::max(1.0, c.value)) match = &claim;
        ASSERT_NE(match, nullptr) << c.text << "\n" << dump(got.claims);
        EXPECT_EQ(match->metric, c.metric) << c.text;
        EXPECT_EQ(match->unit, c.unit) << c.text;
        EXPECT_EQ(reckon::core::to_string(match->qualifier), c.qualifier) << c.text;
        if (!c.subject.empty()) {
            EXPECT_EQ(match->subject, c.subject) << c.text;
        }
        if (!c.period.empty()) {
            EXPECT_EQ(period(*match), c.period) << c.text;
        }
        if (!c.source_class.empty()) {
            EXPECT_EQ(reckon::core::to_string(match->attribution.source_class), c.source_class) << c.text;
        }
        EXPECT_EQ(match->sentence, c.text);
        EXPECT_EQ(c.text.substr(match->start - 100, match->end - match->start), match->quantity_text)
            << "offsets must point at the figure";
    }
}

TEST(Claims, RelativeTimeWithoutPublishedDateIsUnresolvedNotGuessed) {
    auto got = extract("Last year the plant made 3,000 drones.", std::nullopt);
    ASSERT_EQ(got.claims.size(), 1u) << dump(got.claims);
    EXPECT_TRUE(got.claims[0].time_unresolved);
    EXPECT_FALSE(got.claims[0].period.has_value());

    got = extract("Last year the plant made 3,000 drones.", PUBLISHED);
    ASSERT_EQ(got.claims.size(), 1u);
    EXPECT_EQ(period(got.claims[0]), "2024-01-01..2024-12-31");
}

TEST(Claims, ContractDueDateAndStatementDate) {
    auto got = extract("By early 2024, the contract stipulated the delivery of 1,000 drones by March 2026.",
                       PUBLISHED);
    ASSERT_EQ(got.claims.size(), 1u) << dump(got.claims);
    const Claim& c = got.claims[0];
    EXPECT_EQ(c.metric, "contract_quantity");
    ASSERT_TRUE(c.due.has_value());
    EXPECT_EQ(reckon::core::to_iso(*c.due), "2026-03-31");
    ASSERT_TRUE(c.said.has_value());
    EXPECT_EQ(reckon::core::to_iso(c.said->first), "2024-01-01");
}

TEST(Claims, NamesAndYearsAreNotFigures) {
    auto got = extract("The Shahed-136 and the S-400 were shown in 2025 at the Top 10 fair.", PUBLISHED);
    EXPECT_TRUE(got.claims.empty()) << dump(got.claims);
}

TEST(Claims, FlightBecomesAnEvent) {
    auto got =
        extract("On March 3, a Gelix Airlines Ilyushin-76 reportedly flew from Moscow to Tehran.", PUBLISHED);
    ASSERT_EQ(got.events.size(), 1u);
    const Event& e = got.events[0];
    EXPECT_EQ(e.kind, "flight");
    ASSERT_TRUE(e.date.has_value());
    EXPECT_EQ(reckon::core::to_iso(*e.date), "2025-03-03");
    EXPECT_EQ(e.roles.at("aircraft_type"), "Il-76");
    EXPECT_EQ(e.roles.at("operator"), "Gelix Airlines");
    EXPECT_EQ(e.roles.at("from"), "Moscow");
    EXPECT_EQ(e.roles.at("to"), "Tehran");
    EXPECT_EQ(e.roles.at("from_country"), "Russia");
    EXPECT_EQ(e.roles.at("to_country"), "Iran");
}

TEST(Claims, PronounSourceTakesTheClassOfTheSourceNamedBefore) {
    auto [claims, events] = extract_paragraphs(
        {"A deputy chief of Ukraine's military intelligence said Russia plans 40,000 drones.",
         "He said the plan also covers 34,000 decoys."},
        PUBLISHED);
    ASSERT_EQ(claims.size(), 2u) << dump(claims);
    EXPECT_EQ(claims[1].attribution.text, "He said");
    EXPECT_EQ(claims[1].attribution.source_class, reckon::core::SourceClass::intelligence);
}

TEST(Claims, SubjectFallsBackToTheDocumentsMostMentionedProduct) {
    auto [claims, events] = extract_paragraphs({"The Geran-2 is Russia's copy of the Shahed-136.",
                                                "Around 90% of the drone's components are now made locally."},
                                               PUBLISHED);
    ASSERT_EQ(claims.size(), 1u) << dump(claims);
    EXPECT_EQ(claims[0].metric, "share");
    EXPECT_EQ(claims[0].subject, "Shahed-136");
    EXPECT_EQ(claims[0].start, 200u);  // the figure's words include its qualifier
}

// Issue 11: sentences written for these tests, one phenomenon each.
TEST(Claims, CalibresAreNotFiguresButTheCountBeforeOneIs) {
    auto got = extract("The plant will make 120mm rounds and 40,000 152-mm shells for the army.", PUBLISHED);
    ASSERT_EQ(got.claims.size(), 1u) << dump(got.claims);
    EXPECT_EQ(got.claims[0].value, 40000);
    EXPECT_EQ(got.claims[0].unit, "unit");
}

TEST(Claims, RateStaysARateWithWordsBeforeThePeriod) {
    auto got =
        extract("The works now turn out 3,000 heavy artillery rounds of two kinds every month.", PUBLISHED);
    ASSERT_EQ(got.claims.size(), 1u) << dump(got.claims);
    EXPECT_EQ(got.claims[0].unit, "unit/month");
    EXPECT_EQ(got.claims[0].metric, "production_rate");
    // "a year ago" is a time anchor, not a rate
    auto anchor = extract("The works turned out 3,000 heavy rounds a year ago.", PUBLISHED);
    ASSERT_EQ(anchor.claims.size(), 1u) << dump(anchor.claims);
    EXPECT_EQ(anchor.claims[0].unit, "unit");
}

TEST(Claims, SourceComesFromTheNeighbouringSentenceOfTheParagraph) {
    auto [claims, events] = extract_paragraphs(
        {"Deputy Defence Minister Ivana Kovarikova spoke on Monday. The plant will deliver 9,000 drones "
         "next year. Kovarikova said the order is the largest yet."},
        PUBLISHED);
    ASSERT_EQ(claims.size(), 1u) << dump(claims);
    EXPECT_EQ(claims[0].attribution.text, "Kovarikova said");
    EXPECT_EQ(claims[0].attribution.source_class, reckon::core::SourceClass::official);
}

TEST(Claims, NoSourceInTheParagraphStaysUnattributed) {
    auto [claims, events] = extract_paragraphs({"Defence Minister Ivana Kovarikova said the plan was ready.",
                                                "The plant will deliver 9,000 drones next year."},
                                               PUBLISHED);
    ASSERT_EQ(claims.size(), 1u) << dump(claims);
    EXPECT_TRUE(claims[0].attribution.text.empty()) << dump(claims);
}

TEST(Claims, MultipliersAreFiguresAndFrequenciesAreNot) {
    auto got =
        extract("Output of the plant grew 12 times, and sales tripled since the war began.", PUBLISHED);
    ASSERT_EQ(got.claims.size(), 2u) << dump(got.claims);
    EXPECT_EQ(got.claims[0].value, 12);
    EXPECT_EQ(got.claims[0].unit, "x");
    EXPECT_EQ(got.claims[1].value, 3);
    EXPECT_EQ(got.claims[1].quantity_text, "tripled");
    auto freq = extract("The crews fired 3 times a day at the bridge.", PUBLISHED);
    EXPECT_TRUE(freq.claims.empty()) << dump(freq.claims);
}

// The period of the one claim read from `text` (published PUBLISHED), or "(N claims)".
std::string period_of_the_claim(const std::string& text) {
    auto got = extract(text, PUBLISHED);
    if (got.claims.size() != 1)
        return "(" + std::to_string(got.claims.size()) + " claims) " + dump(got.claims);
    return period(got.claims[0]);
}

TEST(Claims, AFutureFigureWithNoDateIsUnresolvedNotThePublicationDay) {
    EXPECT_EQ(period_of_the_claim("The plant will make 9,000 drones."), "unresolved");
    const std::string present = period_of_the_claim("The plant makes 9,000 drones.");
    EXPECT_NE(present, "unresolved");
    EXPECT_EQ(present.find("claims)"), std::string::npos) << present;
}

// A yearless month in a sentence about the future is the next one; in one about the past, the
// last one.
TEST(Claims, YearlessDatesFollowTheTenseOfTheSentence) {
    EXPECT_EQ(period_of_the_claim("The plant will make 1,000 drones in March."), "2026-03-01..2026-03-31");
    // a target's "by March" is its due date, the next March's last day
    auto due = extract("The plant will deliver 1,000 drones by March.", PUBLISHED);
    ASSERT_EQ(due.claims.size(), 1u) << dump(due.claims);
    ASSERT_TRUE(due.claims[0].due.has_value()) << dump(due.claims);
    EXPECT_EQ(reckon::core::to_iso(*due.claims[0].due), "2026-03-31");
    EXPECT_EQ(period_of_the_claim("The plant delivered 1,000 drones in March."), "2025-03-01..2025-03-31");
}

TEST(Claims, CountsReachTheirNounPastAdjectivesAndModelCodes) {
    auto got = extract(
        "The works built 150 T-80BVM tanks, 45 to 55 freshly-built T-72B3 \"Obr\" tanks and 400 new "
        "trucks, and hired 4,000 more workers.",
        PUBLISHED);
    ASSERT_EQ(got.claims.size(), 4u) << dump(got.claims);
    EXPECT_EQ(got.claims[0].quantity_text, "150 T-80BVM tanks");
    EXPECT_EQ(got.claims[0].value, 150);
    EXPECT_EQ(got.claims[1].quantity_text, "45 to 55 freshly-built T-72B3 \"Obr\" tanks");
    EXPECT_EQ(got.claims[1].value, 50);
    EXPECT_EQ(got.claims[1].qualifier, reckon::core::Qualifier::range);
    EXPECT_EQ(got.claims[2].quantity_text, "400 new trucks");
    EXPECT_EQ(got.claims[3].unit, "person");
    // No plural noun after the words: not a count. A year before a noun phrase is a date.
    auto none = extract("The works sent 150 T-80BVM to the front. In 2024 Russian plants grew.", PUBLISHED);
    EXPECT_TRUE(none.claims.empty()) << dump(none.claims);
}

TEST(Claims, PronounSourceAfterAClosingQuoteTakesTheSourceNamedBefore) {
    auto [claims, events] = extract_paragraphs(
        {"A deputy chief of Ukraine's military intelligence said Russia plans 40,000 drones.",
         "\"The plan also covers 34,000 decoys,\" she said."},
        PUBLISHED);
    ASSERT_EQ(claims.size(), 2u) << dump(claims);
    EXPECT_EQ(claims[1].attribution.source_class, reckon::core::SourceClass::intelligence) << dump(claims);
}

}  // namespace

// Issue 11, items 1 and 2: what a figure counts, read from its own noun phrase, and the
// subject from the sentence before the document. Sentences written for these tests.
TEST(Claims, WhatAFigureCountsComesFromItsOwnNounPhrase) {
    struct WhatCase {
        std::string text;
        std::string what;
    };
    const std::vector<WhatCase> cases = {
        {"The plant made 2,700 Shahed-type drones every month last year.", "Shahed-type drones"},
        {"The factory now makes about 1.2 million rounds of ammunition annually.", "rounds of ammunition"},
        {"The works received 10,000 tonnes of powder last year.", "powder"},
        {"The army ordered 60 to 80 newly-made T-90M tanks in 2024.", "newly-made T-90M tanks"},
        {"The army ordered up to 250 T-90M \"Proryv\" tanks each year.", "T-90M \"Proryv\" tanks"},
        {"Ukraine needs $6 billion for interceptor drones next year.", "interceptor drones"},
        {"The ministry signed a $1.75 billion contract in March.", "contract"},
        {"The plant employs 850 workers on two shifts.", "workers"},
        // no noun phrase says what: none is made up
        {"The plant cost roughly $35,000,000 to build in 2020.", ""},
    };
    for (const auto& c : cases) {
        auto got = extract(c.text, PUBLISHED);
        ASSERT_EQ(got.claims.size(), 1u) << c.text << "\n" << dump(got.claims);
        EXPECT_EQ(got.claims[0].what, c.what) << c.text;
    }
}

TEST(Claims, SubjectIsTheSentencesOwnThingNotTheDocumentsMostMentioned) {
    // The document is about the Shahed-136; a figure about decoys or about a plant the
    // gazetteer does not know is not the Shahed's.
    auto got = extract_paragraphs({"The Shahed-136 is made at Alabuga. The Shahed-136 is launched nightly.",
                                   "The plan also covers about 34,000 decoy drones this year.",
                                   "Rheinmetall will make 200,000 shells a year at Unterluess.",
                                   "Each airframe costs roughly $35,000 to build."},
                                  PUBLISHED);
    ASSERT_EQ(got.claims.size(), 3u) << dump(got.claims);
    EXPECT_EQ(got.claims[0].subject, "decoy drones");
    EXPECT_EQ(got.claims[1].subject, "Rheinmetall");
    // a price is the document's product's when the sentence names no other thing
    EXPECT_EQ(got.claims[2].subject, "Shahed-136");
    // a person who states a figure is its source, not its subject
    auto person = extract(
        "Volodymyr Zelensky said Ukraine's partners will pay for 40,000 interceptor drones.", PUBLISHED);
    ASSERT_EQ(person.claims.size(), 1u) << dump(person.claims);
    EXPECT_NE(person.claims[0].subject, "Volodymyr Zelensky");
}

// Issue 11, items 3 and 4: the metrics of the news vocabulary beyond production (deliveries,
// stockpiles, budgets, growth with its direction) and what kind of figure each is.
TEST(Claims, DeliveriesStockpilesBudgetsAndGrowthAreMetricsOfTheirOwn) {
    struct MetricCase {
        std::string text;
        std::string metric;
        std::string kind;
        std::string change;
    };
    const std::vector<MetricCase> cases = {
        {"North Korea has delivered 6,700 containers of munitions to Russia.", "deliveries", "actual", ""},
        {"The army now holds 1,100 T-72B3 tanks in storage.", "stockpile", "actual", ""},
        {"The government allocated $52 million to the plant in 2023.", "budget", "actual", ""},
        {"The plant will cost about €300 million to build.", "budget", "target", ""},
        {"Output of shells rose by 23% in 2024.", "growth", "actual", "up"},
        {"Drone losses fell by 15% last month.", "growth", "actual", "down"},
        {"Output of components grew almost 22 times since 2022.", "growth", "actual", "up"},
        // a multiplier compared with something else is a comparison, not growth
        {"Russia makes three times more shells than the West.", "other", "actual", ""},
        {"About 40% of the components are imported.", "share", "actual", ""},
        {"The air force flew 38 missions over the city.", "launches", "actual", ""},
        // kinds: a plan is a target, capacity a capability, "will" puts a figure in the future
        {"Russia plans to produce 40,000 drones in 2025.", "plan", "target", ""},
        {"The plant can produce up to 2,700 drones per month.", "capacity", "capability", ""},
        {"The plant will make 5,000 drones next year.", "production_total", "target", ""},
    };
    for (const auto& c : cases) {
        auto got = extract(c.text, PUBLISHED);
        ASSERT_EQ(got.claims.size(), 1u) << c.text << "\n" << dump(got.claims);
        const Claim& claim = got.claims[0];
        EXPECT_EQ(claim.metric, c.metric) << c.text;
        ASSERT_TRUE(claim.figure_kind.has_value()) << c.text;
        EXPECT_EQ(reckon::core::to_string(*claim.figure_kind), c.kind) << c.text;
        EXPECT_EQ(claim.change, c.change) << c.text;
    }
}

// A source named once covers the paragraphs after it until another is named.
TEST(Claims, AFigureWithNoSourceInItsParagraphTakesTheSourceTheDocumentNamedLast) {
    auto got = extract_paragraphs(
        {"Ukrainian intelligence said the plant made 2,000 drones in May.",
         "In June the plant made 2,400 drones.", "Analysts estimate the plant made 2,600 drones in July."},
        PUBLISHED);
    ASSERT_EQ(got.claims.size(), 3u) << dump(got.claims);
    EXPECT_EQ(got.claims[0].attribution.source_class, reckon::core::SourceClass::intelligence);
    EXPECT_EQ(got.claims[1].attribution.source_class, reckon::core::SourceClass::intelligence);
    EXPECT_EQ(got.claims[1].attribution.text, got.claims[0].attribution.text);
    EXPECT_EQ(got.claims[2].attribution.source_class, reckon::core::SourceClass::analyst);
}

// Issue 11, attribution: each document is one way news names the source of a figure.
TEST(Claims, SourcesAsNewsNamesThem) {
    using reckon::core::SourceClass;
    struct SourceCase {
        std::vector<std::string> paragraphs;
        std::size_t claim;  // which claim's source is checked
        std::string text;   // the attribution's words ("" = not checked)
        SourceClass source_class;
    };
    const std::vector<SourceCase> cases = {
        // a firm introduced by what it is, then named with an auxiliary before its verb
        {{"The German defence concern \xE2\x80\x9CKovo\xE2\x80\x9D opened a plant in May.",
          "Kovo has announced it will make 200,000 shells a year."},
         0,
         "Kovo has announced",
         SourceClass::company},
        {{"Kovo is a Czech arms manufacturer.", "Kovo also estimates that it made 9,000 shells in May."},
         0,
         "Kovo also estimates",
         SourceClass::company},
        // a one-sentence paragraph that gives the source of the one before it
        {{"Seoul found 10,000 containers going from North Korea to Russia.",
          "This was reported by the Minister of Defence Ivan Horak."},
         0,
         "reported by the Minister of Defence Ivan Horak",
         SourceClass::official},
        {{"The concern \xE2\x80\x9CKovo\xE2\x80\x9D received an order for 9,000 drones.",
          "The press service of \xE2\x80\x9CKovo\xE2\x80\x9D writes about it."},
         0,
         "",
         SourceClass::company},
        // a credit line before the article
        {{"Source: Defence Minister Ivan Horak, speaking in Prague",
          "The plant will deliver 9,000 drones next year."},
         0,
         "",
         SourceClass::official},
        // the outlet named after the figure, and a reporter that cites its own source
        {{"The ministry will buy 9,000 drones, reports Reuters."}, 0, "reports Reuters", SourceClass::media},
        {{"The plant made 2,000 drones in May, Reuters reported, citing Ukrainian intelligence."},
         0,
         "",
         SourceClass::intelligence},
        // "an estimated" is no reporting verb: the source is the sentence before
        {{"The ministry said the stocks are low. Refilling them will cost an estimated $4 billion."},
         0,
         "The ministry said",
         SourceClass::official},
        // "the United States" holds no verb
        {{"The United States makes 1.2 million rounds a year, a senior intelligence official told the "
          "channel."},
         0,
         "",
         SourceClass::intelligence},
        // a country speaking is its government; "according to him" is the source named before
        {{"The Czech Republic announced it will buy 90,000 shells."}, 0, "", SourceClass::official},
        {{"An intelligence officer told the paper the plant made 2,000 drones in May.",
          "According to him, it will make 3,000 drones in June."},
         1,
         "According to him",
         SourceClass::intelligence},
    };
    for (const auto& c : cases) {
        auto got = extract_paragraphs(c.paragraphs, PUBLISHED);
        ASSERT_GT(got.claims.size(), c.claim) << c.paragraphs[0] << "\n" << dump(got.claims);
        const auto& a = got.claims[c.claim].attribution;
        if (!c.text.empty()) {
            EXPECT_EQ(a.text, c.text) << c.paragraphs[0];
        }
        EXPECT_EQ(a.source_class, c.source_class) << c.paragraphs[0] << "\n" << dump(got.claims);
    }
}

// Acronyms match only in capitals: "us" is a pronoun, "US" the United States.
TEST(Claims, AnAcronymOfACountryMatchesOnlyInCapitals) {
    auto pronoun = extract("They told us the plant makes 300 drones a month.", PUBLISHED);
    ASSERT_EQ(pronoun.claims.size(), 1u) << dump(pronoun.claims);
    EXPECT_NE(pronoun.claims[0].subject, "United States") << dump(pronoun.claims);
    auto country = extract("The US makes 300 drones a month.", PUBLISHED);
    ASSERT_EQ(country.claims.size(), 1u) << dump(country.claims);
    EXPECT_EQ(country.claims[0].subject, "United States") << dump(country.claims);
}

// Issue 11, periods: each sentence is one way news dates a figure (published 5 Sep 2025).
TEST(Claims, PeriodsAsNewsDatesThem) {
    struct PeriodCase {
        std::string text;
        std::size_t claim;
        std::string period;
    };
    const std::vector<PeriodCase> cases = {
        // the level after "to" shares the date of its change; the bracketed conversion too
        {"Spending will increase by 23 per cent in 2026 to 13.5 trillion roubles ($145.32 billion).", 1,
         "2026-01-01..2026-12-31"},
        {"Spending will increase by 23 per cent in 2026 to 13.5 trillion roubles ($145.32 billion).", 2,
         "2026-01-01..2026-12-31"},
        // a figure in a relative clause after a dated one
        {"Ukraine made arms worth 34 billion euros in 2024, which required 18 billion euros in funding.", 1,
         "2024-01-01..2024-12-31"},
        // "since": from then to the day it was written
        {"Russia has launched about 600 drones at Ukraine since September 2022.", 0,
         "2022-09-01..2025-09-05"},
        // "the past year": the twelve months to the day it was written
        {"Shell output rose by nearly 150% in the past year.", 0, "2024-09-05..2025-09-05"},
    };
    for (const auto& c : cases) {
        auto got = extract(c.text, PUBLISHED);
        ASSERT_GT(got.claims.size(), c.claim) << c.text << "\n" << dump(got.claims);
        EXPECT_EQ(period(got.claims[c.claim]), c.period) << c.text << "\n" << dump(got.claims);
    }
}

// A figure whose words name no owner is the country the document is about; what it counts
// stays in `what`.
TEST(Claims, AFigureWithNoOwnerInItsWordsIsTheDocumentsCountry) {
    auto got =
        extract_paragraphs({"Russia has published its draft budget.",
                            "The budget for national defence will grow to 13.5 trillion roubles next year.",
                            "The works made 300 shells a day in May."},
                           PUBLISHED);
    ASSERT_EQ(got.claims.size(), 2u) << dump(got.claims);
    EXPECT_EQ(got.claims[0].subject, "Russia") << dump(got.claims);
    EXPECT_EQ(got.claims[1].subject, "Russia") << dump(got.claims);
    EXPECT_EQ(got.claims[1].what, "shells") << dump(got.claims);
}

// Issue 11, metrics: money an industry can make is a capacity; a sum set aside in a budget
// sentence is a budget; a capacity that is planned stays a capacity.
TEST(Claims, CapacityInMoneyAndBudgetsBesidePurchases) {
    struct MetricCase {
        std::string text;
        std::string metric;
    };
    const std::vector<MetricCase> cases = {
        {"Ukraine can reach a production capacity of 34 billion euros in 2026.", "capacity"},
        {"Defence production potential could reach $20 billion.", "capacity"},
        {"The budget includes more funds for weapon purchases, amounting to almost $7 billion.", "budget"},
        {"The annual capacity is planned to be set at 100,000 shells per year.", "capacity"},
        // a price range is still a cost
        {"The drone can cost $20,000 to produce, and a missile could range from $140,000 to $500,000.",
         "unit_cost"},
    };
    for (const auto& c : cases) {
        auto got = extract(c.text, PUBLISHED);
        ASSERT_FALSE(got.claims.empty()) << c.text;
        EXPECT_EQ(got.claims.back().metric, c.metric) << c.text << "\n" << dump(got.claims);
    }
}

// "within a year" is a span, not a rate: the figure stays a total.
TEST(Claims, APrepositionOfTimeEndsTheRatePhrase) {
    auto got = extract("They will deliver one million rounds to Ukraine within a year.", PUBLISHED);
    ASSERT_EQ(got.claims.size(), 1u) << dump(got.claims);
    EXPECT_EQ(got.claims[0].unit, "unit") << dump(got.claims);
    EXPECT_EQ(got.claims[0].value, 1e6);
}

// Multipliers as verbs in any tense: "to double", "more than double", "quadruples"; adjectives
// ("double-digit", "a double agent") are not figures.
TEST(Claims, MultiplierVerbsInAnyTense) {
    struct MultiplierCase {
        std::string text;
        double value;  // 0: no figure
        reckon::core::Qualifier qualifier;
    };
    using Q = reckon::core::Qualifier;
    const std::vector<MultiplierCase> cases = {
        {"The Army wants to double monthly output.", 2, Q::exact},
        {"Output will more than double by 2026.", 2, Q::over},
        {"The plant quadruples its output.", 4, Q::exact},
        {"It was a double-digit rise.", 0, Q::exact},
        {"He is a double agent.", 0, Q::exact},
    };
    for (const auto& c : cases) {
        auto got = extract(c.text, PUBLISHED);
        if (c.value == 0) {
            EXPECT_TRUE(got.claims.empty()) << c.text << "\n" << dump(got.claims);
            continue;
        }
        ASSERT_EQ(got.claims.size(), 1u) << c.text << "\n" << dump(got.claims);
        EXPECT_EQ(got.claims[0].metric, "growth") << c.text;
        EXPECT_EQ(got.claims[0].value, c.value) << c.text;
        EXPECT_EQ(got.claims[0].qualifier, c.qualifier) << c.text;
    }
}

// A bare number in a coordinated clause counts what the count before it counted; a list of
// days is no such clause.
TEST(Claims, ANumberInACoordinatedClauseRepeatsTheCountBeforeIt) {
    auto fire =
        extract("The Russians fire 10,000 shells a day on the front, and Ukraine only 2,000.", PUBLISHED);
    ASSERT_EQ(fire.claims.size(), 2u) << dump(fire.claims);
    EXPECT_EQ(fire.claims[1].value, 2000);
    EXPECT_EQ(fire.claims[1].unit, "unit/day") << dump(fire.claims);
    auto months = extract("The plant made 500 drones in May, and 650 in June.", PUBLISHED);
    ASSERT_EQ(months.claims.size(), 2u) << dump(months.claims);
    EXPECT_EQ(period(months.claims[1]), "2025-06-01..2025-06-30");
    auto days = extract("The plant hired 500 workers on June 6, 7 and 8.", PUBLISHED);
    EXPECT_EQ(days.claims.size(), 1u) << dump(days.claims);
}
