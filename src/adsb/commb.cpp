// Comm-B registers: layouts from ICAO Doc 9871 (Technical Provisions for Mode S Services and
// Extended Squitter), Appendix A/B tables for BDS 1,0 1,7 2,0 3,0 4,0 4,4 4,5 5,0 6,0. The
// plausibility rule is described in commb.hpp and docs/adsb.md.
#include "reckon/adsb/commb.hpp"

#include <cmath>

#include "bits.hpp"

namespace reckon::adsb {
namespace {

using detail::bit56;
using detail::bits56;

// Range limits of the plausibility rule (docs/adsb.md, "Comm-B").
constexpr int MAX_SELECTED_ALTITUDE_FT = 51000;  // highest civil service ceilings
constexpr double MIN_BARO_SETTING_HPA = 850, MAX_BARO_SETTING_HPA = 1100;
constexpr double MAX_ROLL_DEG = 50;  // airliners bank ≤ 35° in service, 67° at the protection limit
constexpr double MAX_SPEED_KT = 600;
constexpr double MAX_WIND_KT = 250;  // |TAS - GS| and reported wind
constexpr double MAX_TRACK_RATE_DEG_S = 8;
constexpr double MAX_IAS_KT = 500;
constexpr double MAX_MACH = 1.0;
constexpr double MAX_VERTICAL_RATE_FPM = 6000;
constexpr double MIN_TEMPERATURE_C = -80, MAX_TEMPERATURE_C = 60;
constexpr double MAX_IAS_MACH_DISAGREEMENT_KT = 20;

// A field whose status bit is 0 must be all zeros.
bool status_ok(std::uint64_t mb, int status_bit, int first, int last) {
    return bit56(mb, status_bit) || bits56(mb, first, last - first + 1) == 0;
}

// Sign bit followed by `len` magnitude bits, two's complement over len+1 bits.
int signed_field(std::uint64_t mb, int sign_bit, int len) {
    const int v = static_cast<int>(bits56(mb, sign_bit + 1, len));
    return bit56(mb, sign_bit) ? v - (1 << len) : v;
}

// ISA: calibrated airspeed (kt) for a Mach number at a pressure altitude (ft).
double cas_from_mach_kt(double mach, double altitude_ft) {
    constexpr double FT_M = 0.3048, KT_MS = 0.514444;
    constexpr double T0_K = 288.15, P0_PA = 101325, LAPSE_K_M = 0.0065, TROPOPAUSE_M = 11000;
    constexpr double R = 287.05287, GAMMA = 1.4, G0 = 9.80665;
    const double h = altitude_ft * FT_M;
    double t, p;
    if (h <= TROPOPAUSE_M) {
        t = T0_K - LAPSE_K_M * h;
        p = P0_PA * std::pow(t / T0_K, G0 / (LAPSE_K_M * R));
    } else {
        t = T0_K - LAPSE_K_M * TROPOPAUSE_M;
        const double p11 = P0_PA * std::pow(t / T0_K, G0 / (LAPSE_K_M * R));
        p = p11 * std::exp(-G0 / (R * t) * (h - TROPOPAUSE_M));
    }
    const double a0 = std::sqrt(GAMMA * R * T0_K);
    const double qc = p * (std::pow(1 + 0.2 * mach * mach, 3.5) - 1);
    return a0 * std::sqrt(5 * (std::pow(qc / P0_PA + 1, 2.0 / 7.0) - 1)) / KT_MS;
}

bool try_bds10(std::uint64_t mb, CommB& out) {
    if (bits56(mb, 1, 8) != 0x10 || bits56(mb, 10, 5) != 0) return false;
    out.bds10_overlay = bit56(mb, 15);
    out.bds10_version = static_cast<std::uint8_t>(bits56(mb, 17, 7));
    out.bds10_enhanced_protocol = bit56(mb, 24);
    out.bds10_specific_services = bit56(mb, 25);
    out.bds10_ident_capability = bit56(mb, 33);
    out.bds10_squitter_capability = bit56(mb, 34);
    return true;
}

bool try_bds17(std::uint64_t mb, CommB& out) {
    if (bits56(mb, 25, 32) != 0) return false;
    // Every transponder that answers Comm-B supports 2,0 (identification).
    if (!bit56(mb, 7)) return false;
    out.bds17_supported = bits56(mb, 1, 24);
    return true;
}

bool try_bds20(std::uint64_t mb, CommB& out) {
    if (bits56(mb, 1, 8) != 0x20) return false;
    std::string cs;
    for (int i = 0; i < 8; ++i) {
        const char c = mode_s_char(bits56(mb, 9 + 6 * i, 6));
        if (c == '#') return false;
        cs.push_back(c);
    }
    while (!cs.empty() && cs.back() == ' ') cs.pop_back();
    if (cs.empty() || cs.front() == ' ') return false;
    out.bds20_callsign = std::move(cs);
    return true;
}

bool try_bds30(std::uint64_t mb, CommB& out) {
    if (bits56(mb, 1, 8) != 0x30) return false;
    const auto ra = decode_resolution_advisory(mb);
    if (ra.tti == 3) return false;
    if (ra.tti == 0 && bits56(mb, 31, 26) != 0) return false;
    out.bds30 = ra;
    return true;
}

bool try_bds40(std::uint64_t mb, CommB& out) {
    if (!status_ok(mb, 1, 2, 13) || !status_ok(mb, 14, 15, 26) || !status_ok(mb, 27, 28, 39) ||
        !status_ok(mb, 48, 49, 51) || !status_ok(mb, 54, 55, 56))
        return false;
    if (bits56(mb, 40, 8) != 0 || bits56(mb, 52, 2) != 0) return false;
    if (!bit56(mb, 1) && !bit56(mb, 14) && !bit56(mb, 27) && !bit56(mb, 48) && !bit56(mb, 54)) return false;
    const int mcp_ft = static_cast<int>(bits56(mb, 2, 12)) * 16;
    const int fms_ft = static_cast<int>(bits56(mb, 15, 12)) * 16;
    const double baro_hpa = bits56(mb, 28, 12) * 0.1 + 800.0;
    if (bit56(mb, 1) && mcp_ft > MAX_SELECTED_ALTITUDE_FT) return false;
    if (bit56(mb, 14) && fms_ft > MAX_SELECTED_ALTITUDE_FT) return false;
    if (bit56(mb, 27) && (baro_hpa < MIN_BARO_SETTING_HPA || baro_hpa > MAX_BARO_SETTING_HPA)) return false;
    if (bit56(mb, 1)) out.bds40_selected_altitude_mcp_ft = mcp_ft;
    if (bit56(mb, 14)) out.bds40_selected_altitude_fms_ft = fms_ft;
    if (bit56(mb, 27)) out.bds40_baro_setting_hpa = std::round(baro_hpa * 10.0) / 10.0;
    if (bit56(mb, 48)) {
        out.bds40_vnav = bit56(mb, 49);
        out.bds40_alt_hold = bit56(mb, 50);
        out.bds40_approach = bit56(mb, 51);
    }
    if (bit56(mb, 54)) out.bds40_target_altitude_source = static_cast<std::uint8_t>(bits56(mb, 55, 2));
    return true;
}

bool try_bds44(std::uint64_t mb, CommB& out) {
    const unsigned source = bits56(mb, 1, 4);
    if (source > 4) return false;
    if (!status_ok(mb, 5, 6, 23) || !status_ok(mb, 35, 36, 46) || !status_ok(mb, 47, 48, 49) ||
        !status_ok(mb, 50, 51, 56))
        return false;
    if (!bit56(mb, 5)) return false;  // a routine air report always carries the wind
    const double wind_kt = bits56(mb, 6, 9);
    if (wind_kt > MAX_WIND_KT) return false;
    const double temp_c = signed_field(mb, 24, 10) * 0.25;
    if (temp_c < MIN_TEMPERATURE_C || temp_c > MAX_TEMPERATURE_C) return false;
    out.bds44_source = static_cast<std::uint8_t>(source);
    out.bds44_wind_speed_kt = wind_kt;
    out.bds44_wind_direction_deg = bits56(mb, 15, 9) * 180.0 / 256.0;
    out.bds44_static_air_temperature_c = temp_c;
    if (bit56(mb, 35)) out.bds44_static_pressure_hpa = static_cast<int>(bits56(mb, 36, 11));
    if (bit56(mb, 47)) out.bds44_turbulence = static_cast<std::uint8_t>(bits56(mb, 48, 2));
    if (bit56(mb, 50)) out.bds44_humidity_pct = bits56(mb, 51, 6) * 100.0 / 64.0;
    return true;
}

bool try_bds45(std::uint64_t mb, CommB& out) {
    const int hazards[][3] = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {10, 11, 12}, {13, 14, 15}};
    for (const auto& h : hazards)
        if (!status_ok(mb, h[0], h[1], h[2])) return false;
    if (!status_ok(mb, 16, 17, 26) || !status_ok(mb, 27, 28, 38) || !status_ok(mb, 39, 40, 51)) return false;
    if (bits56(mb, 52, 5) != 0) return false;
    bool any = bit56(mb, 16) || bit56(mb, 27) || bit56(mb, 39);
    for (const auto& h : hazards) any = any || bit56(mb, h[0]);
    if (!any) return false;
    const double temp_c = signed_field(mb, 17, 9) * 0.25;
    if (bit56(mb, 16) && (temp_c < MIN_TEMPERATURE_C || temp_c > MAX_TEMPERATURE_C)) return false;
    std::optional<std::uint8_t>* levels[] = {&out.bds45_turbulence, &out.bds45_wind_shear,
                                             &out.bds45_microburst, &out.bds45_icing, &out.bds45_wake_vortex};
    for (int i = 0; i < 5; ++i)
        if (bit56(mb, hazards[i][0])) *levels[i] = static_cast<std::uint8_t>(bits56(mb, hazards[i][1], 2));
    if (bit56(mb, 16)) out.bds45_static_air_temperature_c = temp_c;
    if (bit56(mb, 27)) out.bds45_static_pressure_hpa = static_cast<int>(bits56(mb, 28, 11));
    if (bit56(mb, 39)) out.bds45_radio_height_ft = static_cast<int>(bits56(mb, 40, 12)) * 16;
    return true;
}

bool try_bds50(std::uint64_t mb, CommB& out) {
    if (!status_ok(mb, 1, 2, 11) || !status_ok(mb, 12, 13, 23) || !status_ok(mb, 24, 25, 34) ||
        !status_ok(mb, 35, 36, 45) || !status_ok(mb, 46, 47, 56))
        return false;
    if (!bit56(mb, 1) && !bit56(mb, 12) && !bit56(mb, 24) && !bit56(mb, 35) && !bit56(mb, 46)) return false;
    std::optional<double> roll, track, gs, rate, tas;
    if (bit56(mb, 1)) roll = signed_field(mb, 2, 9) * 45.0 / 256.0;
    if (bit56(mb, 12)) {
        double t = signed_field(mb, 13, 10) * 90.0 / 512.0;
        track = t < 0 ? t + 360.0 : t;
    }
    if (bit56(mb, 24)) gs = bits56(mb, 25, 10) * 2.0;
    if (bit56(mb, 35)) rate = signed_field(mb, 36, 9) * 8.0 / 256.0;
    if (bit56(mb, 46)) tas = bits56(mb, 47, 10) * 2.0;
    if (roll && std::fabs(*roll) > MAX_ROLL_DEG) return false;
    if (gs && *gs > MAX_SPEED_KT) return false;
    if (tas && *tas > MAX_SPEED_KT) return false;
    if (gs && tas && std::fabs(*tas - *gs) > MAX_WIND_KT) return false;
    if (rate && std::fabs(*rate) > MAX_TRACK_RATE_DEG_S) return false;
    out.bds50_roll_deg = roll;
    out.bds50_true_track_deg = track;
    out.bds50_ground_speed_kt = gs;
    out.bds50_track_rate_deg_s = rate;
    out.bds50_true_airspeed_kt = tas;
    return true;
}

bool try_bds60(std::uint64_t mb, std::optional<int> altitude_ft, CommB& out) {
    if (!status_ok(mb, 1, 2, 12) || !status_ok(mb, 13, 14, 23) || !status_ok(mb, 24, 25, 34) ||
        !status_ok(mb, 35, 36, 45) || !status_ok(mb, 46, 47, 56))
        return false;
    if (!bit56(mb, 1) && !bit56(mb, 13) && !bit56(mb, 24) && !bit56(mb, 35) && !bit56(mb, 46)) return false;
    std::optional<double> heading, ias, mach, vr_baro, vr_inertial;
    if (bit56(mb, 1)) {
        double h = signed_field(mb, 2, 10) * 90.0 / 512.0;
        heading = h < 0 ? h + 360.0 : h;
    }
    if (bit56(mb, 13)) ias = bits56(mb, 14, 10);
    if (bit56(mb, 24)) mach = bits56(mb, 25, 10) * 2.048 / 512.0;
    if (bit56(mb, 35)) vr_baro = signed_field(mb, 36, 9) * 32.0;
    if (bit56(mb, 46)) vr_inertial = signed_field(mb, 47, 9) * 32.0;
    if (ias && *ias > MAX_IAS_KT) return false;
    if (mach && *mach > MAX_MACH) return false;
    if (vr_baro && std::fabs(*vr_baro) > MAX_VERTICAL_RATE_FPM) return false;
    if (vr_inertial && std::fabs(*vr_inertial) > MAX_VERTICAL_RATE_FPM) return false;
    if (ias && mach && altitude_ft &&
        std::fabs(cas_from_mach_kt(*mach, *altitude_ft) - *ias) > MAX_IAS_MACH_DISAGREEMENT_KT)
        return false;
    out.bds60_magnetic_heading_deg = heading;
    out.bds60_indicated_airspeed_kt = ias;
    out.bds60_mach = mach;
    out.bds60_baro_vertical_rate_fpm = vr_baro;
    out.bds60_inertial_vertical_rate_fpm = vr_inertial;
    return true;
}

}  // namespace

char mode_s_char(unsigned code6) {
    if (code6 >= 1 && code6 <= 26) return static_cast<char>('A' + code6 - 1);
    if (code6 == 32) return ' ';
    if (code6 >= 48 && code6 <= 57) return static_cast<char>('0' + code6 - 48);
    return '#';
}

ResolutionAdvisory decode_resolution_advisory(std::uint64_t field56) {
    ResolutionAdvisory ra;
    ra.ara = static_cast<std::uint16_t>(bits56(field56, 9, 14));
    ra.rac = static_cast<std::uint8_t>(bits56(field56, 23, 4));
    ra.rat = bit56(field56, 27);
    ra.mte = bit56(field56, 28);
    ra.tti = static_cast<std::uint8_t>(bits56(field56, 29, 2));
    if (ra.tti == 1) ra.threat_icao = bits56(field56, 31, 24);
    return ra;
}

void decode_commb(std::uint64_t mb, std::optional<int> altitude_ft, CommB& out) {
    out = CommB{};
    mb &= (std::uint64_t{1} << 56) - 1;
    if (mb == 0) {
        out.all_zero = true;
        return;
    }
    auto mark = [&out](Bds b, bool passed) {
        if (passed) out.candidates = static_cast<std::uint16_t>(out.candidates | (1u << static_cast<int>(b)));
    };
    // Each check writes its register's fields only when the register passes.
    mark(Bds::bds10, try_bds10(mb, out));
    mark(Bds::bds17, try_bds17(mb, out));
    mark(Bds::bds20, try_bds20(mb, out));
    mark(Bds::bds30, try_bds30(mb, out));
    mark(Bds::bds40, try_bds40(mb, out));
    mark(Bds::bds44, try_bds44(mb, out));
    mark(Bds::bds45, try_bds45(mb, out));
    mark(Bds::bds50, try_bds50(mb, out));
    mark(Bds::bds60, try_bds60(mb, altitude_ft, out));
}

}  // namespace reckon::adsb
