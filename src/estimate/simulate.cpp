// Synthetic programmes drawn from the model's prior and likelihood; see simulate.hpp.
// The design (months, which claims, launch counts) is drawn from a stream independent of
// the truth, so conditioning on the design does not inform the truth.
#include "reckon/estimate/simulate.hpp"

#include <fmt/core.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "reckon/core/atomic_file.hpp"
#include "reckon/core/claim.hpp"
#include "reckon/core/date.hpp"
#include "reckon/core/error.hpp"
#include "reckon/estimate/normal.hpp"
#include "reckon/estimate/random.hpp"

namespace reckon::estimate {
namespace {

constexpr int MONTHS = 36;
constexpr int PRODUCTION_START = 3;
constexpr int SHARE_CHANGE = 24;
using core::Month;
const Month FIRST{2022 * 12};

// The priors written into the simulated programme.toml; the fit reads them back.
Priors simulation_priors() {
    Priors p;
    p.initial_log_rate_mean = std::log(50.0);
    p.initial_log_rate_sd = 1.0;
    p.initial_growth_mean = 0.08;
    p.initial_growth_sd = 0.05;
    p.coverage_mean = 0.92;
    p.coverage_sd = 0.04;
    p.cost_ref_quantity = 1000;
    p.cost_log_ref_mean = std::log(50000.0);
    p.cost_log_ref_sd = 1.0;
    p.cost_exponent_mean = -0.25;
    p.cost_exponent_sd = 0.2;
    return p;
}

std::string g17(double x) { return fmt::format("{:.17g}", x); }

// The simulated programme.toml: its months, the import batch, the launch shares and the
// priors of simulation_priors(), as a programme file states them.
std::string programme_text(std::uint64_t seed) {
    return fmt::format(
        R"(# A simulated programme (reckon simulate --seed {0}); truth.json holds what really happened.
name = "Simulated programme {0}"
product = "Widget"
start = "{1}"
end = "{2}"
production_start = "{3}"

[[imports]]
name = "imports"
from = "{1}"
to = "{4}"
quantity = 300
log_sd = 0.4

[evidence]
claims = "claims.csv"
serials = "serials.csv"

[evidence.products]
own = ["widget"]

[[evidence.series]]
name = "A"
start = "{3}"

[evidence.launches]
file = "launches.csv"
model_column = "model"
models = ["sim"]
count_column = "launched"

[[evidence.launches.share]]
from = "{1}"
to = "{5}"
mean = 0.95
sd = 0.02

[[evidence.launches.share]]
from = "{6}"
to = "{2}"
mean = 0.6
sd = 0.05

[priors]
initial_rate = 50
initial_rate_log_sd = 1.0
initial_growth = 0.08
initial_growth_sd = 0.05
coverage_mean = 0.92
coverage_sd = 0.04

[priors.cost]
ref_quantity = 1000
ref_cost = 50000
ref_cost_log_sd = 1.0
exponent = -0.25
exponent_sd = 0.2
)",
        seed, FIRST.to_string(), Month{FIRST.index + MONTHS - 1}.to_string(),
        Month{FIRST.index + PRODUCTION_START}.to_string(), Month{FIRST.index + 8}.to_string(),
        Month{FIRST.index + SHARE_CHANGE - 1}.to_string(), Month{FIRST.index + SHARE_CHANGE}.to_string());
}

// The truth: a prior draw of `theta`, accepted with the probability of the inventory barrier
// and the usage windows (so that launches could have come from it).
Draw draw_truth(const Model& model, const ModelData& data, Random& truth_rng, std::vector<double>& theta) {
    for (int attempt = 0;; ++attempt) {
        for (auto& z : theta) z = truth_rng.normal();
        // Level shocks are Student-t: a normal over the root of a chi-square over its df.
        const auto& layout = model.layout();
        if (data.level_shock_df > 0)
            for (int k = 0; k + 1 < layout.production_months; ++k) {
                double chi2 = 0;
                for (int i = 0; i < data.level_shock_df; ++i) {
                    const double g = truth_rng.normal();
                    chi2 += g * g;
                }
                theta[layout.level_shocks + k] /= std::sqrt(chi2 / data.level_shock_df);
            }
        if (attempt > 100000) throw Error("simulation: no prior draw kept the inventory non-negative");
        // Outside the model's support: the inventory would fall below its tolerance.
        if (!model.centre_levels(theta)) continue;
        Draw truth = model.derive(theta);
        // Accepted with the probability of the inventory barrier and the usage windows.
        if (std::log(truth_rng.uniform()) < model.usage_log_weight(theta)) return truth;
    }
}

}  // namespace

Simulation simulate(std::uint64_t seed) {
    Simulation sim;
    sim.seed = seed;
    Random design(seed * 2654435761ULL + 17);
    Random truth_rng(seed * 40503ULL + 99);
    Random noise_rng(seed * 69069ULL + 5);
    const Priors priors = simulation_priors();

    // --- design: launch counts, import batch, shares -------------------------------------
    ModelData data;
    data.months = MONTHS;
    data.production_start = PRODUCTION_START;
    data.priors = priors;
    data.launched.assign(MONTHS, std::nan(""));
    data.product_counted.assign(MONTHS, std::nan(""));
    data.share_regime.assign(MONTHS, -1);
    data.shares = {{0, SHARE_CHANGE - 1, 0.95, 0.02}, {SHARE_CHANGE, MONTHS - 1, 0.6, 0.05}};
    for (int t = 0; t < MONTHS; ++t) data.share_regime[t] = t < SHARE_CHANGE ? 0 : 1;
    for (int t = 1; t < MONTHS; ++t)
        data.launched[t] = std::round(8 * std::exp(0.07 * t) * std::exp(0.3 * design.normal()));
    data.imports = {{0, 8, 300, 0.4}};
    const Model model(data);

    // --- truth: the prior, accepted with the barrier's probability ---------------------------
    std::vector<double> theta(model.dimension());
    const Draw truth = draw_truth(model, data, truth_rng, theta);

    // --- claims, drawn from the likelihood ------------------------------------------------------
    std::string claims =
        "report_date,url,subject,metric,value,unit,qualifier,period,attribution,reckon_metric,reckon_value,"
        "reckon_low,"
        "reckon_high,reckon_unit,reckon_qualifier,period_start,period_end,source_class,origin,product,use,"
        "note\n";
    int claim_number = 0;
    auto period_text = [](int t0, int t1) {
        return std::pair{core::to_iso(Month{FIRST.index + t0}.first_day()),
                         core::to_iso(Month{FIRST.index + t1}.last_day())};
    };
    auto emit = [&](const std::string& metric, double value, std::optional<std::pair<double, double>> range,
                    const std::string& unit, const std::string& qualifier, int t0, int t1, int cls,
                    const std::string& origin, int copies) {
        const auto [first, last] = period_text(t0, t1);
        for (int c = 0; c < copies; ++c) {
            ++claim_number;
            claims += fmt::format(
                "{},https://example.org/sim/{}/"
                "{},simulated,{},{},{},,,{},{},{},{},{},{},{},{},{},{},{},widget,yes,simulated\n",
                last, seed, claim_number, metric, g17(value), unit,
                std::string(core::to_string(static_cast<core::SourceClass>(cls))), metric, g17(value),
                range ? g17(range->first) : "", range ? g17(range->second) : "", unit, qualifier, first, last,
                std::string(core::to_string(static_cast<core::SourceClass>(cls))), origin);
        }
    };
    // One figure of one claim about a log quantity m (already biased), with noise s.
    auto draw_claim = [&](const std::string& metric, double m, double s_noise, double prior_guess,
                          const std::string& unit, int t0, int t1, int cls, int copies) {
        const std::string origin = fmt::format("sim-{}-{}", seed, claim_number + 1);
        const double form = design.uniform();
        if (form < 0.55) {
            const double s = std::hypot(s_noise, priors.rounding_sd);
            emit(metric, std::exp(m + s * noise_rng.normal()), std::nullopt, unit, "approx", t0, t1, cls,
                 origin, copies);
        } else if (form < 0.8) {
            // A threshold the source states a bound against, chosen without the truth.
            const double threshold = prior_guess * std::exp(0.5 * design.normal());
            const double s = std::hypot(s_noise, priors.rounding_sd);
            const bool above = m + s * noise_rng.normal() >= std::log(threshold);
            emit(metric, threshold, std::nullopt, unit, above ? "over" : "under", t0, t1, cls, origin,
                 copies);
        } else {
            const double w = 0.15;
            const double s = std::sqrt(s_noise * s_noise + w * w + priors.rounding_sd * priors.rounding_sd);
            const double y = m + s * noise_rng.normal();
            emit(metric, std::exp(y), std::pair{std::exp(y - RANGE_Z * w), std::exp(y + RANGE_Z * w)}, unit,
                 "range", t0, t1, cls, origin, copies);
        }
    };
    auto prior_path = [&](int t) {  // prior median production, for thresholds
        return std::exp(priors.initial_log_rate_mean + priors.initial_growth_mean * (t - PRODUCTION_START));
    };
    for (int i = 0; i < 8; ++i) {  // production rates over 1–3 months; three are relayed
        const int len = 1 + static_cast<int>(design.below(3));
        const int t0 = PRODUCTION_START + static_cast<int>(design.below(MONTHS - PRODUCTION_START - len + 1));
        const int cls = static_cast<int>(design.below(SOURCE_CLASSES));
        double mean = 0;
        for (int t = t0; t < t0 + len; ++t) mean += truth.production[t] / len;
        draw_claim("production_rate", std::log(mean) + truth.bias[cls], truth.noise[cls], prior_path(t0),
                   "unit/month", t0, t0 + len - 1, cls, i < 3 ? 2 : 1);
    }
    for (int i = 0; i < 2; ++i) {  // totals over a year
        const int t0 = PRODUCTION_START + 12 * i;
        const int t1 = std::min(MONTHS - 1, t0 + 11);
        const int cls = static_cast<int>(design.below(SOURCE_CLASSES));
        double sum = 0;
        double guess = 0;
        for (int t = t0; t <= t1; ++t) {
            sum += truth.production[t];
            guess += prior_path(t);
        }
        draw_claim("production_total", std::log(sum) + truth.bias[cls], truth.noise[cls], guess, "unit", t0,
                   t1, cls, 1);
    }
    for (int i = 0; i < 4; ++i) {  // launch reports
        const int t = 1 + static_cast<int>(design.below(MONTHS - 1));
        const int cls = static_cast<int>(design.below(SOURCE_CLASSES));
        const double q = data.launched[t] / truth.coverage;
        draw_claim("launches", std::log(q) + truth.bias[cls], truth.noise[cls], data.launched[t],
                   "unit/month", t, t, cls, 1);
    }
    {  // the imports
        const int cls = static_cast<int>(design.below(SOURCE_CLASSES));
        double sum = 0;
        for (int t = 0; t <= 8; ++t) sum += truth.imports[t];
        draw_claim("imports", std::log(sum) + truth.bias[cls], truth.noise[cls], 300, "unit", 0, 8, cls, 1);
    }
    for (int i = 0; i < 4; ++i) {  // unit costs, no source bias
        const int t = PRODUCTION_START + 2 + static_cast<int>(design.below(MONTHS - PRODUCTION_START - 2));
        const double cm = truth.cumulative[t - 1] + 0.5 * truth.production[t];
        const double log_cost = std::log(truth.unit_cost(cm, priors.cost_ref_quantity));
        draw_claim("unit_cost", log_cost, truth.cost_noise, 50000, "USD", t, t, 1, 1);
    }

    // --- serials: items of series A, seen mid-month ---------------------------------------------
    std::string serials = "serial,series,date_seen,place,source\n";
    std::vector<long long> seen;
    for (int i = 0; i < 3; ++i) {
        const int t = PRODUCTION_START + 3 + static_cast<int>(design.below(MONTHS - PRODUCTION_START - 3));
        const Month m{FIRST.index + t};
        const double made = truth.cumulative[t - 1] + 15.0 / m.days() * truth.production[t];
        if (made < static_cast<double>(seen.size()) + 1.0) continue;
        long long serial = 0;
        do serial = 1 + static_cast<long long>(noise_rng.uniform() * std::floor(made));
        while (std::find(seen.begin(), seen.end(), serial) != seen.end());
        seen.push_back(serial);
        serials += fmt::format("A{},A,{},simulated,simulation seed {}\n", serial,
                               core::to_iso(core::make_date(m.year(), m.month(), 15)), seed);
    }

    std::string launches = "month,model,launched,is_shahed,launched_with_is_shahed\n";
    for (int t = 1; t < MONTHS; ++t)
        launches += fmt::format("{},sim,{},,\n", Month{FIRST.index + t}.to_string(), g17(data.launched[t]));

    const std::string programme = programme_text(seed);

    for (int t = 0; t < MONTHS; ++t) sim.months.push_back(Month{FIRST.index + t}.to_string());
    sim.production = truth.production;
    sim.cumulative = truth.cumulative;
    sim.total = truth.cumulative.back();
    sim.learning_rate = truth.learning_rate();
    sim.bias = truth.bias;
    nlohmann::ordered_json j;
    j["seed"] = seed;
    j["months"] = sim.months;
    j["production"] = sim.production;
    j["cumulative"] = sim.cumulative;
    j["inventory"] = truth.inventory;
    j["total"] = sim.total;
    j["learning_rate"] = sim.learning_rate;
    j["coverage"] = truth.coverage;
    j["bias"] = truth.bias;
    j["noise"] = truth.noise;
    j["theta"] = theta;
    sim.files = {{"programme.toml", programme},
                 {"claims.csv", claims},
                 {"launches.csv", launches},
                 {"serials.csv", serials},
                 {"truth.json", j.dump(1) + "\n"}};
    return sim;
}

void write_simulation(const Simulation& sim, const std::filesystem::path& dir, bool overwrite) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw Error(fmt::format("cannot create {}", dir.string()), "check the path and its permissions");
    // All or none: a half-written programme folder would be read as a complete one.
    core::FileSet files(overwrite);
    for (const auto& [name, content] : sim.files) files.stage(dir / name, content);
    files.commit();
}

}  // namespace reckon::estimate
