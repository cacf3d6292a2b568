// R-hat and effective sample size; see diagnostics.hpp.
#include "reckon/estimate/diagnostics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "reckon/estimate/normal.hpp"

namespace reckon::estimate {
namespace {

using Chains = std::vector<std::vector<double>>;

Chains split(const Chains& chains) {
    Chains out;
    for (const auto& c : chains) {
        const std::size_t half = c.size() / 2;
        out.emplace_back(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(half));
        out.emplace_back(c.end() - static_cast<std::ptrdiff_t>(half), c.end());
    }
    return out;
}

// Pooled ranks (average ranks for ties), then normal scores (Blom's offsets).
Chains rank_normalize(const Chains& chains) {
    std::vector<std::pair<double, std::size_t>> all;
    for (std::size_t c = 0; c < chains.size(); ++c)
        for (std::size_t i = 0; i < chains[c].size(); ++i)
            all.push_back({chains[c][i], c * chains[0].size() + i});
    std::sort(all.begin(), all.end());
    const double S = static_cast<double>(all.size());
    std::vector<double> z(all.size());
    for (std::size_t i = 0; i < all.size();) {
        std::size_t j = i;
        while (j < all.size() && all[j].first == all[i].first) ++j;
        const double rank = 0.5 * static_cast<double>(i + 1 + j);  // average of ranks i+1..j
        const double score = normal_quantile((rank - 0.375) / (S + 0.25));
        for (std::size_t k = i; k < j; ++k) z[all[k].second] = score;
        i = j;
    }
    Chains out = chains;
    for (std::size_t c = 0; c < chains.size(); ++c)
        for (std::size_t i = 0; i < chains[c].size(); ++i) out[c][i] = z[c * chains[0].size() + i];
    return out;
}

double mean(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / v.size(); }

double variance(const std::vector<double>& v) {
    const double m = mean(v);
    double s = 0;
    for (double x : v) s += (x - m) * (x - m);
    return s / (v.size() - 1);
}

bool is_constant(const Chains& chains) {
    for (const auto& c : chains)
        for (double x : c)
            if (x != chains[0][0]) return false;
    return true;
}

}  // namespace

double split_rhat(const Chains& chains_in) {
    const Chains chains = split(chains_in);
    const double n = static_cast<double>(chains[0].size());
    std::vector<double> means;
    double W = 0;
    for (const auto& c : chains) {
        means.push_back(mean(c));
        W += variance(c);
    }
    W /= chains.size();
    const double B = n * variance(means);
    if (W <= 0) return 1;
    const double var_plus = (n - 1) / n * W + B / n;
    return std::sqrt(var_plus / W);
}

double effective_sample_size(const Chains& chains) {
    const std::size_t m = chains.size(), n = chains[0].size();
    if (is_constant(chains)) return static_cast<double>(m * n);
    // Autocovariance of each chain, lag by lag, until Geyer's sums turn negative.
    std::vector<double> chain_mean(m), chain_var(m);
    for (std::size_t c = 0; c < m; ++c) {
        chain_mean[c] = mean(chains[c]);
        chain_var[c] = variance(chains[c]);
    }
    const double W = std::accumulate(chain_var.begin(), chain_var.end(), 0.0) / m;
    const double B_over_n = m > 1 ? variance(chain_mean) : 0;
    const double var_plus = W * (n - 1) / n + B_over_n;
    if (!(var_plus > 0)) return static_cast<double>(m * n);
    auto autocorrelation = [&](std::size_t lag) {
        double acov_mean = 0;
        for (std::size_t c = 0; c < m; ++c) {
            double s = 0;
            for (std::size_t i = 0; i + lag < n; ++i)
                s += (chains[c][i] - chain_mean[c]) * (chains[c][i + lag] - chain_mean[c]);
            acov_mean += s / n;
        }
        acov_mean /= m;
        return 1 - (W - acov_mean) / var_plus;
    };
    std::vector<double> rho;
    rho.push_back(1.0);
    rho.push_back(autocorrelation(1));
    // Geyer: sum pairs P_k = rho_{2k} + rho_{2k+1} while positive, made monotone.
    double previous_pair = rho[0] + rho[1];
    double sum_pairs = previous_pair;
    std::size_t t = 2;
    while (t + 1 < n) {
        const double a = autocorrelation(t), b = autocorrelation(t + 1);
        double pair = a + b;
        if (!(pair > 0)) break;
        pair = std::min(pair, previous_pair);
        sum_pairs += pair;
        previous_pair = pair;
        t += 2;
    }
    const double tau = -1 + 2 * sum_pairs;
    const double tau_floor = 1 / std::log10(static_cast<double>(m * n));  // Stan's bound on antithetic chains
    return static_cast<double>(m * n) / std::max(tau, tau_floor);
}

Convergence convergence(const Chains& chains) {
    Convergence out;
    std::size_t total = 0;
    for (const auto& c : chains) total += c.size();
    if (is_constant(chains)) {
        out.ess_bulk = out.ess_tail = static_cast<double>(total);
        return out;
    }
    const Chains halves = split(chains);
    const Chains z = rank_normalize(halves);
    // Folded: distance from the median, for the scale-sensitive R-hat.
    std::vector<double> pooled;
    for (const auto& c : halves) pooled.insert(pooled.end(), c.begin(), c.end());
    const double med = quantile(pooled, 0.5);
    Chains folded = halves;
    for (auto& c : folded)
        for (auto& x : c) x = std::fabs(x - med);
    const Chains zf = rank_normalize(folded);
    // split_rhat splits again; the halves are already split, so use the unsplit formula on them.
    auto rhat_of = [](const Chains& c) {
        const double n = static_cast<double>(c[0].size());
        std::vector<double> means;
        double W = 0;
        for (const auto& ch : c) {
            means.push_back(mean(ch));
            W += variance(ch);
        }
        W /= c.size();
        if (W <= 0) return 1.0;
        const double B = n * variance(means);
        return std::sqrt(((n - 1) / n * W + B / n) / W);
    };
    out.rhat = std::max(rhat_of(z), rhat_of(zf));
    out.ess_bulk = effective_sample_size(z);
    // Tail: indicators of the 5% and 95% quantiles.
    const double q05 = quantile(pooled, 0.05), q95 = quantile(pooled, 0.95);
    Chains lo = halves, hi = halves;
    for (auto& c : lo)
        for (auto& x : c) x = x <= q05 ? 1 : 0;
    for (auto& c : hi)
        for (auto& x : c) x = x <= q95 ? 1 : 0;
    out.ess_tail = std::min(effective_sample_size(lo), effective_sample_size(hi));
    return out;
}

std::vector<double> quantiles(std::vector<double> values, std::span<const double> ps) {
    std::sort(values.begin(), values.end());
    std::vector<double> out;
    const double n = static_cast<double>(values.size());
    for (double p : ps) {
        if (values.empty()) {
            out.push_back(std::nan(""));
            continue;
        }
        const double h = (n - 1) * p;
        const auto lo = static_cast<std::size_t>(std::floor(h));
        const std::size_t hi = std::min(lo + 1, values.size() - 1);
        out.push_back(values[lo] + (h - lo) * (values[hi] - values[lo]));
    }
    return out;
}

double quantile(std::vector<double> values, double p) {
    const double ps[] = {p};
    return quantiles(std::move(values), ps)[0];
}

double energy_bfmi(std::span<const double> energy) {
    if (energy.size() < 2) return 1;
    double num = 0, m = 0;
    for (std::size_t i = 1; i < energy.size(); ++i)
        num += (energy[i] - energy[i - 1]) * (energy[i] - energy[i - 1]);
    for (double e : energy) m += e;
    m /= energy.size();
    double den = 0;
    for (double e : energy) den += (e - m) * (e - m);
    return den > 0 ? num / den : 1;
}

}  // namespace reckon::estimate
