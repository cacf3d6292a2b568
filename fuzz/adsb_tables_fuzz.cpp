// libFuzzer target for the table readers of adsb part C: OurAirports runways.csv,
// airports.csv and countries.csv, airport-coords.json, the aircraft CSV, the operators JSON
// and trajectory JSON. The first byte picks the reader, the rest is its text. Malformed input
// must end in InputError or skipped rows; what is read must give finite nearest-airport
// answers within the radius asked.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "reckon/adsb/aircraft_db.hpp"
#include "reckon/adsb/airports.hpp"
#include "reckon/adsb/flights.hpp"
#include "reckon/adsb/trajectory_json.hpp"
#include "reckon/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace reckon::adsb;
    if (size == 0) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        Airports airports;
        AircraftDb aircraft;
        std::vector<TrackPoint> points;
        switch (data[0] % 7) {
            case 0:
                airports.add_runways_csv(text, "runways.csv");
                break;
            case 1:
                airports.add_airport_coords_json(text, "airport-coords.json");
                break;
            case 2:
                airports.add_countries_csv(text, "countries.csv");
                break;
            case 3:
                airports.add_airports_csv(text, "airports.csv");
                break;
            case 4:
                aircraft.add_aircraft_csv(text, "aircraft.csv");
                break;
            case 5:
                aircraft.add_operators_json(text, "operators.json");
                break;
            default:
                points = parse_trajectory_json(text, "t.json").points;
                break;
        }
        for (const LatLon p : {LatLon{10.0, 20.0}, LatLon{0.0, 0.0}, LatLon{-89.9, 179.9}}) {
            if (const auto n = airports.nearest(p, 50.0)) {
                if (!(n->distance_km >= 0 && n->distance_km <= 50.0) || !n->airport) std::abort();
            }
        }
        for (const auto& p : points)
            if (!std::isfinite(p.t_s) || (p.lat_deg && !std::isfinite(*p.lat_deg))) std::abort();
        // The flight finder must take whatever the readers produced.
        const auto flights = find_flights(points, airports, &aircraft);
        for (const auto& f : flights)
            if (f.points.empty()) std::abort();
    } catch (const reckon::InputError&) {
    }
    return 0;
}
