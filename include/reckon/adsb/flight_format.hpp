// Flights in their external forms: CSV rows (flights.csv, matches.csv), JSON lines
// (flights.jsonl) and evidence-store events. The one place these columns are defined; times
// are ISO 8601 UTC, distances km, altitudes ft, unknown values empty (CSV) or absent (JSON).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "reckon/adsb/flights.hpp"
#include "reckon/adsb/watchlist.hpp"
#include "reckon/core/claim.hpp"

namespace reckon::adsb {

std::string flights_csv_header();
std::string to_csv_row(const Flight& f, const std::vector<const WatchRule*>& matched);
// {"id":..., "icao24":"152a48", "callsign":..., "departure":{"airport":"UUEE",...}, "matches":[...]}
nlohmann::ordered_json to_json(const Flight& f, const std::vector<const WatchRule*>& matched);

// matches.csv: one row per (flight, rule) pair: the rule's name, then the flight's columns.
std::string matches_csv_header();
std::string to_match_csv_row(const Flight& f, const WatchRule& rule);

// The store event of a matched flight: kind "flight", dated by the take-off (else first
// seen) day, with roles aircraft_type, operator (name, else designator), operator_code, from,
// to, from_country, to_country (names via `airports`), registration, icao24, callsign,
// departure_time, arrival_time and rule. `sentence` is the matches.csv row it was written as.
core::Event to_event(const Flight& f, const WatchRule& rule, const Airports& airports);

}  // namespace reckon::adsb
