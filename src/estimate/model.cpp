// The programme model's log density with a hand-written reverse pass (the gradient the
// sampler needs ~10^5 times per run), and the derived quantities of a draw. The forward
// pass follows docs/model.md line by line; the reverse pass walks it backwards, carrying
// the adjoints of production, cumulative output and inventory per month.
#include "reckon/estimate/model.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "reckon/estimate/normal.hpp"

namespace reckon::estimate {
namespace {

constexpr double NEG_INF = -std::numeric_limits<double>::infinity();
constexpr double MAX_LOG_RATE = 30;  // e^30 units a month: far beyond any programme

double scale(const ScalePrior& p, double z) { return p.median * std::exp(p.log_sd * z); }
double logistic(double x) { return 1 / (1 + std::exp(-x)); }
double logit(double p) { return std::log(p / (1 - p)); }

// A share or coverage prior given as mean and sd becomes a logit-normal with matched
// centre and (by the delta method) spread.
struct LogitNormal {
    double centre, spread;
};
LogitNormal logit_normal(double mean, double sd) {
    const double m = std::clamp(mean, 1e-4, 1 - 1e-4);
    return {logit(m), sd / (m * (1 - m))};
}

// The likelihood of one observation given its model-side log quantity `m` and noise `s`:
// returns the log density and its partial derivatives with respect to m and s.
struct Term {
    double value, d_m, d_s;
};
Term observe(Form form, double y, double m, double s) {
    switch (form) {
        case Form::centred: {
            const double r = (y - m) / s;
            return {-std::log(s) - 0.5 * r * r, r / s, (r * r - 1) / s};
        }
        case Form::lower_bound: {  // the truth is above the reported figure
            const double u = (m - y) / s;
            const double k = log_normal_cdf_slope(u);
            return {log_normal_cdf(u), k / s, -k * u / s};
        }
        case Form::upper_bound: {  // the truth is below the reported figure
            const double u = (y - m) / s;
            const double k = log_normal_cdf_slope(u);
            return {log_normal_cdf(u), -k / s, -k * u / s};
        }
    }
    return {0, 0, 0};
}

// --- forward transforms shared by the density and derive(), so the two cannot drift apart --

// Log production and its growth per production month: the local linear trend.
// Growth is damped (multiplied by damping[k] < 1) in the months beyond the evidence.
void trend(const Priors& p, const Model::Layout& L, std::span<const double> z, double sigma_level,
           double sigma_growth, const std::vector<double>& damping, std::vector<double>& mu,
           std::vector<double>& delta) {
    const int n = L.production_months;
    mu.assign(n, 0);
    delta.assign(std::max(n - 1, 1), 0);
    delta[0] = p.initial_growth_mean + p.initial_growth_sd * z[L.growth0];
    for (int k = 1; k + 1 < n; ++k)
        delta[k] = damping[k] * delta[k - 1] + sigma_growth * z[L.growth_shocks + k - 1];
    mu[0] = p.initial_log_rate_mean + p.initial_log_rate_sd * z[L.level0];
    for (int k = 1; k < n; ++k) mu[k] = mu[k - 1] + delta[k - 1] + sigma_level * z[L.level_shocks + k - 1];
}

// Each import batch's quantity, and the imports per month they add up to.
void monthly_imports(const ModelData& d, const Model::Layout& L, std::span<const double> z,
                     std::vector<double>& quantity, std::vector<double>& imports) {
    quantity.assign(d.imports.size(), 0);
    imports.assign(d.months, 0);
    for (std::size_t j = 0; j < d.imports.size(); ++j) {
        const auto& b = d.imports[j];
        quantity[j] = b.quantity * std::exp(b.log_sd * z[L.imports + j]);
        const double per_month = quantity[j] / (b.last - b.first + 1);
        for (int t = b.first; t <= b.last; ++t) imports[t] += per_month;
    }
}

double use_ratio_of(const ModelData& d, const Model::Layout& layout, std::span<const double> z) {
    const auto r = logit_normal(d.use_ratio_mean, d.use_ratio_sd);
    return logistic(r.centre + r.spread * z[layout.use_ratio]);
}

// Student-t log density of a standard shock (up to a constant) and its slope; df 0: normal.
double shock_log_density(double z, int df, double* slope) {
    if (df <= 0) {
        *slope = -z;
        return -0.5 * z * z;
    }
    const double nu = df;
    *slope = -(nu + 1) * z / (nu + z * z);
    return -0.5 * (nu + 1) * std::log1p(z * z / nu);
}

double coverage_of(const Priors& p, const Model::Layout& L, std::span<const double> z) {
    const auto cov = logit_normal(p.coverage_mean, p.coverage_sd);
    return logistic(cov.centre + cov.spread * z[L.coverage]);
}

void shares_of(const ModelData& d, const Model::Layout& L, std::span<const double> z,
               std::vector<double>& share) {
    share.assign(d.shares.size(), 0);
    for (std::size_t r = 0; r < d.shares.size(); ++r) {
        const auto ln = logit_normal(d.shares[r].mean, d.shares[r].sd);
        share[r] = logistic(ln.centre + ln.spread * z[L.shares + r]);
    }
}

// The product's launches per month: counted launches of it, or counted launches times its
// share, divided by the coverage of the counts.
void monthly_usage(const ModelData& d, double coverage, const std::vector<double>& share,
                   std::vector<double>& usage) {
    usage.assign(d.months, 0);
    for (int t = 0; t < d.months; ++t) {
        if (std::isfinite(d.product_counted[t]))
            usage[t] = d.product_counted[t] / coverage;
        else if (std::isfinite(d.launched[t]))
            usage[t] = d.launched[t] * (d.share_regime[t] >= 0 ? share[d.share_regime[t]] : 1.0) / coverage;
    }
}

// Bias and noise of every source class; returns the spread of the biases (the gradient needs it).
double source_classes(const Priors& p, const Model::Layout& L, std::span<const double> z,
                      std::array<double, SOURCE_CLASSES>& bias, std::array<double, SOURCE_CLASSES>& noise) {
    const double bias_mean = p.bias_mean_sd * z[L.bias_mean];
    const double bias_spread = scale(p.bias_spread, z[L.bias_spread]);
    for (std::size_t c = 0; c < SOURCE_CLASSES; ++c) {
        bias[c] = p.bias_offset[c] + bias_mean + bias_spread * z[L.bias + c];
        noise[c] = scale(p.noise[c], z[L.noise + c]);
    }
    return bias_spread;
}

struct CostParameters {
    double log_ref, exponent, noise;
};
CostParameters cost_parameters(const Priors& p, const Model::Layout& L, std::span<const double> z) {
    return {p.cost_log_ref_mean + p.cost_log_ref_sd * z[L.cost_ref],
            p.cost_exponent_mean + p.cost_exponent_sd * z[L.cost_exponent],
            scale(p.cost_noise, z[L.cost_noise])};
}

}  // namespace

double serial_log_likelihood(double made, double serial, int earlier, double tau, double* slope) {
    const double unseen = made - earlier;
    if (!(unseen > 1e-9)) {
        *slope = 0;
        return NEG_INF;
    }
    const double u = (made - serial + 0.5) / tau;
    *slope = -1 / unseen + log_normal_cdf_slope(u) / tau;
    return -std::log(unseen) + log_normal_cdf(u);
}

double Draw::learning_rate() const { return 1 - std::exp2(cost_exponent); }

double Draw::unit_cost(double cumulative_units, double ref_quantity) const {
    return std::exp(cost_log_ref + cost_exponent * (std::log(cumulative_units + 1) - std::log(ref_quantity)));
}

Model::Model(ModelData data) : m_data(std::move(data)) {
    const auto& d = m_data;
    const int T = d.months;
    if (T <= 0) throw std::invalid_argument("the programme has no months");
    if (d.production_start < 0 || d.production_start >= T)
        throw std::invalid_argument("production starts outside the programme's months");
    auto check_size = [&](std::size_t n, const char* what) {
        if (n != static_cast<std::size_t>(T))
            throw std::invalid_argument(fmt::format("{} has {} months, the programme {}", what, n, T));
    };
    check_size(d.launched.size(), "launched");
    check_size(d.product_counted.size(), "product_counted");
    check_size(d.share_regime.size(), "share_regime");
    for (int r : d.share_regime)
        if (r >= static_cast<int>(d.shares.size())) throw std::invalid_argument("unknown share regime");
    for (const auto& b : d.imports)
        if (b.first < 0 || b.last >= T || b.first > b.last || !(b.quantity > 0))
            throw std::invalid_argument("an import batch lies outside the programme or has no quantity");
    for (const auto& o : d.observations) {
        if (!std::isfinite(o.log_value)) throw std::invalid_argument("an observation has no finite value");
        for (auto [t, w] : o.weights)
            if (t < 0 || t >= T || !(w >= 0))
                throw std::invalid_argument("an observation's month is out of range");
        if (o.month < 0 || o.month >= T)
            throw std::invalid_argument("an observation's month is out of range");
    }
    for (const auto& s : d.serials)
        if (s.month < 0 || s.month >= T || s.series_start < 0 || s.series_start >= T)
            throw std::invalid_argument("a serial sighting's month is out of range");

    const int n = T - d.production_start;
    auto& L = m_layout;
    std::size_t at = 0;
    auto take = [&](std::size_t count) {
        const std::size_t start = at;
        at += count;
        return start;
    };
    L.production_months = n;
    L.level0 = take(1);
    L.growth0 = take(1);
    L.level_shocks = take(static_cast<std::size_t>(std::max(n - 1, 0)));
    L.growth_shocks = take(static_cast<std::size_t>(std::max(n - 2, 0)));
    L.level_sd = take(1);
    L.growth_sd = take(1);
    L.bias_mean = take(1);
    L.bias_spread = take(1);
    L.bias = take(SOURCE_CLASSES);
    L.noise = take(SOURCE_CLASSES);
    L.coverage = take(1);
    L.shares = take(d.shares.size());
    L.imports = take(d.imports.size());
    L.cost_ref = take(1);
    L.cost_exponent = take(1);
    L.cost_noise = take(1);
    L.use_ratio = take(1);
    m_dim = at;

    // The last month any evidence covers, and the windows of launch data that observe usage.
    m_last_evidence = d.production_start;
    for (const auto& o : d.observations)
        for (auto [t, w] : o.weights)
            if (w > 0) m_last_evidence = std::max(m_last_evidence, t);
    for (const auto& s : d.serials) m_last_evidence = std::max(m_last_evidence, s.month);
    for (int t = 0; t < T; ++t)
        if (std::isfinite(d.launched[t]) && d.launched[t] > 0) m_last_evidence = std::max(m_last_evidence, t);
    m_damping.assign(static_cast<std::size_t>(std::max(n, 1)), 1.0);
    for (int k = 1; k < n; ++k)
        if (d.production_start + k > m_last_evidence) m_damping[k] = d.trend_damping;
    const int span = std::max(d.use_window_months, 1);
    for (int t = d.production_start; t < T;) {
        if (!std::isfinite(d.launched[t])) {
            ++t;
            continue;
        }
        int end = t;
        while (end + 1 < T && std::isfinite(d.launched[end + 1]) && end + 1 - t < span) ++end;
        // A short tail joins the window before it.
        if (end - t + 1 < span / 2 && !m_windows.empty() && m_windows.back().second == t - 1)
            m_windows.back().second = end;
        else
            m_windows.emplace_back(t, end);
        t = end + 1;
    }
    std::erase_if(m_windows, [&](auto w) {
        double launched = 0;
        for (int t = w.first; t <= w.second; ++t) launched += d.launched[t];
        return !(launched > 0);
    });

    m_names.resize(m_dim);
    m_names[L.level0] = "z_level0";
    m_names[L.growth0] = "z_growth0";
    for (int k = 0; k + 1 < n; ++k) m_names[L.level_shocks + k] = fmt::format("z_level_shock[{}]", k + 1);
    for (int k = 0; k + 2 < n; ++k) m_names[L.growth_shocks + k] = fmt::format("z_growth_shock[{}]", k + 1);
    m_names[L.level_sd] = "z_level_sd";
    m_names[L.growth_sd] = "z_growth_sd";
    m_names[L.bias_mean] = "z_bias_mean";
    m_names[L.bias_spread] = "z_bias_spread";
    for (std::size_t c = 0; c < SOURCE_CLASSES; ++c) {
        m_names[L.bias + c] = fmt::format("z_bias[{}]", c);
        m_names[L.noise + c] = fmt::format("z_noise[{}]", c);
    }
    m_names[L.coverage] = "z_coverage";
    for (std::size_t r = 0; r < d.shares.size(); ++r) m_names[L.shares + r] = fmt::format("z_share[{}]", r);
    for (std::size_t j = 0; j < d.imports.size(); ++j)
        m_names[L.imports + j] = fmt::format("z_import[{}]", j);
    m_names[L.cost_ref] = "z_cost_ref";
    m_names[L.cost_exponent] = "z_cost_exponent";
    m_names[L.cost_noise] = "z_cost_noise";
    m_names[L.use_ratio] = "z_use_ratio";
}

double Model::log_density(std::span<const double> theta, std::span<double> grad) const {
    return evaluate<true>(theta, grad.data());
}

double Model::log_density(std::span<const double> theta) const { return evaluate<false>(theta, nullptr); }

template <bool G>
double Model::evaluate(std::span<const double> z, double* grad) const {
    const auto& d = m_data;
    const auto& p = d.priors;
    const auto& L = m_layout;
    const int T = d.months, s0 = d.production_start, n = L.production_months;

    // Prior: every parameter is standard normal.
    double lp = 0;
    for (std::size_t i = 0; i < m_dim; ++i) {
        lp -= 0.5 * z[i] * z[i];
        if constexpr (G) grad[i] = -z[i];
    }
    for (int k = 0; k + 1 < n; ++k) {  // level shocks: heavy tails
        const std::size_t i = L.level_shocks + k;
        double slope = 0;
        lp += 0.5 * z[i] * z[i] + shock_log_density(z[i], d.level_shock_df, &slope);
        if constexpr (G) grad[i] = slope;
    }

    // --- production: a local linear trend on log production --------------------------------
    const double sigma_level = scale(p.level_sd, z[L.level_sd]);
    const double sigma_growth = scale(p.growth_sd, z[L.growth_sd]);
    thread_local std::vector<double> mu, delta, x, C, imp, U, S, g_x, g_C, g_S, g_imp, g_U;
    trend(p, L, z, sigma_level, sigma_growth, m_damping, mu, delta);
    x.assign(T, 0);
    for (int k = 0; k < n; ++k) {
        if (!(mu[k] < MAX_LOG_RATE)) return NEG_INF;
        x[s0 + k] = std::exp(mu[k]);
    }
    C.assign(T, 0);
    for (int t = 0; t < T; ++t) C[t] = (t ? C[t - 1] : 0) + x[t];

    // --- imports, usage and the inventory they leave ------------------------------------------
    thread_local std::vector<double> import_qty, share, g_share, g_mu, g_delta;
    monthly_imports(d, L, z, import_qty, imp);
    const double coverage = coverage_of(p, L, z);
    shares_of(d, L, z, share);
    monthly_usage(d, coverage, share, U);
    S.assign(T, 0);
    if constexpr (G) {
        g_x.assign(T, 0), g_C.assign(T, 0), g_S.assign(T, 0), g_imp.assign(T, 0), g_U.assign(T, 0);
    }
    double counted_so_far = 0;  // the barrier's softness comes from data, not parameters
    for (int t = 0; t < T; ++t) {
        S[t] = (t ? S[t - 1] : 0) + x[t] + imp[t] - U[t];
        if (std::isfinite(d.launched[t])) counted_so_far += d.launched[t];
        if (counted_so_far <= 0) continue;
        const double tau = p.barrier_fraction * counted_so_far + p.barrier_floor;
        lp += log_normal_cdf(S[t] / tau);
        if constexpr (G) g_S[t] += log_normal_cdf_slope(S[t] / tau) / tau;
    }
    // Usage: in each window, launches of the product = ratio x (made + imported), in logs.
    const double use_ratio = use_ratio_of(d, L, z);
    double g_log_ratio = 0;
    for (auto [a, b] : m_windows) {
        double used = 0;
        double supplied = 0;
        for (int t = a; t <= b; ++t) used += U[t], supplied += x[t] + imp[t];
        if (!(used > 0) || !(supplied > 0)) return NEG_INF;
        const double r = (std::log(used) - std::log(use_ratio * supplied)) / d.use_window_sd;
        lp -= 0.5 * r * r;
        if constexpr (G) {
            const double k = r / d.use_window_sd;
            g_log_ratio += k;
            for (int t = a; t <= b; ++t) g_U[t] -= k / used, g_x[t] += k / supplied, g_imp[t] += k / supplied;
        }
    }

    // --- sources: biases and noise per class ---------------------------------------------------
    std::array<double, SOURCE_CLASSES> bias{}, noise{}, g_bias{}, g_noise{};
    const double bias_spread = source_classes(p, L, z, bias, noise);
    const auto [log_ref, exponent, cost_noise] = cost_parameters(p, L, z);
    const double log_ref_quantity = std::log(p.cost_ref_quantity);
    double g_coverage = 0, g_log_ref = 0, g_exponent = 0, g_cost_noise = 0;
    g_share.assign(d.shares.size(), 0);

    // --- observations -----------------------------------------------------------------------------
    for (const auto& o : d.observations) {
        double q = 0, weight_sum = 0;
        double m, sigma;
        int c = o.source_class;
        switch (o.target) {
            case Target::production_rate:
            case Target::production_total:
                for (auto [t, w] : o.weights) q += w * x[t], weight_sum += w;
                if (o.target == Target::production_rate) q /= weight_sum;
                break;
            case Target::launches_rate:
            case Target::launches_total:
                for (auto [t, w] : o.weights) q += w * d.launched[t], weight_sum += w;
                if (o.target == Target::launches_rate) q /= weight_sum;
                q /= coverage;
                break;
            case Target::imports_total:
                for (auto [t, w] : o.weights) q += w * imp[t];
                break;
            case Target::unit_cost:
                break;
        }
        double cm = 0;  // unit_cost: cumulative output at mid-month
        if (o.target == Target::unit_cost) {
            cm = (o.month ? C[o.month - 1] : 0) + 0.5 * x[o.month];
            m = log_ref + exponent * (std::log(cm + 1) - log_ref_quantity);
            sigma = std::hypot(cost_noise, o.extra_sd);
        } else {
            if (!(q > 0)) return NEG_INF;
            m = std::log(q) + bias[c];
            sigma = std::hypot(noise[c], o.extra_sd);
        }
        const Term term = observe(o.form, o.log_value, m, sigma);
        lp += term.value;
        if constexpr (!G) continue;
        if (o.target == Target::unit_cost) {
            g_log_ref += term.d_m;
            g_exponent += term.d_m * (std::log(cm + 1) - log_ref_quantity);
            g_cost_noise += term.d_s * cost_noise / sigma;
            const double g_cm = term.d_m * exponent / (cm + 1);
            if (o.month) g_C[o.month - 1] += g_cm;
            g_x[o.month] += 0.5 * g_cm;
            continue;
        }
        g_bias[c] += term.d_m;
        g_noise[c] += term.d_s * noise[c] / sigma;
        const double g_q = term.d_m / q;
        switch (o.target) {
            case Target::production_rate:
                for (auto [t, w] : o.weights) g_x[t] += g_q * w / weight_sum;
                break;
            case Target::production_total:
                for (auto [t, w] : o.weights) g_x[t] += g_q * w;
                break;
            case Target::launches_rate:
            case Target::launches_total:
                g_coverage -= g_q * q / coverage;
                break;
            case Target::imports_total:
                for (auto [t, w] : o.weights) g_imp[t] += g_q * w;
                break;
            case Target::unit_cost:
                break;
        }
    }

    // --- serial numbers: the German tank problem with time ---------------------------------------
    for (const auto& s : d.serials) {
        const double base = s.series_start ? C[s.series_start - 1] : 0;
        const double made = (s.month ? C[s.month - 1] : 0) + s.month_fraction * x[s.month] - base;
        double g_made = 0;
        lp += serial_log_likelihood(made, s.serial, s.earlier, serial_softness(s.serial), &g_made);
        if (!std::isfinite(lp)) return NEG_INF;
        if constexpr (G) {
            if (s.month) g_C[s.month - 1] += g_made;
            g_x[s.month] += s.month_fraction * g_made;
            if (s.series_start) g_C[s.series_start - 1] -= g_made;
        }
    }
    if (!std::isfinite(lp)) return NEG_INF;
    if constexpr (!G) return lp;

    // --- reverse pass ------------------------------------------------------------------------------
    // Inventory and cumulative output are running sums: their adjoints flow back as reverse sums.
    double running_S = 0, running_C = 0;
    for (int t = T - 1; t >= 0; --t) {
        running_S += g_S[t];
        running_C += g_C[t];
        g_x[t] += running_S + running_C;
        g_imp[t] += running_S;
        g_U[t] -= running_S;
    }
    for (int t = 0; t < T; ++t) {
        if (g_U[t] == 0 || U[t] == 0) continue;
        g_coverage -= g_U[t] * U[t] / coverage;
        if (!std::isfinite(d.product_counted[t]) && d.share_regime[t] >= 0)
            g_share[d.share_regime[t]] += g_U[t] * d.launched[t] / coverage;
    }
    for (std::size_t j = 0; j < d.imports.size(); ++j) {
        const auto& b = d.imports[j];
        double g_qty = 0;
        for (int t = b.first; t <= b.last; ++t) g_qty += g_imp[t];
        g_qty /= (b.last - b.first + 1);
        grad[L.imports + j] += g_qty * import_qty[j] * b.log_sd;
    }
    {
        const double spread = logit_normal(d.use_ratio_mean, d.use_ratio_sd).spread;
        grad[L.use_ratio] += g_log_ratio * (1 - use_ratio) * spread;
    }
    grad[L.coverage] +=
        g_coverage * coverage * (1 - coverage) * logit_normal(p.coverage_mean, p.coverage_sd).spread;
    for (std::size_t r = 0; r < d.shares.size(); ++r) {
        const auto ln = logit_normal(d.shares[r].mean, d.shares[r].sd);
        grad[L.shares + r] += g_share[r] * share[r] * (1 - share[r]) * ln.spread;
    }

    // Through exp and the trend recursion, last month first.
    g_mu.assign(n, 0);
    g_delta.assign(delta.size(), 0);
    for (int k = 0; k < n; ++k) g_mu[k] = g_x[s0 + k] * x[s0 + k];
    double g_sigma_level = 0, g_sigma_growth = 0;
    for (int k = n - 1; k >= 1; --k) {
        g_mu[k - 1] += g_mu[k];
        g_delta[k - 1] += g_mu[k];
        grad[L.level_shocks + k - 1] += g_mu[k] * sigma_level;
        g_sigma_level += g_mu[k] * z[L.level_shocks + k - 1];
    }
    for (int k = n - 2; k >= 1; --k) {
        g_delta[k - 1] += m_damping[k] * g_delta[k];
        grad[L.growth_shocks + k - 1] += g_delta[k] * sigma_growth;
        g_sigma_growth += g_delta[k] * z[L.growth_shocks + k - 1];
    }
    grad[L.level0] += g_mu[0] * p.initial_log_rate_sd;
    grad[L.growth0] += g_delta[0] * p.initial_growth_sd;
    grad[L.level_sd] += g_sigma_level * sigma_level * p.level_sd.log_sd;
    grad[L.growth_sd] += g_sigma_growth * sigma_growth * p.growth_sd.log_sd;

    double g_bias_mean = 0, g_bias_spread = 0;
    for (std::size_t c = 0; c < SOURCE_CLASSES; ++c) {
        g_bias_mean += g_bias[c];
        g_bias_spread += g_bias[c] * z[L.bias + c];
        grad[L.bias + c] += g_bias[c] * bias_spread;
        grad[L.noise + c] += g_noise[c] * noise[c] * p.noise[c].log_sd;
    }
    grad[L.bias_mean] += g_bias_mean * p.bias_mean_sd;
    grad[L.bias_spread] += g_bias_spread * bias_spread * p.bias_spread.log_sd;
    grad[L.cost_ref] += g_log_ref * p.cost_log_ref_sd;
    grad[L.cost_exponent] += g_exponent * p.cost_exponent_sd;
    grad[L.cost_noise] += g_cost_noise * cost_noise * p.cost_noise.log_sd;
    return lp;
}

double Model::usage_log_weight(std::span<const double> z) const {
    const auto& d = m_data;
    const Draw draw = derive(z);
    double lw = 0;
    double counted = 0;
    for (int t = 0; t < d.months; ++t) {
        if (std::isfinite(d.launched[t])) counted += d.launched[t];
        if (counted <= 0) continue;
        lw += log_normal_cdf(draw.inventory[t] /
                             (d.priors.barrier_fraction * counted + d.priors.barrier_floor));
    }
    for (auto [a, b] : m_windows) {
        double used = 0;
        double supplied = 0;
        for (int t = a; t <= b; ++t) used += draw.usage[t], supplied += draw.production[t] + draw.imports[t];
        if (!(used > 0) || !(supplied > 0)) return NEG_INF;
        const double r = (std::log(used) - std::log(draw.use_ratio * supplied)) / d.use_window_sd;
        lw -= 0.5 * r * r;
    }
    return lw;
}

template double Model::evaluate<true>(std::span<const double>, double*) const;
template double Model::evaluate<false>(std::span<const double>, double*) const;

Draw Model::derive(std::span<const double> z) const {
    const auto& d = m_data;
    const auto& p = d.priors;
    const auto& L = m_layout;
    const int T = d.months, s0 = d.production_start;
    Draw out;
    std::vector<double> mu, delta, import_qty;
    trend(p, L, z, scale(p.level_sd, z[L.level_sd]), scale(p.growth_sd, z[L.growth_sd]), m_damping, mu,
          delta);
    out.production.assign(T, 0);
    for (int k = 0; k < L.production_months; ++k)
        out.production[s0 + k] = std::exp(std::min(mu[k], MAX_LOG_RATE));
    out.cumulative.assign(T, 0);
    for (int t = 0; t < T; ++t) out.cumulative[t] = (t ? out.cumulative[t - 1] : 0) + out.production[t];
    monthly_imports(d, L, z, import_qty, out.imports);
    out.coverage = coverage_of(p, L, z);
    out.use_ratio = use_ratio_of(d, L, z);
    shares_of(d, L, z, out.share);
    monthly_usage(d, out.coverage, out.share, out.usage);
    out.inventory.assign(T, 0);
    for (int t = 0; t < T; ++t)
        out.inventory[t] = (t ? out.inventory[t - 1] : 0) + out.production[t] + out.imports[t] - out.usage[t];
    source_classes(p, L, z, out.bias, out.noise);
    const auto cost = cost_parameters(p, L, z);
    out.cost_log_ref = cost.log_ref, out.cost_exponent = cost.exponent, out.cost_noise = cost.noise;
    return out;
}

}  // namespace reckon::estimate
