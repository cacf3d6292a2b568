// Simulation-based calibration; see calibration.hpp.
#include "reckon/estimate/calibration.hpp"

#include <fmt/core.h>

#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>

#include "reckon/estimate/estimate.hpp"
#include "reckon/estimate/simulate.hpp"

namespace reckon::estimate {

double chi_square_upper_tail(double x, int k) {
    if (x <= 0) return 1;
    // Doubles stay doubles; NaN x or k < 1 gives NaN rather than an exception.
    using Policy = boost::math::policies::policy<
        boost::math::policies::promote_double<false>,
        boost::math::policies::domain_error<boost::math::policies::ignore_error>>;
    return boost::math::cdf(
        boost::math::complement(boost::math::chi_squared_distribution<double, Policy>(k), x));
}

double CalibrationResult::coverage_90() const {
    double covered = 0, total = 0;
    for (const auto& q : quantities) covered += q.covered_90, total += static_cast<double>(q.ranks.size());
    return total > 0 ? covered / total : 0;
}

CalibrationResult run_calibration(const CalibrationOptions& o) {
    CalibrationResult result;
    const std::vector<int> months{6, 12, 18, 24, 30, 35};
    for (int t : months) result.quantities.push_back({fmt::format("production_month_{}", t), {}, 0, 0, 1});
    result.quantities.push_back({"total", {}, 0, 0, 1});
    result.quantities.push_back({"learning_rate", {}, 0, 0, 1});
    for (int s = 0; s < o.simulations; ++s) {
        const std::uint64_t seed = o.first_seed + static_cast<std::uint64_t>(s);
        const Simulation sim = simulate(seed);
        const auto dir = o.work_dir / fmt::format("sim{}", seed);
        write_simulation(sim, dir, true);
        const evidence::Programme programme = evidence::load_programme(dir / "programme.toml");
        EstimateOptions eo;
        eo.chains = o.chains, eo.warmup = o.warmup, eo.draws = o.draws, eo.seed = seed;
        const EstimateResult fit = estimate(programme, evidence::read_evidence(programme), eo);
        if (fit.diagnostics.divergences > 0) ++result.divergent_fits;
        std::vector<double> truth;
        for (int t : months) truth.push_back(sim.production[t]);
        truth.push_back(sim.total);
        truth.push_back(sim.learning_rate);
        auto value = [&](std::size_t q, const Draw& d) {
            if (q < months.size()) return d.production[months[q]];
            if (q == months.size()) return d.cumulative.back();
            return d.learning_rate();
        };
        const std::size_t n = fit.draws.size();
        for (std::size_t q = 0; q < truth.size(); ++q) {
            int rank = 0;
            for (int r = 0; r < o.ranks; ++r) {
                const std::size_t i = (static_cast<std::size_t>(r) * n) / o.ranks;  // evenly thinned
                if (value(q, fit.draws[i]) < truth[q]) ++rank;
            }
            auto& quantity = result.quantities[q];
            quantity.ranks.push_back(rank);
            std::vector<double> all;
            for (const auto& d : fit.draws) all.push_back(value(q, d));
            const auto interval = summarize(all);
            if (truth[q] >= interval.q05 && truth[q] <= interval.q95) ++quantity.covered_90;
        }
        ++result.simulations;
        if (o.progress && !o.progress(static_cast<double>(s + 1) / o.simulations, "calibrating")) break;
    }
    for (auto& q : result.quantities) {
        std::vector<double> counts(o.bins, 0);
        for (int r : q.ranks) counts[std::min(o.bins - 1, r * o.bins / (o.ranks + 1))] += 1;
        const double expected = static_cast<double>(q.ranks.size()) / o.bins;
        q.chi_square = 0;
        for (double c : counts) q.chi_square += (c - expected) * (c - expected) / expected;
        q.p_value = chi_square_upper_tail(q.chi_square, o.bins - 1);
    }
    return result;
}

}  // namespace reckon::estimate
