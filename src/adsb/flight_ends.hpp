// Ends of flights that coverage did not see (internal to the flight finder): the airport an
// aircraft was descending to when it fell silent, or climbing out of when it was first heard.
// Receivers lose aircraft below a few thousand feet far from them, so a real day of one
// aircraft often shows "descending through 8,000 ft near Spokane ... eight hours later
// climbing through 11,000 ft near Spokane": an analyst reads a landing there. The rules are
// docs/adsb-flights.md, "Airports not seen".
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "reckon/adsb/airports.hpp"
#include "reckon/adsb/flights.hpp"

namespace reckon::adsb {

// The direction of movement at pts[i]: its own track when it has one and moves, else the
// bearing to a positioned point at least 300 m further on (or back) within [b, e).
std::optional<double> movement_track(const std::vector<TrackPoint>& pts, std::size_t i, std::size_t b,
                                     std::size_t e);

// Fills the departure (arrival) of each of one aircraft's flights, in time order, that has
// none and was first (last) seen climbing (descending) low enough to be near an airport, with
// the airport it most plausibly used, marked `inferred`. Consecutive flights agree on the
// airport between them when both ends allow it (one landed where the next took off).
void infer_unseen_ends(std::span<Flight> flights, const Airports& airports, const FlightRules& rules);

}  // namespace reckon::adsb
