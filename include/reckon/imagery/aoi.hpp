// An area of interest: a GeoJSON Polygon or MultiPolygon in WGS84 (lon, lat), bare or in a
// Feature or FeatureCollection, and the masking of a pair to it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "reckon/imagery/polygons.hpp"
#include "reckon/imagery/raster.hpp"

namespace reckon::imagery {

// Polygons, each as rings (exterior first) of (lon, lat) points.
struct Aoi {
    std::vector<std::vector<Ring>> polygons;
};

// Parses GeoJSON text; `file` names it in errors. Throws InputError (with the byte offset for
// bad JSON) for anything but polygons with finite coordinates in range and rings of at least
// four points.
Aoi parse_aoi(std::string_view text, const std::string& file);
Aoi read_aoi(const std::string& path);

// Crops the pair to the AOI's bounding box and marks pixels outside it invalid. Throws
// InputError when the images are not georeferenced or the AOI misses them.
Pair clip_to_aoi(const Pair& pair, const Aoi& aoi, const std::string& aoi_file);

}  // namespace reckon::imagery
