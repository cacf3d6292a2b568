// Comm-B register inference and decoding for the 56-bit MB field of DF20/21 replies. A reply
// does not say which register (BDS) it carries, so each register is tested against what a
// real one must look like, and every register that passes is reported:
//   1. the register's fixed identifier byte where it has one (1,0 / 2,0 / 3,0);
//   2. status bits: a field whose status bit is 0 must be all zeros, and at least one status
//      bit must be 1; reserved bits must be 0;
//   3. physical ranges (e.g. selected altitude ≤ 51,000 ft, |roll| ≤ 50°, Mach ≤ 1, |vertical
//      rate| ≤ 6,000 ft/min, wind ≤ 250 kt, temperature -80..+60 °C, IAS agreeing with Mach at
//      the reply's altitude).
// One candidate = unambiguous; more than one = ambiguous, and the caller shows all of them
// rather than guessing. The full rule is in docs/adsb.md.
#pragma once

#include <cstdint>
#include <optional>

#include "reckon/adsb/message.hpp"

namespace reckon::adsb {

// Fills `out` from the MB field (bits 33-88 of the reply as the low 56 bits of `mb`).
// `altitude_ft` is the reply's own altitude (DF20), used for the Mach/IAS consistency check.
void decode_commb(std::uint64_t mb, std::optional<int> altitude_ft, CommB& out);

// Decodes a BDS 3,0-style resolution advisory from the 56-bit field (bits 9-56 used).
ResolutionAdvisory decode_resolution_advisory(std::uint64_t field56);

// The 6-bit Mode S character set (ICAO Annex 10 Vol IV, Table 3-9): A-Z, space, 0-9;
// '#' for codes outside it.
char mode_s_char(unsigned code6);

}  // namespace reckon::adsb
