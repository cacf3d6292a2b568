// Compact Position Reporting (ICAO Annex 10 Vol IV, 3.1.2.8.7 / DO-260B A.1.7): turning the
// 17-bit latitude and longitude of ES position messages back into degrees. Global decoding
// needs an even and an odd frame; local decoding needs a reference within half a zone;
// surface positions span 90° zones and always need a reference to pick the quadrant.
#pragma once

#include <cstdint>
#include <optional>

namespace reckon::adsb {

// One encoded position: the F bit (0 = even, 1 = odd) and the two 17-bit numbers.
struct CprFrame {
    bool odd = false;
    std::uint32_t lat_cpr = 0;  // 0 .. 131071
    std::uint32_t lon_cpr = 0;
};

struct LatLon {
    double lat_deg = 0;
    double lon_deg = 0;  // -180 .. 180
};

// Number of longitude zones at a latitude (1 .. 59), from the transition latitudes of the
// standard, computed once.
int cpr_nl(double lat_deg);

// Global airborne decoding of an even and an odd frame (the caller checks they are ≤ 10 s
// apart). Returns the position of the newer frame (`odd_is_newer`), or nullopt when the pair
// is inconsistent: a latitude beyond ±90° or the two latitudes in different NL zones.
std::optional<LatLon> cpr_global_airborne(const CprFrame& even, const CprFrame& odd, bool odd_is_newer);

// Global surface decoding: as above on 90° zones; of the four (eight) solutions the one nearest
// `ref` (the receiver or the aircraft's last position, within 45°) is returned.
std::optional<LatLon> cpr_global_surface(const CprFrame& even, const CprFrame& odd, bool odd_is_newer,
                                         const LatLon& ref);

// Local decoding of one frame against a reference that must lie within half a zone of the
// true position (about 180 NM airborne, 45 NM on the surface). Always returns a position;
// the caller checks distance against its own limits. nullopt only for a reference outside
// ±90° latitude.
std::optional<LatLon> cpr_local(const CprFrame& frame, const LatLon& ref, bool surface);

// Great-circle distance in metres (spherical Earth, mean radius).
double distance_m(const LatLon& a, const LatLon& b);

}  // namespace reckon::adsb
