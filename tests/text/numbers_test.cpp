// Table-driven tests for find_numbers and find_number_ranges. Values are compared exactly for
// integers and within 1e-9 relative otherwise (EXPECT_NEAR with a stated tolerance).
#include "reckon/text/numbers.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace reckon::text {
namespace {

constexpr double REL_TOL = 1e-9;

struct NumberCase {
    std::string input;
    std::vector<std::pair<std::string, double>> expected;  // text, value
};

class NumbersTable : public ::testing::TestWithParam<NumberCase> {};

TEST_P(NumbersTable, FindsEveryNumberWithItsValue) {
    const auto& c = GetParam();
    auto found = find_numbers(c.input);
    ASSERT_EQ(found.size(), c.expected.size()) << c.input;
    for (std::size_t i = 0; i < found.size(); ++i) {
        EXPECT_EQ(c.input.substr(found[i].start, found[i].end - found[i].start), c.expected[i].first)
            << c.input;
        EXPECT_NEAR(found[i].value, c.expected[i].second, REL_TOL * std::fabs(c.expected[i].second))
            << c.input;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Numbers, NumbersTable,
    ::testing::Values(
        NumberCase{"5,500", {{"5,500", 5500}}}, NumberCase{"1.75", {{"1.75", 1.75}}},
        NumberCase{"costs .08 each", {{".08", 0.08}}}, NumberCase{"1,234.5", {{"1,234.5", 1234.5}}},
        NumberCase{"1/2", {{"1/2", 0.5}}}, NumberCase{"10 1/2 miles", {{"10 1/2", 10.5}}},
        NumberCase{"three quarters", {{"three quarters", 0.75}}},
        NumberCase{"six thousand", {{"six thousand", 6000}}}, NumberCase{"twenty-one", {{"twenty-one", 21}}},
        NumberCase{"a dozen", {{"a dozen", 12}}},
        NumberCase{"one hundred and five", {{"one hundred and five", 105}}},
        NumberCase{"1.5 million", {{"1.5 million", 1.5e6}}}, NumberCase{"3bn", {{"3bn", 3e9}}},
        NumberCase{"2k", {{"2k", 2000}}}, NumberCase{"-4", {{"-4", -4}}},
        NumberCase{"minus five point five", {{"minus five point five", -5.5}}},
        NumberCase{"one and a half", {{"one and a half", 1.5}}},
        NumberCase{"five and a half million", {{"five and a half million", 5.5e6}}},
        NumberCase{"1e10", {{"1e10", 1e10}}},
        NumberCase{"192.168.1.2", {{"192", 192}, {"168", 168}, {"1", 1}, {"2", 2}}},
        NumberCase{"on 5/17/2018", {{"5", 5}, {"17", 17}, {"2018", 2018}}},
        NumberCase{"40 000 people", {{"40 000", 40000}}},
        // names, units glued to digits, ordinals and pronouns are not numbers
        NumberCase{"Shahed-136, Il-76, S-400 and Geran-2", {}}, NumberCase{"the 180ml liquid", {}},
        NumberCase{"May 4th", {}}, NumberCase{"The one you mentioned", {}},
        NumberCase{"a first class seat", {}}, NumberCase{"1e999", {}},
        // South Asian magnitudes and their abbreviations, a leading "point", pairs and couples
        NumberCase{"three cr twelve lac fifty-six thousand seven hundred twenty-one",
                   {{"three cr twelve lac fifty-six thousand seven hundred twenty-one", 31256721}}},
        NumberCase{"three million two hundred thousand", {{"three million two hundred thousand", 3.2e6}}},
        NumberCase{
            "thirty-one million two hundred fifty-six thousand seven hundred twenty-one",
            {{"thirty-one million two hundred fifty-six thousand seven hundred twenty-one", 31256721}}},
        NumberCase{"30 lkh", {{"30 lkh", 3e6}}},
        NumberCase{"three hundred krores", {{"three hundred krores", 3e9}}},
        NumberCase{"point 77", {{"point 77", 0.77}}}, NumberCase{"is point 05", {{"point 05", 0.05}}},
        NumberCase{"at that point 77 drones", {{"77", 77}}}, NumberCase{"a pair of", {{"a pair", 2}}},
        NumberCase{"a couple of hundred", {{"a couple of hundred", 200}}}, NumberCase{"a cat", {}}));

TEST(NumbersVague, HundredsOfIsAnOrderOfMagnitude) {
    auto found = find_numbers("hundreds of drones and tens of thousands of workers");
    ASSERT_EQ(found.size(), 2u);
    EXPECT_TRUE(found[0].vague);
    EXPECT_EQ(found[0].value, 100);
    EXPECT_TRUE(found[1].vague);
    EXPECT_EQ(found[1].value, 10000);
}

TEST(NumbersSafety, NoInfinityFromHugeDigitRuns) {
    std::string s(5000, '9');
    s += " and 1.5e308e308 and 9^9999";
    for (const auto& m : find_numbers(s)) EXPECT_TRUE(std::isfinite(m.value));
}

struct RangeCase {
    std::string input;
    std::string text;
    std::optional<double> low, high;
    bool low_inclusive, high_inclusive;
};

class NumbersRangeTable : public ::testing::TestWithParam<RangeCase> {};

TEST_P(NumbersRangeTable, FindsTheInterval) {
    const auto& c = GetParam();
    auto found = find_number_ranges(c.input);
    ASSERT_EQ(found.size(), 1u) << c.input;
    EXPECT_EQ(c.input.substr(found[0].start, found[0].end - found[0].start), c.text);
    EXPECT_EQ(found[0].low, c.low);
    EXPECT_EQ(found[0].high, c.high);
    if (c.low) {
        EXPECT_EQ(found[0].low_inclusive, c.low_inclusive);
    }
    if (c.high) {
        EXPECT_EQ(found[0].high_inclusive, c.high_inclusive);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Numbers, NumbersRangeTable,
    ::testing::Values(RangeCase{"between 20 and 30.", "between 20 and 30", 20, 30, true, false},
                      RangeCase{"range 20-30", "20-30", 20, 30, true, false},
                      RangeCase{"range 20\xE2\x80\x93"
                                "30",
                                "20\xE2\x80\x93"
                                "30",
                                20, 30, true, false},
                      RangeCase{"from 200 to 3000000", "from 200 to 3000000", 200, 3000000, true, false},
                      RangeCase{"more than 30 years", "more than 30", 30, std::nullopt, false, true},
                      RangeCase{"at least 30", "at least 30", 30, std::nullopt, true, true},
                      RangeCase{"up to 700 workers", "up to 700", std::nullopt, 700, true, true},
                      RangeCase{"less than 10", "less than 10", std::nullopt, 10, true, false},
                      RangeCase{"no more than 50", "no more than 50", std::nullopt, 50, true, true},
                      RangeCase{"larger than 10 and smaller than 20", "larger than 10 and smaller than 20",
                                10, 20, false, false}));

TEST(NumbersRange, NamesAndDatesAreNotRanges) {
    EXPECT_TRUE(find_number_ranges("the Il-76 and S-400 and Shahed-136").empty());
    EXPECT_TRUE(find_number_ranges("1995-01").empty());
    EXPECT_TRUE(find_number_ranges("+1-222-2222-2222 is a phone number.").empty());
}

}  // namespace
}  // namespace reckon::text
