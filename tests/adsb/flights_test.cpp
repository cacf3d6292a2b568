// Flights on the real trajectories of ../shared/data/adsb/trajectories (the acceptance
// cases: belevingsvlucht EHAM → EHAM, noisy_landing → LSZH, noisy_takeoff from LSZH), and on
// small made-up tracks for the splitting rules (gaps, stops, touch-and-goes).
#include "reckon/adsb/flights.hpp"

#include <gtest/gtest.h>

#include <string>

#include "expect_error.hpp"
#include "reckon/adsb/trajectory_json.hpp"
#include "reckon/core/error.hpp"
#include "reference_data.hpp"

namespace reckon::adsb {
namespace {

const std::string DATA = std::string(RECKON_SHARED_DIR) + "/data/adsb";

using test_data::aircraft;
using test_data::airports;

std::vector<Flight> flights_of(const std::string& name, FlightStats* stats = nullptr) {
    auto t = read_trajectory_json(DATA + "/trajectories/" + name + ".json.gz");
    return find_flights(std::move(t.points), airports(), &aircraft(), {}, stats);
}

TEST(TrajectoryJson, ReadsBothLayouts) {
    const auto records = read_trajectory_json(DATA + "/trajectories/belevingsvlucht.json.gz");
    EXPECT_EQ(records.points.size(), 16005u);  // README: 16,005 points
    EXPECT_EQ(records.skipped, 0u);
    const TrackPoint& p = records.points.front();
    EXPECT_EQ(p.icao, 0x484506u);
    EXPECT_DOUBLE_EQ(p.t_s, 1527693698.0);
    EXPECT_DOUBLE_EQ(*p.altitude_ft, 224.0);
    EXPECT_EQ(p.callsign, "TRA051");

    const auto columns = read_trajectory_json(DATA + "/trajectories/noisy_takeoff.json.gz");
    EXPECT_EQ(columns.points.size(), 730u);
    EXPECT_DOUBLE_EQ(columns.points.front().t_s, 1573493736.0);  // row "0", not row "10"
    EXPECT_EQ(columns.points.front().on_ground, true);
    EXPECT_FALSE(columns.points.front().ground_speed_kt);  // null in the file
    EXPECT_GT(columns.stale_positions, 0u);                // the tail repeats one position
    for (std::size_t i = 1; i < columns.points.size(); ++i)
        EXPECT_LE(columns.points[i - 1].t_s, columns.points[i].t_s);
}

TEST(TrajectoryJson, SkipsBadRowsAndRejectsNonJson) {
    const auto t = parse_trajectory_json(
        R"([{"timestamp": 1000000000000, "icao24": "abc123", "latitude": 95, "longitude": 1, "altitude": 1e300},
            {"timestamp": "x", "icao24": "abc123"}, {"icao24": "abc123"}, 7,
            {"timestamp": 1000000001, "icao24": "ABC123", "lat": 1, "lon": 2, "squawk": "7500"}])",
        "t.json");
    ASSERT_EQ(t.points.size(), 2u);
    EXPECT_EQ(t.skipped, 3u);
    EXPECT_FALSE(t.points[0].lat_deg);  // latitude out of range: position unknown
    EXPECT_FALSE(t.points[0].altitude_ft);
    EXPECT_DOUBLE_EQ(t.points[1].t_s, 1000000001.0);
    EXPECT_EQ(t.points[1].squawk, 7500);
    try {
        parse_trajectory_json("[{\"timestamp\": 1,", "t.json");
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(e.where().file, "t.json");
        EXPECT_TRUE(e.where().byte);
    }
    EXPECT_THROW_MSG_HAS(parse_trajectory_json("{\"a\": 1}", "t.json"), InputError,
                         "t.json: is neither layout");
    EXPECT_THROW_MSG_HAS(parse_trajectory_json("[{\"timestamp\": 1e400}]", "t.json"), InputError,
                         "t.json: holds a value that cannot be read");
}

TEST(Flights, BelevingsvluchtIsOneFlightFromSchipholToSchiphol) {
    FlightStats stats;
    const auto flights = flights_of("belevingsvlucht", &stats);
    ASSERT_EQ(flights.size(), 1u);
    const Flight& f = flights[0];
    EXPECT_EQ(f.callsign, "TRA051");
    EXPECT_EQ(f.registration, "PH-HZO");
    EXPECT_EQ(f.typecode, "B738");
    EXPECT_EQ(f.operator_code, "TRA");
    EXPECT_EQ(f.operator_name, "Transavia Holland");
    ASSERT_TRUE(f.departure);
    ASSERT_TRUE(f.arrival);
    EXPECT_EQ(f.departure->airport, "EHAM");
    EXPECT_EQ(f.departure->country, "NL");
    EXPECT_EQ(f.arrival->airport, "EHAM");
    EXPECT_LT(f.departure->distance_km, 3.0);
    EXPECT_LT(f.arrival->distance_km, 3.0);
    // The track starts already airborne at 224 ft: the take-off time is that first point.
    EXPECT_FALSE(f.departure->ground_seen);
    EXPECT_DOUBLE_EQ(f.departure->t_s, 1527693698.0);
    // It ends rolling out on the runway; the landing time is the first point on the ground.
    EXPECT_TRUE(f.arrival->ground_seen);
    EXPECT_EQ(f.points.size(), 16005u);
    // The low passes over Lelystad at ~2,000 ft are neither landings nor touch-and-goes.
    EXPECT_TRUE(f.touch_and_goes.empty());
}

TEST(Flights, NoisyLandingArrivesAtZurich) {
    const auto flights = flights_of("noisy_landing");
    ASSERT_EQ(flights.size(), 1u);
    const Flight& f = flights[0];
    EXPECT_EQ(f.callsign, "DLH4TR");
    EXPECT_EQ(f.operator_name, "Deutsche Lufthansa AG Koeln");
    EXPECT_FALSE(f.departure);  // first seen at 14,150 ft: departure unknown
    ASSERT_TRUE(f.arrival);
    EXPECT_EQ(f.arrival->airport, "LSZH");
    EXPECT_EQ(f.arrival->country, "CH");
    EXPECT_DOUBLE_EQ(f.arrival->t_s, f.last_seen_t_s);
}

TEST(Flights, NoisyTakeoffDepartsFromZurich) {
    const auto flights = flights_of("noisy_takeoff");
    ASSERT_EQ(flights.size(), 1u);
    const Flight& f = flights[0];
    EXPECT_EQ(f.callsign, "AFR181L");
    EXPECT_EQ(f.registration, "F-GRXE");
    ASSERT_TRUE(f.departure);
    EXPECT_EQ(f.departure->airport, "LSZH");
    EXPECT_TRUE(f.departure->ground_seen);  // the export's onground flag
    EXPECT_GT(f.departure->t_s, f.first_seen_t_s);
    EXPECT_FALSE(f.arrival);  // last seen climbing through 21,925 ft
}

// A made-up aircraft near EHAM: `n` points a second apart from t0.
std::vector<TrackPoint> segment(double t0, int n, double altitude_ft, double speed_kt,
                                std::optional<bool> ground, LatLon at = {52.3086, 4.7639}) {
    std::vector<TrackPoint> v;
    for (int i = 0; i < n; ++i) {
        TrackPoint p;
        p.t_s = t0 + i;
        p.icao = 0xabc123;
        p.lat_deg = at.lat_deg;
        p.lon_deg = at.lon_deg;
        p.altitude_ft = altitude_ft;
        p.ground_speed_kt = speed_kt;
        p.on_ground = ground;
        v.push_back(p);
    }
    return v;
}

std::vector<TrackPoint> join(std::initializer_list<std::vector<TrackPoint>> parts) {
    std::vector<TrackPoint> all;
    for (const auto& p : parts) all.insert(all.end(), p.begin(), p.end());
    return all;
}

TEST(Flights, AStopOnTheGroundEndsAFlightATouchAndGoDoesNot) {
    const LatLon far{53.5, 3.0};  // North Sea, no airport within 10 km
    // Ground 120 s, airborne 300 s, ground 20 s (touch-and-go), airborne 300 s, ground 300 s (a stop),
    // airborne 300 s; and 30 s "airborne" inside the stop (a flipped ground bit: noise).
    const auto pts = join({segment(0, 120, 0, 10, true), segment(120, 300, 5000, 250, false, far),
                           segment(420, 20, 0, 120, true), segment(440, 300, 5000, 250, false, far),
                           segment(740, 100, 0, 10, true), segment(840, 30, 36000, 10, false),
                           segment(870, 170, 0, 10, true), segment(1040, 300, 5000, 250, false, far)});
    FlightStats stats;
    const auto flights = find_flights(pts, airports(), nullptr, {}, &stats);
    ASSERT_EQ(flights.size(), 2u);
    EXPECT_EQ(flights[0].touch_and_goes, std::vector<std::string>{"EHAM"});
    ASSERT_TRUE(flights[0].departure);
    EXPECT_DOUBLE_EQ(flights[0].departure->t_s, 119);  // last point on the ground
    ASSERT_TRUE(flights[0].arrival);
    EXPECT_DOUBLE_EQ(flights[0].arrival->t_s, 740);  // first point on the ground
    EXPECT_DOUBLE_EQ(*flights[0].max_altitude_ft, 5000);
    ASSERT_TRUE(flights[1].departure);
    EXPECT_DOUBLE_EQ(flights[1].departure->t_s, 1039);
    EXPECT_FALSE(flights[1].arrival);
    EXPECT_DOUBLE_EQ(*flights[1].max_altitude_ft, 5000);  // the 36,000 ft of the noise is not a maximum
}

TEST(Flights, GapsEndFlightsAndGroundOnlyPiecesAreNotFlights) {
    const LatLon far{53.5, 3.0};
    FlightRules rules;
    const auto pts = join({segment(0, 60, 30000, 450, false, far),
                           segment(60 + 1200, 60, 30000, 450, false, far),    // 20 min en route: same flight
                           segment(1320 + 3600, 60, 30000, 450, false, far),  // 1 h: a new flight
                           segment(5000 + 4000, 100, 0, 5, true)});           // taxiing only
    FlightStats stats;
    const auto flights = find_flights(pts, airports(), nullptr, rules, &stats);
    ASSERT_EQ(flights.size(), 2u);
    EXPECT_EQ(flights[0].points.size(), 120u);
    EXPECT_EQ(stats.ground_only, 1u);
    EXPECT_EQ(stats.aircraft, 1u);
}

TEST(Flights, WithoutAGroundFlagSlowAndLowIsOnTheGround) {
    // Low and slow at EHAM (elevation -11 ft), climbing away, then low and slow again.
    const auto pts = join({segment(0, 30, 0, 20, std::nullopt), segment(30, 200, 3000, 200, std::nullopt),
                           segment(230, 30, -20, 20, std::nullopt)});
    const auto flights = find_flights(pts, airports(), nullptr);
    ASSERT_EQ(flights.size(), 1u);
    ASSERT_TRUE(flights[0].departure && flights[0].arrival);
    EXPECT_TRUE(flights[0].departure->ground_seen);
    EXPECT_DOUBLE_EQ(flights[0].departure->t_s, 29);
    EXPECT_DOUBLE_EQ(flights[0].arrival->t_s, 230);
}

TEST(Flights, IdsAndTimes) {
    EXPECT_EQ(iso_utc(1752192000.0), "2025-07-11T00:00:00Z");
    EXPECT_EQ(iso_utc(1527693698.9), "2018-05-30T15:21:38Z");
    Flight f;
    f.icao = 0x484506;
    f.first_seen_t_s = 1527693698;
    EXPECT_EQ(flight_id(f), "484506-20180530T152138Z");
}

}  // namespace
}  // namespace reckon::adsb
