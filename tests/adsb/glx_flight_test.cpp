// The acceptance case end to end: a simulated Gelix Airlines (GLX) Il-76 flying
// Moscow Sheremetyevo (UUEE) → Tehran Imam Khomeini (OIIE) on 2025-07-11 goes through the
// encoder, IQ modulation and demodulation (helper B), the decoder and tracker (helper A), the
// flight finder and the watchlist "IL76 of GLX from RU to IR", which must flag it with the
// right airports and times.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "reckon/adsb/aircraft_db.hpp"
#include "reckon/adsb/airports.hpp"
#include "reckon/adsb/demod.hpp"
#include "reckon/adsb/encoder.hpp"
#include "reckon/adsb/flight_format.hpp"
#include "reckon/adsb/flights.hpp"
#include "reckon/adsb/modulate.hpp"
#include "reckon/adsb/tracker.hpp"
#include "reckon/adsb/trajectory.hpp"
#include "reckon/adsb/watchlist.hpp"
#include "reference_data.hpp"

namespace reckon::adsb {
namespace {

const std::string DATA = std::string(RECKON_SHARED_DIR) + "/data/adsb";

// 152a48 is a real IL76 (RA-76360) of the test aircraft table; the table says nothing of its
// operator: the simulated callsign's designator GLX is what makes it a Gelix flight here.
constexpr std::uint32_t IL76_ICAO = 0x152a48;
constexpr double OFF_BLOCK_T_S = 1752192000.0 + 6 * 3600;  // 2025-07-11T06:00:00Z
// Frames are laid 200 µs apart in the recording (a long frame lasts 120 µs), so none overlap.
constexpr double IQ_SPACING_S = 200e-6;
constexpr std::size_t IQ_CHUNK_FRAMES = 5000;

// Modulates the frames at 2.4 MS/s, demodulates them, and gives each frame that comes back
// its original time from its slot in the recording (a receiver's clock would have stamped it).
std::vector<Frame> through_iq(const std::vector<Frame>& frames, DemodStats& total) {
    std::vector<Frame> out;
    for (std::size_t begin = 0; begin < frames.size(); begin += IQ_CHUNK_FRAMES) {
        const std::size_t end = std::min(frames.size(), begin + IQ_CHUNK_FRAMES);
        std::vector<double> times;
        for (std::size_t i = begin; i < end; ++i)
            times.push_back(10e-6 + IQ_SPACING_S * static_cast<double>(i - begin));
        const auto iq = modulate(std::span(frames).subspan(begin, end - begin), times, ModulateOptions{});
        DemodStats stats;
        for (Frame f : demodulate(iq, IqOptions{}, &stats)) {
            const auto slot = static_cast<std::size_t>(std::lround((f.t_s - 10e-6) / IQ_SPACING_S));
            if (slot >= end - begin) continue;
            f.t_s = frames[begin + slot].t_s;
            out.push_back(f);
        }
        total.frames += stats.frames;
        total.bad_crc += stats.bad_crc;
    }
    return out;
}

TEST(GlxFlight, MoscowToTehranIsEncodedDecodedAndFlagged) {
    const Airports& airports = test_data::airports();
    const AircraftDb& aircraft = test_data::aircraft();
    const Airport* uuee = airports.find("UUEE");
    const Airport* oiie = airports.find("OIIE");
    ASSERT_TRUE(uuee && oiie && uuee->elevation_ft && oiie->elevation_ft);

    RoutePlan plan;
    plan.icao = IL76_ICAO;
    plan.callsign = "GLX7601";
    plan.from = uuee->position;
    plan.to = oiie->position;
    plan.from_elevation_ft = *uuee->elevation_ft;
    plan.to_elevation_ft = *oiie->elevation_ft;
    plan.off_block_t_s = OFF_BLOCK_T_S;
    plan.cruise_altitude_ft = 31000;
    plan.cruise_speed_kt = 420;
    const SimulatedFlight sim = simulate_flight(plan);

    const auto frames = encode_trajectory(sim.points, {.category = "A5"});
    DemodStats demod;
    const auto received = through_iq(frames, demod);
    // Noise-free signal: every frame comes back, bit for bit.
    ASSERT_EQ(received.size(), frames.size());
    for (std::size_t i = 0; i < frames.size(); i += 997) EXPECT_EQ(received[i].bytes, frames[i].bytes) << i;

    // A receiver at Sheremetyevo gives the tracker its first surface reference.
    TrackerOptions options;
    options.receiver = uuee->position;
    Tracker tracker(options);
    std::vector<TrackPoint> points;
    for (const Frame& f : received)
        for (auto& p : tracker.feed(f)) points.push_back(std::move(p));
    ASSERT_GT(points.size(), sim.points.size() * 9 / 10);

    FlightStats stats;
    const auto flights = find_flights(points, airports, &aircraft, {}, &stats);
    ASSERT_EQ(flights.size(), 1u);
    const Flight& f = flights[0];
    EXPECT_EQ(f.icao, IL76_ICAO);
    EXPECT_EQ(f.callsign, "GLX7601");
    EXPECT_EQ(f.typecode, "IL76");
    EXPECT_EQ(f.registration, "RA-76360");
    EXPECT_EQ(f.operator_code, "GLX");
    EXPECT_EQ(f.operator_name, "Gelix Airlines");
    ASSERT_TRUE(f.departure && f.arrival);
    EXPECT_EQ(f.departure->airport, "UUEE");
    EXPECT_EQ(f.departure->country, "RU");
    EXPECT_EQ(f.arrival->airport, "OIIE");
    EXPECT_EQ(f.arrival->country, "IR");
    // Take-off and touchdown within two position reports (1 s apart) of the simulation's.
    EXPECT_TRUE(f.departure->ground_seen);
    EXPECT_TRUE(f.arrival->ground_seen);
    EXPECT_NEAR(f.departure->t_s, sim.takeoff_t_s, 2.0);
    EXPECT_NEAR(f.arrival->t_s, sim.landing_t_s, 2.0);
    EXPECT_NEAR(*f.max_altitude_ft, 31000, 25);

    const Watchlist watch = Watchlist::parse(
        "[[rule]]\nname = \"IL76 of GLX from RU to IR\"\ntype = \"IL76\"\noperator = \"GLX\"\nfrom = "
        "\"RU\"\nto = \"IR\"\n",
        "watch.toml");
    std::printf(
        "GLX flight: %zu frames, %zu received through IQ, %zu track points; take-off %s (simulated %s), "
        "touchdown %s (simulated %s)\n",
        frames.size(), received.size(), points.size(), iso_utc(f.departure->t_s).c_str(),
        iso_utc(sim.takeoff_t_s).c_str(), iso_utc(f.arrival->t_s).c_str(), iso_utc(sim.landing_t_s).c_str());
    const auto matched = watch.matches(f);
    ASSERT_EQ(matched.size(), 1u);
    const core::Event e = to_event(f, *matched[0], airports);
    EXPECT_EQ(e.kind, "flight");
    ASSERT_TRUE(e.date);
    EXPECT_EQ(core::to_iso(*e.date), "2025-07-11");
    EXPECT_EQ(e.roles.at("aircraft_type"), "IL76");
    EXPECT_EQ(e.roles.at("operator"), "Gelix Airlines");
    EXPECT_EQ(e.roles.at("from"), "UUEE");
    EXPECT_EQ(e.roles.at("to"), "OIIE");
    EXPECT_EQ(e.roles.at("from_country"), "Russia");
    EXPECT_EQ(e.roles.at("to_country"), "Iran");
    EXPECT_EQ(e.roles.at("icao24"), "152a48");
    EXPECT_EQ(e.roles.at("departure_time"), iso_utc(f.departure->t_s));
    EXPECT_EQ(e.roles.at("departure_time").substr(0, 13), "2025-07-11T06");  // 06:10:40Z take-off
}

}  // namespace
}  // namespace reckon::adsb
