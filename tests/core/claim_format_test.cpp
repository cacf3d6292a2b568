// External forms of claims: JSON fields, CSV quoting, value printing.
#include "reckon/core/claim_format.hpp"

#include <gtest/gtest.h>

#include <sstream>

using namespace reckon::core;

namespace {

Claim sample() {
    Claim c;
    c.metric = "production_rate";
    c.subject = "Alabuga";
    c.value = 5500;
    c.low = 5500;
    c.unit = "unit/month";
    c.qualifier = Qualifier::over;
    c.period = single_day(make_date(2025, 7, 24));
    c.attribution = {"reportedly", SourceClass::unattributed};
    c.quantity_text = "over 5,500 units per month";
    c.sentence = "It is \"said\" to make over 5,500 units per month, a lot.";
    c.start = 10;
    c.end = 36;
    c.document = "a.txt";
    return c;
}

}  // namespace

TEST(ClaimFormat, JsonCarriesTheDataModelFields) {
    auto j = to_json(sample());
    EXPECT_EQ(j["kind"], "claim");
    EXPECT_EQ(j["metric"], "production_rate");
    EXPECT_EQ(j["qualifier"], "over");
    EXPECT_EQ(j["low"], 5500.0);
    EXPECT_FALSE(j.contains("high"));
    EXPECT_EQ(j["period"], nlohmann::ordered_json({"2025-07-24", "2025-07-24"}));
    EXPECT_EQ(j["attribution"]["class"], "unattributed");
    EXPECT_FALSE(j.contains("due"));
}

TEST(ClaimFormat, CsvQuotesFieldsWithCommasAndQuotes) {
    EXPECT_EQ(csv_field("plain"), "plain");
    EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
    EXPECT_EQ(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
    std::string row = to_csv_row(sample());
    EXPECT_NE(row.find("\"It is \"\"said\"\" to make over 5,500 units per month, a lot.\""),
              std::string::npos);
    // As many fields as the header names.
    auto count_fields = [](const std::string& line) {
        int n = 1;
        bool quoted = false;
        for (char ch : line) {
            if (ch == '"')
                quoted = !quoted;
            else if (ch == ',' && !quoted)
                ++n;
        }
        return n;
    };
    EXPECT_EQ(count_fields(row), count_fields(claims_csv_header()));
}

TEST(ClaimFormat, ValuesPrintWithoutExponentsOrTrailingZeros) {
    EXPECT_EQ(format_value(1.75e9), "1750000000");
    EXPECT_EQ(format_value(965.6064), "965.6064");
    EXPECT_EQ(format_value(0.5), "0.5");
    EXPECT_EQ(format_value(-3), "-3");
}

TEST(ClaimFormat, TableShowsRangesAndEvents) {
    Claim c = sample();
    c.qualifier = Qualifier::range;
    c.low = 20000;
    c.high = 50000;
    Event e;
    e.kind = "flight";
    e.date = make_date(2025, 7, 11);
    e.roles = {{"from", "Moscow"}, {"to", "Tehran"}};
    std::ostringstream out;
    write_table(out, {c}, {e});
    EXPECT_NE(out.str().find("20000–50000"), std::string::npos);
    EXPECT_NE(out.str().find("flight"), std::string::npos);
    EXPECT_NE(out.str().find("2025-07-11"), std::string::npos);
}
