// Flights from tracks: each aircraft's TrackPoints are cut into flights at long silences and
// at stops on the ground; the departure and arrival airports are the ones nearest to the
// first and last low points; registration, type and operator come from an aircraft table and
// the callsign's airline designator. The rules and their thresholds are FlightRules below and
// docs/adsb-flights.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "reckon/adsb/aircraft_db.hpp"
#include "reckon/adsb/airports.hpp"
#include "reckon/adsb/great_circle.hpp"
#include "reckon/adsb/track.hpp"

namespace reckon::adsb {

struct FlightRules {
    // A silence longer than this always ends a flight (no coverage for half an hour: the
    // aircraft may have landed and left again unseen).
    double max_gap_s = 1800;
    // A shorter silence ends a flight when the aircraft was low just before it or just after.
    double max_gap_low_s = 600;
    // A stay on the ground at least this long between two airborne parts ends a flight; a
    // shorter one is a touch-and-go and the flight goes on.
    double min_stop_s = 60;
    // An airborne stretch shorter than this between two stays on the ground is noise (a
    // flipped ground bit, a corrupt altitude) and taken as ground.
    double min_airborne_s = 60;
    // Without an on-ground flag, a point is on the ground when it is slower than this ...
    double ground_speed_max_kt = 50;
    // ... and its altitude is at most this far above the nearest airport's elevation
    // (barometric altitude on the ground is off by a few hundred feet with the weather).
    double ground_agl_max_ft = 500;
    // A low point: on the ground, or at most this far above the elevation of an airport
    // within airport_radius_km (a 3° approach is ~1500 ft high 8 km out).
    double low_agl_ft = 1500;
    double airport_radius_km = 10;
    // Gaps (docs/adsb-flights.md, "Gaps in coverage"): a silence longer than max_gap_s with
    // the aircraft airborne and away from airports on both sides is bridged when the aircraft
    // could not have landed and left again in it, or when its callsign (else its squawk) is
    // the same on both sides. Never bridged: a gap longer than max_bridge_s, or one whose
    // distance needs more than the aircraft's top observed ground speed plus speed_margin_kt
    // (default_max_speed_kt when no speed was heard).
    double max_bridge_s = 8 * 3600;
    double speed_margin_kt = 120;
    double default_max_speed_kt = 650;
    // Cruise speed for the "could it have landed" test when no ground speed was heard.
    double default_cruise_speed_kt = 420;
    // The least time a descent, landing, turnaround and climb add to a flight: a gap with
    // less time to spare than this (after flying its distance at the observed speed) holds
    // no stop.
    double min_turnaround_s = 1800;
    // Ends not seen low (docs/adsb-flights.md, "Airports not seen"): a flight last (first)
    // seen at most infer_max_altitude_ft high, having come down (gone up) at least
    // infer_min_change_ft in the infer_window_s before (after), is given the airport it most
    // plausibly used: within reach of a 3° path from that height (twice its length plus
    // infer_reach_slack_km, at most infer_max_reach_km), with a runway long enough for how
    // the aircraft flies, and, beyond infer_turning_km (where aircraft no longer turn round
    // to a field), at most infer_max_bearing_deg off the way it was moving. The nearest wins,
    // its distance weighted up by the bearing's disagreement.
    bool infer_ends = true;
    double infer_max_altitude_ft = 18000;
    double infer_min_change_ft = 1500;
    double infer_window_s = 1200;
    double infer_reach_slack_km = 10;
    double infer_max_reach_km = 150;
    double infer_max_bearing_deg = 60;
    double infer_turning_km = 30;
    // Runway needed, from the aircraft's median airborne ground speed: jets (at least
    // jet_speed_kt) need jet_min_runway_km, turboprops (at least turboprop_speed_kt)
    // turboprop_min_runway_km; slower aircraft any field.
    double jet_speed_kt = 300;
    double jet_min_runway_km = 1.5;
    double turboprop_speed_kt = 180;
    double turboprop_min_runway_km = 0.8;
};

// A silence in coverage bridged inside a flight.
struct FlightGap {
    double start_t_s = 0, end_t_s = 0;  // last point before, first point after
    std::optional<LatLon> from, to;     // last and first positions around it
    std::optional<double> altitude_before_ft, altitude_after_ft;
    double minutes() const { return (end_t_s - start_t_s) / 60.0; }
};

// Where and when a flight began or ended.
struct FlightEnd {
    std::string airport;     // ident, "UUEE"
    std::string country;     // ISO 3166-1 alpha-2; empty when unknown
    std::string runway;      // nearest runway end ("24C"), empty when nearest was the reference point
    double distance_km = 0;  // from the low point used to that runway end / reference point
    // Take-off: the last point on the ground before the climb, else the first low point.
    // Landing: the first point on the ground after the descent, else the last low point.
    double t_s = 0;
    bool ground_seen = false;  // t_s is a ground contact, not only a low point
    LatLon position;           // the low point the airport was found from
    std::optional<double> altitude_ft;
    // Not seen low: the airport was inferred from the last (first) point of a descent (climb),
    // `position`, `distance_km` away from it; t_s is that point's time and `runway` is empty.
    bool inferred = false;
};

struct Flight {
    std::uint32_t icao = 0;
    std::string callsign;                                  // the flight's most frequent callsign
    std::string registration, typecode, type_description;  // from the aircraft table
    bool military = false;
    std::string operator_code, operator_name, operator_country;  // from the callsign's designator
    double first_seen_t_s = 0, last_seen_t_s = 0;
    std::optional<FlightEnd> departure, arrival;  // nullopt: not seen low at that end
    // Airports (empty ident when none near) of ground contacts shorter than min_stop_s.
    std::vector<std::string> touch_and_goes;
    std::optional<double> max_altitude_ft;
    std::vector<TrackPoint> points;  // in time order
    // Bridged silences longer than FlightRules::max_gap_low_s, in time order.
    std::vector<FlightGap> gaps;
    // Every callsign and squawk heard in the flight, in the order first heard (also those
    // heard without a position, after the last one).
    std::vector<std::string> callsigns;
    std::vector<std::uint16_t> squawks;
    // The airline designators of all callsigns (operator_code first): watchlist operators
    // match any of them.
    std::vector<std::string> operator_codes;
    bool has_position() const;
    double gap_minutes() const;  // total of the bridged gaps
};

struct FlightStats {
    std::size_t points = 0, aircraft = 0, flights = 0;
    std::size_t ground_only = 0;                 // pieces never airborne (taxiing, parked): not flights
    std::size_t too_short = 0;                   // pieces of fewer than 2 points
    std::size_t gaps_bridged = 0, gaps_cut = 0;  // silences longer than max_gap_low_s
};

// Splits the points (any order, any aircraft mix) into flights, ordered by aircraft then
// time. `db` may be null (no registrations, types or operators). Points with a non-finite
// time are ignored.
std::vector<Flight> find_flights(std::vector<TrackPoint> points, const Airports& airports,
                                 const AircraftDb* db, const FlightRules& rules = {},
                                 FlightStats* stats = nullptr);

// "484506-20180530T151138Z": address and first-seen time, unique per flight.
std::string flight_id(const Flight& f);
// ISO 8601 UTC with seconds, "2025-07-11T06:12:05Z".
std::string iso_utc(double t_unix_s);

}  // namespace reckon::adsb
