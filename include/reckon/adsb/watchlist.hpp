// The watchlist: which flights an analyst is looking for ("IL76 of GLX from RU to IR"), as a
// TOML file of [[rule]] tables (`--watch FILE`; format in docs/adsb-flights.md). A rule matches
// a flight when every condition it gives holds; a condition with several values holds when
// any of them does. Unknown departure or arrival airports never satisfy from/to/between.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/adsb/flights.hpp"

namespace reckon::adsb {

struct WatchRule {
    std::string name;                        // "rule N" when the file gives none
    std::vector<std::string> types;          // ICAO type designators, "IL76"
    std::vector<std::string> operators;      // ICAO airline designators, "GLX"
    std::vector<std::string> registrations;  // compared without '-' and case: "RA-78765" = "ra78765"
    std::vector<std::uint32_t> icao24;
    std::vector<std::string> from, to;  // ISO country codes (2 letters) or airport idents
    std::vector<std::string> between;   // two places: from one to the other, either way
    std::uint64_t line = 0;             // where the rule starts in the file
};

class Watchlist {
public:
    // Parses TOML text; `file` names it in errors. Throws InputError with line and column for
    // TOML syntax errors, unknown keys, values of the wrong kind, malformed codes and rules
    // without any condition.
    static Watchlist parse(std::string_view text, const std::string& file);
    static Watchlist load(const std::filesystem::path& path);

    const std::vector<WatchRule>& rules() const { return m_rules; }
    // The rules `f` satisfies, in file order.
    std::vector<const WatchRule*> matches(const Flight& f) const;

private:
    std::vector<WatchRule> m_rules;
};

// Whether a place of a watch rule ("RU", "UUEE") names the airport at that end of a flight.
bool place_matches(std::string_view place, const FlightEnd& end);

}  // namespace reckon::adsb
