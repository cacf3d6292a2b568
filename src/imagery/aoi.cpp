// GeoJSON areas of interest; see aoi.hpp.
#include "reckon/imagery/aoi.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "gdal_util.hpp"
#include "reckon/core/read_file.hpp"

namespace reckon::imagery {

namespace {

using Json = nlohmann::json;

[[noreturn]] void bad(const std::string& file, const std::string& what) {
    throw InputError(Location{file}, what,
                     "give a GeoJSON Polygon or MultiPolygon in WGS84 longitude, latitude (RFC 7946), e.g. "
                     "drawn in geojson.io or exported from QGIS");
}

Ring parse_ring(const Json& ring, const std::string& file) {
    if (!ring.is_array() || ring.size() < 4) bad(file, "a ring needs at least four positions");
    Ring out;
    for (const auto& position : ring) {
        if (!position.is_array() || position.size() < 2 || !position[0].is_number() ||
            !position[1].is_number())
            bad(file, "a position is not [longitude, latitude]");
        const double lon = position[0].get<double>();
        const double lat = position[1].get<double>();
        if (!std::isfinite(lon) || !std::isfinite(lat) || std::abs(lon) > 180 || std::abs(lat) > 90)
            bad(file,
                fmt::format("position [{}, {}] is outside longitude -180..180, latitude -90..90", lon, lat));
        out.push_back({lon, lat});
    }
    if (out.front() != out.back()) out.push_back(out.front());
    return out;
}

void add_geometry(const Json& geometry, const std::string& file, Aoi& aoi) {
    if (!geometry.is_object() || !geometry.contains("type") || !geometry["type"].is_string())
        bad(file, "a geometry has no type");
    const auto type = geometry["type"].get<std::string>();
    const Json& coordinates = geometry.value("coordinates", Json());
    auto polygon = [&](const Json& rings) {
        if (!rings.is_array() || rings.empty()) bad(file, "a polygon has no ring");
        std::vector<Ring> out;
        for (const auto& ring : rings) out.push_back(parse_ring(ring, file));
        aoi.polygons.push_back(std::move(out));
    };
    if (type == "Polygon") {
        polygon(coordinates);
    } else if (type == "MultiPolygon") {
        if (!coordinates.is_array()) bad(file, "MultiPolygon coordinates are not an array");
        for (const auto& p : coordinates) polygon(p);
    } else if (type == "GeometryCollection" && geometry.contains("geometries") &&
               geometry["geometries"].is_array()) {
        for (const auto& g : geometry["geometries"]) add_geometry(g, file, aoi);
    } else {
        bad(file, fmt::format("geometry type {} is not an area", type));
    }
}

bool inside(const std::vector<Ring>& rings, double x, double y) {
    bool in = false;
    for (const auto& ring : rings)
        for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++)
            if ((ring[i][1] > y) != (ring[j][1] > y) &&
                x < (ring[j][0] - ring[i][0]) * (y - ring[i][1]) / (ring[j][1] - ring[i][1]) + ring[i][0])
                in = !in;
    return in;
}

}  // namespace

Aoi parse_aoi(std::string_view text, const std::string& file) {
    Json root;
    try {
        root = Json::parse(text);
    } catch (const Json::parse_error& e) {
        throw InputError(Location{file, {}, {}, e.byte > 0 ? e.byte - 1 : 0}, "not valid JSON",
                         "check the file in a JSON validator");
    } catch (const Json::exception& e) {  // e.g. a number out of range ("1e400"), found by fuzzing
        throw InputError(Location{file, {}, {}, {}}, std::string("not readable JSON: ") + e.what(),
                         "check the numbers and nesting of the file");
    }
    Aoi aoi;
    if (!root.is_object() || !root.contains("type") || !root["type"].is_string())
        bad(file, "no GeoJSON type");
    const auto type = root["type"].get<std::string>();
    if (type == "FeatureCollection") {
        if (!root.contains("features") || !root["features"].is_array()) bad(file, "no features array");
        for (const auto& feature : root["features"])
            if (feature.is_object() && feature.contains("geometry") && !feature["geometry"].is_null())
                add_geometry(feature["geometry"], file, aoi);
    } else if (type == "Feature") {
        if (!root.contains("geometry")) bad(file, "the feature has no geometry");
        add_geometry(root["geometry"], file, aoi);
    } else {
        add_geometry(root, file, aoi);
    }
    if (aoi.polygons.empty()) bad(file, "holds no polygon");
    return aoi;
}

Aoi read_aoi(const std::string& path) { return parse_aoi(core::read_file(path), path); }

Pair clip_to_aoi(const Pair& pair, const Aoi& aoi, const std::string& aoi_file) {
    const Grid& grid = pair.before.grid;
    if (!grid.georeferenced || grid.crs_wkt.empty())
        throw InputError(Location{pair.before.path}, "has no georeference, so an AOI cannot be placed on it",
                         "drop --aoi, or use georeferenced images");
    auto wgs84 =
        detail::srs_from_wkt(std::string("GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,"
                                         "298.257223563]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\","
                                         "0.0174532925199433]]"));
    auto target = detail::srs_from_wkt(grid.crs_wkt);
    OGRCoordinateTransformationH transform = OCTNewCoordinateTransformation(wgs84.get(), target.get());
    if (!transform) throw InputError(Location{pair.before.path}, "its CRS cannot be reached from WGS84");
    // The AOI in pixel coordinates of the first image.
    std::vector<std::vector<Ring>> pixel_polygons;
    double x0 = 1e300;
    double y0 = 1e300;
    double x1 = -1e300;
    double y1 = -1e300;
    for (const auto& polygon : aoi.polygons) {
        std::vector<Ring> rings;
        for (const auto& ring : polygon) {
            Ring out;
            for (const auto& p : ring) {
                double x = p[0];
                double y = p[1];
                if (!OCTTransform(transform, 1, &x, &y, nullptr)) continue;
                const auto px = to_pixel(grid, x, y);
                out.push_back(px);
                x0 = std::min(x0, px[0]), y0 = std::min(y0, px[1]), x1 = std::max(x1, px[0]),
                y1 = std::max(y1, px[1]);
            }
            rings.push_back(std::move(out));
        }
        pixel_polygons.push_back(std::move(rings));
    }
    OCTDestroyCoordinateTransformation(transform);
    // A corner that lands on a pixel edge up to rounding stays on it.
    constexpr double EDGE_PX = 1e-6;
    const int cx0 = std::max(0, static_cast<int>(std::floor(x0 + EDGE_PX)));
    const int cy0 = std::max(0, static_cast<int>(std::floor(y0 + EDGE_PX)));
    const int cx1 = std::min(grid.width, static_cast<int>(std::ceil(x1 - EDGE_PX)));
    const int cy1 = std::min(grid.height, static_cast<int>(std::ceil(y1 - EDGE_PX)));
    if (cx1 <= cx0 || cy1 <= cy0)
        throw InputError(Location{aoi_file}, "the AOI lies outside the images (" + pair.before.path + ")",
                         "check the AOI's coordinates are longitude, latitude and that it covers the images");
    Pair out = pair;
    out.before = crop(pair.before, cx0, cy0, cx1 - cx0, cy1 - cy0);
    out.after = crop(pair.after, cx0, cy0, cx1 - cx0, cy1 - cy0);
    std::size_t kept = 0;
    for (int y = 0; y < out.before.grid.height; ++y)
        for (int x = 0; x < out.before.grid.width; ++x) {
            const double px = cx0 + x + 0.5;
            const double py = cy0 + y + 0.5;
            const bool in = std::any_of(pixel_polygons.begin(), pixel_polygons.end(),
                                        [&](const auto& rings) { return inside(rings, px, py); });
            const auto i = pixel_index(x, y, out.before.grid.width);
            if (!in) out.before.valid[i] = 0, out.after.valid[i] = 0;
            kept += in && out.before.valid[i] && out.after.valid[i];
        }
    if (kept == 0)
        throw InputError(Location{aoi_file}, "the AOI covers no valid pixel of both images",
                         "check the AOI and the images' nodata areas");
    return out;
}

}  // namespace reckon::imagery
