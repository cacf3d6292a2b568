// `reckon site compare BEFORE AFTER --out DIR` (polygons with areas, quick-looks) and
// `reckon site series IMAGE... --aoi AOI` (changed area through time).
#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cmd_site.hpp"
#include "cmd_site_common.hpp"
#include "common.hpp"
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

// The files a comparison writes into --out. The world files and .aux.xml files place the
// quick-looks on a map (georeferenced pairs only).
constexpr std::array<const char*, 12> OUTPUT_FILES{
    "change.geojson", "change.gpkg",        "before.png",        "after.png",
    "overlay.png",    "summary.json",       "before.pgw",        "after.pgw",
    "overlay.pgw",    "before.png.aux.xml", "after.png.aux.xml", "overlay.png.aux.xml"};

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

// The polygons as site observations: each one's GeoJSON geometry taken from the FeatureCollection
// the imagery library writes, so the store holds the same geometry as change.geojson.
std::vector<store::SitePolygon> site_polygons(const std::vector<imagery::ChangePolygon>& polygons) {
    std::vector<store::SitePolygon> out;
    for (std::size_t i = 0; i < polygons.size(); ++i) {
        const auto& p = polygons[i];
        const auto features = nlohmann::json::parse(imagery::to_geojson({p})).at("features");
        store::SitePolygon s;
        s.polygon = static_cast<int>(i + 1);
        s.value = p.area_m2;
        s.change_class = p.change_class.empty() ? "other" : p.change_class;
        s.confidence = std::clamp(std::isfinite(p.confidence) ? p.confidence : 0.0, 0.0, 1.0);
        s.pixels = p.pixels;
        s.geometry = features.empty() ? std::string("null") : features.at(0).at("geometry").dump();
        out.push_back(std::move(s));
    }
    return out;
}

// The quick-looks' extent in WGS84 degrees, as summary.json holds it.
nlohmann::json bounds_json(const imagery::Wgs84Bounds& b) {
    return {{"south", b.south}, {"west", b.west}, {"north", b.north}, {"east", b.east}};
}

}  // namespace

void SiteCompareCommand::setup(CLI::App& app) {
    app.description(
        "Find what changed between two images of a site. Writes to --out: change.geojson and\n"
        "change.gpkg (one polygon per changed region, with area_m2 on the WGS84 ellipsoid, class\n"
        "new_roof / cleared_ground / vegetation_lost / other, and confidence), before.png,\n"
        "after.png and overlay.png (changed pixels in red; with world files .pgw and .aux.xml when\n"
        "the images are georeferenced, so QGIS opens them in place), and summary.json (with the\n"
        "quick-looks' WGS84 bounds). Prints one line per polygon, largest first, and the path of\n"
        "change.geojson last.\n\n"
        "Each image is a raster GDAL reads (GeoTIFF, JPEG 2000, PNG with a world file, ...) or a\n"
        "folder of one-band TIFFs (as OSCD ships Sentinel-2 bands). The second image is warped\n"
        "onto the first's grid and its shift measured by phase correlation. See docs/imagery.md.\n\n"
        "Examples:\n"
        "  reckon site compare oscd/beihai/imgs_1 oscd/beihai/imgs_2 --out out/beihai\n"
        "  reckon site compare 2023.tif 2025.tif --aoi plant.geojson --method irmad --out out/plant\n"
        "  reckon site compare a/ b/ --aoi plant.geojson --out out/plant --store reckon.db --site 'Plant'\n\n"
        "With --store each polygon becomes a site observation in the evidence store, reviewable like\n"
        "a claim (reckon serve) and shown in the report beside the area claims from documents.\n");
    app.add_option("before", m_before, "First (earlier) image: a file or a folder of bands")
        ->required()
        ->type_name("IMAGE");
    app.add_option("after", m_after, "Second (later) image")->required()->type_name("IMAGE");
    app.add_option("--aoi", m_aoi, "Only this area: a GeoJSON Polygon or MultiPolygon in WGS84")
        ->type_name("FILE");
    app.add_option("--out", m_out, "Folder for the polygons and quick-looks")->required()->type_name("DIR");
    app.add_option("--simplify-px", m_simplify_px, "Polygon simplification tolerance, in pixels (default 1)");
    app.add_flag("--overwrite", m_overwrite, "Replace the files of an earlier comparison in --out");
    app.add_option("--store", m_store,
                   "Also record each polygon in this evidence store as a site observation (floor_area, m2,\n"
                   "dated by the second image) for review; created if absent")
        ->type_name("FILE");
    app.add_option("--site", m_site, "The site's name, as the store and the report show it")
        ->type_name("NAME");
    app.add_option("--before-date", m_before_date,
                   "Acquisition date of the first image (default: read from its file names)")
        ->type_name("YYYY-MM-DD");
    app.add_option("--after-date", m_after_date,
                   "Acquisition date of the second image (default: read from its file names)")
        ->type_name("YYYY-MM-DD");
    m_method.add(app);
}

int SiteCompareCommand::run() {
    std::optional<store::Store> store;
    SiteCompareRequest request;
    request.before = m_before, request.after = m_after, request.aoi = m_aoi, request.out = m_out;
    request.site = m_site;
    request.before_date = parse_date_option(m_before_date, "--before-date");
    request.after_date = parse_date_option(m_after_date, "--after-date");
    request.simplify_px = m_simplify_px;
    request.overwrite = m_overwrite;
    check_site_dates(request, !m_store.empty());
    change_options(m_method);  // a bad --method is refused before the store is opened
    if (!m_store.empty()) store.emplace(m_store);
    compare_site(request, m_method, store ? &*store : nullptr);
    return EXIT_OK;
}

void check_site_dates(SiteCompareRequest& request, bool storing) {
    if (!request.after_date) request.after_date = image_date(request.after);
    if (!request.before_date) request.before_date = image_date(request.before);
    if (storing && !request.after_date)
        throw UsageError(
            fmt::format("--store: the date of {} is not known, and every site observation needs one",
                        request.after),
            "give --after-date YYYY-MM-DD (the second image's acquisition date), or name the "
            "image with its date as Sentinel-2 files do (..._20240915T...)");
    if (request.before_date && request.after_date && *request.after_date < *request.before_date)
        throw UsageError(
            fmt::format("the second image ({}) is dated {}, before the first ({})", request.after,
                        core::to_iso(*request.after_date), core::to_iso(*request.before_date)),
            "give the earlier image first, or correct --before-date / --after-date");
}

store::SiteResult compare_site(const SiteCompareRequest& request, const SiteMethodOptions& method,
                               store::Store* store) {
    const auto options = change_options(method);
    const fs::path out(request.out);
    std::error_code ec;
    if (fs::exists(out, ec) && !fs::is_directory(out, ec))
        throw UsageError(fmt::format("--out {} is a file, not a folder", request.out),
                         "give a folder for the results");
    if (fs::exists(out / "change.geojson") && !request.overwrite)
        throw UsageError(fmt::format("{} already holds a comparison (change.geojson)", request.out),
                         "add --overwrite to replace it, or give another --out");
    ProgressBar bar;
    auto pair = read_site_pair(request.before, request.after, method, bar);
    if (!request.aoi.empty()) pair = imagery::clip_to_aoi(pair, imagery::read_aoi(request.aoi), request.aoi);
    const auto map = imagery::detect_change(pair, options, bar.callback());
    bar.update(0.9, "polygonising");
    imagery::PolygonOptions polygon_options;
    polygon_options.simplify_px = request.simplify_px;
    const auto polygons = imagery::polygonise(map, pair, polygon_options);
    bar.clear();
    nlohmann::json summary = {{"before", request.before},
                              {"after", request.after},
                              {"aoi", request.aoi},
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
    // Where the quick-looks lie on the earth; no key at all for a pair without a georeference.
    if (const auto bounds = imagery::wgs84_bounds(pair.before.grid)) summary["bounds"] = bounds_json(*bounds);
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
        throw Error(fmt::format("cannot write the comparison into {}: {}", request.out, e.what()),
                    "check that the folder can be written and the disk has room");
    } catch (...) {
        std::error_code ec;
        fs::remove_all(stage, ec);
        throw;
    }
    try {
        publish(stage, out);
    } catch (const fs::filesystem_error& e) {
        throw Error(fmt::format("cannot move the comparison into {}: {}", request.out, e.what()),
                    "check that the folder can be written; the files are in " + stage.string());
    }
    const bool areas = pair.before.grid.georeferenced && !pair.before.grid.crs_wkt.empty();
    if (!areas)
        fmt::print(stderr,
                   "reckon: the images carry no georeference: polygons are in pixels and have no area\n");
    if (request.print_polygons)
        for (std::size_t i = 0; i < polygons.size(); ++i)
            fmt::print("{}\t{}\t{:.0f} m2\t{} px\tconfidence {:.2f}\n", i + 1, polygons[i].change_class,
                       polygons[i].area_m2, polygons[i].pixels, polygons[i].confidence);
    fmt::print(stderr, "reckon: {} polygons, {:.0f} m2 changed ({} of {} valid pixels)\n", polygons.size(),
               total_area_m2(polygons), map.changed_px(), std::count(map.valid.begin(), map.valid.end(), 1));
    store::SiteResult stored;
    if (store) {
        if (!areas)
            throw UsageError(
                fmt::format("--store: {} and {} carry no georeference, so their polygons have no "
                            "area to store",
                            request.before, request.after),
                "store comparisons of georeferenced images (GeoTIFF, or PNG with a world file)");
        store::SiteComparison c;
        c.sha256 =
            site_comparison_sha256(request.before, request.after, request.aoi, method, request.simplify_px);
        c.site = request.site;
        c.before_image = request.before;
        c.after_image = request.after;
        c.before_date = request.before_date;
        c.after_date = *request.after_date;
        c.method = imagery::method_name(options.method);
        c.threshold_rule = imagery::threshold_name(options.threshold);
        c.aoi = request.aoi;
        c.quicklook = (out / "overlay.png").string();
        c.pixel_area_m2 = imagery::pixel_area_m2(pair.before.grid);
        c.changed_area_m2 = total_area_m2(polygons);
        c.polygons = site_polygons(polygons);
        stored = store->add_site_comparison(c);
        fmt::print(stderr, "reckon: {}\n",
                   stored.already_present
                       ? "this comparison is in the store already: left as it was"
                       : fmt::format("stored {} site observation(s) (floor_area, m2, dated {}) for review",
                                     stored.polygons, core::to_iso(c.after_date)));
    }
    if (request.print_polygons) fmt::print("{}\n", (out / "change.geojson").string());
    return stored;
}

void SiteSeriesCommand::setup(CLI::App& app) {
    app.description(
        "Changed ground through a time series of images of one site: each image is compared with\n"
        "the first and with the one before it, inside the AOI. Prints CSV on stdout: image,\n"
        "changed_m2_since_first, changed_m2_since_previous, polygons_since_first. Give the images\n"
        "in date order.\n\n"
        "With --store, the comparison of each image with the one before it is recorded in the\n"
        "evidence store, its polygons as site observations dated by the later image.\n\n"
        "Example:\n"
        "  reckon site series 2023-03-01.tif 2024-03-01.tif 2024-09-01.tif --aoi plant.geojson\n");
    app.add_option("images", m_images, "Images of one site, oldest first (at least two)")
        ->required()
        ->expected(2, -1)
        ->type_name("IMAGE");
    app.add_option("--aoi", m_aoi, "The site: a GeoJSON Polygon or MultiPolygon in WGS84")
        ->required()
        ->type_name("FILE");
    app.add_option("--store", m_store,
                   "Also record each consecutive comparison's polygons in this evidence store")
        ->type_name("FILE");
    app.add_option("--site", m_site, "The site's name, as the store and the report show it")
        ->type_name("NAME");
    m_method.add(app);
}

int SiteSeriesCommand::run() {
    const auto options = change_options(m_method);
    const auto aoi = imagery::read_aoi(m_aoi);
    // With --store every image needs its date (each consecutive comparison is dated by its later
    // image), checked before any image is read.
    std::vector<std::optional<core::Date>> dates;
    for (const auto& image : m_images) dates.push_back(image_date(image));
    std::optional<store::Store> store;
    if (!m_store.empty()) {
        for (std::size_t i = 0; i < m_images.size(); ++i)
            if (!dates[i])
                throw UsageError(
                    fmt::format("--store: the date of {} is not known, and every site observation "
                                "needs one",
                                m_images[i]),
                    "name each image with its acquisition date (2024-09-15.tif, or as "
                    "Sentinel-2 files do: ..._20240915T...), or use site compare --after-date");
        store.emplace(m_store);
    }
    ProgressBar bar;
    std::size_t stored = 0;
    auto changed = [&](std::size_t a, std::size_t b, std::size_t& count, bool record) {
        auto pair = imagery::clip_to_aoi(read_site_pair(m_images[a], m_images[b], m_method, bar), aoi, m_aoi);
        const auto map = imagery::detect_change(pair, options);
        const auto polygons = imagery::polygonise(map, pair);
        count = polygons.size();
        if (record && store) {
            store::SiteComparison c;
            c.sha256 = site_comparison_sha256(m_images[a], m_images[b], m_aoi, m_method, 1.0);
            c.site = m_site;
            c.before_image = m_images[a];
            c.after_image = m_images[b];
            c.before_date = dates[a];
            c.after_date = *dates[b];
            c.method = imagery::method_name(options.method);
            c.threshold_rule = imagery::threshold_name(options.threshold);
            c.aoi = m_aoi;
            c.pixel_area_m2 = imagery::pixel_area_m2(pair.before.grid);
            c.changed_area_m2 = total_area_m2(polygons);
            c.polygons = site_polygons(polygons);
            stored += store->add_site_comparison(c).polygons;
        }
        return total_area_m2(polygons);
    };
    fmt::print("image,changed_m2_since_first,changed_m2_since_previous,polygons_since_first\n");
    fmt::print("{},0,0,0\n", m_images.front());
    for (std::size_t i = 1; i < m_images.size(); ++i) {
        bar.update(static_cast<double>(i - 1) / static_cast<double>(m_images.size() - 1),
                   "comparing " + m_images[i]);
        std::size_t count = 0;
        std::size_t unused = 0;
        const double first = changed(0, i, count, i == 1);
        const double previous = i == 1 ? first : changed(i - 1, i, unused, true);
        bar.clear();
        fmt::print("{},{:.0f},{:.0f},{}\n", m_images[i], first, previous, count);
    }
    if (store)
        fmt::print(stderr,
                   "reckon: {}: stored {} new site observation(s) from the comparisons of each image with "
                   "the one before it\n",
                   m_store, stored);
    return EXIT_OK;
}

}  // namespace reckon::app
