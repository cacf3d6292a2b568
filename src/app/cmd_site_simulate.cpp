// `reckon site simulate --out DIR`: a synthetic pair of images of a site with a known change, for
// trying `site compare --store` and the report without satellite data (scripts/demo uses it when
// ../shared is absent). The images are ENVI rasters (a raw float32 file and a text header that
// GDAL reads with its georeference), written here because the format is two plain files.
#include <fmt/core.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <numbers>
#include <string>
#include <vector>

#include "cmd_site.hpp"
#include "common.hpp"
#include "reckon/core/atomic_file.hpp"
#include "reckon/core/error.hpp"
#include "reckon/imagery/polygons.hpp"

namespace fs = std::filesystem;

namespace reckon::app {

namespace {

// The scene's grid: the north-west corner, and the pixel size in degrees (about 6.4 m east-west
// and 11.1 m north-south at 55° N).
constexpr double WEST_DEG = 37.60, NORTH_DEG = 55.02, STEP_DEG = 0.0001;
constexpr int BANDS = 3;  // red, green, blue

// A small deterministic generator (SplitMix64), so a seed gives the same images on every
// platform (the standard distributions are not specified bit for bit).
class Noise {
public:
    explicit Noise(std::uint64_t seed) : m_state(seed) {}
    double uniform() {  // in [0, 1)
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
    }

private:
    std::uint64_t m_state;
};

struct Rect {
    int x0, y0, w, h;
    bool contains(int x, int y) const { return x >= x0 && x < x0 + w && y >= y0 && y < y0 + h; }
    std::vector<imagery::Ring> rings() const {
        auto lon = [](int x) { return WEST_DEG + x * STEP_DEG; };
        auto lat = [](int y) { return NORTH_DEG - y * STEP_DEG; };
        return {{{lon(x0), lat(y0 + h)},
                 {lon(x0 + w), lat(y0 + h)},
                 {lon(x0 + w), lat(y0)},
                 {lon(x0), lat(y0)},
                 {lon(x0), lat(y0 + h)}}};
    }
};

// Fields, a road and a few old buildings; `after` adds a new hall (bright roof) and a cleared
// field (vegetation to bare soil), with sensor noise and a slight change of illumination.
std::vector<float> scene(int size, bool after, std::uint64_t seed, const Rect& hall, const Rect& cleared) {
    Noise noise(seed * 2 + (after ? 1 : 0));
    std::vector<float> out(static_cast<std::size_t>(BANDS) * size * size);
    const double gain = after ? 1.04 : 1.0;
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            // Vegetation cover from smooth waves: fields of different greens.
            const double veg =
                0.5 + 0.25 * std::sin(x * 0.07) * std::cos(y * 0.05) + 0.15 * std::sin((x + 2 * y) * 0.021);
            std::array<double, BANDS> rgb{0.08 + 0.06 * (1 - veg), 0.07 + 0.08 * veg,
                                          0.05 + 0.03 * (1 - veg)};
            if (std::abs(y - size / 2) < 2) rgb = {0.22, 0.22, 0.21};  // the road
            if ((x / 25) % 3 == 0 && (y / 25) % 3 == 1 && x % 25 > 6 && y % 25 > 8)
                rgb = {0.30, 0.29, 0.28};  // old buildings
            if (after && hall.contains(x, y)) rgb = {0.42, 0.43, 0.45};
            if (after && cleared.contains(x, y)) rgb = {0.20, 0.15, 0.11};
            for (int b = 0; b < BANDS; ++b)
                out[static_cast<std::size_t>(b) * size * size + static_cast<std::size_t>(y) * size + x] =
                    static_cast<float>(rgb[static_cast<std::size_t>(b)] * gain +
                                       (noise.uniform() - 0.5) * 0.012);
        }
    return out;
}

void write_envi(const fs::path& image, const std::vector<float>& pixels, int size) {
    std::string bytes(pixels.size() * sizeof(float), '\0');
    std::memcpy(bytes.data(), pixels.data(), bytes.size());  // ENVI "byte order = 0": little-endian hosts
    core::write_file_atomically(image, bytes, true);
    fs::path header = image;
    header.replace_extension(".hdr");
    core::write_file_atomically(
        header,
        fmt::format("ENVI\ndescription = {{reckon site simulate: synthetic, not a real "
                    "place}}\nsamples = {}\nlines = {}\nbands = {}\nheader offset = 0\n"
                    "file type = ENVI Standard\ndata type = 4\ninterleave = bsq\n"
                    "byte order = 0\nmap info = {{Geographic Lat/Lon, 1, 1, {}, {}, {}, "
                    "{}, WGS-84}}\nband names = {{red, green, blue}}\n",
                    size, size, BANDS, WEST_DEG, NORTH_DEG, STEP_DEG, STEP_DEG),
        true);
}

}  // namespace

void SiteSimulateCommand::setup(CLI::App& app) {
    app.description(
        "Write a synthetic pair of images of a made-up site with a known change, to try site\n"
        "compare --store and the report without satellite data: DIR/before_2023-03-01.img and\n"
        "DIR/after_2024-09-01.img (ENVI rasters, 3 bands, WGS84, about 6 x 11 m pixels), DIR/aoi.geojson\n"
        "and DIR/truth.json (the new hall and the cleared field, with their areas on the ellipsoid).\n"
        "Nothing in it is a real place.\n\n"
        "Example:\n"
        "  reckon site simulate --out out/synthetic\n"
        "  reckon site compare out/synthetic/before_2023-03-01.img out/synthetic/after_2024-09-01.img \\\n"
        "      --aoi out/synthetic/aoi.geojson --out out/synthetic/change --store reckon.db\n");
    app.add_option("--out", m_out, "Folder for the images")->required()->type_name("DIR");
    app.add_option("--seed", m_seed, "Random seed of the sensor noise")
        ->capture_default_str()
        ->check(not_negative());
    app.add_option("--size", m_size, "Image width and height in pixels")
        ->capture_default_str()
        ->check(CLI::Range(64, 4096));
    app.add_flag("--overwrite", m_overwrite, "Replace the files of an earlier simulation in --out");
}

int SiteSimulateCommand::run() {
    const fs::path out(m_out);
    if (fs::exists(out / "truth.json") && !m_overwrite)
        throw UsageError(fmt::format("{} already holds a simulated pair (truth.json)", m_out),
                         "add --overwrite to replace it, or give another --out");
    fs::create_directories(out);
    const int s = m_size;
    const Rect hall{s * 3 / 5, s / 5, s / 5, s / 8};
    const Rect cleared{s / 6, s * 3 / 5, s / 8, s / 8};
    write_envi(out / "before_2023-03-01.img", scene(s, false, m_seed, hall, cleared), s);
    write_envi(out / "after_2024-09-01.img", scene(s, true, m_seed, hall, cleared), s);
    const Rect aoi{2, 2, s - 4, s - 4};
    const auto aoi_ring = aoi.rings()[0];
    nlohmann::json ring = nlohmann::json::array();
    for (const auto& p : aoi_ring) ring.push_back({p[0], p[1]});
    const nlohmann::json aoi_json = {{"type", "Polygon"}, {"coordinates", {ring}}};
    core::write_file_atomically(out / "aoi.geojson", aoi_json.dump() + "\n", true);
    const nlohmann::json truth = {{"note", "synthetic: not a real place"},
                                  {"before_date", "2023-03-01"},
                                  {"after_date", "2024-09-01"},
                                  {"changes",
                                   {{{"what", "new hall (bright roof)"},
                                     {"pixels", hall.w * hall.h},
                                     {"area_m2", imagery::geodesic_area_m2(hall.rings())}},
                                    {{"what", "cleared field"},
                                     {"pixels", cleared.w * cleared.h},
                                     {"area_m2", imagery::geodesic_area_m2(cleared.rings())}}}}};
    core::write_file_atomically(out / "truth.json", truth.dump(2) + "\n", true);
    fmt::print(stderr,
               "reckon: wrote a synthetic pair ({} x {} px) with a new hall of {:.0f} m2 and a cleared "
               "field of {:.0f} m2 to {}\n",
               s, s, truth["changes"][0]["area_m2"].get<double>(),
               truth["changes"][1]["area_m2"].get<double>(), m_out);
    fmt::print("{}\n{}\n", (out / "before_2023-03-01.img").string(), (out / "after_2024-09-01.img").string());
    return EXIT_OK;
}

}  // namespace reckon::app
