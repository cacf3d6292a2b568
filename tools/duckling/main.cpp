// Scores reckon's readers on Duckling's English corpora, converted to JSON lines by
// tools/duckling-convert (tests/data/duckling/*.jsonl). Prints per dimension and part
// "<dim> <part> <passed>/<run>" and "RESULT duckling_<dim>_<part>_pct <value> %" lines.
// Usage: reckon_duckling DATA_DIR [--part tune|heldout|all] [--verbose]
// The rules of a pass are in docs/conformance.md ("Duckling").
#include <fmt/core.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/core/claim.hpp"
#include "reckon/core/date.hpp"
#include "reckon/text/dates.hpp"
#include "reckon/text/numbers.hpp"
#include "reckon/text/quantities.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using reckon::core::Date;
using reckon::text::DateMatch;
using reckon::text::Quantity;
using reckon::text::QuantityKind;

namespace {

// Duckling's reference time is 2013-02-12T04:30:00; reckon reads days, so the day is used.
const Date REFERENCE = reckon::core::make_date(2013, 2, 12);

constexpr double VALUE_TOLERANCE = 0.005;  // relative, for converted units

bool same_value(double expected, double found) {
    if (expected == 0) return std::fabs(found) < 1e-9;
    return std::fabs(expected - found) <= VALUE_TOLERANCE * std::fabs(expected);
}

std::string describe(const Quantity& q) {
    std::string s = fmt::format("{} {}", q.value, q.unit);
    if (q.low || q.high)
        s += fmt::format(" [{}, {}]", q.low ? fmt::format("{}", *q.low) : "",
                         q.high ? fmt::format("{}", *q.high) : "");
    s += fmt::format(" ({})", reckon::core::to_string(q.qualifier));
    return s;
}

// A value, interval or bound as Duckling writes it, in the unit the quantity is compared in.
struct Expected {
    std::string kind;  // simple, between, under, above
    double value = 0, low = 0, high = 0;
};

Expected expected_in(const json& row, double scale) {
    Expected e;
    e.kind = row.value("kind", "simple");
    if (row.contains("value")) e.value = row["value"].get<double>() * scale;
    if (row.contains("low")) e.low = row["low"].get<double>() * scale;
    if (row.contains("high")) e.high = row["high"].get<double>() * scale;
    return e;
}

bool quantity_matches(const Quantity& q, const Expected& e) {
    using reckon::core::Qualifier;
    if (e.kind == "between")
        return q.low && q.high && same_value(e.low, *q.low) && same_value(e.high, *q.high);
    if (e.kind == "under")
        return (q.high && !q.low && same_value(e.value, *q.high)) ||
               (q.qualifier == Qualifier::under && same_value(e.value, q.value));
    if (e.kind == "above")
        return (q.low && !q.high && same_value(e.value, *q.low)) ||
               (q.qualifier == Qualifier::over && same_value(e.value, q.value));
    return same_value(e.value, q.value) && (!q.low || !q.high || same_value(*q.low, *q.high));
}

struct Verdict {
    bool passed = false;
    std::string detail;
};

// Passes when the example reads as exactly one quantity of the kind and it has the value.
Verdict judge_quantities(std::string_view text, const std::vector<QuantityKind>& kinds,
                         const std::vector<std::pair<std::string, double>>& unit_scales, const json& row) {
    std::vector<Quantity> found;
    for (const auto& q : reckon::text::find_quantities(text))
        for (auto k : kinds)
            if (q.kind == k) found.push_back(q);
    Verdict v;
    if (found.empty()) return {false, "nothing of the kind found"};
    if (found.size() > 1) {
        v.detail = fmt::format("{} quantities:", found.size());
        for (const auto& q : found) v.detail += " " + describe(q);
        return v;
    }
    const Quantity& q = found.front();
    for (const auto& [unit, scale] : unit_scales)
        if (unit.empty() || unit == q.unit)
            if (quantity_matches(q, expected_in(row, scale))) return {true, {}};
    return {false, "found " + describe(q)};
}

Verdict judge_numeral(std::string_view text, const json& row) {
    auto found = reckon::text::find_numbers(text);
    if (found.empty()) return {false, "no number found"};
    double want = row["value"].get<double>();
    for (const auto& n : found)
        if (!same_value(want, n.value))
            return {false, fmt::format("read {} (of {} numbers)", n.value, found.size())};
    return {true, {}};
}

// ISO code a Duckling currency name stands for; "" when Duckling's name is generic (dinar,
// riyal, rial, "bucks") and any currency with the right value is accepted.
std::string iso_of(const std::string& unit) {
    static const std::map<std::string, std::string> names = {
        {"Dollar", "USD"}, {"Pound", "GBP"}, {"Dinar", ""}, {"Riyal", ""}, {"Rial", ""}, {"Unnamed", ""}};
    auto it = names.find(unit);
    return it == names.end() ? unit : it->second;
}

Verdict judge_money(std::string_view text, const json& row) {
    const std::string unit = row["unit"].get<std::string>();
    // Duckling's "Cent" names no currency: "cents" are a hundredth of a dollar or euro,
    // "pennies" and "pence" of a pound.
    if (unit == "Cent")
        return judge_quantities(text, {QuantityKind::currency}, {{"USD", 0.01}, {"EUR", 0.01}, {"GBP", 0.01}},
                                row);
    return judge_quantities(text, {QuantityKind::currency}, {{iso_of(unit), 1.0}}, row);
}

Verdict judge_distance(std::string_view text, const json& row) {
    static const std::map<std::string, double> km = {
        {"Kilometre", 1.0}, {"Metre", 1e-3},   {"Centimetre", 1e-5}, {"Millimetre", 1e-6},
        {"Mile", 1.609344}, {"Inch", 2.54e-5}, {"Foot", 3.048e-4},   {"Yard", 9.144e-4},
    };
    const std::string unit = row["unit"].get<std::string>();
    std::vector<std::pair<std::string, double>> scales;
    if (unit == "M") {  // Duckling keeps "3m" ambiguous: metres or miles
        scales = {{"km", 1e-3}, {"km", 1.609344}};
    } else {
        auto it = km.find(unit);
        if (it == km.end()) return {false, "unit " + unit + " not known to the scorer"};
        scales = {{"km", it->second}};
    }
    return judge_quantities(text, {QuantityKind::length}, scales, row);
}

Verdict judge_quantity(std::string_view text, const json& row) {
    const std::string unit = row["unit"].get<std::string>();
    if (unit == "Cup") return judge_quantities(text, {QuantityKind::volume}, {{"l", 0.2365882365}}, row);
    static const std::map<std::string, double> kg = {{"Gram", 1e-3},
                                                     {"Pound", 0.45359237},
                                                     {"Ounce", 0.028349523125},
                                                     {"Milligram", 1e-6},
                                                     {"Kilogram", 1.0}};
    auto it = kg.find(unit);
    if (it == kg.end()) return {false, "unit " + unit + " not known to the scorer"};
    return judge_quantities(text, {QuantityKind::weight}, {{"kg", it->second}}, row);
}

std::optional<Date> day_of(const std::string& stamp) {
    if (stamp.size() < 10 || stamp.front() == '-') return std::nullopt;
    return reckon::core::parse_iso_date(std::string_view(stamp).substr(0, 10));
}

bool midnight(const std::string& stamp) { return stamp.size() >= 19 && stamp.substr(11) == "00:00:00"; }

std::string describe(const DateMatch& d) {
    if (!d.period) return "unresolved";
    return fmt::format("{}..{}", reckon::core::to_iso(d.period->first), reckon::core::to_iso(d.period->last));
}

// Duckling's [start, start + grain) as an inclusive day span.
reckon::core::Period grain_period(const Date& start, const std::string& grain) {
    using reckon::core::add_days;
    using reckon::core::add_months;
    if (grain == "week") return {start, add_days(start, 6)};
    if (grain == "month") return {start, add_days(add_months(start, 1), -1)};
    if (grain == "quarter") return {start, add_days(add_months(start, 3), -1)};
    if (grain == "year") return {start, add_days(add_months(start, 12), -1)};
    return {start, start};
}

Verdict judge_time(std::string_view text, const json& row) {
    using Mod = DateMatch::Modifier;
    const std::string kind = row["kind"].get<std::string>();
    const std::string grain = row["grain"].get<std::string>();
    auto start = day_of(row["start"].get<std::string>());
    if (!start) return {false, "expected date before year 1 (not read by reckon)"};
    // Duckling's corpus is written for an assistant that schedules: a date without a year or
    // a bare weekday is the next one. reckon reads it so when told the clause is future.
    auto found = reckon::text::find_dates(text, REFERENCE, reckon::text::DateDirection::future);
    if (found.empty()) return {false, "no date found"};
    if (found.size() > 1) {
        std::string d = fmt::format("{} dates:", found.size());
        for (const auto& m : found) d += " " + describe(m);
        return {false, d};
    }
    const DateMatch& m = found.front();
    if (!m.period) return {false, "unresolved"};
    const auto& p = *m.period;
    const std::string got = "found " + describe(m);
    if (kind == "open") {
        const bool after = row["direction"].get<std::string>() == "after";
        const bool direction_ok =
            after ? (m.modifier == Mod::after || m.modifier == Mod::since)
                  : (m.modifier == Mod::before || m.modifier == Mod::until || m.modifier == Mod::by);
        const bool bound_ok = p.first == *start || reckon::core::add_days(p.last, 1) == *start;
        return {direction_ok && bound_ok, got};
    }
    if (m.modifier != Mod::none) return {false, got + " with a modifier"};
    reckon::core::Period want{*start, *start};
    if (kind == "interval") {
        const std::string end_stamp = row["end"].get<std::string>();
        auto end = day_of(end_stamp);
        if (!end) return {false, "bad end"};
        want = {*start, midnight(end_stamp) ? reckon::core::add_days(*end, -1) : *end};
        if (m.upper_first && p.first == want.first && reckon::core::add_days(*m.upper_first, -1) == want.last)
            return {true, {}};
    } else {
        want = grain_period(*start, grain);
        // An offset ("in 2 weeks") is the calendar unit around the day it lands on.
        if (grain == "day" && m.anchor && *m.anchor == *start) return {true, {}};
    }
    if (p == want) return {true, {}};
    return {false,
            got + ", want " + reckon::core::to_iso(want.first) + ".." + reckon::core::to_iso(want.last)};
}

struct Tally {
    std::size_t run = 0;
    std::size_t passed = 0;
};

int run(int argc, char** argv) {
    if (argc < 2 || std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h") {
        std::fprintf(stderr,
                     "usage: reckon_duckling DATA_DIR [--part tune|heldout|all] [--verbose]\n"
                     "       reckon_duckling --probe TEXT...   (what the readers find in each TEXT)\n"
                     "  DATA_DIR holds numeral.jsonl, money.jsonl, distance.jsonl, quantity.jsonl and\n"
                     "  time.jsonl as written by tools/duckling-convert (tests/data/duckling).\n");
        return 2;
    }
    if (std::string_view(argv[1]) == "--probe") {
        // What the readers make of one phrase, for looking at a failure by hand.
        for (int i = 2; i < argc; ++i) {
            const std::string_view text = argv[i];
            fmt::print("{}\n", text);
            for (const auto& q : reckon::text::find_quantities(text))
                fmt::print("  quantity [{}] {} per={} counted={}\n", text.substr(q.start, q.end - q.start),
                           describe(q), q.per, q.counted);
            for (const auto& d : reckon::text::find_dates(text, REFERENCE))
                fmt::print("  date [{}] {}\n", text.substr(d.start, d.end - d.start), describe(d));
        }
        return 0;
    }
    const fs::path dir = argv[1];
    std::string part = "all";
    bool verbose = false;
    for (int i = 2; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--verbose") {
            verbose = true;
        } else if (a == "--part" && i + 1 < argc) {
            part = argv[++i];
            if (part != "tune" && part != "heldout" && part != "all") {
                std::fprintf(stderr, "reckon_duckling: --part takes tune, heldout or all, not %s\n",
                             part.c_str());
                return 2;
            }
        } else {
            std::fprintf(stderr, "reckon_duckling: unknown argument %s (see --help)\n", argv[i]);
            return 2;
        }
    }
    // Time is split into date, date-interval and named-holiday examples; "time" is all three.
    const std::vector<std::string> files = {"numeral", "money", "distance", "quantity", "time"};
    std::map<std::string, Tally> tallies;
    std::vector<std::string> order = {"numeral",      "money",     "distance",
                                      "quantity",     "time_date", "time_date_interval",
                                      "time_holiday", "time"};
    auto tally = [&](const std::string& name) -> Tally& { return tallies[name]; };
    for (const auto& name : files) {
        const fs::path path = dir / (name + ".jsonl");
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "reckon_duckling: cannot read %s (run tools/duckling-convert to make it)\n",
                         path.string().c_str());
            return 1;
        }
        std::string line;
        std::size_t line_no = 0;
        std::size_t rows = 0;
        while (std::getline(in, line)) {
            ++line_no;
            if (line.empty()) continue;
            json row;
            try {
                row = json::parse(line);
                const std::string split = row.at("split").get<std::string>();
                if (part != "all" && split != part) continue;
                const std::string text = row.at("text").get<std::string>();
                std::string dim = name;
                Verdict v;
                if (name == "numeral") {
                    v = judge_numeral(text, row);
                } else if (name == "money") {
                    v = judge_money(text, row);
                } else if (name == "distance") {
                    v = judge_distance(text, row);
                } else if (name == "quantity") {
                    v = judge_quantity(text, row);
                } else {
                    const std::string scope = row.at("scope").get<std::string>();
                    if (scope == "time") continue;  // times of day: not what reckon reads
                    // Named holidays (most of them lunar or moving religious feasts) are
                    // counted apart from the plain date and date-interval examples.
                    dim = row.contains("holiday") ? "time_holiday"
                          : scope == "date"       ? "time_date"
                                                  : "time_date_interval";
                    v = judge_time(text, row);
                }
                ++rows;
                for (const std::string& t :
                     {dim, dim.rfind("time", 0) == 0 ? std::string("time") : std::string()}) {
                    if (t.empty()) continue;
                    auto& c = tally(t);
                    ++c.run;
                    if (v.passed) ++c.passed;
                }
                if (!v.passed && verbose) fmt::print(stderr, "FAIL {}: {} -- {}\n", dim, text, v.detail);
            } catch (const json::exception& e) {
                std::fprintf(stderr, "reckon_duckling: %s:%zu: %s (regenerate with tools/duckling-convert)\n",
                             path.string().c_str(), line_no, e.what());
                return 1;
            }
        }
        if (rows == 0 && part == "all") {
            std::fprintf(stderr, "reckon_duckling: %s holds no examples\n", path.string().c_str());
            return 1;
        }
    }
    for (const auto& name : order)
        fmt::print("{} {} {}/{}\n", name, part, tallies[name].passed, tallies[name].run);
    for (const auto& name : order) {
        const auto& t = tallies[name];
        fmt::print("RESULT duckling_{}_{}_pct {:.1f} %\n", name, part,
                   t.run ? 100.0 * static_cast<double>(t.passed) / static_cast<double>(t.run) : 0.0);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "reckon_duckling: %s\n", e.what());
        return 1;
    }
}
