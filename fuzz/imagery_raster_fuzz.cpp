// libFuzzer target for imagery/raster.hpp: reckon's own code around GDAL (opening, the size
// bound, reading by strips, nodata to NaN, the validity mask, band names from descriptions
// and file names, band selection and matching, the folder reader, the grid checks and warp of
// a pair) and the change map's thresholds on what it reads. The input becomes files in GDAL's
// /vsimem/ file system; the first byte chooses how:
//   0: the rest is one file, read alone and as a pair with itself;
//   1: the rest is two files (split where the second byte says), read as a pair;
//   2: the rest is up to three one-band files of a folder (B02, B03, B04), read as one image;
//   3: the rest describes two small rasters field by field (size, bands, nodata, geotransform,
//      CRS, band names, pixel values), written as GeoTIFFs and read as a pair, so that the
//      fuzzer reaches the pair logic without having to invent TIFF headers.
// Bad input must end in InputError; whatever is read must satisfy the reader's invariants.
#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "reckon/core/error.hpp"
#include "reckon/imagery/change.hpp"
#include "reckon/imagery/raster.hpp"

namespace {

using reckon::imagery::Image;

constexpr std::size_t MAX_BYTES = std::size_t{4} << 20U;  // the reader's bound while fuzzing: fast runs
const char* const ROOT = "/vsimem/reckon_fuzz";

// Reads the input front to back; past the end every read gives 0.
struct Bytes {
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
    std::size_t at = 0;
    std::uint8_t byte() { return at < size ? data[at++] : 0; }
    double number() {
        std::array<std::uint8_t, sizeof(double)> raw{};
        for (auto& b : raw) b = byte();
        double v = 0;
        std::memcpy(&v, raw.data(), sizeof v);
        return v;
    }
    float value() {
        std::array<std::uint8_t, sizeof(float)> raw{};
        for (auto& b : raw) b = byte();
        float v = 0;
        std::memcpy(&v, raw.data(), sizeof v);
        return v;
    }
};

void put_file(const std::string& path, const std::uint8_t* data, std::size_t size) {
    VSILFILE* f = VSIFOpenL(path.c_str(), "wb");
    if (!f) std::abort();
    if (size > 0) VSIFWriteL(data, 1, size, f);
    VSIFCloseL(f);
}

// The invariants of a read image: as many names as bands, each band one value per pixel, and
// `valid` exactly where every band is finite.
void check(const Image& image) {
    if (image.bands.empty() || image.bands.size() != image.band_names.size()) std::abort();
    if (image.valid.size() != image.grid.pixels() || image.valid_count() == 0) std::abort();
    for (const auto& band : image.bands)
        if (band.size() != image.grid.pixels()) std::abort();
    for (std::size_t i = 0; i < image.valid.size(); ++i) {
        bool finite = true;
        for (const auto& band : image.bands) finite = finite && std::isfinite(band[i]);
        if (finite != (image.valid[i] != 0)) std::abort();
    }
}

// A pair: one grid, the same band names, and a change map (CVA, the cheapest method) whose
// threshold is finite and whose mask lies within the valid pixels.
void check(const reckon::imagery::Pair& pair) {
    check(pair.before);
    check(pair.after);
    if (pair.before.grid.width != pair.after.grid.width || pair.before.grid.height != pair.after.grid.height)
        std::abort();
    if (pair.before.band_names != pair.after.band_names) std::abort();
    if (!std::isfinite(pair.shift_x_px) || !std::isfinite(pair.shift_y_px)) std::abort();
    reckon::imagery::ChangeOptions options;
    options.method = reckon::imagery::Method::cva;
    options.clean = false;
    try {
        const auto map = reckon::imagery::detect_change(pair, options);
        if (!std::isfinite(map.threshold)) std::abort();
        for (std::size_t i = 0; i < map.mask.size(); ++i)
            if (map.mask[i] && !map.valid[i]) std::abort();
    } catch (const reckon::InputError&) {  // too few valid pixels: refused, which is right
    }
}

// Mode 3: a raster described field by field, written as a GeoTIFF at `path`.
void write_described(Bytes& in, const std::string& path) {
    const int width = 1 + in.byte() % 24;
    const int height = 1 + in.byte() % 24;
    const int bands = 1 + in.byte() % 4;
    const std::uint8_t flags = in.byte();
    static const std::array<const char*, 6> NAMES{"B02", "B03", "B04", "B08", "B11", "red"};
    GDALDriverH driver = GDALGetDriverByName("GTiff");
    GDALDatasetH ds = GDALCreate(driver, path.c_str(), width, height, bands, GDT_Float32, nullptr);
    if (!ds) std::abort();
    const double nodata = in.number();
    for (int b = 1; b <= bands; ++b) {
        GDALRasterBandH band = GDALGetRasterBand(ds, b);
        if ((flags & 1U) != 0) GDALSetRasterNoDataValue(band, nodata);
        if ((flags & 2U) != 0) GDALSetDescription(band, NAMES[in.byte() % NAMES.size()]);
        std::vector<float> values(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
        // A few values from the input, repeated with a ramp so that images have texture.
        const float base = in.value();
        const float step = in.value();
        for (std::size_t i = 0; i < values.size(); ++i)
            values[i] = (i % 7 == 0) ? in.value() : base + step * static_cast<float>(i % 13);
        if (GDALRasterIO(band, GF_Write, 0, 0, width, height, values.data(), width, height, GDT_Float32, 0,
                         0) != CE_None)
            std::abort();
    }
    if ((flags & 4U) != 0) {
        std::array<double, 6> transform{};
        for (auto& t : transform) t = (flags & 8U) != 0 ? in.number() : static_cast<double>(in.byte()) / 16.0;
        if ((flags & 8U) == 0)
            transform = {52.0 + transform[0] / 100, 1e-4, 0, 55.7 - transform[3] / 100, 0, -1e-4};
        GDALSetGeoTransform(ds, transform.data());
        static const std::array<int, 3> CODES{4326, 3857, 32639};
        if ((flags & 16U) != 0) {
            OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
            OSRImportFromEPSG(srs, CODES[in.byte() % CODES.size()]);
            char* wkt = nullptr;
            OSRExportToWkt(srs, &wkt);
            GDALSetProjection(ds, wkt);
            CPLFree(wkt);
            OSRDestroySpatialReference(srs);
        }
    }
    GDALClose(ds);
}

void run(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return;
    reckon::imagery::PairOptions options;
    options.read.max_bytes = MAX_BYTES;
    const std::string root = ROOT;
    const std::string a = root + "/a.tif";
    const std::string b = root + "/b.tif";
    switch (data[0] % 4) {
        case 0: {
            put_file(a, data + 1, size - 1);
            check(reckon::imagery::read_image(a, options.read));
            check(reckon::imagery::read_pair(a, a, options));
            break;
        }
        case 1: {
            const std::size_t rest = size > 2 ? size - 2 : 0;
            const std::size_t split = size > 1 ? rest * data[1] / 255 : 0;
            put_file(a, data + 2, split);
            put_file(b, data + 2 + split, rest - split);
            check(reckon::imagery::read_pair(a, b, options));
            break;
        }
        case 2: {
            const std::string folder = root + "/bands";
            VSIMkdir(folder.c_str(), 0755);
            const std::size_t files = 1 + (size > 1 ? data[1] % 3 : 0);
            const std::size_t rest = size > 2 ? size - 2 : 0;
            static const std::array<const char*, 3> NAMES{"/x_B02.tif", "/x_B03.tif", "/x_B04.tif"};
            for (std::size_t f = 0; f < files; ++f) {
                const std::size_t from = rest * f / files;
                const std::size_t to = rest * (f + 1) / files;
                put_file(folder + NAMES[f], data + 2 + from, to - from);
            }
            check(reckon::imagery::read_image(folder, options.read));
            break;
        }
        default: {
            Bytes in{data + 1, size - 1};
            write_described(in, a);
            write_described(in, b);
            const std::uint8_t pick = in.byte();
            if ((pick & 1U) != 0) options.read.bands = {(pick & 2U) != 0 ? "B04" : "2"};
            options.coregister = (pick & 4U) != 0;
            check(reckon::imagery::read_pair(a, b, options));
            break;
        }
    }
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool registered = [] {
        GDALAllRegister();
        CPLSetErrorHandler(CPLQuietErrorHandler);
        return true;
    }();
    (void)registered;
    try {
        run(data, size);
    } catch (const reckon::InputError&) {
    }
    VSIRmdirRecursive(ROOT);
    return 0;
}
