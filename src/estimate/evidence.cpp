// From evidence files to model data; see evidence.hpp and docs/programme.md.
#include "reckon/estimate/evidence.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include <fmt/core.h>

#include "reckon/core/ascii.hpp"
#include "reckon/core/csv.hpp"
#include "reckon/core/error.hpp"
#include "reckon/text/document.hpp"

namespace reckon::estimate {
namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
constexpr double DAYS_PER_MONTH = 30.4375;

std::optional<double> parse_number(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
    if (s.empty()) return std::nullopt;
    double v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

bool is_modelled_metric(std::string_view m) {
    return m == "production_rate" || m == "production_total" || m == "capacity" || m == "launches" ||
           m == "imports" || m == "unit_cost";
}

bool is_target_metric(std::string_view m) { return m == "plan" || m == "contract_quantity"; }

// Days of `period` that fall in each programme month, as a fraction of that month.
std::vector<std::pair<int, double>> month_weights(const core::Period& period, const Programme& p) {
    std::vector<std::pair<int, double>> out;
    const Month a = Month::of(period.first), b = Month::of(period.last);
    for (Month m = a; m <= b; m.index++) {
        const int t = p.offset(m);
        if (t < 0 || t >= p.months()) continue;
        const auto from = std::max(std::chrono::sys_days(period.first), std::chrono::sys_days(m.first_day()));
        const auto to = std::min(std::chrono::sys_days(period.last), std::chrono::sys_days(m.last_day()));
        const double days = static_cast<double>((to - from).count() + 1);
        if (days > 0) out.push_back({t, days / m.days()});
    }
    return out;
}

double period_days(const core::Period& p) {
    return static_cast<double>((std::chrono::sys_days(p.last) - std::chrono::sys_days(p.first)).count() + 1);
}

// The key of a claims-CSV row: its file name and a hash of its fields, so a review follows
// the row through reordering but not through an edit of what it says.
std::string row_key(const std::string& file_name, const std::vector<std::string>& fields) {
    std::string joined;
    for (const auto& f : fields) {
        joined += f;
        joined += '\x1f';  // unit separator: cannot occur in a field that means something
    }
    return fmt::format("csv:{}:{}", file_name, text::sha256_hex(joined).substr(0, 16));
}

}  // namespace

std::optional<double> per_month(double value, std::string_view unit) {
    if (unit == "unit/month") return value;
    if (unit == "unit/day") return value * DAYS_PER_MONTH;
    if (unit == "unit/week") return value * DAYS_PER_MONTH / 7;
    if (unit == "unit/year") return value / 12;
    return std::nullopt;
}

void apply_reviews(Evidence& evidence, const std::vector<core::Review>& reviews) {
    std::map<std::string, const core::Review*> latest;
    for (const auto& r : reviews)
        if (auto& slot = latest[r.claim_key]; !slot || r.id > slot->id) slot = &r;
    for (auto& c : evidence.claims) {
        const auto it = latest.find(c.key);
        if (it == latest.end()) continue;
        const core::Review& r = *it->second;
        c.review = r;
        switch (r.action) {
            case core::ReviewAction::accept: break;
            case core::ReviewAction::reject:
                c.use = false;
                c.status = fmt::format("set aside: rejected by {} ({})", r.who, r.at);
                break;
            case core::ReviewAction::correct:
                if (!r.value_after) break;  // the store refuses such a review; be safe with old files
                c.value = *r.value_after;
                c.low = r.low_after;
                c.high = r.high_after;
                if (c.qualifier == core::Qualifier::range && !(c.low && c.high)) c.qualifier = core::Qualifier::approx;
                break;
        }
    }
}

std::vector<EvidenceClaim> read_claims_csv(const std::filesystem::path& file) {
    const auto table = core::CsvTable::read(file);
    const std::string hint = "map every row to reckon's vocabulary as docs/programme.md describes";
    const auto c_metric = table.require_column("reckon_metric", hint);
    const auto c_value = table.require_column("reckon_value", hint);
    const auto c_qualifier = table.require_column("reckon_qualifier", hint);
    const auto c_start = table.require_column("period_start", hint);
    const auto c_end = table.require_column("period_end", hint);
    const auto c_class = table.require_column("source_class", hint);
    const auto c_low = table.column("reckon_low"), c_high = table.column("reckon_high");
    const auto c_unit = table.column("reckon_unit"), c_origin = table.column("origin");
    const auto c_product = table.column("product"), c_use = table.column("use");
    const auto c_url = table.column("url"), c_attr = table.column("attribution");
    const auto c_report = table.column("report_date"), c_words = table.column("metric");

    const std::string file_name = std::filesystem::path(table.name()).filename().string();
    std::map<std::string, int> key_uses;  // identical rows get "#2", "#3"... after their key
    std::vector<EvidenceClaim> out;
    for (const auto& row : table.rows()) {
        auto fail = [&](const std::string& what, const std::string& what_to_do) -> void {
            throw InputError({table.name(), row.line}, what, what_to_do);
        };
        auto field = [&](std::optional<std::size_t> c) { return std::string(core::CsvTable::field(row, c)); };
        EvidenceClaim claim;
        claim.file = table.name();
        claim.line = row.line;
        claim.key = row_key(file_name, row.fields);
        if (const int n = ++key_uses[claim.key]; n > 1) claim.key += fmt::format("#{}", n);
        claim.metric = field(c_metric);
        if (claim.metric != "imports" && !core::is_known_metric(claim.metric))
            fail(fmt::format("unknown reckon_metric '{}'", claim.metric),
                 "use one of production_rate, production_total, capacity, plan, contract_quantity, "
                 "contract_value, unit_cost, unit_price, launches, imports, workforce, floor_area, share, other");
        const std::string use = core::ascii_lower(field(c_use));
        if (use != "" && use != "yes" && use != "no") fail(fmt::format("use is '{}'", use), "write yes or no");
        claim.use = use != "no";
        claim.product = field(c_product);
        claim.unit = field(c_unit);
        claim.origin = field(c_origin);
        claim.url = field(c_url);
        claim.attribution = field(c_attr);
        claim.sentence = field(c_words);
        if (auto d = core::parse_iso_date(field(c_report))) claim.reported = *d;

        const std::string qualifier = field(c_qualifier);
        auto q = core::parse_qualifier(qualifier);
        if (!q && (claim.use || !qualifier.empty()))
            fail(fmt::format("unknown reckon_qualifier '{}'", qualifier),
                 "use exact, approx, over, under, range or average");
        if (q) claim.qualifier = *q;
        const std::string cls = field(c_class);
        auto sc = core::parse_source_class(cls);
        if (!sc && (claim.use || !cls.empty()))
            fail(fmt::format("unknown source_class '{}'", cls),
                 "use official, intelligence, analyst, company, media or unattributed");
        if (sc) claim.source_class = *sc;

        auto number = [&](std::optional<std::size_t> c, const char* name, bool required) -> std::optional<double> {
            const std::string text = field(c);
            if (text.empty()) {
                if (required) fail(fmt::format("{} is empty", name), "give the figure as a plain number, e.g. 2700");
                return std::nullopt;
            }
            auto v = parse_number(text);
            if (!v) fail(fmt::format("{} '{}' is not a number", name, text), "write a plain number, e.g. 2700 or 1.75e9");
            return v;
        };
        const bool needs_numbers = claim.use && (is_modelled_metric(claim.metric) || is_target_metric(claim.metric));
        if (auto v = number(c_value, "reckon_value", needs_numbers && claim.qualifier != core::Qualifier::range))
            claim.value = *v;
        claim.low = number(c_low, "reckon_low", needs_numbers && claim.qualifier == core::Qualifier::range);
        claim.high = number(c_high, "reckon_high", needs_numbers && claim.qualifier == core::Qualifier::range);
        if (needs_numbers) {
            if (claim.qualifier == core::Qualifier::range) {
                if (!(*claim.low > 0 && *claim.high >= *claim.low))
                    fail("a range needs 0 < reckon_low <= reckon_high", "check the two ends of the range");
                if (!(claim.value > 0)) claim.value = std::sqrt(*claim.low * *claim.high);
            } else if (!(claim.value > 0)) {
                fail(fmt::format("reckon_value must be greater than 0, not {}", claim.value),
                     "a figure the model uses must be positive; set use to no if it is not evidence");
            }
        }
        const std::string start = field(c_start), end = field(c_end);
        auto first = core::parse_iso_date(start), last = core::parse_iso_date(end);
        if (needs_numbers || !start.empty() || !end.empty()) {
            if (!first) fail(fmt::format("period_start '{}' is not a date", start), "write YYYY-MM-DD");
            if (!last) fail(fmt::format("period_end '{}' is not a date", end), "write YYYY-MM-DD");
            if (std::chrono::sys_days(*last) < std::chrono::sys_days(*first))
                fail("period_end comes before period_start", "swap or correct the dates");
            claim.period = {*first, *last};
        }
        out.push_back(std::move(claim));
    }
    return out;
}

std::vector<LaunchMonth> read_launches(const LaunchSpec& spec, const Programme& programme) {
    const auto table = core::CsvTable::read(spec.file);
    const auto c_date = table.require_column(spec.date_column, "set date_column in [evidence.launches]");
    const auto c_count = table.require_column(spec.count_column, "set count_column in [evidence.launches]");
    std::optional<std::size_t> c_model, c_share, c_base;
    if (!spec.model_column.empty())
        c_model = table.require_column(spec.model_column, "set model_column in [evidence.launches]");
    if (!spec.share_column.empty())
        c_share = table.require_column(spec.share_column, "set share_column in [evidence.launches]");
    if (!spec.share_base_column.empty())
        c_base = table.require_column(spec.share_base_column, "set share_base_column in [evidence.launches]");
    std::map<int, std::pair<double, double>> share_of;  // month -> (product counted, launches it was counted from)
    std::map<int, LaunchMonth> by_month;
    for (const auto& row : table.rows()) {
        if (c_model) {
            const auto model = core::CsvTable::field(row, c_model);
            if (std::find(spec.models.begin(), spec.models.end(), model) == spec.models.end()) continue;
        }
        const auto date = core::CsvTable::field(row, c_date);
        auto month = Month::parse(date);
        if (!month)
            throw InputError({table.name(), row.line}, fmt::format("'{}' is not a date or month", date),
                             "write YYYY-MM or YYYY-MM-DD (a time after the date is allowed)");
        auto count_of = [&](std::optional<std::size_t> c, const std::string& name) -> std::optional<double> {
            const auto text = core::CsvTable::field(row, c);
            if (text.empty()) return std::nullopt;
            auto v = parse_number(text);
            if (!v)
                throw InputError({table.name(), row.line}, fmt::format("{} '{}' is not a number", name, text),
                                 "counts must be plain numbers");
            if (*v < 0)
                throw InputError({table.name(), row.line}, fmt::format("{} is negative ({})", name, *v),
                                 "a launch count cannot be below zero; correct or remove the row");
            return v;
        };
        auto count = count_of(c_count, spec.count_column);
        if (!count)
            throw InputError({table.name(), row.line}, fmt::format("{} is empty", spec.count_column),
                             "give the number launched, or remove the row");
        auto share = count_of(c_share, spec.share_column);
        const double base = c_base ? count_of(c_base, spec.share_base_column).value_or(0) : *count;
        if (share && *share > base * 1.0001)
            throw InputError({table.name(), row.line},
                             fmt::format("{} ({}) exceeds the launches it was counted from ({})", spec.share_column,
                                         *share, base),
                             "the product's count is part of the launches: check the columns");
        const int t = programme.offset(*month);
        if (t < 0 || t >= programme.months()) continue;
        auto& m = by_month[t];
        m.month = month->to_string();
        m.file = table.name();
        m.lines.push_back(row.line);
        m.launched += *count;
        if (share && base > 0) {
            share_of[t].first += *share;
            share_of[t].second += base;
        }
        ++m.rows;
    }
    // Where only some rows say how many were the product, their share stands for the month.
    for (auto& [t, m] : by_month)
        if (auto it = share_of.find(t); it != share_of.end() && it->second.second > 0)
            m.product_counted = m.launched * it->second.first / it->second.second;
    std::vector<LaunchMonth> out;
    for (int t = 0; t < programme.months(); ++t) {
        auto it = by_month.find(t);
        if (it != by_month.end()) {
            out.push_back(it->second);
        } else {
            Month m{programme.first.index + t};
            out.push_back({m.to_string(), 0, std::nullopt, 0, {}, {}});
        }
    }
    return out;
}

std::vector<EvidenceClaim> claims_from_documents(const std::vector<core::Claim>& claims, const Programme& p) {
    std::vector<std::string> names{core::ascii_lower(p.product)};
    for (const auto& a : p.aliases) names.push_back(core::ascii_lower(a));
    for (const auto& a : p.producers) names.push_back(core::ascii_lower(a));
    std::vector<EvidenceClaim> out;
    for (const auto& c : claims) {
        const std::string subject = core::ascii_lower(c.subject);
        bool about = false;
        for (const auto& n : names) about = about || (!n.empty() && subject.find(n) != std::string::npos);
        if (!about) continue;
        EvidenceClaim e;
        e.key = fmt::format("doc:{}:{}-{}:{}", c.document.substr(0, 16), c.start, c.end, c.metric);
        e.file = c.document;
        e.metric = c.metric;
        e.value = c.value;
        e.low = c.low;
        e.high = c.high;
        e.unit = c.unit;
        e.qualifier = c.qualifier;
        e.source_class = c.attribution.source_class;
        e.attribution = c.attribution.text;
        e.origin = c.attribution.text;
        e.sentence = c.sentence;
        e.use = is_modelled_metric(c.metric) || is_target_metric(c.metric);
        if (c.period) {
            e.period = *c.period;
        } else {
            e.use = false;
            e.status = "set aside: no period";
        }
        if (c.said) e.reported = c.said->last;
        out.push_back(std::move(e));
    }
    return out;
}

Evidence read_evidence(const Programme& p) {
    Evidence ev;
    auto hash = [&](const std::filesystem::path& f) { ev.inputs.push_back({f.string(), text::sha256_file(f)}); };
    hash(p.file);
    if (p.claims_csv) {
        ev.claims = read_claims_csv(*p.claims_csv);
        hash(*p.claims_csv);
    }
    if (p.launches) {
        ev.launches = read_launches(*p.launches, p);
        hash(p.launches->file);
    }
    if (p.serials_csv) {
        const auto table = core::CsvTable::read(*p.serials_csv);
        const auto c_serial = table.require_column("serial"), c_series = table.require_column("series");
        const auto c_date = table.require_column("date_seen");
        const auto c_place = table.column("place"), c_source = table.column("source");
        std::map<std::pair<std::string, double>, std::uint64_t> seen;
        for (const auto& row : table.rows()) {
            SerialRow s;
            s.line = row.line;
            s.text = std::string(core::CsvTable::field(row, c_serial));
            s.series = std::string(core::CsvTable::field(row, c_series));
            std::string digits;
            for (char ch : s.text)
                if (ch >= '0' && ch <= '9') digits += ch;
            auto number = parse_number(digits);
            if (!number || *number < 1)
                throw InputError({table.name(), row.line}, fmt::format("serial '{}' has no number", s.text),
                                 "a serial must contain its running number, e.g. И002");
            s.serial = *number;
            const auto date = core::CsvTable::field(row, c_date);
            auto d = core::parse_iso_date(date);
            if (!d) {
                if (auto m = Month::parse(date); m && date.size() == 7) d = m->first_day();
            }
            if (!d)
                throw InputError({table.name(), row.line}, fmt::format("date_seen '{}' is not a date", date),
                                 "write YYYY-MM-DD (or YYYY-MM)");
            s.seen = *d;
            s.place = std::string(core::CsvTable::field(row, c_place));
            s.source = std::string(core::CsvTable::field(row, c_source));
            auto [it, fresh] = seen.insert({{s.series, s.serial}, row.line});
            if (!fresh)
                throw InputError({table.name(), row.line},
                                 fmt::format("serial {} of series '{}' is listed twice (first on line {})", s.text,
                                             s.series, it->second),
                                 "keep one sighting per item: the first time it was seen");
            ev.serials.push_back(std::move(s));
        }
        hash(*p.serials_csv);
    }
    return ev;
}

ModelData build_model_data(const Programme& p, Evidence& ev) {
    ModelData d;
    d.months = p.months();
    d.production_start = p.offset(p.production_start);
    d.priors = p.priors;
    d.launched.assign(d.months, NaN);
    d.product_counted.assign(d.months, NaN);
    d.share_regime.assign(d.months, -1);
    if (p.launches) {
        for (std::size_t r = 0; r < p.launches->shares.size(); ++r) {
            const auto& s = p.launches->shares[r];
            d.shares.push_back({p.offset(s.first), p.offset(s.last), s.mean, s.sd});
            for (int t = std::max(0, p.offset(s.first)); t <= std::min(d.months - 1, p.offset(s.last)); ++t)
                d.share_regime[t] = static_cast<int>(r);
        }
        for (std::size_t t = 0; t < ev.launches.size(); ++t) {
            const auto& m = ev.launches[t];
            if (m.rows == 0) continue;
            d.launched[t] = m.launched;
            if (m.product_counted) d.product_counted[t] = *m.product_counted;
        }
    }
    for (const auto& im : p.imports)
        d.imports.push_back({p.offset(im.first), p.offset(im.last), im.quantity, im.log_sd});

    // Relays: claims with the same origin key, or the same figure for the same thing and
    // time in the same words of bound, count once; the first one stands for the group.
    std::vector<std::size_t> used;
    for (std::size_t i = 0; i < ev.claims.size(); ++i) {
        auto& c = ev.claims[i];
        if (!c.status.empty()) continue;
        if (!c.use) {
            c.status = is_target_metric(c.metric) ? "target" : "set aside: marked use=no";
            continue;
        }
        if (is_target_metric(c.metric)) {
            c.status = "target";
            continue;
        }
        if (!is_modelled_metric(c.metric)) {
            c.status = "set aside: the model has no " + c.metric;
            continue;
        }
        if (c.product == "decoy" || c.product == "site" || c.product == "none") {
            c.status = "set aside: not about the product (" + c.product + ")";
            continue;
        }
        for (std::size_t j : used) {
            const auto& r = ev.claims[j];
            const bool same_origin = !c.origin.empty() && c.origin == r.origin;
            const bool same_figure = c.metric == r.metric && c.qualifier == r.qualifier && c.product == r.product &&
                                     std::fabs(c.value - r.value) <= 0.02 * r.value &&
                                     std::fabs(period_days(c.period) - period_days(r.period)) <= 31 &&
                                     std::chrono::sys_days(c.period.first) <= std::chrono::sys_days(r.period.last) &&
                                     std::chrono::sys_days(r.period.first) <= std::chrono::sys_days(c.period.last);
            // A figure extracted from a document that a reviewed CSV row already holds is that
            // row's relay: the reviewed row carries the right period and bounds.
            const bool reviewed_twin = c.line == 0 && r.line > 0 && c.metric == r.metric &&
                                       std::fabs(c.value - r.value) <= 0.02 * r.value;
            if (same_origin || same_figure || reviewed_twin) {
                c.relay_of = static_cast<int>(j);
                c.status = fmt::format("relay of {}:{}", r.file, r.line);
                break;
            }
        }
        if (c.relay_of < 0) used.push_back(i);
    }

    bool informs_production = false;
    for (std::size_t i : used) {
        auto& c = ev.claims[i];
        Observation o;
        o.source_class = static_cast<int>(c.source_class);
        o.weights = month_weights(c.period, p);
        if (o.weights.empty()) {
            c.status = "set aside: its period lies outside the programme's months";
            continue;
        }
        double value = c.value, low = c.low.value_or(c.value), high = c.high.value_or(c.value);
        const bool rate_unit = per_month(1, c.unit).has_value();
        if (rate_unit) {
            value = *per_month(value, c.unit), low = *per_month(low, c.unit), high = *per_month(high, c.unit);
        }
        switch (c.qualifier) {
            case core::Qualifier::over: o.form = Form::lower_bound; break;
            case core::Qualifier::under: o.form = Form::upper_bound; break;
            default: o.form = Form::centred; break;
        }
        if (c.qualifier == core::Qualifier::range && high > low) {
            o.log_value = 0.5 * (std::log(low) + std::log(high));
            o.extra_sd = (std::log(high) - std::log(low)) / (2 * RANGE_Z);
        } else {
            o.log_value = std::log(value);
        }
        const auto& m = c.metric;
        if (m == "production_rate" || m == "capacity") {
            o.target = Target::production_rate;
            if (m == "capacity") o.form = Form::upper_bound;
            if (c.product == "all_long_range" && o.form == Form::centred) o.form = Form::upper_bound;
        } else if (m == "production_total") {
            o.target = Target::production_total;
            if (c.product == "all_long_range" && o.form == Form::centred) o.form = Form::upper_bound;
        } else if (m == "launches") {
            o.target = rate_unit ? Target::launches_rate : Target::launches_total;
            bool covered = true;
            for (auto [t, w] : o.weights) covered = covered && std::isfinite(d.launched[t]);
            if (!covered) {
                c.status = "set aside: the launch data do not cover its period";
                continue;
            }
        } else if (m == "imports") {
            o.target = Target::imports_total;
            double imported = 0;
            for (auto [t, w] : o.weights)
                for (const auto& b : d.imports) imported += (t >= b.first && t <= b.last) ? w : 0;
            if (imported <= 0) {
                c.status = "set aside: no import batch in the programme covers its period";
                continue;
            }
        } else if (m == "unit_cost") {
            o.target = Target::unit_cost;
            const auto mid = std::chrono::sys_days(c.period.first) +
                             std::chrono::days(static_cast<int>(period_days(c.period) / 2));
            o.month = std::clamp(p.offset(Month::of(core::Date(mid))), 0, d.months - 1);
        }
        if (o.target == Target::production_rate || o.target == Target::production_total) {
            std::erase_if(o.weights, [&](auto tw) { return tw.first < d.production_start; });
            if (o.weights.empty()) {
                c.status = "set aside: its period ends before production starts";
                continue;
            }
            informs_production = true;
        }
        if (o.target == Target::unit_cost && Month::of(c.period.last) < p.production_start) {
            c.status = "set aside: a cost from before production started (a price paid for imports?)";
            continue;
        }
        if (o.target == Target::unit_cost && !(c.unit.empty() || c.unit == "USD" || c.unit == "USD/unit")) {
            c.status = "set aside: unit cost not in USD";
            continue;
        }
        if ((o.target == Target::production_total || o.target == Target::launches_total ||
             o.target == Target::imports_total) &&
            rate_unit) {
            c.status = "set aside: a total given as a rate";
            continue;
        }
        o.extra_sd = std::hypot(o.extra_sd, p.priors.rounding_sd);
        c.observation = static_cast<int>(d.observations.size());
        c.status = "observation";
        d.observations.push_back(std::move(o));
    }

    // Serials: in date order per series, each counting the ones seen before it.
    std::map<std::string, int> seen_in_series;
    std::vector<const SerialRow*> by_date;
    for (const auto& s : ev.serials) by_date.push_back(&s);
    std::stable_sort(by_date.begin(), by_date.end(), [](auto* a, auto* b) {
        return std::chrono::sys_days(a->seen) < std::chrono::sys_days(b->seen);
    });
    for (const auto* s : by_date) {
        const Month m = Month::of(s->seen);
        const int t = p.offset(m);
        if (t < d.production_start || t >= d.months) {
            ev.notes.push_back(fmt::format("serial {} seen {} lies outside the production months: not used", s->text,
                                           core::to_iso(s->seen)));
            continue;
        }
        SerialSighting sighting;
        sighting.month = t;
        sighting.month_fraction = static_cast<double>(static_cast<unsigned>(s->seen.day())) / m.days();
        sighting.series_start = d.production_start;
        for (const auto& spec : p.series)
            if (spec.name == s->series) sighting.series_start = std::clamp(p.offset(spec.start), 0, d.months - 1);
        sighting.serial = s->serial;
        sighting.earlier = seen_in_series[s->series]++;
        d.serials.push_back(sighting);
        informs_production = true;
    }
    bool has_launches = false;
    for (double l : d.launched) has_launches = has_launches || std::isfinite(l);
    if (!informs_production && !has_launches)
        throw InputError({p.file.string()}, "the programme has no evidence about production",
                         "give [evidence] a claims CSV with production figures, launch counts, serial "
                         "numbers or documents (see docs/programme.md)");
    return d;
}

}  // namespace reckon::estimate
