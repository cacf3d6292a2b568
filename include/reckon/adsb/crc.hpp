// Mode S CRC-24: the parity every Mode S reply carries in its last 24 bits (ICAO Annex 10
// Vol IV, 3.1.2.3.3). The demodulator uses it to tell frames from noise, the decoder to
// validate and repair frames and to recover the address of address/parity replies.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace reckon::adsb {

// Mode S CRC-24 (generator 0x1FFF409) residual of a 7- or 14-byte frame: the CRC of all bits but
// the last 24, XOR the last 24 bits. 0 for a valid DF11(II=0)/17/18; the address for DF0/4/5/16/20/21.
// Any other length gives the residual over the bytes given (fewer than 4 bytes: 0).
std::uint32_t crc_residual(std::span<const std::uint8_t> frame);

// Repairs one flipped bit of a 112-bit DF17/18 or 56-bit DF11 frame in place; returns the bit
// index (0 = first bit) or std::nullopt if no single flip gives residual 0.
// Also std::nullopt (frame untouched) when the frame already has residual 0, when its length is
// neither 7 nor 14 bytes, or when the only repair would make it a frame of another downlink
// format (a flip in the DF field turning noise into a "DF17" is not believed).
std::optional<int> fix_single_bit(std::span<std::uint8_t> frame);
// The same when the caller already has crc_residual(frame) (the demodulator's hot path).
std::optional<int> fix_single_bit(std::span<std::uint8_t> frame, std::uint32_t residual);

}  // namespace reckon::adsb
