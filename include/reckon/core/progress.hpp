// How libraries report progress on long work: a callback taking the fraction done (0..1)
// and the stage's name; returning false asks the work to stop early. The CLI draws a bar
// on stderr; the server will push it to the page. An empty function means "no one asked".
#pragma once

#include <functional>
#include <string_view>

namespace reckon::core {

using ProgressFn = std::function<bool(double fraction, std::string_view stage)>;

// Calls `fn` if set; true (keep going) when unset.
inline bool report_progress(const ProgressFn& fn, double fraction, std::string_view stage) {
    return !fn || fn(fraction, stage);
}

}  // namespace reckon::core
