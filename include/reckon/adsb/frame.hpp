// A received Mode S frame as every input path hands it on: AVR and Beast readers, the IQ
// demodulator and the CSV readers all produce Frames, and the decoder and tracker take them.
// The frame is raw bits; whether its CRC holds is the decoder's question, not the reader's.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

namespace reckon::adsb {

// One received Mode S frame: 7 or 14 bytes, with when and how strong it was.
struct Frame {
    std::array<std::uint8_t, 14> bytes{};
    std::uint8_t length_bytes = 0;  // 7 or 14
    double t_s = 0;                 // seconds: file-relative, MLAT 12 MHz counter / 12e6, or Unix time
    std::optional<double> signal_dbfs;
    std::uint8_t corrected_bits = 0;  // bits repaired by CRC correction
};

}  // namespace reckon::adsb
