// The encoder: published frames rebuilt bit for bit, round trips through helper A's decoder
// for every field the encoder writes, CPR encoding against the decoder over a grid of
// positions, and the simulator's flight profile.
#include "reckon/adsb/encoder.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "expect_error.hpp"
#include "reckon/adsb/cpr.hpp"
#include "reckon/adsb/crc.hpp"
#include "reckon/adsb/decode.hpp"
#include "reckon/adsb/trajectory.hpp"
#include "reckon/core/error.hpp"

namespace reckon::adsb {
namespace {

std::string hex(const Frame& f) {
    static const char* digits = "0123456789ABCDEF";
    std::string s;
    for (int i = 0; i < f.length_bytes; ++i) {
        s += digits[f.bytes[static_cast<std::size_t>(i)] >> 4];
        s += digits[f.bytes[static_cast<std::size_t>(i)] & 15];
    }
    return s;
}

Message decoded(const Frame& f) {
    Message m;
    EXPECT_EQ(decode(f, m), DecodeStatus::ok) << hex(f);
    return m;
}

TEST(Encoder, RebuildsPublishedFrames) {
    // "The 1090 MHz Riddle" (vectors.jsonl): KLM1023 identification of 4840D6, category A0.
    const auto id = me_identification("KLM1023", "A0");
    ASSERT_TRUE(id);
    EXPECT_EQ(hex(make_df17(0x4840D6, *id, 5, 0)), "8D4840D6202CC371C32CE0576098");
    // Airborne position of 40621D at 38,000 ft, even frame: encode the position the decoder
    // gets from the published pair and the frame comes back bit for bit.
    Frame even, odd;
    ASSERT_TRUE(parse_hex_frame("8D40621D58C382D690C8AC2863A7", even));
    ASSERT_TRUE(parse_hex_frame("8D40621D58C386435CC412692AD6", odd));
    const Message me = decoded(even), mo = decoded(odd);
    const auto pos =
        cpr_global_airborne({false, *me.cpr_lat, *me.cpr_lon}, {true, *mo.cpr_lat, *mo.cpr_lon}, false);
    ASSERT_TRUE(pos);
    EXPECT_EQ(hex(make_df17(0x40621D, me_airborne_position(pos->lat_deg, pos->lon_deg, 38000, false), 5, 0)),
              "8D40621D58C382D690C8AC2863A7");
}

TEST(Encoder, AltitudeAndMovementFields) {
    EXPECT_EQ(encode_altitude_25ft(38000), 0xC38);
    EXPECT_EQ(encode_altitude_25ft(-1000), 0x010);
    EXPECT_EQ(encode_altitude_25ft(50175), 0xFFF);
    EXPECT_EQ(encode_altitude_25ft(50200), 0);
    EXPECT_EQ(encode_altitude_25ft(std::nullopt), 0);
    // {speed, code}: the bin that holds the speed (DO-260B Table 2-46).
    const std::pair<double, int> moves[] = {
        {0, 1},   {0.1, 1},   {0.125, 2}, {0.99, 8}, {1, 9},     {1.99, 12}, {2, 13},    {14.9, 38},
        {15, 39}, {69.5, 93}, {70, 94},   {99, 108}, {100, 109}, {174, 123}, {175, 124}, {400, 124}};
    for (const auto& [kt, code] : moves) EXPECT_EQ(encode_movement(kt), code) << kt;
    EXPECT_EQ(encode_movement(std::nullopt), 0);
    EXPECT_FALSE(me_identification("TOOLONGCS"));
    EXPECT_FALSE(me_identification("GLX_1"));
    EXPECT_FALSE(me_identification("GLX1", "E1"));
}

TEST(Encoder, EveryFieldRoundTripsThroughTheDecoder) {
    const auto id = me_identification("GLX7601", "A5");
    ASSERT_TRUE(id);
    const Message m_id = decoded(make_df17(0x152a48, *id, 5, 0));
    EXPECT_EQ(m_id.typecode, 4);
    EXPECT_EQ(m_id.category, "A5");
    EXPECT_EQ(m_id.callsign, "GLX7601");

    const Message m_pos = decoded(make_df17(0x152a48, me_airborne_position(45.5, 44.25, 33000, true), 5, 0));
    EXPECT_EQ(m_pos.typecode, AIRBORNE_POSITION_TC);
    EXPECT_EQ(m_pos.altitude_ft, 33000);
    EXPECT_EQ(m_pos.cpr_format, 1);

    // {speed, track, vertical rate}: components are whole knots, so speed and track come back
    // within the rounding of one knot per component.
    const std::tuple<double, double, double> vels[] = {
        {430, 160, 0}, {250, 359, -1500}, {150, 45, 2200}, {300, 270, -64}};
    for (const auto& [gs, trk, vr] : vels) {
        const Message m = decoded(make_df17(0x152a48, me_velocity(gs, trk, vr), 5, 0));
        EXPECT_EQ(m.typecode, 19);
        EXPECT_EQ(m.subtype, 1);
        ASSERT_TRUE(m.ground_speed_kt && m.track_deg && m.vertical_rate_fpm);
        EXPECT_NEAR(*m.ground_speed_kt, gs, 0.75);
        EXPECT_NEAR(std::remainder(*m.track_deg - trk, 360.0), 0, 0.3);
        EXPECT_NEAR(*m.vertical_rate_fpm, vr, 32);
        EXPECT_EQ(m.vertical_rate_is_baro, true);
    }

    const Message m_surf =
        decoded(make_df17(0x152a48, me_surface_position(55.97, 37.41, 15, 244, false), 4, 0));
    EXPECT_EQ(m_surf.typecode, SURFACE_POSITION_TC);
    EXPECT_EQ(m_surf.on_ground, true);
    ASSERT_TRUE(m_surf.ground_speed_kt && m_surf.track_deg);
    EXPECT_NEAR(*m_surf.ground_speed_kt, 15, 1.0);
    EXPECT_NEAR(*m_surf.track_deg, 244, 360.0 / 128);
}

TEST(Encoder, CprPairsDecodeToThePositionEncoded) {
    // A grid over the globe: global decoding of an even/odd pair must return the point within
    // half the 17-bit resolution (airborne 5.1 m steps, surface 1.3 m; in metres, since a
    // degree of longitude shrinks towards the poles).
    int checked = 0;
    for (double lat = -85; lat <= 85; lat += 7.3)
        for (double lon = -179.5; lon < 180; lon += 11.9) {
            // Half a quantisation step in each axis: latitude zones of 6° and longitude zones of
            // 360°/NL (a quarter of each on the surface), each cut into 2^17 steps.
            const double m_per_deg = 2 * 3.141592653589793 * 6371008.8 / 360;
            const double lat_half_m = 6.0 / 131072 * m_per_deg / 2;
            const double lon_half_m = 360.0 / std::max(cpr_nl(lat) - 1, 1) / 131072 * m_per_deg *
                                      std::cos(lat * 3.141592653589793 / 180) / 2;
            const double tolerance_m = std::hypot(lat_half_m, lon_half_m) * 1.01;
            const CprEncoded e = cpr_encode(lat, lon, false, false), o = cpr_encode(lat, lon, true, false);
            const auto p = cpr_global_airborne({false, e.lat, e.lon}, {true, o.lat, o.lon}, true);
            ASSERT_TRUE(p) << lat << "," << lon;
            EXPECT_LT(distance_m(*p, {lat, lon}), tolerance_m) << lat << "," << lon;
            // Surface: 19-bit encoding, 17 bits sent; decoded against a reference nearby.
            const CprEncoded se = cpr_encode(lat, lon, false, true), so = cpr_encode(lat, lon, true, true);
            const auto sp = cpr_global_surface({false, se.lat, se.lon}, {true, so.lat, so.lon}, true,
                                               {lat + 0.2, lon - 0.2});
            ASSERT_TRUE(sp) << lat << "," << lon;
            EXPECT_LT(distance_m(*sp, {lat, lon}), tolerance_m / 4) << lat << "," << lon;
            ++checked;
        }
    EXPECT_GT(checked, 600);
}

TEST(Encoder, EveryFrameHasAValidParity) {
    RoutePlan plan;
    plan.icao = 0x152a48;
    plan.callsign = "GLX7601";
    plan.from = {55.9698, 37.3867};
    plan.to = {55.5915, 37.2615};  // a short hop, Sheremetyevo to Vnukovo
    plan.cruise_altitude_ft = 8000;
    const auto sim = simulate_flight(plan);
    const auto frames = encode_trajectory(sim.points, {.category = "A5"});
    ASSERT_GT(frames.size(), sim.points.size());
    for (const Frame& f : frames)
        ASSERT_EQ(crc_residual(std::span<const std::uint8_t>(f.bytes.data(), 14)), 0u);
    for (std::size_t i = 1; i < frames.size(); ++i) ASSERT_LE(frames[i - 1].t_s, frames[i].t_s);
}

TEST(Simulator, FlightProfile) {
    RoutePlan plan;
    plan.icao = 0x152a48;
    plan.from = {55.9698, 37.3867};
    plan.to = {35.4253, 51.1222};
    plan.from_elevation_ft = 620;
    plan.to_elevation_ft = 3305;
    plan.off_block_t_s = 1752213600;
    const auto sim = simulate_flight(plan);
    EXPECT_DOUBLE_EQ(sim.takeoff_t_s, plan.off_block_t_s + plan.taxi_out_s + plan.takeoff_roll_s);
    // ~2,500 km at up to 430 kt: between 3 and 4.5 hours in the air.
    EXPECT_GT(sim.landing_t_s - sim.takeoff_t_s, 3 * 3600);
    EXPECT_LT(sim.landing_t_s - sim.takeoff_t_s, 4.5 * 3600);
    double max_alt = 0;
    for (const auto& p : sim.points) {
        const bool airborne = p.t_s >= sim.takeoff_t_s && p.t_s < sim.landing_t_s;
        EXPECT_EQ(*p.on_ground, !airborne) << p.t_s;
        max_alt = std::max(max_alt, *p.altitude_ft);
    }
    EXPECT_DOUBLE_EQ(max_alt, plan.cruise_altitude_ft);
    // Touchdown is at the arrival point.
    const auto touchdown = std::find_if(sim.points.begin(), sim.points.end(),
                                        [&](const TrackPoint& p) { return p.t_s >= sim.landing_t_s; });
    ASSERT_NE(touchdown, sim.points.end());
    EXPECT_LT(distance_km({*touchdown->lat_deg, *touchdown->lon_deg}, plan.to), 0.5);
    EXPECT_DOUBLE_EQ(*touchdown->altitude_ft, plan.to_elevation_ft);
    RoutePlan bad = plan;
    bad.step_s = 0;
    EXPECT_THROW_HINT_HAS(simulate_flight(bad), Error, "the simulated flight plan cannot be flown",
                          "positive speeds, rates and step");
    bad = plan;
    bad.cruise_altitude_ft = 3000;  // below the arrival airport
    EXPECT_THROW_HINT_HAS(simulate_flight(bad), Error, "the simulated flight plan cannot be flown",
                          "cruise altitude above");
}

}  // namespace
}  // namespace reckon::adsb
