// Bit-field access for the 56-bit ME / MB fields, numbered as the standards number them:
// bit 1 is the first transmitted (most significant) bit. Internal to the adsb library.
#pragma once

#include <cstdint>

namespace reckon::adsb::detail {

// Bits first .. first+len-1 (1-based) of a 56-bit field held in the low bits of `v`.
constexpr std::uint32_t bits56(std::uint64_t v, int first, int len) {
    return static_cast<std::uint32_t>((v >> (56 - first - len + 1)) & ((std::uint64_t{1} << len) - 1));
}

constexpr bool bit56(std::uint64_t v, int n) { return (v >> (56 - n)) & 1u; }

// Seven bytes, most significant first, as a 56-bit number.
constexpr std::uint64_t load56(const std::uint8_t* p) {
    std::uint64_t v = 0;
    for (int i = 0; i < 7; ++i) v = (v << 8) | p[i];
    return v;
}

}  // namespace reckon::adsb::detail
