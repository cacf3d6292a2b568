// The NUTS sampler on targets whose answers are known: a standard normal and a correlated
// 2-D Gaussian (means, variances and correlation within 5 Monte Carlo standard errors, the
// errors taken from the bulk ESS that diagnostics.cpp computes), Neal's funnel (where
// divergences must be reported), and reproducibility from the seed.
#include "reckon/estimate/nuts.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "expect_error.hpp"
#include "reckon/estimate/diagnostics.hpp"

namespace reckon::estimate {
namespace {

// Five MCSE either side: for a correct sampler a miss is a 1-in-10^6 event per check.
constexpr double MCSE_WIDTH = 5;
constexpr int CHAINS = 4;

LogDensity standard_normal() {
    return [](std::span<const double> theta, std::span<double> grad) {
        double lp = 0;
        for (std::size_t i = 0; i < theta.size(); ++i) {
            lp -= 0.5 * theta[i] * theta[i];
            grad[i] = -theta[i];
        }
        return lp;
    };
}

// N(mu, Sigma) in 2-D with sd 1 and 3 and correlation 0.9: a scale difference the diagonal
// metric must learn, and a correlation it cannot remove.
constexpr double MU[2] = {1, -2};
constexpr double SD[2] = {1, 3};
constexpr double RHO = 0.9;

LogDensity correlated_gaussian() {
    const double det = SD[0] * SD[0] * SD[1] * SD[1] * (1 - RHO * RHO);
    // The precision matrix: the inverse of [[s0^2, r s0 s1], [r s0 s1, s1^2]].
    const double p00 = SD[1] * SD[1] / det, p11 = SD[0] * SD[0] / det, p01 = -RHO * SD[0] * SD[1] / det;
    return [=](std::span<const double> theta, std::span<double> grad) {
        const double d0 = theta[0] - MU[0], d1 = theta[1] - MU[1];
        grad[0] = -(p00 * d0 + p01 * d1);
        grad[1] = -(p01 * d0 + p11 * d1);
        return -0.5 * (d0 * (p00 * d0 + p01 * d1) + d1 * (p01 * d0 + p11 * d1));
    };
}

// Neal's funnel: v ~ N(0, 3^2), x_i | v ~ N(0, e^v). Its neck is too narrow for a step size
// adapted to the mouth, the textbook source of divergent transitions.
constexpr std::size_t FUNNEL_X = 9;

LogDensity funnel() {
    return [](std::span<const double> theta, std::span<double> grad) {
        const double v = theta[0], inv_var = std::exp(-v);
        double lp = -v * v / 18, sum_sq = 0;
        for (std::size_t i = 1; i < theta.size(); ++i) {
            sum_sq += theta[i] * theta[i];
            grad[i] = -theta[i] * inv_var;
        }
        const double n = static_cast<double>(theta.size() - 1);
        lp += -0.5 * sum_sq * inv_var - 0.5 * n * v;
        grad[0] = -v / 9 + 0.5 * sum_sq * inv_var - 0.5 * n;
        return lp;
    };
}

std::vector<Chain> run_chains(const LogDensity& density, std::size_t dimension, const SamplerOptions& o) {
    std::vector<Chain> chains;
    for (int c = 0; c < CHAINS; ++c) chains.push_back(run_chain(density, dimension, o, c));
    return chains;
}

// Dimension d of every chain, one vector per chain, as diagnostics.hpp takes them.
std::vector<std::vector<double>> component(const std::vector<Chain>& chains, std::size_t d) {
    std::vector<std::vector<double>> out;
    for (const auto& c : chains) {
        auto& v = out.emplace_back();
        for (std::size_t i = 0; i < c.log_density.size(); ++i) v.push_back(c.draw(i)[d]);
    }
    return out;
}

double mean_of(const std::vector<std::vector<double>>& chains) {
    double s = 0, n = 0;
    for (const auto& c : chains)
        for (double x : c) s += x, ++n;
    return s / n;
}

double square(double x) { return x * x; }

// Vehtari et al. (2021) ask for a bulk ESS of 100 per chain before trusting an MCSE. A
// diagonal metric on the 0.9-correlated Gaussian gets about 700 of 4000; independent
// components about 4000.
constexpr double MIN_ESS = 100 * CHAINS;

// Mean and variance of one component checked against the truth within MCSE_WIDTH standard
// errors; the variance's error comes from the ESS of the squared centred draws.
void expect_moments(const std::vector<Chain>& chains, std::size_t d, double mu, double sd) {
    const auto x = component(chains, d);
    const Convergence cx = convergence(x);
    EXPECT_LT(cx.rhat, 1.01) << "dimension " << d;
    EXPECT_GT(cx.ess_bulk, MIN_ESS) << "dimension " << d;
    EXPECT_NEAR(mean_of(x), mu, MCSE_WIDTH * sd / std::sqrt(cx.ess_bulk)) << "dimension " << d;

    auto centred_sq = x;
    for (auto& c : centred_sq)
        for (auto& v : c) v = square(v - mu);
    // Var((x - mu)^2) = 2 sd^4 for a normal.
    const double ess_sq = effective_sample_size(centred_sq);
    EXPECT_NEAR(mean_of(centred_sq), sd * sd, MCSE_WIDTH * std::sqrt(2.0) * sd * sd / std::sqrt(ess_sq))
        << "dimension " << d;
}

TEST(Nuts, StandardNormalRecoversMeanAndVariance) {
    SamplerOptions o;
    o.seed = 101;
    const auto chains = run_chains(standard_normal(), 5, o);
    for (const auto& c : chains) {
        ASSERT_EQ(c.draws.size(), 5u * 1000u);
        EXPECT_EQ(c.divergences, 0);
        EXPECT_EQ(c.max_depth_hits, 0);
    }
    for (std::size_t d = 0; d < 5; ++d) expect_moments(chains, d, 0, 1);
}

TEST(Nuts, CorrelatedGaussianRecoversMomentsAndCorrelation) {
    SamplerOptions o;
    o.seed = 202;
    const auto chains = run_chains(correlated_gaussian(), 2, o);
    expect_moments(chains, 0, MU[0], SD[0]);
    expect_moments(chains, 1, MU[1], SD[1]);

    // Correlation of the pooled draws; its standard error is about (1 - rho^2)/sqrt(ESS).
    const auto x = component(chains, 0), y = component(chains, 1);
    double sxy = 0, sxx = 0, syy = 0;
    const double mx = mean_of(x), my = mean_of(y);
    for (std::size_t c = 0; c < x.size(); ++c)
        for (std::size_t i = 0; i < x[c].size(); ++i) {
            sxy += (x[c][i] - mx) * (y[c][i] - my);
            sxx += square(x[c][i] - mx);
            syy += square(y[c][i] - my);
        }
    const double ess = std::min(convergence(x).ess_bulk, convergence(y).ess_bulk);
    EXPECT_NEAR(sxy / std::sqrt(sxx * syy), RHO, MCSE_WIDTH * (1 - RHO * RHO) / std::sqrt(ess));

    // The adapted diagonal metric approaches the marginal variances (1 and 9): windowed
    // estimates from a few hundred correlated warm-up draws, so within a factor of 1.5.
    for (const auto& c : chains) {
        ASSERT_EQ(c.inverse_metric.size(), 2u);
        for (std::size_t d = 0; d < 2; ++d) {
            EXPECT_GT(c.inverse_metric[d], SD[d] * SD[d] / 1.5) << "dimension " << d;
            EXPECT_LT(c.inverse_metric[d], SD[d] * SD[d] * 1.5) << "dimension " << d;
        }
    }
}

TEST(Nuts, RecordsOneEntryPerDrawForEveryDiagnostic) {
    SamplerOptions o;
    o.warmup = 200, o.draws = 300, o.seed = 7;
    const Chain c = run_chain(standard_normal(), 3, o, 0);
    EXPECT_EQ(c.dimension, 3u);
    EXPECT_EQ(c.draws.size(), 900u);
    for (std::size_t n : {c.log_density.size(), c.accept_stat.size(), c.energy.size(), c.tree_depth.size(),
                          c.leapfrog_steps.size(), c.divergent.size()})
        EXPECT_EQ(n, 300u);
    for (std::size_t i = 0; i < 300; ++i) {
        EXPECT_LE(c.tree_depth[i], o.max_depth);
        EXPECT_GE(c.leapfrog_steps[i], 1);
        EXPECT_GE(c.accept_stat[i], 0);
        EXPECT_LE(c.accept_stat[i], 1);
        // The log density stored is the draw's.
        double lp = 0;
        for (double v : c.draw(i)) lp -= 0.5 * v * v;
        EXPECT_DOUBLE_EQ(c.log_density[i], lp);
    }
    EXPECT_GT(c.step_size, 0);
}

// The funnel's neck diverges; each divergent draw is flagged and the count is their sum.
// A standard normal of the same dimension, same settings, has none.
TEST(Nuts, CountsDivergencesOnNealsFunnel) {
    SamplerOptions o;
    o.seed = 303;
    int total = 0;
    for (int chain = 0; chain < CHAINS; ++chain) {
        const Chain c = run_chain(funnel(), 1 + FUNNEL_X, o, chain);
        int flagged = 0;
        for (char d : c.divergent) flagged += d ? 1 : 0;
        EXPECT_EQ(c.divergences, flagged) << "chain " << chain;
        total += c.divergences;
    }
    EXPECT_GT(total, 0);
}

TEST(Nuts, SameSeedAndChainGiveTheSameDraws) {
    SamplerOptions o;
    o.warmup = 150, o.draws = 100, o.seed = 42;
    const Chain a = run_chain(correlated_gaussian(), 2, o, 1);
    const Chain b = run_chain(correlated_gaussian(), 2, o, 1);
    EXPECT_EQ(a.draws, b.draws);
    EXPECT_EQ(a.step_size, b.step_size);
    EXPECT_EQ(a.inverse_metric, b.inverse_metric);
    // The chain number and the seed each select a different stream.
    EXPECT_NE(a.draws, run_chain(correlated_gaussian(), 2, o, 2).draws);
    o.seed = 43;
    EXPECT_NE(a.draws, run_chain(correlated_gaussian(), 2, o, 1).draws);
}

TEST(Nuts, ReportsProgressAndStopsWhenTheCallbackSaysSo) {
    SamplerOptions o;
    o.warmup = 20, o.draws = 20;
    int calls = 0, last_total = 0;
    const Chain full = run_chain(standard_normal(), 2, o, 0, [&](int done, int total) {
        EXPECT_EQ(done, ++calls);
        last_total = total;
        return true;
    });
    EXPECT_EQ(calls, 40);
    EXPECT_EQ(last_total, 40);
    EXPECT_EQ(full.draws.size(), 40u);
    // Stopped after 25 iterations: 5 of them after warm-up.
    const Chain stopped = run_chain(standard_normal(), 2, o, 0, [](int done, int) { return done < 25; });
    EXPECT_EQ(stopped.draws.size(), 10u);
}

TEST(Nuts, RefusesATargetWithNoFiniteDensity) {
    const LogDensity nowhere = [](std::span<const double>, std::span<double>) {
        return -std::numeric_limits<double>::infinity();
    };
    EXPECT_THROW_MSG_HAS(run_chain(nowhere, 2, SamplerOptions{}, 0), std::runtime_error,
                         "no starting point with a finite density was found in 100 tries");
}

}  // namespace
}  // namespace reckon::estimate
