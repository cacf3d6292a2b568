// Altitude and identity code conversions. The bit positions follow the order in which the
// pulses appear in the reply (ICAO Annex 10 Vol IV, Figure 3-11): in the 13-bit field, bit 12
// (mask 0x1000) is C1 and bit 0 (mask 0x0001) is D4.
#include "reckon/adsb/altitude.hpp"

namespace reckon::adsb {
namespace {

// Pulse masks in the 13-bit AC / ID field.
constexpr std::uint16_t C1 = 0x1000, A1 = 0x0800, C2 = 0x0400, A2 = 0x0200, C4 = 0x0100, A4 = 0x0080;
constexpr std::uint16_t M_BIT = 0x0040, B1 = 0x0020, Q_BIT = 0x0010, B2 = 0x0008, D2 = 0x0004, B4 = 0x0002,
                        D4 = 0x0001;
constexpr std::uint16_t D1 = Q_BIT;  // in Gillham the Q position carries D1

constexpr int Q25_STEP_FT = 25;
constexpr int Q25_OFFSET_FT = 1000;
constexpr int GILLHAM_OFFSET_FT = 1300;  // code 0/1 of the gray codes is -1,200 ft
constexpr int GILLHAM_MIN_FT = -1200;

}  // namespace

std::optional<int> decode_gillham_ft(std::uint16_t ac13) {
    // 500-ft steps: D1 D2 D4 A1 A2 A4 B1 B2 B4 form a reflected gray code, D1 first.
    const std::uint16_t order500[] = {D1, D2, D4, A1, A2, A4, B1, B2, B4};
    unsigned gray500 = 0;
    for (std::uint16_t mask : order500) gray500 = (gray500 << 1) | ((ac13 & mask) ? 1u : 0u);
    unsigned n500 = 0;
    for (unsigned g = gray500; g != 0; g >>= 1) n500 ^= g;

    // 100-ft steps: C1 C2 C4 gray code; only the five codes 001 011 010 110 100 exist.
    const unsigned c = ((ac13 & C1) ? 4u : 0u) | ((ac13 & C2) ? 2u : 0u) | ((ac13 & C4) ? 1u : 0u);
    int n100 = 0;
    switch (c) {
        case 0b001:
            n100 = 1;
            break;
        case 0b011:
            n100 = 2;
            break;
        case 0b010:
            n100 = 3;
            break;
        case 0b110:
            n100 = 4;
            break;
        case 0b100:
            n100 = 5;
            break;
        default:
            return std::nullopt;
    }
    // The 100-ft code runs backwards in odd 500-ft bands (that is what makes it a gray code).
    if (n500 & 1u) n100 = 6 - n100;
    const int altitude_ft = static_cast<int>(n500) * 500 + n100 * 100 - GILLHAM_OFFSET_FT;
    if (altitude_ft < GILLHAM_MIN_FT) return std::nullopt;
    return altitude_ft;
}

std::optional<int> decode_ac13_ft(std::uint16_t ac13) {
    ac13 &= 0x1FFF;
    if (ac13 == 0) return std::nullopt;
    if (ac13 & M_BIT) return std::nullopt;
    if (ac13 & Q_BIT) {
        // Remove M and Q: the remaining 11 bits count 25-ft steps from -1,000 ft.
        const int n = ((ac13 & 0x1F80) >> 2) | ((ac13 & 0x0020) >> 1) | (ac13 & 0x000F);
        return n * Q25_STEP_FT - Q25_OFFSET_FT;
    }
    return decode_gillham_ft(ac13);
}

std::optional<int> decode_ac12_ft(std::uint16_t ac12) {
    ac12 &= 0x0FFF;
    if (ac12 == 0) return std::nullopt;
    // Re-insert a zero M bit after the sixth bit to get the 13-bit layout.
    const auto ac13 = static_cast<std::uint16_t>(((ac12 & 0x0FC0) << 1) | (ac12 & 0x003F));
    return decode_ac13_ft(ac13);
}

std::uint16_t decode_squawk(std::uint16_t id13) {
    auto digit = [id13](std::uint16_t m4, std::uint16_t m2, std::uint16_t m1) {
        return ((id13 & m4) ? 4 : 0) + ((id13 & m2) ? 2 : 0) + ((id13 & m1) ? 1 : 0);
    };
    const int a = digit(A4, A2, A1), b = digit(B4, B2, B1), c = digit(C4, C2, C1), d = digit(D4, D2, D1);
    return static_cast<std::uint16_t>(a * 1000 + b * 100 + c * 10 + d);
}

}  // namespace reckon::adsb
