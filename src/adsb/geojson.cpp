// Flight tracks as RFC 7946 GeoJSON (see geojson.hpp).
#include "reckon/adsb/geojson.hpp"

#include <fmt/format.h>

#include <cmath>

#include "reckon/adsb/flight_format.hpp"

namespace reckon::adsb {

namespace {

using nlohmann::ordered_json;

// 6 decimals: ~0.1 m, finer than any ADS-B position (RFC 7946 §11.2 advises against more).
double round6(double v) { return std::round(v * 1e6) / 1e6; }

}  // namespace

ordered_json track_geometry(const Flight& f) {
    std::vector<ordered_json> parts(1, ordered_json::array());
    double last_lon = 0;
    bool have_last = false;
    for (const auto& p : f.points) {
        if (!p.lat_deg || !p.lon_deg) continue;
        const double lon = *p.lon_deg, lat = *p.lat_deg;
        if (have_last && std::abs(lon - last_lon) > 180) {
            // Crossing the antimeridian: end this line at ±180 and start the next at ∓180, at
            // the latitude interpolated linearly in longitude.
            const double east = lon < last_lon ? 1 : -1;  // side of the previous point
            const double lon_next = lon + 360 * east;
            const double f_cross = (180 * east - last_lon) / (lon_next - last_lon);
            const double lat_cross =
                parts.back().back()[1].get<double>() + f_cross * (lat - parts.back().back()[1].get<double>());
            parts.back().push_back({180 * east, round6(lat_cross)});
            parts.emplace_back(ordered_json::array());
            parts.back().push_back({-180 * east, round6(lat_cross)});
        }
        ordered_json pos = {round6(lon), round6(lat)};
        if (parts.back().empty() || parts.back().back() != pos) parts.back().push_back(std::move(pos));
        last_lon = lon;
        have_last = true;
    }
    std::size_t positions = 0;
    for (const auto& part : parts) positions += part.size();
    if (positions == 0) return nullptr;
    if (parts.size() == 1 && parts[0].size() == 1) return {{"type", "Point"}, {"coordinates", parts[0][0]}};
    if (parts.size() == 1) return {{"type", "LineString"}, {"coordinates", parts[0]}};
    ordered_json lines = ordered_json::array();
    for (auto& part : parts)
        if (part.size() >= 2) lines.push_back(std::move(part));
    return {{"type", "MultiLineString"}, {"coordinates", lines}};
}

void write_tracks_geojson(std::ostream& out, const std::vector<Flight>& flights,
                          const std::vector<std::vector<const WatchRule*>>& matched) {
    // Written feature by feature so a large collection is never one string in memory.
    out << "{\"type\":\"FeatureCollection\",\"features\":[";
    static const std::vector<const WatchRule*> none;
    for (std::size_t i = 0; i < flights.size(); ++i) {
        ordered_json feature;
        feature["type"] = "Feature";
        feature["id"] = flight_id(flights[i]);
        feature["geometry"] = track_geometry(flights[i]);
        feature["properties"] = to_json(flights[i], i < matched.size() ? matched[i] : none);
        out << (i ? ",\n" : "\n") << feature.dump();
    }
    out << "\n]}\n";
}

}  // namespace reckon::adsb
