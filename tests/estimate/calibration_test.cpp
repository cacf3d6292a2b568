// A small simulation-based calibration (the full one is bench/calibration.sh): 24 simulated
// programmes with fixed seeds, so the outcome is fixed; checks the chi-square machinery and
// that 90% intervals cover the truth at a plausible rate.
#include <cmath>
#include <filesystem>

#include <gtest/gtest.h>

#include "reckon/estimate/calibration.hpp"

namespace reckon::estimate {
namespace {

TEST(Calibration, ChiSquareTailMatchesKnownValues) {
    EXPECT_NEAR(chi_square_upper_tail(16.919, 9), 0.05, 1e-3);
    EXPECT_NEAR(chi_square_upper_tail(21.666, 9), 0.01, 1e-3);
    EXPECT_NEAR(chi_square_upper_tail(2.0, 2), std::exp(-1.0), 1e-12);
}

TEST(Calibration, SmallRunCoversTheTruth) {
    CalibrationOptions o;
    o.simulations = 24;
    o.chains = 2, o.warmup = 300, o.draws = 300;
    o.work_dir = std::filesystem::temp_directory_path() / "reckon-calibration-test";
    const auto r = run_calibration(o);
    std::filesystem::remove_all(o.work_dir);
    ASSERT_EQ(r.simulations, 24);
    // 8 quantities x 24 simulations; at 90% coverage, 70% is far in the tail.
    EXPECT_GT(r.coverage_90(), 0.70);
    EXPECT_LT(r.coverage_90(), 1.0);
    for (const auto& q : r.quantities) EXPECT_GT(q.p_value, 1e-4) << q.name;
}

}  // namespace
}  // namespace reckon::estimate
