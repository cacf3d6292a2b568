// Table-driven tests for find_quantities: kind, canonical value and unit, qualifier, rate and
// counted noun. Canonical values are compared within 1e-6 relative (unit conversions are
// exact products of the stated factors, so only rounding separates them).
#include "reckon/text/quantities.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace reckon::text {
namespace {

constexpr double REL_TOL = 1e-6;

struct QuantityCase {
    std::string input;
    QuantityKind kind;
    double value;
    std::string unit;
    core::Qualifier qualifier = core::Qualifier::exact;
    std::string per{};
    std::string counted{};
};

class QuantitiesTable : public ::testing::TestWithParam<QuantityCase> {};

// The one quantity in the input that is not a bare number.
// The pointer points into `found`, so a temporary vector is refused at compile time.
const Quantity* only_quantity(std::vector<Quantity>&& found) = delete;
const Quantity* only_quantity(const std::vector<Quantity>& found) {
    const Quantity* q = nullptr;
    for (const auto& f : found) {
        if (f.kind == QuantityKind::number) continue;
        if (q) return nullptr;
        q = &f;
    }
    return q;
}

TEST_P(QuantitiesTable, FindsValueUnitAndQualifier) {
    const auto& c = GetParam();
    auto found = find_quantities(c.input);
    const Quantity* q = only_quantity(found);
    ASSERT_NE(q, nullptr) << c.input << " (" << found.size() << " found)";
    EXPECT_EQ(q->kind, c.kind) << c.input;
    EXPECT_NEAR(q->value, c.value, REL_TOL * std::fabs(c.value)) << c.input;
    EXPECT_EQ(q->unit, c.unit) << c.input;
    EXPECT_EQ(q->qualifier, c.qualifier) << c.input;
    EXPECT_EQ(q->per, c.per) << c.input;
    EXPECT_EQ(q->counted, c.counted) << c.input;
}

using K = QuantityKind;
using Q = core::Qualifier;

// The flagship article's figures (seed/article.txt), then one case per kind of unit.
INSTANTIATE_TEST_SUITE_P(
    Quantities, QuantitiesTable,
    ::testing::Values(
        QuantityCase{"approximately 600 miles east of Moscow", K::length, 965.6064, "km", Q::approx},
        QuantityCase{"around 90% of components", K::percent, 90, "percent", Q::approx},
        QuantityCase{"a $1.75 billion deal", K::currency, 1.75e9, "USD"},
        QuantityCase{"for 6,000 drones", K::count, 6000, "unit", Q::exact, "", "drones"},
        QuantityCase{"over 5,500 units per month", K::count, 5500, "unit/month", Q::over, "month", "units"},
        QuantityCase{"an average of $200,000 per drone", K::currency, 200000, "USD/unit", Q::average, "unit",
                     "drone"},
        QuantityCase{"approximately $70,000", K::currency, 70000, "USD", Q::approx},
        QuantityCase{"worth $60B", K::currency, 6e10, "USD"},
        QuantityCase{"a $419 Billion budget", K::currency, 4.19e11, "USD"},
        QuantityCase{"US$4.7 bn", K::currency, 4.7e9, "USD"},
        QuantityCase{"\xE2\x82\xAC"
                     "30m",
                     K::currency, 3e7, "EUR"},
        QuantityCase{"$200k", K::currency, 2e5, "USD"},
        QuantityCase{"500 million rubles", K::currency, 5e8, "RUB"},
        QuantityCase{"500 million roubles", K::currency, 5e8, "RUB"},
        QuantityCase{"ninety percent", K::percent, 90, "percent"},
        QuantityCase{"90 per cent", K::percent, 90, "percent"},
        QuantityCase{"a 3-inch pipe", K::length, 3 * 2.54e-5, "km"},
        QuantityCase{"1.2 million square metres", K::area, 1.2e6, "m2"},
        QuantityCase{"50 kg", K::weight, 50, "kg"}, QuantityCase{"185 km/h", K::speed, 185, "km/h"},
        QuantityCase{"41,000 workers", K::count, 41000, "person", Q::exact, "", "workers"},
        QuantityCase{"5,500 a month", K::count, 5500, "unit/month", Q::exact, "month"},
        QuantityCase{"nearly 300 drones a day", K::count, 300, "unit/day", Q::approx, "day", "drones"},
        QuantityCase{"up to 700 workers", K::count, 700, "person", Q::under, "", "workers"},
        QuantityCase{"between 20 and 30 drones", K::count, 25, "unit", Q::range, "", "drones"},
        QuantityCase{"20 acres", K::area, 20 * 4046.8564224, "m2"},
        QuantityCase{"3 tonnes", K::weight, 3000, "kg"},
        QuantityCase{"60 mph", K::speed, 60 * 1.609344, "km/h"},
        // South Asian magnitudes as abbreviated in Indian news, an article as one of a unit,
        // dollars and cents as one sum, vague amounts as approximate.
        QuantityCase{"Rs 300 cr", K::currency, 3e9, "INR"},
        QuantityCase{"Rs 12 lac", K::currency, 1.2e6, "INR"},
        QuantityCase{"a kilogram of explosive", K::weight, 1, "kg"},
        QuantityCase{"above a dollar and 42 cents", K::currency, 1.42, "USD", Q::over},
        QuantityCase{"5 ft 10 in", K::length, (5 * 12 + 10) * 2.54e-5, "km"},
        QuantityCase{"a few hundred drones", K::count, 300, "unit", Q::approx, "", "drones"},
        QuantityCase{"a couple of thousand workers", K::count, 2000, "person", Q::approx, "", "workers"},
        // Issue 11: a bound after the unit, per-item money glued by a hyphen, the crown.
        QuantityCase{"a range of 1,000 km or more", K::length, 1000, "km", Q::over},
        QuantityCase{"a 70-kilometer-plus range", K::length, 70, "km", Q::over},
        QuantityCase{"loads of 30 tonnes or less", K::weight, 30000, "kg", Q::under},
        QuantityCase{"$4M per-missile", K::currency, 4e6, "USD/unit", Q::exact, "unit", "missile"},
        QuantityCase{"almost 866 million crowns", K::currency, 8.66e8, "CZK", Q::approx},
        QuantityCase{"2 billion zlotys", K::currency, 2e9, "PLN"}));

// "in" is inches only where the phrase ends after it: "5 in 10" is a ratio, "3 in the north" no
// length at all.
TEST(QuantitiesUnits, InIsInchesOnlyAtTheEndOfThePhrase) {
    for (const char* text : {"5 in 10 drones", "3 in the north", "12 in 2024"})
        for (const auto& q : find_quantities(text)) EXPECT_NE(q.kind, QuantityKind::length) << text;
    const Quantity* q = nullptr;
    auto found = find_quantities("a pipe of 5 in.");
    for (const auto& f : found)
        if (f.kind == QuantityKind::length) q = &f;
    ASSERT_NE(q, nullptr);
    EXPECT_NEAR(q->value, 5 * 2.54e-5, 1e-12);
}

// Lengths compose across "and" and commas, unseparated only as feet and inches: "12 m 2 dm" is
// two figures, as Recognizers-Text reads it.
TEST(QuantitiesUnits, CompositeLengths) {
    auto found = find_quantities("10 kms, 8 metres and 6 cm");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_NEAR(found[0].value, 10.00806, 1e-9);
    EXPECT_EQ(find_quantities("12 m 2 dm").size(), 2u);
}

TEST(QuantitiesBounds, OverSetsTheLowBound) {
    auto found = find_quantities("over 5,500 units per month");
    ASSERT_EQ(found.size(), 1u);
    ASSERT_TRUE(found[0].low.has_value());
    EXPECT_EQ(*found[0].low, 5500);
    EXPECT_FALSE(found[0].high.has_value());
}

// {input, the year in it}: a year may be returned as a bare number or not at all, never as a
// quantity with a unit ("2022 drones" is not a count). Counted over every quantity found, so
// the expectation runs whatever the extractor returns.
struct YearCase {
    const char* input;
    double year;
};

TEST(QuantitiesYears, YearsNeverCarryAUnit) {
    for (const auto& c : {YearCase{"in 2022 drones were made", 2022}, YearCase{"by September 2025", 2025},
                          YearCase{"since 2023, 400 drones", 2023}}) {
        int years_with_a_unit = 0;
        for (const auto& q : find_quantities(c.input))
            if (q.value == c.year && (q.kind != QuantityKind::number || !q.unit.empty())) ++years_with_a_unit;
        EXPECT_EQ(years_with_a_unit, 0) << c.input;
    }
}

// The figure beside a year is still found, with its noun.
TEST(QuantitiesYears, TheCountBesideAYearIsFound) {
    const auto found = find_quantities("since 2023, 400 drones");  // q points into it
    const Quantity* q = only_quantity(found);
    ASSERT_NE(q, nullptr);
    EXPECT_EQ(q->kind, QuantityKind::count);
    EXPECT_EQ(q->value, 400);
    EXPECT_EQ(q->counted, "drones");
}

TEST(QuantitiesNames, ModelNamesAreNotQuantities) {
    for (const auto& q : find_quantities("Shahed-136 and Geran-2 drones, an Il-76 and the S-400"))
        ADD_FAILURE() << "found " << q.value;
}

TEST(QuantitiesSafety, ArbitraryBytesGiveFiniteValues) {
    std::string s;
    for (int i = 0; i < 4096; ++i) s += static_cast<char>((i * 7919) % 256);
    s += " 1e999 $9e999bn " + std::string(400, '9') + " miles";
    for (const auto& q : find_quantities(s)) {
        EXPECT_TRUE(std::isfinite(q.value));
        EXPECT_LE(q.start, q.end);
        EXPECT_LE(q.end, s.size());
    }
}

}  // namespace
}  // namespace reckon::text
