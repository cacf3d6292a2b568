// An analyst's review of one claim: accept it as read, reject it (a misread or irrelevant
// figure), or correct its value. Reviews are kept as history: each one is a new record with
// who made it, when, and the figure before and after; the claim itself is never changed or
// deleted. The latest review of a claim is the one that counts.
#pragma once

#include <cstddef>
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

// Limits on a review's text, in characters (Unicode code points of its UTF-8), as
// docs/store.md documents them.
inline constexpr std::size_t MAX_CLAIM_KEY_CHARS = 200;
inline constexpr std::size_t MAX_REVIEWER_CHARS = 100;
inline constexpr std::size_t MAX_NOTE_CHARS = 2000;

// Why `review` must not be stored, or nullopt when it may. The one check every path that
// creates a review goes through (the store, the workbench's POST): a claim key and a reviewer;
// valid UTF-8 text within the limits above, with no control character (C0, DEL, C1: NUL, ESC,
// ...) and no bidirectional override or isolate (U+202A-U+202E, U+2066-U+2069), which could
// make the audit trail read other than it is; finite figures; and correction_problem().
std::optional<std::string> review_problem(const Review& review);

// Why the figures of `review` cannot be applied to a claim, or nullopt when they can: a
// correction must give a corrected claim reckon would accept (a finite value > 0, bounds > 0
// with low <= value <= high); other actions carry no corrected figures. The claim keeps its
// unit and qualifier, which were checked when it was read. Estimates use this to set aside a
// stored review written before reckon checked it.
std::optional<std::string> correction_problem(const Review& review);

// `text` with every character review_problem() refuses (and every byte that is not UTF-8)
// replaced by U+FFFD, for showing a review stored before the check.
std::string printable_review_text(std::string_view text);

}  // namespace reckon::core
