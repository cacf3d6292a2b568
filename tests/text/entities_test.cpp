// The gazetteer: the built-in list is general (no programme's products or sites), it is the
// shipped data/gazetteer.txt, programme entity files add to it, and every malformed line
// of an entity file is refused with its place and what is wrong.
#include "reckon/text/entities.hpp"

#include <gtest/gtest.h>

#include <string>

#include "example_gazetteer.hpp"
#include "reckon/core/error.hpp"

using reckon::text::EntityKind;
using reckon::text::Gazetteer;

namespace {

constexpr double DEGREE_TOLERANCE = 1e-9;  // positions are parsed, not computed

TEST(Gazetteer, BuiltinKnowsGeneralPlacesOnly) {
    const auto g = Gazetteer::builtin();
    for (const char* name :
         {"Russia", "Russian Federation", "Iran", "Ukraine", "U.S.", "DPRK", "Kiev", "Teheran"})
        EXPECT_NE(g.lookup(name), nullptr) << name;
    // The flagship programme's products and sites live in examples/alabuga/entities.txt.
    for (const char* name : {"Shahed-136", "Geran-2", "Shahed", "Gerbera", "Alabuga", "Yelabuga", "Kupol"})
        EXPECT_EQ(g.lookup(name), nullptr) << name;
    EXPECT_EQ(g.lookup("Kiev")->name, "Kyiv");
    EXPECT_EQ(g.lookup("Moscow")->kind, EntityKind::city);
    EXPECT_EQ(g.lookup("Moscow")->country, "Russia");
}

TEST(Gazetteer, BuiltinIsTheShippedDataFile) {
    const auto embedded = Gazetteer::builtin();
    Gazetteer shipped;
    shipped.load_file(RECKON_SOURCE_DIR "/data/gazetteer.txt");
    ASSERT_EQ(embedded.size(), shipped.size());
    for (const char* name : {"Moscow", "Tehran", "Kyiv", "Tatarstan", "United States"}) {
        const auto* a = embedded.lookup(name);
        const auto* b = shipped.lookup(name);
        ASSERT_TRUE(a && b) << name;
        EXPECT_EQ(a->aliases, b->aliases) << name;
        EXPECT_EQ(embedded.position(*a).has_value(), shipped.position(*b).has_value()) << name;
    }
}

TEST(Gazetteer, BuiltinCitiesHavePositions) {
    const auto g = Gazetteer::builtin();
    struct Want {
        const char* city;
        double lat_deg, lon_deg;
    };
    for (const Want& w : {Want{"Moscow", 55.7558, 37.6173}, Want{"Tehran", 35.6892, 51.3890},
                          Want{"Kyiv", 50.4501, 30.5234}}) {
        const auto where = g.position(*g.lookup(w.city));
        ASSERT_TRUE(where.has_value()) << w.city;
        EXPECT_NEAR(where->lat_deg, w.lat_deg, DEGREE_TOLERANCE) << w.city;
        EXPECT_NEAR(where->lon_deg, w.lon_deg, DEGREE_TOLERANCE) << w.city;
    }
    EXPECT_FALSE(g.position(*g.lookup("Tatarstan")).has_value());
}

TEST(Gazetteer, AlabugaFileAddsTheProgrammeEntities) {
    const auto g = reckon::test::alabuga_gazetteer();
    ASSERT_NE(g.lookup("Geran-2"), nullptr);
    EXPECT_EQ(g.lookup("Geran-2")->name, "Shahed-136");
    EXPECT_EQ(g.lookup("Geran-2")->kind, EntityKind::product);
    EXPECT_EQ(g.lookup("Elabuga")->name, "Alabuga");
    EXPECT_EQ(g.lookup("Elabuga")->country, "Russia");
    const auto where = g.position(*g.lookup("Alabuga"));
    ASSERT_TRUE(where.has_value());
    EXPECT_NEAR(where->lat_deg, 55.7480, DEGREE_TOLERANCE);
    EXPECT_NEAR(where->lon_deg, 52.2470, DEGREE_TOLERANCE);
    // Still the built-in places as well.
    EXPECT_NE(g.lookup("Tehran"), nullptr);
}

TEST(Gazetteer, PositionWithoutCountry) {
    Gazetteer g;
    g.load_text("site | Test Range | test range |  | -33.5, 150.25\n", "t.txt");
    const auto* e = g.lookup("test range");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->country, "");
    const auto where = g.position(*e);
    ASSERT_TRUE(where.has_value());
    EXPECT_NEAR(where->lat_deg, -33.5, DEGREE_TOLERANCE);
    EXPECT_NEAR(where->lon_deg, 150.25, DEGREE_TOLERANCE);
}

TEST(Gazetteer, CommentsBlankLinesAndCarriageReturns) {
    Gazetteer g;
    g.load_text("# a comment\r\n\r\nproduct | Widget | Widget-1, W1\r\n   \n", "t.txt");
    EXPECT_EQ(g.size(), 1u);
    EXPECT_EQ(g.lookup("w1")->name, "Widget");
}

struct BadLine {
    std::string text;
    std::string message;  // expected in what(), after "t.txt:2: "
};

TEST(Gazetteer, MalformedLinesNameThePlaceAndTheFault) {
    const BadLine cases[] = {
        {"product | Widget", "expected 'kind | Canonical Name | alias, alias [| country [| lat,lon]]'"},
        {"product |  | widget", "expected 'kind | Canonical Name"},
        {"city | A | a | X | 1,2 | extra", "expected 'kind | Canonical Name"},
        {"gadget | Widget | widget", "unknown entity kind 'gadget'"},
        {"city | A | a | X | 55.7", "bad position '55.7'"},
        {"city | A | a | X | 91,0", "bad position '91,0'"},
        {"city | A | a | X | 0,180.5", "bad position '0,180.5'"},
        {"city | A | a | X | north,east", "bad position 'north,east'"},
        {"city | A | a | X | 1,2,3", "bad position '1,2,3'"},
        {"city | A | a | X | 1e,2", "bad position '1e,2'"},
        {"city | A | a | X | ", "bad position ''"},
    };
    for (const auto& c : cases) {
        Gazetteer g;
        try {
            g.load_text("# first line\n" + c.text + "\n", "t.txt");
            ADD_FAILURE() << "accepted: " << c.text;
        } catch (const reckon::InputError& e) {
            const std::string what = e.what();
            EXPECT_EQ(what.rfind("t.txt:2: ", 0), 0u) << what;
            EXPECT_NE(what.find(c.message), std::string::npos) << c.text << " → " << what;
            EXPECT_FALSE(e.hint().empty()) << c.text;
        }
    }
}

TEST(Gazetteer, MissingFileIsAnInputError) {
    Gazetteer g;
    EXPECT_THROW(g.load_file(RECKON_SOURCE_DIR "/no/such/entities.txt"), reckon::InputError);
}

}  // namespace
