// Airports for the flight finder: runway ends and reference points from OurAirports data, a
// nearest-airport query for a position, and the country an airport is in. Read from a folder
// (`--airports DIR`) holding runways.csv and airport-coords.json, optionally countries.csv
// (names) and OurAirports' airports.csv (countries and elevations for every ident).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "reckon/adsb/great_circle.hpp"

namespace reckon::adsb {

struct Airport {
    std::string ident;                   // ICAO code where there is one ("EHAM"), else OurAirports' ident
    LatLon position;                     // reference point, or the first runway end read
    std::optional<double> elevation_ft;  // highest runway-end elevation read, or airports.csv's
    std::string country;                 // ISO 3166-1 alpha-2 ("NL"); empty when unknown
    // Runways with both ends' coordinates: ends[0] is the "le" end, ends[1] the "he" end.
    struct Runway {
        std::array<std::string, 2> idents;
        std::array<LatLon, 2> ends;
    };
    std::vector<Runway> runways;
};

// The runway an aircraft used, found by alignment: its direction within a tolerance of the
// aircraft's track and its centreline passing close to the aircraft's position.
struct AlignedRunway {
    std::string ident;     // the end the movement starts from ("24C" lands towards 240°)
    double offset_km = 0;  // from the extended centreline
    double heading_diff_deg = 0;
};

// One place a position can be near: a runway end, or an airport's reference point.
struct NearestAirport {
    const Airport* airport = nullptr;  // owned by the Airports it came from
    std::string runway;                // runway-end ident ("36C"); empty for a reference point
    double distance_km = 0;
    std::optional<double> elevation_ft;  // of the runway end, else of the airport
};

class Airports {
public:
    // Reads DIR/runways.csv and DIR/airport-coords.json (at least one must exist) and, when
    // present, DIR/countries.csv and DIR/airports.csv. Throws InputError naming the file and
    // line on malformed content; rows without coordinates are skipped.
    static Airports load(const std::filesystem::path& dir);

    // The loaders behind load(), each taking the file's text; `file` names it in errors.
    // runways.csv: OurAirports columns airport_ident, closed, le_ident, le_latitude_deg,
    // le_longitude_deg, le_elevation_ft and the same for he_. Heliport pads (idents starting
    // or ending in 'H') and closed runways are left out: fixed-wing flights do not end there.
    void add_runways_csv(std::string_view text, const std::string& file);
    // airport-coords.json: {"IDENT": [lat, lon], ...}. Three-letter (IATA) keys that repeat a
    // four-letter key's coordinates are aliases, not airports of their own.
    void add_airport_coords_json(std::string_view text, const std::string& file);
    // countries.csv: OurAirports columns code, name.
    void add_countries_csv(std::string_view text, const std::string& file);
    // airports.csv: OurAirports columns ident, latitude_deg, longitude_deg, elevation_ft,
    // iso_country, type (closed airports and heliports are left out).
    void add_airports_csv(std::string_view text, const std::string& file);

    // The runway end or reference point nearest to `p` within `max_km`, or nullopt.
    std::optional<NearestAirport> nearest(LatLon p, double max_km) const;
    // The nearest runway end or reference point of every airport within `max_km`, nearest first.
    std::vector<NearestAirport> near(LatLon p, double max_km) const;
    // The runway of `a` that an aircraft at `p` moving along `track_deg` (take-off roll and
    // climb-out, or approach and roll-out) is aligned with: direction within
    // `max_heading_diff_deg`, centreline within `max_offset_km`, and `p` no further than
    // `max_along_km` beyond either end. nullopt when none is.
    static std::optional<AlignedRunway> aligned_runway(const Airport& a, LatLon p, double track_deg,
                                                       double max_heading_diff_deg = 25,
                                                       double max_offset_km = 1.5, double max_along_km = 20);
    const Airport* find(std::string_view ident) const;
    std::size_t size() const { return m_airports.size(); }
    std::size_t runway_ends() const { return m_runway_ends; }
    // Rows and entries left out because they were malformed (bad numbers, no ident).
    std::size_t skipped() const { return m_skipped; }

    // "Russia" for "RU"; the code itself when countries.csv was not read.
    std::string country_name(std::string_view code) const;
    // "RU" for "Russia" (case-insensitive), for operator countries given by name.
    std::optional<std::string> country_code(std::string_view name) const;

private:
    struct Place {
        std::size_t airport;  // index into m_airports
        std::string runway;
        LatLon position;
        std::optional<double> elevation_ft;
    };
    Airport& airport_for(const std::string& ident);
    // Calls visit(airport, runway, distance_km, elevation_ft) for every place within max_km.
    template <typename Visit>
    void visit_places(LatLon p, double max_km, Visit&& visit) const;
    void add_place(std::size_t airport, std::string runway, LatLon p, std::optional<double> elevation_ft);

    std::vector<Airport> m_airports;
    std::unordered_map<std::string, std::size_t> m_by_ident;
    // Places bucketed by whole-degree cell (lat + 90, lon + 180) for the nearest query.
    std::unordered_map<std::int32_t, std::vector<Place>> m_cells;
    std::size_t m_runway_ends = 0;
    std::size_t m_skipped = 0;
    std::map<std::string, std::string, std::less<>> m_country_names;  // code → name
};

// The country of an ICAO location indicator from its nationality letters (ICAO Doc 7910),
// e.g. "UUEE" → "RU", "OIIE" → "IR", "EHAM" → "NL"; empty when unknown.
std::string country_of_icao_ident(std::string_view ident);

}  // namespace reckon::adsb
