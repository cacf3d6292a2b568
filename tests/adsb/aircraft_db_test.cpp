// The aircraft table and operators: the real (test-only) Mictronics/tar1090-db files, and
// inline tables for flags, "None" values, bad rows and errors.
#include "reckon/adsb/aircraft_db.hpp"

#include <gtest/gtest.h>

#include <string>

#include "expect_error.hpp"
#include "reckon/core/error.hpp"

namespace reckon::adsb {
namespace {

const std::string AIRCRAFT_TABLE = std::string(RECKON_SHARED_DIR) + "/data/adsb/aircraft/aircraft.csv.gz";

TEST(AircraftDb, LoadsTheRealGzipTableAndOperators) {
    const AircraftDb db = AircraftDb::load(AIRCRAFT_TABLE);
    EXPECT_EQ(db.aircraft(), 619472u);  // README: 619,472 aircraft
    EXPECT_EQ(db.operators(), 6310u);   // README: 6,310 designators
    EXPECT_EQ(db.skipped(), 0u);
    const AircraftInfo* a = db.find(0x484506);  // belevingsvlucht's aircraft
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->registration, "PH-HZO");
    EXPECT_EQ(a->typecode, "B738");
    EXPECT_EQ(a->description, "BOEING 737-800");
    const AircraftInfo* none = db.find(0x3946e4);
    ASSERT_NE(none, nullptr);
    EXPECT_EQ(none->description, "");  // "None" in the table
    const OperatorInfo* glx = db.find_operator("GLX");
    ASSERT_NE(glx, nullptr);
    EXPECT_EQ(glx->name, "Gelix Airlines");
    EXPECT_EQ(glx->country, "Russia");
}

TEST(AircraftDb, FlagsAreACharacterPerBit) {
    AircraftDb db;
    db.add_aircraft_csv(
        "icao24,registration,typecode,dbflags,description\n"
        "006015,FAM-002,H25B,10,HAWKER\n"
        "00802c,ZS-ABB,None,0001,None\n"
        "40197c,G-AZRI,BALL,00,\"Balloon 56,500 Cu.Ft.\"\n"
        "zzzzzz,BAD,B738,00,x\n"
        "12345,SHORT,B738,00,x\n"
        "\n",
        "t.csv");
    EXPECT_EQ(db.aircraft(), 3u);
    EXPECT_EQ(db.skipped(), 2u);
    EXPECT_TRUE(db.find(0x006015)->military());
    EXPECT_EQ(db.find(0x00802c)->db_flags, 8);
    EXPECT_EQ(db.find(0x00802c)->typecode, "");
    EXPECT_EQ(db.find(0x40197c)->description, "Balloon 56,500 Cu.Ft.");
}

TEST(AircraftDb, ReadsTar1090DbAndOpenSkyLayouts) {
    AircraftDb db;
    // tar1090-db's csv branch: ';'-separated, no header, more columns after the description.
    db.add_aircraft_csv("152a48;RA-76360;IL76;00;ILYUSHIN Il-76/82;;\n006015;FAM-002;H25B;10;HAWKER;2001;\n",
                        "t");
    EXPECT_EQ(db.aircraft(), 2u);
    EXPECT_EQ(db.find(0x152a48)->typecode, "IL76");
    EXPECT_TRUE(db.find(0x006015)->military());
    // OpenSky's aircraft database: its own column names, the model as description.
    AircraftDb os;
    os.add_aircraft_csv(
        "\"icao24\",\"registration\",\"manufacturericao\",\"model\",\"typecode\"\n"
        "\"4840d6\",\"PH-BXA\",\"BOEING\",\"737-8K2\",\"B738\"\n",
        "os.csv");
    EXPECT_EQ(os.find(0x4840d6)->registration, "PH-BXA");
    EXPECT_EQ(os.find(0x4840d6)->typecode, "B738");
    EXPECT_EQ(os.find(0x4840d6)->description, "737-8K2");
}

TEST(AircraftDb, ErrorsSayWhatIsExpected) {
    AircraftDb db;
    try {
        db.add_aircraft_csv("hex,reg\n", "t.csv");
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(),
                     "t.csv:1: the header names no icao24 column, or neither registration nor typecode");
        EXPECT_NE(e.hint().find("docs/adsb-flights.md"), std::string::npos);
    }
    EXPECT_THROW_MSG_HAS(db.add_aircraft_csv("", "t.csv"), InputError, "t.csv: is empty");
    EXPECT_THROW_MSG_HAS(db.add_operators_json("{\"GLX\": ", "o.json"), InputError,
                         "o.json (byte 8): is not valid JSON");
    EXPECT_THROW_MSG_HAS(AircraftDb::load("/nonexistent/aircraft.csv"), InputError,
                         "/nonexistent/aircraft.csv: cannot open");
}

TEST(AircraftDb, AirlineDesignatorFromCallsign) {
    const std::pair<const char*, const char*> cases[] = {
        {"GLX7601", "GLX"}, {"DLH4TR", "DLH"}, {"TRA051", "TRA"}, {" afr181l ", "AFR"},
        {"RA78765", ""},    {"DABCD", ""},     {"GLX", ""},       {"", ""},
    };
    for (const auto& [callsign, designator] : cases) {
        const auto d = airline_designator(callsign);
        EXPECT_EQ(d.value_or(""), designator) << callsign;
    }
}

}  // namespace
}  // namespace reckon::adsb
