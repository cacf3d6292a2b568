// Airports: OurAirports readers, the nearest-airport query and countries, on the real tables
// in ../shared/data/adsb/airports and on small inline tables for the edge cases.
#include "reckon/adsb/airports.hpp"

#include <gtest/gtest.h>

#include <string>

#include "expect_error.hpp"
#include "reckon/core/error.hpp"

namespace reckon::adsb {
namespace {

const std::string AIRPORTS_DIR = std::string(RECKON_SHARED_DIR) + "/data/adsb/airports";

const Airports& real_airports() {
    static const Airports a = Airports::load(AIRPORTS_DIR);
    return a;
}

TEST(Airports, LoadsTheRealTables) {
    const Airports& a = real_airports();
    EXPECT_GT(a.size(), 15000u);
    EXPECT_GT(a.runway_ends(), 20000u);
    const Airport* eham = a.find("EHAM");
    ASSERT_NE(eham, nullptr);
    EXPECT_EQ(eham->country, "NL");
    ASSERT_TRUE(eham->elevation_ft);
    EXPECT_NEAR(*eham->elevation_ft, -11, 0.5);  // highest of EHAM's runway-end elevations
    EXPECT_EQ(a.country_name("RU"), "Russia");
    EXPECT_EQ(a.country_code("iran"), "IR");
}

// {position, radius, expected ident or "" for none, expected country}
struct NearestCase {
    LatLon p;
    double max_km;
    const char* ident;
    const char* country;
};

TEST(Airports, NearestRunwayEndOrReferencePoint) {
    const NearestCase cases[] = {
        {{52.3239704714, 4.7394234794}, 10, "EHAM", "NL"},  // belevingsvlucht's first point
        {{47.4566459656, 8.5550193787}, 10, "LSZH", "CH"},  // noisy_takeoff's first point
        {{55.9726, 37.4146}, 10, "UUEE", "RU"},
        {{35.4161, 51.1522}, 10, "OIIE", "IR"},
        {{47.0, -30.0}, 10, "", ""},  // mid-Atlantic
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.ident);
        const auto n = real_airports().nearest(c.p, c.max_km);
        if (std::string(c.ident).empty()) {
            EXPECT_FALSE(n);
            continue;
        }
        ASSERT_TRUE(n);
        EXPECT_EQ(n->airport->ident, c.ident);
        EXPECT_EQ(n->airport->country, c.country);
        EXPECT_LT(n->distance_km, 3.0);
    }
}

TEST(Airports, DistanceIsToTheNearestRunwayEnd) {
    // EHAM runway 36C's end, per runways.csv: 52.30179977416992, 4.737500190734863.
    const auto n = real_airports().nearest({52.30179977416992, 4.737500190734863}, 5);
    ASSERT_TRUE(n);
    EXPECT_EQ(n->airport->ident, "EHAM");
    EXPECT_EQ(n->runway, "36C");
    EXPECT_NEAR(n->distance_km, 0.0, 1e-6);
    ASSERT_TRUE(n->elevation_ft);
    EXPECT_DOUBLE_EQ(*n->elevation_ft, -12);
}

TEST(Airports, ReadsInlineTablesAndSkipsBadRows) {
    Airports a;
    a.add_runways_csv(
        "\"id\",\"airport_ref\",\"airport_ident\",\"closed\",\"le_ident\",\"le_latitude_deg\",\"le_longitude_"
        "deg\","
        "\"le_elevation_ft\",\"he_ident\",\"he_latitude_deg\",\"he_longitude_deg\",\"he_elevation_ft\"\n"
        "1,1,\"XXAA\",0,\"09\",10.0,20.0,100,\"27\",10.0,20.05,110\n"
        "2,2,\"XXBB\",1,\"09\",11.0,21.0,5,\"27\",11.0,21.05,5\n"  // closed: left out
        "3,3,\"XXCC\",0,\"H1\",12.0,22.0,5,,,,\n"                  // helipad: left out
        "4,4,\"XXDD\",0,\"18\",95.0,22.0,5,\"36\",nan,22.0,5\n",   // bad coordinates: skipped
        "runways.csv");
    EXPECT_EQ(a.runway_ends(), 2u);
    EXPECT_EQ(a.skipped(), 1u);
    EXPECT_EQ(a.find("XXBB"), nullptr);
    const auto n = a.nearest({10.0, 20.049}, 1);
    ASSERT_TRUE(n);
    EXPECT_EQ(n->runway, "27");
    EXPECT_DOUBLE_EQ(*n->elevation_ft, 110);
    EXPECT_DOUBLE_EQ(*a.find("xxaa")->elevation_ft, 110);

    a.add_airport_coords_json(R"({"YYAA": [1.5, 2.5], "YAA": [1.5, 2.5], "ZZZ": [3, 4], "BAD": "x"})",
                              "c.json");
    EXPECT_NE(a.find("YYAA"), nullptr);
    EXPECT_EQ(a.find("YAA"), nullptr);  // an IATA alias of YYAA
    EXPECT_NE(a.find("ZZZ"), nullptr);
    EXPECT_EQ(a.skipped(), 2u);
}

TEST(Airports, AirportsCsvGivesCountries) {
    Airports a;
    a.add_airports_csv(
        "id,ident,type,name,latitude_deg,longitude_deg,elevation_ft,continent,iso_country\n"
        "1,00A,small_airport,Total Rf,40.07,-74.93,11,NA,US\n"
        "2,XXHP,heliport,Pad,40.0,-74.0,5,NA,US\n",
        "airports.csv");
    ASSERT_NE(a.find("00A"), nullptr);
    EXPECT_EQ(a.find("00A")->country, "US");
    EXPECT_EQ(a.find("XXHP"), nullptr);
}

TEST(Airports, ErrorsNameTheFileAndColumn) {
    Airports a;
    try {
        a.add_runways_csv("id,airport_ident\n1,EHAM\n", "runways.csv");
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "runways.csv:1: the header has no column 'closed'");
    }
    EXPECT_THROW_MSG_HAS(a.add_airport_coords_json("{\"EHAM\": [52, ", "c.json"), InputError,
                         "c.json (byte 14): is not valid JSON");
    EXPECT_THROW_MSG_HAS(a.add_airport_coords_json("[1, 2]", "c.json"), InputError,
                         "c.json: is not a JSON object");
    EXPECT_THROW_HINT_HAS(Airports::load("/nonexistent-folder"), InputError,
                          "/nonexistent-folder: is not a folder", "runways.csv");
}

TEST(Airports, IcaoNationalityLetters) {
    const std::pair<const char*, const char*> cases[] = {
        {"UUEE", "RU"}, {"OIIE", "IR"}, {"EHAM", "NL"}, {"LSZH", "CH"}, {"UMKK", "RU"}, {"UMMS", "BY"},
        {"UKBB", "UA"}, {"UTTT", "UZ"}, {"KJFK", "US"}, {"FMEE", "RE"}, {"FMMI", "MG"}, {"ZKPY", "KP"},
        {"ZBAA", "CN"}, {"00A", ""},    {"eham", ""},   {"", ""},
    };
    for (const auto& [ident, iso] : cases) EXPECT_EQ(country_of_icao_ident(ident), iso) << ident;
}

TEST(GreatCircle, DistancesAndDestinations) {
    // UUEE → OIIE reference points: 2,511.8 km by the haversine formula on R = 6371.0088 km
    // (computed independently in Python).
    const LatLon uuee{55.9726, 37.4146}, oiie{35.4161, 51.1522};
    EXPECT_NEAR(distance_km(uuee, oiie), 2511.84, 0.01);
    const double brg = initial_bearing_deg(uuee, oiie);
    const LatLon back = destination(uuee, brg, distance_km(uuee, oiie));
    EXPECT_NEAR(back.lat_deg, oiie.lat_deg, 1e-6);
    EXPECT_NEAR(back.lon_deg, oiie.lon_deg, 1e-6);
    const LatLon mid = intermediate(uuee, oiie, 0.5);
    EXPECT_NEAR(distance_km(uuee, mid), distance_km(mid, oiie), 1e-6);
    EXPECT_NEAR(destination({0, 179.5}, 90, 111.19).lon_deg, -179.5, 1e-3);  // across the antimeridian
}

}  // namespace
}  // namespace reckon::adsb
