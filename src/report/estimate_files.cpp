// Writing an estimate's files (estimate.json and the CSVs), its summary and its model data;
// see estimate_files.hpp and docs/report.md.
#include "reckon/report/estimate_files.hpp"

#include <fmt/core.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "reckon/core/atomic_file.hpp"
#include "reckon/core/claim_format.hpp"
#include "reckon/core/error.hpp"
#include "report_files.hpp"

namespace reckon::report {
namespace {

using json = nlohmann::ordered_json;  // NOLINT(readability-identifier-naming): nlohmann's own name
using estimate::Interval;

json num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

json to_json(const Interval& i) {
    return json{{"median", num(i.median)}, {"q05", num(i.q05)}, {"q25", num(i.q25)},
                {"q75", num(i.q75)},       {"q95", num(i.q95)}, {"mean", num(i.mean)}};
}

std::string csv_number(double x) { return std::isfinite(x) ? fmt::format("{:.6g}", x) : ""; }

json month_or_null(const std::optional<core::Month>& m) { return m ? json(m->to_string()) : json(nullptr); }

std::string month_or_empty(const std::optional<core::Month>& m) { return m ? m->to_string() : std::string(); }

// estimate.json, in the order its sections are written: the programme and production per
// month; contracts, the learning curve, sources and launch shares; the claims; the sampler.
void add_programme_and_months(json& j, const estimate::EstimateResult& r) {
    const auto& p = r.programme;
    j["programme"] = {{"name", p.name},
                      {"product", p.product},
                      {"file", p.file.string()},
                      {"start", p.first.to_string()},
                      {"end", p.last.to_string()},
                      {"production_start", p.production_start.to_string()}};
    json inputs = json::array();
    for (const auto& [path, sha] : r.evidence.inputs) inputs.push_back({{"path", path}, {"sha256", sha}});
    j["inputs"] = inputs;
    json months = json::array();
    for (const auto& m : r.months) {
        json e{{"month", m.month.to_string()},        {"production", to_json(m.production)},
               {"cumulative", to_json(m.cumulative)}, {"inventory", to_json(m.inventory)},
               {"usage", to_json(m.usage)},           {"imports", to_json(m.imports)}};
        e["launched"] = m.launched ? num(*m.launched) : json(nullptr);
        months.push_back(std::move(e));
    }
    j["months"] = months;
    j["total"] = to_json(r.total);
    json dates = json::array();
    for (const auto& d : r.report_dates) {
        json thresholds = json::array();
        for (auto [q, prob] : d.p_at_least) thresholds.push_back({{"at_least", q}, {"probability", prob}});
        dates.push_back({{"date", core::to_iso(d.date)},
                         {"cumulative", to_json(d.cumulative)},
                         {"thresholds", thresholds}});
    }
    j["report_dates"] = dates;
}

void add_contracts_and_curve(json& j, const estimate::EstimateResult& r) {
    const auto& p = r.programme;
    json contracts = json::array();
    for (const auto& c : r.contracts) {
        json by_month = json::array();
        for (const auto& [m, prob] : c.reached_by_month)
            by_month.push_back({{"month", m.to_string()}, {"probability", prob}});
        contracts.push_back(
            {{"name", c.contract.name},
             {"quantity", c.contract.quantity},
             {"due", core::to_iso(c.contract.due)},
             {"value_usd", c.contract.value_usd ? json(*c.contract.value_usd) : json(nullptr)},
             {"p_by_due", c.p_by_due},
             {"p_by_end", c.p_by_end},
             {"reached_median", month_or_null(c.reached_median)},
             {"reached_q05", month_or_null(c.reached_q05)},
             {"reached_q95", month_or_null(c.reached_q95)},
             {"reached_by_month", by_month}});
    }
    j["contracts"] = contracts;
    json curve = json::array();
    for (const auto& [n, cost] : r.cost_curve)
        curve.push_back({{"cumulative", n}, {"unit_cost_usd", to_json(cost)}});
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
        shares.push_back({{"from", core::Month{p.first.index + r.data.shares[i].first}.to_string()},
                          {"to", core::Month{p.first.index + r.data.shares[i].last}.to_string()},
                          {"share", to_json(r.shares[i])}});
    j["launch_shares"] = shares;
}

void add_claims(json& j, const estimate::EstimateResult& r) {
    json claims = json::array();
    for (std::size_t i = 0; i < r.evidence.claims.size(); ++i) {
        const auto& c = r.evidence.claims[i];
        json e{{"key", c.key},
               {"file", c.file},
               {"line", c.line},
               {"metric", c.metric},
               {"value", num(c.value)},
               {"unit", c.unit},
               {"qualifier", std::string(core::to_string(c.qualifier))},
               {"period", core::to_iso(c.period.first) + ".." + core::to_iso(c.period.last)},
               {"source_class", std::string(core::to_string(c.source_class))},
               {"attribution", c.attribution},
               {"origin", c.origin},
               {"url", c.url},
               {"status", c.status_text()}};
        if (c.observation >= 0) e["model"] = to_json(r.observation_fit[c.observation]);
        for (const auto& t : r.targets)
            if (t.claim == i) e["p_met"] = t.p_met;
        if (c.review)
            e["review"] = {{"id", c.review->id},
                           {"action", std::string(core::to_string(c.review->action))},
                           {"who", c.review->who},
                           {"at", c.review->at}};
        claims.push_back(std::move(e));
    }
    j["claims"] = claims;
}

void add_diagnostics(json& j, const estimate::EstimateResult& r) {
    const auto& dg = r.diagnostics;
    json params = json::array();
    for (const auto& q : dg.parameters)
        params.push_back({{"name", q.name},
                          {"rhat", num(q.rhat)},
                          {"ess_bulk", num(q.ess_bulk)},
                          {"ess_tail", num(q.ess_tail)}});
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
}

}  // namespace

std::string model_data_json(const estimate::ModelData& d) {
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
    for (const auto& s : d.shares)
        shares.push_back({{"first", s.first}, {"last", s.last}, {"mean", s.mean}, {"sd", s.sd}});
    j["shares"] = shares;
    json imports = json::array();
    for (const auto& b : d.imports)
        imports.push_back(
            {{"first", b.first}, {"last", b.last}, {"quantity", b.quantity}, {"log_sd", b.log_sd}});
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
    // The model's own settings, so that a reimplementation (bench/stan) needs no defaults of
    // its own.
    j["use_ratio_mean"] = d.use_ratio_mean;
    j["use_ratio_sd"] = d.use_ratio_sd;
    j["use_window_sd"] = d.use_window_sd;
    j["use_window_months"] = d.use_window_months;
    j["level_shock_df"] = d.level_shock_df;
    j["trend_damping"] = d.trend_damping;
    const auto& p = d.priors;
    json noise = json::array();
    json offset = json::array();
    for (std::size_t c = 0; c < estimate::SOURCE_CLASSES; ++c) {
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

void check_estimate_folder(const std::filesystem::path& dir, bool overwrite) {
    detail::check_folder(dir, detail::ESTIMATE_FILE_COUNT, overwrite);
}

void write_estimate(const estimate::EstimateResult& r, const std::filesystem::path& dir, bool overwrite) {
    check_estimate_folder(dir, overwrite);
    core::FileSet files(overwrite);
    stage_estimate(files, r, dir);
    files.commit();
}

void stage_estimate(core::FileSet& files, const estimate::EstimateResult& r,
                    const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir))
        throw Error(fmt::format("cannot create the folder {}", dir.string()),
                    "check the path and its permissions");
    json j;
    add_programme_and_months(j, r);
    add_contracts_and_curve(j, r);
    add_claims(j, r);
    add_diagnostics(j, r);
    // Sampling time is left out on purpose: a fixed seed must give byte-identical files.
    files.stage(dir / "estimate.json", j.dump(1) + "\n");

    std::string csv =
        "month,launched,production_median,production_q05,production_q25,production_q75,production_q95,"
        "cumulative_median,cumulative_q05,cumulative_q25,cumulative_q75,cumulative_q95,"
        "inventory_median,inventory_q05,inventory_q95,usage_median,usage_q05,usage_q95,imports_median\n";
    for (const auto& m : r.months) {
        auto i5 = [](const Interval& i) {
            return fmt::format("{},{},{},{},{}", csv_number(i.median), csv_number(i.q05), csv_number(i.q25),
                               csv_number(i.q75), csv_number(i.q95));
        };
        csv += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", m.month.to_string(),
                           m.launched ? csv_number(*m.launched) : "", i5(m.production), i5(m.cumulative),
                           csv_number(m.inventory.median), csv_number(m.inventory.q05),
                           csv_number(m.inventory.q95), csv_number(m.usage.median), csv_number(m.usage.q05),
                           csv_number(m.usage.q95), csv_number(m.imports.median));
    }
    files.stage(dir / "production.csv", csv);

    csv = "contract,quantity,due,p_by_due,p_by_end,reached_median,reached_q05,reached_q95\n";
    for (const auto& c : r.contracts)
        csv += fmt::format("{},{},{},{:.4f},{:.4f},{},{},{}\n", core::csv_field(c.contract.name),
                           csv_number(c.contract.quantity), core::to_iso(c.contract.due), c.p_by_due,
                           c.p_by_end, month_or_empty(c.reached_median), month_or_empty(c.reached_q05),
                           month_or_empty(c.reached_q95));
    files.stage(dir / "contracts.csv", csv);

    csv =
        "source_class,observations,bias_percent_median,bias_percent_q05,bias_percent_q95,noise_median,noise_"
        "q05,"
        "noise_q95\n";
    for (const auto& s : r.sources)
        csv += fmt::format("{},{},{},{},{},{},{},{}\n", s.source_class, s.observations,
                           csv_number(s.bias_percent.median), csv_number(s.bias_percent.q05),
                           csv_number(s.bias_percent.q95), csv_number(s.noise.median),
                           csv_number(s.noise.q05), csv_number(s.noise.q95));
    files.stage(dir / "sources.csv", csv);

    csv = "cumulative_units,unit_cost_median,unit_cost_q05,unit_cost_q25,unit_cost_q75,unit_cost_q95\n";
    for (const auto& [n, c] : r.cost_curve)
        csv += fmt::format("{},{},{},{},{},{}\n", csv_number(n), csv_number(c.median), csv_number(c.q05),
                           csv_number(c.q25), csv_number(c.q75), csv_number(c.q95));
    files.stage(dir / "learning_curve.csv", csv);

    csv =
        "key,file,line,metric,value,unit,qualifier,period_start,period_end,source_class,origin,status,model_"
        "median,"
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
            review = fmt::format("{},{},{}", core::to_string(c.review->action),
                                 core::csv_field(c.review->who), c.review->at);
        csv += fmt::format(
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", core::csv_field(c.key), core::csv_field(c.file),
            c.line, c.metric, csv_number(c.value), core::csv_field(c.unit), core::to_string(c.qualifier),
            core::to_iso(c.period.first), core::to_iso(c.period.last), core::to_string(c.source_class),
            core::csv_field(c.origin), core::csv_field(c.status_text()), fit, p_met, review);
    }
    files.stage(dir / "claims.csv", csv);

    csv = "parameter,rhat,ess_bulk,ess_tail\n";
    for (const auto& q : r.diagnostics.parameters)
        csv += fmt::format("{},{},{},{}\n", core::csv_field(q.name), csv_number(q.rhat),
                           csv_number(q.ess_bulk), csv_number(q.ess_tail));
    files.stage(dir / "diagnostics.csv", csv);
    files.stage(dir / "summary.txt", summary_text(r));
}

std::string summary_text(const estimate::EstimateResult& r) {
    const auto& p = r.programme;
    std::string s;
    auto round = [](double x) {
        const double a = std::fabs(x);
        if (a >= 1000) return fmt::format("{:.0f}", std::round(x / 10) * 10);
        if (a >= 100) return fmt::format("{:.0f}", x);
        return fmt::format("{:.3g}", x);
    };
    auto interval = [&](const Interval& i) {
        return fmt::format("{} (50%: {}–{}; 90%: {}–{})", round(i.median), round(i.q25), round(i.q75),
                           round(i.q05), round(i.q95));
    };
    s += fmt::format("{} — {} from {} to {}\n\n", p.name, p.product, p.first.to_string(), p.last.to_string());
    s += "Production per month (median, 90% interval):\n";
    for (auto t = static_cast<std::size_t>(r.data.production_start); t < r.months.size(); ++t) {
        const auto& m = r.months[t];
        s += fmt::format("  {}  {:>8}  [{:>8} – {:>8}]{}\n", m.month.to_string(), round(m.production.median),
                         round(m.production.q05), round(m.production.q95),
                         m.launched ? fmt::format("   launched {:.0f}", *m.launched) : std::string());
    }
    s += fmt::format("\nTotal produced by {}: {}\n", p.last.to_string(), interval(r.total));
    for (const auto& d : r.report_dates) {
        s += fmt::format("Total produced by {}: {}\n", core::to_iso(d.date), interval(d.cumulative));
        for (auto [q, prob] : d.p_at_least)
            s += fmt::format("  probability that {} had been reached: {:.0f}%\n", round(q), 100 * prob);
    }
    for (const auto& c : r.contracts)
        s += fmt::format(
            "Contract '{}': {} by {}: probability {:.0f}% by the due date; reached (median) {} "
            "(90%: {} – {})\n",
            c.contract.name, round(c.contract.quantity), core::to_iso(c.contract.due), 100 * c.p_by_due,
            c.reached_median ? c.reached_median->to_string() : "after " + p.last.to_string(),
            c.reached_q05 ? c.reached_q05->to_string() : "after the range",
            c.reached_q95 ? c.reached_q95->to_string() : "after the range");
    s += fmt::format(
        "\nLearning rate (unit cost fall per doubling of output): {:.0f}% (90%: {:.0f}–{:.0f}%)\n",
        100 * r.learning_rate.median, 100 * r.learning_rate.q05, 100 * r.learning_rate.q95);
    s += fmt::format("Unit cost at {} units: {} USD\n", round(r.data.priors.cost_ref_quantity),
                     interval(r.cost_at_reference));
    const auto launch_months = std::count_if(r.data.launched.begin(), r.data.launched.end(),
                                             [](double v) { return std::isfinite(v); });
    // Without launch counts the coverage and the stock check are only the prior: not said.
    if (launch_months > 0)
        s += fmt::format("Launch counts cover {:.0f}% of launches (90%: {:.0f}–{:.0f}%)\n",
                         100 * r.coverage.median, 100 * r.coverage.q05, 100 * r.coverage.q95);
    s += "\nSource classes (how far above the truth they report; noise on the log scale):\n";
    for (const auto& c : r.sources)
        s += fmt::format("  {:<13} {:>2} obs.  bias {:+.0f}% (90%: {:+.0f} to {:+.0f}%)  noise {:.2f}\n",
                         c.source_class, c.observations, c.bias_percent.median, c.bias_percent.q05,
                         c.bias_percent.q95, c.noise.median);
    int observations = 0;
    int relays = 0;
    int targets = 0;
    int aside = 0;
    for (const auto& c : r.evidence.claims) {
        if (c.status == evidence::ClaimStatus::observation)
            ++observations;
        else if (c.status == evidence::ClaimStatus::relay)
            ++relays;
        else if (c.status == evidence::ClaimStatus::target)
            ++targets;
        else
            ++aside;
    }
    s += fmt::format(
        "\nEvidence: {} claims used, {} relays counted once, {} targets, {} set aside; {} serials; {} "
        "months of launch counts\n",
        observations, relays, targets, aside, r.data.serials.size(), launch_months);
    if (launch_months > 0)
        s += fmt::format(
            "Hard evidence: production + imports {} the product's launches in every month (median draw)\n",
            r.evidence_consistent ? "cover" : "do NOT cover");
    else
        s += "Hard evidence: no launch counts, so nothing checks production against use\n";
    const auto& dg = r.diagnostics;
    s += fmt::format(
        "\nSampler: {} chains × {} draws (seed {}), max R-hat {:.3f}, min ESS {:.0f} bulk / {:.0f} tail, "
        "{} divergences\n",
        dg.chains, dg.draws, dg.seed, dg.max_rhat, dg.min_ess_bulk, dg.min_ess_tail, dg.divergences);
    for (const auto& w : dg.warnings) s += "WARNING: " + w + "\n";
    return s;
}

}  // namespace reckon::report
