// The sampler's random source: a seeded 64-bit Mersenne twister (its output sequence is
// fixed by the C++ standard) with uniform and normal draws computed here, not by the
// standard library's distributions, so a fixed seed gives identical draws everywhere.
#pragma once

#include <cstdint>
#include <random>

namespace reckon::estimate {

class Random {
public:
    explicit Random(std::uint64_t seed) : m_engine(seed) {}
    // Uniform on [0, 1).
    double uniform() { return static_cast<double>(m_engine() >> 11) * 0x1.0p-53; }
    // Standard normal (Marsaglia's polar method).
    double normal();
    // Integer uniform on [0, n).
    std::uint64_t below(std::uint64_t n) {
        return static_cast<std::uint64_t>(uniform() * static_cast<double>(n));
    }

private:
    std::mt19937_64 m_engine;
    double m_spare = 0;
    bool m_has_spare = false;
};

}  // namespace reckon::estimate
