// The watchlist: parsing (table-driven errors with line and column) and matching, including
// the issue's "IL76 of GLX from RU to IR".
#include "reckon/adsb/watchlist.hpp"

#include <gtest/gtest.h>

#include <string>

#include "reckon/core/error.hpp"

namespace reckon::adsb {
namespace {

const char* const GLX_RULES = R"(# Cargo flights between the partners
[[rule]]
name = "GLX Il-76 Russia to Iran"
type = "IL76"
operator = ["GLX"]
from = "RU"
to = ["IR"]

[[rule]]
name = "any flight between Sheremetyevo and Imam Khomeini"
between = ["UUEE", "OIIE"]

[[rule]]
registration = "ra-78765"
icao24 = ["152A48", "152a4a"]
)";

Flight glx_flight(const std::string& from_country, const std::string& to_country) {
    Flight f;
    f.icao = 0x152a48;
    f.typecode = "IL76";
    f.operator_code = "GLX";
    f.registration = "RA-78765";
    f.departure = FlightEnd{};
    f.departure->airport = from_country == "RU" ? "UUEE" : "LSZH";
    f.departure->country = from_country;
    f.arrival = FlightEnd{};
    f.arrival->airport = to_country == "IR" ? "OIIE" : "UUEE";
    f.arrival->country = to_country;
    return f;
}

std::vector<std::string> names(const std::vector<const WatchRule*>& rules) {
    std::vector<std::string> v;
    for (const auto* r : rules) v.push_back(r->name);
    return v;
}

TEST(Watchlist, ParsesRules) {
    const Watchlist w = Watchlist::parse(GLX_RULES, "watch.toml");
    ASSERT_EQ(w.rules().size(), 3u);
    EXPECT_EQ(w.rules()[0].types, std::vector<std::string>{"IL76"});
    EXPECT_EQ(w.rules()[0].line, 2u);
    EXPECT_EQ(w.rules()[2].name, "rule 3");
    EXPECT_EQ(w.rules()[2].registrations, std::vector<std::string>{"RA78765"});
    EXPECT_EQ(w.rules()[2].icao24, (std::vector<std::uint32_t>{0x152a48, 0x152a4a}));
}

TEST(Watchlist, MatchesEveryConditionOfARule) {
    const Watchlist w = Watchlist::parse(GLX_RULES, "watch.toml");
    EXPECT_EQ(names(w.matches(glx_flight("RU", "IR"))),
              (std::vector<std::string>{"GLX Il-76 Russia to Iran",
                                        "any flight between Sheremetyevo and Imam Khomeini", "rule 3"}));
    // Tehran → Moscow: not "from RU to IR", but "between" either way.
    Flight back = glx_flight("RU", "IR");
    std::swap(back.departure, back.arrival);
    EXPECT_EQ(names(w.matches(back)),
              (std::vector<std::string>{"any flight between Sheremetyevo and Imam Khomeini", "rule 3"}));
    Flight other = glx_flight("CH", "RU");
    other.icao = 0x3c664e;
    other.registration = "D-AIRN";
    EXPECT_TRUE(w.matches(other).empty());
    // Unknown ends never satisfy from/to.
    Flight en_route = glx_flight("RU", "IR");
    en_route.departure.reset();
    EXPECT_EQ(names(w.matches(en_route)), std::vector<std::string>{"rule 3"});
    Flight other_type = glx_flight("RU", "IR");
    other_type.typecode = "A124";
    EXPECT_EQ(w.matches(other_type).size(), 2u);
}

struct BadCase {
    const char* text;
    const char* message;
};

TEST(Watchlist, ErrorsNameLineColumnAndProblem) {
    const BadCase cases[] = {
        {"[[rule]]\ntype = \"IL76\"\nfrom = \"Russia!\"\n",
         "w.toml:3:8: 'from': 'RUSSIA!' is neither a two-letter country code nor an airport ident"},
        {"[[rule]]\ntipe = \"IL76\"\n",
         "w.toml:2:8: unknown key 'tipe' (known: name, type, operator, registration, icao24, from, to, "
         "between)"},
        {"[[rule]]\nname = \"all\"\n",
         "w.toml:1:1: rule 'all' has no condition: it would match every flight"},
        {"[[rule]]\noperator = \"GELIX\"\n",
         "w.toml:2:12: 'operator': 'GELIX' is not a three-letter ICAO airline designator"},
        {"[[rule]]\nicao24 = \"15x\"\n", "w.toml:2:10: 'icao24': '15x' is not six hex digits"},
        {"[[rule]]\ntype = 76\n", "w.toml:2:8: 'type' takes text or a list of texts"},
        {"[[rule]]\nbetween = [\"RU\"]\n", "w.toml:2:11: 'between' takes exactly two places"},
        {"[rule]\ntype = \"IL76\"\n", "w.toml:1:1: 'rule' must be written as [[rule]] tables"},
        {"# nothing\n", "w.toml:1: holds no [[rule]]"},
        {"types = [\"IL76\"]\n", "w.toml:1:9: unknown key 'types' (rules are [[rule]] tables)"},
    };
    for (const auto& c : cases) {
        try {
            Watchlist::parse(c.text, "w.toml");
            ADD_FAILURE() << "no error for: " << c.text;
        } catch (const InputError& e) {
            EXPECT_EQ(std::string(e.what()), c.message);
            EXPECT_NE(e.hint().find("docs/adsb-flights.md"), std::string::npos);
        }
    }
    // A TOML syntax error keeps toml++'s description and position.
    try {
        Watchlist::parse("[[rule]]\ntype = [\"IL76\"\n", "w.toml");
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(e.where().file, "w.toml");
        EXPECT_TRUE(e.where().line);
    }
}

}  // namespace
}  // namespace reckon::adsb
