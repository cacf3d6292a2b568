// `reckon site`: the table of satellite-image sub-commands, their shared options, and
// `site score` (a change method against labels, for scripts/change-eval).
#include "cmd_site.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cstdio>

#include "cmd_site_common.hpp"
#include "progress_bar.hpp"
#include "reckon/core/error.hpp"
#include "reckon/imagery/change.hpp"
#include "reckon/imagery/site.hpp"

namespace reckon::app {

void SiteCommand::setup(CLI::App& app) {
    static const auto entries = std::to_array<Entry>({
        {"compare", "Find what changed between two images: polygons with areas, quick-looks",
         make_command<SiteCompareCommand>},
        {"series", "Changed area through a time series of images of one site",
         make_command<SiteSeriesCommand>},
        {"score", "Score a change method against a labelled pair (precision, recall, F1, IoU)",
         make_command<SiteScoreCommand>},
        {"simulate", "Write a synthetic pair of images with a known change (to try compare --store)",
         make_command<SiteSimulateCommand>},
    });
    app.description(
        "Satellite images of a site: what changed between dates, as polygons with areas on the\n"
        "WGS84 ellipsoid. See docs/imagery.md.\n\n"
        "Examples:\n"
        "  reckon site compare before.tif after.tif --aoi site.geojson --out out/site\n"
        "  reckon site series 2023.tif 2024.tif 2025.tif --aoi site.geojson\n");
    add_subcommands(app, entries);
}

void SiteMethodOptions::add(CLI::App& app) {
    app.add_option("--method", method,
                   "Change method: reckon (default; normalised multi-scale CVA), cva, irmad, pca-kmeans")
        ->type_name("M");
    app.add_option("--threshold", threshold,
                   "Threshold rule on the change score: mixture (default for reckon) or otsu (default for "
                   "the classic methods)")
        ->type_name("RULE");
    app.add_option("--bands", bands, "Bands to use, by name (B04) or 1-based number; default all")
        ->delimiter(',')
        ->type_name("B,...");
    app.add_flag("--no-clean", no_clean, "Keep the raw thresholded map (no morphology, no minimum area)");
    app.add_flag("--no-coregister", no_coregister, "Do not correct the measured shift between the images");
    app.add_option("--min-area-px", min_area_px,
                   "Drop changed regions smaller than this many pixels (default 4)")
        ->type_name("N");
}

void SiteScoreCommand::setup(CLI::App& app) {
    app.description(
        "Run a change method on a labelled pair and print its confusion counts and scores, one\n"
        "line: method tp fp fn tn precision recall f1 iou overall_accuracy. The label raster is\n"
        "on the first image's grid; --change-value is its change code (default: its largest\n"
        "value); with --unchanged, only pixels labelled in one of the two files count.\n\n"
        "Example:\n"
        "  reckon site score oscd/beihai/imgs_1 oscd/beihai/imgs_2 --truth oscd/beihai/cm/beihai-cm.tif\n");
    app.add_option("before", m_before, "First image (file or folder of bands)")
        ->required()
        ->type_name("IMAGE");
    app.add_option("after", m_after, "Second image")->required()->type_name("IMAGE");
    app.add_option("--truth", m_truth, "Label raster of change")->required()->type_name("FILE");
    app.add_option("--unchanged", m_unchanged, "Label raster of checked no-change pixels")->type_name("FILE");
    app.add_option("--change-value", m_change_value,
                   "The change code in --truth (default: its largest value)");
    app.add_option("--rows", m_rows,
                   "Score only rows FIRST:END (0-based, END excluded), for split evaluations")
        ->type_name("FIRST:END");
    m_method.add(app);
}

int SiteScoreCommand::run() {
    ProgressBar bar;
    const auto pair = read_site_pair(m_before, m_after, m_method, bar);
    auto map = imagery::detect_change(pair, change_options(m_method), bar.callback());
    if (!m_rows.empty()) {
        int first = 0;
        int end = 0;
        if (std::sscanf(m_rows.c_str(), "%d:%d", &first, &end) != 2 || first < 0 || end <= first)
            throw UsageError(fmt::format("--rows: '{}' is not FIRST:END", m_rows),
                             "for example --rows 0:200");
        for (int y = 0; y < map.height; ++y)
            if (y < first || y >= end)
                std::fill_n(map.valid.begin() + static_cast<std::ptrdiff_t>(y) * map.width, map.width, 0);
    }
    const auto c = imagery::score_change(map, m_truth, m_unchanged, m_change_value);
    bar.clear();
    fmt::print("{} {} {} {} {} {:.4f} {:.4f} {:.4f} {:.4f} {:.4f}\n", m_method.method, c.tp, c.fp, c.fn, c.tn,
               c.precision(), c.recall(), c.f1(), c.iou(), c.overall_accuracy());
    return EXIT_OK;
}

}  // namespace reckon::app
