// `reckon estimate PROGRAMME.toml --out DIR` and `reckon run PROGRAMME_DIR --out DIR`: read a
// programme's evidence, sample the model, write estimate.json and CSVs, print the summary.
// `run` first ingests the programme's documents into DIR/reckon.db, so the whole flow from
// documents to estimate is one command.
#include <filesystem>

#include <fmt/core.h>

#include "command.hpp"
#include "programme_run.hpp"
#include "reckon/core/error.hpp"
#include "reckon/evidence/gather.hpp"
#include "reckon/report/estimate_files.hpp"
#include "reckon/report/report.hpp"
#include "reckon/report/view.hpp"
#include "reckon/store/store.hpp"

namespace fs = std::filesystem;

namespace reckon::app {
namespace {

class EstimateCommand : public Command {
public:
    void setup(CLI::App& app) override {
        app.description(
            "Estimate a programme: read its evidence (claims CSV, launch counts, serial numbers,\n"
            "documents), reconcile it in one Bayesian model and write the posterior: production\n"
            "per month with 50% and 90% intervals, cumulative output and inventory, contract\n"
            "progress, the learning curve and each source class's bias and noise.\n\n"
            "Outputs in --out: estimate.json, production.csv, contracts.csv, sources.csv,\n"
            "learning_curve.csv, claims.csv, diagnostics.csv, summary.txt. The summary is also\n"
            "printed. See docs/programme.md for the programme file and docs/model.md for the model.\n\n"
            "Examples:\n"
            "  reckon estimate examples/alabuga/programme.toml --out out/alabuga\n"
            "  reckon estimate programme.toml --db reckon.db --out est --seed 7 --draws 2000\n");
        app.add_option("programme", m_programme, "Programme file (TOML)")->required()->type_name("FILE");
        app.add_option("--out", m_out, "Folder for the outputs")->required()->type_name("DIR");
        app.add_option("--db", m_db, "Use the claims of this evidence store instead of extracting the documents")
            ->type_name("FILE");
        m_options.add(app);
    }

    int run() override {
        const auto programme = load_programme_arg(m_programme);
        report::check_estimate_folder(m_out, m_options.overwrite);  // refused now, not after sampling
        const auto store = open_or_read(m_db, programme);
        estimate_and_write(programme, evidence::gather(programme, store), m_options, m_out, Outputs::estimate);
        return EXIT_OK;
    }

private:
    std::string m_programme, m_out, m_db;
    SamplingOptions m_options;
};

class RunCommand : public Command {
public:
    void setup(CLI::App& app) override {
        app.description(
            "The whole flow for a programme folder holding programme.toml: ingest its documents\n"
            "into OUT/reckon.db (claims and events, with their sentences), then estimate with\n"
            "those claims and the folder's CSV evidence, writing everything to OUT, and end with\n"
            "the report (OUT/index.html, whose path is the last line on stdout; see reckon report).\n\n"
            "Example:\n"
            "  reckon run examples/alabuga --out out/alabuga\n");
        app.add_option("programme_dir", m_dir, "Folder with programme.toml (or the TOML file itself)")
            ->required()
            ->type_name("DIR");
        app.add_option("--out", m_out, "Folder for the store and the outputs")->required()->type_name("DIR");
        m_options.add(app);
    }

    int run() override {
        const auto programme = load_programme_arg(m_dir);
        report::check_report_folder(m_out, m_options.overwrite);  // refused now, not after sampling
        std::error_code ec;
        fs::create_directories(m_out, ec);
        if (ec) throw Error(fmt::format("cannot create {}", m_out), "check the path and its permissions");
        const fs::path db = fs::path(m_out) / "reckon.db";
        store::Store store(db);
        ingest_programme(programme, store, db.string());
        estimate_and_write(programme, evidence::gather(programme, store), m_options, m_out,
                           Outputs::estimate_and_report);
        return EXIT_OK;
    }

private:
    std::string m_dir, m_out;
    SamplingOptions m_options;
};

}  // namespace

std::unique_ptr<Command> make_estimate_command() { return std::make_unique<EstimateCommand>(); }
std::unique_ptr<Command> make_run_command() { return std::make_unique<RunCommand>(); }

}  // namespace reckon::app
