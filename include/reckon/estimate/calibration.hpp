// Simulation-based calibration (Talts, Betancourt, Simpson, Vehtari & Gelman 2018): simulate
// programmes from the prior, estimate each through the same files and readers a user's
// programme goes through, and check that the truth's rank among the posterior draws is
// uniform and that 90% intervals hold the truth about 90% of the time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "reckon/core/progress.hpp"

namespace reckon::estimate {

struct CalibrationOptions {
    std::uint64_t first_seed = 1;
    int simulations = 200;
    int chains = 2, warmup = 500, draws = 500;
    int ranks = 99;                  // posterior draws the truth is ranked among (thinned evenly)
    int bins = 10;                   // histogram bins for the chi-square test
    std::filesystem::path work_dir;  // where the simulated files go
    core::ProgressFn progress;
};

struct CalibrationQuantity {
    std::string name;
    std::vector<int> ranks;  // one per simulation, 0..ranks
    int covered_90 = 0;      // simulations whose 90% interval held the truth
    double chi_square = 0, p_value = 1;
};

struct CalibrationResult {
    std::vector<CalibrationQuantity> quantities;  // production at several months, total, learning rate
    int simulations = 0;
    int divergent_fits = 0;      // fits with any divergent transition
    double coverage_90() const;  // over all quantities
};

CalibrationResult run_calibration(const CalibrationOptions& options);

// P(X >= x) for X ~ chi-square with k degrees of freedom (Boost.Math); 1 for x <= 0, NaN for
// NaN x or k < 1.
double chi_square_upper_tail(double x, int k);

}  // namespace reckon::estimate
