// The altitude and identity codes of Mode S replies (ICAO Annex 10 Vol IV, 3.1.2.6.5.4 and
// 3.1.2.6.7.1): the 13-bit AC field of DF0/4/16/20, the 12-bit altitude of extended squitter
// airborne positions, Gillham (Mode C, 100-ft gray code) and the 13-bit identity (squawk).
// Code 0 and invalid Gillham patterns mean "unavailable", never 0 ft.
#pragma once

#include <cstdint>
#include <optional>

namespace reckon::adsb {

// 13-bit AC field (C1 A1 C2 A2 C4 A4 M B1 Q B2 D2 B4 D4) → feet. 25-ft steps when Q = 1,
// Gillham when Q = 0. nullopt for code 0, metric altitudes (M = 1, not used in practice and
// decoded by no peer) and invalid Gillham patterns.
std::optional<int> decode_ac13_ft(std::uint16_t ac13);

// 12-bit altitude of an ES airborne position (the AC field without the M bit) → feet.
std::optional<int> decode_ac12_ft(std::uint16_t ac12);

// Gillham (Mode C) altitude from the 13 AC bits (M and Q zero) → feet, in 100-ft steps from
// -1,200 ft. nullopt for patterns no altimeter sends (C bits 000, 101, 111, or below -1,200).
std::optional<int> decode_gillham_ft(std::uint16_t ac13);

// 13-bit identity field (C1 A1 C2 A2 C4 A4 X B1 D1 B2 D2 B4 D4) → the Mode A code written as
// its four octal digits read as a decimal number: 7700 for "7700", 356 for "0356".
std::uint16_t decode_squawk(std::uint16_t id13);

}  // namespace reckon::adsb
