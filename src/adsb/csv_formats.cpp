// The CSV archive formats (archives.hpp): OpenSky raw messages (rawmsg,mintime in any column
// order, times in Unix seconds or ISO 8601), the traffic library's CSV (pandas to_csv of a
// Traffic: timestamp,icao24,latitude,longitude,altitude,groundspeed,track,vertical_rate,...
// in ft, kt and ft/min), and Flightradar24's CSV export (Timestamp,UTC,Callsign,Position,
// Altitude,Speed,Direction; Position is "lat,lon" in quotes). Columns are found by the
// header's names; a row that does not fit is counted, never thrown.
#include <cmath>
#include <string>
#include <unordered_map>
#include <vector>

#include "line_parser.hpp"
#include "parse_number.hpp"
#include "reckon/adsb/archives.hpp"
#include "reckon/adsb/decode.hpp"
#include "reckon/core/text.hpp"

namespace reckon::adsb {

namespace detail {
std::uint32_t fr24_pseudo_address(std::string_view callsign);
}

namespace {

constexpr std::size_t MAX_COLUMNS = 64;

// Splits a CSV line on commas outside double quotes; quotes are removed from each field
// (a doubled quote inside is kept as one). Returns false on more than MAX_COLUMNS fields or an
// unclosed quote.
bool split_quoted(std::string_view line, std::vector<std::string>& out) {
    out.clear();
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < line.size() && line[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.push_back(std::move(field));
            field.clear();
            if (out.size() >= MAX_COLUMNS) return false;
        } else {
            field += c;
        }
    }
    if (quoted) return false;
    out.push_back(std::move(field));
    return true;
}

// A CSV parser whose columns are named by its first line.
class HeaderCsvParser : public detail::LineParser {
protected:
    void line(std::string_view text, RecordSink& sink) override {
        if (!split_quoted(text, m_fields)) {
            ++m_counters.bad_lines;
            return;
        }
        if (!m_have_header) {
            m_have_header = true;
            m_index.clear();
            for (std::size_t i = 0; i < m_fields.size(); ++i)
                m_index[std::string(core::trim(m_fields[i]))] = i;
            ++m_counters.other_rows;
            if (!header_ok()) m_bad_header = true;
            return;
        }
        if (m_bad_header || !row(sink)) ++m_counters.bad_lines;
    }
    virtual bool header_ok() const = 0;
    virtual bool row(RecordSink& sink) = 0;

    bool has(std::string_view name) const { return m_index.contains(std::string(name)); }
    // The field of column `name` ("" when absent), trimmed.
    std::string_view field(std::string_view name) const {
        const auto it = m_index.find(std::string(name));
        if (it == m_index.end() || it->second >= m_fields.size()) return {};
        return core::trim(m_fields[it->second]);
    }
    // The first present column of `names`.
    std::string_view first_of(std::initializer_list<std::string_view> names) const {
        for (auto n : names)
            if (has(n)) return field(n);
        return {};
    }
    // Empty/NaN → nullopt and ok; a bad number → nullopt and ok = false.
    static std::optional<double> num(std::string_view s, bool& ok) {
        if (s.empty() || s == "NaN" || s == "nan" || s == "None" || s == "null") return std::nullopt;
        const auto v = detail::parse_double(s);
        if (!v) ok = false;
        return v;
    }
    static std::optional<bool> boolean(std::string_view s) {
        if (s == "True" || s == "true" || s == "1" || s == "TRUE") return true;
        if (s == "False" || s == "false" || s == "0" || s == "FALSE") return false;
        return std::nullopt;
    }
    void emit(Message& m, RecordSink& sink) {
        m.origin = MessageOrigin::opensky;
        ++m_counters.records;
        sink.message(m);
    }

private:
    std::vector<std::string> m_fields;
    std::unordered_map<std::string, std::size_t> m_index;
    bool m_have_header = false;
    bool m_bad_header = false;
};

// OpenSky raw messages: rawmsg (hex) and mintime, any other columns ignored.
class OpenSkyRawParser : public HeaderCsvParser {
protected:
    bool header_ok() const override { return has("rawmsg") && has("mintime"); }
    bool row(RecordSink& sink) override {
        const auto t = parse_time_text(field("mintime"));
        const auto hex = field("rawmsg");
        Frame f;
        if (!t) return false;
        if (!parse_hex_frame(hex, f)) {
            if (hex.size() == 4 || hex.size() == 2) {
                ++m_counters.mode_ac;
                return true;
            }
            ++m_counters.bad_hex;
            return true;
        }
        f.t_s = *t;
        ++m_counters.records;
        sink.frame(f);
        return true;
    }
};

// The traffic library's CSV (pyopensky's history with traffic's column names too).
class TrafficCsvParser : public HeaderCsvParser {
protected:
    bool header_ok() const override { return has("timestamp") && has("icao24"); }
    bool row(RecordSink& sink) override {
        Message m;
        const auto t = parse_time_text(field("timestamp"));
        const auto icao = detail::parse_icao24(field("icao24"));
        if (!t || !icao) return false;
        m.t_s = *t;
        m.icao = *icao;
        bool ok = true;
        const auto lat = num(field("latitude"), ok);
        const auto lon = num(field("longitude"), ok);
        const auto alt = num(field("altitude"), ok);
        const auto gs = num(field("groundspeed"), ok);
        const auto track = num(field("track"), ok);
        const auto vr = num(field("vertical_rate"), ok);
        if (!ok) return false;
        if (lat && lon) {
            if (!detail::valid_lat_lon(*lat, *lon)) return false;
            // A row repeats the last position until a new one arrives (last_position).
            const auto last = parse_time_text(field("last_position"));
            double& seen = m_last_position_s[m.icao];
            const double pos_t = last.value_or(*t);
            if (!last || pos_t > seen) {
                seen = pos_t;
                m.lat_deg = lat;
                m.lon_deg = lon;
                m.t_s = pos_t;
            }
        }
        if (alt) m.altitude_ft = static_cast<int>(std::lround(*alt));
        m.ground_speed_kt = gs;
        m.track_deg = track;
        if (vr) m.vertical_rate_fpm = static_cast<int>(std::lround(*vr));
        m.callsign = std::string(field("callsign"));
        m.on_ground = boolean(field("onground"));
        if (const auto sq = field("squawk"); !sq.empty()) {
            // pandas writes a squawk read as a number as "1000.0" or drops leading zeros.
            std::string digits(sq.substr(0, sq.find('.')));
            while (digits.size() < 4) digits.insert(digits.begin(), '0');
            m.squawk = detail::parse_squawk(digits);
        }
        emit(m, sink);
        return true;
    }

private:
    std::unordered_map<std::uint32_t, double> m_last_position_s;
};

// Flightradar24 CSV export: one flight per file, no address (a pseudo-address from the
// callsign stands in, marked non-ICAO).
class Fr24CsvParser : public HeaderCsvParser {
protected:
    bool header_ok() const override { return has("Timestamp") && has("Position"); }
    bool row(RecordSink& sink) override {
        Message m;
        std::optional<double> t = detail::parse_double(field("Timestamp"));
        if (!t) t = parse_time_text(field("UTC"));
        const auto pos = field("Position");
        const auto comma = pos.find(',');
        if (!t || comma == std::string_view::npos) return false;
        const auto lat = detail::parse_double(pos.substr(0, comma));
        const auto lon = detail::parse_double(pos.substr(comma + 1));
        if (!lat || !lon || !detail::valid_lat_lon(*lat, *lon)) return false;
        bool ok = true;
        const auto alt = num(field("Altitude"), ok);
        const auto speed = num(field("Speed"), ok);
        const auto direction = num(field("Direction"), ok);
        if (!ok) return false;
        m.callsign = std::string(field("Callsign"));
        m.icao = detail::fr24_pseudo_address(m.callsign);
        m.non_icao_address = true;
        m.t_s = *t;
        m.lat_deg = lat;
        m.lon_deg = lon;
        if (alt) m.altitude_ft = static_cast<int>(std::lround(*alt));
        m.ground_speed_kt = speed;
        m.track_deg = direction;
        if (alt) m.on_ground = *alt <= 0 && speed.value_or(0) < 50;
        emit(m, sink);
        return true;
    }
};

}  // namespace

std::unique_ptr<InputParser> make_opensky_raw_parser() { return std::make_unique<OpenSkyRawParser>(); }
std::unique_ptr<InputParser> make_traffic_csv_parser() { return std::make_unique<TrafficCsvParser>(); }
std::unique_ptr<InputParser> make_fr24_csv_parser() { return std::make_unique<Fr24CsvParser>(); }

}  // namespace reckon::adsb
