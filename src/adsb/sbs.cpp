// SBS / BaseStation CSV (port 30003): `MSG,<type 1-8>,session,aircraft,HEXIDENT,flight,
// date generated,time generated,date logged,time logged,callsign,altitude,ground speed,track,
// lat,lon,vertical rate,squawk,alert,emergency,spi,on ground`. Rows are already decoded: they
// become Messages with origin sbs. Times are taken as UTC ("generated" date and time).
// SEL/ID/AIR/STA/CLK rows carry no aircraft state and are ignored.
#include <cstdlib>
#include <limits>
#include <type_traits>

#include "line_parser.hpp"
#include "reckon/core/date.hpp"
#include "reckon/core/text.hpp"

namespace reckon::adsb {
namespace {

enum SbsField {
    KIND,
    TYPE,
    SESSION,
    AIRCRAFT,
    HEXIDENT,
    FLIGHT,
    DATE_GEN,
    TIME_GEN,
    DATE_LOG,
    TIME_LOG,
    CALLSIGN,
    ALTITUDE,
    GROUND_SPEED,
    TRACK,
    LAT,
    LON,
    VERTICAL_RATE,
    SQUAWK,
    ALERT,
    EMERGENCY,
    SPI,
    ON_GROUND,
    FIELD_COUNT
};

// "2016/03/14" and "23:40:02.123" → Unix seconds.
std::optional<double> parse_time(std::string_view date, std::string_view time) {
    date = core::unquote(date);
    time = core::unquote(time);
    int y = 0;
    unsigned mo = 0, d = 0, h = 0, mi = 0;
    if (date.size() != 10 || time.size() < 8) return std::nullopt;
    auto num = [](std::string_view s, auto& out) {
        const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        return ec == std::errc{} && p == s.data() + s.size();
    };
    if (!num(date.substr(0, 4), y) || !num(date.substr(5, 2), mo) || !num(date.substr(8, 2), d))
        return std::nullopt;
    if (!num(time.substr(0, 2), h) || !num(time.substr(3, 2), mi)) return std::nullopt;
    const auto s = detail::parse_double(time.substr(6));
    if (!s || h > 23 || mi > 59 || *s < 0 || *s >= 61) return std::nullopt;
    const core::Date day = core::make_date(y, mo, d);
    if (!day.ok()) return std::nullopt;  // month 13, 31 April, 29 February 2015
    return core::unix_seconds(day, h * 3600.0 + mi * 60.0 + *s);
}

// SBS booleans: "-1" or "1" true, "0" false, empty unknown.
bool parse_flag(std::string_view s, std::optional<bool>& out) {
    s = core::unquote(s);
    if (s.empty()) return true;
    if (s == "-1" || s == "1")
        out = true;
    else if (s == "0")
        out = false;
    else
        return false;
    return true;
}

class SbsParser : public detail::LineParser {
protected:
    void line(std::string_view text, RecordSink& sink) override {
        std::string_view f[FIELD_COUNT + 1];
        const std::size_t n = detail::split_csv(text, f);
        const auto kind = core::unquote(f[KIND]);
        if (kind == "SEL" || kind == "ID" || kind == "AIR" || kind == "STA" || kind == "CLK") {
            ++m_counters.other_rows;
            return;
        }
        if (kind != "MSG" || n < LON + 1) {
            ++m_counters.bad_lines;
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
    bool fill(const std::string_view (&f)[FIELD_COUNT + 1], std::size_t n, Message& m) {
        m.origin = MessageOrigin::sbs;
        const auto type = detail::parse_double(core::unquote(f[TYPE]));
        if (!type || *type < 1 || *type > 8) return false;
        m.sbs_type = static_cast<std::uint8_t>(*type);
        const auto hex = core::unquote(f[HEXIDENT]);
        if (hex.size() != 6 || !detail::all_hex(hex)) return false;
        m.icao = static_cast<std::uint32_t>(std::strtoul(std::string(hex).c_str(), nullptr, 16));
        const auto t = parse_time(f[DATE_GEN], f[TIME_GEN]);
        if (!t) return false;
        m.t_s = *t;
        m.callsign = std::string(core::unquote(f[CALLSIGN]));
        auto number = [&](SbsField i, auto& out) {
            if (static_cast<std::size_t>(i) >= n || core::unquote(f[i]).empty()) return true;
            const auto v = detail::parse_double(core::unquote(f[i]));
            if (!v) return false;
            using Value = typename std::decay_t<decltype(out)>::value_type;
            // A figure the field's type cannot hold (an altitude of 1e300 ft) makes the line bad.
            if constexpr (std::is_integral_v<Value>)
                if (!(*v >= static_cast<double>(std::numeric_limits<Value>::min()) &&
                      *v <= static_cast<double>(std::numeric_limits<Value>::max())))
                    return false;
            out = static_cast<Value>(*v);
            return true;
        };
        if (!number(ALTITUDE, m.altitude_ft) || !number(GROUND_SPEED, m.ground_speed_kt) ||
            !number(TRACK, m.track_deg) || !number(LAT, m.lat_deg) || !number(LON, m.lon_deg) ||
            !number(VERTICAL_RATE, m.vertical_rate_fpm))
            return false;
        if (m.lat_deg.has_value() != m.lon_deg.has_value()) return false;
        if (n > SQUAWK && !core::unquote(f[SQUAWK]).empty()) {
            m.squawk = detail::parse_squawk(f[SQUAWK]);
            if (!m.squawk) return false;
        }
        std::optional<bool> emergency;
        if (n > ALERT && !parse_flag(f[ALERT], m.alert)) return false;
        if (n > EMERGENCY && !parse_flag(f[EMERGENCY], emergency)) return false;
        if (n > SPI && !parse_flag(f[SPI], m.spi)) return false;
        if (n > ON_GROUND && !parse_flag(f[ON_GROUND], m.on_ground)) return false;
        return true;
    }
};

}  // namespace

std::unique_ptr<InputParser> make_sbs_parser() { return std::make_unique<SbsParser>(); }

}  // namespace reckon::adsb
