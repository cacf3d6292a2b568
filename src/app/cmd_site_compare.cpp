// `reckon site compare BEFORE AFTER --out DIR` (polygons with areas, quick-looks) and
// `reckon site series IMAGE... --aoi AOI` (changed area through time).
#include <fmt/core.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cmd_site.hpp"
#include "cmd_site_common.hpp"
#include "reckon/core/atomic_file.hpp"
#include "reckon/core/error.hpp"
#include "reckon/imagery/aoi.hpp"
#include "reckon/imagery/polygons.hpp"
#include "reckon/imagery/quicklook.hpp"

namespace fs = std::filesystem;

namespace reckon::app {

namespace {

double total_area_m2(const std::vector<imagery::ChangePolygon>& polygons) {
    double sum = 0;
    for (const auto& p : polygons) sum += p.area_m2;
    return sum;
}

// The files a comparison writes into --out.
constexpr std::array<const char*, 6> OUTPUT_FILES{"change.geojson", "change.gpkg", "before.png",
                                                  "after.png",      "overlay.png", "summary.json"};

// A hidden folder beside `out` for the files of one run: they are written there and moved into
// `out` only when all are written, so a failure part-way (a full disk, a GeoPackage or PNG
// error) leaves no half-written comparison.
fs::path staging_folder(const fs::path& out) {
    fs::path base = out.lexically_normal();
    if (!base.has_filename()) base = base.parent_path();
    return base.parent_path() / fmt::format(".{}.partial-{}", base.filename().string(), ::getpid());
}

// Moves every file of `stage` into `out` (same file system: each a rename), removes an
// earlier comparison's file this run did not write, then removes `stage`.
void publish(const fs::path& stage, const fs::path& out) {
    fs::create_directories(out);
    for (const char* name : OUTPUT_FILES) {
        std::error_code ec;
        if (fs::exists(stage / name))
            fs::rename(stage / name, out / name);
        else
            fs::remove(out / name, ec);
    }
    std::error_code ec;
    fs::remove_all(stage, ec);
}

}  // namespace

void SiteCompareCommand::setup(CLI::App& app) {
    app.description(
        "Find what changed between two images of a site. Writes to --out: change.geojson and\n"
        "change.gpkg (one polygon per changed region, with area_m2 on the WGS84 ellipsoid, class\n"
        "new_roof / cleared_ground / vegetation_lost / other, and confidence), before.png,\n"
        "after.png and overlay.png (changed pixels in red), and summary.json. Prints one line per\n"
        "polygon, largest first, and the path of change.geojson last.\n\n"
        "Each image is a raster GDAL reads (GeoTIFF, JPEG 2000, PNG with a world file, ...) or a\n"
        "folder of one-band TIFFs (as OSCD ships Sentinel-2 bands). The second image is warped\n"
        "onto the first's grid and its shift measured by phase correlation. See docs/imagery.md.\n\n"
        "Examples:\n"
        "  reckon site compare oscd/beihai/imgs_1 oscd/beihai/imgs_2 --out out/beihai\n"
        "  reckon site compare 2023.tif 2025.tif --aoi plant.geojson --method irmad --out out/plant\n");
    app.add_option("before", m_before, "First (earlier) image: a file or a folder of bands")
        ->required()
        ->type_name("IMAGE");
    app.add_option("after", m_after, "Second (later) image")->required()->type_name("IMAGE");
    app.add_option("--aoi", m_aoi, "Only this area: a GeoJSON Polygon or MultiPolygon in WGS84")
        ->type_name("FILE");
    app.add_option("--out", m_out, "Folder for the polygons and quick-looks")->required()->type_name("DIR");
    app.add_option("--simplify-px", m_simplify_px, "Polygon simplification tolerance, in pixels (default 1)");
    app.add_flag("--overwrite", m_overwrite, "Replace the files of an earlier comparison in --out");
    m_method.add(app);
}

int SiteCompareCommand::run() {
    const auto options = change_options(m_method);
    const fs::path out(m_out);
    std::error_code ec;
    if (fs::exists(out, ec) && !fs::is_directory(out, ec))
        throw UsageError(fmt::format("--out {} is a file, not a folder", m_out),
                         "give a folder for the results");
    if (fs::exists(out / "change.geojson") && !m_overwrite)
        throw UsageError(fmt::format("{} already holds a comparison (change.geojson)", m_out),
                         "add --overwrite to replace it, or give another --out");
    ProgressBar bar;
    auto pair = read_site_pair(m_before, m_after, m_method, bar);
    if (!m_aoi.empty()) pair = imagery::clip_to_aoi(pair, imagery::read_aoi(m_aoi), m_aoi);
    const auto map = imagery::detect_change(pair, options, bar.callback());
    bar.update(0.9, "polygonising");
    imagery::PolygonOptions polygon_options;
    polygon_options.simplify_px = m_simplify_px;
    const auto polygons = imagery::polygonise(map, pair, polygon_options);
    bar.clear();
    const nlohmann::json summary = {{"before", m_before},
                                    {"after", m_after},
                                    {"aoi", m_aoi},
                                    {"method", imagery::method_name(options.method)},
                                    {"threshold_rule", imagery::threshold_name(options.threshold)},
                                    {"threshold", map.threshold},
                                    {"bands", pair.before.band_names},
                                    {"width_px", map.width},
                                    {"height_px", map.height},
                                    {"shift_px", {pair.shift_x_px, pair.shift_y_px}},
                                    {"shift_peak", pair.shift_peak},
                                    {"shift_applied", pair.shift_applied},
                                    {"warped", pair.warped},
                                    {"valid_px", std::count(map.valid.begin(), map.valid.end(), 1)},
                                    {"changed_px", map.changed_px()},
                                    {"polygons", polygons.size()},
                                    {"changed_area_m2", total_area_m2(polygons)},
                                    {"pixel_area_m2", imagery::pixel_area_m2(pair.before.grid)}};
    const fs::path stage = staging_folder(out);
    try {
        fs::create_directories(stage);
        core::write_file_atomically(stage / "change.geojson", imagery::to_geojson(polygons), true);
        if (pair.before.grid.georeferenced)
            imagery::write_geopackage((stage / "change.gpkg").string(), polygons);
        imagery::write_quicklook((stage / "before.png").string(), pair.before);
        imagery::write_quicklook((stage / "after.png").string(), pair.after);
        imagery::write_quicklook((stage / "overlay.png").string(), pair.after, &map);
        core::write_file_atomically(stage / "summary.json", summary.dump(2) + "\n", true);
    } catch (const fs::filesystem_error& e) {
        std::error_code ec;
        fs::remove_all(stage, ec);
        throw Error(fmt::format("cannot write the comparison into {}: {}", m_out, e.what()),
                    "check that the folder can be written and the disk has room");
    } catch (...) {
        std::error_code ec;
        fs::remove_all(stage, ec);
        throw;
    }
    try {
        publish(stage, out);
    } catch (const fs::filesystem_error& e) {
        throw Error(fmt::format("cannot move the comparison into {}: {}", m_out, e.what()),
                    "check that the folder can be written; the files are in " + stage.string());
    }
    const bool areas = pair.before.grid.georeferenced && !pair.before.grid.crs_wkt.empty();
    if (!areas)
        fmt::print(stderr,
                   "reckon: the images carry no georeference: polygons are in pixels and have no area\n");
    for (std::size_t i = 0; i < polygons.size(); ++i)
        fmt::print("{}\t{}\t{:.0f} m2\t{} px\tconfidence {:.2f}\n", i + 1, polygons[i].change_class,
                   polygons[i].area_m2, polygons[i].pixels, polygons[i].confidence);
    fmt::print(stderr, "reckon: {} polygons, {:.0f} m2 changed ({} of {} valid pixels)\n", polygons.size(),
               total_area_m2(polygons), map.changed_px(), std::count(map.valid.begin(), map.valid.end(), 1));
    fmt::print("{}\n", (out / "change.geojson").string());
    return EXIT_OK;
}

void SiteSeriesCommand::setup(CLI::App& app) {
    app.description(
        "Changed ground through a time series of images of one site: each image is compared with\n"
        "the first and with the one before it, inside the AOI. Prints CSV on stdout: image,\n"
        "changed_m2_since_first, changed_m2_since_previous, polygons_since_first. Give the images\n"
        "in date order.\n\n"
        "Example:\n"
        "  reckon site series 2023-03.tif 2024-03.tif 2024-09.tif --aoi plant.geojson\n");
    app.add_option("images", m_images, "Images of one site, oldest first (at least two)")
        ->required()
        ->expected(2, -1)
        ->type_name("IMAGE");
    app.add_option("--aoi", m_aoi, "The site: a GeoJSON Polygon or MultiPolygon in WGS84")
        ->required()
        ->type_name("FILE");
    m_method.add(app);
}

int SiteSeriesCommand::run() {
    const auto options = change_options(m_method);
    const auto aoi = imagery::read_aoi(m_aoi);
    ProgressBar bar;
    auto changed = [&](const std::string& a, const std::string& b, std::size_t& count) {
        auto pair = imagery::clip_to_aoi(read_site_pair(a, b, m_method, bar), aoi, m_aoi);
        const auto map = imagery::detect_change(pair, options);
        const auto polygons = imagery::polygonise(map, pair);
        count = polygons.size();
        return total_area_m2(polygons);
    };
    fmt::print("image,changed_m2_since_first,changed_m2_since_previous,polygons_since_first\n");
    fmt::print("{},0,0,0\n", m_images.front());
    for (std::size_t i = 1; i < m_images.size(); ++i) {
        bar.update(static_cast<double>(i - 1) / static_cast<double>(m_images.size() - 1),
                   "comparing " + m_images[i]);
        std::size_t count = 0;
        std::size_t unused = 0;
        const double first = changed(m_images.front(), m_images[i], count);
        const double previous = i == 1 ? first : changed(m_images[i - 1], m_images[i], unused);
        bar.clear();
        fmt::print("{},{:.0f},{:.0f},{}\n", m_images[i], first, previous, count);
    }
    return EXIT_OK;
}

}  // namespace reckon::app
