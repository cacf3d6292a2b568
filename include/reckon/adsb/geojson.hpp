// Flight tracks as RFC 7946 GeoJSON: one Feature per flight in a FeatureCollection, its
// geometry a LineString of [lon, lat] positions (a MultiLineString when the track crosses the
// antimeridian, as RFC 7946 §3.1.9 asks; a Point for a single position; null for none), its
// properties the flight's columns. Coordinates are WGS 84 degrees with 6 decimals (~0.1 m).
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <vector>

#include "reckon/adsb/flights.hpp"
#include "reckon/adsb/watchlist.hpp"

namespace reckon::adsb {

// The geometry object of a flight's positioned points (or null).
nlohmann::ordered_json track_geometry(const Flight& f);

// Writes the FeatureCollection; `matched[i]` are flight i's watchlist matches (may be
// shorter than `flights`: missing entries mean none).
void write_tracks_geojson(std::ostream& out, const std::vector<Flight>& flights,
                          const std::vector<std::vector<const WatchRule*>>& matched);

}  // namespace reckon::adsb
