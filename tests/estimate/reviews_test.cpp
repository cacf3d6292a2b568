// Tests of claim keys and of analysts' reviews applied to the evidence: a key follows its
// row, the latest review wins, reject sets a claim aside, correct replaces the figure.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "reckon/estimate/evidence.hpp"

namespace fs = std::filesystem;
using reckon::core::Review;
using reckon::core::ReviewAction;
using reckon::estimate::Evidence;
using reckon::estimate::read_claims_csv;

namespace {

const char* const HEADER =
    "report_date,url,metric,reckon_metric,reckon_value,reckon_low,reckon_high,reckon_unit,reckon_qualifier,"
    "period_start,period_end,source_class,origin,use\n";
const char* const ROW_A = "2025-01-01,u,w,production_rate,2700,,,unit/month,approx,2025-01-01,2025-01-31,media,a,yes\n";
const char* const ROW_B = "2025-02-01,u,w,production_rate,3000,2500,3500,unit/month,range,2025-02-01,2025-02-28,official,b,yes\n";

fs::path write_csv(const std::string& name, const std::string& text) {
    const fs::path p = fs::temp_directory_path() / (std::to_string(::getpid()) + "-" + name);
    std::ofstream(p) << text;
    return p;
}

// A review as an analyst would submit it (id and time are the store's to set).
reckon::core::Review make_review(const std::string& key, reckon::core::ReviewAction action, const std::string& who,
                                 std::int64_t id, const std::string& at, const std::string& note) {
    reckon::core::Review r;
    r.claim_key = key, r.action = action, r.who = who, r.id = id, r.at = at, r.note = note;
    return r;
}

}  // namespace

TEST(ClaimKeys, FollowTheRowNotItsLine) {
    const auto a = read_claims_csv(write_csv("reckon-keys-1.csv", std::string(HEADER) + ROW_A + ROW_B));
    const auto b = read_claims_csv(write_csv("reckon-keys-1.csv", std::string(HEADER) + ROW_B + ROW_A));
    ASSERT_EQ(a.size(), 2u);
    ASSERT_EQ(b.size(), 2u);
    EXPECT_EQ(a[0].key, b[1].key);
    EXPECT_EQ(a[1].key, b[0].key);
    EXPECT_NE(a[0].key, a[1].key);
    EXPECT_EQ(a[0].key.rfind("csv:" + std::to_string(::getpid()) + "-reckon-keys-1.csv:", 0), 0u) << a[0].key;
    // An identical second row gets a key of its own.
    const auto c = read_claims_csv(write_csv("reckon-keys-1.csv", std::string(HEADER) + ROW_A + ROW_A));
    EXPECT_NE(c[0].key, c[1].key);
}

TEST(Reviews, LatestWinsRejectSetsAsideCorrectReplaces) {
    Evidence ev;
    ev.claims = read_claims_csv(write_csv("reckon-reviews.csv", std::string(HEADER) + ROW_A + ROW_B));
    const std::string ka = ev.claims[0].key, kb = ev.claims[1].key;
    Review r1 = make_review(ka, ReviewAction::reject, "ana", 1, "t1", "");
    Review r2 = make_review(ka, ReviewAction::accept, "ben", 2, "t2", "");
    Review r3 = make_review(kb, ReviewAction::correct, "ana", 3, "t3", "");
    r3.value_after = 2000;
    Review stray = make_review("csv:gone.csv:0000000000000000", ReviewAction::reject, "x", 4, "", "");
    reckon::estimate::apply_reviews(ev, {r3, r2, r1, stray});  // any order: ids decide

    EXPECT_TRUE(ev.claims[0].use);  // accepted after being rejected
    ASSERT_TRUE(ev.claims[0].review.has_value());
    EXPECT_EQ(ev.claims[0].review->who, "ben");
    EXPECT_TRUE(ev.claims[0].status.empty());

    EXPECT_EQ(ev.claims[1].value, 2000);
    EXPECT_FALSE(ev.claims[1].low.has_value());  // a range corrected to one figure...
    EXPECT_EQ(ev.claims[1].qualifier, reckon::core::Qualifier::approx);  // ...becomes approximate

    Review r5 = make_review(ka, ReviewAction::reject, "cy", 5, "t5", "");
    reckon::estimate::apply_reviews(ev, {r1, r2, r5});
    EXPECT_FALSE(ev.claims[0].use);
    EXPECT_EQ(ev.claims[0].status, "set aside: rejected by cy (t5)");
}
