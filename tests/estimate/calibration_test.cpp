// A small simulation-based calibration (the full one is bench/calibration.sh): 24 simulated
// programmes with fixed seeds, so the outcome is fixed; checks the chi-square machinery and
// that 90% intervals cover the truth at a plausible rate.
#include "reckon/estimate/calibration.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

namespace reckon::estimate {
namespace {

TEST(Calibration, ChiSquareTailMatchesKnownValues) {
    // References: mpmath's regularised upper incomplete gamma Q(k/2, x/2) at 60 digits;
    // tolerances are relative.
    const struct {
        double x;
        int k;
        double tail, tolerance;
    } cases[] = {
        {16.919, 9, 0.049999640848349794055, 1e-12},   // the 5% critical value of the tables
        {21.666, 9, 0.0099999798834983211182, 1e-12},  // the 1% one
        {0.5, 3, 0.91889141165467585936, 1e-13},
        {1e-3, 1, 0.97477287936996038828, 1e-13},
        {50, 25, 0.0021311519191031766514, 1e-12},
        {200, 10, 1.613930533697730479e-37, 1e-12},  // far in the tail, where 1 - P would be 0
    };
    for (const auto& c : cases)
        EXPECT_NEAR(chi_square_upper_tail(c.x, c.k), c.tail, c.tolerance * c.tail) << c.x << ", k = " << c.k;
    // Closed forms: k = 2 is exp(-x/2); k = 1 is erfc(sqrt(x/2)).
    for (double x : {0.1, 2.0, 9.0, 30.0}) {
        EXPECT_NEAR(chi_square_upper_tail(x, 2), std::exp(-x / 2), 1e-14 * std::exp(-x / 2)) << x;
        EXPECT_NEAR(chi_square_upper_tail(x, 1), std::erfc(std::sqrt(x / 2)),
                    1e-13 * std::erfc(std::sqrt(x / 2)))
            << x;
    }
    EXPECT_EQ(chi_square_upper_tail(0, 9), 1.0);
    EXPECT_EQ(chi_square_upper_tail(-1, 9), 1.0);
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
