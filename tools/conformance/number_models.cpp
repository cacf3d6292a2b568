// Checkers for the Recognizers-Text number and number-with-unit models: NumberModel,
// NumberRangeModel, PercentModel, CurrencyModel and DimensionModel. Each runs reckon's
// recognizer on one spec case and compares every expected result (span, value, unit). The
// kinds of case left out by design are listed, with reasons, in docs/conformance.md.
#include <fmt/core.h>

#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "conformance.hpp"
#include "reckon/text/numbers.hpp"
#include "reckon/text/quantities.hpp"

namespace reckon::conformance {

namespace {

using nlohmann::json;
using text::Quantity;
using text::QuantityKind;

// Relative tolerance for non-integer values (the spec prints 15 significant digits).
constexpr double VALUE_TOLERANCE = 0.005;

CaseResult left_out() {
    CaseResult r;
    r.in_scope = false;
    return r;
}

std::optional<double> parse_value(const json& v) {
    if (v.is_number()) return v.get<double>();
    if (!v.is_string()) return std::nullopt;
    std::string s = v.get<std::string>();
    if (s.empty() || s == "null") return std::nullopt;
    if (s.back() == '%') s.pop_back();
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (end == s.c_str()) return std::nullopt;
    return d;
}

bool same_value(double expected, double found) {
    if (std::floor(expected) == expected && std::fabs(expected) < 1e15)
        return std::fabs(expected - found) < 1e-6;
    return std::fabs(expected - found) <= VALUE_TOLERANCE * std::fabs(expected);
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

std::string resolution_value(const json& r) {
    if (!r.contains("Resolution") || r["Resolution"].is_null()) return {};
    const json& res = r["Resolution"];
    if (!res.contains("value") || res["value"].is_null()) return {};
    return res["value"].is_string() ? res["value"].get<std::string>() : res["value"].dump();
}

std::string resolution_field(const json& r, const char* key) {
    if (!r.contains("Resolution") || r["Resolution"].is_null()) return {};
    const json& res = r["Resolution"];
    if (!res.contains(key) || res[key].is_null() || !res[key].is_string()) return {};
    return res[key].get<std::string>();
}

// Ordinal words ("the tenth", "fifteenth") are the OrdinalModel's business, not reckon's.
bool mentions_ordinal(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && !std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
        std::size_t b = i;
        while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
        std::string_view w = s.substr(b, i - b);
        if (w.size() > 3 && (w.ends_with("th") || w.ends_with("ths")) && !iequals(w, "month")) return true;
        if (iequals(w, "first") || iequals(w, "second") || iequals(w, "third")) return true;
    }
    return false;
}

template <class Match>
CaseResult judge(const json& c, const std::vector<Match>& found, auto&& span_of, auto&& matches) {
    CaseResult r;
    const std::string input = c["Input"].get<std::string>();
    const json& expected = c["Results"];
    if (expected.empty()) {
        r.passed = found.empty();
        r.false_find = !found.empty();
        if (!found.empty()) {
            auto [b, e] = span_of(found.front());
            r.detail = fmt::format("found '{}' in a negative case", input.substr(b, e - b));
        }
        return r;
    }
    bool all = true;
    for (const auto& exp : expected) {
        const std::string want = exp["Text"].get<std::string>();
        bool hit = false;
        for (const auto& m : found) {
            auto [b, e] = span_of(m);
            if (same_span(want, std::string_view(input).substr(b, e - b)) && matches(exp, m)) {
                hit = true;
                break;
            }
        }
        if (!hit) {
            all = false;
            std::string got;
            for (const auto& m : found) {
                auto [b, e] = span_of(m);
                got += "'" + input.substr(b, e - b) + "' ";
            }
            r.detail += fmt::format("missing '{}'={} (found {}); ", want, resolution_value(exp), got);
        }
    }
    r.passed = all;
    return r;
}

// Drops expected results without a value ("percent" alone, "dollar" alone): reckon reports
// quantities, not unit mentions. Returns false when nothing is left to check.
bool keep_valued(json& c) {
    json kept = json::array();
    for (const auto& r : c["Results"])
        if (!resolution_value(r).empty() && resolution_value(r) != "null") kept.push_back(r);
    if (!c["Results"].empty() && kept.empty()) return false;
    c["Results"] = kept;
    return true;
}

CaseResult check_quantity_case(const json& test_case, auto&& wanted_kind, auto&& unit_ok) {
    json c = test_case;
    if (!keep_valued(c)) return left_out();
    const std::string input = c["Input"].get<std::string>();
    std::vector<Quantity> found;
    for (auto& q : text::find_quantities(input))
        if (wanted_kind(q.kind)) found.push_back(std::move(q));
    auto span = [](const Quantity& q) { return std::pair{q.value_start, q.value_end}; };
    auto match = [&](const json& exp, const Quantity& q) {
        auto v = parse_value(exp["Resolution"]["value"]);
        return v && same_value(*v, q.source_value) && unit_ok(exp, q);
    };
    return judge(c, found, span, match);
}

}  // namespace

CaseResult check_number_case(const json& test_case) {
    json c = test_case;
    if (!keep_valued(c)) return left_out();
    const std::string input = c["Input"].get<std::string>();
    auto found = text::find_numbers(input);
    auto span = [](const text::NumberMatch& m) { return std::pair{m.start, m.end}; };
    auto match = [](const json& exp, const text::NumberMatch& m) {
        auto v = parse_value(exp["Resolution"]["value"]);
        return v && same_value(*v, m.value);
    };
    return judge(c, found, span, match);
}

CaseResult check_number_range_case(const json& test_case) {
    const std::string input = test_case["Input"].get<std::string>();
    for (const auto& r : test_case["Results"])
        if (mentions_ordinal(r["Text"].get<std::string>())) return left_out();
    auto found = text::find_number_ranges(input);
    auto span = [](const text::NumberRangeMatch& m) { return std::pair{m.start, m.end}; };
    auto match = [](const json& exp, const text::NumberRangeMatch& m) {
        std::string v = resolution_value(exp);  // "(20,35]", "[30,)", "(,100]"
        if (v.size() < 3) return false;
        bool lo_inc = v.front() == '[', hi_inc = v.back() == ']';
        std::string inner = v.substr(1, v.size() - 2);
        auto comma = inner.find(',');
        if (comma == std::string::npos) return false;
        auto lo = parse_value(json(inner.substr(0, comma)));
        auto hi = parse_value(json(inner.substr(comma + 1)));
        if (lo.has_value() != m.low.has_value() || hi.has_value() != m.high.has_value()) return false;
        if (lo && (!same_value(*lo, *m.low) || lo_inc != m.low_inclusive)) return false;
        if (hi && (!same_value(*hi, *m.high) || hi_inc != m.high_inclusive)) return false;
        return true;
    };
    return judge(test_case, found, span, match);
}

CaseResult check_percent_case(const json& test_case) {
    return check_quantity_case(
        test_case, [](QuantityKind k) { return k == QuantityKind::percent; },
        [](const json&, const Quantity& q) { return q.unit == "percent"; });
}

CaseResult check_currency_case(const json& test_case) {
    return check_quantity_case(
        test_case, [](QuantityKind k) { return k == QuantityKind::currency; },
        [](const json& exp, const Quantity& q) {
            std::string iso = resolution_field(exp, "isoCurrency");
            if (!iso.empty()) return iequals(iso, q.unit.substr(0, q.unit.find('/')));
            return iequals(resolution_field(exp, "unit"), q.source_unit);
        });
}

CaseResult check_dimension_case(const json& test_case) {
    // Information (bits, bytes) and angles are not quantities reckon measures.
    for (const auto& r : test_case["Results"]) {
        std::string sub = resolution_field(r, "subtype");
        if (sub == "Information" || sub == "Angle") return left_out();
    }
    auto dimension = [](QuantityKind k) {
        return k == QuantityKind::length || k == QuantityKind::area || k == QuantityKind::weight ||
               k == QuantityKind::speed || k == QuantityKind::volume;
    };
    return check_quantity_case(test_case, dimension, [](const json& exp, const Quantity& q) {
        return iequals(resolution_field(exp, "unit"), q.source_unit);
    });
}

}  // namespace reckon::conformance
