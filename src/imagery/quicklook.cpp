// PNG quick-looks through GDAL's PNG driver; see quicklook.hpp.
#include "reckon/imagery/quicklook.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>

#include "gdal_util.hpp"
#include "reckon/core/atomic_file.hpp"
#include "reckon/imagery/parallel.hpp"
#include "reckon/imagery/quantile.hpp"

namespace reckon::imagery {

namespace {

constexpr double STRETCH_LOW = 0.02, STRETCH_HIGH = 0.98;
// The longest side of a quick-look: enough to check polygons by eye on a screen, and a bounded
// PNG to encode whatever the image's size (an 8000 x 8000 pair gives 2000 x 2000 quick-looks).
constexpr int MAX_SIDE_PX = 2048;

// The three channels of a quick-look on its own (possibly reduced) grid, before stretching.
struct Reduced {
    Grid grid;
    std::array<std::vector<float>, 3> channel;
    std::vector<std::uint8_t> valid;
    std::vector<std::uint8_t> changed;  // empty without a change map
};

// Bands `rgb` of `image` averaged over blocks of about factor x factor pixels (valid pixels
// only), as GDAL's "average" overviews do. The reduced grid covers exactly the image's extent:
// output pixel k takes source pixels floor(k w / W) .. floor((k + 1) w / W) - 1, and the
// geotransform's terms scale by w / W and h / H. A reduced pixel is valid when any of its
// pixels is, and changed when any of its pixels changed, so a small change stays visible.
Reduced reduce(const Image& image, const std::array<int, 3>& rgb, const ChangeMap* change) {
    const int w = image.grid.width;
    const int h = image.grid.height;
    const int factor = std::max(1, (std::max(w, h) + MAX_SIDE_PX - 1) / MAX_SIDE_PX);
    Reduced out;
    out.grid = image.grid;
    out.grid.width = (w + factor - 1) / factor, out.grid.height = (h + factor - 1) / factor;
    const int rw = out.grid.width;
    const int rh = out.grid.height;
    const double sx = static_cast<double>(w) / rw;
    const double sy = static_cast<double>(h) / rh;
    auto& t = out.grid.geotransform;
    t[1] *= sx, t[4] *= sx, t[2] *= sy, t[5] *= sy;
    const std::size_t n = out.grid.pixels();
    for (auto& c : out.channel) c.assign(n, 0.0F);
    out.valid.assign(n, 0);
    if (change) out.changed.assign(n, 0);
    auto first = [](int k, int size, int reduced) {
        return static_cast<int>(static_cast<long long>(k) * size / reduced);
    };
    for_each_row_band(rh, [&](int first_row, int end_row) {
        for (int ry = first_row; ry < end_row; ++ry)
            for (int rx = 0; rx < rw; ++rx) {
                std::array<double, 3> sum{0, 0, 0};
                std::size_t count = 0;
                bool changed = false;
                for (int y = first(ry, h, rh); y < first(ry + 1, h, rh); ++y)
                    for (int x = first(rx, w, rw); x < first(rx + 1, w, rw); ++x) {
                        const auto i = pixel_index(x, y, w);
                        changed = changed || (change && change->mask[i] != 0);
                        if (!image.valid[i]) continue;
                        for (std::size_t c = 0; c < sum.size(); ++c)
                            sum[c] += image.bands[static_cast<std::size_t>(rgb[c])][i];
                        ++count;
                    }
                const auto o = pixel_index(rx, ry, rw);
                if (change) out.changed[o] = changed ? 1 : 0;
                if (count == 0) continue;
                out.valid[o] = 1;
                for (std::size_t c = 0; c < sum.size(); ++c)
                    out.channel[c][o] = static_cast<float>(sum[c] / static_cast<double>(count));
            }
    });
    return out;
}

std::vector<std::uint8_t> stretch(const std::vector<float>& band, const std::vector<std::uint8_t>& valid) {
    std::vector<float> values;
    for (std::size_t i = 0; i < band.size(); ++i)
        if (valid[i]) values.push_back(band[i]);
    const double lo = values.empty() ? 0 : select_quantile(values, STRETCH_LOW);
    const double hi = values.empty() ? 1 : select_quantile(values, STRETCH_HIGH);
    std::vector<std::uint8_t> out(band.size(), 0);
    for (std::size_t i = 0; i < band.size(); ++i)
        if (valid[i])
            out[i] = static_cast<std::uint8_t>(
                std::clamp((band[i] - lo) / std::max(1e-9, hi - lo) * 255.0, 0.0, 255.0));
    return out;
}

// The world file of a grid (ESRI's six lines: pixel size in x, the two rotation terms, pixel size
// in y, then the centre of the upper-left pixel), as GDAL and QGIS read it beside an image.
std::string world_file(const Grid& grid) {
    const auto& t = grid.geotransform;
    return fmt::format("{:.17g}\n{:.17g}\n{:.17g}\n{:.17g}\n{:.17g}\n{:.17g}\n", t[1] + 0.0, t[4] + 0.0,
                       t[2] + 0.0, t[5] + 0.0, t[0] + 0.5 * t[1] + 0.5 * t[2],
                       t[3] + 0.5 * t[4] + 0.5 * t[5]);
}

}  // namespace

std::optional<Wgs84Bounds> wgs84_bounds(const Grid& grid) {
    if (!grid.georeferenced || grid.crs_wkt.empty() || grid.width <= 0 || grid.height <= 0)
        return std::nullopt;
    detail::ensure_gdal();
    auto from = detail::srs_from_wkt(grid.crs_wkt);
    if (!from) return std::nullopt;
    detail::Srs wgs84(OSRNewSpatialReference(nullptr));
    OSRImportFromEPSG(wgs84.get(), 4326);
    OSRSetAxisMappingStrategy(wgs84.get(), OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH transform = OCTNewCoordinateTransformation(from.get(), wgs84.get());
    if (!transform) return std::nullopt;
    std::array<double, 4> xs{};
    std::array<double, 4> ys{};
    const std::array<std::array<double, 2>, 4> corners{
        {{0.0, 0.0},
         {static_cast<double>(grid.width), 0.0},
         {static_cast<double>(grid.width), static_cast<double>(grid.height)},
         {0.0, static_cast<double>(grid.height)}}};
    for (std::size_t i = 0; i < corners.size(); ++i) {
        const auto w = to_world(grid, corners[i][0], corners[i][1]);
        xs[i] = w[0], ys[i] = w[1];
    }
    std::array<int, 4> ok{};
    const bool transformed = OCTTransformEx(transform, 4, xs.data(), ys.data(), nullptr, ok.data()) != 0;
    OCTDestroyCoordinateTransformation(transform);
    if (!transformed || std::any_of(ok.begin(), ok.end(), [](int v) { return v == 0; })) return std::nullopt;
    for (std::size_t i = 0; i < xs.size(); ++i)
        if (!std::isfinite(xs[i]) || !std::isfinite(ys[i])) return std::nullopt;
    Wgs84Bounds b;
    b.west = *std::min_element(xs.begin(), xs.end());
    b.east = *std::max_element(xs.begin(), xs.end());
    b.south = *std::min_element(ys.begin(), ys.end());
    b.north = *std::max_element(ys.begin(), ys.end());
    return b;
}

void write_quicklook(const std::string& path, const Image& image, const ChangeMap* change) {
    detail::ensure_gdal();
    std::array<int, 3> rgb{image.band_index("B04"), image.band_index("B03"), image.band_index("B02")};
    if (rgb[0] < 0 || rgb[1] < 0 || rgb[2] < 0) {
        const int n = static_cast<int>(image.bands.size());
        rgb[0] = 0, rgb[1] = n >= 3 ? 1 : 0, rgb[2] = n >= 3 ? 2 : 0;
    }
    const Reduced reduced = reduce(image, rgb, change);
    std::array<std::vector<std::uint8_t>, 3> channel;
    for (std::size_t c = 0; c < channel.size(); ++c) channel[c] = stretch(reduced.channel[c], reduced.valid);
    if (change) {
        for (std::size_t i = 0; i < channel[0].size(); ++i) {
            const auto grey =
                static_cast<std::uint8_t>((channel[0][i] + channel[1][i] + channel[2][i]) * 0.7 / 3.0);
            const bool changed = reduced.changed[i] != 0;
            channel[0][i] = changed ? static_cast<std::uint8_t>(std::min(255, grey / 2 + 160)) : grey;
            channel[1][i] = changed ? static_cast<std::uint8_t>(grey / 2) : grey;
            channel[2][i] = changed ? static_cast<std::uint8_t>(grey / 2) : grey;
        }
    }
    const Grid& grid = reduced.grid;
    const int w = grid.width;
    const int h = grid.height;
    detail::Dataset mem(GDALCreate(GDALGetDriverByName("MEM"), "", w, h, 3, GDT_Byte, nullptr));
    if (!mem) detail::fail(path, detail::gdal_message("cannot create the quick-look"));
    // The georeference goes with the pixels: GDAL's PNG driver keeps it in PATH.aux.xml.
    const bool georeferenced = grid.georeferenced && !grid.crs_wkt.empty();
    if (georeferenced) {
        auto transform = grid.geotransform;
        GDALSetGeoTransform(mem.get(), transform.data());
        GDALSetProjection(mem.get(), grid.crs_wkt.c_str());
    }
    for (std::size_t c = 0; c < channel.size(); ++c)
        if (GDALRasterIO(GDALGetRasterBand(mem.get(), static_cast<int>(c) + 1), GF_Write, 0, 0, w, h,
                         channel[c].data(), w, h, GDT_Byte, 0, 0) != CE_None)
            detail::fail(path, detail::gdal_message("cannot fill the quick-look"));
    const std::string temporary = path + ".tmp.png";
    {
        detail::Dataset png(GDALCreateCopy(GDALGetDriverByName("PNG"), temporary.c_str(), mem.get(), 0,
                                           nullptr, nullptr, nullptr));
        if (!png) detail::fail(path, detail::gdal_message("cannot write the PNG"));
    }
    namespace fs = std::filesystem;
    const fs::path world = fs::path(path).replace_extension(".pgw");
    if (georeferenced && fs::exists(temporary + ".aux.xml")) {
        core::write_file_atomically(world, world_file(grid), true);
        fs::rename(temporary + ".aux.xml", path + ".aux.xml");
    } else {
        // Without a georeference (or without its .aux.xml) the PNG must not seem to have one.
        std::error_code ec;
        fs::remove(temporary + ".aux.xml", ec);
        fs::remove(world, ec);
        fs::remove(path + ".aux.xml", ec);
    }
    fs::rename(temporary, path);
}

}  // namespace reckon::imagery
