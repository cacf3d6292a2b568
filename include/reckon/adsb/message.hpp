// A decoded Mode S / ADS-B message: every field the decoder found, in named units, and the
// JSON-lines and CSV forms `reckon adsb decode` prints. One flat record for every downlink
// format, so a reader of the output never has to know which struct a field lives in; a field
// the message does not carry stays empty (nullopt) and is left out of the JSON.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace reckon::adsb {

// Where a message came from: a raw Mode S frame, or a row another decoder already decoded.
enum class MessageOrigin : std::uint8_t { mode_s, sbs, opensky };

// Comm-B registers (BDS codes) that reckon recognises in DF20/21 replies.
enum class Bds : std::uint8_t { bds10, bds17, bds20, bds30, bds40, bds44, bds45, bds50, bds60 };
inline constexpr int BDS_COUNT = 9;
std::string_view bds_name(Bds b);  // "1,0", "1,7", ...

// ACAS resolution advisory (BDS 3,0 in Comm-B, DF16 MV, and ES type 28 subtype 2).
struct ResolutionAdvisory {
    std::uint16_t ara = 0;  // 14 bits of active resolution advisories
    std::uint8_t rac = 0;   // 4 bits of RA complements
    bool rat = false;       // RA terminated
    bool mte = false;       // multiple threat encounter
    std::uint8_t tti = 0;   // threat type: 0 none, 1 address, 2 altitude/range/bearing
    std::optional<std::uint32_t> threat_icao;
};

// Fields of the Comm-B registers. Which ones are filled depends on the candidate registers.
struct CommB {
    std::uint16_t candidates = 0;  // bit (1 << Bds) for every register the MB field passes
    bool all_zero = false;         // MB is all zeros: an empty reply, no register inferred
    int candidate_count() const { return std::popcount(static_cast<unsigned>(candidates)); }
    bool is(Bds b) const { return candidates & (1u << static_cast<int>(b)); }
    // 1,0 data link capability
    std::uint8_t bds10_version = 0;  // Mode S subnetwork version number
    bool bds10_overlay = false, bds10_enhanced_protocol = false, bds10_specific_services = false,
         bds10_ident_capability = false, bds10_squitter_capability = false;
    // 1,7 common-usage GICB capability: bit i (0 = "0,5") per register of BDS17_REGISTERS
    std::uint32_t bds17_supported = 0;
    // 2,0 aircraft identification
    std::string bds20_callsign;
    // 3,0 ACAS active resolution advisory
    ResolutionAdvisory bds30;
    // 4,0 selected vertical intention
    std::optional<int> bds40_selected_altitude_mcp_ft, bds40_selected_altitude_fms_ft;
    std::optional<double> bds40_baro_setting_hpa;
    std::optional<bool> bds40_vnav, bds40_alt_hold, bds40_approach;
    std::optional<std::uint8_t> bds40_target_altitude_source;  // 0 unknown, 1 aircraft, 2 MCP/FCU, 3 FMS
    // 4,4 meteorological routine air report
    std::uint8_t bds44_source = 0;  // figure of merit / source, 0 .. 4
    std::optional<double> bds44_wind_speed_kt, bds44_wind_direction_deg, bds44_static_air_temperature_c,
        bds44_humidity_pct;
    std::optional<int> bds44_static_pressure_hpa;
    std::optional<std::uint8_t> bds44_turbulence;
    // 4,5 meteorological hazard report (levels 0 nil .. 3 severe)
    std::optional<std::uint8_t> bds45_turbulence, bds45_wind_shear, bds45_microburst, bds45_icing,
        bds45_wake_vortex;
    std::optional<double> bds45_static_air_temperature_c;
    std::optional<int> bds45_static_pressure_hpa, bds45_radio_height_ft;
    // 5,0 track and turn report
    std::optional<double> bds50_roll_deg, bds50_true_track_deg, bds50_ground_speed_kt, bds50_track_rate_deg_s,
        bds50_true_airspeed_kt;
    // 6,0 heading and speed report
    std::optional<double> bds60_magnetic_heading_deg, bds60_indicated_airspeed_kt, bds60_mach,
        bds60_baro_vertical_rate_fpm, bds60_inertial_vertical_rate_fpm;
};

// Registers named by the 24 defined bits of BDS 1,7, in bit order.
inline constexpr std::array<std::string_view, 24> BDS17_REGISTERS = {
    "0,5", "0,6", "0,7", "0,8", "0,9", "0,A", "2,0", "2,1", "4,0", "4,1", "4,2", "4,3",
    "4,4", "4,5", "4,8", "5,0", "5,1", "5,2", "5,3", "5,4", "5,5", "5,6", "5,F", "6,0"};

struct Message {
    MessageOrigin origin = MessageOrigin::mode_s;
    double t_s = 0;
    std::optional<double> signal_dbfs;
    std::array<std::uint8_t, 14> bytes{};  // the frame (after any repair)
    std::uint8_t length_bytes = 0;

    std::uint8_t df = 0;               // downlink format
    std::uint32_t icao = 0;            // AA field, or the CRC residual for address/parity replies
    bool address_from_parity = false;  // DF0/4/5/16/20/21: trust only for addresses seen before
    bool non_icao_address = false;     // DF18 with CF 1/5, or TIS-B/ADS-R track files
    std::uint8_t corrected_bits = 0;
    std::optional<std::uint8_t> interrogator_id;  // DF11 II/SI code from the residual

    // Surveillance and all-call fields
    std::optional<std::uint8_t> capability;         // CA (DF11/17)
    std::optional<std::uint8_t> control_field;      // CF (DF18)
    std::optional<std::uint8_t> flight_status;      // FS (DF4/5/20/21)
    std::optional<std::uint8_t> downlink_request;   // DR
    std::optional<std::uint8_t> utility_message;    // UM
    std::optional<std::uint8_t> vertical_status;    // VS (DF0/16)
    std::optional<std::uint8_t> sensitivity_level;  // SL (DF0/16)
    std::optional<std::uint8_t> reply_information;  // RI (DF0/16)
    std::optional<bool> on_ground, alert, spi;
    std::optional<int> altitude_ft;  // barometric unless altitude_is_gnss
    bool altitude_is_gnss = false;
    std::optional<std::uint16_t> squawk;  // octal digits read as decimal, see altitude.hpp

    // Extended squitter (DF17/18)
    std::optional<std::uint8_t> typecode, subtype;
    std::string category;                    // "A3" etc. (TC 1-4)
    std::string callsign;                    // trimmed
    std::optional<std::uint8_t> cpr_format;  // 0 even, 1 odd
    std::optional<std::uint32_t> cpr_lat, cpr_lon;
    std::optional<std::uint8_t> nuc_p, surveillance_status;
    std::optional<bool> nic_b;
    std::optional<double> lat_deg, lon_deg;  // filled when the tracker resolves the CPR
    std::optional<double> ground_speed_kt, track_deg, airspeed_kt, heading_deg;
    std::optional<bool> airspeed_is_true;  // TAS (true) or IAS (false)
    std::optional<bool> supersonic;
    std::optional<int> vertical_rate_fpm;
    std::optional<bool> vertical_rate_is_baro;  // ME bit 36: 1 = barometric, 0 = GNSS
    std::optional<int> geo_minus_baro_ft;
    std::optional<std::uint8_t> nac_v;
    std::optional<std::uint8_t> emergency_state;  // TC28 ST1
    std::optional<ResolutionAdvisory> resolution_advisory;
    // Target state and status (TC29)
    std::optional<int> selected_altitude_ft;
    std::optional<bool> selected_altitude_is_fms;  // false = MCP/FCU
    std::optional<double> baro_setting_hpa, selected_heading_deg;
    std::optional<bool> autopilot, vnav, alt_hold, approach, lnav, tcas_operational;
    // Operational status (TC31) and accuracy/integrity
    std::optional<std::uint8_t> adsb_version, nic_supplement_a, nac_p, gva, sil, sil_supplement, nic_baro,
        hrd, trk_hdg, length_width_code;
    std::optional<std::uint16_t> capability_class, operational_mode;

    // Comm-B (DF20/21)
    std::optional<CommB> commb;

    // Rows of other decoders: the SBS message type (1-8).
    std::optional<std::uint8_t> sbs_type;
};

// Writes one JSON object (no newline) with every field that is set. Appends to `line`.
void append_json(std::string& line, const Message& m);

// The CSV header (no newline) and one CSV row (no newline) with fixed columns; Comm-B
// register fields are filled only when exactly one register fits.
std::string_view csv_header();
void append_csv(std::string& line, const Message& m);

// "7700" style formatting of a squawk kept as a decimal of its octal digits.
std::string format_squawk(std::uint16_t squawk);

}  // namespace reckon::adsb
