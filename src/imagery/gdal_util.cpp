// GDAL plumbing for the imagery stage; see gdal_util.hpp.
#include "gdal_util.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <mutex>

namespace reckon::imagery::detail {

namespace {

// GDAL's block cache while reckon reads: enough for a row of 512 x 512 tiles of a wide image.
constexpr GIntBig GDAL_CACHE_BYTES = GIntBig{64} << 20U;

}  // namespace

void ensure_gdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        CPLSetErrorHandler(CPLQuietErrorHandler);
        // Each band is read once, whole, into reckon's own arrays: GDAL's block cache (5% of the
        // machine's memory by default) would only keep a second copy of the files. A
        // GDAL_CACHEMAX the user set still wins.
        if (!CPLGetConfigOption("GDAL_CACHEMAX", nullptr)) GDALSetCacheMax64(GDAL_CACHE_BYTES);
    });
}

std::string gdal_message(const std::string& fallback) {
    const char* message = CPLGetLastErrorMsg();
    std::string text = message && *message ? message : fallback;
    CPLErrorReset();
    return text;
}

void fail(const std::string& file, const std::string& what, const std::string& hint) {
    throw InputError(Location{file}, what, hint);
}

Grid grid_of(GDALDatasetH dataset) {
    Grid grid;
    grid.width = GDALGetRasterXSize(dataset);
    grid.height = GDALGetRasterYSize(dataset);
    std::array<double, 6> transform{};
    // A transform that is not finite or maps the plane onto a line (a damaged or hostile
    // header) cannot place pixels: the grid is treated as not georeferenced.
    // So is one that puts a corner beyond 1e8 units of any CRS (projected CRSs span about 4e7
    // m; geographic ones 360 degrees): GDAL 3.6 wraps longitudes by subtracting 360 in a loop,
    // which never ends for a longitude of 1e300 (found by fuzz_imagery_raster).
    constexpr double MAX_COORDINATE = 1e8;
    auto corner_ok = [&](double col, double row) {
        const double x = transform[0] + col * transform[1] + row * transform[2];
        const double y = transform[3] + col * transform[4] + row * transform[5];
        return std::abs(x) <= MAX_COORDINATE && std::abs(y) <= MAX_COORDINATE;
    };
    if (GDALGetGeoTransform(dataset, transform.data()) == CE_None &&
        std::all_of(transform.begin(), transform.end(), [](double v) { return std::isfinite(v); }) &&
        std::abs(transform[1] * transform[5] - transform[2] * transform[4]) > 0 && corner_ok(0, 0) &&
        corner_ok(grid.width, 0) && corner_ok(0, grid.height) && corner_ok(grid.width, grid.height)) {
        grid.geotransform = transform;
        grid.georeferenced = true;
    }
    CPLErrorReset();
    const char* wkt = GDALGetProjectionRef(dataset);
    if (wkt) grid.crs_wkt = wkt;
    return grid;
}

Dataset wrap(const Image& image) {
    ensure_gdal();
    GDALDriverH mem = GDALGetDriverByName("MEM");
    Dataset dataset(GDALCreate(mem, "", image.grid.width, image.grid.height, 0, GDT_Float32, nullptr));
    if (!dataset) fail(image.path, gdal_message("cannot create an in-memory raster"));
    for (const auto& band : image.bands) {
        // MEM's DATAPOINTER option takes the address as text.
        const std::string pointer = fmt::format("DATAPOINTER={}", static_cast<const void*>(band.data()));
        CPLStringList options;
        options.AddString(pointer.c_str());
        if (GDALAddBand(dataset.get(), GDT_Float32, options.List()) != CE_None)
            fail(image.path, gdal_message("cannot wrap a band"));
        GDALSetRasterNoDataValue(GDALGetRasterBand(dataset.get(), GDALGetRasterCount(dataset.get())),
                                 std::numeric_limits<double>::quiet_NaN());
    }
    if (image.grid.georeferenced) {
        auto transform = image.grid.geotransform;  // GDAL's setter takes a non-const pointer
        GDALSetGeoTransform(dataset.get(), transform.data());
        if (!image.grid.crs_wkt.empty()) GDALSetProjection(dataset.get(), image.grid.crs_wkt.c_str());
    }
    return dataset;
}

Srs srs_from_wkt(const std::string& wkt) {
    if (wkt.empty()) return {nullptr};
    Srs srs(OSRNewSpatialReference(nullptr));
    std::string copy = wkt;
    char* text = copy.data();
    if (OSRImportFromWkt(srs.get(), &text) != OGRERR_NONE) return {nullptr};
    OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

}  // namespace reckon::imagery::detail
