// Simulation-based calibration of the programme model over many simulated programmes;
// prints RESULT lines (bench/calibration.sh runs it with 200 simulations).
#include "reckon/estimate/calibration.hpp"

#include <fmt/core.h>

#include <cstdlib>
#include <filesystem>

int main(int argc, char** argv) {
    using namespace reckon::estimate;
    CalibrationOptions o;
    o.simulations = argc > 1 ? std::atoi(argv[1]) : 200;
    o.work_dir = argc > 2 ? argv[2] : std::filesystem::temp_directory_path() / "reckon-calibration";
    o.progress = [](double f, std::string_view) {
        fmt::print(stderr, "\rcalibrating {:3.0f}%", 100 * f);
        return true;
    };
    const auto r = run_calibration(o);
    fmt::print(stderr, "\n");
    for (const auto& q : r.quantities) {
        fmt::print("RESULT sbc_{}_chi2_p {:.4f} p\n", q.name, q.p_value);
        fmt::print("RESULT sbc_{}_coverage90 {:.1f} percent\n", q.name,
                   100.0 * q.covered_90 / q.ranks.size());
    }
    fmt::print("RESULT sbc_coverage90_all {:.1f} percent\n", 100 * r.coverage_90());
    fmt::print("RESULT sbc_simulations {} count\n", r.simulations);
    fmt::print("RESULT sbc_fits_with_divergences {} count\n", r.divergent_fits);
    return 0;
}
