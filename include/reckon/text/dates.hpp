// Finds dates and periods in English text and resolves them to inclusive day ranges:
// absolute ("On July 11", "September 2025", "in 2022", "the first half of 2024",
// "early 2023", "2022-2023") and relative ("3 weeks ago", "last year", "now",
// "yesterday"), the latter against a reference date. With no reference date a relative
// expression is still found but marked unresolved rather than guessed. Never throws.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/core/date.hpp"

namespace reckon::text {

struct DateMatch {
    std::size_t start = 0, end = 0;  // byte offsets of the expression
    std::optional<core::Period> period;  // absent when unresolved
    enum class Granularity { day, week, month, quarter, half, year, decade, other } granularity =
        Granularity::day;
    // Modifier words around the expression: "by September 2025" = deadline,
    // "since 2022" = since, "before"/"after"/"until".
    enum class Modifier { none, by, since, before, after, until } modifier = Modifier::none;
    bool relative = false;  // resolved against the reference date
    std::string timex;      // TIMEX3-like value, e.g. "2025-07-11", "2025-09", "XXXX-07-11"
};

// Every date or period expression in `text`, in order, non-overlapping. `reference` is the
// date the text was written (the document's published date) for resolving relative dates.
std::vector<DateMatch> find_dates(std::string_view text, std::optional<core::Date> reference);

}  // namespace reckon::text
