// `reckon run PROGRAMME_DIR --out DIR`: first ingests the programme's documents into
// DIR/reckon.db, so the whole flow from documents to estimate and report is one command.
#include "cmd_run.hpp"

#include <fmt/core.h>

#include <filesystem>
#include <system_error>

#include "reckon/core/error.hpp"
#include "reckon/evidence/gather.hpp"
#include "reckon/report/estimate_files.hpp"
#include "reckon/report/report.hpp"
#include "reckon/store/store.hpp"

namespace fs = std::filesystem;

namespace reckon::app {

void RunCommand::setup(CLI::App& app) {
    app.description(
        "The whole flow for a programme folder holding programme.toml: ingest its documents\n"
        "into OUT/reckon.db (claims and events, with their sentences), then estimate with\n"
        "those claims and the folder's CSV evidence, writing everything to OUT, and end with\n"
        "the report (OUT/index.html, whose path is the last line on stdout; see reckon report).\n\n"
        "Example:\n"
        "  reckon run examples/alabuga --out out/alabuga\n");
    app.add_option("programme_dir", m_options.programme_dir,
                   "Folder with programme.toml (or the TOML file itself)")
        ->required()
        ->type_name("DIR");
    app.add_option("--out", m_options.out, "Folder for the store and the outputs")
        ->required()
        ->type_name("DIR");
    m_options.sampling.add(app);
}

int RunCommand::run() {
    const auto& out = m_options.out;
    const auto programme = load_programme_arg(m_options.programme_dir);
    report::check_report_folder(out, m_options.sampling.overwrite);  // refused now, not after sampling
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec) throw Error(fmt::format("cannot create {}", out), "check the path and its permissions");
    const fs::path db = fs::path(out) / "reckon.db";
    store::Store store(db);
    ingest_programme(programme, store, db.string());
    estimate_and_write(programme, evidence::gather(programme, store), m_options.sampling, out,
                       Outputs::estimate_and_report);
    return EXIT_OK;
}

const RunCommand::Options& RunCommand::options() const { return m_options; }

}  // namespace reckon::app
