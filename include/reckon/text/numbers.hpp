// Finds numbers written in English text: digits with thousands separators and decimals
// ("5,500", "1.75", ".08"), fractions ("1/2", "10 1/2"), number words ("six thousand",
// "a dozen", "twenty-one"), magnitudes ("1.75 billion", "3bn", "2k") and vague amounts
// ("hundreds of"). Byte offsets refer to the UTF-8 text passed in. Never throws on any
// input; cost is linear in the text's length.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace reckon::text {

struct NumberMatch {
    std::size_t start = 0;  // byte offset of the first byte
    std::size_t end = 0;    // one past the last byte
    double value = 0;
    enum class Kind { integer, decimal, fraction, power } kind = Kind::integer;
    bool vague = false;  // "hundreds of", "dozens": value is the order of magnitude
};

// Every number in `text`, in order, non-overlapping, longest match first.
std::vector<NumberMatch> find_numbers(std::string_view text);

// An interval of numbers: "between 20 and 30", "more than 30", "up to 700", "20-30".
struct NumberRangeMatch {
    std::size_t start = 0, end = 0;
    std::optional<double> low, high;  // absent = unbounded on that side
    bool low_inclusive = true, high_inclusive = true;
};

// Every range expression in `text`, in order, non-overlapping.
std::vector<NumberRangeMatch> find_number_ranges(std::string_view text);

}  // namespace reckon::text
