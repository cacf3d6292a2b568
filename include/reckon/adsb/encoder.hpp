// Building Mode S extended squitters (DF17) from aircraft states, so flights can be simulated
// end to end: identification and category (TC 1-4), airborne position with barometric
// altitude (TC 11) and surface position (TC 7) with CPR encoding, and airborne velocity over
// ground (TC 19 subtype 1). Field layouts follow DO-260B §2.2.3.2 / ICAO Doc 9871; every
// frame carries a valid CRC-24 parity (crc.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/adsb/frame.hpp"
#include "reckon/adsb/track.hpp"

namespace reckon::adsb {

// Type codes the encoder writes: TC 11 is airborne position with barometric altitude and
// NIC 8 (containment < 0.1 NM), TC 7 surface position with NIC 8, both typical of GNSS.
inline constexpr unsigned AIRBORNE_POSITION_TC = 11;
inline constexpr unsigned SURFACE_POSITION_TC = 7;

// A 17-bit CPR encoding of a position (DO-260B A.1.7.2): airborne zones span 360°/(60 - i)
// of latitude, surface zones a quarter of that (4× finer, ~1.3 m), as cpr.hpp decodes them.
struct CprEncoded {
    std::uint32_t lat = 0;
    std::uint32_t lon = 0;
};
// A non-finite position or |lat| > 90° gives {0, 0}.
CprEncoded cpr_encode(double lat_deg, double lon_deg, bool odd, bool surface);

// The 12-bit AC field of an airborne position, 25-ft steps (Q = 1), for -1000 .. 50175 ft;
// 0 ("no altitude") outside that range or when unknown.
std::uint16_t encode_altitude_25ft(std::optional<double> altitude_ft);
// The 7-bit surface movement code for a ground speed: the quantisation bin that holds it
// (1 stopped < 0.125 kt ... 124 ≥ 175 kt); 0 when unknown.
std::uint8_t encode_movement(std::optional<double> ground_speed_kt);

// ME fields (56 bits, right-aligned). nullopt for a callsign longer than 8 characters or with a
// character outside A-Z, 0-9 and space, or a category not A0-A7 .. D0-D7.
std::optional<std::uint64_t> me_identification(std::string_view callsign, std::string_view category = "A0");
std::uint64_t me_airborne_position(double lat_deg, double lon_deg, std::optional<double> altitude_ft,
                                   bool odd);
std::uint64_t me_surface_position(double lat_deg, double lon_deg, std::optional<double> ground_speed_kt,
                                  std::optional<double> track_deg, bool odd);
// Subtype 1 (subsonic, over ground). Speeds are clamped to the field (1021 kt, 32,640 ft/min);
// a non-finite speed or track is sent as zero.
std::uint64_t me_velocity(double ground_speed_kt, double track_deg, std::optional<double> vertical_rate_fpm);

// A DF17 frame for `icao` carrying `me`, with capability CA (5 airborne, 4 on the ground) and
// the CRC-24 parity that makes crc_residual() 0.
Frame make_df17(std::uint32_t icao, std::uint64_t me, std::uint8_t capability, double t_s);

struct EncoderOptions {
    std::string category = "A0";           // emitter category, e.g. "A5" heavy (> 300,000 lb)
    double identification_interval_s = 5;  // DO-260B: identification every 4.8-5.2 s
    double velocity_offset_s = 0.25;       // time of the velocity message after the position's
    double identification_offset_s = 0.5;
};

// Frames for a trajectory, in time order: per point a position (surface when on_ground,
// else airborne; even and odd alternating per aircraft), a velocity when airborne with speed
// and track known, and identification every identification_interval_s when a callsign is
// known. Points without a position give no position frame.
std::vector<Frame> encode_trajectory(const std::vector<TrackPoint>& points,
                                     const EncoderOptions& options = {});

}  // namespace reckon::adsb
