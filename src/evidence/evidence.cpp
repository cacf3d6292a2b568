// Reading evidence files, applying reviews and classifying claims; see evidence.hpp and
// docs/programme.md.
#include "reckon/evidence/evidence.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

#include "reckon/core/ascii.hpp"
#include "reckon/core/csv.hpp"
#include "reckon/core/error.hpp"
#include "reckon/core/text.hpp"
#include "reckon/text/document.hpp"

namespace reckon::evidence {
namespace {

constexpr double DAYS_PER_MONTH = 30.4375;

std::optional<double> parse_number(std::string_view s) {
    s = core::trim(s);
    if (s.empty()) return std::nullopt;
    double v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
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

bool is_sha256(std::string_view s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

std::optional<double> degrees(const std::map<std::string, std::string>& roles, const std::string& key,
                              double limit) {
    const auto it = roles.find(key);
    if (it == roles.end()) return std::nullopt;
    auto v = parse_number(it->second);
    if (!v || std::fabs(*v) > limit) return std::nullopt;
    return v;
}

}  // namespace

std::string_view to_string(ClaimStatus status) {
    switch (status) {
        case ClaimStatus::pending:
            return "pending";
        case ClaimStatus::observation:
            return "observation";
        case ClaimStatus::relay:
            return "relay";
        case ClaimStatus::target:
            return "target";
        case ClaimStatus::set_aside:
            return "set aside";
    }
    return "?";
}

std::string_view to_string(Flight::Source source) { return source == Flight::Source::adsb ? "adsb" : "text"; }

std::string EvidenceClaim::status_text() const {
    switch (status) {
        case ClaimStatus::relay:
            return "relay of " + reason;
        case ClaimStatus::set_aside:
            return "set aside: " + reason;
        default:
            return std::string(to_string(status));
    }
}

void EvidenceClaim::set_aside(std::string why) {
    status = ClaimStatus::set_aside;
    reason = std::move(why);
    observation = -1;
}

const core::DocumentInfo* Evidence::document(std::string_view sha256) const {
    for (const auto& d : documents)
        if (d.sha256 == sha256) return &d;
    return nullptr;
}

bool is_measure_metric(std::string_view m) {
    return m == "production_rate" || m == "production_total" || m == "capacity" || m == "launches" ||
           m == "imports" || m == "unit_cost";
}

bool is_target_metric(std::string_view m) { return m == "plan" || m == "contract_quantity"; }

std::optional<double> per_month(double value, std::string_view unit) {
    if (unit == "unit/month") return value;
    if (unit == "unit/day") return value * DAYS_PER_MONTH;
    if (unit == "unit/week") return value * DAYS_PER_MONTH / 7;
    if (unit == "unit/year") return value / 12;
    return std::nullopt;
}

void apply_reviews(Evidence& evidence, const std::vector<core::Review>& reviews) {
    std::map<std::string, std::vector<const core::Review*>> by_key;
    for (const auto& r : reviews) by_key[r.claim_key].push_back(&r);
    for (auto& c : evidence.claims) {
        const auto it = by_key.find(c.key);
        if (it == by_key.end()) continue;
        auto history = it->second;
        std::stable_sort(history.begin(), history.end(), [](auto* a, auto* b) { return a->id < b->id; });
        c.history.clear();
        for (const auto* r : history) c.history.push_back(*r);
        const core::Review& r = *history.back();
        c.review = r;
        // A review stored before the store checked corrections (a value of 0, say) would
        // break every estimate: set the claim aside with the reason instead.
        if (auto problem = core::correction_problem(r)) {
            c.set_aside(fmt::format("its latest review (#{} by {}, {}) cannot be applied: {}", r.id,
                                    core::printable_review_text(r.who), r.at, *problem));
            const std::string note = fmt::format("claim {}: {}", c.key, c.reason);
            fmt::print(stderr, "reckon: warning: {}\n", note);
            evidence.notes.push_back(note);
            continue;
        }
        switch (r.action) {
            case core::ReviewAction::accept:
                break;
            case core::ReviewAction::reject:
                c.use = false;
                c.set_aside(fmt::format("rejected by {} ({})", r.who, r.at));
                break;
            case core::ReviewAction::correct:
                c.value = *r.value_after;
                c.low = r.low_after;
                c.high = r.high_after;
                if (c.qualifier == core::Qualifier::range && !(c.low && c.high))
                    c.qualifier = core::Qualifier::approx;
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
    const auto c_low = table.column("reckon_low");
    const auto c_high = table.column("reckon_high");
    const auto c_unit = table.column("reckon_unit");
    const auto c_origin = table.column("origin");
    const auto c_product = table.column("product");
    const auto c_use = table.column("use");
    const auto c_url = table.column("url");
    const auto c_attr = table.column("attribution");
    const auto c_report = table.column("report_date");
    const auto c_words = table.column("metric");

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
                 "use one of " + core::metric_list() + ", or imports");
        const std::string use = core::ascii_lower(field(c_use));
        if (!use.empty() && use != "yes" && use != "no")
            fail(fmt::format("use is '{}'", use), "write yes or no");
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

        auto number = [&](std::optional<std::size_t> c, const char* name,
                          bool required) -> std::optional<double> {
            const std::string text = field(c);
            if (text.empty()) {
                if (required)
                    fail(fmt::format("{} is empty", name), "give the figure as a plain number, e.g. 2700");
                return std::nullopt;
            }
            auto v = parse_number(text);
            if (!v)
                fail(fmt::format("{} '{}' is not a number", name, text),
                     "write a plain number, e.g. 2700 or 1.75e9");
            return v;
        };
        const bool needs_numbers =
            claim.use && (is_measure_metric(claim.metric) || is_target_metric(claim.metric));
        if (auto v =
                number(c_value, "reckon_value", needs_numbers && claim.qualifier != core::Qualifier::range))
            claim.value = *v;
        claim.low = number(c_low, "reckon_low", needs_numbers && claim.qualifier == core::Qualifier::range);
        claim.high =
            number(c_high, "reckon_high", needs_numbers && claim.qualifier == core::Qualifier::range);
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
        const std::string start = field(c_start);
        const std::string end = field(c_end);
        auto first = core::parse_iso_date(start);
        auto last = core::parse_iso_date(end);
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
    std::optional<std::size_t> c_model;
    std::optional<std::size_t> c_share;
    std::optional<std::size_t> c_base;
    if (!spec.model_column.empty())
        c_model = table.require_column(spec.model_column, "set model_column in [evidence.launches]");
    if (!spec.share_column.empty())
        c_share = table.require_column(spec.share_column, "set share_column in [evidence.launches]");
    if (!spec.share_base_column.empty())
        c_base = table.require_column(spec.share_base_column, "set share_base_column in [evidence.launches]");
    std::map<int, std::pair<double, double>>
        share_of;  // month -> (product counted, launches it was counted from)
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
                             fmt::format("{} ({}) exceeds the launches it was counted from ({})",
                                         spec.share_column, *share, base),
                             "the product's count is part of the launches: check the columns");
        const int t = programme.offset(*month);
        if (t < 0 || t >= programme.months()) continue;
        auto& m = by_month[t];
        m.month = *month;
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
            out.push_back({Month{programme.first.index + t}, 0, std::nullopt, 0, {}, {}});
        }
    }
    return out;
}

std::vector<EvidenceClaim> claims_from_documents(const std::vector<core::Claim>& claims,
                                                 const std::vector<core::DocumentInfo>& documents,
                                                 const Programme& p) {
    std::map<std::string, std::string> path_of;
    for (const auto& d : documents) path_of[d.sha256] = d.path;
    std::vector<std::string> names{core::ascii_lower(p.product)};
    for (const auto& a : p.aliases) names.push_back(core::ascii_lower(a));
    for (const auto& a : p.producers) names.push_back(core::ascii_lower(a));
    std::vector<EvidenceClaim> out;
    for (const auto& c : claims) {
        const std::string subject = core::ascii_lower(c.subject);
        bool about = false;
        for (const auto& n : names) about = about || (!n.empty() && subject.find(n) != std::string::npos);
        if (!about) continue;
        if (!is_sha256(c.document))
            throw Error(fmt::format("a claim's document is named '{}', not by its SHA-256", c.document),
                        "take document claims from the evidence store (evidence::gather), which names each "
                        "document by the SHA-256 of its bytes");
        EvidenceClaim e;
        e.key = fmt::format("doc:{}:{}-{}:{}", c.document.substr(0, 16), c.start, c.end, c.metric);
        e.document = c.document;
        const auto path = path_of.find(c.document);
        e.file = path != path_of.end() ? path->second : c.document;
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
        e.use = is_measure_metric(c.metric) || is_target_metric(c.metric);
        if (c.period)
            e.period = *c.period;
        else
            e.set_aside("no period");
        if (c.said) e.reported = c.said->last;
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<Flight> flights_from_events(const std::vector<core::Event>& events,
                                        const std::vector<core::DocumentInfo>& documents,
                                        std::vector<std::string>& notes) {
    std::map<std::string, std::string> format_of;
    for (const auto& d : documents) format_of[d.sha256] = d.format;
    std::vector<Flight> out;
    for (const auto& e : events) {
        if (e.kind != "flight") continue;
        auto role = [&](const char* key) {
            const auto it = e.roles.find(key);
            return it == e.roles.end() ? std::string() : it->second;
        };
        Flight f;
        const auto format = format_of.find(e.document);
        f.source = format != format_of.end() && format->second.starts_with("adsb") ? Flight::Source::adsb
                                                                                   : Flight::Source::text;
        f.date = e.date;
        f.from = role("from"), f.to = role("to");
        f.from_country = role("from_country"), f.to_country = role("to_country");
        f.from_inferred = role("from_inferred") == "yes", f.to_inferred = role("to_inferred") == "yes";
        f.aircraft_type = role("aircraft_type"), f.operator_name = role("operator");
        f.registration = role("registration"), f.callsign = role("callsign"), f.icao24 = role("icao24");
        f.rule = role("rule");
        f.departure_time = role("departure_time"), f.arrival_time = role("arrival_time");
        for (auto [end, slot] : {std::pair{"from", &f.from_position}, {"to", &f.to_position}}) {
            const std::string lat_key = std::string(end) + "_lat";
            const std::string lon_key = std::string(end) + "_lon";
            if (!e.roles.contains(lat_key) && !e.roles.contains(lon_key)) continue;
            auto lat = degrees(e.roles, lat_key, 90);
            auto lon = degrees(e.roles, lon_key, 180);
            if (lat && lon)
                *slot = Flight::Position{*lat, *lon};
            else
                notes.push_back(
                    fmt::format("a flight's '{}' position ({}, {}) is not a coordinate: not mapped", end,
                                role(lat_key.c_str()), role(lon_key.c_str())));
        }
        f.attribution = e.attribution.text;
        f.sentence = e.sentence;
        f.document = e.document;
        out.push_back(std::move(f));
    }
    return out;
}

std::vector<SerialRow> read_serials(const std::filesystem::path& file) {
    const auto table = core::CsvTable::read(file);
    const auto c_serial = table.require_column("serial");
    const auto c_series = table.require_column("series");
    const auto c_date = table.require_column("date_seen");
    const auto c_place = table.column("place");
    const auto c_source = table.column("source");
    std::map<std::pair<std::string, double>, std::uint64_t> seen;
    std::vector<SerialRow> out;
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
                             fmt::format("serial {} of series '{}' is listed twice (first on line {})",
                                         s.text, s.series, it->second),
                             "keep one sighting per item: the first time it was seen");
        out.push_back(std::move(s));
    }
    return out;
}

Evidence read_evidence(const Programme& p) {
    Evidence ev;
    auto hash = [&](const std::filesystem::path& f) {
        ev.inputs.emplace_back(f.string(), text::sha256_file(f));
    };
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
        ev.serials = read_serials(*p.serials_csv);
        hash(*p.serials_csv);
    }
    // A label the programme does not explain would be silently miscounted: refuse it.
    for (const auto& c : ev.claims) {
        if (p.role_of(c.product)) continue;
        std::string known;
        for (const auto& [label, role] : p.product_labels)
            known += fmt::format("{}{} ({})", known.empty() ? "" : ", ", label, to_string(role));
        throw InputError({c.file, c.line},
                         fmt::format("product label '{}' is not listed in [evidence.products]", c.product),
                         fmt::format("add it to own, wider, related or unrelated in {} (listed now: {})",
                                     p.file.string(), known.empty() ? "none" : known));
    }
    return ev;
}

void classify(Evidence& ev, const Programme& p) {
    // Relays: claims with the same origin key, or the same figure for the same thing and
    // time in the same words of bound, count once; the first one stands for the group.
    std::vector<std::size_t> kept;
    for (std::size_t i = 0; i < ev.claims.size(); ++i) {
        auto& c = ev.claims[i];
        if (c.status != ClaimStatus::pending) continue;
        const auto role = p.role_of(c.product).value_or(ProductRole::unrelated);
        if (is_target_metric(c.metric)) {
            if (role == ProductRole::own)
                c.status = ClaimStatus::target;
            else
                c.set_aside(fmt::format("a goal for '{}', not for the product", c.product));
            continue;
        }
        if (!c.use) {
            c.set_aside("marked use=no");
            continue;
        }
        if (!is_measure_metric(c.metric)) {
            c.set_aside("the model has no " + c.metric);
            continue;
        }
        if (role == ProductRole::unrelated) {
            c.set_aside(fmt::format("not about the product ({})", c.product));
            continue;
        }
        for (std::size_t j : kept) {
            const auto& r = ev.claims[j];
            const bool same_origin = !c.origin.empty() && c.origin == r.origin;
            const bool same_figure =
                c.metric == r.metric && c.qualifier == r.qualifier && c.product == r.product &&
                std::fabs(c.value - r.value) <= 0.02 * r.value &&
                std::abs(c.period.days() - r.period.days()) <= 31 &&
                std::chrono::sys_days(c.period.first) <= std::chrono::sys_days(r.period.last) &&
                std::chrono::sys_days(r.period.first) <= std::chrono::sys_days(c.period.last);
            // A figure extracted from a document that a reviewed CSV row already holds is that
            // row's relay: the reviewed row carries the right period and bounds.
            const bool reviewed_twin = c.from_document() && !r.from_document() && c.metric == r.metric &&
                                       std::fabs(c.value - r.value) <= 0.02 * r.value;
            if (same_origin || same_figure || reviewed_twin) {
                c.relay_of = static_cast<int>(j);
                c.status = ClaimStatus::relay;
                c.reason = fmt::format("{}:{}", r.file, r.line);
                break;
            }
        }
        if (c.relay_of < 0) {
            c.status = ClaimStatus::observation;
            kept.push_back(i);
        }
    }
}

}  // namespace reckon::evidence
