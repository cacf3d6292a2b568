// Decoding one Mode S frame into a Message: CRC check (with single-bit repair of DF11/17/18),
// the surveillance, all-call and Comm-B formats (DF0/4/5/11/16/20/21) and every extended
// squitter type code (DF17/18). Decoding is per frame and stateless: positions come out as
// raw CPR numbers; the Tracker pairs them and fills lat/lon.
#pragma once

#include <cstdint>
#include <string_view>

#include "reckon/adsb/frame.hpp"
#include "reckon/adsb/message.hpp"

namespace reckon::adsb {

enum class DecodeStatus : std::uint8_t {
    ok,
    bad_length,      // 7 bytes for DF0-15, 14 for DF16-24: anything else
    crc_failed,      // DF11/17/18 whose residual is not 0 (or an II/SI code) even after repair
    unsupported_df,  // DF19 (military), DF22, DF24 (Comm-D) and unassigned formats
};
std::string_view to_string(DecodeStatus s);

struct DecodeOptions {
    bool fix_single_bit = true;  // repair one flipped bit of DF11/17/18
};

// Decodes `frame` into `out` (overwritten entirely). `out` is filled only when ok is returned.
DecodeStatus decode(const Frame& frame, Message& out, const DecodeOptions& options = {});

// The register (BDS) an extended squitter type code stands for: "0,8" for 1-4, "0,6" for 5-8,
// "0,5" for 9-18 and 20-22, "0,9" for 19, "6,1" for 28, "6,2" for 29, "6,5" for 31, else "".
std::string_view es_register(unsigned typecode);

// Parses a hex string of 14 or 28 digits (either case) into `frame`. Returns false for any
// other length or a non-hex digit; `frame` is then unspecified.
bool parse_hex_frame(std::string_view hex, Frame& frame);

}  // namespace reckon::adsb
