// Tracker rules: parity-addressed replies only from addresses heard in DF11/17/18, CPR pairs
// only within 10 s, and position jumps rejected by speed. Altitude codes, table-driven.
#include "reckon/adsb/tracker.hpp"

#include <gtest/gtest.h>

#include "reckon/adsb/altitude.hpp"
#include "reckon/adsb/decode.hpp"

namespace reckon::adsb {
namespace {

Message message(const std::string& hex, double t_s) {
    Frame f;
    EXPECT_TRUE(parse_hex_frame(hex, f));
    f.t_s = t_s;
    Message m;
    EXPECT_EQ(decode(f, m), DecodeStatus::ok) << hex;
    return m;
}

TEST(Tracker, ParityRepliesOnlyFromAddressesAlreadySeen) {
    Tracker t;
    auto df20 = message("A0001838CA380031440000F24177", 0);  // AP → 3C6DD0
    EXPECT_FALSE(t.update(df20));
    EXPECT_EQ(t.counters().unknown_address, 1u);
    Message seen;
    seen.origin = MessageOrigin::sbs;  // any confirming source of the address
    seen.icao = 0x3C6DD0;
    seen.t_s = 1;
    EXPECT_TRUE(t.update(seen));
    auto again = message("A0001838CA380031440000F24177", 2);
    EXPECT_TRUE(t.update(again));
    auto late = message("A0001838CA380031440000F24177", 2000);  // beyond the 600-s memory
    EXPECT_FALSE(t.update(late));
}

TEST(Tracker, PairsOnlyWithin10SecondsAndRejectsJumps) {
    const std::string even = "8D40621D58C382D690C8AC2863A7", odd = "8D40621D58C386435CC412692AD6";
    {
        Tracker t;
        auto a = message(odd, 0), b = message(even, 11);
        t.update(a);
        t.update(b);
        EXPECT_FALSE(b.lat_deg.has_value()) << "frames 11 s apart must not be paired";
    }
    Tracker t;
    auto a = message(odd, 0), b = message(even, 2);
    t.update(a);
    TrackPoint p;
    bool emitted = false;
    t.update(b, &p, &emitted);
    ASSERT_TRUE(b.lat_deg.has_value());
    EXPECT_TRUE(emitted);
    EXPECT_NEAR(p.lat_deg.value(), 52.2572, 1e-4);
    EXPECT_EQ(p.altitude_ft, 38000);
    // The same aircraft 500 km away a second later: rejected.
    Message jump;
    jump.origin = MessageOrigin::sbs;
    jump.icao = 0x40621D;
    jump.t_s = 3;
    jump.lat_deg = 56.7;
    jump.lon_deg = 3.9;
    t.update(jump);
    EXPECT_FALSE(jump.lat_deg.has_value());
    EXPECT_EQ(t.counters().speed_rejected, 1u);
}

TEST(Altitude, CodesTableDriven) {
    // Gillham points from the Mode C pulse table: C4 alone is 100-ft code 1 in 500-ft band 0
    // (-1,200 ft), C1 alone code 5 (-800 ft).
    struct Case {
        std::uint16_t ac13;
        std::optional<int> feet;
    } cases[] = {
        {0x0000, std::nullopt},  // code 0: unavailable, not 0 ft
        {0x1718, 36000},         // Q bit: 1480 x 25 - 1000
        {0x0010, -1000},         // Q bit, N = 0
        {0x0040, std::nullopt},  // M bit: metric, not decoded
        {0x0100, -1200},         // Gillham C4
        {0x1000, -800},          // Gillham C1
    };
    for (const auto& c : cases) EXPECT_EQ(decode_ac13_ft(c.ac13), c.feet) << std::hex << c.ac13;
    EXPECT_EQ(decode_gillham_ft(0x0000), std::nullopt);  // C bits 000 never sent
    EXPECT_EQ(decode_gillham_ft(0x1500), std::nullopt);  // C bits 111 never sent
    EXPECT_EQ(decode_squawk(0x0000), 0);
    EXPECT_EQ(format_squawk(decode_squawk(0x1FBF)), "7777");
}

}  // namespace
}  // namespace reckon::adsb
