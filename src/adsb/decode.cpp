// The Mode S decoder. Field positions are those of ICAO Annex 10 Vol IV §3.1.2 (surveillance
// and Comm-B formats) and DO-260B §2.2.3.2 (extended squitter messages), numbered from 1 as
// the standards do.
#include "reckon/adsb/decode.hpp"

#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <memory>
#include <numbers>

#include "bits.hpp"
#include "reckon/adsb/altitude.hpp"
#include "reckon/adsb/commb.hpp"
#include "reckon/adsb/crc.hpp"

namespace reckon::adsb {
namespace {

using detail::bit56;
using detail::bits56;

constexpr std::uint32_t II_SI_MASK = 0x7F;  // DF11 residual holds the interrogator code

// Surface movement (DO-260B Table 2-17): first code of each band and its lower edge in knots.
// The lower edge of the code's bin is reported (see docs/adsb.md, "surface speed").
struct MovementBand {
    int first_code;
    double first_kt, step_kt;
};
constexpr std::array<MovementBand, 6> MOVEMENT_BANDS{{
    {2, 0.125, 0.125},
    {9, 1.0, 0.25},
    {13, 2.0, 0.5},
    {39, 15.0, 1.0},
    {94, 70.0, 2.0},
    {109, 100.0, 5.0},
}};
constexpr int MOVEMENT_STOPPED = 1, MOVEMENT_MAX = 124;
constexpr double MOVEMENT_MAX_KT = 175.0;

std::optional<double> surface_speed_kt(int code) {
    if (code == 0 || code > MOVEMENT_MAX) return std::nullopt;
    if (code == MOVEMENT_STOPPED) return 0.0;
    if (code == MOVEMENT_MAX) return MOVEMENT_MAX_KT;
    const MovementBand* band = MOVEMENT_BANDS.data();
    for (const auto& b : MOVEMENT_BANDS)
        if (code >= b.first_code) band = &b;
    return band->first_kt + (code - band->first_code) * band->step_kt;
}

void set_fs(Message& m, unsigned fs) {
    m.flight_status = static_cast<std::uint8_t>(fs);
    switch (fs) {
        case 0:
            m.on_ground = false;
            m.alert = false;
            m.spi = false;
            break;
        case 1:
            m.on_ground = true;
            m.alert = false;
            m.spi = false;
            break;
        case 2:
            m.on_ground = false;
            m.alert = true;
            m.spi = false;
            break;
        case 3:
            m.on_ground = true;
            m.alert = true;
            m.spi = false;
            break;
        case 4:
            m.alert = true;
            m.spi = true;
            break;
        case 5:
            m.alert = false;
            m.spi = true;
            break;
        default:
            break;
    }
}

void set_ca(Message& m, unsigned ca) {
    m.capability = static_cast<std::uint8_t>(ca);
    if (ca == 4) m.on_ground = true;
    if (ca == 5) m.on_ground = false;
}

void decode_identification(std::uint64_t me, unsigned tc, Message& m) {
    static constexpr std::array<char, 5> SETS{'?', 'D', 'C', 'B', 'A'};
    const unsigned ca = bits56(me, 6, 3);
    m.category = {SETS[tc], static_cast<char>('0' + ca)};
    std::array<char, 8> cs{};
    for (int i = 0; i < 8; ++i) cs[i] = mode_s_char(bits56(me, 9 + 6 * i, 6));
    int n = 8;
    while (n > 0 && cs[n - 1] == ' ') --n;
    m.callsign.assign(cs.data(), static_cast<std::size_t>(n));
}

void decode_cpr(std::uint64_t me, Message& m) {
    m.cpr_format = static_cast<std::uint8_t>(bit56(me, 22));
    m.cpr_lat = bits56(me, 23, 17);
    m.cpr_lon = bits56(me, 40, 17);
}

void decode_airborne_position(std::uint64_t me, unsigned tc, Message& m) {
    m.surveillance_status = static_cast<std::uint8_t>(bits56(me, 6, 2));
    m.nic_b = bit56(me, 8);
    // NUCp per type code (DO-260 Table 2-14): 9..18 → 9..0, GNSS 20, 21 → 9, 8; 22 → 0.
    m.nuc_p = static_cast<std::uint8_t>(tc <= 18 ? 18 - tc : (tc == 22 ? 0 : 29 - tc));
    // GNSS height (TC20-22) uses the same 12-bit code as the barometric altitude.
    m.altitude_ft = decode_ac12_ft(static_cast<std::uint16_t>(bits56(me, 9, 12)));
    m.altitude_is_gnss = tc >= 20;
    m.on_ground = false;
    decode_cpr(me, m);
}

void decode_surface_position(std::uint64_t me, unsigned tc, Message& m) {
    m.nuc_p = static_cast<std::uint8_t>(tc == 8 ? 0 : (tc == 7 ? 6 : 14 - tc));
    m.ground_speed_kt = surface_speed_kt(static_cast<int>(bits56(me, 6, 7)));
    if (bit56(me, 13)) m.track_deg = bits56(me, 14, 7) * 360.0 / 128.0;
    m.on_ground = true;
    decode_cpr(me, m);
}

void decode_velocity(std::uint64_t me, Message& m) {
    const unsigned st = bits56(me, 6, 3);
    m.subtype = static_cast<std::uint8_t>(st);
    m.nac_v = static_cast<std::uint8_t>(bits56(me, 11, 3));
    if (st >= 1 && st <= 2) {
        const int factor = st == 2 ? 4 : 1;
        m.supersonic = st == 2;
        const unsigned vew = bits56(me, 15, 10);
        const unsigned vns = bits56(me, 26, 10);
        if (vew != 0 && vns != 0) {
            const double vx = (bit56(me, 14) ? -1.0 : 1.0) * (vew - 1) * factor;
            const double vy = (bit56(me, 25) ? -1.0 : 1.0) * (vns - 1) * factor;
            m.ground_speed_kt = std::sqrt(vx * vx + vy * vy);
            double track = std::atan2(vx, vy) * 180.0 / std::numbers::pi;
            m.track_deg = track < 0 ? track + 360.0 : track;
        }
    } else if (st >= 3 && st <= 4) {
        const int factor = st == 4 ? 4 : 1;
        m.supersonic = st == 4;
        if (bit56(me, 14)) m.heading_deg = bits56(me, 15, 10) * 360.0 / 1024.0;
        const unsigned as = bits56(me, 26, 10);
        if (as != 0) {
            m.airspeed_kt = static_cast<double>((as - 1) * factor);
            m.airspeed_is_true = bit56(me, 25);
        }
    } else {
        return;  // subtypes 0, 5-7 are reserved
    }
    const unsigned vr = bits56(me, 38, 9);
    m.vertical_rate_is_baro = bit56(me, 36);
    if (vr != 0) m.vertical_rate_fpm = (bit56(me, 37) ? -1 : 1) * static_cast<int>(vr - 1) * 64;
    const unsigned dalt = bits56(me, 50, 7);
    if (dalt != 0) m.geo_minus_baro_ft = (bit56(me, 49) ? -1 : 1) * static_cast<int>(dalt - 1) * 25;
}

void decode_aircraft_status(std::uint64_t me, Message& m) {
    const unsigned st = bits56(me, 6, 3);
    m.subtype = static_cast<std::uint8_t>(st);
    if (st == 1) {
        m.emergency_state = static_cast<std::uint8_t>(bits56(me, 9, 3));
        m.squawk = decode_squawk(static_cast<std::uint16_t>(bits56(me, 12, 13)));
    } else if (st == 2) {
        m.resolution_advisory = decode_resolution_advisory(me);
    }
}

void decode_target_state(std::uint64_t me, Message& m) {
    const unsigned st = bits56(me, 6, 2);
    m.subtype = static_cast<std::uint8_t>(st);
    if (st == 1) {  // DO-260B (version 2)
        m.sil_supplement = static_cast<std::uint8_t>(bit56(me, 8));
        m.selected_altitude_is_fms = bit56(me, 9);
        if (const unsigned alt = bits56(me, 10, 11); alt != 0)
            m.selected_altitude_ft = static_cast<int>(alt - 1) * 32;
        if (const unsigned qnh = bits56(me, 21, 9); qnh != 0) {
            m.baro_setting_hpa = std::round((800.0 + (qnh - 1) * 0.8) * 10.0) / 10.0;
        }
        if (bit56(me, 30)) m.selected_heading_deg = bits56(me, 31, 9) * 180.0 / 256.0;
        m.nac_p = static_cast<std::uint8_t>(bits56(me, 40, 4));
        m.nic_baro = static_cast<std::uint8_t>(bit56(me, 44));
        m.sil = static_cast<std::uint8_t>(bits56(me, 45, 2));
        if (bit56(me, 47)) {
            m.autopilot = bit56(me, 48);
            m.vnav = bit56(me, 49);
            m.alt_hold = bit56(me, 50);
            m.approach = bit56(me, 52);
            m.lnav = bit56(me, 54);
        }
        m.tcas_operational = bit56(me, 53);
    } else if (st == 0) {  // DO-260A (version 1)
        if (bits56(me, 8, 2) != 0) {
            m.selected_altitude_ft = -1000 + static_cast<int>(bits56(me, 16, 10)) * 100;
            m.selected_altitude_is_fms = bits56(me, 8, 2) == 3;
        }
        if (bits56(me, 26, 2) != 0) m.selected_heading_deg = static_cast<double>(bits56(me, 28, 9) % 360);
        m.nac_p = static_cast<std::uint8_t>(bits56(me, 40, 4));
        m.nic_baro = static_cast<std::uint8_t>(bit56(me, 44));
        m.sil = static_cast<std::uint8_t>(bits56(me, 45, 2));
        m.emergency_state = static_cast<std::uint8_t>(bits56(me, 54, 3));
    }
}

void decode_operational_status(std::uint64_t me, Message& m) {
    const unsigned st = bits56(me, 6, 3);
    m.subtype = static_cast<std::uint8_t>(st);
    if (st > 1) return;  // 2-7 reserved
    const unsigned version = bits56(me, 41, 3);
    m.adsb_version = static_cast<std::uint8_t>(version);
    if (st == 0) {
        m.capability_class = static_cast<std::uint16_t>(bits56(me, 9, 16));
    } else {
        m.capability_class = static_cast<std::uint16_t>(bits56(me, 9, 12));
        m.length_width_code = static_cast<std::uint8_t>(bits56(me, 21, 4));
        m.on_ground = true;
    }
    m.operational_mode = static_cast<std::uint16_t>(bits56(me, 25, 16));
    if (version == 0) return;  // the accuracy fields below were defined from version 1 on
    m.nic_supplement_a = static_cast<std::uint8_t>(bit56(me, 44));
    m.nac_p = static_cast<std::uint8_t>(bits56(me, 45, 4));
    if (version >= 2) m.gva = static_cast<std::uint8_t>(bits56(me, 49, 2));
    m.sil = static_cast<std::uint8_t>(bits56(me, 51, 2));
    if (st == 0)
        m.nic_baro = static_cast<std::uint8_t>(bit56(me, 53));
    else
        m.trk_hdg = static_cast<std::uint8_t>(bit56(me, 53));
    m.hrd = static_cast<std::uint8_t>(bit56(me, 54));
    if (version >= 2) {
        m.sil_supplement = static_cast<std::uint8_t>(bit56(me, 55));
        if (st == 0) m.tcas_operational = bit56(me, 11);
    }
}

void decode_extended_squitter(std::uint64_t me, Message& m) {
    const unsigned tc = bits56(me, 1, 5);
    m.typecode = static_cast<std::uint8_t>(tc);
    if (tc == 0) {
        m.altitude_ft = decode_ac12_ft(static_cast<std::uint16_t>(bits56(me, 9, 12)));
    } else if (tc <= 4) {
        decode_identification(me, tc, m);
    } else if (tc <= 8) {
        decode_surface_position(me, tc, m);
    } else if (tc <= 18 || (tc >= 20 && tc <= 22)) {
        decode_airborne_position(me, tc, m);
    } else if (tc == 19) {
        decode_velocity(me, m);
    } else if (tc == 28) {
        decode_aircraft_status(me, m);
    } else if (tc == 29) {
        decode_target_state(me, m);
    } else if (tc == 31) {
        decode_operational_status(me, m);
    }
    // 23 (test), 24 (surface system status), 25-27 and 30 (reserved): type code only.
}

// The value of a hex digit, or -1.
constexpr int hex_digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string_view to_string(DecodeStatus s) {
    switch (s) {
        case DecodeStatus::ok:
            return "ok";
        case DecodeStatus::bad_length:
            return "bad length";
        case DecodeStatus::crc_failed:
            return "CRC failed";
        case DecodeStatus::unsupported_df:
            return "unsupported downlink format";
    }
    return "?";
}

std::string_view es_register(unsigned tc) {
    if (tc >= 1 && tc <= 4) return "0,8";
    if (tc >= 5 && tc <= 8) return "0,6";
    if ((tc >= 9 && tc <= 18) || (tc >= 20 && tc <= 22)) return "0,5";
    if (tc == 19) return "0,9";
    if (tc == 28) return "6,1";
    if (tc == 29) return "6,2";
    if (tc == 31) return "6,5";
    return "";
}

namespace {

// Every pair of characters, read as one 16-bit load, to 0x100 | the byte its two hex digits
// make, or 0 when either is not a hex digit. Built at compile time (128 KiB, only the 484
// entries of digit pairs set); a frame's 28 digits take 14 loads from it, and the entries hex
// digits reach sit in a few kilobytes of cache.
constexpr std::uint16_t HEX_PAIR_VALID = 0x100;
constexpr std::string_view HEX_CHARS = "0123456789abcdefABCDEF";
constexpr auto HEX_PAIRS = [] {
    std::array<std::uint16_t, 65536> t{};
    for (const char first : HEX_CHARS)
        for (const char second : HEX_CHARS) {
            const auto a = static_cast<unsigned char>(first);
            const auto b = static_cast<unsigned char>(second);
            const std::size_t index =
                std::endian::native == std::endian::little ? (b << 8 | a) : (a << 8 | b);
            t[index] = static_cast<std::uint16_t>(HEX_PAIR_VALID | hex_digit_value(first) << 4 |
                                                  hex_digit_value(second));
        }
    return t;
}();

// N hex digits into N/2 bytes; a bad pair is remembered and tested once at the end, so the
// loop has no branch per byte (and unrolls, N being known).
template <std::size_t N>
bool parse_hex_bytes(const char* hex, Frame& frame) {
    unsigned valid = HEX_PAIR_VALID;
    for (std::size_t i = 0; i < N / 2; ++i) {
        std::uint16_t pair = 0;
        std::memcpy(&pair, hex + 2 * i, 2);
        const unsigned v = HEX_PAIRS[pair];
        valid &= v;
        frame.bytes[i] = static_cast<std::uint8_t>(v);
    }
    frame.length_bytes = static_cast<std::uint8_t>(N / 2);
    return valid != 0;
}

}  // namespace

bool parse_hex_frame(std::string_view hex, Frame& frame) {
    if (hex.size() == 28) return parse_hex_bytes<28>(hex.data(), frame);
    if (hex.size() == 14) return parse_hex_bytes<14>(hex.data(), frame);
    return false;
}

DecodeStatus decode(const Frame& frame, Message& m, const DecodeOptions& options) {
    const unsigned df = frame.bytes[0] >> 3;
    const bool long_format = df >= 16;
    if (frame.length_bytes != (long_format ? 14 : 7)) return DecodeStatus::bad_length;
    switch (df) {
        case 0:
        case 4:
        case 5:
        case 11:
        case 16:
        case 17:
        case 18:
        case 20:
        case 21:
            break;
        default:
            return DecodeStatus::unsupported_df;
    }

    // Reset in place: assigning a fresh Message{} built a temporary and moved every member.
    std::destroy_at(&m);
    std::construct_at(&m);
    m.bytes = frame.bytes;
    m.length_bytes = frame.length_bytes;
    m.t_s = frame.t_s;
    m.signal_dbfs = frame.signal_dbfs;
    m.corrected_bits = frame.corrected_bits;
    m.df = static_cast<std::uint8_t>(df);
    std::span<std::uint8_t> bytes(m.bytes.data(), m.length_bytes);

    std::uint32_t residual = crc_residual(bytes);
    if (df == 11 || df == 17 || df == 18) {
        const bool valid = df == 11 ? (residual & ~II_SI_MASK) == 0 : residual == 0;
        if (!valid) {
            if (!options.fix_single_bit || !fix_single_bit(bytes)) return DecodeStatus::crc_failed;
            ++m.corrected_bits;
            residual = 0;
        }
        if (df == 11) m.interrogator_id = static_cast<std::uint8_t>(residual);
        m.icao =
            static_cast<std::uint32_t>(bytes[1]) << 16 | static_cast<std::uint32_t>(bytes[2]) << 8 | bytes[3];
    } else {
        m.icao = residual;
        m.address_from_parity = true;
    }

    const std::uint32_t head = static_cast<std::uint32_t>(bytes[0]) << 24 |
                               static_cast<std::uint32_t>(bytes[1]) << 16 |
                               static_cast<std::uint32_t>(bytes[2]) << 8 | bytes[3];
    auto field32 = [head](int first, int len) {
        return (head >> (32 - first - len + 1)) & ((1u << len) - 1);
    };
    const auto ac13 = static_cast<std::uint16_t>(field32(20, 13));

    switch (df) {
        case 0:
        case 16:
            m.vertical_status = static_cast<std::uint8_t>(field32(6, 1));
            m.on_ground = field32(6, 1) == 1;
            m.sensitivity_level = static_cast<std::uint8_t>(field32(9, 3));
            m.reply_information = static_cast<std::uint8_t>(field32(14, 4));
            m.altitude_ft = decode_ac13_ft(ac13);
            if (df == 16) {
                const std::uint64_t mv = detail::load56(&bytes[4]);
                if (bits56(mv, 1, 8) == 0x30) m.resolution_advisory = decode_resolution_advisory(mv);
            }
            break;
        case 4:
        case 5:
        case 20:
        case 21:
            set_fs(m, field32(6, 3));
            m.downlink_request = static_cast<std::uint8_t>(field32(9, 5));
            m.utility_message = static_cast<std::uint8_t>(field32(14, 6));
            if (df == 4 || df == 20)
                m.altitude_ft = decode_ac13_ft(ac13);
            else
                m.squawk = decode_squawk(ac13);
            if (df >= 20) {
                m.commb.emplace();
                decode_commb(detail::load56(&bytes[4]), m.altitude_ft, *m.commb);
            }
            break;
        case 11:
            set_ca(m, field32(6, 3));
            break;
        case 17:
            set_ca(m, field32(6, 3));
            decode_extended_squitter(detail::load56(&bytes[4]), m);
            break;
        case 18: {
            const unsigned cf = field32(6, 3);
            m.control_field = static_cast<std::uint8_t>(cf);
            m.non_icao_address = cf == 1 || cf == 5;
            // CF 0/1: ADS-B from non-transponder devices; 2/5: fine TIS-B; 6: ADS-R. 3 (coarse
            // TIS-B), 4 (TIS-B management) and 7 have other layouts: header only.
            if (cf <= 2 || cf == 5 || cf == 6) decode_extended_squitter(detail::load56(&bytes[4]), m);
            break;
        }
        default:
            break;
    }
    return DecodeStatus::ok;
}

}  // namespace reckon::adsb
