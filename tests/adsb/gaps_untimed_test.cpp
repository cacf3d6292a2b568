// Issue 14, item 4: untimed input (AVR `*hex;`, every message at t = 0). Message order is the
// clock; parity replies are kept for known addresses; CPR pairs are checked against a
// reference; a DF11 with a non-zero interrogator code from an unseen address does not make an
// aircraft. Measured on the pyModeS sample (2,000 DF17 messages of EZY85MH, `ts` removed)
// against the timed decode of the same messages, and on the simulated GLX flight with a
// 45-minute hole against the simulation's truth.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "reckon/adsb/airports.hpp"
#include "reckon/adsb/crc.hpp"
#include "reckon/adsb/decode.hpp"
#include "reckon/adsb/encoder.hpp"
#include "reckon/adsb/tracker.hpp"
#include "reckon/adsb/trajectory.hpp"

namespace reckon::adsb {
namespace {

const std::string DATA = std::string(RECKON_SHARED_DIR) + "/data/adsb";

struct Row {
    double t_s;
    std::string hex;
};

std::vector<Row> pymodes_rows() {
    std::ifstream in(DATA + "/pymodes/sample_data_adsb.csv");
    std::vector<Row> rows;
    std::string line;
    while (std::getline(in, line)) {
        const auto c1 = line.find(',');
        const auto c2 = line.find(',', c1 + 1);
        if (c1 == std::string::npos || c2 == std::string::npos) continue;
        std::string hex = line.substr(c1 + 1, c2 - c1 - 1);
        std::erase(hex, '"');
        rows.push_back({std::stod(line.substr(0, c1)), hex});
    }
    return rows;
}

struct Decoded {
    std::optional<LatLon> position;
};

std::vector<Decoded> run(const std::vector<Row>& rows, bool timed, Tracker& tracker) {
    std::vector<Decoded> out;
    for (const Row& r : rows) {
        Frame f;
        EXPECT_TRUE(parse_hex_frame(r.hex, f)) << r.hex;
        f.t_s = timed ? r.t_s : 0;
        Message m;
        Decoded d;
        if (decode(f, m) == DecodeStatus::ok && tracker.update(m) && m.lat_deg && m.lon_deg)
            d.position = LatLon{*m.lat_deg, *m.lon_deg};
        out.push_back(d);
    }
    return out;
}

TEST(GapsUntimed, PyModeSSampleWithoutTimesMatchesTheTimedDecode) {
    const auto rows = pymodes_rows();
    ASSERT_EQ(rows.size(), 2000u);
    Tracker timed_tracker;
    Tracker untimed_tracker;
    const auto timed = run(rows, true, timed_tracker);
    const auto untimed = run(rows, false, untimed_tracker);
    std::size_t n_timed = 0;
    std::size_t n_untimed = 0;
    std::size_t compared = 0;
    std::size_t far = 0;
    double worst_deg = 0;
    double worst_km = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        n_timed += timed[i].position.has_value();
        if (!untimed[i].position) continue;
        ++n_untimed;
        // The timed decode of this message, else the nearest timed position in message order.
        std::optional<LatLon> ref = timed[i].position;
        if (ref) {
            ++compared;
            worst_deg = std::max({worst_deg, std::fabs(ref->lat_deg - untimed[i].position->lat_deg),
                                  std::fabs(ref->lon_deg - untimed[i].position->lon_deg)});
        } else {
            for (std::size_t k = 1; k < rows.size() && !ref; ++k) {
                if (i >= k && timed[i - k].position) ref = timed[i - k].position;
                if (!ref && i + k < rows.size() && timed[i + k].position) ref = timed[i + k].position;
            }
        }
        ASSERT_TRUE(ref);
        const double km = distance_m(*ref, *untimed[i].position) / 1000;
        worst_km = std::max(worst_km, km);
        far += km > 1.0;
    }
    std::printf(
        "pyModeS sample untimed: %zu positions kept (timed decode: %zu); %zu compared message by message, "
        "worst difference %.2e deg; %zu more than 1 km off (worst %.3f km); %llu untimed messages\n",
        n_untimed, n_timed, compared, worst_deg, far, worst_km,
        static_cast<unsigned long long>(untimed_tracker.counters().untimed));
    EXPECT_EQ(untimed_tracker.counters().untimed, rows.size());
    EXPECT_LE(worst_deg, 1e-5);
    EXPECT_EQ(far, 0u);
    EXPECT_GE(n_untimed * 100, n_timed * 95) << "untimed decoding keeps too few positions";
}

// A hole in an untimed stream: frames before and after it pair into positions one or more CPR
// zones off unless the pair is checked. Truth is the simulation.
TEST(GapsUntimed, StalePairsAcrossAHoleAreRejected) {
    const Airports airports = Airports::load(DATA + "/airports");
    RoutePlan plan;
    plan.icao = 0x152a48;
    plan.callsign = "GLX7601";
    plan.from = airports.find("UUEE")->position;
    plan.to = airports.find("OIIE")->position;
    plan.off_block_t_s = 1752213600;
    plan.cruise_altitude_ft = 31000;
    plan.cruise_speed_kt = 420;
    const SimulatedFlight sim = simulate_flight(plan);
    const double mid = (sim.takeoff_t_s + sim.landing_t_s) / 2;
    // Truth by time: the simulated point at the frame's time (the encoder keeps them 1 s apart).
    auto truth = [&](double t) {
        const auto it = std::lower_bound(sim.points.begin(), sim.points.end(), t - 0.5,
                                         [](const TrackPoint& p, double v) { return p.t_s < v; });
        return LatLon{*it->lat_deg, *it->lon_deg};
    };
    for (const double hole_min : {45.0, 90.0}) {
        TrackerOptions o;
        o.receiver = plan.from;
        Tracker tracker(o);
        std::size_t kept = 0;
        std::size_t far = 0;
        std::size_t frames = 0;
        double worst_km = 0;
        for (const Frame& f0 : encode_trajectory(sim.points, {.category = "A5"})) {
            if (std::fabs(f0.t_s - mid) < hole_min * 30) continue;
            ++frames;
            Frame f = f0;
            f.t_s = 0;
            Message m;
            if (decode(f, m) != DecodeStatus::ok || !tracker.update(m) || !m.lat_deg) continue;
            ++kept;
            const double km = distance_m(truth(f0.t_s), {*m.lat_deg, *m.lon_deg}) / 1000;
            worst_km = std::max(worst_km, km);
            if (km > 1.0 && far < 3)
                std::printf("  off by %.1f km at t-mid %.0f s: %.5f %.5f tc %d\n", km, f0.t_s - mid,
                            *m.lat_deg, *m.lon_deg, m.typecode.value_or(-1));
            far += km > 1.0;
        }
        std::printf(
            "GLX untimed with a %.0f-min hole: %zu frames, %zu positions, %zu more than 1 km off (worst "
            "%.3f km), %llu pairs rejected by their reference\n",
            hole_min, frames, kept, far, worst_km,
            static_cast<unsigned long long>(tracker.counters().unconfirmed_pairs));
        EXPECT_EQ(far, 0u);
        EXPECT_GT(kept, frames / 4);
    }
}

Message decoded(const std::string& hex) {
    Frame f;
    EXPECT_TRUE(parse_hex_frame(hex, f));
    Message m;
    EXPECT_EQ(decode(f, m), DecodeStatus::ok) << hex;
    return m;
}

TEST(GapsUntimed, ParityRepliesKeptForKnownAddresses) {
    Tracker t;
    Message seen;
    seen.origin = MessageOrigin::sbs;  // any confirming source of the address, at t = 0
    seen.icao = 0x3C6DD0;
    EXPECT_TRUE(t.update(seen));
    auto df20 = decoded("A0001838CA380031440000F24177");  // AP → 3C6DD0, untimed
    EXPECT_TRUE(t.update(df20));
    auto other = decoded("A0001838CA380031440000F24177");
    other.icao ^= 1;  // an address never confirmed
    EXPECT_FALSE(t.update(other));
}

// A DF11 all-call reply from `icao` with the interrogator code `ii` overlaid on its parity.
std::string df11(std::uint32_t icao, std::uint8_t ii) {
    std::array<std::uint8_t, 7> b{0x5D,
                                  static_cast<std::uint8_t>(icao >> 16),
                                  static_cast<std::uint8_t>(icao >> 8),
                                  static_cast<std::uint8_t>(icao),
                                  0,
                                  0,
                                  0};
    const std::uint32_t parity = crc_residual(b) ^ ii;
    b[4] = static_cast<std::uint8_t>(parity >> 16);
    b[5] = static_cast<std::uint8_t>(parity >> 8);
    b[6] = static_cast<std::uint8_t>(parity);
    std::string hex;
    for (auto x : b) hex += "0123456789ABCDEF"[x >> 4], hex += "0123456789ABCDEF"[x & 15];
    return hex;
}

TEST(GapsUntimed, Df11WithInterrogatorCodeIsNotTrustedAlone) {
    Tracker t;
    auto first = decoded(df11(0x4CA123, 5));
    ASSERT_EQ(first.df, 11);
    ASSERT_EQ(first.interrogator_id.value_or(0), 5);
    EXPECT_FALSE(t.update(first));
    EXPECT_EQ(t.aircraft_count(), 0u) << "no phantom aircraft from one DF11 with II != 0";
    EXPECT_EQ(t.counters().df11_unconfirmed, 1u);
    auto second = decoded(df11(0x4CA123, 5));
    EXPECT_TRUE(t.update(second)) << "a second one from the same address is believed";
    EXPECT_EQ(t.aircraft_count(), 1u);
    auto plain = decoded(df11(0x4CA456, 0));
    EXPECT_TRUE(t.update(plain)) << "II = 0 is the full parity check";
}

// With --receiver, a single airborne frame is decoded locally against the receiver, as dump1090
// does, when no pair is available.
TEST(GapsUntimed, ReceiverAnchorsSingleAirborneFrames) {
    // pyModeS's example pair (52.2572 N, 3.9194 E): the even frame alone, receiver at Amsterdam.
    const std::string even = "8D40621D58C382D690C8AC2863A7";
    TrackerOptions o;
    o.receiver = LatLon{52.3, 4.76};
    Tracker t(o);
    auto m = decoded(even);
    m.t_s = 100;
    ASSERT_TRUE(t.update(m));
    ASSERT_TRUE(m.lat_deg.has_value());
    EXPECT_NEAR(*m.lat_deg, 52.2572, 1e-3);
    EXPECT_NEAR(*m.lon_deg, 3.92, 1e-2);
    EXPECT_EQ(t.counters().receiver_local_decodes, 1u);
    // An aircraft last seen 700 km from the receiver may be anywhere now: its single frames
    // are not decoded against the receiver.
    Tracker t2(o);
    Message far;
    far.origin = MessageOrigin::sbs;
    far.icao = 0x40621D;
    far.t_s = 10;
    far.lat_deg = 46.0;
    far.lon_deg = 4.0;
    ASSERT_TRUE(t2.update(far));
    auto m2 = decoded(even);
    m2.t_s = 500;  // the last position is too old to decode against
    t2.update(m2);
    EXPECT_FALSE(m2.lat_deg.has_value());
    EXPECT_EQ(t2.counters().receiver_local_decodes, 0u);
}

}  // namespace
}  // namespace reckon::adsb
