// OpenSky Network state-vector CSV (Impala history exports and the "states" datasets):
// time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,
// baroaltitude,geoaltitude,lastposupdate,lastcontact, in SI units. Columns are found by the
// header's names (that order when there is no header). A row repeats the last position until
// a new one arrives, so a position is reported only when lastposupdate changes, at that time.
// Times are Unix seconds (Impala) or ISO 8601 (Trino and pyopensky's CSV: "2024-07-11
// 06:40:00+00:00").
#include <array>
#include <cstdint>
#include <cstdlib>
#include <unordered_map>

#include "line_parser.hpp"
#include "reckon/adsb/archives.hpp"
#include "reckon/core/text.hpp"

namespace reckon::adsb {
namespace {

constexpr double MS_TO_KT = 3600.0 / 1852.0;
constexpr double MS_TO_FPM = 60.0 / 0.3048;
constexpr double M_TO_FT = 1.0 / 0.3048;

// The columns, in the order of a file without a header.
enum class Column : std::uint8_t {
    time,
    icao24,
    lat,
    lon,
    velocity,
    heading,
    vertrate,
    callsign,
    onground,
    alert,
    spi,
    squawk,
    baroaltitude,
    geoaltitude,
    lastposupdate,
    lastcontact,
};
constexpr std::size_t COLUMN_COUNT = static_cast<std::size_t>(Column::lastcontact) + 1;
constexpr std::array<std::string_view, COLUMN_COUNT> NAMES = {
    "time",     "icao24", "lat", "lon",    "velocity",     "heading",     "vertrate",      "callsign",
    "onground", "alert",  "spi", "squawk", "baroaltitude", "geoaltitude", "lastposupdate", "lastcontact"};
constexpr std::size_t MAX_FIELDS = 32;
using Fields = std::array<std::string_view, MAX_FIELDS>;

std::optional<bool> parse_bool(std::string_view s) {
    s = core::unquote(s);
    if (s == "true" || s == "True" || s == "TRUE" || s == "1") return true;
    if (s == "false" || s == "False" || s == "FALSE" || s == "0") return false;
    return std::nullopt;
}

class OpenSkyParser : public detail::LineParser {
public:
    OpenSkyParser() {
        for (std::size_t i = 0; i < COLUMN_COUNT; ++i) m_index[i] = static_cast<int>(i);
    }

protected:
    void line(std::string_view text, RecordSink& sink) override {
        Fields f;
        const std::size_t n = detail::split_csv(text, f);
        if (line_number() == 1 && text.find("icao24") != std::string_view::npos) {
            read_header(f, n);
            ++m_counters.other_rows;
            return;
        }
        Message m;
        if (!fill(f, n, m)) {
            ++m_counters.bad_lines;
            return;
        }
        ++m_counters.records;
        sink.message(m);
    }

private:
    void read_header(const Fields& f, std::size_t n) {
        for (std::size_t c = 0; c < COLUMN_COUNT; ++c) {
            m_index[c] = -1;
            for (std::size_t i = 0; i < n; ++i)
                if (core::unquote(f[i]) == NAMES[c]) m_index[c] = static_cast<int>(i);
        }
    }

    std::string_view field(const Fields& f, std::size_t n, Column c) const {
        const int i = m_index[static_cast<std::size_t>(c)];
        if (i < 0 || static_cast<std::size_t>(i) >= n) return {};
        return core::unquote(f[i]);
    }

    bool fill(const Fields& f, std::size_t n, Message& m) {
        m.origin = MessageOrigin::opensky;
        const auto t = parse_time_text(field(f, n, Column::time));
        const auto hex = field(f, n, Column::icao24);
        if (!t || hex.size() != 6 || !detail::all_hex(hex)) return false;
        m.t_s = *t;
        m.icao = static_cast<std::uint32_t>(std::strtoul(std::string(hex).c_str(), nullptr, 16));
        // Optional numbers: empty is unknown, anything else must parse.
        bool ok = true;
        auto num = [&](Column c) -> std::optional<double> {
            const auto s = field(f, n, c);
            if (s.empty() || s == "NaN" || s == "nan") return std::nullopt;
            auto v = detail::parse_double(s);
            if (!v) ok = false;
            return v;
        };
        const auto lat = num(Column::lat);
        const auto lon = num(Column::lon);
        const auto velocity = num(Column::velocity);
        const auto heading = num(Column::heading);
        const auto vertrate = num(Column::vertrate);
        const auto baro = num(Column::baroaltitude);
        const auto geo = num(Column::geoaltitude);
        std::optional<double> lastpos;
        if (const auto s = field(f, n, Column::lastposupdate); !s.empty() && s != "NaN" && s != "nan") {
            lastpos = parse_time_text(s);
            if (!lastpos) ok = false;
        }
        if (!ok) return false;
        if (velocity) m.ground_speed_kt = *velocity * MS_TO_KT;
        if (heading) m.track_deg = *heading;
        if (vertrate) m.vertical_rate_fpm = static_cast<int>(std::lround(*vertrate * MS_TO_FPM));
        if (baro)
            m.altitude_ft = static_cast<int>(std::lround(*baro * M_TO_FT));
        else if (geo) {
            m.altitude_ft = static_cast<int>(std::lround(*geo * M_TO_FT));
            m.altitude_is_gnss = true;
        }
        m.callsign = std::string(field(f, n, Column::callsign));
        m.on_ground = parse_bool(field(f, n, Column::onground));
        m.alert = parse_bool(field(f, n, Column::alert));
        m.spi = parse_bool(field(f, n, Column::spi));
        if (const auto sq = field(f, n, Column::squawk); !sq.empty()) m.squawk = detail::parse_squawk(sq);
        if (lat && lon && lastpos) {
            double& last = m_last_position_s[m.icao];
            if (*lastpos > last) {
                last = *lastpos;
                m.lat_deg = *lat;
                m.lon_deg = *lon;
                m.t_s = *lastpos;  // the position's own time, not the row's
            }
        }
        return true;
    }

    std::array<int, COLUMN_COUNT> m_index{};
    std::unordered_map<std::uint32_t, double> m_last_position_s;
};

}  // namespace

std::unique_ptr<InputParser> make_opensky_parser() { return std::make_unique<OpenSkyParser>(); }

}  // namespace reckon::adsb
