// `reckon simulate --seed S --out DIR`: a synthetic programme with its known truth, in the
// same formats as real evidence, for tests and calibration (docs/model.md, "Calibration").
#include <fmt/core.h>

#include "command.hpp"
#include "reckon/estimate/simulate.hpp"

namespace reckon::app {
namespace {

class SimulateCommand : public Command {
public:
    void setup(CLI::App& app) override {
        app.description(
            "Write a synthetic programme drawn from the model's own prior, with evidence drawn from\n"
            "its likelihood: programme.toml, claims.csv (with relays and bounds), launches.csv,\n"
            "serials.csv, and truth.json with the production that really happened. Estimating it\n"
            "and comparing with truth.json checks the model end to end.\n\n"
            "Example:\n"
            "  reckon simulate --seed 7 --out sim7 && reckon estimate sim7/programme.toml --out sim7/est\n");
        app.add_option("--seed", m_seed, "Which programme: the same seed gives the same files")->required();
        app.add_option("--out", m_out, "Folder for the files")->required()->type_name("DIR");
        app.add_flag("--overwrite", m_overwrite, "Replace files that exist already");
    }
    int run() override {
        const auto sim = estimate::simulate(m_seed);
        estimate::write_simulation(sim, m_out, m_overwrite);
        fmt::print(stderr, "reckon: wrote a simulated programme (seed {}) to {}: true total {:.0f}, learning rate {:.1f}%\n",
                   m_seed, m_out, sim.total, 100 * sim.learning_rate);
        return EXIT_OK;
    }

private:
    std::uint64_t m_seed = 0;
    std::string m_out;
    bool m_overwrite = false;
};

}  // namespace

std::unique_ptr<Command> make_simulate_command() { return std::make_unique<SimulateCommand>(); }

}  // namespace reckon::app
