// What the tracker hands to the flight finder: one validated state of one aircraft. A point
// carries only what was decoded and checked at that moment; unknown fields stay empty, so a
// consumer never mistakes "not received" for zero.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace reckon::adsb {

// One validated state of one aircraft at one time. Units in names; unknown = nullopt.
struct TrackPoint {
    double t_s = 0;          // Unix seconds where the input has real time
    std::uint32_t icao = 0;  // 24-bit address
    std::optional<double> lat_deg, lon_deg, altitude_ft, ground_speed_kt, track_deg, vertical_rate_fpm;
    std::optional<bool> on_ground;
    std::string callsign;  // trimmed, empty if unknown
    std::optional<std::uint16_t> squawk;
};

}  // namespace reckon::adsb
