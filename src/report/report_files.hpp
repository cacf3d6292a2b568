// The files a report folder holds, by the role the view's "files" gives them: the estimate's own
// outputs (written by write_estimate before the report) and the report's (written by
// report::write_report). One table, so the view names exactly what the folder holds and a copied
// input never takes the name of an output.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <string_view>

namespace reckon::report::detail {

struct ReportFile {
    std::string_view role;  // key in the view's "files"
    std::string_view name;  // file name inside the report folder
};

inline constexpr std::array<ReportFile, 15> REPORT_FILES{{
    // write_estimate (the first ESTIMATE_FILE_COUNT)
    {"estimate_json", "estimate.json"},
    {"production_csv", "production.csv"},
    {"contracts_csv", "contracts.csv"},
    {"sources_csv", "sources.csv"},
    {"learning_curve_csv", "learning_curve.csv"},
    {"claims_csv", "claims.csv"},
    {"diagnostics_csv", "diagnostics.csv"},
    {"summary_txt", "summary.txt"},
    // report::write_report
    {"flights_csv", "flights.csv"},
    {"view_json", "view.json"},
    {"production_png", "production.png"},
    {"cumulative_png", "cumulative.png"},
    {"launches_png", "launches.png"},
    {"learning_curve_png", "learning_curve.png"},
    {"index_html", "index.html"},
}};

inline constexpr std::size_t ESTIMATE_FILE_COUNT = 8;

// Refuses a folder holding one of the first `count` files of REPORT_FILES, unless `overwrite`.
void check_folder(const std::filesystem::path& dir, std::size_t count, bool overwrite);

// The files besides these that a report folder may hold and a copied input must not replace:
// the store `reckon run` keeps there (with SQLite's WAL files).
inline constexpr std::array<std::string_view, 3> OTHER_NAMES{{"reckon.db", "reckon.db-wal", "reckon.db-shm"}};

}  // namespace reckon::report::detail
