// The watchlist file (TOML via toml++) and rule matching (see watchlist.hpp).
#include "reckon/adsb/watchlist.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <sstream>

#include "parse_number.hpp"
#include "reckon/adsb/text_file.hpp"
#include "reckon/core/error.hpp"
#include "reckon/core/text.hpp"

namespace reckon::adsb {

namespace {

const char* const FORMAT_HINT = "See docs/adsb-flights.md for the watchlist format.";

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string registration_key(std::string_view reg) {
    std::string out;
    for (char c : reg)
        if (c != '-' && c != ' ') out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

Location where(const std::string& file, const toml::source_region& r) {
    return Location{file, r.begin.line, r.begin.column, {}};
}

[[noreturn]] void fail(const std::string& file, const toml::node& n, const std::string& what) {
    throw InputError(where(file, n.source()), what, FORMAT_HINT);
}

// A string or an array of strings, each trimmed and non-empty.
std::vector<std::string> strings(const std::string& file, std::string_view key, const toml::node& n) {
    std::vector<std::string> out;
    auto take = [&](const toml::node& v) {
        const auto s = v.value<std::string>();
        if (!v.is_string() || !s) fail(file, v, fmt::format("'{}' takes text or a list of texts", key));
        const std::string t(core::trim(*s));
        if (t.empty()) fail(file, v, fmt::format("'{}' has an empty value", key));
        out.push_back(t);
    };
    if (const auto* arr = n.as_array()) {
        if (arr->empty()) fail(file, n, fmt::format("'{}' is an empty list", key));
        for (const auto& v : *arr) take(v);
    } else {
        take(n);
    }
    return out;
}

bool is_letters(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
}

// Places: a two-letter ISO country code, or an airport ident of 3 to 7 letters and digits.
std::vector<std::string> places(const std::string& file, std::string_view key, const toml::node& n) {
    auto out = strings(file, key, n);
    for (auto& p : out) {
        p = upper(p);
        const bool alnum = std::all_of(p.begin(), p.end(),
                                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
        if (!alnum || p.size() < 2 || p.size() > 7 || (p.size() == 2 && !is_letters(p)))
            fail(file, n,
                 fmt::format("'{}': '{}' is neither a two-letter country code nor an airport ident", key, p));
    }
    return out;
}

WatchRule parse_rule(const std::string& file, const toml::table& t, std::size_t index) {
    WatchRule r;
    r.line = t.source().begin.line;
    for (const auto& [k, v] : t) {
        const std::string_view key = k.str();
        if (key == "name") {
            const auto s = v.value<std::string>();
            if (!v.is_string() || !s) fail(file, v, "'name' takes text");
            r.name = *s;
        } else if (key == "type") {
            for (auto& s : strings(file, key, v)) r.types.push_back(upper(s));
        } else if (key == "operator") {
            for (auto& s : strings(file, key, v)) {
                if (s.size() != 3 || !is_letters(s))
                    fail(file, v,
                         fmt::format("'operator': '{}' is not a three-letter ICAO airline designator", s));
                r.operators.push_back(upper(s));
            }
        } else if (key == "registration") {
            for (auto& s : strings(file, key, v)) r.registrations.push_back(registration_key(s));
        } else if (key == "icao24") {
            for (auto& s : strings(file, key, v)) {
                const auto a = detail::parse_icao24(s);
                if (!a) fail(file, v, fmt::format("'icao24': '{}' is not six hex digits", s));
                r.icao24.push_back(*a);
            }
        } else if (key == "from") {
            r.from = places(file, key, v);
        } else if (key == "to") {
            r.to = places(file, key, v);
        } else if (key == "between") {
            r.between = places(file, key, v);
            if (r.between.size() != 2) fail(file, v, "'between' takes exactly two places");
        } else {
            fail(
                file, v,
                fmt::format(
                    "unknown key '{}' (known: name, type, operator, registration, icao24, from, to, between)",
                    key));
        }
    }
    if (r.name.empty()) r.name = fmt::format("rule {}", index + 1);
    if (r.types.empty() && r.operators.empty() && r.registrations.empty() && r.icao24.empty() &&
        r.from.empty() && r.to.empty() && r.between.empty())
        throw InputError(where(file, t.source()),
                         fmt::format("rule '{}' has no condition: it would match every flight", r.name),
                         FORMAT_HINT);
    return r;
}

template <class T, class F>
bool any_of_or_empty(const std::vector<T>& wanted, F&& pred) {
    return wanted.empty() || std::any_of(wanted.begin(), wanted.end(), pred);
}

bool end_matches(const std::vector<std::string>& places, const std::optional<FlightEnd>& end) {
    if (places.empty()) return true;
    return end && std::any_of(places.begin(), places.end(),
                              [&](const std::string& p) { return place_matches(p, *end); });
}

}  // namespace

bool place_matches(std::string_view place, const FlightEnd& end) {
    const std::string p = upper(place);
    if (p.size() == 2 && is_letters(p)) return !end.country.empty() && upper(end.country) == p;
    return upper(end.airport) == p;
}

Watchlist Watchlist::parse(std::string_view text, const std::string& file) {
    toml::table doc;
    try {
        doc = toml::parse(text, file);
    } catch (const toml::parse_error& e) {
        throw InputError(where(file, e.source()), std::string(e.description()), FORMAT_HINT);
    }
    Watchlist w;
    for (const auto& [k, v] : doc) {
        if (k.str() != "rule")
            throw InputError(where(file, v.source()),
                             fmt::format("unknown key '{}' (rules are [[rule]] tables)", k.str()),
                             FORMAT_HINT);
        const auto* arr = v.as_array();
        if (!arr) fail(file, v, "'rule' must be written as [[rule]] tables");
        for (const auto& item : *arr) {
            const auto* t = item.as_table();
            if (!t) fail(file, item, "each rule must be a table ([[rule]])");
            w.m_rules.push_back(parse_rule(file, *t, w.m_rules.size()));
        }
    }
    if (w.m_rules.empty()) throw InputError({file, 1}, "holds no [[rule]]", FORMAT_HINT);
    return w;
}

Watchlist Watchlist::load(const std::filesystem::path& path) {
    return parse(read_text_file(path), path.string());
}

std::vector<const WatchRule*> Watchlist::matches(const Flight& f) const {
    std::vector<const WatchRule*> out;
    const std::string type = upper(f.typecode);
    const std::string op = upper(f.operator_code);
    const std::string reg = registration_key(f.registration);
    for (const WatchRule& r : m_rules) {
        const bool ok =
            any_of_or_empty(r.types, [&](const std::string& t) { return t == type; }) &&
            any_of_or_empty(r.operators,
                            [&](const std::string& o) {
                                return o == op || std::find(f.operator_codes.begin(), f.operator_codes.end(),
                                                            o) != f.operator_codes.end();
                            }) &&
            any_of_or_empty(r.registrations,
                            [&](const std::string& g) { return !reg.empty() && g == reg; }) &&
            any_of_or_empty(r.icao24, [&](std::uint32_t a) { return a == f.icao; }) &&
            end_matches(r.from, f.departure) && end_matches(r.to, f.arrival) &&
            (r.between.empty() ||
             (f.departure && f.arrival &&
              ((place_matches(r.between[0], *f.departure) && place_matches(r.between[1], *f.arrival)) ||
               (place_matches(r.between[1], *f.departure) && place_matches(r.between[0], *f.arrival)))));
        if (ok) out.push_back(&r);
    }
    return out;
}

}  // namespace reckon::adsb
