// Quantiles by selection; see quantile.hpp.
#include "reckon/imagery/quantile.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace reckon::imagery {

namespace {

// The high bits of a value's key that pick its bucket in the first pass: 2^16 buckets, so a
// bucket of a continuous score holds a few thousand of tens of millions of values.
constexpr unsigned BUCKET_SHIFT = 16;
// Below this many values std::nth_element alone is as fast as counting first.
constexpr std::size_t BUCKETED_MIN_VALUES = std::size_t{1} << 16U;

// A key whose unsigned order is the values' order (IEEE 754 floats: the bits of a negative
// value inverted, the sign bit of a positive one set). Not for NaN.
std::uint32_t order_key(float x) {
    const auto bits = std::bit_cast<std::uint32_t>(x);
    return (bits & 0x80000000U) != 0 ? ~bits : (bits | 0x80000000U);
}

}  // namespace

double select_quantile(std::vector<float>& values, double q) {
    if (values.empty()) return 0;
    const auto span = static_cast<double>(values.size() - 1);
    auto k = std::min(values.size() - 1, static_cast<std::size_t>(std::clamp(q, 0.0, 1.0) * span));
    auto end = values.end();
    // Two linear passes narrow the search to one bucket of keys: count the values per bucket,
    // find the bucket that holds rank k, move its values to the front (in place).
    if (values.size() >= BUCKETED_MIN_VALUES) {
        std::vector<std::size_t> counts(std::size_t{1} << (32U - BUCKET_SHIFT), 0);
        for (float x : values) ++counts[order_key(x) >> BUCKET_SHIFT];
        std::uint32_t bucket = 0;
        while (k >= counts[bucket]) k -= counts[bucket++];
        end = std::partition(values.begin(), values.end(),
                             [&](float x) { return (order_key(x) >> BUCKET_SHIFT) == bucket; });
    }
    const auto nth = values.begin() + static_cast<std::ptrdiff_t>(k);
    std::nth_element(values.begin(), nth, end);
    return *nth;
}

void finite_values(const std::vector<float>& values, std::vector<float>& out) {
    out.clear();
    out.reserve(values.size());
    for (float x : values)
        if (std::isfinite(x)) out.push_back(x);
}

}  // namespace reckon::imagery
