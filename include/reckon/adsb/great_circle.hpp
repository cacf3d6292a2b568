// Great-circle geometry on a spherical Earth, for airport proximity, flight distances and the
// trajectory simulator. A sphere is close enough here (errors ≤ 0.5 %, metres at airport
// scale); nothing in the flight rules depends on ellipsoidal precision.
#pragma once

#include "reckon/adsb/cpr.hpp"  // LatLon and distance_m, shared with the CPR decoder

namespace reckon::adsb {

// IUGG mean Earth radius (Moritz, "Geodetic Reference System 1980", R1), as cpr.cpp uses.
inline constexpr double EARTH_RADIUS_KM = 6371.0088;
inline constexpr double KM_PER_NM = 1.852;
inline constexpr double FT_PER_M = 1.0 / 0.3048;

// Haversine distance in km between two points (distance_m / 1000).
double distance_km(LatLon a, LatLon b);
// Initial bearing from a to b, degrees clockwise from true north in [0, 360).
double initial_bearing_deg(LatLon a, LatLon b);
// The point `distance_km` from `start` along the great circle with initial `bearing_deg`;
// longitude normalised to [-180, 180).
LatLon destination(LatLon start, double bearing_deg, double distance_km);
// The point a fraction f (0..1) of the way from a to b along the great circle.
LatLon intermediate(LatLon a, LatLon b, double f);

}  // namespace reckon::adsb
