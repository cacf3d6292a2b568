// The report: a folder with a self-contained page (index.html: the web front end and the view
// inlined, so it opens from disk with no network), the view as view.json, PNG charts of
// production, cumulative output against the contracts, launches and the learning curve, and
// flights.csv, beside the estimate's own files (estimate.json, production.csv, ...).
// docs/report.md describes each file.
#pragma once

#include <filesystem>

#include "reckon/core/atomic_file.hpp"
#include "reckon/estimate/estimate.hpp"
#include "reckon/report/view.hpp"

namespace reckon::report {

// The size of every PNG chart.
inline constexpr int CHART_WIDTH_PX = 960, CHART_HEIGHT_PX = 520;

// Refuses (InputError naming the file, hint --overwrite) a folder that already holds a file the
// estimate or the report would write, unless `overwrite`. Call it before sampling, so a run that
// would be refused at the end is refused at the start.
void check_report_folder(const std::filesystem::path& dir, bool overwrite);

// Writes index.html, view.json, production.png, cumulative.png, launches.png,
// learning_curve.png, flights.csv and a copy of the programme's launch CSV (see
// launch_rows_file()) into `dir` (created if needed) as one set: all of them, or none when one
// cannot be written (core::FileSet). `view` is build_view(result, ViewMode::report). Existing files are
// refused (InputError naming the file, hint --overwrite) unless `overwrite`, before any is
// written. Throws Error when the folder or a file cannot be written.
void write_report(const View& view, const estimate::EstimateResult& result, const std::filesystem::path& dir,
                  bool overwrite);

// The estimate's files (report/estimate_files.hpp) and the report's, as one set.
void write_estimate_and_report(const View& view, const estimate::EstimateResult& result,
                               const std::filesystem::path& dir, bool overwrite);

// Stages the report's files in `files`, for a caller that writes them in one set with others.
void stage_report(core::FileSet& files, const View& view, const estimate::EstimateResult& result,
                  const std::filesystem::path& dir);

// The page alone: index.html's text for `view` (report mode). With the estimate, a site section
// (view.site) carries its chart of changed area inlined as a PNG.
std::string report_html(const View& view);
std::string report_html(const View& view, const estimate::EstimateResult* result);

// The view as JSON text as the page and view.json hold it: invalid UTF-8 from scraped text is
// replaced (U+FFFD) rather than refused.
std::string view_text(const View& view, int indent = -1);

}  // namespace reckon::report
