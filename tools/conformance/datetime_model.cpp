// Judges reckon's date recognizer (text/dates.hpp) on one DateTimeModel case. In scope are
// results typed datetimeV2.date and datetimeV2.daterange (reckon claims describe days to
// years); a case whose results are all times, datetimes, durations, sets or time ranges is
// left out. Rules and conventions: docs/conformance.md, section "Dates".
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "conformance.hpp"
#include "reckon/core/date.hpp"
#include "reckon/text/dates.hpp"

namespace reckon::conformance {

namespace {

using nlohmann::json;
using text::DateMatch;

bool in_scope_type(const std::string& t) { return t == "datetimeV2.date" || t == "datetimeV2.daterange"; }

std::optional<core::Date> date_field(const json& v, const char* key) {
    if (!v.contains(key) || !v[key].is_string()) return std::nullopt;
    std::string s = v[key].get<std::string>();
    if (s.size() < 10) return std::nullopt;
    return core::parse_iso_date(std::string_view(s).substr(0, 10));
}

// Spec ranges are half-open [start, end); reckon's periods are inclusive and carry their
// modifier separately. These are the spec bounds each reckon reading stands for.
bool range_matches(const json& v, const DateMatch& m) {
    const core::Period& p = *m.period;
    const core::Date after_last = core::add_days(p.last, 1);
    std::vector<core::Date> starts, ends;
    bool open_start = false, open_end = false;
    switch (m.modifier) {
        case DateMatch::Modifier::none:
            starts = {p.first};
            ends = {after_last};
            if (m.upper_first) ends.push_back(*m.upper_first);
            break;
        case DateMatch::Modifier::before:
            open_start = true, ends = {p.first};
            break;
        case DateMatch::Modifier::after:
            starts = {after_last}, open_end = true;
            break;
        case DateMatch::Modifier::since:
            starts = {p.first}, open_end = true;
            break;
        case DateMatch::Modifier::until:
        case DateMatch::Modifier::by:
            open_start = true, ends = {after_last, p.first};
            break;
    }
    auto s = date_field(v, "start"), e = date_field(v, "end");
    bool start_ok = s ? std::find(starts.begin(), starts.end(), *s) != starts.end() : open_start;
    bool end_ok = e ? std::find(ends.begin(), ends.end(), *e) != ends.end() : open_end;
    return start_ok && end_ok;
}

bool value_matches(const std::string& type, const json& v, const DateMatch& m) {
    bool unresolved = v.contains("value") && v["value"] == "not resolved";
    if (unresolved) return !m.period;
    if (!m.period) return false;
    if (type == "datetimeV2.date") {
        auto d = date_field(v, "value");
        if (!d) return false;
        if (m.anchor) return *m.anchor == *d;
        return m.modifier == DateMatch::Modifier::none && m.period->first == *d && m.period->last == *d;
    }
    if (!v.contains("start") && !v.contains("end")) return false;
    return range_matches(v, m);
}

std::string lower(std::string_view s) {
    std::string r(s);
    for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return r;
}

}  // namespace

CaseResult check_datetime_case(const json& test_case) {
    CaseResult r;
    const json& results = test_case["Results"];
    bool any_in_scope = false;
    for (const auto& res : results) any_in_scope = any_in_scope || in_scope_type(type_name(res));
    if (!results.empty() && !any_in_scope) {
        r.in_scope = false;
        return r;
    }
    const std::string input = test_case["Input"].get<std::string>();
    std::optional<core::Date> ref;
    if (test_case.contains("Context") && test_case["Context"].contains("ReferenceDateTime")) {
        std::string s = test_case["Context"]["ReferenceDateTime"].get<std::string>();
        if (s.size() >= 10) ref = core::parse_iso_date(std::string_view(s).substr(0, 10));
    }
    std::vector<DateMatch> found = text::find_dates(input, ref);
    auto span = [&](const DateMatch& m) { return std::string_view(input).substr(m.start, m.end - m.start); };
    if (results.empty()) {
        r.false_find = !found.empty();
        r.passed = !r.false_find;
        if (r.false_find) r.detail = "found '" + std::string(span(found[0])) + "'";
        return r;
    }
    // Byte ranges of every expected result (in or out of scope), to tell extra finds.
    const std::string low = lower(input);
    std::vector<std::pair<std::size_t, std::size_t>> expected_spans;
    std::size_t from = 0;
    for (const auto& res : results) {
        std::string want = lower(res["Text"].get<std::string>());
        std::size_t at = low.find(want, from);
        if (at == std::string::npos) at = low.find(want);
        if (at != std::string::npos) {
            expected_spans.emplace_back(at, at + want.size());
            from = at + want.size();
        }
    }
    std::vector<bool> used(found.size(), false);
    r.passed = true;
    for (const auto& res : results) {
        std::string type = type_name(res);
        if (!in_scope_type(type)) continue;
        std::string want = res["Text"].get<std::string>();
        bool ok = false;
        bool span_seen = false;
        for (std::size_t i = 0; i < found.size() && !ok; ++i) {
            if (used[i] || !same_span(want, span(found[i]))) continue;
            span_seen = true;
            for (const auto& v : res["Resolution"]["values"]) {
                if (value_matches(type, v, found[i])) {
                    ok = true;
                    used[i] = true;
                    break;
                }
            }
        }
        if (!ok) {
            r.passed = false;
            std::string got;
            for (const auto& f : found) {
                got += " '" + std::string(span(f)) + "'=";
                got += f.period ? core::to_iso(f.period->first) + ".." + core::to_iso(f.period->last)
                                : "unresolved";
                if (f.modifier != DateMatch::Modifier::none) got += "/mod" + std::to_string(int(f.modifier));
            }
            r.detail += (span_seen ? "wrong value for '" : "missed '") + want + "';" + " got" + got + ". ";
        }
    }
    for (std::size_t i = 0; i < found.size(); ++i) {
        if (used[i]) continue;
        bool overlaps = false;
        for (auto [b, e] : expected_spans) overlaps = overlaps || (found[i].start < e && b < found[i].end);
        if (!overlaps) {
            r.passed = false;
            r.detail += "extra '" + std::string(span(found[i])) + "'. ";
        }
    }
    return r;
}

}  // namespace reckon::conformance
