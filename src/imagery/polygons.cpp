// Polygons of changed regions with geodesic areas; see polygons.hpp.
#include "reckon/imagery/polygons.hpp"

#include <cpl_string.h>
#include <fmt/core.h>
#include <gdal_alg.h>
#include <ogr_api.h>

#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/PolygonArea.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "gdal_util.hpp"
#include "reckon/imagery/components.hpp"

namespace reckon::imagery {

using detail::Dataset;
using detail::fail;
using detail::gdal_message;

namespace {

// Index thresholds for naming what changed (a change of 0.1 in NDVI is a common "clear loss"
// cut in the vegetation-monitoring literature).
constexpr double NDVI_DROP = 0.1;
constexpr double INDEX_RISE = 0.05;
constexpr double BRIGHTNESS_RISE = 0.1;

double ring_area(const Ring& ring) {
    GeographicLib::PolygonArea polygon(GeographicLib::Geodesic::WGS84());
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) polygon.AddPoint(ring[i][1], ring[i][0]);
    double perimeter = 0;
    double area = 0;
    polygon.Compute(false, true, perimeter, area);
    return std::abs(area);
}

// Signed shoelace area (positive = counter-clockwise in x-east, y-north axes).
double signed_area(const Ring& ring) {
    double s = 0;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i)
        s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
    return s / 2;
}

struct Region {
    std::size_t pixels = 0;
    double score = 0;
    // Sums of per-pixel index changes.
    double d_ndvi = 0, d_ndbi = 0, d_bsi = 0, d_bright = 0, d_green = 0;
};

float band_at(const Image& image, int band, std::size_t i) {
    return band < 0 ? 0.0F : image.bands[static_cast<std::size_t>(band)][i];
}

double normalised(double a, double b) { return a + b != 0 ? (a - b) / (a + b) : 0.0; }

std::string classify(const Region& r, bool spectral, bool rgb) {
    const double n = std::max<double>(1, static_cast<double>(r.pixels));
    if (spectral) {
        if (r.d_ndbi / n > INDEX_RISE && r.d_ndvi / n < 0) return "new_roof";
        if (r.d_ndvi / n < -NDVI_DROP) return r.d_bsi / n > INDEX_RISE ? "cleared_ground" : "vegetation_lost";
        if (r.d_bsi / n > INDEX_RISE) return "cleared_ground";
        return "other";
    }
    if (rgb) {
        if (r.d_green / n < -INDEX_RISE) return "vegetation_lost";
        if (r.d_bright / n > BRIGHTNESS_RISE) return "new_roof";
    }
    return "other";
}

}  // namespace

double geodesic_area_m2(const std::vector<Ring>& rings) {
    double area = 0;
    for (std::size_t i = 0; i < rings.size(); ++i) area += (i == 0 ? 1 : -1) * ring_area(rings[i]);
    return std::max(0.0, area);
}

std::vector<ChangePolygon> polygonise(const ChangeMap& map, const Pair& pair, const PolygonOptions& options) {
    detail::ensure_gdal();
    const int w = map.width;
    const int h = map.height;
    const Image& a = pair.before;
    const Image& b = pair.after;
    const int red = a.band_index("B04");
    const int nir = a.band_index("B08");
    const int swir = a.band_index("B11");
    const int blue = a.band_index("B02");
    const bool spectral = red >= 0 && nir >= 0 && swir >= 0 && blue >= 0;
    const bool rgb = !spectral && (a.bands.size() == 3 || a.bands.size() == 4);
    // Component labels (8-connected), so each polygon's pixels can be summarised.
    std::vector<Region> regions(1);
    auto components = label_components(map.mask, w, h, [&](std::size_t i, std::int32_t id) {
        if (static_cast<std::size_t>(id) == regions.size()) regions.emplace_back();
        Region& region = regions[static_cast<std::size_t>(id)];
        ++region.pixels;
        region.score += map.score[i];
        if (spectral) {
            auto ndvi = [&](const Image& m) { return normalised(band_at(m, nir, i), band_at(m, red, i)); };
            auto ndbi = [&](const Image& m) { return normalised(band_at(m, swir, i), band_at(m, nir, i)); };
            auto bsi = [&](const Image& m) {
                return normalised(band_at(m, swir, i) + band_at(m, red, i),
                                  band_at(m, nir, i) + band_at(m, blue, i));
            };
            region.d_ndvi += ndvi(b) - ndvi(a), region.d_ndbi += ndbi(b) - ndbi(a),
                region.d_bsi += bsi(b) - bsi(a);
        } else if (rgb) {
            auto bright = [&](const Image& m) {
                return (band_at(m, 0, i) + band_at(m, 1, i) + band_at(m, 2, i)) / 3.0;
            };
            // Excess green, normalised by brightness.
            auto green = [&](const Image& m) {
                const double s = band_at(m, 0, i) + band_at(m, 1, i) + band_at(m, 2, i);
                return s > 0 ? (2.0 * band_at(m, 1, i) - band_at(m, 0, i) - band_at(m, 2, i)) / s : 0.0;
            };
            const double ba = bright(a);
            region.d_bright += ba > 0 ? (bright(b) - ba) / ba : 0.0;
            region.d_green += green(b) - green(a);
        }
    });
    std::vector<std::int32_t>& label = components.labels;
    if (regions.size() == 1) return {};
    // The label raster as a MEM dataset on the pair's grid, polygonised with 8-connectedness.
    GDALDriverH mem = GDALGetDriverByName("MEM");
    Dataset raster(GDALCreate(mem, "", w, h, 1, GDT_Int32, nullptr));
    GDALRasterBandH band = GDALGetRasterBand(raster.get(), 1);
    if (GDALRasterIO(band, GF_Write, 0, 0, w, h, label.data(), w, h, GDT_Int32, 0, 0) != CE_None)
        fail(pair.before.path, gdal_message("cannot stage the change map"));
    const Grid& grid = pair.before.grid;
    std::array<double, 6> transform{0, 1, 0, 0, 0, 1};
    if (grid.georeferenced) transform = grid.geotransform;
    GDALSetGeoTransform(raster.get(), transform.data());
    GDALDriverH memory = GDALGetDriverByName("Memory");
    Dataset vector(GDALCreate(memory, "", 0, 0, 0, GDT_Unknown, nullptr));
    OGRLayerH layer = GDALDatasetCreateLayer(vector.get(), "change", nullptr, wkbPolygon, nullptr);
    OGRFieldDefnH field = OGR_Fld_Create("id", OFTInteger);
    OGR_L_CreateField(layer, field, 1);
    OGR_Fld_Destroy(field);
    CPLStringList polygonize_options;
    polygonize_options.AddNameValue("8CONNECTED", "8");
    if (GDALPolygonize(band, band, layer, 0, polygonize_options.List(), nullptr, nullptr) != CE_None)
        fail(pair.before.path, gdal_message("GDAL could not polygonise the change map"));
    auto source = detail::srs_from_wkt(grid.crs_wkt);
    detail::Srs wgs84(OSRNewSpatialReference(nullptr));
    OSRImportFromEPSG(wgs84.get(), 4326);
    OSRSetAxisMappingStrategy(wgs84.get(), OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH to_wgs84 =
        grid.georeferenced && source ? OCTNewCoordinateTransformation(source.get(), wgs84.get()) : nullptr;
    const double tolerance =
        options.simplify_px * (grid.georeferenced ? std::abs(grid.geotransform[1]) : 1.0);
    std::vector<ChangePolygon> polygons(regions.size());
    OGR_L_ResetReading(layer);
    while (OGRFeatureH feature = OGR_L_GetNextFeature(layer)) {
        const int id = OGR_F_GetFieldAsInteger(feature, 0);
        OGRGeometryH geometry = OGR_F_GetGeometryRef(feature);
        if (id <= 0 || id >= static_cast<int>(regions.size()) || !geometry) {
            OGR_F_Destroy(feature);
            continue;
        }
        OGRGeometryH simple = tolerance > 0 ? OGR_G_SimplifyPreserveTopology(geometry, tolerance) : nullptr;
        OGRGeometryH use = simple && !OGR_G_IsEmpty(simple) ? simple : geometry;
        if (to_wgs84) OGR_G_Transform(use, to_wgs84);
        ChangePolygon& polygon = polygons[static_cast<std::size_t>(id)];
        for (int r = 0; r < OGR_G_GetGeometryCount(use); ++r) {
            OGRGeometryH ring = OGR_G_GetGeometryRef(use, r);
            Ring points;
            for (int k = 0; k < OGR_G_GetPointCount(ring); ++k)
                points.push_back({OGR_G_GetX(ring, k), OGR_G_GetY(ring, k)});
            if (points.size() < 4) continue;
            // RFC 7946: exterior counter-clockwise, holes clockwise (lon east, lat north). Pixel
            // rows grow downwards, so the sense is flipped there.
            const bool ccw = signed_area(points) > 0;
            const bool want_ccw = (r == 0) == (to_wgs84 != nullptr);
            if (ccw != want_ccw) std::reverse(points.begin(), points.end());
            polygon.rings.push_back(std::move(points));
        }
        if (simple) OGR_G_DestroyGeometry(simple);
        OGR_F_Destroy(feature);
    }
    if (to_wgs84) OCTDestroyCoordinateTransformation(to_wgs84);
    std::vector<ChangePolygon> out;
    for (std::size_t id = 1; id < regions.size(); ++id) {
        ChangePolygon& polygon = polygons[id];
        if (polygon.rings.empty()) continue;
        const Region& region = regions[id];
        polygon.pixels = region.pixels;
        polygon.mean_score = region.score / static_cast<double>(region.pixels);
        polygon.confidence =
            polygon.mean_score > 0 ? std::clamp(1.0 - map.threshold / polygon.mean_score, 0.0, 1.0) : 0.0;
        polygon.change_class = classify(region, spectral, rgb);
        polygon.area_m2 = grid.georeferenced && !grid.crs_wkt.empty() ? geodesic_area_m2(polygon.rings) : 0.0;
        out.push_back(std::move(polygon));
    }
    std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.pixels > y.pixels; });
    return out;
}

std::string to_geojson(const std::vector<ChangePolygon>& polygons) {
    nlohmann::json features = nlohmann::json::array();
    for (std::size_t i = 0; i < polygons.size(); ++i) {
        const auto& p = polygons[i];
        nlohmann::json rings = nlohmann::json::array();
        for (const auto& ring : p.rings) {
            nlohmann::json points = nlohmann::json::array();
            // RFC 7946 recommends no more than 6 decimals (about 0.1 m).
            for (const auto& q : ring)
                points.push_back({std::round(q[0] * 1e7) / 1e7, std::round(q[1] * 1e7) / 1e7});
            rings.push_back(std::move(points));
        }
        features.push_back({{"type", "Feature"},
                            {"id", i + 1},
                            {"properties",
                             {{"area_m2", std::round(p.area_m2 * 10) / 10},
                              {"class", p.change_class},
                              {"confidence", std::round(p.confidence * 1000) / 1000},
                              {"pixels", p.pixels}}},
                            {"geometry", {{"type", "Polygon"}, {"coordinates", std::move(rings)}}}});
    }
    return nlohmann::json{{"type", "FeatureCollection"}, {"features", std::move(features)}}.dump(1) + "\n";
}

void write_geopackage(const std::string& path, const std::vector<ChangePolygon>& polygons) {
    detail::ensure_gdal();
    const std::string temporary = path + ".tmp.gpkg";
    std::filesystem::remove(temporary);
    {
        GDALDriverH driver = GDALGetDriverByName("GPKG");
        if (!driver) fail(path, "this GDAL has no GeoPackage driver");
        Dataset dataset(GDALCreate(driver, temporary.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!dataset) fail(path, gdal_message("cannot create the GeoPackage"));
        detail::Srs wgs84(OSRNewSpatialReference(nullptr));
        OSRImportFromEPSG(wgs84.get(), 4326);
        OGRLayerH layer = GDALDatasetCreateLayer(dataset.get(), "change", wgs84.get(), wkbPolygon, nullptr);
        if (!layer) fail(path, gdal_message("cannot create the layer"));
        const auto fields = std::to_array<std::pair<const char*, OGRFieldType>>(
            {{"area_m2", OFTReal}, {"class", OFTString}, {"confidence", OFTReal}, {"pixels", OFTInteger64}});
        for (const auto& [name, type] : fields) {
            OGRFieldDefnH field = OGR_Fld_Create(name, type);
            OGR_L_CreateField(layer, field, 1);
            OGR_Fld_Destroy(field);
        }
        GDALDatasetStartTransaction(dataset.get(), 0);
        for (const auto& p : polygons) {
            OGRFeatureH feature = OGR_F_Create(OGR_L_GetLayerDefn(layer));
            OGR_F_SetFieldDouble(feature, 0, p.area_m2);
            OGR_F_SetFieldString(feature, 1, p.change_class.c_str());
            OGR_F_SetFieldDouble(feature, 2, p.confidence);
            OGR_F_SetFieldInteger64(feature, 3, static_cast<GIntBig>(p.pixels));
            OGRGeometryH polygon = OGR_G_CreateGeometry(wkbPolygon);
            for (const auto& ring : p.rings) {
                OGRGeometryH r = OGR_G_CreateGeometry(wkbLinearRing);
                for (const auto& q : ring) OGR_G_AddPoint_2D(r, q[0], q[1]);
                OGR_G_AddGeometryDirectly(polygon, r);
            }
            OGR_F_SetGeometryDirectly(feature, polygon);
            const bool ok = OGR_L_CreateFeature(layer, feature) == OGRERR_NONE;
            OGR_F_Destroy(feature);
            if (!ok) fail(path, gdal_message("cannot write a polygon"));
        }
        GDALDatasetCommitTransaction(dataset.get());
    }
    std::filesystem::rename(temporary, path);
}

}  // namespace reckon::imagery
