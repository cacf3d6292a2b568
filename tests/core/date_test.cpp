// Date parsing and period helpers.
#include <gtest/gtest.h>

#include "reckon/core/date.hpp"

using namespace reckon::core;

TEST(Dates, ParsesIsoAndRejectsImpossibleDays) {
    struct Case {
        const char* text;
        bool ok;
    } cases[] = {{"2025-07-24", true}, {"2024-02-29", true}, {"2025-02-29", false}, {"2025-7-24", false},
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
