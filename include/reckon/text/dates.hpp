// Finds dates and periods in English text and resolves them to inclusive day ranges:
// absolute ("On July 11", "September 2025", "in 2022", "the first half of 2024",
// "early 2023", "2022-2023") and relative ("3 weeks ago", "last year", "now",
// "yesterday"), the latter against a reference date. With no reference date a relative
// expression is still found but marked unresolved rather than guessed. Never throws.
// Linear time; a hand-written scanner that only looks closer at digits and a small lexicon
// of date words (see src/text/dates.cpp for why not regular expressions).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/core/date.hpp"

namespace reckon::text {

struct DateMatch {
    std::size_t start = 0, end = 0;      // byte offsets of the expression, modifier word included
    std::optional<core::Period> period;  // absent when unresolved
    enum class Granularity {
        day,
        week,
        month,
        quarter,
        half,
        year,
        decade,
        other
    } granularity = Granularity::day;
    // Modifier words around the expression: "by September 2025" = deadline,
    // "since 2022" = since, "before"/"after"/"until". `period` is always the period named
    // ("by September 2025" -> September 2025); the modifier says how it bounds the claim.
    enum class Modifier { none, by, since, before, after, until } modifier = Modifier::none;
    bool relative = false;  // resolved against the reference date
    std::string timex;      // TIMEX3-like value, e.g. "2025-07-11", "2025-09", "XXXX-07-11"
    // For offsets from the reference ("3 weeks ago", "in two days"): the exact day the
    // offset lands on; `period` is the calendar unit around it (the week three weeks ago).
    std::optional<core::Date> anchor;
    // For ranges "A to B" / "between A and B": the first day of B. `period` runs to B's
    // last day (reckon reads "2022-2024" as including 2024); readers that take "to B" as
    // an exclusive bound use this instead.
    std::optional<core::Date> upper_first;
};

// Every date or period expression in `text`, in order, non-overlapping. `reference` is the
// date the text was written (the document's published date) for resolving relative dates
// and dates without a year (taken as the latest such date not after the reference).
// Impossible dates ("February 30") are not returned.
std::vector<DateMatch> find_dates(std::string_view text, std::optional<core::Date> reference);

// Which way a date without a year (or a bare weekday) resolves from the reference: the
// latest on or before it (past, what news reports) or the next on or after it (future:
// plans, deadlines, schedules - "the meeting will be on Tuesday"). Callers that know the
// tense of the clause pass it; the two-argument find_dates is `past`.
enum class DateDirection { past, future };
std::vector<DateMatch> find_dates(std::string_view text, std::optional<core::Date> reference,
                                  DateDirection direction);

}  // namespace reckon::text
