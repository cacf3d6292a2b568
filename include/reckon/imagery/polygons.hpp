// Changed regions as polygons: polygonised from the change map (GDALPolygonize), simplified,
// each with its area on the WGS84 ellipsoid (GeographicLib), a class from spectral indices
// where the bands allow, and a confidence. Written as GeoJSON (RFC 7946) and GeoPackage.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "reckon/imagery/change.hpp"
#include "reckon/imagery/raster.hpp"

namespace reckon::imagery {

using Ring = std::vector<std::array<double, 2>>;  // (lon, lat) degrees, or (col, row) pixels

struct ChangePolygon {
    std::vector<Ring> rings;  // exterior first, then holes; closed (first point repeated)
    double area_m2 = 0;       // geodesic, holes subtracted; 0 without a georeference
    std::size_t pixels = 0;
    double mean_score = 0;
    double confidence = 0;     // 1 - threshold / mean score, in [0, 1]
    std::string change_class;  // new_roof, cleared_ground, vegetation_lost, other
};

// Geodesic area (m^2) of a polygon given as (lon, lat) rings: |exterior| - sum |holes|.
double geodesic_area_m2(const std::vector<Ring>& rings);

struct PolygonOptions {
    double simplify_px = 1.0;  // Douglas-Peucker tolerance, in pixels (topology kept)
};

// One polygon per 8-connected changed region, in WGS84 (lon, lat) when the pair is
// georeferenced, otherwise in pixel coordinates with area 0. Largest first.
std::vector<ChangePolygon> polygonise(const ChangeMap& map, const Pair& pair,
                                      const PolygonOptions& options = {});

// RFC 7946 GeoJSON text: a FeatureCollection with area_m2, class, confidence, pixels per
// feature, exterior rings counter-clockwise.
std::string to_geojson(const std::vector<ChangePolygon>& polygons);

// A GeoPackage with one layer "change" (EPSG:4326). Writes to a temporary name first.
void write_geopackage(const std::string& path, const std::vector<ChangePolygon>& polygons);

}  // namespace reckon::imagery
