// Names of review actions, as the store, the CLI and the web workbench write them.
#include "reckon/core/review.hpp"

namespace reckon::core {

std::string_view to_string(ReviewAction a) {
    switch (a) {
        case ReviewAction::accept:
            return "accept";
        case ReviewAction::reject:
            return "reject";
        case ReviewAction::correct:
            return "correct";
    }
    return "accept";
}

std::optional<ReviewAction> parse_review_action(std::string_view text) {
    if (text == "accept") return ReviewAction::accept;
    if (text == "reject") return ReviewAction::reject;
    if (text == "correct") return ReviewAction::correct;
    return std::nullopt;
}

}  // namespace reckon::core
