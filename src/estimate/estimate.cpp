// Sampling a programme's model and summarising the posterior; see estimate.hpp.
#include "reckon/estimate/estimate.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <sstream>
#include <thread>

#include "reckon/core/error.hpp"
#include "reckon/estimate/diagnostics.hpp"
#include "reckon/estimate/model_data.hpp"
#include "reckon/estimate/normal.hpp"

namespace reckon::estimate {
namespace {

constexpr double RHAT_LIMIT = 1.01;
constexpr double ESS_LIMIT = 400;

using core::Month;
using evidence::Programme;

Month month_at(const Programme& p, int t) { return Month{p.first.index + t}; }

// Cumulative production at the end of day `d` (linear within its month), clamped to the range.
double cumulative_at(const Programme& p, const Draw& draw, const core::Date& d) {
    const int t = p.offset(Month::of(d));
    if (t < 0) return 0;
    if (t >= p.months()) return draw.cumulative.back();
    const double fraction = static_cast<double>(static_cast<unsigned>(d.day())) / Month::of(d).days();
    return (t ? draw.cumulative[t - 1] : 0) + fraction * draw.production[t];
}

// The observation's quantity (what the claim is about, before any source bias) in one draw.
double observed_quantity(const ModelData& data, const Observation& o, const Draw& draw) {
    double q = 0;
    double w_sum = 0;
    switch (o.target) {
        case Target::production_rate:
        case Target::production_total:
            for (auto [t, w] : o.weights) q += w * draw.production[t], w_sum += w;
            return o.target == Target::production_rate ? q / w_sum : q;
        case Target::launches_rate:
        case Target::launches_total:
            for (auto [t, w] : o.weights) q += w * data.launched[t], w_sum += w;
            return (o.target == Target::launches_rate ? q / w_sum : q) / draw.coverage;
        case Target::imports_total:
            for (auto [t, w] : o.weights) q += w * draw.imports[t];
            return q;
        case Target::unit_cost: {
            const double cm = (o.month ? draw.cumulative[o.month - 1] : 0) + 0.5 * draw.production[o.month];
            return draw.unit_cost(cm, data.priors.cost_ref_quantity);
        }
    }
    return 0;
}

// The posterior predictive check of one observation: the probability, over draws, of a
// replicated figure at least as far from the model as the reported one (two-sided), or of the
// bound holding (one-sided bounds: a small value means the model puts the truth on the
// other side).
double predictive_check(const ModelData& data, const Observation& o, const std::vector<Draw>& draws) {
    double below = 0;
    double n = 0;
    for (const auto& d : draws) {
        const double q = observed_quantity(data, o, d);
        if (!(q > 0) || !std::isfinite(q)) continue;
        double m = std::log(q);
        double s = 0;
        if (o.target == Target::unit_cost) {
            s = std::hypot(d.cost_noise, o.extra_sd);
        } else {
            m += d.bias[o.source_class];
            s = std::hypot(d.noise[o.source_class], o.extra_sd);
        }
        if (!(s > 0)) continue;
        below += normal_cdf((o.log_value - m) / s);  // P(replicated figure < reported)
        n += 1;
    }
    if (n == 0) return 1;
    const double p = below / n;
    switch (o.form) {
        case Form::centred:
            return std::min(1.0, 2 * std::min(p, 1 - p));
        case Form::lower_bound:  // "over v": holds when the replicated figure exceeds v
            return 1 - p;
        case Form::upper_bound:
            return p;
    }
    return 1;
}

// Every draw's value of `f`, in draw order.
template <class F>
std::vector<double> collect(const std::vector<Draw>& draws, F&& f) {
    std::vector<double> v;
    v.reserve(draws.size());
    for (const auto& d : draws) v.push_back(f(d));
    return v;
}

// The chains, the gradient evaluations each took, and the wall time they took together.
struct Sampled {
    std::vector<Chain> chains;
    std::vector<long long> evaluations;
    double seconds = 0;
};

Sampled sample(const Model& model, const EstimateOptions& options) {
    SamplerOptions so;
    so.warmup = options.warmup;
    so.draws = options.draws;
    so.seed = options.seed;
    Sampled out;
    out.chains.resize(options.chains);
    out.evaluations.assign(options.chains, 0);
    std::atomic<long long> iterations_done{0};
    std::atomic<bool> cancelled{false};
    std::mutex progress_mutex;
    const long long iterations_total =
        static_cast<long long>(options.chains) * (options.warmup + options.draws);
    std::vector<std::string> failures(options.chains);
    auto run_one = [&](int c) {
        long long& count = out.evaluations[c];
        LogDensity density = [&](std::span<const double> theta, std::span<double> grad) {
            ++count;
            return model.log_density(theta, grad);
        };
        try {
            out.chains[c] = run_chain(density, model.dimension(), so, c, [&](int, int) {
                const long long done = ++iterations_done;
                if (options.progress && done % 50 == 0) {
                    std::lock_guard lock(progress_mutex);
                    if (!options.progress(static_cast<double>(done) / static_cast<double>(iterations_total),
                                          "sampling"))
                        cancelled = true;
                }
                return !cancelled.load();
            });
        } catch (const std::exception& e) {
            failures[c] = e.what();
        }
    };
    const auto started = std::chrono::steady_clock::now();
    const int threads = std::clamp(options.threads, 1, options.chains);
    if (threads == 1) {
        for (int c = 0; c < options.chains; ++c) run_one(c);
    } else {
        std::atomic<int> next{0};
        std::vector<std::thread> pool;
        pool.reserve(threads);
        for (int i = 0; i < threads; ++i)
            pool.emplace_back([&] {
                for (int c = next++; c < options.chains; c = next++) run_one(c);
            });
        for (auto& t : pool) t.join();
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    for (const auto& f : failures)
        if (!f.empty())
            throw Error("sampling could not start: " + f, "check the evidence for contradictions");
    if (cancelled) throw Error("the estimate was cancelled");
    return out;
}

// Production, cumulative output, inventory, usage and imports per month; the total.
void summarise_months(EstimateResult& result) {
    const auto& data = result.data;
    const auto& draws = result.draws;
    for (int t = 0; t < data.months; ++t) {
        MonthSummary m;
        m.month = month_at(result.programme, t);
        m.production = summarize(collect(draws, [&](const Draw& d) { return d.production[t]; }));
        m.cumulative = summarize(collect(draws, [&](const Draw& d) { return d.cumulative[t]; }));
        m.inventory = summarize(collect(draws, [&](const Draw& d) { return d.inventory[t]; }));
        m.usage = summarize(collect(draws, [&](const Draw& d) { return d.usage[t]; }));
        m.imports = summarize(collect(draws, [&](const Draw& d) { return d.imports[t]; }));
        if (std::isfinite(data.launched[t])) m.launched = data.launched[t];
        result.months.push_back(m);
    }
    result.total = result.months.back().cumulative;
    result.evidence_consistent = true;
    for (const auto& m : result.months)
        result.evidence_consistent = result.evidence_consistent && m.inventory.median >= 0;
}

// Each contract's chance of being met by its due date and by the end, and when it is reached.
ContractProgress contract_progress(const EstimateResult& result, const evidence::Contract& contract) {
    const auto& programme = result.programme;
    const auto& draws = result.draws;
    const int months = result.data.months;
    ContractProgress cp;
    cp.contract = contract;
    std::vector<double> reached;  // month index, `months` = not within the range
    int by_due = 0;
    int by_end = 0;
    for (const auto& d : draws) {
        if (cumulative_at(programme, d, contract.due) >= contract.quantity) ++by_due;
        int t = 0;
        while (t < months && d.cumulative[t] < contract.quantity) ++t;
        if (t < months) ++by_end;
        reached.push_back(t);
    }
    const auto n = static_cast<double>(draws.size());
    cp.p_by_due = by_due / n;
    cp.p_by_end = by_end / n;
    static const std::array<double, 3> ps = {0.05, 0.5, 0.95};
    const auto q = quantiles(reached, ps);
    auto month = [&](double t) -> std::optional<Month> {
        if (t >= months) return std::nullopt;
        return month_at(programme, static_cast<int>(t));
    };
    cp.reached_q05 = month(std::floor(q[0]));
    cp.reached_median = month(std::floor(q[1]));
    cp.reached_q95 = month(std::ceil(q[2]));
    for (int t = 0; t < months; ++t) {
        const double p = static_cast<double>(std::count_if(reached.begin(), reached.end(),
                                                           [&](double r) { return r <= t; })) /
                         n;
        cp.reached_by_month.emplace_back(month_at(programme, t), p);
    }
    return cp;
}

// Contracts, report dates (cumulative output on each, the chance of each contract's quantity).
void summarise_contracts(EstimateResult& result) {
    const auto& programme = result.programme;
    for (const auto& contract : programme.contracts)
        result.contracts.push_back(contract_progress(result, contract));
    for (const auto& date : programme.report_dates) {
        ReportDate rd;
        rd.date = date;
        const auto values =
            collect(result.draws, [&](const Draw& d) { return cumulative_at(programme, d, date); });
        rd.cumulative = summarize(values);
        for (const auto& contract : programme.contracts) {
            const double p =
                static_cast<double>(std::count_if(values.begin(), values.end(),
                                                  [&](double v) { return v >= contract.quantity; })) /
                static_cast<double>(values.size());
            rd.p_at_least.emplace_back(contract.quantity, p);
        }
        result.report_dates.push_back(std::move(rd));
    }
}

// Source classes, the learning curve, coverage, shares, and each observation's fit and check.
void summarise_parameters(EstimateResult& result) {
    const auto& data = result.data;
    const auto& draws = result.draws;
    std::array<int, SOURCE_CLASSES> per_class{};
    for (const auto& o : data.observations)
        if (o.target != Target::unit_cost) ++per_class[o.source_class];
    for (std::size_t c = 0; c < SOURCE_CLASSES; ++c) {
        SourceSummary s;
        s.source_class = std::string(core::to_string(static_cast<core::SourceClass>(c)));
        s.observations = per_class[c];
        s.bias_percent =
            summarize(collect(draws, [&](const Draw& d) { return 100 * (std::exp(d.bias[c]) - 1); }));
        s.noise = summarize(collect(draws, [&](const Draw& d) { return d.noise[c]; }));
        result.sources.push_back(std::move(s));
    }
    result.learning_rate = summarize(collect(draws, [](const Draw& d) { return d.learning_rate(); }));
    result.cost_exponent = summarize(collect(draws, [](const Draw& d) { return d.cost_exponent; }));
    result.cost_at_reference =
        summarize(collect(draws, [](const Draw& d) { return std::exp(d.cost_log_ref); }));
    const double top = std::max(10.0, result.total.q95);
    for (int i = 0; i <= 24; ++i) {
        const double n = std::exp(std::log(10.0) + (std::log(top) - std::log(10.0)) * i / 24);
        result.cost_curve.emplace_back(n, summarize(collect(draws, [&](const Draw& d) {
                                           return d.unit_cost(n, data.priors.cost_ref_quantity);
                                       })));
    }
    result.coverage = summarize(collect(draws, [](const Draw& d) { return d.coverage; }));
    for (std::size_t r = 0; r < data.shares.size(); ++r)
        result.shares.push_back(summarize(collect(draws, [&](const Draw& d) { return d.share[r]; })));
    for (const auto& o : data.observations) {
        result.observation_fit.push_back(
            summarize(collect(draws, [&](const Draw& d) { return observed_quantity(data, o, d); })));
        result.observation_check.push_back(predictive_check(data, o, draws));
    }
}

// Claims the model cannot reconcile with the rest, and figures that contradict each other.
void name_conflicts(EstimateResult& result) {
    const auto& data = result.data;
    const auto& claims = result.evidence.claims;
    std::vector<const evidence::EvidenceClaim*> of_observation(data.observations.size(), nullptr);
    for (const auto& c : claims)
        if (c.observation >= 0) of_observation[static_cast<std::size_t>(c.observation)] = &c;
    auto name = [](const evidence::EvidenceClaim& c) {
        return fmt::format("{}:{} ({} {:g} {}, {} {})", c.file, c.line, c.metric, c.value, c.unit,
                           core::to_string(c.qualifier), core::to_string(c.source_class));
    };
    for (std::size_t i = 0; i < data.observations.size(); ++i) {
        if (!of_observation[i] || !(result.observation_check[i] < CONFLICT_P)) continue;
        const auto& f = result.observation_fit[i];
        result.conflicts.push_back(fmt::format(
            "claim {} conflicts with the rest of the evidence: the model has {:.4g} (90%: {:.4g} to "
            "{:.4g}) before source bias, p = {:.4f}",
            name(*of_observation[i]), f.median, f.q05, f.q95, result.observation_check[i]));
    }
    for (std::size_t i = 0; i < data.observations.size(); ++i)
        for (std::size_t j = i + 1; j < data.observations.size(); ++j) {
            const auto& a = data.observations[i];
            const auto& b = data.observations[j];
            if (!of_observation[i] || !of_observation[j] || a.form != Form::centred ||
                b.form != Form::centred || a.target != b.target || a.weights != b.weights)
                continue;
            if (std::abs(a.log_value - b.log_value) < std::log(3.0)) continue;
            result.conflicts.push_back(
                fmt::format("claims {} and {} contradict each other (a factor of {:.1f} "
                            "for the same quantity and period)",
                            name(*of_observation[i]), name(*of_observation[j]),
                            std::exp(std::abs(a.log_value - b.log_value))));
        }
}

// Plans and contract figures: the chance the estimate reaches them.
void target_chances(EstimateResult& result) {
    const auto& programme = result.programme;
    const int months = result.data.months;
    for (std::size_t i = 0; i < result.evidence.claims.size(); ++i) {
        const auto& c = result.evidence.claims[i];
        // classify() makes targets only of the product's own plans and contracts.
        if (c.status != evidence::ClaimStatus::target || !(c.value > 0)) continue;
        std::vector<std::pair<int, double>> weights;
        for (Month m = Month::of(c.period.first); m <= Month::of(c.period.last); m.index++) {
            const int t = programme.offset(m);
            if (t >= 0 && t < months) weights.emplace_back(t, 1.0);
        }
        if (weights.empty()) continue;
        const auto rate_target = evidence::per_month(c.value, c.unit);
        const bool rate = rate_target.has_value();
        if (!rate && c.unit.find('/') != std::string::npos) continue;  // a rate of something else
        const double target = rate_target.value_or(c.value);
        const auto hits = collect(result.draws, [&](const Draw& d) {
            double q = 0;
            for (auto [t, w] : weights) q += d.production[t];
            if (rate) q /= static_cast<double>(weights.size());
            return q >= target ? 1.0 : 0.0;
        });
        double p = 0;
        for (double h : hits) p += h;
        result.targets.push_back({i, p / static_cast<double>(hits.size())});
    }
}

// Sampler and convergence diagnostics: divergences, depth, step sizes, E-BFMI, R-hat and ESS of
// the parameters and of the derived quantities an analyst reads.
void diagnose_chains(EstimateResult& result, const Model& model, const Sampled& sampled,
                     const EstimateOptions& options) {
    const auto& data = result.data;
    const auto& draws = result.draws;
    const auto& chains = sampled.chains;
    auto& dg = result.diagnostics;
    dg.chains = options.chains;
    dg.warmup = options.warmup;
    dg.draws = options.draws;
    dg.seed = options.seed;
    dg.sampling_seconds = sampled.seconds;
    for (const auto& c : chains) {
        dg.divergences += c.divergences;
        dg.max_depth_hits += c.max_depth_hits;
        dg.step_size.push_back(c.step_size);
        dg.bfmi.push_back(energy_bfmi(c.energy));
    }
    for (long long e : sampled.evaluations) dg.gradient_evaluations += e;
    auto diagnose = [&](const std::string& name, auto&& value_of_draw_index) {
        std::vector<std::vector<double>> per_chain(options.chains);
        for (int c = 0; c < options.chains; ++c)
            for (int i = 0; i < options.draws; ++i) per_chain[c].push_back(value_of_draw_index(c, i));
        const auto conv = convergence(per_chain);
        dg.parameters.push_back({name, conv.rhat, conv.ess_bulk, conv.ess_tail});
    };
    if (options.draws < 4) return;
    for (std::size_t k = 0; k < model.dimension(); ++k)
        diagnose(model.parameter_names()[k], [&](int c, int i) { return chains[c].draw(i)[k]; });
    for (int t = data.production_start; t < data.months; ++t)
        diagnose("production[" + month_at(result.programme, t).to_string() + "]",
                 [&](int c, int i) { return draws[c * options.draws + i].production[t]; });
    diagnose("total", [&](int c, int i) { return draws[c * options.draws + i].cumulative.back(); });
    diagnose("learning_rate", [&](int c, int i) { return draws[c * options.draws + i].learning_rate(); });
    dg.min_ess_bulk = dg.min_ess_tail = 1e300;
    for (const auto& p : dg.parameters) {
        dg.max_rhat = std::max(dg.max_rhat, p.rhat);
        dg.min_ess_bulk = std::min(dg.min_ess_bulk, p.ess_bulk);
        dg.min_ess_tail = std::min(dg.min_ess_tail, p.ess_tail);
    }
}

// A stock out of proportion to use: the estimate leans on claims the launches do not support.
void warn_of_stock(EstimateResult& result) {
    const auto& data = result.data;
    int last = -1;
    for (int t = 0; t < data.months; ++t)
        if (std::isfinite(data.launched[t])) last = t;
    if (last < 0) return;
    const auto months_of_stock = collect(result.draws, [&](const Draw& d) {
        double used = 0;
        for (int t = std::max(0, last - 11); t <= last; ++t) used += d.usage[t];
        const double per_month = used / std::min(12, last + 1);
        return per_month > 0 ? d.inventory[last] / per_month : 0.0;
    });
    const auto m = summarize(months_of_stock);
    if (m.median > 12)
        result.diagnostics.warnings.push_back(
            fmt::format("the implied stock at {} is {:.0f} months of use (90%: {:.0f} to {:.0f}): production "
                        "is out of proportion to the launches; check the claims that drive it",
                        month_at(result.programme, last).to_string(), m.median, m.q05, m.q95));
}

// The warnings an analyst must read before the numbers, in the order the summary lists them.
void add_warnings(EstimateResult& result, const EstimateOptions& options) {
    auto& dg = result.diagnostics;
    if (options.chains > 1 && dg.max_rhat > RHAT_LIMIT)
        dg.warnings.push_back(
            fmt::format("R-hat reaches {:.3f} (above {}): the chains disagree; run longer "
                        "(--warmup/--draws) and read the intervals with care",
                        dg.max_rhat, RHAT_LIMIT));
    if (dg.min_ess_bulk < ESS_LIMIT || dg.min_ess_tail < ESS_LIMIT)
        dg.warnings.push_back(
            fmt::format("effective sample size is as low as {:.0f} (bulk) / {:.0f} (tail), below "
                        "{:.0f}: intervals are rough; run more draws",
                        dg.min_ess_bulk, dg.min_ess_tail, ESS_LIMIT));
    if (dg.divergences > 0)
        dg.warnings.push_back(
            fmt::format("{} divergent transitions after warm-up: the posterior may be biased; "
                        "look for contradictory evidence",
                        dg.divergences));
    if (dg.max_depth_hits > 0)
        dg.warnings.push_back(fmt::format(
            "{} transitions hit the maximum tree depth: sampling was inefficient", dg.max_depth_hits));
    for (std::size_t c = 0; c < dg.bfmi.size(); ++c)
        if (dg.bfmi[c] < 0.3)
            dg.warnings.push_back(
                fmt::format("chain {} has E-BFMI {:.2f} (below 0.3): poor exploration", c + 1, dg.bfmi[c]));
    for (const auto& c : result.conflicts) dg.warnings.push_back(c);
    warn_of_stock(result);
    if (!result.evidence_consistent)
        dg.warnings.emplace_back(
            "in some months the median inventory is negative: the launch counts exceed what "
            "production and imports can explain; check the share and coverage priors");
}

}  // namespace

Interval summarize(std::vector<double> values) {
    Interval out;
    std::erase_if(values, [](double v) { return !std::isfinite(v); });
    if (values.empty()) return out;
    static const std::array<double, 5> ps = {0.5, 0.05, 0.25, 0.75, 0.95};
    double sum = 0;
    for (double v : values) sum += v;
    out.mean = sum / static_cast<double>(values.size());
    const auto q = quantiles(std::move(values), ps);
    out.median = q[0], out.q05 = q[1], out.q25 = q[2], out.q75 = q[3], out.q95 = q[4];
    return out;
}

EstimateResult estimate(const Programme& programme, evidence::Evidence evidence,
                        const EstimateOptions& options) {
    if (options.chains < 1 || options.draws < 10 || options.warmup < 0)
        throw UsageError("need at least 1 chain and 10 draws", "e.g. --chains 4 --draws 1000");
    EstimateResult result;
    result.programme = programme;
    evidence::classify(evidence, programme);
    result.data = build_model_data(programme, evidence);
    result.evidence = std::move(evidence);
    const ModelData& data = result.data;
    std::optional<Model> built;
    try {
        built.emplace(data);
    } catch (const std::invalid_argument& e) {
        throw InputError({programme.file.string()},
                         fmt::format("the evidence does not fit the programme: {}", e.what()),
                         "check the programme's months against the evidence");
    }
    const Model& model = *built;

    const Sampled sampled = sample(model, options);
    for (const auto& chain : sampled.chains)
        for (int i = 0; i < options.draws; ++i) result.draws.push_back(model.derive(chain.draw(i)));
    summarise_months(result);
    summarise_contracts(result);
    summarise_parameters(result);
    name_conflicts(result);
    target_chances(result);
    diagnose_chains(result, model, sampled, options);
    add_warnings(result, options);
    return result;
}

}  // namespace reckon::estimate
