// Mode S modulation: Frames → the IQ samples a receiver would record, so that tests and the
// encoder (flight simulation) can make recordings with known content. Each frame becomes its 8 µs
// preamble and 1 µs pulse-position bits at a chosen start time, on a carrier of random phase, with
// optional Gaussian noise; samples are integrated over their own window (an ideal box filter).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "reckon/adsb/frame.hpp"
#include "reckon/adsb/iq.hpp"

namespace reckon::adsb {

struct ModulateOptions {
    double sample_rate_hz = 2.4e6;  // 2.0e6 or 2.4e6 to be demodulated by reckon
    SampleFormat format = SampleFormat::U8;
    double amplitude = 0.5;  // pulse amplitude as a fraction of full scale
    double noise_rms = 0.0;  // Gaussian noise per I and Q component, fraction of full scale
    std::uint64_t seed = 1;  // noise and carrier phases; same seed, same bytes
    double tail_s = 20e-6;   // silence after the last frame
};

// IQ bytes (format and rate from options) with frames[i] starting at times_s[i] seconds after
// the first sample. Frames may overlap (their signals add, as in a collision). Throws
// reckon::Error if the spans differ in size, a time is negative or not finite, a frame's
// length_bytes is not 7 or 14, or the recording would exceed 2^31 samples. Memory: about 8 bytes
// per sample of the recording besides the result.
std::vector<std::uint8_t> modulate(std::span<const Frame> frames, std::span<const double> times_s,
                                   const ModulateOptions& options);

// Frames at their own t_s.
std::vector<std::uint8_t> modulate(std::span<const Frame> frames, const ModulateOptions& options);

}  // namespace reckon::adsb
