// CPR decoding. The formulas are those of DO-260B §A.1.7.7 (global) and §A.1.7.5 (local);
// the NL function uses the transition-latitude table of §A.1.7.2, computed here from its
// closed form rather than typed in, so no digit can be mistyped.
#include "reckon/adsb/cpr.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace reckon::adsb {
namespace {

constexpr double CPR_SCALE = 131072.0;  // 2^17
constexpr int NZ = 15;                  // latitude zones between equator and pole
constexpr double EARTH_RADIUS_M = 6371008.8;

// Transition latitudes: NL(lat) = k for lat below TRANSITIONS[k-2] (decreasing from 59).
// No whole degree below 87 holds more than two of them (83 holds 83.07 and 83.99; the test
// compares every thousandth of a degree with the closed form), so NL is the NL at the
// degree's start less one for each of its transitions at or below the latitude: three loads
// and two comparisons instead of a search.
struct NlTable {
    static constexpr std::size_t DEGREES = 87;
    static constexpr double NONE = 90.0;      // no transition: never reached below 87
    std::array<double, 58> lat_deg{};         // NL changes from 59-i to 58-i at lat_deg[i]
    std::array<int, DEGREES> nl_at_degree{};  // NL at the whole degree d
    std::array<std::array<double, 2>, DEGREES> transitions_in_degree{};  // those in [d, d+1), else NONE
    NlTable() {
        const double pi = std::numbers::pi;
        for (int nl = 59; nl >= 2; --nl) {
            const double a = 1.0 - std::cos(pi / (2.0 * NZ));
            const double b = 1.0 - std::cos(2.0 * pi / nl);
            lat_deg[static_cast<std::size_t>(59 - nl)] = std::acos(std::sqrt(a / b)) * 180.0 / pi;
        }
        for (std::size_t d = 0; d < DEGREES; ++d) {
            const double* it = std::lower_bound(lat_deg.begin(), lat_deg.end(), static_cast<double>(d));
            nl_at_degree[d] = 59 - static_cast<int>(it - lat_deg.begin());
            for (double& t : transitions_in_degree[d]) {
                const bool inside = it != lat_deg.end() && *it < static_cast<double>(d + 1);
                t = inside ? *it++ : NONE;
            }
        }
    }
};

const NlTable& nl_table() {
    static const NlTable table;
    return table;
}

double mod_pos(double x, double y) {
    const double r = std::fmod(x, y);
    return r < 0 ? r + y : r;
}

double normalise_lon(double lon) {
    lon = mod_pos(lon + 180.0, 360.0) - 180.0;
    return lon;
}

// The latitudes of both frames of a pair in zone units of `span_deg` (360 airborne, 90 surface).
struct PairLat {
    double even, odd;
};

PairLat pair_latitudes(const CprFrame& even, const CprFrame& odd, double span_deg) {
    const double dlat_even = span_deg / 60.0;
    const double dlat_odd = span_deg / 59.0;
    const double j = std::floor((59.0 * even.lat_cpr - 60.0 * odd.lat_cpr) / CPR_SCALE + 0.5);
    double lat_even = dlat_even * (mod_pos(j, 60.0) + even.lat_cpr / CPR_SCALE);
    double lat_odd = dlat_odd * (mod_pos(j, 59.0) + odd.lat_cpr / CPR_SCALE);
    return {lat_even, lat_odd};
}

double pair_longitude(const CprFrame& even, const CprFrame& odd, bool odd_is_newer, double lat_deg,
                      double span_deg) {
    const int nl = cpr_nl(lat_deg);
    const int ni = std::max(nl - (odd_is_newer ? 1 : 0), 1);
    const double m =
        std::floor((even.lon_cpr * (nl - 1.0) - odd.lon_cpr * static_cast<double>(nl)) / CPR_SCALE + 0.5);
    const double lon_cpr = (odd_is_newer ? odd.lon_cpr : even.lon_cpr) / CPR_SCALE;
    return (span_deg / ni) * (mod_pos(m, static_cast<double>(ni)) + lon_cpr);
}

}  // namespace

int cpr_nl(double lat_deg) {
    const double a = std::fabs(lat_deg);
    if (!(a < 87.0)) return a == 87.0 ? 2 : 1;  // NaN too: 1, as no transition lies below it
    const NlTable& t = nl_table();
    const auto d = static_cast<std::size_t>(a);
    const auto& in = t.transitions_in_degree[d];
    return t.nl_at_degree[d] - (a >= in[0] ? 1 : 0) - (a >= in[1] ? 1 : 0);
}

std::optional<LatLon> cpr_global_airborne(const CprFrame& even, const CprFrame& odd, bool odd_is_newer) {
    auto [lat_even, lat_odd] = pair_latitudes(even, odd, 360.0);
    // The southern hemisphere comes out as 270..360.
    if (lat_even >= 270.0) lat_even -= 360.0;
    if (lat_odd >= 270.0) lat_odd -= 360.0;
    if (std::fabs(lat_even) > 90.0 || std::fabs(lat_odd) > 90.0) return std::nullopt;
    if (cpr_nl(lat_even) != cpr_nl(lat_odd)) return std::nullopt;
    const double lat = odd_is_newer ? lat_odd : lat_even;
    const double lon = pair_longitude(even, odd, odd_is_newer, lat, 360.0);
    return LatLon{lat, normalise_lon(lon)};
}

std::optional<LatLon> cpr_global_surface(const CprFrame& even, const CprFrame& odd, bool odd_is_newer,
                                         const LatLon& ref) {
    auto [lat_even, lat_odd] = pair_latitudes(even, odd, 90.0);
    // Each latitude has a northern solution (0..90) and a southern one 90° below it.
    auto nearest_lat = [&](double lat) {
        const double south = lat - 90.0;
        return std::fabs(south - ref.lat_deg) < std::fabs(lat - ref.lat_deg) ? south : lat;
    };
    lat_even = nearest_lat(lat_even);
    lat_odd = nearest_lat(lat_odd);
    if (std::fabs(lat_even) > 90.0 || std::fabs(lat_odd) > 90.0) return std::nullopt;
    if (cpr_nl(lat_even) != cpr_nl(lat_odd)) return std::nullopt;
    const double lat = odd_is_newer ? lat_odd : lat_even;
    const double lon0 = pair_longitude(even, odd, odd_is_newer, lat, 90.0);
    // Four longitude solutions 90° apart: take the one nearest the reference.
    double best = lon0;
    double best_d = 1e9;
    for (int k = 0; k < 4; ++k) {
        const double cand = normalise_lon(lon0 + 90.0 * k);
        const double d = std::fabs(normalise_lon(cand - ref.lon_deg));
        if (d < best_d) {
            best_d = d;
            best = cand;
        }
    }
    return LatLon{lat, best};
}

std::optional<LatLon> cpr_local(const CprFrame& frame, const LatLon& ref, bool surface) {
    if (!(std::fabs(ref.lat_deg) <= 90.0) || !std::isfinite(ref.lon_deg)) return std::nullopt;
    const double span = surface ? 90.0 : 360.0;
    const int odd = frame.odd ? 1 : 0;
    const double dlat = span / (60.0 - odd);
    const double lat_cpr = frame.lat_cpr / CPR_SCALE;
    // Zone index and position inside the zone from one division, so a reference exactly on a
    // zone boundary cannot fall in one zone for the index and in the other for the fraction.
    const double zlat = ref.lat_deg / dlat;
    const double j = std::floor(zlat) + std::floor(zlat - std::floor(zlat) - lat_cpr + 0.5);
    const double lat = dlat * (j + lat_cpr);
    const int ni = std::max(cpr_nl(lat) - odd, 1);
    const double dlon = span / ni;
    const double lon_cpr = frame.lon_cpr / CPR_SCALE;
    const double zlon = ref.lon_deg / dlon;
    const double m = std::floor(zlon) + std::floor(zlon - std::floor(zlon) - lon_cpr + 0.5);
    const double lon = dlon * (m + lon_cpr);
    return LatLon{lat, normalise_lon(lon)};
}

double distance_m(const LatLon& a, const LatLon& b) {
    const double to_rad = std::numbers::pi / 180.0;
    const double dlat = (b.lat_deg - a.lat_deg) * to_rad;
    const double dlon = (b.lon_deg - a.lon_deg) * to_rad;
    // Each sine once: the compiler may not merge the calls (they could set errno).
    const double s_lat = std::sin(dlat / 2);
    const double s_lon = std::sin(dlon / 2);
    const double h =
        s_lat * s_lat + std::cos(a.lat_deg * to_rad) * std::cos(b.lat_deg * to_rad) * s_lon * s_lon;
    return 2.0 * EARTH_RADIUS_M * std::asin(std::sqrt(std::min(1.0, h)));
}

}  // namespace reckon::adsb
