// A stored review that cannot be applied (written before the store checked corrections) sets
// its claim aside with the reason instead of breaking the estimate (issue 12, item 4).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "reckon/evidence/evidence.hpp"

using reckon::core::Review;
using reckon::core::ReviewAction;
using reckon::evidence::ClaimStatus;
using reckon::evidence::Evidence;
using reckon::evidence::EvidenceClaim;

namespace {

EvidenceClaim claim(const std::string& key, double value) {
    EvidenceClaim c;
    c.key = key;
    c.metric = "production_rate";
    c.value = value;
    c.unit = "unit/month";
    c.qualifier = reckon::core::Qualifier::approx;
    return c;
}

Review correction(const std::string& key, std::int64_t id, double value) {
    Review r;
    r.id = id;
    r.claim_key = key;
    r.action = ReviewAction::correct;
    r.who = "eve\xEF\xBF\xBD";
    r.at = "2020-01-01T00:00:00Z";
    r.value_after = value;
    return r;
}

}  // namespace

TEST(PoisonedReview, IsSetAsideWithItsReason) {
    struct Case {
        Review latest;
        std::string reason;  // "" = applied
    };
    const std::string key = "csv:claims.csv:0123456789abcdef";
    Review inverted = correction(key, 2, 10);
    inverted.low_after = 20, inverted.high_after = 5;
    Review reject_with_value = correction(key, 2, 10);
    reject_with_value.action = ReviewAction::reject;
    const std::vector<Case> cases = {
        {correction(key, 2, 0), "the corrected value must be greater than 0, not 0"},
        {correction(key, 2, -40), "the corrected value must be greater than 0, not -40"},
        {inverted, "the corrected low bound 20 is above the high bound 5"},
        {reject_with_value, "only a correction gives corrected figures"},
        {correction(key, 2, 4000), ""},
    };
    for (const auto& c : cases) {
        Evidence ev;
        ev.claims = {claim(key, 2700), claim("csv:claims.csv:fedcba9876543210", 3000)};
        reckon::evidence::apply_reviews(ev, {correction(key, 1, 2500), c.latest});
        if (c.reason.empty()) {
            EXPECT_EQ(ev.claims[0].status, ClaimStatus::pending);
            EXPECT_EQ(ev.claims[0].value, 4000);
            EXPECT_TRUE(ev.notes.empty());
            continue;
        }
        EXPECT_EQ(ev.claims[0].status, ClaimStatus::set_aside) << c.reason;
        EXPECT_EQ(
            ev.claims[0].status_text(),
            "set aside: its latest review (#2 by eve\xEF\xBF\xBD, 2020-01-01T00:00:00Z) cannot be applied: " +
                c.reason);
        EXPECT_EQ(ev.claims[0].value, 2700);  // the poisoned figure is never used
        ASSERT_EQ(ev.notes.size(), 1u);
        EXPECT_NE(ev.notes[0].find(key), std::string::npos);
        EXPECT_EQ(ev.claims[1].status, ClaimStatus::pending);  // the other claims are untouched
        EXPECT_EQ(ev.claims[1].value, 3000);
    }
}
