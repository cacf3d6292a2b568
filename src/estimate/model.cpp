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

// Growth of log production per production month: the local linear trend's slope.
// Growth is damped (multiplied by damping[k] < 1) in the months beyond the evidence.
void growth(const Priors& p, const Model::Layout& layout, std::span<const double> z, double sigma_growth,
            const std::vector<double>& damping, std::vector<double>& delta) {
    const int n = layout.production_months;
    delta.assign(std::max(n - 1, 1), 0);
    delta[0] = p.initial_growth_mean + p.initial_growth_sd * z[layout.growth0];
    for (int k = 1; k + 1 < n; ++k)
        delta[k] = damping[k] * delta[k - 1] + sigma_growth * z[layout.growth_shocks + k - 1];
}

double softplus(double u) { return u > 0 ? u + std::log1p(std::exp(-u)) : std::log1p(std::exp(u)); }

// The sampler's coordinate of production month k (docs/model.md, "Inventory").
std::size_t level_index(const Model::Layout& layout, int k) {
    return k == 0 ? layout.level0 : layout.level_shocks + static_cast<std::size_t>(k) - 1;
}

// The floor under production in month t: how much must be made for the inventory to stay above
// -tolerance, smoothed over a quarter of the tolerance. Returns the floor, and its slope with
// respect to the shortfall in `slope`.
double production_floor(double before, double tolerance, double* slope) {
    if (!(tolerance > 0)) {
        *slope = 0;
        return 0;
    }
    const double width = 0.25 * tolerance;
    const double u = (-before - tolerance) / width;
    *slope = 1 / (1 + std::exp(-u));
    return width * softplus(u);
}

// Production month by month and the inventory it leaves: x_t = floor_t + exp(eta_t), so that the
// inventory never falls below -tolerance; eta_t = initial_log_rate_mean + initial_log_rate_sd *
// theta (the month's coordinate). mu = log x, the trend's prior is on it.
struct Path {
    std::vector<double> eta, mu, x, stock, slope;
    std::vector<double> log_floor;  // per production month, -inf where there is no floor
    std::vector<double> weight;     // d mu / d eta: logistic(sharpness * (eta - log_floor))
    double sharpness = 1;
};
// The sharpness s of the smooth maximum between the floor and exp(eta): half the inverse of the
// level shocks' scale (10 by default), so that where the floor binds the coordinate's tail,
// exp(s * initial_log_rate_sd * theta), is about as narrow as the posterior across a month's
// step of the trend (docs/model.md, "Inventory"). Sharper (20, 40) diverged more on Alabuga.
double floor_sharpness(const Priors& p) { return 0.5 / p.level_sd.median; }
void production_path(const Priors& p, const Model::Layout& layout, std::span<const double> z, int s0,
                     const std::vector<double>& imp, const std::vector<double>& usage,
                     const std::vector<double>& tolerance, Path& path) {
    const int months = static_cast<int>(imp.size());
    const int n = layout.production_months;
    path.eta.assign(n, 0);
    path.mu.assign(n, 0);
    path.x.assign(months, 0);
    path.stock.assign(months, 0);
    path.slope.assign(months, 0);
    path.log_floor.assign(n, NEG_INF);
    path.weight.assign(n, 1);
    path.sharpness = floor_sharpness(p);
    for (int t = 0; t < months; ++t) {
        const double before = (t ? path.stock[t - 1] : 0) + imp[t] - usage[t];
        if (t >= s0) {
            const int k = t - s0;
            path.eta[k] = p.initial_log_rate_mean + p.initial_log_rate_sd * z[level_index(layout, k)];
            const double eta = std::min(path.eta[k], MAX_LOG_RATE);
            const double floor = production_floor(before, tolerance[t], &path.slope[t]);
            if (floor > 0) {
                // mu = log(floor^s + e^(s eta)) / s, computed without overflow.
                const double a = path.sharpness * std::log(floor);
                const double b = path.sharpness * eta;
                const double top = std::max(a, b);
                path.log_floor[k] = std::log(floor);
                path.mu[k] = (top + std::log(std::exp(a - top) + std::exp(b - top))) / path.sharpness;
                path.weight[k] = logistic(b - a);
            } else {
                path.mu[k] = eta;
            }
            path.x[t] = std::exp(path.mu[k]);
        }
        path.stock[t] = before + path.x[t];
    }
}

// Each import batch's quantity, and the imports per month they add up to.
void monthly_imports(const ModelData& d, const Model::Layout& layout, std::span<const double> z,
                     std::vector<double>& quantity, std::vector<double>& imports) {
    quantity.assign(d.imports.size(), 0);
    imports.assign(d.months, 0);
    for (std::size_t j = 0; j < d.imports.size(); ++j) {
        const auto& b = d.imports[j];
        quantity[j] = b.quantity * std::exp(b.log_sd * z[layout.imports + j]);
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

double coverage_of(const Priors& p, const Model::Layout& layout, std::span<const double> z) {
    const auto cov = logit_normal(p.coverage_mean, p.coverage_sd);
    return logistic(cov.centre + cov.spread * z[layout.coverage]);
}

void shares_of(const ModelData& d, const Model::Layout& layout, std::span<const double> z,
               std::vector<double>& share) {
    share.assign(d.shares.size(), 0);
    for (std::size_t r = 0; r < d.shares.size(); ++r) {
        const auto ln = logit_normal(d.shares[r].mean, d.shares[r].sd);
        share[r] = logistic(ln.centre + ln.spread * z[layout.shares + r]);
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
double source_classes(const Priors& p, const Model::Layout& layout, std::span<const double> z,
                      std::array<double, SOURCE_CLASSES>& bias, std::array<double, SOURCE_CLASSES>& noise) {
    const double bias_mean = p.bias_mean_sd * z[layout.bias_mean];
    const double bias_spread = scale(p.bias_spread, z[layout.bias_spread]);
    for (std::size_t c = 0; c < SOURCE_CLASSES; ++c) {
        bias[c] = p.bias_offset[c] + bias_mean + bias_spread * z[layout.bias + c];
        noise[c] = scale(p.noise[c], z[layout.noise + c]);
    }
    return bias_spread;
}

struct CostParameters {
    double log_ref, exponent, noise;
};
CostParameters cost_parameters(const Priors& p, const Model::Layout& layout, std::span<const double> z) {
    return {p.cost_log_ref_mean + p.cost_log_ref_sd * z[layout.cost_ref],
            p.cost_exponent_mean + p.cost_exponent_sd * z[layout.cost_exponent],
            scale(p.cost_noise, z[layout.cost_noise])};
}

}  // namespace

double serial_log_likelihood(double made, double serial, int earlier, double softness, double* slope) {
    const double unseen = made - earlier;
    if (!(unseen > 1e-9)) {
        *slope = 0;
        return NEG_INF;
    }
    const double u = (made - serial + 0.5) / softness;
    *slope = -1 / unseen + log_normal_cdf_slope(u) / softness;
    return -std::log(unseen) + log_normal_cdf(u);
}

double Draw::learning_rate() const { return 1 - std::exp2(cost_exponent); }

double Draw::unit_cost(double cumulative_units, double ref_quantity) const {
    return std::exp(cost_log_ref + cost_exponent * (std::log(cumulative_units + 1) - std::log(ref_quantity)));
}

Model::Model(ModelData data) : m_data(std::move(data)) {
    const auto& d = m_data;
    const int months = d.months;
    if (months <= 0) throw std::invalid_argument("the programme has no months");
    if (d.production_start < 0 || d.production_start >= months)
        throw std::invalid_argument("production starts outside the programme's months");
    auto check_size = [&](std::size_t n, const char* what) {
        if (n != static_cast<std::size_t>(months))
            throw std::invalid_argument(fmt::format("{} has {} months, the programme {}", what, n, months));
    };
    check_size(d.launched.size(), "launched");
    check_size(d.product_counted.size(), "product_counted");
    check_size(d.share_regime.size(), "share_regime");
    for (int r : d.share_regime)
        if (r >= static_cast<int>(d.shares.size())) throw std::invalid_argument("unknown share regime");
    for (const auto& b : d.imports)
        if (b.first < 0 || b.last >= months || b.first > b.last || !(b.quantity > 0))
            throw std::invalid_argument("an import batch lies outside the programme or has no quantity");
    for (const auto& o : d.observations) {
        if (!std::isfinite(o.log_value)) throw std::invalid_argument("an observation has no finite value");
        for (auto [t, w] : o.weights)
            if (t < 0 || t >= months || !(w >= 0))
                throw std::invalid_argument("an observation's month is out of range");
        if (o.month < 0 || o.month >= months)
            throw std::invalid_argument("an observation's month is out of range");
    }
    for (const auto& s : d.serials)
        if (s.month < 0 || s.month >= months || s.series_start < 0 || s.series_start >= months)
            throw std::invalid_argument("a serial sighting's month is out of range");

    const int n = months - d.production_start;
    auto& layout = m_layout;
    std::size_t at = 0;
    auto take = [&](std::size_t count) {
        const std::size_t start = at;
        at += count;
        return start;
    };
    layout.production_months = n;
    layout.level0 = take(1);
    layout.growth0 = take(1);
    layout.level_shocks = take(static_cast<std::size_t>(std::max(n - 1, 0)));
    layout.growth_shocks = take(static_cast<std::size_t>(std::max(n - 2, 0)));
    layout.level_sd = take(1);
    layout.growth_sd = take(1);
    layout.bias_mean = take(1);
    layout.bias_spread = take(1);
    layout.bias = take(SOURCE_CLASSES);
    layout.noise = take(SOURCE_CLASSES);
    layout.coverage = take(1);
    layout.shares = take(d.shares.size());
    layout.imports = take(d.imports.size());
    layout.cost_ref = take(1);
    layout.cost_exponent = take(1);
    layout.cost_noise = take(1);
    layout.use_ratio = take(1);
    m_dim = at;

    // The last month any evidence covers, and the windows of launch data that observe usage.
    m_last_evidence = d.production_start;
    for (const auto& o : d.observations)
        for (auto [t, w] : o.weights)
            if (w > 0) m_last_evidence = std::max(m_last_evidence, t);
    for (const auto& s : d.serials) m_last_evidence = std::max(m_last_evidence, s.month);
    for (int t = 0; t < months; ++t)
        if (std::isfinite(d.launched[t]) && d.launched[t] > 0) m_last_evidence = std::max(m_last_evidence, t);
    m_damping.assign(static_cast<std::size_t>(std::max(n, 1)), 1.0);
    for (int k = 1; k < n; ++k)
        if (d.production_start + k > m_last_evidence) m_damping[k] = d.trend_damping;
    // How far below zero the inventory may go (counting errors): a share of the launches counted
    // so far plus a floor; 0 before any launch is counted (no usage yet).
    m_tolerance.assign(months, 0.0);
    double counted_so_far = 0;
    for (int t = 0; t < months; ++t) {
        if (std::isfinite(d.launched[t])) counted_so_far += d.launched[t];
        if (counted_so_far > 0)
            m_tolerance[t] = d.priors.barrier_fraction * counted_so_far + d.priors.barrier_floor;
    }
    const int span = std::max(d.use_window_months, 1);
    for (int t = d.production_start; t < months;) {
        if (!std::isfinite(d.launched[t])) {
            ++t;
            continue;
        }
        int end = t;
        while (end + 1 < months && std::isfinite(d.launched[end + 1]) && end + 1 - t < span) ++end;
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
    m_names[layout.level0] = "z_level0";
    m_names[layout.growth0] = "z_growth0";
    for (int k = 0; k + 1 < n; ++k)
        m_names[layout.level_shocks + k] = fmt::format("z_level_shock[{}]", k + 1);
    for (int k = 0; k + 2 < n; ++k)
        m_names[layout.growth_shocks + k] = fmt::format("z_growth_shock[{}]", k + 1);
    m_names[layout.level_sd] = "z_level_sd";
    m_names[layout.growth_sd] = "z_growth_sd";
    m_names[layout.bias_mean] = "z_bias_mean";
    m_names[layout.bias_spread] = "z_bias_spread";
    for (std::size_t c = 0; c < SOURCE_CLASSES; ++c) {
        m_names[layout.bias + c] = fmt::format("z_bias[{}]", c);
        m_names[layout.noise + c] = fmt::format("z_noise[{}]", c);
    }
    m_names[layout.coverage] = "z_coverage";
    for (std::size_t r = 0; r < d.shares.size(); ++r)
        m_names[layout.shares + r] = fmt::format("z_share[{}]", r);
    for (std::size_t j = 0; j < d.imports.size(); ++j)
        m_names[layout.imports + j] = fmt::format("z_import[{}]", j);
    m_names[layout.cost_ref] = "z_cost_ref";
    m_names[layout.cost_exponent] = "z_cost_exponent";
    m_names[layout.cost_noise] = "z_cost_noise";
    m_names[layout.use_ratio] = "z_use_ratio";
}

double Model::log_density(std::span<const double> theta, std::span<double> grad) const {
    return evaluate<true>(theta, grad.data());
}

double Model::log_density(std::span<const double> theta) const { return evaluate<false>(theta, nullptr); }

namespace {

// The quantity an observation is about, before source bias (none for a unit cost), and the
// sum of its month weights.
struct Observed {
    double q = 0;
    double weight_sum = 0;
};
Observed observed_quantity(const ModelData& d, const Observation& o, const std::vector<double>& x,
                           const std::vector<double>& imp, double coverage) {
    double q = 0;
    double weight_sum = 0;
    switch (o.target) {
        case Target::production_rate:
        case Target::production_total:
            for (auto [t, w] : o.weights) {
                q += w * x[t];
                weight_sum += w;
            }
            if (o.target == Target::production_rate) q /= weight_sum;
            break;
        case Target::launches_rate:
        case Target::launches_total:
            for (auto [t, w] : o.weights) {
                q += w * d.launched[t];
                weight_sum += w;
            }
            if (o.target == Target::launches_rate) q /= weight_sum;
            q /= coverage;
            break;
        case Target::imports_total:
            for (auto [t, w] : o.weights) q += w * imp[t];
            break;
        case Target::unit_cost:
            break;
    }
    return {q, weight_sum};
}

// Adjoints of the source classes' biases and noise and of the cost curve's parameters.
struct SourceAdjoints {
    std::array<double, SOURCE_CLASSES> bias{};
    std::array<double, SOURCE_CLASSES> noise{};
    double log_ref = 0;
    double exponent = 0;
    double cost_noise = 0;
};

// The trend's prior on log production mu (centred): mu_0 normal, then Student-t shocks
// e_k = (mu_k - mu_{k-1} - delta_{k-1}) / sigma_level; and the Jacobian of theta -> mu,
// sum of (eta_k - mu_k) (the scale's log is a constant). With `grad`, adds the slopes with
// respect to mu, delta, sigma_level and the months' coordinates.
double trend_prior(const Priors& p, const Model::Layout& layout, const Path& path,
                   const std::vector<double>& delta, double sigma_level, int df, double* grad,
                   std::vector<double>& g_mu, std::vector<double>& g_delta, double& g_sigma_level,
                   std::vector<double>& g_log_floor) {
    const int n = layout.production_months;
    const double r = (path.mu[0] - p.initial_log_rate_mean) / p.initial_log_rate_sd;
    double lp = -0.5 * r * r;
    if (grad) g_mu[0] -= r / p.initial_log_rate_sd;
    for (int k = 1; k < n; ++k) {
        const double e = (path.mu[k] - path.mu[k - 1] - delta[k - 1]) / sigma_level;
        double slope = 0;
        lp += shock_log_density(e, df, &slope) - std::log(sigma_level);
        if (grad) {
            const double g = slope / sigma_level;
            g_mu[k] += g;
            g_mu[k - 1] -= g;
            g_delta[k - 1] -= g;
            g_sigma_level -= (slope * e + 1) / sigma_level;
        }
    }
    // log d mu_k / d theta_k = log weight_k (+ the constant log initial_log_rate_sd).
    for (int k = 0; k < n; ++k) {
        if (path.log_floor[k] == NEG_INF) continue;
        const double s = path.sharpness;
        lp -= softplus(s * (path.log_floor[k] - path.eta[k]));
        if (grad) {
            const double slope = s * (1 - path.weight[k]);  // d/d eta; minus it d/d log_floor
            grad[level_index(layout, k)] += slope * p.initial_log_rate_sd;
            g_log_floor[k] -= slope;
        }
    }
    return lp;
}

// The reverse pass through the production path, last month first: from the adjoints of
// production (`g_x`, cumulative output's included), of log production (`g_mu`, the trend's
// prior) and of the inventory (`g_stock`) into the months' coordinates and the adjoints of
// imports and usage (the floor under production depends on them).
void path_adjoint(const Priors& p, const Model::Layout& layout, int s0, const Path& path,
                  const std::vector<double>& g_x, const std::vector<double>& g_mu,
                  const std::vector<double>& g_log_floor, const std::vector<double>& g_stock,
                  std::vector<double>& g_imp, std::vector<double>& g_usage, double* grad) {
    double g_s = 0;  // adjoint of stock[t] from the months after t
    for (int t = static_cast<int>(path.x.size()) - 1; t >= 0; --t) {
        g_s += g_stock[t];
        double g_before = g_s;
        if (t >= s0) {
            const int k = t - s0;
            // Through mu_k = log(floor^s + e^(s eta)) / s: d mu / d eta = weight, d mu / d log floor
            // = 1 - weight.
            const double g_mu_k = (g_x[t] + g_s) * path.x[t] + g_mu[k];
            grad[level_index(layout, k)] += g_mu_k * path.weight[k] * p.initial_log_rate_sd;
            if (path.log_floor[k] != NEG_INF) {
                const double g_floor =
                    (g_mu_k * (1 - path.weight[k]) + g_log_floor[k]) / std::exp(path.log_floor[k]);
                g_before -= g_floor * path.slope[t];
            }
        }
        g_imp[t] += g_before;
        g_usage[t] -= g_before;
        g_s = g_before;
    }
}

// The reverse pass through the growth recursion into the growth shocks and the scales.
void growth_adjoint(const Priors& p, const Model::Layout& layout, std::span<const double> z,
                    const std::vector<double>& damping, double sigma_level, double sigma_growth,
                    std::vector<double>& g_delta, double g_sigma_level, double* grad) {
    const int n = layout.production_months;
    double g_sigma_growth = 0;
    for (int k = n - 2; k >= 1; --k) {
        g_delta[k - 1] += damping[k] * g_delta[k];
        grad[layout.growth_shocks + k - 1] += g_delta[k] * sigma_growth;
        g_sigma_growth += g_delta[k] * z[layout.growth_shocks + k - 1];
    }
    grad[layout.growth0] += g_delta[0] * p.initial_growth_sd;
    grad[layout.level_sd] += g_sigma_level * sigma_level * p.level_sd.log_sd;
    grad[layout.growth_sd] += g_sigma_growth * sigma_growth * p.growth_sd.log_sd;
}

// The reverse pass into the coverage of the counts, the launch shares, the import batches and
// the usage ratio, from the adjoints of usage and imports per month.
void supply_adjoint(const ModelData& d, const Model::Layout& layout, const std::vector<double>& usage,
                    const std::vector<double>& g_usage, const std::vector<double>& g_imp,
                    const std::vector<double>& import_qty, const std::vector<double>& share, double coverage,
                    double g_coverage, double use_ratio, double g_log_ratio, double* grad) {
    const auto& p = d.priors;
    thread_local std::vector<double> g_share;
    g_share.assign(d.shares.size(), 0);
    for (int t = 0; t < d.months; ++t) {
        if (g_usage[t] == 0 || usage[t] == 0) continue;
        g_coverage -= g_usage[t] * usage[t] / coverage;
        if (!std::isfinite(d.product_counted[t]) && d.share_regime[t] >= 0)
            g_share[d.share_regime[t]] += g_usage[t] * d.launched[t] / coverage;
    }
    for (std::size_t j = 0; j < d.imports.size(); ++j) {
        const auto& b = d.imports[j];
        double g_qty = 0;
        for (int t = b.first; t <= b.last; ++t) g_qty += g_imp[t];
        g_qty /= (b.last - b.first + 1);
        grad[layout.imports + j] += g_qty * import_qty[j] * b.log_sd;
    }
    {
        const double spread = logit_normal(d.use_ratio_mean, d.use_ratio_sd).spread;
        grad[layout.use_ratio] += g_log_ratio * (1 - use_ratio) * spread;
    }
    grad[layout.coverage] +=
        g_coverage * coverage * (1 - coverage) * logit_normal(p.coverage_mean, p.coverage_sd).spread;
    for (std::size_t r = 0; r < d.shares.size(); ++r) {
        const auto ln = logit_normal(d.shares[r].mean, d.shares[r].sd);
        grad[layout.shares + r] += g_share[r] * share[r] * (1 - share[r]) * ln.spread;
    }
}

// The reverse pass into the source classes' parameters and the cost curve's.
void source_adjoint(const Priors& p, const Model::Layout& layout, std::span<const double> z,
                    const SourceAdjoints& g, const std::array<double, SOURCE_CLASSES>& noise,
                    double bias_spread, double cost_noise, double* grad) {
    double g_bias_mean = 0;
    double g_bias_spread = 0;
    for (std::size_t c = 0; c < SOURCE_CLASSES; ++c) {
        g_bias_mean += g.bias[c];
        g_bias_spread += g.bias[c] * z[layout.bias + c];
        grad[layout.bias + c] += g.bias[c] * bias_spread;
        grad[layout.noise + c] += g.noise[c] * noise[c] * p.noise[c].log_sd;
    }
    grad[layout.bias_mean] += g_bias_mean * p.bias_mean_sd;
    grad[layout.bias_spread] += g_bias_spread * bias_spread * p.bias_spread.log_sd;
    grad[layout.cost_ref] += g.log_ref * p.cost_log_ref_sd;
    grad[layout.cost_exponent] += g.exponent * p.cost_exponent_sd;
    grad[layout.cost_noise] += g.cost_noise * cost_noise * p.cost_noise.log_sd;
}

}  // namespace

template <bool G>
double Model::evaluate(std::span<const double> z, double* grad) const {
    const auto& d = m_data;
    const auto& p = d.priors;
    const auto& layout = m_layout;
    const int months = d.months;
    const int s0 = d.production_start;
    const int n = layout.production_months;

    // Prior: every parameter is standard normal.
    double lp = 0;
    for (std::size_t i = 0; i < m_dim; ++i) {
        lp -= 0.5 * z[i] * z[i];
        if constexpr (G) grad[i] = -z[i];
    }
    for (int k = 0; k < n; ++k) {  // the months' coordinates: their prior is the trend's, below
        const std::size_t i = level_index(layout, k);
        lp += 0.5 * z[i] * z[i];
        if constexpr (G) grad[i] = 0;
    }

    // --- production: a local linear trend on log production --------------------------------
    // Per month: production x, cumulative output, imports, usage, stock; g_ are their adjoints.
    const double sigma_level = scale(p.level_sd, z[layout.level_sd]);
    const double sigma_growth = scale(p.growth_sd, z[layout.growth_sd]);
    thread_local std::vector<double> delta;
    thread_local Path path;
    thread_local std::vector<double> cumulative;
    thread_local std::vector<double> imp;
    thread_local std::vector<double> usage;
    thread_local std::vector<double> g_x;
    thread_local std::vector<double> g_mu;
    thread_local std::vector<double> g_log_floor;
    thread_local std::vector<double> g_delta;
    thread_local std::vector<double> g_cumulative;
    thread_local std::vector<double> g_stock;
    thread_local std::vector<double> g_imp;
    thread_local std::vector<double> g_usage;

    // --- imports and usage, then production and the inventory it leaves ------------------------
    thread_local std::vector<double> import_qty;
    thread_local std::vector<double> share;
    monthly_imports(d, layout, z, import_qty, imp);
    const double coverage = coverage_of(p, layout, z);
    shares_of(d, layout, z, share);
    monthly_usage(d, coverage, share, usage);
    growth(p, layout, z, sigma_growth, m_damping, delta);
    production_path(p, layout, z, s0, imp, usage, m_tolerance, path);
    for (int k = 0; k < n; ++k)
        if (!(path.eta[k] < MAX_LOG_RATE)) return NEG_INF;
    const std::vector<double>& x = path.x;
    const std::vector<double>& stock = path.stock;
    cumulative.assign(months, 0);
    for (int t = 0; t < months; ++t) cumulative[t] = (t ? cumulative[t - 1] : 0) + x[t];
    if constexpr (G) {
        g_x.assign(months, 0);
        g_mu.assign(n, 0);
        g_log_floor.assign(n, 0);
        g_delta.assign(delta.size(), 0);
        g_cumulative.assign(months, 0);
        g_stock.assign(months, 0);
        g_imp.assign(months, 0);
        g_usage.assign(months, 0);
    }
    double g_sigma_level = 0;
    lp += trend_prior(p, layout, path, delta, sigma_level, d.level_shock_df, grad, g_mu, g_delta,
                      g_sigma_level, g_log_floor);
    // "Inventory >= 0", softly: the path keeps it above -tolerance; between that and 0 the
    // barrier of earlier versions still weighs.
    for (int t = 0; t < months; ++t) {
        if (!(m_tolerance[t] > 0)) continue;
        lp += log_normal_cdf(stock[t] / m_tolerance[t]);
        if constexpr (G) g_stock[t] += log_normal_cdf_slope(stock[t] / m_tolerance[t]) / m_tolerance[t];
    }
    // Usage: in each window, launches of the product = ratio x (made + imported), in logs.
    const double use_ratio = use_ratio_of(d, layout, z);
    double g_log_ratio = 0;
    for (auto [a, b] : m_windows) {
        double used = 0;
        double supplied = 0;
        for (int t = a; t <= b; ++t) {
            used += usage[t];
            supplied += x[t] + imp[t];
        }
        if (!(used > 0) || !(supplied > 0)) return NEG_INF;
        const double r = (std::log(used) - std::log(use_ratio * supplied)) / d.use_window_sd;
        lp -= 0.5 * r * r;
        if constexpr (G) {
            const double k = r / d.use_window_sd;
            g_log_ratio += k;
            for (int t = a; t <= b; ++t) {
                g_usage[t] -= k / used;
                g_x[t] += k / supplied;
                g_imp[t] += k / supplied;
            }
        }
    }

    // --- sources: biases and noise per class ---------------------------------------------------
    std::array<double, SOURCE_CLASSES> bias{};
    std::array<double, SOURCE_CLASSES> noise{};
    const double bias_spread = source_classes(p, layout, z, bias, noise);
    const auto [log_ref, exponent, cost_noise] = cost_parameters(p, layout, z);
    const double log_ref_quantity = std::log(p.cost_ref_quantity);
    SourceAdjoints g_src;
    double g_coverage = 0;

    // --- observations -----------------------------------------------------------------------------
    for (const auto& o : d.observations) {
        const auto [q, weight_sum] = observed_quantity(d, o, x, imp, coverage);
        const int c = o.source_class;
        double cm = 0;  // unit_cost: cumulative output at mid-month
        double m = 0;
        double sigma = 0;
        if (o.target == Target::unit_cost) {
            cm = (o.month ? cumulative[o.month - 1] : 0) + 0.5 * x[o.month];
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
            g_src.log_ref += term.d_m;
            g_src.exponent += term.d_m * (std::log(cm + 1) - log_ref_quantity);
            g_src.cost_noise += term.d_s * cost_noise / sigma;
            const double g_cm = term.d_m * exponent / (cm + 1);
            if (o.month) g_cumulative[o.month - 1] += g_cm;
            g_x[o.month] += 0.5 * g_cm;
            continue;
        }
        g_src.bias[c] += term.d_m;
        g_src.noise[c] += term.d_s * noise[c] / sigma;
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
        const double base = s.series_start ? cumulative[s.series_start - 1] : 0;
        const double made = (s.month ? cumulative[s.month - 1] : 0) + s.month_fraction * x[s.month] - base;
        double g_made = 0;
        lp += serial_log_likelihood(made, s.serial, s.earlier, serial_softness(s.serial), &g_made);
        if (!std::isfinite(lp)) return NEG_INF;
        if constexpr (G) {
            if (s.month) g_cumulative[s.month - 1] += g_made;
            g_x[s.month] += s.month_fraction * g_made;
            if (s.series_start) g_cumulative[s.series_start - 1] -= g_made;
        }
    }
    if (!std::isfinite(lp)) return NEG_INF;
    if constexpr (!G) return lp;

    // --- reverse pass ------------------------------------------------------------------------------
    // Inventory and cumulative output are running sums: their adjoints flow back as reverse sums.
    double running_cumulative = 0;
    for (int t = months - 1; t >= 0; --t) {
        running_cumulative += g_cumulative[t];
        g_x[t] += running_cumulative;
    }
    path_adjoint(p, layout, s0, path, g_x, g_mu, g_log_floor, g_stock, g_imp, g_usage, grad);
    growth_adjoint(p, layout, z, m_damping, sigma_level, sigma_growth, g_delta, g_sigma_level, grad);
    supply_adjoint(d, layout, usage, g_usage, g_imp, import_qty, share, coverage, g_coverage, use_ratio,
                   g_log_ratio, grad);
    source_adjoint(p, layout, z, g_src, noise, bias_spread, cost_noise, grad);
    return lp;
}

double Model::usage_log_weight(std::span<const double> z) const {
    const auto& d = m_data;
    const Draw draw = derive(z);
    double lw = 0;
    for (int t = 0; t < d.months; ++t)
        if (m_tolerance[t] > 0) lw += log_normal_cdf(draw.inventory[t] / m_tolerance[t]);
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

bool Model::centre_levels(std::span<double> theta) const {
    const auto& d = m_data;
    const auto& p = d.priors;
    const auto& layout = m_layout;
    const int n = layout.production_months;
    // The trend as a prior draw: level and shocks non-centred.
    std::vector<double> delta;
    growth(p, layout, theta, scale(p.growth_sd, theta[layout.growth_sd]), m_damping, delta);
    const double sigma_level = scale(p.level_sd, theta[layout.level_sd]);
    std::vector<double> mu(n);
    for (int k = 0; k < n; ++k)
        mu[k] = k == 0 ? p.initial_log_rate_mean + p.initial_log_rate_sd * theta[layout.level0]
                       : mu[k - 1] + delta[k - 1] + sigma_level * theta[layout.level_shocks + k - 1];
    std::vector<double> import_qty;
    std::vector<double> imp;
    std::vector<double> usage;
    std::vector<double> share;
    monthly_imports(d, layout, theta, import_qty, imp);
    shares_of(d, layout, theta, share);
    monthly_usage(d, coverage_of(p, layout, theta), share, usage);
    double stock = 0;
    for (int t = 0; t < d.months; ++t) {
        const double before = stock + imp[t] - usage[t];
        double x = 0;
        if (t >= d.production_start) {
            const int k = t - d.production_start;
            if (!(mu[k] < MAX_LOG_RATE)) return false;
            x = std::exp(mu[k]);
            double slope = 0;
            const double floor = production_floor(before, m_tolerance[t], &slope);
            // eta = log(x^s - floor^s) / s
            double eta = mu[k];
            if (floor > 0) {
                const double s = floor_sharpness(p);
                if (!(floor < x)) return false;
                eta = mu[k] + std::log(-std::expm1(s * (std::log(floor) - mu[k]))) / s;
            }
            if (!std::isfinite(eta)) return false;
            theta[level_index(layout, k)] = (eta - p.initial_log_rate_mean) / p.initial_log_rate_sd;
        }
        stock = before + x;
    }
    return true;
}

template double Model::evaluate<true>(std::span<const double>, double*) const;
template double Model::evaluate<false>(std::span<const double>, double*) const;

Draw Model::derive(std::span<const double> z) const {
    const auto& d = m_data;
    const auto& p = d.priors;
    const auto& layout = m_layout;
    const int months = d.months;
    const int s0 = d.production_start;
    Draw out;
    std::vector<double> import_qty;
    Path path;
    monthly_imports(d, layout, z, import_qty, out.imports);
    out.coverage = coverage_of(p, layout, z);
    out.use_ratio = use_ratio_of(d, layout, z);
    shares_of(d, layout, z, out.share);
    monthly_usage(d, out.coverage, out.share, out.usage);
    production_path(p, layout, z, s0, out.imports, out.usage, m_tolerance, path);
    out.production = std::move(path.x);
    out.inventory = std::move(path.stock);
    out.cumulative.assign(months, 0);
    for (int t = 0; t < months; ++t) out.cumulative[t] = (t ? out.cumulative[t - 1] : 0) + out.production[t];
    source_classes(p, layout, z, out.bias, out.noise);
    const auto cost = cost_parameters(p, layout, z);
    out.cost_log_ref = cost.log_ref;
    out.cost_exponent = cost.exponent;
    out.cost_noise = cost.noise;
    return out;
}

}  // namespace reckon::estimate
