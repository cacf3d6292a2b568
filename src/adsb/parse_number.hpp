// Private to the adsb module: strict number parsing for table fields. A field is a number only
// if all of it is one (surrounding spaces aside) and it is finite, so a stray "nan" or "1e999"
// in a table never reaches the geometry.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>

#include "reckon/core/text.hpp"

namespace reckon::adsb::detail {

// The number `s` is (a leading '+' allowed), or nullopt. Callers reading a line format that
// may quote fields pass core::unquote(field).
inline std::optional<double> parse_double(std::string_view s) {
    s = core::trim(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    if (s.empty()) return std::nullopt;
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

// A 24-bit ICAO address written as 6 hex digits (case-insensitive, optional leading '~' is
// not an address: TIS-B anonymous codes are rejected).
inline std::optional<std::uint32_t> parse_icao24(std::string_view s) {
    s = core::trim(s);
    if (s.size() != 6) return std::nullopt;
    std::uint32_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
}

inline bool valid_lat_lon(double lat, double lon) {
    return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}

}  // namespace reckon::adsb::detail
