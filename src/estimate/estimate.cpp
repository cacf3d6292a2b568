// Sampling a programme's model and summarising the posterior; see estimate.hpp.
#include "reckon/estimate/estimate.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <sstream>
#include <thread>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "reckon/core/atomic_file.hpp"
#include "reckon/core/error.hpp"
#include "reckon/estimate/diagnostics.hpp"

namespace reckon::estimate {
namespace {

using json = nlohmann::ordered_json;

constexpr double RHAT_LIMIT = 1.01;
constexpr double ESS_LIMIT = 400;

std::string month_name(const Programme& p, int t) { return Month{p.first.index + t}.to_string(); }

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
    double q = 0, w_sum = 0;
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

json num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

json to_json(const Interval& i) {
    return json{{"median", num(i.median)}, {"q05", num(i.q05)}, {"q25", num(i.q25)},
                {"q75", num(i.q75)},       {"q95", num(i.q95)}, {"mean", num(i.mean)}};
}

std::string csv_number(double x) { return std::isfinite(x) ? fmt::format("{:.6g}", x) : ""; }

std::string csv_quote(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace

Interval summarize(std::vector<double> values) {
    Interval out;
    std::erase_if(values, [](double v) { return !std::isfinite(v); });
    if (values.empty()) return out;
    static const double ps[] = {0.5, 0.05, 0.25, 0.75, 0.95};
    double sum = 0;
    for (double v : values) sum += v;
    out.mean = sum / static_cast<double>(values.size());
    const auto q = quantiles(std::move(values), ps);
    out.median = q[0], out.q05 = q[1], out.q25 = q[2], out.q75 = q[3], out.q95 = q[4];
    return out;
}

EstimateResult estimate(const Programme& programme, Evidence evidence, const EstimateOptions& options) {
    if (options.chains < 1 || options.draws < 10 || options.warmup < 0)
        throw UsageError("need at least 1 chain and 10 draws", "e.g. --chains 4 --draws 1000");
    EstimateResult result;
    result.programme = programme;
    result.data = build_model_data(programme, evidence);
    result.evidence = std::move(evidence);
    const ModelData& data = result.data;
    std::optional<Model> built;
    try {
        built.emplace(data);
    } catch (const std::invalid_argument& e) {
        throw InputError({programme.file.string()}, fmt::format("the evidence does not fit the programme: {}", e.what()),
                         "check the programme's months against the evidence");
    }
    const Model& model = *built;

    // --- sample ---------------------------------------------------------------------------
    SamplerOptions so;
    so.warmup = options.warmup;
    so.draws = options.draws;
    so.seed = options.seed;
    std::vector<Chain> chains(options.chains);
    std::vector<long long> evaluations(options.chains, 0);
    std::atomic<long long> iterations_done{0};
    std::atomic<bool> cancelled{false};
    std::mutex progress_mutex;
    const long long iterations_total = static_cast<long long>(options.chains) * (options.warmup + options.draws);
    std::vector<std::string> failures(options.chains);
    auto run_one = [&](int c) {
        long long& count = evaluations[c];
        LogDensity density = [&](std::span<const double> theta, std::span<double> grad) {
            ++count;
            return model.log_density(theta, grad);
        };
        try {
            chains[c] = run_chain(density, model.dimension(), so, c, [&](int, int) {
                const long long done = ++iterations_done;
                if (options.progress && done % 50 == 0) {
                    std::lock_guard lock(progress_mutex);
                    if (!options.progress(static_cast<double>(done) / iterations_total, "sampling"))
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
        for (int i = 0; i < threads; ++i)
            pool.emplace_back([&] {
                for (int c = next++; c < options.chains; c = next++) run_one(c);
            });
        for (auto& t : pool) t.join();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    for (const auto& f : failures)
        if (!f.empty()) throw Error("sampling could not start: " + f, "check the evidence for contradictions");
    if (cancelled) throw Error("the estimate was cancelled");

    // --- derived quantities per draw --------------------------------------------------------
    const int T = data.months;
    for (const auto& chain : chains)
        for (int i = 0; i < options.draws; ++i) result.draws.push_back(model.derive(chain.draw(i)));
    const auto& draws = result.draws;
    auto collect = [&](auto&& f) {
        std::vector<double> v;
        v.reserve(draws.size());
        for (const auto& d : draws) v.push_back(f(d));
        return v;
    };

    for (int t = 0; t < T; ++t) {
        MonthSummary m;
        m.month = month_name(programme, t);
        m.production = summarize(collect([&](const Draw& d) { return d.production[t]; }));
        m.cumulative = summarize(collect([&](const Draw& d) { return d.cumulative[t]; }));
        m.inventory = summarize(collect([&](const Draw& d) { return d.inventory[t]; }));
        m.usage = summarize(collect([&](const Draw& d) { return d.usage[t]; }));
        m.imports = summarize(collect([&](const Draw& d) { return d.imports[t]; }));
        if (std::isfinite(data.launched[t])) m.launched = data.launched[t];
        result.months.push_back(std::move(m));
    }
    result.total = result.months.back().cumulative;
    result.evidence_consistent = true;
    for (const auto& m : result.months) result.evidence_consistent = result.evidence_consistent && m.inventory.median >= 0;

    for (const auto& contract : programme.contracts) {
        ContractProgress cp;
        cp.contract = contract;
        std::vector<double> reached;  // month index, T = not within the range
        int by_due = 0, by_end = 0;
        for (const auto& d : draws) {
            if (cumulative_at(programme, d, contract.due) >= contract.quantity) ++by_due;
            int t = 0;
            while (t < T && d.cumulative[t] < contract.quantity) ++t;
            if (t < T) ++by_end;
            reached.push_back(t);
        }
        const double n = static_cast<double>(draws.size());
        cp.p_by_due = by_due / n;
        cp.p_by_end = by_end / n;
        static const double ps[] = {0.05, 0.5, 0.95};
        const auto q = quantiles(reached, ps);
        auto name = [&](double t) { return t >= T ? std::string() : month_name(programme, static_cast<int>(t)); };
        cp.reached_q05 = name(std::floor(q[0]));
        cp.reached_median = name(std::floor(q[1]));
        cp.reached_q95 = name(std::ceil(q[2]));
        for (int t = 0; t < T; ++t) {
            const double p = static_cast<double>(std::count_if(reached.begin(), reached.end(), [&](double r) { return r <= t; })) / n;
            cp.reached_by_month.push_back({month_name(programme, t), p});
        }
        result.contracts.push_back(std::move(cp));
    }
    for (const auto& date : programme.report_dates) {
        ReportDate rd;
        rd.date = date;
        const auto values = collect([&](const Draw& d) { return cumulative_at(programme, d, date); });
        rd.cumulative = summarize(values);
        for (const auto& contract : programme.contracts) {
            const double p = static_cast<double>(std::count_if(values.begin(), values.end(),
                                                               [&](double v) { return v >= contract.quantity; })) /
                             static_cast<double>(values.size());
            rd.p_at_least.push_back({contract.quantity, p});
        }
        result.report_dates.push_back(std::move(rd));
    }

    std::array<int, SOURCE_CLASSES> per_class{};
    for (const auto& o : data.observations)
        if (o.target != Target::unit_cost) ++per_class[o.source_class];
    for (std::size_t c = 0; c < SOURCE_CLASSES; ++c) {
        SourceSummary s;
        s.source_class = std::string(core::to_string(static_cast<core::SourceClass>(c)));
        s.observations = per_class[c];
        s.bias_percent = summarize(collect([&](const Draw& d) { return 100 * (std::exp(d.bias[c]) - 1); }));
        s.noise = summarize(collect([&](const Draw& d) { return d.noise[c]; }));
        result.sources.push_back(std::move(s));
    }
    result.learning_rate = summarize(collect([](const Draw& d) { return d.learning_rate(); }));
    result.cost_exponent = summarize(collect([](const Draw& d) { return d.cost_exponent; }));
    result.cost_at_reference = summarize(collect([](const Draw& d) { return std::exp(d.cost_log_ref); }));
    const double top = std::max(10.0, result.total.q95);
    for (int i = 0; i <= 24; ++i) {
        const double n = std::exp(std::log(10.0) + (std::log(top) - std::log(10.0)) * i / 24);
        result.cost_curve.push_back(
            {n, summarize(collect([&](const Draw& d) { return d.unit_cost(n, data.priors.cost_ref_quantity); }))});
    }
    result.coverage = summarize(collect([](const Draw& d) { return d.coverage; }));
    for (std::size_t r = 0; r < data.shares.size(); ++r)
        result.shares.push_back(summarize(collect([&](const Draw& d) { return d.share[r]; })));
    for (const auto& o : data.observations)
        result.observation_fit.push_back(summarize(collect([&](const Draw& d) { return observed_quantity(data, o, d); })));

    // Plans and contract figures: the chance the estimate reaches them.
    for (std::size_t i = 0; i < result.evidence.claims.size(); ++i) {
        const auto& c = result.evidence.claims[i];
        if (c.status != "target" || !(c.value > 0)) continue;
        if (!(c.product.empty() || c.product == "geran2")) continue;
        std::vector<std::pair<int, double>> weights;
        for (Month m = Month::of(c.period.first); m <= Month::of(c.period.last); m.index++) {
            const int t = programme.offset(m);
            if (t >= 0 && t < T) weights.push_back({t, 1.0});
        }
        if (weights.empty()) continue;
        const auto rate_target = per_month(c.value, c.unit);
        const bool rate = rate_target.has_value();
        if (!rate && c.unit.find('/') != std::string::npos) continue;  // a rate of something else
        const double target = rate_target.value_or(c.value);
        const auto hits = collect([&](const Draw& d) {
            double q = 0;
            for (auto [t, w] : weights) q += d.production[t];
            if (rate) q /= static_cast<double>(weights.size());
            return q >= target ? 1.0 : 0.0;
        });
        double p = 0;
        for (double h : hits) p += h;
        result.targets.push_back({i, p / static_cast<double>(hits.size())});
    }

    // --- diagnostics -----------------------------------------------------------------------
    auto& dg = result.diagnostics;
    dg.chains = options.chains, dg.warmup = options.warmup, dg.draws = options.draws, dg.seed = options.seed;
    dg.sampling_seconds = seconds;
    for (const auto& c : chains) {
        dg.divergences += c.divergences;
        dg.max_depth_hits += c.max_depth_hits;
        dg.step_size.push_back(c.step_size);
        dg.bfmi.push_back(energy_bfmi(c.energy));
    }
    for (long long e : evaluations) dg.gradient_evaluations += e;
    auto diagnose = [&](const std::string& name, auto&& value_of_draw_index) {
        std::vector<std::vector<double>> per_chain(options.chains);
        for (int c = 0; c < options.chains; ++c)
            for (int i = 0; i < options.draws; ++i) per_chain[c].push_back(value_of_draw_index(c, i));
        const auto conv = convergence(per_chain);
        dg.parameters.push_back({name, conv.rhat, conv.ess_bulk, conv.ess_tail});
    };
    if (options.draws >= 4) {
        for (std::size_t k = 0; k < model.dimension(); ++k)
            diagnose(model.parameter_names()[k], [&](int c, int i) { return chains[c].draw(i)[k]; });
        for (int t = data.production_start; t < T; ++t)
            diagnose("production[" + month_name(programme, t) + "]",
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
    if (options.chains > 1 && dg.max_rhat > RHAT_LIMIT)
        dg.warnings.push_back(fmt::format("R-hat reaches {:.3f} (above {}): the chains disagree; run longer "
                                          "(--warmup/--draws) and read the intervals with care",
                                          dg.max_rhat, RHAT_LIMIT));
    if (dg.min_ess_bulk < ESS_LIMIT || dg.min_ess_tail < ESS_LIMIT)
        dg.warnings.push_back(fmt::format("effective sample size is as low as {:.0f} (bulk) / {:.0f} (tail), below "
                                          "{:.0f}: intervals are rough; run more draws",
                                          dg.min_ess_bulk, dg.min_ess_tail, ESS_LIMIT));
    if (dg.divergences > 0)
        dg.warnings.push_back(fmt::format("{} divergent transitions after warm-up: the posterior may be biased; "
                                          "look for contradictory evidence",
                                          dg.divergences));
    if (dg.max_depth_hits > 0)
        dg.warnings.push_back(fmt::format("{} transitions hit the maximum tree depth: sampling was inefficient",
                                          dg.max_depth_hits));
    for (std::size_t c = 0; c < dg.bfmi.size(); ++c)
        if (dg.bfmi[c] < 0.3)
            dg.warnings.push_back(fmt::format("chain {} has E-BFMI {:.2f} (below 0.3): poor exploration", c + 1, dg.bfmi[c]));
    if (!result.evidence_consistent)
        dg.warnings.push_back("in some months the median inventory is negative: the launch counts exceed what "
                              "production and imports can explain; check the share and coverage priors");
    return result;
}

std::string model_data_json(const ModelData& d) {
    json j;
    j["months"] = d.months;
    j["production_start"] = d.production_start;
    auto series = [](const std::vector<double>& v) {
        json a = json::array();
        for (double x : v) a.push_back(num(x));
        return a;
    };
    j["launched"] = series(d.launched);
    j["product_counted"] = series(d.product_counted);
    j["share_regime"] = d.share_regime;
    json shares = json::array();
    for (const auto& s : d.shares) shares.push_back({{"first", s.first}, {"last", s.last}, {"mean", s.mean}, {"sd", s.sd}});
    j["shares"] = shares;
    json imports = json::array();
    for (const auto& b : d.imports)
        imports.push_back({{"first", b.first}, {"last", b.last}, {"quantity", b.quantity}, {"log_sd", b.log_sd}});
    j["imports"] = imports;
    json obs = json::array();
    for (const auto& o : d.observations) {
        json w = json::array();
        for (auto [t, x] : o.weights) w.push_back({t, x});
        obs.push_back({{"target", static_cast<int>(o.target)},
                       {"form", static_cast<int>(o.form)},
                       {"log_value", o.log_value},
                       {"extra_sd", o.extra_sd},
                       {"source_class", o.source_class},
                       {"month", o.month},
                       {"weights", w}});
    }
    j["observations"] = obs;
    json serials = json::array();
    for (const auto& s : d.serials)
        serials.push_back({{"month", s.month},
                           {"month_fraction", s.month_fraction},
                           {"series_start", s.series_start},
                           {"serial", s.serial},
                           {"earlier", s.earlier}});
    j["serials"] = serials;
    const auto& p = d.priors;
    json noise = json::array(), offset = json::array();
    for (std::size_t c = 0; c < SOURCE_CLASSES; ++c) {
        noise.push_back({{"median", p.noise[c].median}, {"log_sd", p.noise[c].log_sd}});
        offset.push_back(p.bias_offset[c]);
    }
    j["priors"] = {{"initial_log_rate_mean", p.initial_log_rate_mean},
                   {"initial_log_rate_sd", p.initial_log_rate_sd},
                   {"initial_growth_mean", p.initial_growth_mean},
                   {"initial_growth_sd", p.initial_growth_sd},
                   {"level_sd", {{"median", p.level_sd.median}, {"log_sd", p.level_sd.log_sd}}},
                   {"growth_sd", {{"median", p.growth_sd.median}, {"log_sd", p.growth_sd.log_sd}}},
                   {"bias_mean_sd", p.bias_mean_sd},
                   {"bias_spread", {{"median", p.bias_spread.median}, {"log_sd", p.bias_spread.log_sd}}},
                   {"bias_offset", offset},
                   {"noise", noise},
                   {"coverage_mean", p.coverage_mean},
                   {"coverage_sd", p.coverage_sd},
                   {"cost_ref_quantity", p.cost_ref_quantity},
                   {"cost_log_ref_mean", p.cost_log_ref_mean},
                   {"cost_log_ref_sd", p.cost_log_ref_sd},
                   {"cost_exponent_mean", p.cost_exponent_mean},
                   {"cost_exponent_sd", p.cost_exponent_sd},
                   {"cost_noise", {{"median", p.cost_noise.median}, {"log_sd", p.cost_noise.log_sd}}},
                   {"barrier_fraction", p.barrier_fraction},
                   {"barrier_floor", p.barrier_floor},
                   {"rounding_sd", p.rounding_sd}};
    return j.dump(1) + "\n";
}

void write_estimate(const EstimateResult& r, const std::filesystem::path& dir, bool overwrite) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir))
        throw Error(fmt::format("cannot create the folder {}", dir.string()), "check the path and its permissions");
    const auto& p = r.programme;

    json j;
    j["programme"] = {{"name", p.name}, {"product", p.product}, {"file", p.file.string()},
                      {"start", p.first.to_string()}, {"end", p.last.to_string()},
                      {"production_start", p.production_start.to_string()}};
    json inputs = json::array();
    for (const auto& [path, sha] : r.evidence.inputs) inputs.push_back({{"path", path}, {"sha256", sha}});
    j["inputs"] = inputs;
    json months = json::array();
    for (const auto& m : r.months) {
        json e{{"month", m.month},
               {"production", to_json(m.production)},
               {"cumulative", to_json(m.cumulative)},
               {"inventory", to_json(m.inventory)},
               {"usage", to_json(m.usage)},
               {"imports", to_json(m.imports)}};
        e["launched"] = m.launched ? num(*m.launched) : json(nullptr);
        months.push_back(std::move(e));
    }
    j["months"] = months;
    j["total"] = to_json(r.total);
    json dates = json::array();
    for (const auto& d : r.report_dates) {
        json thresholds = json::array();
        for (auto [q, prob] : d.p_at_least) thresholds.push_back({{"at_least", q}, {"probability", prob}});
        dates.push_back({{"date", core::to_iso(d.date)}, {"cumulative", to_json(d.cumulative)}, {"thresholds", thresholds}});
    }
    j["report_dates"] = dates;
    json contracts = json::array();
    for (const auto& c : r.contracts) {
        json by_month = json::array();
        for (const auto& [m, prob] : c.reached_by_month) by_month.push_back({{"month", m}, {"probability", prob}});
        contracts.push_back({{"name", c.contract.name},
                             {"quantity", c.contract.quantity},
                             {"due", core::to_iso(c.contract.due)},
                             {"value_usd", c.contract.value_usd ? json(*c.contract.value_usd) : json(nullptr)},
                             {"p_by_due", c.p_by_due},
                             {"p_by_end", c.p_by_end},
                             {"reached_median", c.reached_median.empty() ? json(nullptr) : json(c.reached_median)},
                             {"reached_q05", c.reached_q05.empty() ? json(nullptr) : json(c.reached_q05)},
                             {"reached_q95", c.reached_q95.empty() ? json(nullptr) : json(c.reached_q95)},
                             {"reached_by_month", by_month}});
    }
    j["contracts"] = contracts;
    json curve = json::array();
    for (const auto& [n, cost] : r.cost_curve) curve.push_back({{"cumulative", n}, {"unit_cost_usd", to_json(cost)}});
    j["learning_curve"] = {{"learning_rate", to_json(r.learning_rate)},
                           {"exponent", to_json(r.cost_exponent)},
                           {"reference_quantity", r.data.priors.cost_ref_quantity},
                           {"cost_at_reference_usd", to_json(r.cost_at_reference)},
                           {"curve", curve}};
    json sources = json::array();
    for (const auto& s : r.sources)
        sources.push_back({{"source_class", s.source_class},
                           {"observations", s.observations},
                           {"bias_percent", to_json(s.bias_percent)},
                           {"noise", to_json(s.noise)}});
    j["sources"] = sources;
    j["coverage"] = to_json(r.coverage);
    json shares = json::array();
    for (std::size_t i = 0; i < r.shares.size(); ++i)
        shares.push_back({{"from", Month{p.first.index + r.data.shares[i].first}.to_string()},
                          {"to", Month{p.first.index + r.data.shares[i].last}.to_string()},
                          {"share", to_json(r.shares[i])}});
    j["launch_shares"] = shares;
    json claims = json::array();
    for (std::size_t i = 0; i < r.evidence.claims.size(); ++i) {
        const auto& c = r.evidence.claims[i];
        json e{{"key", c.key},        {"file", c.file},      {"line", c.line},        {"metric", c.metric},
               {"value", num(c.value)}, {"unit", c.unit},      {"qualifier", std::string(core::to_string(c.qualifier))},
               {"period", core::to_iso(c.period.first) + ".." + core::to_iso(c.period.last)},
               {"source_class", std::string(core::to_string(c.source_class))},
               {"attribution", c.attribution}, {"origin", c.origin}, {"url", c.url}, {"status", c.status}};
        if (c.observation >= 0) e["model"] = to_json(r.observation_fit[c.observation]);
        for (const auto& t : r.targets)
            if (t.claim == i) e["p_met"] = t.p_met;
        if (c.review)
            e["review"] = {{"id", c.review->id}, {"action", std::string(core::to_string(c.review->action))},
                           {"who", c.review->who}, {"at", c.review->at}};
        claims.push_back(std::move(e));
    }
    j["claims"] = claims;
    const auto& dg = r.diagnostics;
    json params = json::array();
    for (const auto& q : dg.parameters)
        params.push_back({{"name", q.name}, {"rhat", num(q.rhat)}, {"ess_bulk", num(q.ess_bulk)}, {"ess_tail", num(q.ess_tail)}});
    j["diagnostics"] = {{"chains", dg.chains},
                        {"warmup", dg.warmup},
                        {"draws", dg.draws},
                        {"seed", dg.seed},
                        {"divergences", dg.divergences},
                        {"max_tree_depth_hits", dg.max_depth_hits},
                        {"max_rhat", num(dg.max_rhat)},
                        {"min_ess_bulk", num(dg.min_ess_bulk)},
                        {"min_ess_tail", num(dg.min_ess_tail)},
                        {"step_size", dg.step_size},
                        {"e_bfmi", dg.bfmi},
                        {"gradient_evaluations", dg.gradient_evaluations},
                        {"evidence_consistent", r.evidence_consistent},
                        {"warnings", dg.warnings},
                        {"parameters", params}};
    // Sampling time is left out on purpose: a fixed seed must give byte-identical files.
    core::write_file_atomically(dir / "estimate.json", j.dump(1) + "\n", overwrite);

    std::string csv = "month,launched,production_median,production_q05,production_q25,production_q75,production_q95,"
                      "cumulative_median,cumulative_q05,cumulative_q25,cumulative_q75,cumulative_q95,"
                      "inventory_median,inventory_q05,inventory_q95,usage_median,usage_q05,usage_q95,imports_median\n";
    for (const auto& m : r.months) {
        auto i5 = [](const Interval& i) {
            return fmt::format("{},{},{},{},{}", csv_number(i.median), csv_number(i.q05), csv_number(i.q25),
                               csv_number(i.q75), csv_number(i.q95));
        };
        csv += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", m.month, m.launched ? csv_number(*m.launched) : "",
                           i5(m.production), i5(m.cumulative), csv_number(m.inventory.median),
                           csv_number(m.inventory.q05), csv_number(m.inventory.q95), csv_number(m.usage.median),
                           csv_number(m.usage.q05), csv_number(m.usage.q95), csv_number(m.imports.median));
    }
    core::write_file_atomically(dir / "production.csv", csv, overwrite);

    csv = "contract,quantity,due,p_by_due,p_by_end,reached_median,reached_q05,reached_q95\n";
    for (const auto& c : r.contracts)
        csv += fmt::format("{},{},{},{:.4f},{:.4f},{},{},{}\n", csv_quote(c.contract.name), csv_number(c.contract.quantity),
                           core::to_iso(c.contract.due), c.p_by_due, c.p_by_end, c.reached_median, c.reached_q05,
                           c.reached_q95);
    core::write_file_atomically(dir / "contracts.csv", csv, overwrite);

    csv = "source_class,observations,bias_percent_median,bias_percent_q05,bias_percent_q95,noise_median,noise_q05,"
          "noise_q95\n";
    for (const auto& s : r.sources)
        csv += fmt::format("{},{},{},{},{},{},{},{}\n", s.source_class, s.observations, csv_number(s.bias_percent.median),
                           csv_number(s.bias_percent.q05), csv_number(s.bias_percent.q95), csv_number(s.noise.median),
                           csv_number(s.noise.q05), csv_number(s.noise.q95));
    core::write_file_atomically(dir / "sources.csv", csv, overwrite);

    csv = "cumulative_units,unit_cost_median,unit_cost_q05,unit_cost_q25,unit_cost_q75,unit_cost_q95\n";
    for (const auto& [n, c] : r.cost_curve)
        csv += fmt::format("{},{},{},{},{},{}\n", csv_number(n), csv_number(c.median), csv_number(c.q05),
                           csv_number(c.q25), csv_number(c.q75), csv_number(c.q95));
    core::write_file_atomically(dir / "learning_curve.csv", csv, overwrite);

    csv = "key,file,line,metric,value,unit,qualifier,period_start,period_end,source_class,origin,status,model_median,"
          "model_q05,model_q95,p_met,review,reviewed_by,reviewed_at\n";
    for (std::size_t i = 0; i < r.evidence.claims.size(); ++i) {
        const auto& c = r.evidence.claims[i];
        std::string fit = ",,";
        if (c.observation >= 0) {
            const auto& f = r.observation_fit[c.observation];
            fit = fmt::format("{},{},{}", csv_number(f.median), csv_number(f.q05), csv_number(f.q95));
        }
        std::string p_met;
        for (const auto& t : r.targets)
            if (t.claim == i) p_met = fmt::format("{:.4f}", t.p_met);
        std::string review = ",,";
        if (c.review)
            review = fmt::format("{},{},{}", core::to_string(c.review->action), csv_quote(c.review->who), c.review->at);
        csv += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_quote(c.key), csv_quote(c.file), c.line,
                           c.metric, csv_number(c.value), csv_quote(c.unit), core::to_string(c.qualifier),
                           core::to_iso(c.period.first), core::to_iso(c.period.last), core::to_string(c.source_class),
                           csv_quote(c.origin), csv_quote(c.status), fit, p_met, review);
    }
    core::write_file_atomically(dir / "claims.csv", csv, overwrite);

    csv = "parameter,rhat,ess_bulk,ess_tail\n";
    for (const auto& q : dg.parameters)
        csv += fmt::format("{},{},{},{}\n", csv_quote(q.name), csv_number(q.rhat), csv_number(q.ess_bulk),
                           csv_number(q.ess_tail));
    core::write_file_atomically(dir / "diagnostics.csv", csv, overwrite);
    core::write_file_atomically(dir / "summary.txt", summary_text(r), overwrite);
}

std::string summary_text(const EstimateResult& r) {
    const auto& p = r.programme;
    std::string s;
    auto round = [](double x) {
        const double a = std::fabs(x);
        if (a >= 1000) return fmt::format("{:.0f}", std::round(x / 10) * 10);
        if (a >= 100) return fmt::format("{:.0f}", x);
        return fmt::format("{:.3g}", x);
    };
    auto interval = [&](const Interval& i) {
        return fmt::format("{} (50%: {}–{}; 90%: {}–{})", round(i.median), round(i.q25), round(i.q75), round(i.q05),
                           round(i.q95));
    };
    s += fmt::format("{} — {} from {} to {}\n\n", p.name, p.product, p.first.to_string(), p.last.to_string());
    s += "Production per month (median, 90% interval):\n";
    for (std::size_t t = static_cast<std::size_t>(r.data.production_start); t < r.months.size(); ++t) {
        const auto& m = r.months[t];
        s += fmt::format("  {}  {:>8}  [{:>8} – {:>8}]{}\n", m.month, round(m.production.median), round(m.production.q05),
                         round(m.production.q95),
                         m.launched ? fmt::format("   launched {:.0f}", *m.launched) : std::string());
    }
    s += fmt::format("\nTotal produced by {}: {}\n", p.last.to_string(), interval(r.total));
    for (const auto& d : r.report_dates) {
        s += fmt::format("Total produced by {}: {}\n", core::to_iso(d.date), interval(d.cumulative));
        for (auto [q, prob] : d.p_at_least)
            s += fmt::format("  probability that {} had been reached: {:.0f}%\n", round(q), 100 * prob);
    }
    for (const auto& c : r.contracts)
        s += fmt::format("Contract '{}': {} by {}: probability {:.0f}% by the due date; reached (median) {} "
                         "(90%: {} – {})\n",
                         c.contract.name, round(c.contract.quantity), core::to_iso(c.contract.due), 100 * c.p_by_due,
                         c.reached_median.empty() ? "after " + p.last.to_string() : c.reached_median,
                         c.reached_q05.empty() ? "after the range" : c.reached_q05,
                         c.reached_q95.empty() ? "after the range" : c.reached_q95);
    s += fmt::format("\nLearning rate (unit cost fall per doubling of output): {:.0f}% (90%: {:.0f}–{:.0f}%)\n",
                     100 * r.learning_rate.median, 100 * r.learning_rate.q05, 100 * r.learning_rate.q95);
    s += fmt::format("Unit cost at {} units: {} USD\n", round(r.data.priors.cost_ref_quantity),
                     interval(r.cost_at_reference));
    s += fmt::format("Launch counts cover {:.0f}% of launches (90%: {:.0f}–{:.0f}%)\n", 100 * r.coverage.median,
                     100 * r.coverage.q05, 100 * r.coverage.q95);
    s += "\nSource classes (how far above the truth they report; noise on the log scale):\n";
    for (const auto& c : r.sources)
        s += fmt::format("  {:<13} {:>2} obs.  bias {:+.0f}% (90%: {:+.0f} to {:+.0f}%)  noise {:.2f}\n", c.source_class,
                         c.observations, c.bias_percent.median, c.bias_percent.q05, c.bias_percent.q95, c.noise.median);
    int observations = 0, relays = 0, targets = 0, aside = 0;
    for (const auto& c : r.evidence.claims) {
        if (c.status == "observation") ++observations;
        else if (c.status.starts_with("relay")) ++relays;
        else if (c.status == "target") ++targets;
        else ++aside;
    }
    s += fmt::format("\nEvidence: {} claims used, {} relays counted once, {} targets, {} set aside; {} serials; {} "
                     "months of launch counts\n",
                     observations, relays, targets, aside, r.data.serials.size(),
                     std::count_if(r.data.launched.begin(), r.data.launched.end(), [](double v) { return std::isfinite(v); }));
    s += fmt::format("Hard evidence: production + imports {} the product's launches in every month (median draw)\n",
                     r.evidence_consistent ? "cover" : "do NOT cover");
    const auto& dg = r.diagnostics;
    s += fmt::format("\nSampler: {} chains × {} draws (seed {}), max R-hat {:.3f}, min ESS {:.0f} bulk / {:.0f} tail, "
                     "{} divergences\n",
                     dg.chains, dg.draws, dg.seed, dg.max_rhat, dg.min_ess_bulk, dg.min_ess_tail, dg.divergences);
    for (const auto& w : dg.warnings) s += "WARNING: " + w + "\n";
    return s;
}

}  // namespace reckon::estimate
