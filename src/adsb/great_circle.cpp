// Spherical great-circle formulas (initial bearing, destination and intermediate point), as
// given in E. Williams' "Aviation Formulary"; the distance is cpr.cpp's haversine.
#include "reckon/adsb/great_circle.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace reckon::adsb {

namespace {

constexpr double RAD_PER_DEG = std::numbers::pi / 180.0;

double normalise_lon(double lon_deg) {
    double l = std::fmod(lon_deg + 180.0, 360.0);
    if (l < 0) l += 360.0;
    return l - 180.0;
}

}  // namespace

double distance_km(LatLon a, LatLon b) { return distance_m(a, b) / 1000.0; }

double initial_bearing_deg(LatLon a, LatLon b) {
    const double p1 = a.lat_deg * RAD_PER_DEG, p2 = b.lat_deg * RAD_PER_DEG;
    const double dl = (b.lon_deg - a.lon_deg) * RAD_PER_DEG;
    const double y = std::sin(dl) * std::cos(p2);
    const double x = std::cos(p1) * std::sin(p2) - std::sin(p1) * std::cos(p2) * std::cos(dl);
    double deg = std::atan2(y, x) / RAD_PER_DEG;
    if (deg < 0) deg += 360.0;
    return deg >= 360.0 ? 0.0 : deg;
}

LatLon destination(LatLon start, double bearing_deg, double d_km) {
    const double p1 = start.lat_deg * RAD_PER_DEG, l1 = start.lon_deg * RAD_PER_DEG;
    const double th = bearing_deg * RAD_PER_DEG, d = d_km / EARTH_RADIUS_KM;
    const double p2 = std::asin(
        std::clamp(std::sin(p1) * std::cos(d) + std::cos(p1) * std::sin(d) * std::cos(th), -1.0, 1.0));
    const double l2 =
        l1 + std::atan2(std::sin(th) * std::sin(d) * std::cos(p1), std::cos(d) - std::sin(p1) * std::sin(p2));
    return {p2 / RAD_PER_DEG, normalise_lon(l2 / RAD_PER_DEG)};
}

LatLon intermediate(LatLon a, LatLon b, double f) {
    const double d = distance_km(a, b) / EARTH_RADIUS_KM;
    if (d < 1e-12) return a;
    const double p1 = a.lat_deg * RAD_PER_DEG, l1 = a.lon_deg * RAD_PER_DEG;
    const double p2 = b.lat_deg * RAD_PER_DEG, l2 = b.lon_deg * RAD_PER_DEG;
    const double wa = std::sin((1 - f) * d) / std::sin(d), wb = std::sin(f * d) / std::sin(d);
    const double x = wa * std::cos(p1) * std::cos(l1) + wb * std::cos(p2) * std::cos(l2);
    const double y = wa * std::cos(p1) * std::sin(l1) + wb * std::cos(p2) * std::sin(l2);
    const double z = wa * std::sin(p1) + wb * std::sin(p2);
    return {std::atan2(z, std::sqrt(x * x + y * y)) / RAD_PER_DEG,
            normalise_lon(std::atan2(y, x) / RAD_PER_DEG)};
}

}  // namespace reckon::adsb
