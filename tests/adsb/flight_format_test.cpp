// Flight output forms: CSV and JSON columns, RFC 7946 GeoJSON geometry (antimeridian split,
// single points, no positions), and flight events round-tripped through the evidence store.
#include "reckon/adsb/flight_format.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "reckon/adsb/geojson.hpp"
#include "reckon/store/store.hpp"

namespace reckon::adsb {
namespace {

TrackPoint at(double t, double lat, double lon) {
    TrackPoint p;
    p.t_s = t;
    p.icao = 0x152a48;
    p.lat_deg = lat;
    p.lon_deg = lon;
    return p;
}

Flight sample_flight() {
    Flight f;
    f.icao = 0x152a48;
    f.callsign = "GLX7601";
    f.registration = "RA-76360";
    f.typecode = "IL76";
    f.type_description = "ILYUSHIN Il-76/82";
    f.operator_code = "GLX";
    f.operator_name = "Gelix Airlines";
    f.operator_country = "Russia";
    f.first_seen_t_s = 1752213600;
    f.last_seen_t_s = 1752226000;
    f.departure = FlightEnd{};
    f.departure->airport = "UUEE";
    f.departure->country = "RU";
    f.departure->runway = "06C";
    f.departure->distance_km = 0.01234;
    f.departure->t_s = 1752214240;
    f.departure->ground_seen = true;
    f.max_altitude_ft = 31000;
    f.points = {at(1752213600, 55.97, 37.38), at(1752213601, 55.971, 37.381)};
    return f;
}

TEST(FlightFormat, CsvAndJsonColumns) {
    const Flight f = sample_flight();
    WatchRule rule;
    rule.name = "GLX, RU to IR";
    const std::string header = flights_csv_header();
    const std::string row = to_csv_row(f, {&rule});
    EXPECT_EQ(std::count(header.begin(), header.end(), ','), 34);
    EXPECT_EQ(
        row,
        "152a48-20250711T060000Z,152a48,GLX7601,RA-76360,IL76,ILYUSHIN Il-76/82,0,GLX,Gelix Airlines,Russia,"
        "2025-07-11T06:00:00Z,2025-07-11T09:26:40Z,UUEE,RU,06C,0.012,2025-07-11T06:10:40Z,1,0,,,,,,,,0,,"
        "31000,2,"
        ",,,,"
        "\"GLX, RU to IR\"");
    EXPECT_EQ(to_match_csv_row(f, rule).substr(0, 40), "\"GLX, RU to IR\",152a48-20250711T060000Z,");
    const auto j = to_json(f, {&rule});
    EXPECT_EQ(j["departure"]["airport"], "UUEE");
    EXPECT_FALSE(j.contains("arrival"));
    EXPECT_EQ(j["matches"][0], "GLX, RU to IR");
    EXPECT_EQ(j["points"], 2);
}

TEST(FlightFormat, GeoJsonGeometries) {
    Flight f = sample_flight();
    auto g = track_geometry(f);
    EXPECT_EQ(g["type"], "LineString");
    EXPECT_EQ(g["coordinates"][0][0], 37.38);  // [lon, lat]
    EXPECT_EQ(g["coordinates"][0][1], 55.97);

    f.points = {at(0, 10, 179.5), at(1, 12, -179.5)};  // eastwards across the antimeridian
    g = track_geometry(f);
    ASSERT_EQ(g["type"], "MultiLineString");
    ASSERT_EQ(g["coordinates"].size(), 2u);
    EXPECT_EQ(g["coordinates"][0][1][0], 180.0);
    EXPECT_EQ(g["coordinates"][0][1][1], 11.0);
    EXPECT_EQ(g["coordinates"][1][0][0], -180.0);
    EXPECT_EQ(g["coordinates"][1][1][0], -179.5);

    f.points = {at(0, 10, 20)};
    EXPECT_EQ(track_geometry(f)["type"], "Point");
    f.points = {TrackPoint{}};
    EXPECT_TRUE(track_geometry(f).is_null());

    std::ostringstream out;
    write_tracks_geojson(out, {sample_flight(), f}, {});
    const auto doc = nlohmann::json::parse(out.str());
    EXPECT_EQ(doc["type"], "FeatureCollection");
    ASSERT_EQ(doc["features"].size(), 2u);
    EXPECT_EQ(doc["features"][0]["properties"]["callsign"], "GLX7601");
    EXPECT_TRUE(doc["features"][1]["geometry"].is_null());
}

TEST(FlightFormat, EventsGoIntoTheStore) {
    Airports airports;
    airports.add_countries_csv("code,name\nRU,Russia\nIR,Iran\n", "countries.csv");
    const Flight f = sample_flight();
    WatchRule rule;
    rule.name = "GLX";
    const core::Event e = to_event(f, rule, airports);
    EXPECT_EQ(e.roles.at("from_country"), "Russia");
    EXPECT_EQ(e.roles.count("to"), 0u);
    EXPECT_EQ(e.roles.count("from_inferred"), 0u);  // seen on the ground
    Flight guessed = sample_flight();
    guessed.departure->inferred = true;
    EXPECT_EQ(to_event(guessed, rule, airports).roles.at("from_inferred"), "yes");

    const auto dir = std::filesystem::temp_directory_path() / "reckon_flight_events_test";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    {
        store::Store s(dir / "reckon.db", [] { return std::string("2025-07-12T00:00:00Z"); });
        core::DocumentInfo doc;
        doc.path = "out/matches.csv";
        doc.format = "adsb-matches";
        doc.sha256 = std::string(64, 'a');
        doc.size_bytes = e.sentence.size();
        const auto r = s.ingest(doc, {}, {e});
        EXPECT_EQ(r.events, 1u);
        const auto back = s.events();
        ASSERT_EQ(back.size(), 1u);
        EXPECT_EQ(back[0].kind, "flight");
        EXPECT_EQ(back[0].roles, e.roles);
        EXPECT_EQ(back[0].sentence, e.sentence);
        EXPECT_EQ(core::to_iso(*back[0].date), "2025-07-11");
    }
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace reckon::adsb
