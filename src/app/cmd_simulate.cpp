// `reckon simulate --seed S --out DIR`: a synthetic programme with its known truth, in the
// same formats as real evidence, for tests and calibration (docs/model.md, "Calibration").
#include "cmd_simulate.hpp"

#include <fmt/core.h>

#include "common.hpp"
#include "reckon/estimate/simulate.hpp"

namespace reckon::app {
void SimulateCommand::setup(CLI::App& app) {
    app.description(
        "Write a synthetic programme drawn from the model's own prior, with evidence drawn from\n"
        "its likelihood: programme.toml, claims.csv (with relays and bounds), launches.csv,\n"
        "serials.csv, and truth.json with the production that really happened. Estimating it\n"
        "and comparing with truth.json checks the model end to end.\n\n"
        "Example:\n"
        "  reckon simulate --seed 7 --out sim7 && reckon estimate sim7/programme.toml --out sim7/est\n");
    app.add_option("--seed", m_options.seed, "Which programme: the same seed gives the same files")
        ->required()
        ->check(not_negative());
    app.add_option("--out", m_options.out, "Folder for the files")->required()->type_name("DIR");
    app.add_flag("--overwrite", m_options.overwrite, "Replace files that exist already");
}
int SimulateCommand::run() {
    const auto sim = estimate::simulate(m_options.seed);
    estimate::write_simulation(sim, m_options.out, m_options.overwrite);
    fmt::print(
        stderr,
        "reckon: wrote a simulated programme (seed {}) to {}: true total {:.0f}, learning rate {:.1f}%\n",
        m_options.seed, m_options.out, sim.total, 100 * sim.learning_rate);
    return EXIT_OK;
}

const SimulateCommand::Options& SimulateCommand::options() const { return m_options; }

}  // namespace reckon::app
