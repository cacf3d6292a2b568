// An analyst's review of one claim: accept it as read, reject it (a misread or irrelevant
// figure), or correct its value. Reviews are kept as history: each one is a new record with
// who made it, when, and the figure before and after; the claim itself is never changed or
// deleted. The latest review of a claim is the one that counts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace reckon::core {

enum class ReviewAction { accept, reject, correct };

std::string_view to_string(ReviewAction a);
std::optional<ReviewAction> parse_review_action(std::string_view text);

struct Review {
    std::int64_t id = 0;    // assigned by the store, ascending
    std::string claim_key;  // the claim's stable key (estimate::EvidenceClaim::key)
    ReviewAction action = ReviewAction::accept;
    std::string who;  // the reviewer's name, as they gave it
    std::string at;   // UTC ISO 8601, stamped by the store
    std::string note;
    // The figure as it stood before this review, and (for `correct`) as it stands after.
    std::optional<double> value_before, low_before, high_before;
    std::optional<double> value_after, low_after, high_after;
};

}  // namespace reckon::core
