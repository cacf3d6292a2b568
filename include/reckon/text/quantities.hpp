// Finds quantities with units in English text: money ("$1.75 billion", "US$4.7 bn",
// "€30m", "500 million rubles"), percentages ("90%", "ninety percent"), dimensions
// (lengths, areas, weights, speeds: "600 miles", "1.2 million square metres"), counts of
// things ("6,000 drones", "41,000 workers"), rates ("5,500 units per month", "a day"),
// with their qualifiers ("over", "about", "up to", "an average of") and ranges
// ("between X and Y", "X–Y", "from X to Y"). Values are converted to canonical units.
// Never throws on any input; cost is linear in the text's length.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/core/claim.hpp"

namespace reckon::text {

enum class QuantityKind { number, percent, currency, length, area, weight, speed, volume, count };

struct Quantity {
    std::size_t start = 0;  // byte offsets of the whole expression, qualifier words included
    std::size_t end = 0;
    QuantityKind kind = QuantityKind::number;
    double value = 0;                 // canonical unit; for ranges the midpoint
    std::optional<double> low, high;  // canonical unit; set for ranges and bounds
    std::string unit;                 // canonical: "USD" (other currencies keep their ISO code, "EUR",
                                      // "RUB", "IRR"), "percent", "km", "m2", "kg", "km/h", "l",
                                      // "unit" (things counted), "person", "" for bare numbers.
    std::string per;                  // rate denominator: "month", "day", "week", "year", or ""
    std::string source_unit;          // the unit as written, normalised: "Mile", "Dollar", "Euro", ...
    double source_value = 0;          // the value in source_unit
    std::string counted;              // for counts, the noun counted ("drones", "workers")
    core::Qualifier qualifier = core::Qualifier::exact;
    std::size_t value_start = 0;  // byte offsets of the number and its unit alone, without
    std::size_t value_end = 0;    // qualifier or rate words ("$ 98" in "about $ 98 a share")
};

// Every quantity in `text`, in order, non-overlapping. Bare numbers are included with
// kind number so callers can decide what they mean.
std::vector<Quantity> find_quantities(std::string_view text);

}  // namespace reckon::text
