// Rasters written at run time for the imagery tests (nothing is shipped): a textured scene
// with an optional changed square, nodata and NaN areas, a georeference in a chosen CRS, as a
// GeoTIFF through GDAL's C API. Shared by imagery_test.cpp and site_cli_test.cpp.
#pragma once

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace reckon::test {

struct RasterSpec {
    int width = 64, height = 64, bands = 3;
    unsigned seed = 1;  // texture (same seed, same ground)
    // Georeference: EPSG code (0: none) and the upper-left corner and pixel size in that CRS.
    int epsg = 4326;
    double x0 = 52.0, y0 = 55.7, pixel = 0.0001;
    bool geotransform = true;  // false with epsg 0: a plain raster
    // A square of changed ground: [x, x + size) x [y, y + size), brighter by `brighten`.
    int change_x = 20, change_y = 20, change_size = 0;
    float brighten = 60.0F;
    // Rows [0, nodata_rows) hold `nodata` in band 1 (declared as the band's nodata value).
    int nodata_rows = 0;
    double nodata = -9999.0;
    // Columns [0, nan_cols) are NaN in every band.
    int nan_cols = 0;
    float constant = std::numeric_limits<float>::quiet_NaN();  // finite: every pixel this value
    std::vector<std::string> descriptions;                     // band descriptions ("B04", ...)
};

inline std::string wkt_of_epsg(int epsg) {
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    if (OSRImportFromEPSG(srs, epsg) != OGRERR_NONE) throw std::runtime_error("no EPSG code");
    char* wkt = nullptr;
    OSRExportToWkt(srs, &wkt);
    std::string out = wkt ? wkt : "";
    CPLFree(wkt);
    OSRDestroySpatialReference(srs);
    return out;
}

// Writes `spec` as a Float32 GeoTIFF at `path` (any GDAL path, /vsimem/ too).
inline void write_raster(const std::string& path, const RasterSpec& spec) {
    GDALAllRegister();
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), path.c_str(), spec.width, spec.height,
                                 spec.bands, GDT_Float32, nullptr);
    if (!ds) throw std::runtime_error("cannot create " + path);
    const auto w = static_cast<std::size_t>(spec.width);
    const auto h = static_cast<std::size_t>(spec.height);
    std::mt19937 rng(spec.seed);
    std::normal_distribution<float> noise(0, 25);
    std::vector<float> white(w * h);
    for (auto& v : white) v = noise(rng);
    for (int b = 0; b < spec.bands; ++b) {
        std::vector<float> data(w * h);
        for (std::size_t y = 0; y < h; ++y)
            for (std::size_t x = 0; x < w; ++x) {
                const std::size_t i = y * w + x;
                // 3 x 3 box of the noise: texture at a scale co-registration can lock on to.
                double sum = 0;
                int n = 0;
                for (int dy = -1; dy <= 1; ++dy)
                    for (int dx = -1; dx <= 1; ++dx) {
                        const auto xx = static_cast<long>(x) + dx;
                        const auto yy = static_cast<long>(y) + dy;
                        if (xx < 0 || yy < 0 || xx >= spec.width || yy >= spec.height) continue;
                        sum += white[static_cast<std::size_t>(yy) * w + static_cast<std::size_t>(xx)], ++n;
                    }
                auto v = static_cast<float>(200 + 20 * b + sum / n + 0.3 * static_cast<double>(x));
                const auto ix = static_cast<int>(x);
                const auto iy = static_cast<int>(y);
                if (spec.change_size > 0 && ix >= spec.change_x && ix < spec.change_x + spec.change_size &&
                    iy >= spec.change_y && iy < spec.change_y + spec.change_size)
                    v += spec.brighten * static_cast<float>(1 + b);
                if (std::isfinite(spec.constant)) v = spec.constant;
                if (b == 0 && iy < spec.nodata_rows) v = static_cast<float>(spec.nodata);
                if (ix < spec.nan_cols) v = std::numeric_limits<float>::quiet_NaN();
                data[i] = v;
            }
        GDALRasterBandH band = GDALGetRasterBand(ds, b + 1);
        if (GDALRasterIO(band, GF_Write, 0, 0, spec.width, spec.height, data.data(), spec.width, spec.height,
                         GDT_Float32, 0, 0) != CE_None)
            throw std::runtime_error("cannot write " + path);
        if (spec.nodata_rows > 0) GDALSetRasterNoDataValue(band, spec.nodata);
        if (static_cast<std::size_t>(b) < spec.descriptions.size())
            GDALSetDescription(band, spec.descriptions[static_cast<std::size_t>(b)].c_str());
    }
    if (spec.geotransform) {
        std::array<double, 6> transform{spec.x0, spec.pixel, 0, spec.y0, 0, -spec.pixel};
        GDALSetGeoTransform(ds, transform.data());
        if (spec.epsg > 0) GDALSetProjection(ds, wkt_of_epsg(spec.epsg).c_str());
    }
    GDALClose(ds);
}

}  // namespace reckon::test
