// Flight tracks for the tools analysts open them in: KML 2.2 (Google Earth, QGIS) and GPX 1.1
// (QGIS, GPS tools), beside the GeoJSON of geojson.hpp. One Placemark or trk per flight,
// named "CALLSIGN icao DEP→ARR", with its type, operator, times and watchlist matches in the
// description; positions in WGS 84 with the barometric altitude converted to metres (KML
// altitudeMode absolute; clampToGround when a flight has no altitude) and, in GPX, each
// point's time. A GPX track starts a new segment where the flight was not heard for
// GPX_SEGMENT_GAP_S, so a bridged coverage hole is not drawn as a straight line of fixes.
#pragma once

#include <ostream>
#include <vector>

#include "reckon/adsb/flights.hpp"
#include "reckon/adsb/watchlist.hpp"

namespace reckon::adsb {

inline constexpr double GPX_SEGMENT_GAP_S = 600;

// `matched[i]` are flight i's watchlist matches (may be shorter than `flights`).
void write_tracks_kml(std::ostream& out, const std::vector<Flight>& flights,
                      const std::vector<std::vector<const WatchRule*>>& matched);
void write_tracks_gpx(std::ostream& out, const std::vector<Flight>& flights,
                      const std::vector<std::vector<const WatchRule*>>& matched);

}  // namespace reckon::adsb
