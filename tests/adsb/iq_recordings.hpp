// The shared IQ recordings (../shared/data/adsb/iq) and what the IQ tests do with them: read a
// recording's bytes, and write a frame as the lowercase hex that the reference files hold.
#pragma once

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/adsb/frame.hpp"

namespace reckon::adsb::test_data {

// The folder of the recordings, with a trailing '/'.
inline const std::string IQ_DIR = std::string(RECKON_SHARED_DIR) + "/data/adsb/iq/";

// The whole file; empty when it cannot be read (the tests check the size they expect).
inline std::vector<std::uint8_t> read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::string frame_hex(const Frame& f) {
    static constexpr std::string_view DIGITS = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < f.length_bytes; ++i) {
        out += DIGITS[f.bytes[static_cast<std::size_t>(i)] >> 4];
        out += DIGITS[f.bytes[static_cast<std::size_t>(i)] & 15];
    }
    return out;
}

}  // namespace reckon::adsb::test_data
