// DF17 extended squitter encoding (see encoder.hpp). The field layouts are those of DO-260B
// §2.2.3.2.3-2.2.3.2.6; CPR encoding is DO-260B A.1.7.2 with NL from cpr.hpp, so encoder and
// decoder agree on zone boundaries by construction.
#include "reckon/adsb/encoder.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <unordered_map>

#include "reckon/adsb/cpr.hpp"
#include "reckon/adsb/crc.hpp"

namespace reckon::adsb {

namespace {

constexpr double CPR_SCALE_17 = 131072.0;  // 2^17
constexpr std::uint32_t CPR_MASK = 0x1FFFF;
constexpr unsigned DF_EXTENDED_SQUITTER = 17;
constexpr unsigned VELOCITY_TC = 19;
constexpr unsigned VELOCITY_SUBTYPE_GROUND = 1;
constexpr unsigned NAC_V_UNDER_10_MPS = 1;
constexpr int MAX_VELOCITY_KT = 1021;         // field value 1023 means "> 1021.5 kt"
constexpr int MAX_VERTICAL_RATE_UNITS = 510;  // 64 ft/min units; 511 means "> 32,608 ft/min"
constexpr double ALTITUDE_MIN_FT = -1000, ALTITUDE_MAX_FT = 50175;

// The Mode S character set (Annex 10 Vol IV Table 3-9): A-Z = 1-26, space = 32, 0-9 = 48-57.
std::optional<unsigned> callsign_code(char c) {
    if (c >= 'A' && c <= 'Z') return static_cast<unsigned>(c - 'A' + 1);
    if (c >= 'a' && c <= 'z') return static_cast<unsigned>(c - 'a' + 1);
    if (c >= '0' && c <= '9') return static_cast<unsigned>(c);
    if (c == ' ') return 32u;
    return std::nullopt;
}

double positive_mod(double x, double y) { return x - y * std::floor(x / y); }

// Appends `bits` low bits of `value` to an ME word being built from the left.
struct MeBuilder {
    std::uint64_t me = 0;
    unsigned used = 0;
    MeBuilder& put(std::uint64_t value, unsigned bits) {
        me = (me << bits) | (value & ((std::uint64_t{1} << bits) - 1));
        used += bits;
        return *this;
    }
};

}  // namespace

CprEncoded cpr_encode(double lat_deg, double lon_deg, bool odd, bool surface) {
    if (!std::isfinite(lat_deg) || !std::isfinite(lon_deg) || std::abs(lat_deg) > 90) return {};
    const double span = surface ? 90.0 : 360.0;
    const int i = odd ? 1 : 0;
    const double dlat = span / (60 - i);
    const double yz = std::floor(CPR_SCALE_17 * positive_mod(lat_deg, dlat) / dlat + 0.5);
    const double rlat = dlat * (yz / CPR_SCALE_17 + std::floor(lat_deg / dlat));
    const double dlon = span / std::max(cpr_nl(rlat) - i, 1);
    const double xz = std::floor(CPR_SCALE_17 * positive_mod(lon_deg, dlon) / dlon + 0.5);
    return {static_cast<std::uint32_t>(static_cast<std::int64_t>(yz)) & CPR_MASK,
            static_cast<std::uint32_t>(static_cast<std::int64_t>(xz)) & CPR_MASK};
}

std::uint16_t encode_altitude_25ft(std::optional<double> altitude_ft) {
    if (!altitude_ft || !std::isfinite(*altitude_ft) || *altitude_ft < ALTITUDE_MIN_FT ||
        *altitude_ft > ALTITUDE_MAX_FT)
        return 0;
    const auto n = static_cast<std::uint16_t>(std::lround((*altitude_ft - ALTITUDE_MIN_FT) / 25.0));
    // Eleven bits N around the Q bit (the 8th of 12): N[10..4] Q N[3..0].
    return static_cast<std::uint16_t>(((n >> 4) << 5) | 0x10 | (n & 0xF));
}

std::uint8_t encode_movement(std::optional<double> ground_speed_kt) {
    if (!ground_speed_kt || !std::isfinite(*ground_speed_kt) || *ground_speed_kt < 0) return 0;
    const double v = *ground_speed_kt;
    // {lower edge of the range, its first code, step in kt}, DO-260B Table 2-46.
    struct Bin {
        double from_kt;
        int first_code;
        double step_kt;
    };
    constexpr Bin BINS[] = {{100, 109, 5}, {70, 94, 2},  {15, 39, 1},
                            {2, 13, 0.5},  {1, 9, 0.25}, {0.125, 2, 0.125}};
    if (v >= 175) return 124;
    for (const Bin& b : BINS)
        if (v >= b.from_kt)
            return static_cast<std::uint8_t>(b.first_code +
                                             static_cast<int>(std::floor((v - b.from_kt) / b.step_kt)));
    return 1;  // stopped
}

std::optional<std::uint64_t> me_identification(std::string_view callsign, std::string_view category) {
    if (callsign.size() > 8 || category.size() != 2 || category[0] < 'A' || category[0] > 'D' ||
        category[1] < '0' || category[1] > '7')
        return std::nullopt;
    // Set A is type code 4, B 3, C 2, D 1.
    MeBuilder b;
    b.put(4u - static_cast<unsigned>(category[0] - 'A'), 5).put(static_cast<unsigned>(category[1] - '0'), 3);
    for (std::size_t i = 0; i < 8; ++i) {
        const auto code = callsign_code(i < callsign.size() ? callsign[i] : ' ');
        if (!code) return std::nullopt;
        b.put(*code, 6);
    }
    return b.me;
}

std::uint64_t me_airborne_position(double lat_deg, double lon_deg, std::optional<double> altitude_ft,
                                   bool odd) {
    const CprEncoded c = cpr_encode(lat_deg, lon_deg, odd, false);
    MeBuilder b;
    b.put(AIRBORNE_POSITION_TC, 5).put(0, 2).put(0, 1);  // surveillance status none, NIC supplement B 0
    b.put(encode_altitude_25ft(altitude_ft), 12).put(0, 1).put(odd ? 1 : 0, 1);  // time not UTC-synchronised
    b.put(c.lat, 17).put(c.lon, 17);
    return b.me;
}

std::uint64_t me_surface_position(double lat_deg, double lon_deg, std::optional<double> ground_speed_kt,
                                  std::optional<double> track_deg, bool odd) {
    const CprEncoded c = cpr_encode(lat_deg, lon_deg, odd, true);
    MeBuilder b;
    b.put(SURFACE_POSITION_TC, 5).put(encode_movement(ground_speed_kt), 7);
    if (track_deg && std::isfinite(*track_deg)) {
        const long trk = std::lround(positive_mod(*track_deg, 360.0) * 128.0 / 360.0) % 128;
        b.put(1, 1).put(static_cast<std::uint64_t>(trk), 7);
    } else {
        b.put(0, 1).put(0, 7);
    }
    b.put(0, 1).put(odd ? 1 : 0, 1).put(c.lat, 17).put(c.lon, 17);
    return b.me;
}

std::uint64_t me_velocity(double ground_speed_kt, double track_deg, std::optional<double> vertical_rate_fpm) {
    if (!std::isfinite(ground_speed_kt) || !std::isfinite(track_deg)) ground_speed_kt = track_deg = 0;
    const double rad = track_deg * std::numbers::pi / 180.0;
    const double v_ew = ground_speed_kt * std::sin(rad), v_ns = ground_speed_kt * std::cos(rad);
    auto component = [](double v) {
        return static_cast<std::uint64_t>(std::min<long>(std::lround(std::abs(v)), MAX_VELOCITY_KT) + 1);
    };
    MeBuilder b;
    b.put(VELOCITY_TC, 5).put(VELOCITY_SUBTYPE_GROUND, 3).put(0, 1).put(0, 1).put(NAC_V_UNDER_10_MPS, 3);
    b.put(v_ew < 0 ? 1 : 0, 1).put(component(v_ew), 10);
    b.put(v_ns < 0 ? 1 : 0, 1).put(component(v_ns), 10);
    b.put(1, 1);  // vertical rate source: barometric
    if (vertical_rate_fpm && std::isfinite(*vertical_rate_fpm)) {
        const long units =
            std::min<long>(std::lround(std::abs(*vertical_rate_fpm) / 64.0), MAX_VERTICAL_RATE_UNITS);
        b.put(*vertical_rate_fpm < 0 ? 1 : 0, 1).put(static_cast<std::uint64_t>(units + 1), 9);
    } else {
        b.put(0, 1).put(0, 9);
    }
    b.put(0, 2).put(0, 1).put(0, 7);  // reserved; GNSS-baro difference: no information
    return b.me;
}

Frame make_df17(std::uint32_t icao, std::uint64_t me, std::uint8_t capability, double t_s) {
    Frame f;
    f.length_bytes = 14;
    f.t_s = t_s;
    f.bytes[0] = static_cast<std::uint8_t>((DF_EXTENDED_SQUITTER << 3) | (capability & 7u));
    f.bytes[1] = static_cast<std::uint8_t>(icao >> 16);
    f.bytes[2] = static_cast<std::uint8_t>(icao >> 8);
    f.bytes[3] = static_cast<std::uint8_t>(icao);
    for (int i = 0; i < 7; ++i)
        f.bytes[static_cast<std::size_t>(4 + i)] = static_cast<std::uint8_t>(me >> (48 - 8 * i));
    // With the parity bytes zero the residual is the CRC of the rest: exactly the parity.
    const std::uint32_t parity = crc_residual(std::span<const std::uint8_t>(f.bytes.data(), 14));
    f.bytes[11] = static_cast<std::uint8_t>(parity >> 16);
    f.bytes[12] = static_cast<std::uint8_t>(parity >> 8);
    f.bytes[13] = static_cast<std::uint8_t>(parity);
    return f;
}

std::vector<Frame> encode_trajectory(const std::vector<TrackPoint>& points, const EncoderOptions& options) {
    constexpr std::uint8_t CA_GROUND = 4, CA_AIRBORNE = 5;
    struct State {
        bool odd = false;
        std::optional<double> last_identification_t_s;
    };
    std::unordered_map<std::uint32_t, State> states;
    std::vector<Frame> frames;
    for (const TrackPoint& p : points) {
        if (!std::isfinite(p.t_s)) continue;
        State& s = states[p.icao];
        const bool ground = p.on_ground.value_or(false);
        const std::uint8_t ca = ground ? CA_GROUND : CA_AIRBORNE;
        if (p.lat_deg && p.lon_deg && std::isfinite(*p.lat_deg) && std::isfinite(*p.lon_deg)) {
            const std::uint64_t me =
                ground ? me_surface_position(*p.lat_deg, *p.lon_deg, p.ground_speed_kt, p.track_deg, s.odd)
                       : me_airborne_position(*p.lat_deg, *p.lon_deg, p.altitude_ft, s.odd);
            frames.push_back(make_df17(p.icao, me, ca, p.t_s));
            s.odd = !s.odd;
        }
        if (!ground && p.ground_speed_kt && p.track_deg && std::isfinite(*p.ground_speed_kt) &&
            std::isfinite(*p.track_deg))
            frames.push_back(make_df17(p.icao,
                                       me_velocity(*p.ground_speed_kt, *p.track_deg, p.vertical_rate_fpm), ca,
                                       p.t_s + options.velocity_offset_s));
        if (!p.callsign.empty() && (!s.last_identification_t_s || p.t_s - *s.last_identification_t_s >=
                                                                      options.identification_interval_s)) {
            if (auto me = me_identification(p.callsign, options.category)) {
                frames.push_back(make_df17(p.icao, *me, ca, p.t_s + options.identification_offset_s));
                s.last_identification_t_s = p.t_s;
            }
        }
    }
    std::stable_sort(frames.begin(), frames.end(),
                     [](const Frame& a, const Frame& b) { return a.t_s < b.t_s; });
    return frames;
}

}  // namespace reckon::adsb
