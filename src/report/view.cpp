// Building the view JSON (Contract 2 of docs/report.md) from an estimate and its evidence: each
// extracted claim's document, each claim's review history and the flights come with the evidence.
#include "reckon/report/view.hpp"

#include <fmt/core.h>

#include <cmath>
#include <filesystem>
#include <map>

#include "reckon/core/error.hpp"
#include "report_files.hpp"

namespace reckon::report {

using nlohmann::json;

namespace {

json interval(const estimate::Interval& i) {
    return {{"median", finite_or_null(i.median)},
            {"q05", finite_or_null(i.q05)},
            {"q25", finite_or_null(i.q25)},
            {"q75", finite_or_null(i.q75)},
            {"q95", finite_or_null(i.q95)}};
}

json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json date_or_null(const core::Date& d) { return d.ok() ? json(core::to_iso(d)) : json(nullptr); }

json month_or_null(const std::optional<core::Month>& m) { return m ? json(m->to_string()) : json(nullptr); }

json document_json(const core::DocumentInfo& d) {
    return {{"title", text_or_null(d.title)},
            {"url", text_or_null(d.url)},
            {"path", text_or_null(d.path)},
            {"sha256", d.sha256}};
}

// A claim states the contract when it is a contract or plan figure of the product with the
// contract's quantity (to 1%), or a contract value within 10% of its value. The programme file
// names no claim, so this match by figure is the best link there is; docs/report.md says so.
bool states_contract(const evidence::EvidenceClaim& c, const evidence::Contract& k,
                     const evidence::Programme& p) {
    if (p.role_of(c.product) != evidence::ProductRole::own) return false;
    auto near = [](double a, double b, double rel) { return b > 0 && std::abs(a - b) <= rel * b; };
    if ((c.metric == "contract_quantity" || c.metric == "plan") && c.unit == "unit")
        return near(c.value, k.quantity, 0.01);
    if (c.metric == "contract_value" && c.unit == "USD" && k.value_usd)
        return near(c.value, *k.value_usd, 0.10);
    return false;
}

json programme_json(const evidence::Programme& p) {
    return {{"name", p.name},
            {"product", p.product},
            {"file", p.file.string()},
            {"start", p.first.to_string()},
            {"end", p.last.to_string()},
            {"production_start", p.production_start.to_string()},
            {"producers", p.producers}};
}

json estimate_json(const estimate::EstimateResult& r) {
    const auto& d = r.diagnostics;
    return {{"seed", d.seed},
            {"chains", d.chains},
            {"warmup", d.warmup},
            {"draws", d.draws},
            {"divergences", d.divergences},
            {"max_rhat", finite_or_null(d.max_rhat)},
            {"min_ess_bulk", finite_or_null(d.min_ess_bulk)},
            {"warnings", d.warnings},
            {"total", interval(r.total)},
            {"learning_rate", interval(r.learning_rate)},
            {"evidence_consistent", r.evidence_consistent}};
}

json months_json(const estimate::EstimateResult& r) {
    std::map<core::Month, const evidence::LaunchMonth*> launches;
    for (const auto& l : r.evidence.launches) launches[l.month] = &l;
    const auto rows_file = launch_rows_file(r);
    json months = json::array();
    for (const auto& m : r.months) {
        json e{{"month", m.month.to_string()},
               {"production", interval(m.production)},
               {"cumulative", interval(m.cumulative)},
               {"usage", interval(m.usage)},
               {"imports", interval(m.imports)},
               {"launched", finite_or_null(m.launched)},
               {"launch_rows", nullptr}};
        if (auto it = launches.find(m.month); it != launches.end() && !it->second->lines.empty()) {
            // In a report the rows' file is the copy beside the page; otherwise its own name.
            const std::string file =
                rows_file ? *rows_file : std::filesystem::path(it->second->file).filename().string();
            e["launch_rows"] = {{"file", file}, {"lines", it->second->lines}};
        }
        months.push_back(std::move(e));
    }
    return months;
}

json contracts_json(const estimate::EstimateResult& r) {
    json out = json::array();
    for (const auto& c : r.contracts) {
        json keys = json::array();
        for (const auto& claim : r.evidence.claims)
            if (states_contract(claim, c.contract, r.programme)) keys.push_back(claim.key);
        out.push_back({{"name", c.contract.name},
                       {"quantity", finite_or_null(c.contract.quantity)},
                       // Cumulative output is counted from the start of the programme's range.
                       {"start", core::to_iso(r.programme.first.first_day())},
                       {"due", core::to_iso(c.contract.due)},
                       {"value_usd", finite_or_null(c.contract.value_usd)},
                       {"source", c.contract.source},
                       {"p_by_due", finite_or_null(c.p_by_due)},
                       {"p_by_end", finite_or_null(c.p_by_end)},
                       {"reached_median", month_or_null(c.reached_median)},
                       {"reached_q05", month_or_null(c.reached_q05)},
                       {"reached_q95", month_or_null(c.reached_q95)},
                       {"claim_keys", keys}});
    }
    return out;
}

json claims_json(const estimate::EstimateResult& r, const std::vector<core::Review>* reviews) {
    std::map<std::string, std::vector<const core::Review*>> newer;  // the store's history, when given
    if (reviews)
        for (const auto& rv : *reviews) newer[rv.claim_key].push_back(&rv);
    json out = json::array();
    for (std::size_t i = 0; i < r.evidence.claims.size(); ++i) {
        const auto& c = r.evidence.claims[i];
        json e{
            {"key", c.key},
            {"metric", c.metric},
            {"product", c.product},
            {"value", finite_or_null(c.value)},
            {"low", finite_or_null(c.low)},
            {"high", finite_or_null(c.high)},
            {"unit", c.unit},
            {"qualifier", std::string(core::to_string(c.qualifier))},
            {"period_start", date_or_null(c.period.first)},
            {"period_end", date_or_null(c.period.last)},
            {"monthly", finite_or_null(evidence::per_month(c.value, c.unit))},
            {"monthly_low", c.low ? finite_or_null(evidence::per_month(*c.low, c.unit)) : json(nullptr)},
            {"monthly_high", c.high ? finite_or_null(evidence::per_month(*c.high, c.unit)) : json(nullptr)},
            {"source_class", std::string(core::to_string(c.source_class))},
            {"attribution", c.attribution},
            {"origin", c.origin},
            {"reported", date_or_null(c.reported)},
            {"status", c.status_text()},
            {"used", c.used()},
            {"sentence", c.sentence},
            {"url", text_or_null(c.url)},
            {"document", nullptr},
            {"file", nullptr},
            {"line", nullptr},
            {"fit", nullptr},
            {"p_met", nullptr},
            {"review", c.review ? review_json(*c.review) : json(nullptr)},
            {"history", json::array()}};
        if (c.from_document()) {
            if (const auto* d = r.evidence.document(c.document))
                e["document"] = document_json(*d);
            else
                e["document"] = {
                    {"title", nullptr}, {"url", nullptr}, {"path", c.file}, {"sha256", c.document}};
        } else {
            e["file"] = c.file;
            e["line"] = c.line;
            if (!c.url.empty())
                e["document"] = {{"title", nullptr}, {"url", c.url}, {"path", nullptr}, {"sha256", nullptr}};
        }
        if (c.observation >= 0 && static_cast<std::size_t>(c.observation) < r.observation_fit.size())
            e["fit"] = interval(r.observation_fit[static_cast<std::size_t>(c.observation)]);
        for (const auto& t : r.targets)
            if (t.claim == i) e["p_met"] = finite_or_null(t.p_met);
        if (reviews) {
            if (auto it = newer.find(c.key); it != newer.end())
                for (const auto* rv : it->second) e["history"].push_back(review_json(*rv));
        } else {
            for (const auto& rv : c.history) e["history"].push_back(review_json(rv));
        }
        out.push_back(std::move(e));
    }
    return out;
}

json flights_json(const estimate::EstimateResult& r) {
    json out = json::array();
    for (const auto& f : r.evidence.flights) {
        json e{{"date", f.date ? json(core::to_iso(*f.date)) : json(nullptr)},
               {"from", f.from},
               {"to", f.to},
               {"from_country", f.from_country},
               {"to_country", f.to_country},
               {"aircraft_type", f.aircraft_type},
               {"operator", f.operator_name},
               {"registration", f.registration},
               {"callsign", f.callsign},
               {"icao24", f.icao24},
               {"rule", f.rule},
               {"departure_time", text_or_null(f.departure_time)},
               {"arrival_time", text_or_null(f.arrival_time)},
               {"source", std::string(evidence::to_string(f.source))},
               {"attribution", f.attribution},
               {"sentence", f.sentence},
               {"document", nullptr}};
        if (f.from_position)
            e["from_lat"] = f.from_position->lat_deg, e["from_lon"] = f.from_position->lon_deg;
        if (f.to_position) e["to_lat"] = f.to_position->lat_deg, e["to_lon"] = f.to_position->lon_deg;
        if (const auto* d = r.evidence.document(f.document)) e["document"] = document_json(*d);
        out.push_back(std::move(e));
    }
    return out;
}

json files_json(const estimate::EstimateResult& r) {
    json files = json::object();
    for (const auto& f : detail::REPORT_FILES) files[std::string(f.role)] = f.name;
    if (auto name = launch_rows_file(r)) files["launches_csv"] = *name;
    return files;
}

}  // namespace

json finite_or_null(std::optional<double> value) {
    return value && std::isfinite(*value) ? json(*value) : json(nullptr);
}

std::optional<std::string> launch_rows_file(const estimate::EstimateResult& result) {
    if (!result.programme.launches) return std::nullopt;
    const std::string name = result.programme.launches->file.filename().string();
    if (name.empty() || name[0] == '.') return std::nullopt;
    for (const auto& f : detail::REPORT_FILES)
        if (f.name == name) return std::nullopt;
    for (const auto& other : detail::OTHER_NAMES)
        if (other == name) return std::nullopt;
    return name;
}

json build_view(const estimate::EstimateResult& result, std::string_view mode, const ViewOptions& options) {
    if (mode != "report" && mode != "live")
        throw Error(fmt::format("unknown view mode '{}'", mode), "use \"report\" or \"live\"");
    json view;
    view["reckon_view"] = VIEW_VERSION;
    view["mode"] = std::string(mode);
    view["generated_at"] = options.now ? options.now() : store::utc_now_iso();
    view["programme"] = programme_json(result.programme);
    view["estimate"] = estimate_json(result);
    view["months"] = months_json(result);
    view["contracts"] = contracts_json(result);
    json curve = json::array();
    for (const auto& [units, cost] : result.cost_curve)
        curve.push_back({{"cumulative_units", finite_or_null(units)}, {"unit_cost_usd", interval(cost)}});
    view["learning_curve"] = curve;
    json sources = json::array();
    for (const auto& s : result.sources)
        sources.push_back({{"source_class", s.source_class},
                           {"observations", s.observations},
                           {"bias_percent", interval(s.bias_percent)},
                           {"noise", interval(s.noise)}});
    view["sources"] = sources;
    view["claims"] = claims_json(result, options.reviews);
    view["flights"] = flights_json(result);
    view["files"] = mode == "report" ? files_json(result) : json::object();
    return view;
}

nlohmann::json review_json(const core::Review& r) {
    return {{"id", r.id},
            {"claim_key", r.claim_key},
            {"action", std::string(core::to_string(r.action))},
            {"who", r.who},
            {"at", r.at},
            {"note", r.note},
            {"value_before", finite_or_null(r.value_before)},
            {"low_before", finite_or_null(r.low_before)},
            {"high_before", finite_or_null(r.high_before)},
            {"value_after", finite_or_null(r.value_after)},
            {"low_after", finite_or_null(r.low_after)},
            {"high_after", finite_or_null(r.high_after)}};
}

}  // namespace reckon::report
