// `reckon report PROGRAMME.toml --out DIR`: estimate a programme and write its report beside the
// estimate: a page that opens offline (index.html), the view as JSON, PNG charts and CSVs. The
// evidence store is DIR/reckon.db when `reckon run` left one there (so analysts' reviews count),
// or --db; otherwise the programme's documents are read into a store in memory, so the report
// still shows each extracted claim's document and the flights.
#include "cmd_report.hpp"

#include <fmt/core.h>

#include <filesystem>

#include "programme_run.hpp"
#include "reckon/core/error.hpp"
#include "reckon/evidence/gather.hpp"
#include "reckon/report/report.hpp"
#include "reckon/store/store.hpp"

namespace fs = std::filesystem;

namespace reckon::app {
void ReportCommand::setup(CLI::App& app) {
    app.description(
        "Estimate a programme and write its report to --out: index.html, a page that works\n"
        "offline (charts of monthly production with 50% and 90% bands and the claims drawn\n"
        "over it, cumulative output against each contract, launches, the learning curve; the\n"
        "source-bias table; the flights on a map; every claim with its sentence and document),\n"
        "view.json (what the page shows), production.png, cumulative.png, launches.png,\n"
        "learning_curve.png, flights.csv, and the estimate's own files (estimate.json and CSVs).\n\n"
        "The evidence store is --db, or OUT/reckon.db when it exists (as `reckon run` leaves it,\n"
        "with the analysts' reviews); without one the programme's documents are read afresh.\n"
        "The path of index.html is the last line on stdout. See docs/report.md.\n\n"
        "Examples:\n"
        "  reckon report examples/alabuga/programme.toml --out out/alabuga\n"
        "  reckon report examples/alabuga --out out/alabuga --db out/alabuga/reckon.db --overwrite\n"
        "  xdg-open \"$(reckon report examples/alabuga --out out/alabuga --draws 500 | tail -n 1)\"\n");
    app.add_option("programme", m_options.programme, "Programme file (TOML), or its folder")
        ->required()
        ->type_name("FILE");
    app.add_option("--out", m_options.out, "Folder for the report and the estimate")
        ->required()
        ->type_name("DIR");
    app.add_option("--db", m_options.db,
                   "Evidence store with the documents' claims and reviews (default: OUT/reckon.db "
                   "when it exists)")
        ->type_name("FILE");
    m_options.sampling.add(app);
}

int ReportCommand::run() {
    const auto programme = load_programme_arg(m_options.programme);
    // Refused before sampling rather than after it.
    report::check_report_folder(m_options.out, m_options.sampling.overwrite);
    std::string db = m_options.db;
    if (db.empty() && fs::exists(fs::path(m_options.out) / "reckon.db"))
        db = (fs::path(m_options.out) / "reckon.db").string();
    const auto store = open_or_read(db, programme);
    estimate_and_write(programme, evidence::gather(programme, store), m_options.sampling, m_options.out,
                       Outputs::estimate_and_report, &store);
    return EXIT_OK;
}

const ReportCommand::Options& ReportCommand::options() const { return m_options; }

}  // namespace reckon::app
