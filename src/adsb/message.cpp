// JSON-lines and CSV forms of a decoded Message. Written by hand with fmt rather than through
// a JSON library: `reckon adsb decode` prints millions of these a second, and a DOM per
// message would cost more than decoding it.
#include "reckon/adsb/message.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <iterator>

namespace reckon::adsb {
namespace {

// Appends to a std::string through a fixed buffer on the stack: a piece costs a bounds check
// and a copy instead of a std::string call (capacity check, size update, terminator), which
// was a quarter of `reckon adsb decode`'s time. Flushed when full and when destroyed. Has the
// push_back/append interface the helpers below use, so they serve both.
class Buffered {
public:
    using value_type = char;  // NOLINT(readability-identifier-naming): the name std::back_inserter needs
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-member-init): m_buf is written before it is read
    explicit Buffered(std::string& out) : m_out(out) {}
    ~Buffered() { flush(); }
    Buffered(const Buffered&) = delete;
    Buffered& operator=(const Buffered&) = delete;
    Buffered(Buffered&&) = delete;
    Buffered& operator=(Buffered&&) = delete;

    // The common case inline (a compare, a copy); the rare one (buffer full) out of line.
    void push_back(char c) {
        if (m_used == m_buf.size()) [[unlikely]]
            flush();
        m_buf[m_used++] = c;
    }
    Buffered& append(const char* p, std::size_t n) {
        if (n <= m_buf.size() - m_used) [[likely]] {
            std::memcpy(m_buf.data() + m_used, p, n);
            m_used += n;
            return *this;
        }
        return append_past_end(p, n);
    }
    Buffered& append(std::string_view s) { return append(s.data(), s.size()); }
    [[gnu::noinline]] void flush() {
        m_out.append(m_buf.data(), m_used);
        m_used = 0;
    }

private:
    static constexpr std::size_t CAPACITY = 1024;
    std::string& m_out;
    std::array<char, CAPACITY> m_buf;  // not zeroed: one is made per message
    std::size_t m_used = 0;

    [[gnu::noinline]] Buffered& append_past_end(const char* p, std::size_t n) {
        flush();
        if (n > m_buf.size()) {
            m_out.append(p, n);
        } else {
            std::memcpy(m_buf.data(), p, n);
            m_used = n;
        }
        return *this;
    }
};

// Numbers through std::to_chars (shortest round-trip form for doubles): formatting is most
// of the cost of `reckon adsb decode`, and this is several times cheaper than fmt's
// general path for single numbers.
constexpr std::string_view HEX_DIGITS = "0123456789ABCDEF";

template <class Out>
void append_int(Out& out, long long v) {
    std::array<char, 24> buf;  // NOLINT(cppcoreguidelines-pro-type-member-init): to_chars writes it
    const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
    out.append(buf.data(), static_cast<std::size_t>(r.ptr - buf.data()));
}

template <class Out>
void append_double(Out& out, double v) {
    std::array<char, 32> buf;  // NOLINT(cppcoreguidelines-pro-type-member-init): to_chars writes it
    const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
    out.append(buf.data(), static_cast<std::size_t>(r.ptr - buf.data()));
}

template <class Out>
void append_icao(Out& out, std::uint32_t icao) {
    std::array<char, 6> buf{};
    for (std::size_t i = 0; i < buf.size(); ++i) buf[i] = HEX_DIGITS[(icao >> (20 - 4 * i)) & 15];
    out.append(buf.data(), buf.size());
}

template <class Out>
void append_squawk(Out& out, std::uint16_t squawk) {
    const std::array<char, 4> buf{
        static_cast<char>('0' + squawk / 1000 % 10), static_cast<char>('0' + squawk / 100 % 10),
        static_cast<char>('0' + squawk / 10 % 10), static_cast<char>('0' + squawk % 10)};
    out.append(buf.data(), buf.size());
}

// Appends `"key":value` pairs, with commas, to a string.
class JsonWriter {
public:
    explicit JsonWriter(Buffered& out) : m_out(out) { m_out.push_back('{'); }
    void close() { m_out.push_back('}'); }

    void key(std::string_view k) {
        if (!m_first) m_out.push_back(',');
        m_first = false;
        m_out.push_back('"');
        m_out.append(k);
        m_out.append("\":", 2);
    }
    void num(std::string_view k, long long v) {
        key(k);
        append_int(m_out, v);
    }
    void num(std::string_view k, double v) {
        key(k);
        append_double(m_out, v);
    }
    void boolean(std::string_view k, bool v) {
        key(k);
        m_out.append(v ? "true" : "false");
    }
    // Strings here are callsigns, hex and fixed words: no character needs escaping except
    // what escape() handles, for text from other decoders' CSV.
    void str(std::string_view k, std::string_view v) {
        key(k);
        m_out.push_back('"');
        bool plain = true;
        for (char c : v) plain = plain && c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20;
        if (plain) {
            m_out.append(v);
            m_out.push_back('"');
            return;
        }
        for (char c : v) {
            const auto u = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\') {
                m_out.push_back('\\');
                m_out.push_back(c);
            } else if (u < 0x20) {
                fmt::format_to(std::back_inserter(m_out), "\\u{:04x}", u);
            } else {
                m_out.push_back(c);
            }
        }
        m_out.push_back('"');
    }
    template <typename T>
    void opt(std::string_view k, const std::optional<T>& v) {
        if (!v) return;
        if constexpr (std::is_same_v<T, bool>)
            boolean(k, *v);
        else if constexpr (std::is_floating_point_v<T>)
            num(k, static_cast<double>(*v));
        else
            num(k, static_cast<long long>(*v));
    }
    Buffered& raw() { return m_out; }

private:
    Buffered& m_out;
    bool m_first = true;
};

template <class Out>
void append_hex(Out& out, const std::uint8_t* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(HEX_DIGITS[p[i] >> 4]);
        out.push_back(HEX_DIGITS[p[i] & 15]);
    }
}

std::string icao_hex(std::uint32_t icao) { return fmt::format("{:06X}", icao & 0xFFFFFF); }

void write_ra(JsonWriter& w, std::string_view key, const ResolutionAdvisory& ra) {
    w.key(key);
    JsonWriter inner(w.raw());
    inner.num("ara", static_cast<long long>(ra.ara));
    inner.num("rac", static_cast<long long>(ra.rac));
    inner.boolean("rat", ra.rat);
    inner.boolean("mte", ra.mte);
    inner.num("tti", static_cast<long long>(ra.tti));
    if (ra.threat_icao) inner.str("threat_icao", icao_hex(*ra.threat_icao));
    inner.close();
}

void write_commb(JsonWriter& w, const CommB& c) {
    if (c.all_zero) {
        w.boolean("mb_zero", true);
        return;
    }
    const int n = c.candidate_count();
    if (n == 1) {
        for (int b = 0; b < BDS_COUNT; ++b)
            if (c.is(static_cast<Bds>(b))) w.str("bds", bds_name(static_cast<Bds>(b)));
    } else {
        w.key("bds_candidates");
        w.raw().push_back('[');
        bool first = true;
        for (int b = 0; b < BDS_COUNT; ++b) {
            if (!c.is(static_cast<Bds>(b))) continue;
            if (!first) w.raw().push_back(',');
            first = false;
            w.raw().append("\"").append(bds_name(static_cast<Bds>(b))).append("\"");
        }
        w.raw().push_back(']');
        if (n > 1) w.boolean("bds_ambiguous", true);
    }
    auto nested = [&w](std::string_view key, auto&& body) {
        w.key(key);
        JsonWriter inner(w.raw());
        body(inner);
        inner.close();
    };
    if (c.is(Bds::bds10))
        nested("bds10", [&](JsonWriter& j) {
            j.num("mode_s_version", static_cast<long long>(c.bds10_version));
            j.boolean("overlay_capability", c.bds10_overlay);
            j.boolean("enhanced_protocol", c.bds10_enhanced_protocol);
            j.boolean("specific_services", c.bds10_specific_services);
            j.boolean("identification_capability", c.bds10_ident_capability);
            j.boolean("squitter_capability", c.bds10_squitter_capability);
        });
    if (c.is(Bds::bds17))
        nested("bds17", [&](JsonWriter& j) {
            j.key("supported");
            j.raw().push_back('[');
            bool first = true;
            for (std::size_t i = 0; i < BDS17_REGISTERS.size(); ++i) {
                if (!(c.bds17_supported & (1u << (23 - i)))) continue;
                if (!first) j.raw().push_back(',');
                first = false;
                j.raw().append("\"").append(BDS17_REGISTERS[i]).append("\"");
            }
            j.raw().push_back(']');
        });
    if (c.is(Bds::bds20)) nested("bds20", [&](JsonWriter& j) { j.str("callsign", c.bds20_callsign); });
    if (c.is(Bds::bds30))
        nested("bds30", [&](JsonWriter& j) {
            j.num("ara", static_cast<long long>(c.bds30.ara));
            j.num("rac", static_cast<long long>(c.bds30.rac));
            j.boolean("rat", c.bds30.rat);
            j.boolean("mte", c.bds30.mte);
            j.num("tti", static_cast<long long>(c.bds30.tti));
            if (c.bds30.threat_icao) j.str("threat_icao", icao_hex(*c.bds30.threat_icao));
        });
    if (c.is(Bds::bds40))
        nested("bds40", [&](JsonWriter& j) {
            j.opt("selected_altitude_mcp_ft", c.bds40_selected_altitude_mcp_ft);
            j.opt("selected_altitude_fms_ft", c.bds40_selected_altitude_fms_ft);
            j.opt("baro_setting_hpa", c.bds40_baro_setting_hpa);
            j.opt("vnav", c.bds40_vnav);
            j.opt("alt_hold", c.bds40_alt_hold);
            j.opt("approach", c.bds40_approach);
            j.opt("target_altitude_source", c.bds40_target_altitude_source);
        });
    if (c.is(Bds::bds44))
        nested("bds44", [&](JsonWriter& j) {
            j.num("source", static_cast<long long>(c.bds44_source));
            j.opt("wind_speed_kt", c.bds44_wind_speed_kt);
            j.opt("wind_direction_deg", c.bds44_wind_direction_deg);
            j.opt("static_air_temperature_c", c.bds44_static_air_temperature_c);
            j.opt("static_pressure_hpa", c.bds44_static_pressure_hpa);
            j.opt("turbulence", c.bds44_turbulence);
            j.opt("humidity_pct", c.bds44_humidity_pct);
        });
    if (c.is(Bds::bds45))
        nested("bds45", [&](JsonWriter& j) {
            j.opt("turbulence", c.bds45_turbulence);
            j.opt("wind_shear", c.bds45_wind_shear);
            j.opt("microburst", c.bds45_microburst);
            j.opt("icing", c.bds45_icing);
            j.opt("wake_vortex", c.bds45_wake_vortex);
            j.opt("static_air_temperature_c", c.bds45_static_air_temperature_c);
            j.opt("static_pressure_hpa", c.bds45_static_pressure_hpa);
            j.opt("radio_height_ft", c.bds45_radio_height_ft);
        });
    if (c.is(Bds::bds50))
        nested("bds50", [&](JsonWriter& j) {
            j.opt("roll_deg", c.bds50_roll_deg);
            j.opt("true_track_deg", c.bds50_true_track_deg);
            j.opt("ground_speed_kt", c.bds50_ground_speed_kt);
            j.opt("track_rate_deg_s", c.bds50_track_rate_deg_s);
            j.opt("true_airspeed_kt", c.bds50_true_airspeed_kt);
        });
    if (c.is(Bds::bds60))
        nested("bds60", [&](JsonWriter& j) {
            j.opt("magnetic_heading_deg", c.bds60_magnetic_heading_deg);
            j.opt("indicated_airspeed_kt", c.bds60_indicated_airspeed_kt);
            j.opt("mach", c.bds60_mach);
            j.opt("baro_vertical_rate_fpm", c.bds60_baro_vertical_rate_fpm);
            j.opt("inertial_vertical_rate_fpm", c.bds60_inertial_vertical_rate_fpm);
        });
}

// CSV: quote a field only when it needs it.
template <class Out>
void csv_text(Out& out, std::string_view v) {
    if (v.find_first_of(",\"\n\r") == std::string_view::npos) {
        out.append(v);
        return;
    }
    out.push_back('"');
    for (char c : v) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

template <class Out, typename T>
void csv_opt(Out& out, const std::optional<T>& v) {
    out.push_back(',');
    if (!v) return;
    if constexpr (std::is_same_v<T, bool>)
        out.append(*v ? "1" : "0");
    else if constexpr (std::is_floating_point_v<T>)
        append_double(out, static_cast<double>(*v));
    else
        append_int(out, static_cast<long long>(*v));
}

}  // namespace

std::string_view bds_name(Bds b) {
    static constexpr std::array<std::string_view, BDS_COUNT> NAMES{"1,0", "1,7", "2,0", "3,0", "4,0",
                                                                   "4,4", "4,5", "5,0", "6,0"};
    return NAMES[static_cast<std::size_t>(b)];
}

std::string format_squawk(std::uint16_t squawk) { return fmt::format("{:04}", squawk); }

void append_json(std::string& line, const Message& m) {
    Buffered out(line);
    JsonWriter w(out);
    w.num("t_s", m.t_s);
    if (m.origin == MessageOrigin::mode_s) {
        w.key("hex");
        out.push_back('"');
        append_hex(out, m.bytes.data(), m.length_bytes);
        out.push_back('"');
        w.num("df", static_cast<long long>(m.df));
    } else {
        w.str("origin", m.origin == MessageOrigin::sbs ? "sbs" : "opensky");
    }
    w.key("icao");
    out.push_back('"');
    append_icao(out, m.icao);
    out.push_back('"');
    if (m.address_from_parity) w.boolean("icao_from_parity", true);
    if (m.non_icao_address) w.boolean("non_icao_address", true);
    if (m.corrected_bits) w.num("corrected_bits", static_cast<long long>(m.corrected_bits));
    w.opt("signal_dbfs", m.signal_dbfs);
    w.opt("sbs_type", m.sbs_type);
    w.opt("ii", m.interrogator_id);
    w.opt("ca", m.capability);
    w.opt("cf", m.control_field);
    w.opt("fs", m.flight_status);
    w.opt("dr", m.downlink_request);
    w.opt("um", m.utility_message);
    w.opt("vs", m.vertical_status);
    w.opt("sl", m.sensitivity_level);
    w.opt("ri", m.reply_information);
    w.opt("tc", m.typecode);
    w.opt("subtype", m.subtype);
    if (!m.category.empty()) w.str("category", m.category);
    if (!m.callsign.empty()) w.str("callsign", m.callsign);
    w.opt("on_ground", m.on_ground);
    w.opt("alert", m.alert);
    w.opt("spi", m.spi);
    w.opt(m.altitude_is_gnss ? "gnss_altitude_ft" : "altitude_ft", m.altitude_ft);
    if (m.squawk) {
        w.key("squawk");
        out.push_back('"');
        append_squawk(out, *m.squawk);
        out.push_back('"');
    }
    w.opt("emergency_state", m.emergency_state);
    w.opt("ss", m.surveillance_status);
    w.opt("nic_b", m.nic_b);
    w.opt("nuc_p", m.nuc_p);
    w.opt("cpr_format", m.cpr_format);
    w.opt("cpr_lat", m.cpr_lat);
    w.opt("cpr_lon", m.cpr_lon);
    w.opt("lat_deg", m.lat_deg);
    w.opt("lon_deg", m.lon_deg);
    w.opt("ground_speed_kt", m.ground_speed_kt);
    w.opt("track_deg", m.track_deg);
    w.opt("airspeed_kt", m.airspeed_kt);
    if (m.airspeed_is_true) w.str("airspeed_type", *m.airspeed_is_true ? "TAS" : "IAS");
    w.opt("heading_deg", m.heading_deg);
    w.opt("supersonic", m.supersonic);
    w.opt("vertical_rate_fpm", m.vertical_rate_fpm);
    if (m.vertical_rate_is_baro) w.str("vertical_rate_source", *m.vertical_rate_is_baro ? "baro" : "gnss");
    w.opt("geo_minus_baro_ft", m.geo_minus_baro_ft);
    w.opt("nac_v", m.nac_v);
    if (m.resolution_advisory) write_ra(w, "resolution_advisory", *m.resolution_advisory);
    w.opt("selected_altitude_ft", m.selected_altitude_ft);
    if (m.selected_altitude_is_fms)
        w.str("selected_altitude_source", *m.selected_altitude_is_fms ? "FMS" : "MCP/FCU");
    w.opt("baro_setting_hpa", m.baro_setting_hpa);
    w.opt("selected_heading_deg", m.selected_heading_deg);
    w.opt("autopilot", m.autopilot);
    w.opt("vnav", m.vnav);
    w.opt("alt_hold", m.alt_hold);
    w.opt("approach", m.approach);
    w.opt("lnav", m.lnav);
    w.opt("tcas_operational", m.tcas_operational);
    w.opt("adsb_version", m.adsb_version);
    w.opt("nic_a", m.nic_supplement_a);
    w.opt("nac_p", m.nac_p);
    w.opt("gva", m.gva);
    w.opt("sil", m.sil);
    w.opt("sil_supplement", m.sil_supplement);
    w.opt("nic_baro", m.nic_baro);
    w.opt("hrd", m.hrd);
    w.opt("trk_hdg", m.trk_hdg);
    w.opt("length_width_code", m.length_width_code);
    w.opt("capability_class", m.capability_class);
    w.opt("operational_mode", m.operational_mode);
    if (m.commb) write_commb(w, *m.commb);
    w.close();
}

std::string_view csv_header() {
    return "t_s,hex,df,icao,icao_from_parity,tc,callsign,altitude_ft,gnss_altitude_ft,squawk,on_ground,"
           "lat_deg,lon_deg,ground_speed_kt,track_deg,vertical_rate_fpm,airspeed_kt,airspeed_type,heading_"
           "deg,"
           "cpr_format,bds,selected_altitude_ft,baro_setting_hpa,roll_deg,true_airspeed_kt,track_rate_deg_s,"
           "magnetic_heading_deg,indicated_airspeed_kt,mach,baro_vertical_rate_fpm,inertial_vertical_rate_"
           "fpm,"
           "wind_speed_kt,wind_direction_deg,static_air_temperature_c";
}

void append_csv(std::string& line, const Message& m) {
    Buffered out(line);
    append_double(out, m.t_s);
    out.push_back(',');
    if (m.origin == MessageOrigin::mode_s) append_hex(out, m.bytes.data(), m.length_bytes);
    out.push_back(',');
    if (m.origin == MessageOrigin::mode_s) append_int(out, m.df);
    out.push_back(',');
    append_icao(out, m.icao);
    out.append(m.address_from_parity ? ",1" : ",0");
    csv_opt(out, m.typecode);

    const CommB* c = m.commb && m.commb->candidate_count() == 1 ? &*m.commb : nullptr;
    std::string_view callsign = m.callsign;
    if (c && c->is(Bds::bds20)) callsign = c->bds20_callsign;
    out.push_back(',');
    csv_text(out, callsign);
    csv_opt(out, m.altitude_is_gnss ? std::optional<int>{} : m.altitude_ft);
    csv_opt(out, m.altitude_is_gnss ? m.altitude_ft : std::optional<int>{});
    out.push_back(',');
    if (m.squawk) append_squawk(out, *m.squawk);
    csv_opt(out, m.on_ground);
    csv_opt(out, m.lat_deg);
    csv_opt(out, m.lon_deg);
    auto gs = m.ground_speed_kt;
    auto track = m.track_deg;
    if (c && c->is(Bds::bds50)) {
        gs = c->bds50_ground_speed_kt;
        track = c->bds50_true_track_deg;
    }
    csv_opt(out, gs);
    csv_opt(out, track);
    csv_opt(out, m.vertical_rate_fpm);
    csv_opt(out, m.airspeed_kt);
    out.push_back(',');
    if (m.airspeed_is_true) out.append(*m.airspeed_is_true ? "TAS" : "IAS");
    csv_opt(out, m.heading_deg);
    csv_opt(out, m.cpr_format);
    out.push_back(',');
    if (m.commb) {
        // Register names contain commas ("4,0"): candidates are joined by '|' and the field quoted.
        std::string names;
        for (int b = 0; b < BDS_COUNT; ++b) {
            if (!m.commb->is(static_cast<Bds>(b))) continue;
            if (!names.empty()) names.push_back('|');
            names.append(bds_name(static_cast<Bds>(b)));
        }
        csv_text(out, names);
    }
    auto sel_alt = m.selected_altitude_ft;
    auto baro = m.baro_setting_hpa;
    if (c && c->is(Bds::bds40)) {
        sel_alt = c->bds40_selected_altitude_mcp_ft ? c->bds40_selected_altitude_mcp_ft
                                                    : c->bds40_selected_altitude_fms_ft;
        baro = c->bds40_baro_setting_hpa;
    }
    csv_opt(out, sel_alt);
    csv_opt(out, baro);
    const bool b50 = c && c->is(Bds::bds50);
    const bool b60 = c && c->is(Bds::bds60);
    const bool b44 = c && c->is(Bds::bds44);
    csv_opt(out, b50 ? c->bds50_roll_deg : std::nullopt);
    csv_opt(out, b50 ? c->bds50_true_airspeed_kt : std::nullopt);
    csv_opt(out, b50 ? c->bds50_track_rate_deg_s : std::nullopt);
    csv_opt(out, b60 ? c->bds60_magnetic_heading_deg : std::nullopt);
    csv_opt(out, b60 ? c->bds60_indicated_airspeed_kt : std::nullopt);
    csv_opt(out, b60 ? c->bds60_mach : std::nullopt);
    csv_opt(out, b60 ? c->bds60_baro_vertical_rate_fpm : std::nullopt);
    csv_opt(out, b60 ? c->bds60_inertial_vertical_rate_fpm : std::nullopt);
    csv_opt(out, b44 ? c->bds44_wind_speed_kt : std::nullopt);
    csv_opt(out, b44 ? c->bds44_wind_direction_deg : std::nullopt);
    csv_opt(out, b44 ? c->bds44_static_air_temperature_c : std::nullopt);
}

}  // namespace reckon::adsb
