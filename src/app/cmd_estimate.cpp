// `reckon estimate PROGRAMME.toml --out DIR`: read a programme's evidence, sample the model,
// write estimate.json and CSVs, print the summary.
#include "cmd_estimate.hpp"

#include "reckon/core/error.hpp"
#include "reckon/evidence/gather.hpp"
#include "reckon/report/estimate_files.hpp"
#include "reckon/store/store.hpp"

namespace reckon::app {

void EstimateCommand::setup(CLI::App& app) {
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
    app.add_option("programme", m_options.programme, "Programme file (TOML)")->required()->type_name("FILE");
    app.add_option("--out", m_options.out, "Folder for the outputs")->required()->type_name("DIR");
    app.add_option("--db", m_options.db,
                   "Use the claims of this evidence store instead of extracting the documents")
        ->type_name("FILE");
    m_options.sampling.add(app);
}

int EstimateCommand::run() {
    const auto programme = load_programme_arg(m_options.programme);
    report::check_estimate_folder(m_options.out,
                                  m_options.sampling.overwrite);  // refused now, not after sampling
    const auto store = open_or_read(m_options.db, programme);
    estimate_and_write(programme, evidence::gather(programme, store), m_options.sampling, m_options.out,
                       Outputs::estimate);
    return EXIT_OK;
}

const EstimateCommand::Options& EstimateCommand::options() const { return m_options; }

}  // namespace reckon::app
