// The JSON archive formats (archives.hpp): readsb/tar1090 traces, aircraft.json snapshots
// (readsb, dump1090, ADS-B Exchange readsb-hist and its API's "ac" form), and Flightradar24
// JSON. A document is gathered whole (up to MAX_DOCUMENT_BYTES) and read at finish(); finish()
// may be called once per document, so one parser reads a folder or an archive of them and
// keeps what spans documents (the last position time of each aircraft, to drop repeats).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "line_parser.hpp"
#include "parse_number.hpp"
#include "reckon/adsb/archives.hpp"
#include "reckon/core/text.hpp"

namespace reckon::adsb {
namespace {

using nlohmann::json;

constexpr std::size_t MAX_DOCUMENT_BYTES = std::size_t{512} << 20;
constexpr int MAX_SEARCH_DEPTH = 6;
constexpr double MS_THRESHOLD = 1e11;  // a "now" above this is milliseconds
// readsb trace point flags.
constexpr int FLAG_STALE = 1;
constexpr int FLAG_GEOMETRIC_ALTITUDE = 8;

std::optional<double> number(const json& v) {
    if (!v.is_number()) return std::nullopt;
    const double d = v.get<double>();
    if (!std::isfinite(d)) return std::nullopt;
    return d;
}

std::optional<double> number_at(const json& obj, const char* key) {
    if (!obj.is_object()) return std::nullopt;
    const auto it = obj.find(key);
    return it == obj.end() ? std::nullopt : number(*it);
}

std::string string_at(const json& obj, const char* key) {
    if (!obj.is_object()) return {};
    const auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? std::string(core::trim(it->get<std::string>()))
                                              : std::string();
}

std::optional<std::uint16_t> squawk_of(const json& v) {
    if (v.is_string()) return detail::parse_squawk(v.get<std::string>());
    if (v.is_number_unsigned()) return detail::parse_squawk(fmt::format("{:04}", v.get<unsigned>()));
    return std::nullopt;
}

// "3c66b2" or "~3c66b2" (a non-ICAO address) → the address.
std::optional<std::uint32_t> address_of(std::string hex, bool* non_icao) {
    if (!hex.empty() && hex[0] == '~') {
        hex.erase(0, 1);
        if (non_icao) *non_icao = true;
    }
    return detail::parse_icao24(hex);
}

// A pseudo-address for rows that carry none (FR24 CSV): FNV-1a of the callsign in 24 bits,
// marked non-ICAO so it is never looked up as a registration.
std::uint32_t pseudo_address(std::string_view key) {
    std::uint32_t h = 2166136261u;
    for (char c : key) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h & 0xFFFFFFu;
}

class DocumentParser : public InputParser {
public:
    void feed(std::span<const std::uint8_t> data, RecordSink& /*sink*/) override {
        m_counters.bytes += data.size();
        if (m_too_big) return;
        if (m_text.size() + data.size() > MAX_DOCUMENT_BYTES) {
            m_too_big = true;
            m_text.clear();
            return;
        }
        m_text.append(reinterpret_cast<const char*>(data.data()), data.size());  // NOLINT(*-reinterpret-cast)
    }
    void finish(RecordSink& sink) override {
        if (m_too_big) {
            ++m_counters.bad_lines;
        } else if (!core::trim(m_text).empty()) {
            const auto j = json::parse(m_text, nullptr, false);
            if (j.is_discarded())
                ++m_counters.bad_lines;
            else
                read(j, sink);
        }
        m_text.clear();
        m_too_big = false;
    }
    void select(const ArchiveSelection& s) override { m_select = s; }

protected:
    virtual void read(const json& doc, RecordSink& sink) = 0;
    void emit(Message& m, RecordSink& sink) {
        m.origin = MessageOrigin::opensky;
        ++m_counters.records;
        sink.message(m);
    }
    ArchiveSelection m_select;

private:
    std::string m_text;
    bool m_too_big = false;
};

// readsb/tar1090 trace_full_*.json and trace_recent_*.json.
class TraceParser : public DocumentParser {
protected:
    void read(const json& doc, RecordSink& sink) override {
        if (!doc.is_object() || !doc.contains("trace") || !doc["trace"].is_array()) {
            ++m_counters.bad_lines;
            return;
        }
        bool non_icao = false;
        const auto icao = address_of(string_at(doc, "icao"), &non_icao);
        const auto base = number_at(doc, "timestamp");
        if (!icao || !base) {
            ++m_counters.bad_lines;
            return;
        }
        const json& trace = doc["trace"];
        if (!selected(doc, *icao, trace)) {
            ++m_counters.not_selected;
            return;
        }
        for (const auto& p : trace) {
            Message m;
            if (!point(p, *base, m)) {
                ++m_counters.bad_lines;
                continue;
            }
            m.icao = *icao;
            m.non_icao_address = non_icao;
            emit(m, sink);
        }
    }

private:
    bool selected(const json& doc, std::uint32_t icao, const json& trace) const {
        if (!m_select.wants_icao(icao) || !m_select.wants_type(string_at(doc, "t"))) return false;
        if (!m_select.operators.empty()) {
            bool ok = m_select.wants_operator(string_at(doc, "ownOp"), {});
            for (std::size_t i = 0; !ok && i < trace.size(); ++i)
                if (trace[i].is_array() && trace[i].size() > 8)
                    ok = m_select.wants_operator({}, string_at(trace[i][8], "flight"));
            if (!ok) return false;
        }
        if (m_select.area) {
            return std::ranges::any_of(trace, [&](const json& p) {
                if (!p.is_array() || p.size() < 3) return false;
                const auto lat = number(p[1]);
                const auto lon = number(p[2]);
                return lat && lon && m_select.in_area(*lat, *lon);
            });
        }
        return true;
    }

    static bool point(const json& p, double base, Message& m) {
        if (!p.is_array() || p.size() < 3) return false;
        const auto dt = number(p[0]);
        if (!dt) return false;
        m.t_s = base + *dt;
        const int flags = p.size() > 6 && p[6].is_number_integer() ? p[6].get<int>() : 0;
        const auto lat = number(p[1]);
        const auto lon = number(p[2]);
        if (lat && lon && !(flags & FLAG_STALE) && detail::valid_lat_lon(*lat, *lon)) {
            m.lat_deg = lat;
            m.lon_deg = lon;
        }
        if (p.size() > 3) {
            if (p[3].is_string() && p[3].get<std::string>() == "ground") {
                m.on_ground = true;
            } else if (const auto alt = number(p[3])) {
                m.altitude_ft = static_cast<int>(std::lround(*alt));
                m.altitude_is_gnss = (flags & FLAG_GEOMETRIC_ALTITUDE) != 0;
                m.on_ground = false;
            }
        }
        if (p.size() > 4) m.ground_speed_kt = number(p[4]);
        if (p.size() > 5) m.track_deg = number(p[5]);
        if (p.size() > 7)
            if (const auto vr = number(p[7])) m.vertical_rate_fpm = static_cast<int>(std::lround(*vr));
        if (p.size() > 8 && p[8].is_object()) {
            const json& d = p[8];
            m.callsign = string_at(d, "flight");
            if (const auto it = d.find("squawk"); it != d.end()) m.squawk = squawk_of(*it);
            m.category = string_at(d, "category");
        }
        return true;
    }
};

// aircraft.json snapshots: {"now": s, "aircraft": [{"hex", "flight", "alt_baro", "gs", ...}]}
// (readsb, dump1090-fa, readsb-hist) or {"now": ms, "ac": [...]} (the ADS-B Exchange API).
class AircraftJsonParser : public DocumentParser {
protected:
    void read(const json& doc, RecordSink& sink) override {
        auto now = number_at(doc, "now");
        const json* list = nullptr;
        if (doc.is_object())
            for (const char* key : {"aircraft", "ac"})
                if (const auto it = doc.find(key); it != doc.end() && it->is_array()) list = &*it;
        if (!now || !list) {
            ++m_counters.bad_lines;
            return;
        }
        if (*now > MS_THRESHOLD) *now /= 1000;
        for (const auto& a : *list) {
            Message m;
            if (!row(a, *now, m)) {
                ++m_counters.bad_lines;
                continue;
            }
            if (!m_select.wants_icao(m.icao) || !m_select.wants_type(string_at(a, "t")) ||
                !m_select.wants_operator(string_at(a, "ownOp"), m.callsign) ||
                (m_select.area && !(m.lat_deg && m_select.in_area(*m.lat_deg, *m.lon_deg)))) {
                ++m_counters.not_selected;
                continue;
            }
            emit(m, sink);
        }
    }

private:
    bool row(const json& a, double now, Message& m) {
        if (!a.is_object()) return false;
        bool non_icao = false;
        const auto icao = address_of(string_at(a, "hex"), &non_icao);
        if (!icao) return false;
        m.icao = *icao;
        m.non_icao_address = non_icao;
        m.t_s = now - number_at(a, "seen").value_or(0);
        m.callsign = string_at(a, "flight");
        const auto alt = a.contains("alt_baro")   ? a["alt_baro"]
                         : a.contains("altitude") ? a["altitude"]
                                                  : json();
        if (alt.is_string() && alt.get<std::string>() == "ground") {
            m.on_ground = true;
        } else if (const auto v = number(alt)) {
            m.altitude_ft = static_cast<int>(std::lround(*v));
            m.on_ground = false;
        }
        m.ground_speed_kt = number_at(a, "gs");
        if (!m.ground_speed_kt) m.ground_speed_kt = number_at(a, "speed");
        m.track_deg = number_at(a, "track");
        auto vr = number_at(a, "baro_rate");
        if (!vr) vr = number_at(a, "vert_rate");
        if (!vr) vr = number_at(a, "geom_rate");
        if (vr) m.vertical_rate_fpm = static_cast<int>(std::lround(*vr));
        if (const auto it = a.find("squawk"); it != a.end()) m.squawk = squawk_of(*it);
        m.category = string_at(a, "category");
        const auto lat = number_at(a, "lat");
        const auto lon = number_at(a, "lon");
        if (lat && lon && detail::valid_lat_lon(*lat, *lon)) {
            // A snapshot repeats a position until a new one arrives: keep it once, at its time.
            const double t = now - number_at(a, "seen_pos").value_or(number_at(a, "seen").value_or(0));
            auto [it, fresh] = m_last_position_s.try_emplace(m.icao, t);
            if (fresh || t > it->second) {
                it->second = t;
                m.lat_deg = lat;
                m.lon_deg = lon;
                m.t_s = t;
            }
        }
        return true;
    }
    std::unordered_map<std::uint32_t, double> m_last_position_s;
};

// Flightradar24 JSON: the playback API ({"result": {"response": {"data": {"flight": {"track":
// [...]}}}}}) or the click handler ({"identification", "aircraft", "trail": [...]}).
class Fr24JsonParser : public DocumentParser {
protected:
    void read(const json& doc, RecordSink& sink) override {
        const json* flight = find_flight(doc, 0);
        if (!flight) {
            ++m_counters.bad_lines;
            return;
        }
        const json& f = *flight;
        std::string callsign;
        if (const auto it = f.find("identification"); it != f.end() && it->is_object()) {
            callsign = string_at(*it, "callsign");
            if (callsign.empty() && it->contains("number") && (*it)["number"].is_object())
                callsign = string_at((*it)["number"], "default");
        }
        std::optional<std::uint32_t> icao;
        std::string type;
        if (const auto it = f.find("aircraft"); it != f.end() && it->is_object()) {
            icao = detail::parse_icao24(string_at(*it, "hex"));
            if (!icao && it->contains("identification"))
                icao = detail::parse_icao24(string_at((*it)["identification"], "modes"));
            if (it->contains("model")) type = string_at((*it)["model"], "code");
        }
        const bool pseudo = !icao;
        const std::uint32_t address = icao ? *icao : pseudo_address(callsign);
        if (!m_select.wants_icao(address) || !m_select.wants_type(type) ||
            !m_select.wants_operator({}, callsign)) {
            ++m_counters.not_selected;
            return;
        }
        const bool trail = f.contains("trail") && f["trail"].is_array();
        for (const auto& p : trail ? f["trail"] : f["track"]) {
            Message m;
            m.icao = address;
            m.non_icao_address = pseudo;
            m.callsign = callsign;
            if (!(trail ? trail_point(p, m) : track_point(p, m))) {
                ++m_counters.bad_lines;
                continue;
            }
            if (m_select.area && !(m.lat_deg && m_select.in_area(*m.lat_deg, *m.lon_deg))) {
                ++m_counters.not_selected;
                continue;
            }
            emit(m, sink);
        }
    }

private:
    static bool is_track(const json& v) {
        return v.is_array() && !v.empty() && v[0].is_object() && v[0].contains("timestamp") &&
               v[0].contains("latitude");
    }
    static const json* find_flight(const json& j, int depth) {
        if (!j.is_object() || depth > MAX_SEARCH_DEPTH) return nullptr;
        if (const auto it = j.find("trail"); it != j.end() && it->is_array()) return &j;
        if (const auto it = j.find("track"); it != j.end() && is_track(*it)) return &j;
        for (const char* key : {"result", "response", "data", "flight"})
            if (const auto it = j.find(key); it != j.end())
                if (const json* f = find_flight(*it, depth + 1)) return f;
        return nullptr;
    }
    static std::optional<double> unit_value(const json& p, const char* key, const char* unit) {
        if (!p.contains(key)) return std::nullopt;
        const json& v = p[key];
        return v.is_object() ? number_at(v, unit) : number(v);
    }
    static bool fill_common(double t, std::optional<double> lat, std::optional<double> lon, Message& m) {
        if (t < 0 || !lat || !lon || !detail::valid_lat_lon(*lat, *lon)) return false;
        m.t_s = t;
        m.lat_deg = lat;
        m.lon_deg = lon;
        return true;
    }
    static bool track_point(const json& p, Message& m) {
        if (!p.is_object()) return false;
        const auto t = number_at(p, "timestamp");
        if (!t || !fill_common(*t, number_at(p, "latitude"), number_at(p, "longitude"), m)) return false;
        if (const auto alt = unit_value(p, "altitude", "feet"))
            m.altitude_ft = static_cast<int>(std::lround(*alt));
        m.ground_speed_kt = unit_value(p, "speed", "kts");
        m.track_deg = number_at(p, "heading");
        if (const auto vs = unit_value(p, "verticalSpeed", "fpm"))
            m.vertical_rate_fpm = static_cast<int>(std::lround(*vs));
        if (const auto it = p.find("squawk"); it != p.end()) m.squawk = squawk_of(*it);
        if (m.altitude_ft) m.on_ground = *m.altitude_ft <= 0 && m.ground_speed_kt.value_or(0) < 50;
        return true;
    }
    static bool trail_point(const json& p, Message& m) {
        if (!p.is_object()) return false;
        const auto t = number_at(p, "ts");
        if (!t || !fill_common(*t, number_at(p, "lat"), number_at(p, "lng"), m)) return false;
        if (const auto alt = number_at(p, "alt")) m.altitude_ft = static_cast<int>(std::lround(*alt));
        m.ground_speed_kt = number_at(p, "spd");
        m.track_deg = number_at(p, "hd");
        if (m.altitude_ft) m.on_ground = *m.altitude_ft <= 0 && m.ground_speed_kt.value_or(0) < 50;
        return true;
    }
};

}  // namespace

std::unique_ptr<InputParser> make_trace_parser() { return std::make_unique<TraceParser>(); }
std::unique_ptr<InputParser> make_aircraft_json_parser() { return std::make_unique<AircraftJsonParser>(); }
std::unique_ptr<InputParser> make_fr24_json_parser() { return std::make_unique<Fr24JsonParser>(); }

namespace detail {
std::uint32_t fr24_pseudo_address(std::string_view callsign) { return pseudo_address(callsign); }
}  // namespace detail

}  // namespace reckon::adsb
