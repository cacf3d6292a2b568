// The serial-number likelihood in its special case (one series, every serial seen at once,
// a flat prior on the total) sampled with reckon's NUTS, against the closed-form posterior
// of Höhle & Held (2006): P(N = n | m, k) ∝ 1 / C(n, k) for n >= m, with m the largest of
// the k serials seen.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "reckon/estimate/diagnostics.hpp"
#include "reckon/estimate/model.hpp"
#include "reckon/estimate/nuts.hpp"

namespace reckon::estimate {
namespace {

struct ClosedForm {
    double mean = 0, q05 = 0, q50 = 0, q95 = 0;
    std::vector<double> pmf;  // P(N = m + i)
};

// Sums the discrete posterior far into its tail (it falls as n^-k).
ClosedForm closed_form(int m, int k) {
    std::vector<double> w;
    double total = 0;
    for (int n = m; n < 200 * m; ++n) {
        // log 1/C(n,k) = lgamma(k+1) + lgamma(n-k+1) - lgamma(n+1)
        const double lw = std::lgamma(n - k + 1.0) - std::lgamma(n + 1.0);
        w.push_back(std::exp(lw - (std::lgamma(m - k + 1.0) - std::lgamma(m + 1.0))));
        total += w.back();
    }
    ClosedForm out;
    double cdf = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        const double p = w[i] / total, n = m + static_cast<double>(i);
        out.pmf.push_back(p);
        out.mean += p * n;
        const double before = cdf;
        cdf += p;
        if (before < 0.05 && cdf >= 0.05) out.q05 = n;
        if (before < 0.5 && cdf >= 0.5) out.q50 = n;
        if (before < 0.95 && cdf >= 0.95) out.q95 = n;
    }
    return out;
}

TEST(GermanTank, ClosedFormMeanMatchesTheKnownFormula) {
    // Höhle & Held: E[N] = (m - 1)(k - 1) / (k - 2) for k > 2.
    EXPECT_NEAR(closed_form(60, 6).mean, 59.0 * 5 / 4, 0.05);
}

TEST(GermanTank, PosteriorMatchesClosedFormWithinMonteCarloError) {
    const std::vector<double> serials{412, 95, 688, 250, 731, 37, 560, 120};  // k = 8, m = 731
    const int k = static_cast<int>(serials.size());
    const double m = 731;
    // N = (m - 1) + e^u: the soft step of the likelihood does the cut at m; e^u is the Jacobian.
    LogDensity density = [&](std::span<const double> theta, std::span<double> grad) {
        const double e = std::exp(theta[0]);
        const double n = (m - 1) + e;
        double lp = theta[0], d_n = 0;
        for (int i = 0; i < k; ++i) {
            double slope = 0;
            lp += serial_log_likelihood(n, serials[i], i, 0.5, &slope);
            d_n += slope;
        }
        grad[0] = 1 + d_n * e;
        return lp;
    };
    SamplerOptions options;
    options.seed = 2006;
    std::vector<std::vector<double>> chains;
    std::vector<double> all;
    for (int c = 0; c < 4; ++c) {
        const Chain chain = run_chain(density, 1, options, c);
        std::vector<double> n;
        for (std::size_t i = 0; i < chain.draws.size(); ++i) n.push_back((m - 1) + std::exp(chain.draws[i]));
        all.insert(all.end(), n.begin(), n.end());
        chains.push_back(std::move(n));
    }
    const auto conv = convergence(chains);
    ASSERT_LT(conv.rhat, 1.01);
    const auto exact = closed_form(static_cast<int>(m), k);
    double mean = 0, var = 0;
    for (double v : all) mean += v;
    mean /= all.size();
    for (double v : all) var += (v - mean) * (v - mean);
    const double sd = std::sqrt(var / (all.size() - 1));
    const double mcse = sd / std::sqrt(effective_sample_size(chains));
    // Continuous N against integer n: half a unit of discretisation on top of 4 MC errors.
    EXPECT_NEAR(mean, exact.mean, 4 * mcse + 0.5) << "sd " << sd << " mcse " << mcse;
    // A quantile's MC error: sqrt(p (1 - p) / ESS) / density at the quantile.
    auto q_tolerance = [&](double p, double q) {
        const double density = exact.pmf[static_cast<std::size_t>(q - m)];
        return 4 * std::sqrt(p * (1 - p) / conv.ess_tail) / density + 0.5;
    };
    EXPECT_NEAR(quantile(all, 0.05), exact.q05, q_tolerance(0.05, exact.q05));
    EXPECT_NEAR(quantile(all, 0.5), exact.q50, q_tolerance(0.5, exact.q50));
    EXPECT_NEAR(quantile(all, 0.95), exact.q95, q_tolerance(0.95, exact.q95));
}

}  // namespace
}  // namespace reckon::estimate
