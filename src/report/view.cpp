// Building the view (Contract 2 of docs/report.md) from an estimate and its evidence, and writing
// it as JSON. Each extracted claim's document, each claim's review history and the flights come
// with the evidence.
#include "reckon/report/view.hpp"

#include <fmt/core.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <system_error>

#include "report_files.hpp"

namespace reckon::report {

namespace {

// ---- building the view from an estimate ----

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

DocumentRef document_ref(const core::DocumentInfo& d) { return {d.title, d.url, d.path, d.sha256}; }

std::vector<MonthView> month_views(const estimate::EstimateResult& r) {
    std::map<core::Month, const evidence::LaunchMonth*> launches;
    for (const auto& l : r.evidence.launches) launches[l.month] = &l;
    const auto rows_file = launch_rows_file(r);
    std::vector<MonthView> months;
    for (const auto& m : r.months) {
        MonthView v{m, std::nullopt};
        if (auto it = launches.find(m.month); it != launches.end() && !it->second->lines.empty()) {
            // In a report the rows' file is the copy beside the page; otherwise its own name.
            v.launch_rows = LaunchRows{
                rows_file ? *rows_file : std::filesystem::path(it->second->file).filename().string(),
                it->second->lines};
        }
        months.push_back(std::move(v));
    }
    return months;
}

std::vector<ContractView> contract_views(const estimate::EstimateResult& r) {
    std::vector<ContractView> out;
    for (const auto& c : r.contracts) {
        ContractView v{c, r.programme.first.first_day(), {}};
        for (const auto& claim : r.evidence.claims)
            if (states_contract(claim, c.contract, r.programme)) v.claim_keys.push_back(claim.key);
        out.push_back(std::move(v));
    }
    return out;
}

std::vector<ClaimView> claim_views(const estimate::EstimateResult& r,
                                   const std::vector<core::Review>* reviews) {
    std::map<std::string, std::vector<const core::Review*>> newer;  // the store's history, when given
    if (reviews)
        for (const auto& rv : *reviews) newer[rv.claim_key].push_back(&rv);
    std::vector<ClaimView> out;
    for (std::size_t i = 0; i < r.evidence.claims.size(); ++i) {
        const auto& c = r.evidence.claims[i];
        ClaimView v;
        v.claim = c;
        v.monthly = evidence::per_month(c.value, c.unit);
        if (c.low) v.monthly_low = evidence::per_month(*c.low, c.unit);
        if (c.high) v.monthly_high = evidence::per_month(*c.high, c.unit);
        if (c.from_document()) {
            if (const auto* d = r.evidence.document(c.document))
                v.document = document_ref(*d);
            else
                v.document = DocumentRef{{}, {}, c.file, c.document};
        } else if (!c.url.empty()) {
            v.document = DocumentRef{{}, c.url, {}, {}};
        }
        if (c.observation >= 0 && static_cast<std::size_t>(c.observation) < r.observation_fit.size())
            v.fit = r.observation_fit[static_cast<std::size_t>(c.observation)];
        for (const auto& t : r.targets)
            if (t.claim == i) v.p_met = t.p_met;
        if (reviews) {
            if (auto it = newer.find(c.key); it != newer.end())
                for (const auto* rv : it->second) v.history.push_back(*rv);
        } else {
            v.history = c.history;
        }
        out.push_back(std::move(v));
    }
    return out;
}

// A finite number of `j` at `key`, or nullopt.
std::optional<double> finite_number(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_number()) return std::nullopt;
    const double v = it->get<double>();
    return std::isfinite(v) ? std::optional(v) : std::nullopt;
}

// The bounds in the summary.json beside a comparison's quick-looks, when that file describes
// this comparison (a later `site compare --overwrite` into the same folder may have replaced it)
// and holds a sane box.
std::optional<SiteBounds> summary_bounds(const std::filesystem::path& file, const store::SiteComparison& c) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec) || std::filesystem::file_size(file, ec) > (1U << 20))
        return std::nullopt;
    std::ifstream in(file, std::ios::binary);
    const auto summary = nlohmann::json::parse(in, nullptr, false);
    if (!summary.is_object()) return std::nullopt;
    const auto text = [&](const char* key) {
        const auto it = summary.find(key);
        return it != summary.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    if (text("before") != c.before_image || text("after") != c.after_image || text("method") != c.method)
        return std::nullopt;
    const auto box = summary.find("bounds");
    if (box == summary.end() || !box->is_object()) return std::nullopt;
    const auto s = finite_number(*box, "south");
    const auto w = finite_number(*box, "west");
    const auto n = finite_number(*box, "north");
    const auto e = finite_number(*box, "east");
    if (!s || !w || !n || !e || *s < -90 || *n > 90 || *s >= *n || *w < -180 || *e > 180 || *w >= *e)
        return std::nullopt;
    return SiteBounds{*s, *w, *n, *e};
}

// The site comparisons with each polygon's latest review applied (reviews in store order, so the
// last one of a key is the latest).
SiteView site_view(const SiteEvidence& site, const estimate::EstimateResult& r, ViewMode mode) {
    std::map<std::string, std::vector<const core::Review*>> by_key;
    for (const auto& rv : site.reviews)
        if (rv.claim_key.starts_with("site:")) by_key[rv.claim_key].push_back(&rv);
    SiteView out;
    std::size_t n = 0;
    for (const auto& c : site.comparisons) {
        ++n;
        SiteComparisonView v;
        v.comparison = c;
        v.comparison.polygons.clear();
        for (const auto& p : c.polygons) {
            SitePolygonView pv;
            pv.polygon = p;
            pv.area_m2 = p.value;
            if (auto it = by_key.find(p.key); it != by_key.end()) {
                for (const auto* rv : it->second) pv.history.push_back(*rv);
                pv.review = pv.history.back();
                switch (pv.review->action) {
                    case core::ReviewAction::accept:
                        pv.status = "accepted";
                        break;
                    case core::ReviewAction::reject:
                        pv.status = "rejected", pv.area_m2 = 0;
                        break;
                    case core::ReviewAction::correct:
                        pv.status = "corrected";
                        pv.area_m2 = pv.review->value_after.value_or(p.value);
                        break;
                }
            }
            v.candidate_m2 += p.value;
            if (pv.status == "accepted" || pv.status == "corrected") v.accepted_m2 += pv.area_m2;
            if (pv.status == "candidate") v.unreviewed_m2 += p.value;
            v.polygons.push_back(std::move(pv));
        }
        std::error_code ec;
        if (mode == ViewMode::report && !c.quicklook.empty() &&
            std::filesystem::is_regular_file(c.quicklook, ec))
            v.quicklook_file = fmt::format("site_{}_overlay.png", n);
        v.quicklooks = site_quicklooks(c, mode, n);
        out.comparisons.push_back(std::move(v));
    }
    for (const auto& claim : r.evidence.claims)
        if (is_area_claim(claim)) out.area_claim_keys.push_back(claim.key);
    return out;
}

}  // namespace

SiteQuicklooks site_quicklooks(const store::SiteComparison& c, ViewMode mode, std::size_t number) {
    SiteQuicklooks out;
    if (c.quicklook.empty()) return out;
    const std::filesystem::path dir = std::filesystem::path(c.quicklook).parent_path();
    for (const char* layer : {"before", "after", "overlay"}) {
        const auto file = layer == std::string_view("overlay") ? std::filesystem::path(c.quicklook)
                                                               : dir / fmt::format("{}.png", layer);
        std::error_code ec;
        if (!std::filesystem::is_regular_file(file, ec)) continue;
        out.images.push_back({layer, file.string(),
                              mode == ViewMode::report
                                  ? fmt::format("site_{}_{}.png", number, layer)
                                  : fmt::format("/api/site/{}/{}.png", c.sha256, layer)});
    }
    if (!out.images.empty()) out.bounds = summary_bounds(dir / "summary.json", c);
    return out;
}

namespace {

// ---- the view as JSON: the one place its layout is written ----

using nlohmann::json;

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

json document_json(const std::optional<DocumentRef>& d) {
    if (!d) return nullptr;
    return {{"title", text_or_null(d->title)},
            {"url", text_or_null(d->url)},
            {"path", text_or_null(d->path)},
            {"sha256", text_or_null(d->sha256)}};
}

json programme_json(const ProgrammeView& p) {
    return {{"name", p.name},           {"product", p.product},
            {"file", p.file},           {"start", p.start.to_string()},
            {"end", p.end.to_string()}, {"production_start", p.production_start.to_string()},
            {"producers", p.producers}};
}

json estimate_json(const View& v) {
    const auto& d = v.diagnostics;
    return {{"seed", d.seed},
            {"chains", d.chains},
            {"warmup", d.warmup},
            {"draws", d.draws},
            {"divergences", d.divergences},
            {"max_rhat", finite_or_null(d.max_rhat)},
            {"min_ess_bulk", finite_or_null(d.min_ess_bulk)},
            {"warnings", d.warnings},
            {"total", interval(v.total)},
            {"learning_rate", interval(v.learning_rate)},
            {"evidence_consistent", v.evidence_consistent}};
}

json month_json(const MonthView& v) {
    const auto& m = v.summary;
    json rows = nullptr;
    if (v.launch_rows) rows = {{"file", v.launch_rows->file}, {"lines", v.launch_rows->lines}};
    return {{"month", m.month.to_string()},
            {"production", interval(m.production)},
            {"cumulative", interval(m.cumulative)},
            {"usage", interval(m.usage)},
            {"imports", interval(m.imports)},
            {"launched", finite_or_null(m.launched)},
            {"launch_rows", rows}};
}

json contract_json(const ContractView& v) {
    const auto& c = v.progress;
    return {{"name", c.contract.name},
            {"quantity", finite_or_null(c.contract.quantity)},
            {"start", core::to_iso(v.counted_from)},
            {"due", core::to_iso(c.contract.due)},
            {"value_usd", finite_or_null(c.contract.value_usd)},
            {"source", c.contract.source},
            {"p_by_due", finite_or_null(c.p_by_due)},
            {"p_by_end", finite_or_null(c.p_by_end)},
            {"reached_median", month_or_null(c.reached_median)},
            {"reached_q05", month_or_null(c.reached_q05)},
            {"reached_q95", month_or_null(c.reached_q95)},
            {"claim_keys", v.claim_keys}};
}

json claim_json(const ClaimView& v) {
    const auto& c = v.claim;
    json history = json::array();
    for (const auto& rv : v.history) history.push_back(review_json(rv));
    return {{"key", c.key},
            {"metric", c.metric},
            {"product", c.product},
            {"value", finite_or_null(c.value)},
            {"low", finite_or_null(c.low)},
            {"high", finite_or_null(c.high)},
            {"unit", c.unit},
            {"qualifier", std::string(core::to_string(c.qualifier))},
            {"period_start", date_or_null(c.period.first)},
            {"period_end", date_or_null(c.period.last)},
            {"monthly", finite_or_null(v.monthly)},
            {"monthly_low", finite_or_null(v.monthly_low)},
            {"monthly_high", finite_or_null(v.monthly_high)},
            {"source_class", std::string(core::to_string(c.source_class))},
            {"attribution", c.attribution},
            {"origin", c.origin},
            {"reported", date_or_null(c.reported)},
            {"status", c.status_text()},
            {"used", c.used()},
            {"sentence", c.sentence},
            {"url", text_or_null(c.url)},
            {"document", document_json(v.document)},
            {"file", c.from_document() ? json(nullptr) : json(c.file)},
            {"line", c.from_document() ? json(nullptr) : json(c.line)},
            {"fit", v.fit ? interval(*v.fit) : json(nullptr)},
            {"p_met", finite_or_null(v.p_met)},
            {"review", c.review ? review_json(*c.review) : json(nullptr)},
            {"history", history}};
}

json flight_json(const FlightView& v) {
    const auto& f = v.flight;
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
           {"document", document_json(v.document)}};
    if (f.from_inferred) e["from_inferred"] = true;
    if (f.to_inferred) e["to_inferred"] = true;
    if (f.from_position) e["from_lat"] = f.from_position->lat_deg, e["from_lon"] = f.from_position->lon_deg;
    if (f.to_position) e["to_lat"] = f.to_position->lat_deg, e["to_lon"] = f.to_position->lon_deg;
    return e;
}

json site_json(const SiteView& site) {
    json comparisons = json::array();
    for (const auto& v : site.comparisons) {
        const auto& c = v.comparison;
        json polygons = json::array();
        for (const auto& pv : v.polygons) {
            json history = json::array();
            for (const auto& rv : pv.history) history.push_back(review_json(rv));
            json geometry = nullptr;
            try {
                geometry = json::parse(pv.polygon.geometry);
            } catch (const json::exception&) {  // the store checks json_valid; a hand-edited row shows null
            }
            polygons.push_back({{"key", pv.polygon.key},
                                {"polygon", pv.polygon.polygon},
                                {"metric", pv.polygon.metric},
                                {"value", finite_or_null(pv.polygon.value)},
                                {"unit", pv.polygon.unit},
                                {"class", pv.polygon.change_class},
                                {"confidence", finite_or_null(pv.polygon.confidence)},
                                {"pixels", pv.polygon.pixels},
                                {"status", pv.status},
                                {"area_m2", finite_or_null(pv.area_m2)},
                                {"review", pv.review ? review_json(*pv.review) : json(nullptr)},
                                {"history", history},
                                {"geometry", geometry}});
        }
        json bounds = nullptr;
        if (const auto& b = v.quicklooks.bounds)
            bounds = {{"south", b->south}, {"west", b->west}, {"north", b->north}, {"east", b->east}};
        json images = json::object();
        for (const auto& image : v.quicklooks.images) images[image.layer] = image.href;
        comparisons.push_back(
            {{"sha256", c.sha256},
             {"site", c.site},
             {"before_image", c.before_image},
             {"after_image", c.after_image},
             {"before_date", c.before_date ? json(core::to_iso(*c.before_date)) : json(nullptr)},
             {"after_date", date_or_null(c.after_date)},
             {"method", c.method},
             {"threshold_rule", c.threshold_rule},
             {"aoi", text_or_null(c.aoi)},
             {"pixel_area_m2", finite_or_null(c.pixel_area_m2)},
             {"changed_area_m2", finite_or_null(c.changed_area_m2)},
             {"candidate_m2", finite_or_null(v.candidate_m2)},
             {"accepted_m2", finite_or_null(v.accepted_m2)},
             {"unreviewed_m2", finite_or_null(v.unreviewed_m2)},
             {"recorded_at", c.recorded_at},
             {"quicklook", text_or_null(v.quicklook_file)},
             {"bounds", bounds},
             {"images", images},
             {"polygons", polygons}});
    }
    return {{"comparisons", comparisons}, {"area_claim_keys", site.area_claim_keys}};
}

template <class T, class F>
json array_of(const std::vector<T>& items, F to_json_item) {
    json out = json::array();
    for (const auto& item : items) out.push_back(to_json_item(item));
    return out;
}

}  // namespace

SiteEvidence read_site_evidence(const store::Store& store) {
    SiteEvidence out;
    out.comparisons = store.site_comparisons();
    if (!out.comparisons.empty()) out.reviews = store.reviews();
    return out;
}

bool is_area_claim(const evidence::EvidenceClaim& claim) {
    return claim.metric == "floor_area" || claim.unit == "m2" || claim.unit == "km2" || claim.unit == "ha";
}

std::string_view to_string(ViewMode mode) { return mode == ViewMode::live ? "live" : "report"; }

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

View build_view(const estimate::EstimateResult& result, ViewMode mode, const ViewOptions& options) {
    const auto& p = result.programme;
    View v;
    v.mode = mode;
    v.generated_at = options.now ? options.now() : store::utc_now_iso();
    v.programme = {p.name, p.product, p.file.string(), p.first, p.last, p.production_start, p.producers};
    v.diagnostics = result.diagnostics;
    v.total = result.total;
    v.learning_rate = result.learning_rate;
    v.evidence_consistent = result.evidence_consistent;
    v.months = month_views(result);
    v.contracts = contract_views(result);
    v.learning_curve = result.cost_curve;
    v.sources = result.sources;
    v.claims = claim_views(result, options.reviews);
    for (const auto& f : result.evidence.flights) {
        FlightView fv{f, std::nullopt};
        if (const auto* d = result.evidence.document(f.document)) fv.document = document_ref(*d);
        v.flights.push_back(std::move(fv));
    }
    if (options.site && !options.site->comparisons.empty()) v.site = site_view(*options.site, result, mode);
    if (mode == ViewMode::report) {
        for (const auto& f : detail::REPORT_FILES) v.files.emplace_back(f.role, f.name);
        if (auto name = launch_rows_file(result)) v.files.emplace_back("launches_csv", *name);
        if (v.site) {
            v.files.emplace_back("site_csv", "site.csv");
            v.files.emplace_back("site_png", "site_area.png");
            for (std::size_t i = 0; i < v.site->comparisons.size(); ++i)
                for (const auto& image : v.site->comparisons[i].quicklooks.images)
                    v.files.emplace_back(fmt::format("site_{}_{}", image.layer, i + 1), image.href);
        }
    }
    return v;
}

json to_json(const View& v) {
    json files = json::object();
    for (const auto& [role, name] : v.files) files[role] = name;
    json out = {{"reckon_view", VIEW_VERSION},
                {"mode", std::string(to_string(v.mode))},
                {"generated_at", v.generated_at},
                {"programme", programme_json(v.programme)},
                {"estimate", estimate_json(v)},
                {"months", array_of(v.months, month_json)},
                {"contracts", array_of(v.contracts, contract_json)},
                {"learning_curve", array_of(v.learning_curve,
                                            [](const auto& point) {
                                                return json{{"cumulative_units", finite_or_null(point.first)},
                                                            {"unit_cost_usd", interval(point.second)}};
                                            })},
                {"sources", array_of(v.sources,
                                     [](const estimate::SourceSummary& s) {
                                         return json{{"source_class", s.source_class},
                                                     {"observations", s.observations},
                                                     {"bias_percent", interval(s.bias_percent)},
                                                     {"noise", interval(s.noise)}};
                                     })},
                {"claims", array_of(v.claims, claim_json)},
                {"flights", array_of(v.flights, flight_json)},
                {"files", files}};
    if (v.site) out["site"] = site_json(*v.site);  // only when the store holds site comparisons
    return out;
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
