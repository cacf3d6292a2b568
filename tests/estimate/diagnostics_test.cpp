// R-hat, effective sample size, quantiles and E-BFMI against cases worked by hand (the
// arithmetic is in the comments) and against the theory for iid and AR(1) draws. Random
// inputs come from a fixed seed, so every outcome here is fixed; the tolerances say how far
// the estimator may stray from the theory for that many draws.
#include "reckon/estimate/diagnostics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "reckon/estimate/random.hpp"

namespace reckon::estimate {
namespace {

using Chains = std::vector<std::vector<double>>;

Chains iid_normal(std::size_t chains, std::size_t draws, std::uint64_t seed, double mean = 0, double sd = 1) {
    Random rng(seed);
    Chains out(chains, std::vector<double>(draws));
    for (auto& c : out)
        for (auto& x : c) x = mean + sd * rng.normal();
    return out;
}

// x_t = phi x_{t-1} + e_t, started from its stationary distribution: its integrated
// autocorrelation time is (1 + phi) / (1 - phi).
Chains ar1(std::size_t chains, std::size_t draws, double phi, std::uint64_t seed) {
    Random rng(seed);
    Chains out(chains, std::vector<double>(draws));
    const double stationary_sd = 1 / std::sqrt(1 - phi * phi);
    for (auto& c : out) {
        double x = stationary_sd * rng.normal();
        for (auto& v : c) v = x = phi * x + rng.normal();
    }
    return out;
}

std::size_t total_draws(const Chains& chains) { return chains.size() * chains[0].size(); }

// --- split R-hat on hand-computed cases ---------------------------------------------------

// Two chains 1,2,3,4 split into halves {1,2},{3,4},{1,2},{3,4}: n = 2, each half's variance
// 0.5 so W = 0.5; the half means 1.5,3.5,1.5,3.5 have variance 4/3 so B = 8/3;
// var+ = (1/2)(0.5) + (8/3)/2 = 19/12 and R-hat = sqrt(19/6).
TEST(SplitRhat, TrendWithinChainsIsCaughtBySplitting) {
    EXPECT_NEAR(split_rhat({{1, 2, 3, 4}, {1, 2, 3, 4}}), std::sqrt(19.0 / 6.0), 1e-12);
}

// Identical chains 1,2,1,2: every half is {1,2}, so B = 0, W = 0.5, var+ = 0.25 and
// R-hat = sqrt(0.5), below 1 (the estimator is not bounded by 1 for so few draws).
TEST(SplitRhat, IdenticalStationaryChainsHaveNoBetweenVariance) {
    EXPECT_NEAR(split_rhat({{1, 2, 1, 2}, {1, 2, 1, 2}}), std::sqrt(0.5), 1e-12);
}

TEST(SplitRhat, ConstantChainsGiveOne) { EXPECT_EQ(split_rhat({{3, 3, 3, 3}, {3, 3, 3, 3}}), 1.0); }

TEST(SplitRhat, IidDrawsFromOneDistributionGiveNearlyOne) {
    // With 4 x 1000 draws R-hat - 1 is of order 1/N; 1.01 is the usual threshold.
    EXPECT_LT(split_rhat(iid_normal(4, 1000, 11)), 1.01);
    EXPECT_GT(split_rhat(iid_normal(4, 1000, 11)), 0.99);
}

TEST(SplitRhat, ChainsWithDifferentMeansExceedTheThreshold) {
    Chains chains = iid_normal(4, 500, 12);
    for (auto& x : chains[3]) x += 3;  // one chain stuck three sd away
    EXPECT_GT(split_rhat(chains), 1.1);
    EXPECT_GT(convergence(chains).rhat, 1.1);
}

// --- effective sample size ------------------------------------------------------------------

TEST(EffectiveSampleSize, ConstantChainsCountEveryDraw) {
    EXPECT_EQ(effective_sample_size({{2, 2, 2, 2, 2}, {2, 2, 2, 2, 2}}), 10.0);
}

// Geyer's estimate for independent draws: tau = 1, so ESS = N. The estimator's relative
// error is a few percent at N = 4000; 10% is well outside it.
TEST(EffectiveSampleSize, IidDrawsGiveAboutTheDrawCount) {
    const Chains chains = iid_normal(4, 1000, 21);
    const double n = static_cast<double>(total_draws(chains));
    EXPECT_NEAR(effective_sample_size(chains), n, 0.10 * n);
}

// AR(1) with phi = 0.9: tau = 1.9 / 0.1 = 19, so ESS = N / 19. With 4 x 5000 draws the
// estimate of tau has a relative error near 5%; 20% is outside it.
TEST(EffectiveSampleSize, Ar1DrawsGiveNOverTau) {
    const Chains chains = ar1(4, 5000, 0.9, 22);
    const double expected = static_cast<double>(total_draws(chains)) / 19;
    EXPECT_NEAR(effective_sample_size(chains), expected, 0.20 * expected);
}

// A perfectly alternating chain 1,-1,1,... of 100 draws: rho_1 = 1 - (W - acov_1)/var+ with
// W = 100/99, acov_1 = -99/100, var+ = 1, so rho_0 + rho_1 < 0 and tau = -1 + 2(rho_0 + rho_1)
// is negative; Stan's floor tau >= 1/log10(N) applies and ESS = N log10(N) = 200.
TEST(EffectiveSampleSize, AntitheticChainIsCappedAtNLog10N) {
    std::vector<double> c(100);
    for (std::size_t i = 0; i < c.size(); ++i) c[i] = i % 2 ? -1 : 1;
    EXPECT_NEAR(effective_sample_size({c}), 200.0, 1e-9);
}

// --- convergence(): rank-normalised bulk and folded R-hat, bulk and tail ESS -----------------

TEST(Convergence, ConstantQuantityGetsRhatOneAndFullEss) {
    const Convergence c = convergence({{5, 5, 5, 5}, {5, 5, 5, 5}, {5, 5, 5, 5}});
    EXPECT_EQ(c.rhat, 1.0);
    EXPECT_EQ(c.ess_bulk, 12.0);
    EXPECT_EQ(c.ess_tail, 12.0);
}

// Independent draws: both ESS near N (tail ESS uses 5%/95% indicators, so it is noisier: 20%),
// R-hat below 1.01.
TEST(Convergence, IidDrawsConverge) {
    const Chains chains = iid_normal(4, 1000, 31);
    const double n = static_cast<double>(total_draws(chains));
    const Convergence c = convergence(chains);
    EXPECT_LT(c.rhat, 1.01);
    EXPECT_NEAR(c.ess_bulk, n, 0.10 * n);
    EXPECT_NEAR(c.ess_tail, n, 0.20 * n);
}

// Two chains with the same centre but scales 1 and 5: the bulk R-hat cannot see it, the
// folded one (distances from the median) does, and convergence() reports the larger.
TEST(Convergence, FoldedRhatCatchesChainsWithDifferentScales) {
    Chains chains = iid_normal(4, 1000, 32);
    for (auto& x : chains[2]) x *= 5;
    for (auto& x : chains[3]) x *= 5;
    EXPECT_LT(split_rhat(chains), 1.05);
    EXPECT_GT(convergence(chains).rhat, 1.1);
}

// Ranks are all the bulk ESS sees: a monotone transform of every draw leaves it unchanged.
TEST(Convergence, BulkEssIsInvariantUnderMonotoneTransforms) {
    const Chains chains = ar1(4, 500, 0.5, 33);
    Chains transformed = chains;
    for (auto& c : transformed)
        for (auto& x : c) x = std::exp(3 * x);
    EXPECT_DOUBLE_EQ(convergence(chains).ess_bulk, convergence(transformed).ess_bulk);
}

TEST(Convergence, AutocorrelationLowersBulkEss) {
    const Chains chains = ar1(4, 5000, 0.9, 34);
    const double expected = static_cast<double>(total_draws(chains)) / 19;  // as in Ar1DrawsGiveNOverTau
    EXPECT_NEAR(convergence(chains).ess_bulk, expected, 0.25 * expected);
}

// --- quantiles (type 7) and E-BFMI ------------------------------------------------------------

TEST(Quantile, InterpolatesLinearlyBetweenOrderStatistics) {
    // Sorted: 1 2 3 4; h = 3p, so p = 0.25 gives 1 + 0.75 (2 - 1).
    const std::vector<double> v = {4, 1, 3, 2};
    EXPECT_DOUBLE_EQ(quantile(v, 0), 1);
    EXPECT_DOUBLE_EQ(quantile(v, 0.25), 1.75);
    EXPECT_DOUBLE_EQ(quantile(v, 0.5), 2.5);
    EXPECT_DOUBLE_EQ(quantile(v, 1), 4);
    const double ps[] = {0.5, 0.25, 1};
    EXPECT_EQ(quantiles(v, ps), (std::vector<double>{2.5, 1.75, 4}));
    EXPECT_TRUE(std::isnan(quantile({}, 0.5)));
}

// Energies 0,1,0,1: squared jumps sum to 3, squared deviations from 0.5 sum to 1.
TEST(EnergyBfmi, HandComputedCase) { EXPECT_DOUBLE_EQ(energy_bfmi(std::vector<double>{0, 1, 0, 1}), 3.0); }

TEST(EnergyBfmi, DegenerateInputsGiveOne) {
    EXPECT_EQ(energy_bfmi(std::vector<double>{7}), 1.0);
    EXPECT_EQ(energy_bfmi(std::vector<double>{7, 7, 7}), 1.0);
}

// Independent energies: E[(E_t - E_{t-1})^2] = 2 Var(E), so E-BFMI is near 2. A slowly
// wandering energy (AR(1), phi = 0.99) explores badly: E-BFMI = 2(1 - phi), far below 0.3.
TEST(EnergyBfmi, SeparatesGoodFromPoorExploration) {
    EXPECT_NEAR(energy_bfmi(iid_normal(1, 4000, 41)[0]), 2.0, 0.15);
    EXPECT_LT(energy_bfmi(ar1(1, 4000, 0.99, 42)[0]), 0.3);
}

}  // namespace
}  // namespace reckon::estimate
