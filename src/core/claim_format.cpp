// External forms of claims and events: JSON lines, CSV and a terminal table.
#include "reckon/core/claim_format.hpp"

#include <fmt/core.h>

#include <cmath>

namespace reckon::core {

namespace {

nlohmann::ordered_json period_json(const Period& p) { return {to_iso(p.first), to_iso(p.last)}; }

nlohmann::ordered_json attribution_json(const Attribution& a) {
    return {{"text", a.text}, {"class", std::string(to_string(a.source_class))}};
}

std::string period_text(const std::optional<Period>& p, bool unresolved) {
    if (!p) return unresolved ? "unresolved" : "";
    if (p->first == p->last) return to_iso(p->first);
    return to_iso(p->first) + ".." + to_iso(p->last);
}

// Unit conversion leaves binary noise (600 mi → 965.6064000000001 km); twelve significant
// digits are far beyond any figure's real precision and print cleanly.
double clean(double v) {
    if (!std::isfinite(v) || v == 0) return v;
    double scale = std::pow(10.0, 11 - static_cast<int>(std::floor(std::log10(std::fabs(v)))));
    return std::round(v * scale) / scale;
}

std::string optional_value(const std::optional<double>& v) { return v ? format_value(*v) : ""; }

// Cuts a UTF-8 string to at most `width` code points, ending in "…" when cut.
std::string fit(const std::string& s, size_t width) {
    size_t count = 0;
    size_t i = 0;
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (count == width) break;
            ++count;
        }
    }
    if (i >= s.size()) return s + std::string(width - count, ' ');
    // Back off one code point to make room for the ellipsis.
    size_t j = i;
    do {
        --j;
    } while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80);
    return s.substr(0, j) + "…";
}

}  // namespace

std::string format_value(double v) {
    if (!std::isfinite(v)) return "";
    if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{:.0f}", v);
    std::string s = fmt::format("{:.6f}", v);
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

nlohmann::ordered_json to_json(const Claim& c) {
    nlohmann::ordered_json j;
    j["kind"] = "claim";
    j["metric"] = c.metric;
    j["subject"] = c.subject;
    if (!c.object.empty()) j["object"] = c.object;
    if (!c.what.empty()) j["what"] = c.what;
    if (c.figure_kind) j["figure_kind"] = std::string(to_string(*c.figure_kind));
    if (!c.change.empty()) j["change"] = c.change;
    j["value"] = clean(c.value);
    if (c.low) j["low"] = clean(*c.low);
    if (c.high) j["high"] = clean(*c.high);
    j["unit"] = c.unit;
    j["qualifier"] = std::string(to_string(c.qualifier));
    if (c.period) j["period"] = period_json(*c.period);
    if (c.time_unresolved) j["time_unresolved"] = true;
    if (c.said) j["said"] = period_json(*c.said);
    if (c.due) j["due"] = to_iso(*c.due);
    j["attribution"] = attribution_json(c.attribution);
    j["text"] = c.quantity_text;
    j["sentence"] = c.sentence;
    j["start"] = c.start;
    j["end"] = c.end;
    j["document"] = c.document;
    return j;
}

nlohmann::ordered_json to_json(const Event& e) {
    nlohmann::ordered_json j;
    j["kind"] = "event";
    j["type"] = e.kind;
    if (e.date) j["date"] = to_iso(*e.date);
    if (e.time_unresolved) j["time_unresolved"] = true;
    j["roles"] = e.roles;
    j["attribution"] = attribution_json(e.attribution);
    j["sentence"] = e.sentence;
    j["start"] = e.start;
    j["end"] = e.end;
    j["document"] = e.document;
    return j;
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char ch : s) {
        if (ch == '"') out += '"';
        out += ch;
    }
    return out + "\"";
}

std::string claims_csv_header() {
    return "metric,subject,object,what,figure_kind,change,value,low,high,unit,qualifier,period_first,period_"
           "last,"
           "time_unresolved,said_first,said_last,due,attribution,source_class,text,sentence,"
           "start,end,document";
}

std::string to_csv_row(const Claim& c) {
    std::string row;
    auto add = [&row](const std::string& field) {
        if (!row.empty()) row += ',';
        row += csv_field(field);
    };
    row = csv_field(c.metric);
    add(c.subject);
    add(c.object);
    add(c.what);
    add(c.figure_kind ? std::string(to_string(*c.figure_kind)) : "");
    add(c.change);
    add(format_value(c.value));
    add(optional_value(c.low));
    add(optional_value(c.high));
    add(c.unit);
    add(std::string(to_string(c.qualifier)));
    add(c.period ? to_iso(c.period->first) : "");
    add(c.period ? to_iso(c.period->last) : "");
    add(c.time_unresolved ? "true" : "false");
    add(c.said ? to_iso(c.said->first) : "");
    add(c.said ? to_iso(c.said->last) : "");
    add(c.due ? to_iso(*c.due) : "");
    add(c.attribution.text);
    add(std::string(to_string(c.attribution.source_class)));
    add(c.quantity_text);
    add(c.sentence);
    add(std::to_string(c.start));
    add(std::to_string(c.end));
    add(c.document);
    return row;
}

std::string events_csv_header() {
    return "type,date,time_unresolved,aircraft_type,operator,from,to,attribution,source_class,"
           "sentence,start,end,document";
}

std::string to_csv_row(const Event& e) {
    auto role = [&e](const char* name) {
        auto it = e.roles.find(name);
        return it == e.roles.end() ? std::string() : it->second;
    };
    std::string row = csv_field(e.kind);
    for (const std::string& field :
         {e.date ? to_iso(*e.date) : std::string(), std::string(e.time_unresolved ? "true" : "false"),
          role("aircraft_type"), role("operator"), role("from"), role("to"), e.attribution.text,
          std::string(to_string(e.attribution.source_class)), e.sentence, std::to_string(e.start),
          std::to_string(e.end), e.document}) {
        row += ',';
        row += csv_field(field);
    }
    return row;
}

void write_table(std::ostream& out, const std::vector<Claim>& claims, const std::vector<Event>& events,
                 bool header) {
    if (header && !claims.empty())
        out << fit("metric", 17) << ' ' << fit("subject", 14) << ' ' << fit("value", 14) << ' '
            << fit("unit", 10) << ' ' << fit("qualifier", 9) << ' ' << fit("period", 22) << ' '
            << fit("source", 12) << ' ' << "text\n";
    for (const auto& c : claims) {
        std::string value = format_value(c.value);
        if (c.qualifier == Qualifier::range && c.low && c.high)
            value = format_value(*c.low) + "–" + format_value(*c.high);
        out << fit(c.metric, 17) << ' ' << fit(c.subject, 14) << ' ' << fit(value, 14) << ' '
            << fit(c.unit, 10) << ' ' << fit(std::string(to_string(c.qualifier)), 9) << ' '
            << fit(c.period || !c.due ? period_text(c.period, c.time_unresolved) : "due " + to_iso(*c.due),
                   22)
            << ' ' << fit(std::string(to_string(c.attribution.source_class)), 12) << ' ' << c.quantity_text
            << '\n';
    }
    if (header && !events.empty())
        out << (claims.empty() ? "" : "\n") << fit("event", 10) << ' ' << fit("date", 12) << ' '
            << fit("source", 12) << ' ' << "roles\n";
    for (const auto& e : events) {
        std::string roles;
        for (const auto& [role, value] : e.roles) {
            if (!roles.empty()) roles += ' ';
            roles.append(role).append("=").append(value);
        }
        out << fit(e.kind, 10) << ' ' << fit(e.date ? to_iso(*e.date) : "unresolved", 12) << ' '
            << fit(std::string(to_string(e.attribution.source_class)), 12) << ' ' << roles << '\n';
    }
}

}  // namespace reckon::core
