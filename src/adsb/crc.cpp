// Mode S CRC-24, table-driven (one lookup per byte), and single-bit repair through a table of
// syndromes: the CRC is linear, so the residual of a frame with one bit flipped is the residual
// of the valid frame XOR the residual of that bit alone. Both tables are built at compile time.
#include "reckon/adsb/crc.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

namespace reckon::adsb {
namespace {

// Generator polynomial x^24 + x^23 + ... + x^10 + x^3 + 1 (ICAO Annex 10 Vol IV, 3.1.2.3.3.1.2);
// 0x1FFF409 with the x^24 term dropped.
constexpr std::uint32_t CRC_POLY = 0xFFF409;
constexpr std::uint32_t CRC_MASK = 0xFFFFFF;
constexpr std::size_t PARITY_BYTES = 3;
constexpr std::size_t SHORT_BYTES = 7;
constexpr std::size_t LONG_BYTES = 14;

constexpr std::array<std::uint32_t, 256> make_crc_table() {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t byte = 0; byte < 256; ++byte) {
        std::uint32_t crc = byte << 16;
        for (int bit = 0; bit < 8; ++bit) {
            crc = (crc & 0x800000) ? ((crc << 1) ^ CRC_POLY) : (crc << 1);
        }
        table[byte] = crc & CRC_MASK;
    }
    return table;
}

constexpr std::array<std::uint32_t, 256> CRC_TABLE = make_crc_table();

constexpr std::uint32_t residual_of(const std::uint8_t* data, std::size_t size) {
    if (size <= PARITY_BYTES) {
        return 0;
    }
    const std::size_t data_bytes = size - PARITY_BYTES;
    std::uint32_t crc = 0;
    for (std::size_t i = 0; i < data_bytes; ++i) {
        crc = ((crc << 8) ^ CRC_TABLE[((crc >> 16) ^ data[i]) & 0xFF]) & CRC_MASK;
    }
    const std::uint32_t parity = (std::uint32_t{data[data_bytes]} << 16) |
                                 (std::uint32_t{data[data_bytes + 1]} << 8) | data[data_bytes + 2];
    return crc ^ parity;
}

struct Syndrome {
    std::uint32_t residual;
    int bit;
};

// The residual each single-bit error leaves in a frame of N bytes, sorted for binary search.
template <std::size_t N>
constexpr std::array<Syndrome, N * 8> make_syndromes() {
    std::array<Syndrome, N * 8> out{};
    for (std::size_t bit = 0; bit < N * 8; ++bit) {
        std::array<std::uint8_t, N> frame{};
        frame[bit / 8] = static_cast<std::uint8_t>(0x80u >> (bit % 8));
        out[bit] = {residual_of(frame.data(), N), static_cast<int>(bit)};
    }
    std::sort(out.begin(), out.end(),
              [](const Syndrome& a, const Syndrome& b) { return a.residual < b.residual; });
    return out;
}

constexpr auto SHORT_SYNDROMES = make_syndromes<SHORT_BYTES>();
constexpr auto LONG_SYNDROMES = make_syndromes<LONG_BYTES>();

template <std::size_t M>
std::optional<int> find_syndrome(const std::array<Syndrome, M>& table, std::uint32_t residual) {
    const auto it = std::lower_bound(table.begin(), table.end(), residual,
                                     [](const Syndrome& s, std::uint32_t r) { return s.residual < r; });
    if (it == table.end() || it->residual != residual) {
        return std::nullopt;
    }
    return it->bit;
}

// The CRC of one byte followed by k zero bytes, for k = 0 .. 10. The CRC is linear (the
// register starts at 0), so a frame's CRC is the XOR of one lookup per data byte in the table
// of its distance from the parity: no chain from byte to byte, as the loop above has.
constexpr std::size_t MAX_DATA_BYTES = LONG_BYTES - PARITY_BYTES;
constexpr auto POSITION_TABLES = [] {
    std::array<std::array<std::uint32_t, 256>, MAX_DATA_BYTES> t{};
    t[0] = CRC_TABLE;
    for (std::size_t k = 1; k < t.size(); ++k)
        for (std::size_t b = 0; b < 256; ++b) {
            const std::uint32_t crc = t[k - 1][b];
            t[k][b] = ((crc << 8) ^ CRC_TABLE[(crc >> 16) & 0xFF]) & CRC_MASK;
        }
    return t;
}();

template <std::size_t N>
std::uint32_t residual_by_position(const std::uint8_t* data) {
    constexpr std::size_t DATA_BYTES = N - PARITY_BYTES;
    std::uint32_t crc = 0;
    for (std::size_t i = 0; i < DATA_BYTES; ++i) crc ^= POSITION_TABLES[DATA_BYTES - 1 - i][data[i]];
    const std::uint32_t parity = (std::uint32_t{data[DATA_BYTES]} << 16) |
                                 (std::uint32_t{data[DATA_BYTES + 1]} << 8) | data[DATA_BYTES + 2];
    return crc ^ parity;
}

}  // namespace

std::uint32_t crc_residual(std::span<const std::uint8_t> frame) {
    if (frame.size() == LONG_BYTES) return residual_by_position<LONG_BYTES>(frame.data());
    if (frame.size() == SHORT_BYTES) return residual_by_position<SHORT_BYTES>(frame.data());
    return residual_of(frame.data(), frame.size());
}

std::optional<int> fix_single_bit(std::span<std::uint8_t> frame) {
    return fix_single_bit(frame, crc_residual(frame));
}

std::optional<int> fix_single_bit(std::span<std::uint8_t> frame, std::uint32_t residual) {
    if (frame.size() != SHORT_BYTES && frame.size() != LONG_BYTES) {
        return std::nullopt;
    }
    if (residual == 0) {
        return std::nullopt;
    }
    const auto bit = frame.size() == LONG_BYTES ? find_syndrome(LONG_SYNDROMES, residual)
                                                : find_syndrome(SHORT_SYNDROMES, residual);
    if (!bit) {
        return std::nullopt;
    }
    const auto mask = static_cast<std::uint8_t>(0x80u >> (*bit % 8));
    const auto df_after = static_cast<unsigned>((*bit < 8 ? frame[0] ^ mask : frame[0]) >> 3);
    const bool df_ok = frame.size() == LONG_BYTES ? (df_after == 17 || df_after == 18) : df_after == 11;
    if (!df_ok) {
        return std::nullopt;
    }
    frame[static_cast<std::size_t>(*bit / 8)] ^= mask;
    return bit;
}

}  // namespace reckon::adsb
