// Reading rasters and pairs through GDAL; see raster.hpp. A folder of one-band files is one
// image on the grid of its finest band; the second image of a pair is warped onto the first's
// grid when both are georeferenced.
#include "reckon/imagery/raster.hpp"

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <fmt/core.h>
#include <gdal_utils.h>
#include <ogr_srs_api.h>
#include <unistd.h>

#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/PolygonArea.hpp>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <limits>

#include "gdal_util.hpp"
#include "reckon/imagery/coregister.hpp"

namespace fs = std::filesystem;

namespace reckon::imagery {

using detail::Dataset;
using detail::fail;
using detail::gdal_message;

namespace {

constexpr float NAN_F = std::numeric_limits<float>::quiet_NaN();

std::string upper(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

// "T40QBM_20180328T065919_B8A.tif" -> "B8A": the last '_' token when it looks like a band.
std::string band_name_of_file(const fs::path& file) {
    const std::string stem = file.stem().string();
    const auto underscore = stem.rfind('_');
    const std::string token = underscore == std::string::npos ? stem : stem.substr(underscore + 1);
    return upper(token);
}

bool is_raster_name(const fs::path& file) {
    const std::string ext = upper(file.extension().string());
    return ext == ".TIF" || ext == ".TIFF" || ext == ".JP2" || ext == ".PNG" || ext == ".IMG";
}

// The most memory the pixels of one image may take: the caller's bound, else half of this
// machine's physical memory, so that a small file claiming a huge size (a sparse or
// compressed TIFF header) is refused before anything is allocated.
std::size_t memory_bound(const ReadOptions& options) {
    if (options.max_bytes > 0) return options.max_bytes;
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long page = sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || page <= 0) return std::size_t{8} << 30U;
    return static_cast<std::size_t>(pages) / 2 * static_cast<std::size_t>(page);
}

void check_size(const std::string& path, const Grid& grid, std::size_t bands, const ReadOptions& options) {
    if (grid.width <= 0 || grid.height <= 0) fail(path, "has no pixel (0 rows or columns)");
    const std::size_t limit = memory_bound(options);
    const std::size_t per_band = grid.pixels() * sizeof(float);
    if (bands > 0 && per_band > limit / bands)
        fail(path,
             fmt::format("is {} x {} pixels x {} bands: {:.1f} GB as floats, more than the {:.1f} GB reckon "
                         "allows an image here",
                         grid.width, grid.height, bands,
                         static_cast<double>(per_band) * static_cast<double>(bands) / 1e9,
                         static_cast<double>(limit) / 1e9),
             "crop it first (gdal_translate -srcwin or -projwin) or choose fewer bands with --bands");
}

// Whether `path` exists and is a folder, through GDAL's virtual file systems (so /vsimem/,
// /vsizip/ and /vsicurl/ paths work as well as local ones).
bool vsi_exists(const std::string& path, bool& folder) {
    VSIStatBufL stat{};
    if (VSIStatExL(path.c_str(), &stat, VSI_STAT_EXISTS_FLAG | VSI_STAT_NATURE_FLAG) != 0) return false;
    folder = VSI_ISDIR(stat.st_mode);
    return true;
}

// The regular files directly inside `path`, sorted by name.
std::vector<fs::path> list_files(const std::string& path) {
    std::vector<fs::path> files;
    char** names = VSIReadDir(path.c_str());
    for (int i = 0; names && names[i]; ++i) {
        const std::string name = names[i];
        if (name == "." || name == "..") continue;
        const std::string full = (fs::path(path) / name).string();
        bool folder = false;
        if (vsi_exists(full, folder) && !folder) files.emplace_back(full);
    }
    CSLDestroy(names);
    std::sort(files.begin(), files.end());
    return files;
}

Dataset open_dataset(const std::string& path) {
    detail::ensure_gdal();
    CPLErrorReset();
    Dataset dataset(GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!dataset)
        fail(path, gdal_message("GDAL cannot read this file"),
             "give a raster GDAL reads (GeoTIFF, JPEG 2000, PNG, ENVI, a SAFE folder) or a folder of them");
    // Containers such as a Sentinel-2 SAFE product expose their images as subdatasets: take the
    // first (for Sentinel-2 L1C, the 10 m bands).
    if (GDALGetRasterCount(dataset.get()) == 0) {
        char** subdatasets = GDALGetMetadata(dataset.get(), "SUBDATASETS");
        const char* first = CSLFetchNameValue(subdatasets, "SUBDATASET_1_NAME");
        if (!first) fail(path, "the file holds no raster band");
        const std::string name = first;
        dataset.reset(GDALOpenEx(name.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
        if (!dataset) fail(path, gdal_message("cannot open its first subdataset " + name));
    }
    return dataset;
}

// Reads band `band` (1-based) of `dataset` as floats, by strips of the file's block height,
// with nodata turned into NaN.
std::vector<float> read_band(GDALDatasetH dataset, int band, const std::string& path) {
    const int width = GDALGetRasterXSize(dataset);
    const int height = GDALGetRasterYSize(dataset);
    GDALRasterBandH handle = GDALGetRasterBand(dataset, band);
    int block_x = 0;
    int block_y = 0;
    GDALGetBlockSize(handle, &block_x, &block_y);
    const int strip = std::max(1, std::min(height, block_y > 0 ? block_y * 4 : 64));
    std::vector<float> values(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
    for (int row = 0; row < height; row += strip) {
        const int rows = std::min(strip, height - row);
        CPLErrorReset();
        if (GDALRasterIO(handle, GF_Read, 0, row, width, rows,
                         values.data() + static_cast<std::size_t>(row) * static_cast<std::size_t>(width),
                         width, rows, GDT_Float32, 0, 0) != CE_None)
            fail(path,
                 fmt::format("band {} cannot be read at rows {}..{}: {}", band, row, row + rows - 1,
                             gdal_message("read error")),
                 "the file may be truncated or damaged; check it with gdalinfo -checksum");
    }
    int has_nodata = 0;
    const double nodata = GDALGetRasterNoDataValue(handle, &has_nodata);
    if (has_nodata && !std::isnan(nodata)) {
        const auto nodata_f = static_cast<float>(nodata);
        for (auto& v : values)
            if (v == nodata_f) v = NAN_F;
    }
    return values;
}

void compute_valid(Image& image) {
    image.valid.assign(image.grid.pixels(), 1);
    for (const auto& band : image.bands)
        for (std::size_t i = 0; i < band.size(); ++i)
            if (!std::isfinite(band[i])) image.valid[i] = 0;
    for (auto& band : image.bands)
        for (std::size_t i = 0; i < band.size(); ++i)
            if (!image.valid[i]) band[i] = NAN_F;
}

// Warps `source` (any georeferenced dataset) onto `target`, bilinear, as Float32 with NaN
// for pixels it does not cover.
Dataset warp_onto(GDALDatasetH source, const Grid& target, const std::string& path) {
    const auto& t = target.geotransform;
    const double xmin = t[0];
    const double xmax = t[0] + t[1] * target.width;
    const double ymax = t[3];
    const double ymin = t[3] + t[5] * target.height;
    std::vector<std::string> args = {"-of",
                                     "MEM",
                                     "-ot",
                                     "Float32",
                                     "-r",
                                     "bilinear",
                                     "-dstnodata",
                                     "nan",
                                     "-te",
                                     fmt::format("{:.17g}", std::min(xmin, xmax)),
                                     fmt::format("{:.17g}", std::min(ymin, ymax)),
                                     fmt::format("{:.17g}", std::max(xmin, xmax)),
                                     fmt::format("{:.17g}", std::max(ymin, ymax)),
                                     "-ts",
                                     std::to_string(target.width),
                                     std::to_string(target.height)};
    if (!target.crs_wkt.empty()) {
        args.emplace_back("-t_srs");
        args.push_back(target.crs_wkt);
    }
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    GDALWarpAppOptions* options = GDALWarpAppOptionsNew(argv.data(), nullptr);
    if (!options) fail(path, gdal_message("bad warp options"));
    int usage_error = 0;
    std::array<GDALDatasetH, 1> sources{source};
    CPLErrorReset();
    Dataset warped(GDALWarp("", nullptr, 1, sources.data(), options, &usage_error));
    GDALWarpAppOptionsFree(options);
    if (!warped)
        fail(path, gdal_message("cannot warp onto the first image's grid"),
             "check that both images carry a coordinate reference system GDAL knows");
    return warped;
}

Image read_folder(const std::string& path, const ReadOptions& options) {
    std::vector<fs::path> files;
    for (auto& file : list_files(path))
        if (is_raster_name(file)) files.push_back(std::move(file));
    if (files.empty())
        fail(path, "the folder holds no raster (.tif, .tiff, .jp2, .png, .img)",
             "give a folder with one file per band, or one multi-band file");
    // The reference grid is the finest band's (smallest pixel), the first such on a tie.
    std::vector<Dataset> datasets;
    std::size_t finest = 0;
    double finest_size = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < files.size(); ++i) {
        datasets.push_back(open_dataset(files[i].string()));
        const Grid grid = detail::grid_of(datasets.back().get());
        const double size = grid.georeferenced ? std::abs(grid.geotransform[1]) : 1.0 / grid.width;
        if (size < finest_size - 1e-15) finest_size = size, finest = i;
    }
    Image image;
    image.path = path;
    image.grid = detail::grid_of(datasets[finest].get());
    std::size_t total_bands = 0;
    for (const auto& dataset : datasets)
        total_bands += static_cast<std::size_t>(GDALGetRasterCount(dataset.get()));
    check_size(path, image.grid, total_bands, options);
    for (std::size_t i = 0; i < files.size(); ++i) {
        const std::string file = files[i].string();
        GDALDatasetH dataset = datasets[i].get();
        const Grid grid = detail::grid_of(dataset);
        const int count = GDALGetRasterCount(dataset);
        for (int b = 1; b <= count; ++b) {
            std::string name = band_name_of_file(files[i]);
            if (count > 1) name += fmt::format("_{}", b);
            image.band_names.push_back(name);
        }
        if (grid.width == image.grid.width && grid.height == image.grid.height &&
            grid.geotransform == image.grid.geotransform) {
            for (int b = 1; b <= count; ++b) image.bands.push_back(read_band(dataset, b, file));
            continue;
        }
        if (!grid.georeferenced || !image.grid.georeferenced)
            fail(
                file,
                fmt::format(
                    "is {}x{} pixels, the folder's finest band {}x{}, and has no georeference to resample by",
                    grid.width, grid.height, image.grid.width, image.grid.height),
                "give bands of one size, or georeferenced ones");
        const Dataset warped = warp_onto(dataset, image.grid, file);
        for (int b = 1; b <= count; ++b) image.bands.push_back(read_band(warped.get(), b, file));
    }
    return image;
}

Image read_file(const std::string& path, const ReadOptions& options) {
    const Dataset dataset = open_dataset(path);
    Image image;
    image.path = path;
    image.grid = detail::grid_of(dataset.get());
    const int count = GDALGetRasterCount(dataset.get());
    check_size(path, image.grid, static_cast<std::size_t>(count), options);
    for (int b = 1; b <= count; ++b) {
        GDALRasterBandH band = GDALGetRasterBand(dataset.get(), b);
        const char* description = GDALGetDescription(band);
        // GDAL names Sentinel-2 bands "B4, central wavelength 665 nm": keep "B04"-style names.
        std::string name = description && *description ? description : std::to_string(b);
        if (name.size() >= 2 && (name[0] == 'B' || name[0] == 'b') &&
            std::isdigit(static_cast<unsigned char>(name[1]))) {
            std::size_t end = 1;
            while (end < name.size() && std::isalnum(static_cast<unsigned char>(name[end]))) ++end;
            name = upper(name.substr(0, end));
            if (name.size() == 2) name = "B0" + name.substr(1);
        } else {
            name = std::to_string(b);
        }
        image.band_names.push_back(name);
        image.bands.push_back(read_band(dataset.get(), b, path));
    }
    return image;
}

Image select_bands(Image image, const std::vector<std::string>& wanted) {
    if (wanted.empty()) return image;
    Image out;
    out.grid = image.grid;
    out.path = image.path;
    for (const auto& want : wanted) {
        int index = image.band_index(want);
        if (index < 0 && !want.empty() && std::all_of(want.begin(), want.end(), [](char c) {
                return std::isdigit(static_cast<unsigned char>(c));
            })) {
            const int n = std::stoi(want);
            if (n >= 1 && n <= static_cast<int>(image.bands.size())) index = n - 1;
        }
        if (index < 0) {
            std::string names;
            for (const auto& n : image.band_names) names += (names.empty() ? "" : ", ") + n;
            fail(image.path, fmt::format("has no band {}", want), "its bands are: " + names);
        }
        out.band_names.push_back(image.band_names[static_cast<std::size_t>(index)]);
        out.bands.push_back(image.bands[static_cast<std::size_t>(index)]);
    }
    return out;
}

std::array<double, 4> bounds(const Grid& grid) {
    const auto a = to_world(grid, 0, 0);
    const auto b = to_world(grid, grid.width, grid.height);
    return {std::min(a[0], b[0]), std::min(a[1], b[1]), std::max(a[0], b[0]), std::max(a[1], b[1])};
}

// The extent of `grid` in the CRS of `target` (corner points transformed).
std::array<double, 4> bounds_in(const Grid& grid, const Grid& target) {
    auto box = bounds(grid);
    if (grid.crs_wkt.empty() || target.crs_wkt.empty()) return box;
    auto from = detail::srs_from_wkt(grid.crs_wkt);
    auto to = detail::srs_from_wkt(target.crs_wkt);
    if (!from || !to) return box;
    OGRCoordinateTransformationH transform = OCTNewCoordinateTransformation(from.get(), to.get());
    if (!transform) return box;
    std::array<double, 4> xs{box[0], box[2], box[0], box[2]};
    std::array<double, 4> ys{box[1], box[1], box[3], box[3]};
    std::array<int, 4> ok{0, 0, 0, 0};
    OCTTransformEx(transform, 4, xs.data(), ys.data(), nullptr, ok.data());
    OCTDestroyCoordinateTransformation(transform);
    std::array<double, 4> out{xs[0], ys[0], xs[0], ys[0]};
    for (std::size_t i = 0; i < xs.size(); ++i) {
        out[0] = std::min(out[0], xs[i]), out[1] = std::min(out[1], ys[i]);
        out[2] = std::max(out[2], xs[i]), out[3] = std::max(out[3], ys[i]);
    }
    return out;
}

// Keeps the bands both images have, in `before`'s order; returns the names of those left out
// (as "B04 (only in PATH)"). Names may repeat (two files of a folder ending in _B04): the k-th
// band of a name in `before` pairs with the k-th of that name in `after`, each band used once.
std::vector<std::string> match_bands(Image& before, Image& after) {
    if (before.band_names == after.band_names) return {};
    std::vector<int> partner(before.band_names.size(), -1);
    std::vector<std::uint8_t> used(after.band_names.size(), 0);
    for (std::size_t i = 0; i < before.band_names.size(); ++i)
        for (std::size_t j = 0; j < after.band_names.size(); ++j)
            if (!used[j] && upper(after.band_names[j]) == upper(before.band_names[i])) {
                partner[i] = static_cast<int>(j), used[j] = 1;
                break;
            }
    std::vector<std::string> dropped;
    for (std::size_t i = 0; i < partner.size(); ++i)
        if (partner[i] < 0) dropped.push_back(before.band_names[i] + " (only in " + before.path + ")");
    for (std::size_t j = 0; j < used.size(); ++j)
        if (!used[j]) dropped.push_back(after.band_names[j] + " (only in " + after.path + ")");
    std::vector<std::string> names;
    std::vector<std::vector<float>> before_bands;
    std::vector<std::vector<float>> after_bands;
    for (std::size_t i = 0; i < partner.size(); ++i) {
        if (partner[i] < 0) continue;
        names.push_back(before.band_names[i]);
        before_bands.push_back(std::move(before.bands[i]));
        after_bands.push_back(std::move(after.bands[static_cast<std::size_t>(partner[i])]));
    }
    if (names.empty())
        fail(after.path, "has no band with the same name as a band of " + before.path,
             "choose the bands with --bands (names or 1-based numbers)");
    before.bands = std::move(before_bands), after.bands = std::move(after_bands);
    before.band_names = names, after.band_names = std::move(names);
    return dropped;
}

// Pixels valid in both images of the pair.
std::size_t common_valid(const Pair& pair) {
    std::size_t both = 0;
    for (std::size_t i = 0; i < pair.before.valid.size(); ++i)
        both += static_cast<std::size_t>(pair.before.valid[i] && pair.after.valid[i]);
    return both;
}

}  // namespace

std::size_t Image::valid_count() const {
    return static_cast<std::size_t>(std::count(valid.begin(), valid.end(), 1));
}

int Image::band_index(const std::string& name) const {
    const std::string wanted = upper(name);
    for (std::size_t i = 0; i < band_names.size(); ++i)
        if (upper(band_names[i]) == wanted) return static_cast<int>(i);
    return -1;
}

std::array<double, 2> to_world(const Grid& grid, double col, double row) {
    const auto& t = grid.geotransform;
    return {t[0] + col * t[1] + row * t[2], t[3] + col * t[4] + row * t[5]};
}

std::array<double, 2> to_pixel(const Grid& grid, double x, double y) {
    const auto& t = grid.geotransform;
    const double det = t[1] * t[5] - t[2] * t[4];
    const double dx = x - t[0];
    const double dy = y - t[3];
    return {(dx * t[5] - dy * t[2]) / det, (dy * t[1] - dx * t[4]) / det};
}

Image read_image(const std::string& path, const ReadOptions& options) {
    detail::ensure_gdal();
    bool folder = false;
    if (!vsi_exists(path, folder))
        fail(path, "no such file or folder",
             "check the path; a folder of one-band TIFFs is read as one image");
    // A SAFE product is a folder GDAL opens itself.
    const bool safe = folder && (upper(fs::path(path).extension().string()) == ".SAFE");
    Image image = folder && !safe ? read_folder(path, options) : read_file(path, options);
    image = select_bands(std::move(image), options.bands);
    compute_valid(image);
    if (image.valid_count() == 0)
        fail(path, "has no valid pixel (all nodata or NaN)", "check the image's nodata value with gdalinfo");
    return image;
}

Image crop(const Image& image, int x0, int y0, int w, int h) {
    x0 = std::clamp(x0, 0, image.grid.width), y0 = std::clamp(y0, 0, image.grid.height);
    w = std::clamp(w, 0, image.grid.width - x0), h = std::clamp(h, 0, image.grid.height - y0);
    Image out;
    out.path = image.path;
    out.band_names = image.band_names;
    out.grid = image.grid;
    out.grid.width = w, out.grid.height = h;
    const auto origin = to_world(image.grid, x0, y0);
    out.grid.geotransform[0] = origin[0], out.grid.geotransform[3] = origin[1];
    auto copy = [&](const auto& source, auto& dest) {
        dest.resize(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
        for (int y = 0; y < h; ++y)
            std::copy_n(
                source.begin() + static_cast<std::ptrdiff_t>(pixel_index(x0, y + y0, image.grid.width)), w,
                dest.begin() + static_cast<std::ptrdiff_t>(pixel_index(0, y, w)));
    };
    for (const auto& band : image.bands) {
        out.bands.emplace_back();
        copy(band, out.bands.back());
    }
    copy(image.valid, out.valid);
    return out;
}

double pixel_area_m2(const Grid& grid) {
    if (!grid.georeferenced || grid.crs_wkt.empty()) return 0;
    auto from = detail::srs_from_wkt(grid.crs_wkt);
    detail::Srs wgs84(OSRNewSpatialReference(nullptr));
    OSRImportFromEPSG(wgs84.get(), 4326);
    OSRSetAxisMappingStrategy(wgs84.get(), OAMS_TRADITIONAL_GIS_ORDER);
    if (!from) return 0;
    OGRCoordinateTransformationH transform = OCTNewCoordinateTransformation(from.get(), wgs84.get());
    if (!transform) return 0;
    const double cx = grid.width / 2.0;
    const double cy = grid.height / 2.0;
    std::array<double, 4> xs{};
    std::array<double, 4> ys{};
    const std::array<std::array<double, 2>, 4> corners{
        {{cx, cy}, {cx + 1, cy}, {cx + 1, cy + 1}, {cx, cy + 1}}};
    for (std::size_t i = 0; i < corners.size(); ++i) {
        const auto w = to_world(grid, corners[i][0], corners[i][1]);
        xs[i] = w[0], ys[i] = w[1];
    }
    const bool ok = OCTTransform(transform, 4, xs.data(), ys.data(), nullptr) != 0;
    OCTDestroyCoordinateTransformation(transform);
    if (!ok) return 0;
    GeographicLib::PolygonArea polygon(GeographicLib::Geodesic::WGS84());
    for (std::size_t i = 0; i < xs.size(); ++i) polygon.AddPoint(ys[i], xs[i]);
    double perimeter = 0;
    double area = 0;
    polygon.Compute(false, true, perimeter, area);
    return std::abs(area);
}

Pair read_pair(const std::string& before_path, const std::string& after_path, const PairOptions& options,
               const core::ProgressFn& progress) {
    Pair pair;
    core::report_progress(progress, 0.0, "reading the first image");
    pair.before = read_image(before_path, options.read);
    core::report_progress(progress, 0.3, "reading the second image");
    Image after = read_image(after_path, options.read);
    pair.dropped_bands = match_bands(pair.before, after);
    const Grid& grid = pair.before.grid;
    if (grid.width < 2 || grid.height < 2)
        fail(before_path, fmt::format("is {}x{} pixels: too small to compare", grid.width, grid.height),
             "give images of at least 2x2 pixels (in practice, hundreds)");
    const bool same_grid =
        after.grid.width == grid.width && after.grid.height == grid.height &&
        (!grid.georeferenced || !after.grid.georeferenced || after.grid.geotransform == grid.geotransform);
    if (grid.georeferenced != after.grid.georeferenced && !same_grid)
        fail(grid.georeferenced ? after_path : before_path,
             "has no georeference while the other image has one, and their sizes differ",
             "add a world file or georeference it (gdal_translate -a_srs -a_ullr)");
    if (!grid.georeferenced && !same_grid)
        fail(after_path,
             fmt::format(
                 "is {}x{} pixels and {} is {}x{}; neither is georeferenced, so they cannot be aligned",
                 after.grid.width, after.grid.height, before_path, grid.width, grid.height),
             "give images of the same size, or georeferenced ones (GeoTIFF, or a world file beside a PNG)");
    if (grid.georeferenced && after.grid.georeferenced && !same_grid) {
        if (grid.crs_wkt.empty() != after.grid.crs_wkt.empty())
            fail(grid.crs_wkt.empty() ? before_path : after_path,
                 "has no coordinate reference system while the other image has one, so it cannot be warped",
                 "assign one (gdal_edit.py -a_srs EPSG:...)");
        const auto a = bounds(grid);
        const auto b = bounds_in(after.grid, grid);
        if (b[0] >= a[2] || b[2] <= a[0] || b[1] >= a[3] || b[3] <= a[1])
            fail(after_path, "does not overlap " + before_path,
                 "check that both images show the same place (gdalinfo shows their corners)");
        core::report_progress(progress, 0.5, "warping the second image onto the first's grid");
        const auto wrapped = detail::wrap(after);
        const Dataset warped = warp_onto(wrapped.get(), grid, after_path);
        Image onto;
        onto.path = after.path;
        onto.grid = grid;
        onto.band_names = after.band_names;
        for (int b = 1; b <= static_cast<int>(after.bands.size()); ++b)
            onto.bands.push_back(read_band(warped.get(), b, after_path));
        compute_valid(onto);
        after = std::move(onto);
        pair.warped = true;
    }
    pair.after = std::move(after);
    if (common_valid(pair) == 0)
        fail(after_path, "has no valid pixel where " + before_path + " has one",
             "check that both images show the same place and that nodata is set right");
    if (options.coregister) {
        core::report_progress(progress, 0.7, "co-registering (phase correlation)");
        const Shift shift = measure_shift(pair.before, pair.after);
        pair.shift_x_px = shift.dx_px, pair.shift_y_px = shift.dy_px, pair.shift_peak = shift.peak;
        if (std::hypot(shift.dx_px, shift.dy_px) >= options.min_shift_px) {
            pair.after = shift_image(std::move(pair.after), -shift.dx_px, -shift.dy_px);
            pair.shift_applied = true;
            // On a small overlap the shift can move every common pixel off the other image.
            if (common_valid(pair) == 0)
                fail(after_path,
                     fmt::format(
                         "shares no valid pixel with {} once shifted by the measured ({:.2f}, {:.2f}) px",
                         before_path, shift.dx_px, shift.dy_px),
                     "the overlap is too small to co-register; compare without it (--no-coregister)");
        }
    }
    core::report_progress(progress, 1.0, "pair ready");
    return pair;
}

}  // namespace reckon::imagery
