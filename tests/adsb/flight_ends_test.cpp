// Airports of ends not seen low (src/adsb/flight_ends.cpp): a jet last heard descending
// through 8,000 ft near two airports and heard again hours later climbing near them lands at
// the one with a runway it can use, and both flights say so; climbs, level ends, high ends
// and corrupt altitudes infer nothing. Made-up airports, so each rule is seen on its own.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "reckon/adsb/airports.hpp"
#include "reckon/adsb/flights.hpp"

namespace reckon::adsb {
namespace {

// Two fields 20 km apart at about 47.6° N: BIGF with a 3.3 km runway, SMLF with a 1.3 km one.
Airports two_fields() {
    Airports a;
    a.add_runways_csv(
        "airport_ident,closed,le_ident,le_latitude_deg,le_longitude_deg,le_elevation_ft,"
        "he_ident,he_latitude_deg,he_longitude_deg,he_elevation_ft\n"
        "BIGF,0,03,47.6060,-117.5450,2376,21,47.6330,-117.5230,2376\n"
        "SMLF,0,04,47.6780,-117.3300,1957,22,47.6880,-117.3190,1957\n",
        "runways.csv");
    return a;
}

TrackPoint at(double t_s, double lat, double lon, double alt_ft, double gs_kt, double track_deg) {
    TrackPoint p;
    p.t_s = t_s;
    p.icao = 0xac671b;
    p.lat_deg = lat;
    p.lon_deg = lon;
    p.altitude_ft = alt_ft;
    p.ground_speed_kt = gs_kt;
    p.track_deg = track_deg;
    p.callsign = "TEST1";
    return p;
}

// A westbound descent from 24,000 to 8,000 ft over 11 min, ending 30-40 km east of both
// fields (t0), then, `silence_s` later and under another callsign, an eastbound climb from 11,000 ft starting
// 15 km east of BIGF.
std::vector<TrackPoint> down_and_up(double silence_s) {
    std::vector<TrackPoint> pts;
    const double t0 = 1738700000;
    for (int k = 0; k <= 11; ++k)
        pts.push_back(at(t0 - 660 + 60 * k, 47.46, -116.80 - 0.028 * k, 24000 - 1450 * k, 380, 270));
    const double t1 = t0 + silence_s;
    for (int k = 0; k <= 10; ++k) {
        pts.push_back(at(t1 + 60 * k, 47.55, -117.33 + 0.07 * k, 11000 + 1800 * k, 330, 80));
        pts.back().callsign = "TEST2";  // the next flight's number
    }
    return pts;
}

TEST(FlightEnds, DescentAndClimbAroundALongSilenceMeetAtTheFieldWithARunwayForAJet) {
    const auto flights = find_flights(down_and_up(8 * 3600), two_fields(), nullptr);
    ASSERT_EQ(flights.size(), 2u);
    ASSERT_TRUE(flights[0].arrival);
    EXPECT_EQ(flights[0].arrival->airport, "BIGF");  // SMLF's 1.3 km is too short at 380 kt
    EXPECT_TRUE(flights[0].arrival->inferred);
    EXPECT_TRUE(flights[0].arrival->runway.empty());
    EXPECT_DOUBLE_EQ(flights[0].arrival->t_s, flights[0].last_seen_t_s);
    EXPECT_GT(flights[0].arrival->distance_km, 20);
    ASSERT_TRUE(flights[1].departure);
    EXPECT_EQ(flights[1].departure->airport, "BIGF");
    EXPECT_TRUE(flights[1].departure->inferred);
    EXPECT_FALSE(flights[0].departure);  // first heard descending: no departure to infer
    EXPECT_FALSE(flights[1].arrival);    // last heard climbing
}

TEST(FlightEnds, ASlowAircraftMayUseEitherFieldButBothEndsAgree) {
    auto pts = down_and_up(8 * 3600);
    for (auto& p : pts) p.ground_speed_kt = 140;
    // No runway rule at 140 kt: both fields are candidates, and the two ends still agree.
    const auto flights = find_flights(pts, two_fields(), nullptr);
    ASSERT_EQ(flights.size(), 2u);
    ASSERT_TRUE(flights[0].arrival);
    EXPECT_EQ(flights[0].arrival->airport, flights[1].departure->airport);  // one field between them
}

TEST(FlightEnds, NothingIsInferredWhereTheEvidenceDoesNotSayDescentOrClimb) {
    const Airports fields = two_fields();
    FlightRules off;
    off.infer_ends = false;
    const auto plain = find_flights(down_and_up(8 * 3600), fields, nullptr, off);
    ASSERT_EQ(plain.size(), 2u);
    EXPECT_FALSE(plain[0].arrival);
    EXPECT_FALSE(plain[1].departure);

    // Level at 8,000 ft for the last 20 minutes: not coming down to a field.
    auto level = down_and_up(8 * 3600);
    for (std::size_t k = 0; k < 12; ++k) level[k].altitude_ft = 8000;
    EXPECT_FALSE(find_flights(level, fields, nullptr)[0].arrival);

    // Last heard at 19,000 ft: above infer_max_altitude_ft, it may be going anywhere.
    auto high = down_and_up(8 * 3600);
    for (std::size_t k = 0; k < 12; ++k) *high[k].altitude_ft += 11000;
    EXPECT_FALSE(find_flights(high, fields, nullptr)[0].arrival);

    // First heard in a slow descent through 14,000 ft with two corrupt altitudes far above:
    // the medians see no climb, so no departure (noisy_landing's first points look like this).
    auto noisy = down_and_up(8 * 3600);
    for (std::size_t k = 0; k < 12; ++k) noisy[k].altitude_ft = 14000 - 180 * static_cast<double>(k);
    *noisy[3].altitude_ft = 40000;
    *noisy[5].altitude_ft = 41000;
    EXPECT_FALSE(find_flights(noisy, fields, nullptr)[0].departure);
    // The same, but the vertical rate heard says it was descending: ruled out before the medians.
    for (std::size_t k = 0; k < 12; ++k) noisy[k].vertical_rate_fpm = -1000;
    for (std::size_t k = 0; k < 12; ++k) *noisy[k].altitude_ft += (k % 2 == 1 ? 30000.0 : 0.0);
    EXPECT_FALSE(find_flights(noisy, fields, nullptr)[0].departure);

    // The fields far behind the descent (the aircraft moves away from them): none ahead.
    auto away = down_and_up(8 * 3600);
    for (std::size_t k = 0; k < 12; ++k) {
        away[k].lon_deg = -117.10 + 0.028 * static_cast<double>(k);
        away[k].track_deg = 90;
    }
    EXPECT_FALSE(find_flights(away, fields, nullptr)[0].arrival);
}

}  // namespace
}  // namespace reckon::adsb
