// Tests of the Mode S CRC-24 (crc.hpp): residuals of the real frames in vectors.jsonl, repair of
// every single-bit error of valid frames, and no silent "repair" of two-bit errors.
#include "reckon/adsb/crc.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace reckon::adsb {
namespace {

std::vector<std::uint8_t> from_hex(const std::string& hex) {
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        out.push_back(static_cast<std::uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
    }
    return out;
}

struct Vector {
    std::string hex;
    unsigned df = 0;
    std::uint32_t residual = 0;
};

// Every frame of vectors.jsonl with its expected residual (the `crc_check` objects).
std::vector<Vector> load_vectors() {
    std::ifstream in(std::string(RECKON_SHARED_DIR) + "/data/adsb/vectors.jsonl");
    std::vector<Vector> out;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) {
            continue;
        }
        const auto doc = nlohmann::json::parse(line);
        if (!doc.contains("crc_check")) {
            continue;
        }
        for (const auto& [hex, check] : doc["crc_check"].items()) {
            out.push_back({hex, check["df"].get<unsigned>(),
                           static_cast<std::uint32_t>(
                               std::stoul(check["crc_residual"].get<std::string>(), nullptr, 16))});
        }
    }
    return out;
}

// Frames with residual 0 (DF17/18) plus a DF11 with II = 0, made from vectors.jsonl's DF11 by
// removing its interrogator code from the parity (the residual of a DF11 is its II/SI code).
std::vector<std::vector<std::uint8_t>> valid_frames() {
    std::vector<std::vector<std::uint8_t>> out;
    for (const auto& v : load_vectors()) {
        auto bytes = from_hex(v.hex);
        if (v.df == 11) {
            bytes.back() ^= static_cast<std::uint8_t>(v.residual);
            out.push_back(bytes);
        } else if (v.residual == 0) {
            out.push_back(bytes);
        }
    }
    return out;
}

TEST(Crc, ResidualsOfVectorsJsonl) {
    const auto vectors = load_vectors();
    ASSERT_GE(vectors.size(), 60u);
    for (const auto& v : vectors) {
        const auto bytes = from_hex(v.hex);
        EXPECT_EQ(crc_residual(bytes), v.residual) << v.hex;
    }
}

TEST(Crc, AddressParityReplyGivesAddress) {
    // DF21 from vectors.jsonl whose recovered address is 48548E (pyModeS test_commb).
    EXPECT_EQ(crc_residual(from_hex("A8001EBCFFFB23286004A73F6A5B")), 0x48548Eu);
}

TEST(Crc, ResidualOfAllZeroFrameIsZeroAndTooShortIsZero) {
    const std::vector<std::uint8_t> zeros(14, 0);
    EXPECT_EQ(crc_residual(zeros), 0u);
    const std::vector<std::uint8_t> tiny{0x8D, 0x12};
    EXPECT_EQ(crc_residual(tiny), 0u);
}

TEST(Crc, EverySingleBitFlipIsRepaired) {
    const auto frames = valid_frames();
    ASSERT_GE(frames.size(), 40u);
    int repaired = 0;
    for (const auto& good : frames) {
        const int bits = static_cast<int>(good.size() * 8);
        for (int bit = 0; bit < bits; ++bit) {
            auto bad = good;
            bad[static_cast<std::size_t>(bit / 8)] ^= static_cast<std::uint8_t>(0x80u >> (bit % 8));
            const auto fixed = fix_single_bit(bad);
            // Flips inside the DF field are repaired too: the result is a DF17/18 or DF11 again.
            ASSERT_TRUE(fixed) << "bit " << bit;
            EXPECT_EQ(*fixed, bit);
            EXPECT_EQ(bad, good);
            ++repaired;
        }
    }
    EXPECT_EQ(repaired, static_cast<int>(frames.size() - 1) * 112 + 56);
}

TEST(Crc, TwoBitFlipsAreNeverRepairedIntoAnotherFrame) {
    const auto frames = valid_frames();
    int tried = 0;
    for (const auto& good : frames) {
        const int bits = static_cast<int>(good.size() * 8);
        for (int a = 0; a < bits; ++a) {
            for (int b = a + 1; b < bits; ++b) {
                auto bad = good;
                bad[static_cast<std::size_t>(a / 8)] ^= static_cast<std::uint8_t>(0x80u >> (a % 8));
                bad[static_cast<std::size_t>(b / 8)] ^= static_cast<std::uint8_t>(0x80u >> (b % 8));
                const auto before = bad;
                EXPECT_FALSE(fix_single_bit(bad)) << a << "," << b;
                EXPECT_EQ(bad, before);
                ++tried;
            }
        }
    }
    EXPECT_GT(tried, 40 * 6216);
}

TEST(Crc, RepairIntoAnotherDownlinkFormatIsRefused) {
    // A DF20 with an address/parity residual equal to the syndrome of some bit: "repairing" it
    // would give a DF20 with residual 0, which is not a frame fix_single_bit vouches for.
    std::vector<std::uint8_t> df20 = from_hex("A0001838CA380031440000000000");
    const std::uint32_t crc = crc_residual(df20);
    // Make the residual the syndrome of bit 40: flip bit 40 of a residual-0 version.
    df20[11] = static_cast<std::uint8_t>(crc >> 16);
    df20[12] = static_cast<std::uint8_t>(crc >> 8);
    df20[13] = static_cast<std::uint8_t>(crc);
    ASSERT_EQ(crc_residual(df20), 0u);
    df20[5] ^= 0x80;
    const auto before = df20;
    EXPECT_FALSE(fix_single_bit(df20));
    EXPECT_EQ(df20, before);
    // The same flip in a DF17 is repaired.
    auto df17 = from_hex("8D4840D6202CC371C32CE0576098");
    df17[5] ^= 0x80;
    EXPECT_EQ(fix_single_bit(df17), 40);
}

TEST(Crc, ValidFrameAndWrongLengthsAreLeftAlone) {
    auto good = from_hex("8D4840D6202CC371C32CE0576098");
    const auto copy = good;
    EXPECT_FALSE(fix_single_bit(good));
    EXPECT_EQ(good, copy);
    auto odd = from_hex("8D4840D6202CC371C3");
    EXPECT_FALSE(fix_single_bit(odd));
}

}  // namespace
}  // namespace reckon::adsb
