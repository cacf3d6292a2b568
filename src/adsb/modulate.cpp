// Mode S modulation (synthesis) for tests and simulation: chips of 0.5 µs laid on the sample grid
// by their exact overlap with each sample's window, so a frame can start at any time and the
// demodulator's phase search is exercised as by a real receiver.
#include "reckon/adsb/modulate.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <numbers>
#include <random>
#include <string>

#include "reckon/core/error.hpp"

namespace reckon::adsb {
namespace {

constexpr double CHIP_S = 0.5e-6;
constexpr int PREAMBLE_CHIPS = 16;
constexpr std::array<int, 4> PREAMBLE_PULSES{0, 2, 7, 9};  // chips: 0, 1.0, 3.5, 4.5 µs
constexpr double MAX_SAMPLES = 2147483648.0;

// Adds `level` times the overlap of [t0, t1) seconds with each sample window to envelope, whose
// element 0 is sample `origin`.
void add_pulse(std::vector<double>& envelope, std::size_t origin, double t0, double t1, double rate_hz,
               double level) {
    const double s0 = t0 * rate_hz - static_cast<double>(origin);
    const double s1 = t1 * rate_hz - static_cast<double>(origin);
    const auto first = static_cast<std::size_t>(std::floor(s0));
    const auto last = std::min(static_cast<std::size_t>(std::ceil(s1)), envelope.size());
    for (std::size_t k = first; k < last; ++k) {
        const double lo = std::max(s0, static_cast<double>(k));
        const double hi = std::min(s1, static_cast<double>(k + 1));
        if (hi > lo) {
            envelope[k] += level * (hi - lo);
        }
    }
}

}  // namespace

std::vector<std::uint8_t> modulate(std::span<const Frame> frames, std::span<const double> times_s,
                                   const ModulateOptions& options) {
    if (frames.size() != times_s.size()) {
        throw Error("modulate: " + std::to_string(frames.size()) + " frames but " +
                    std::to_string(times_s.size()) + " start times");
    }
    if (!(options.sample_rate_hz > 0) || !std::isfinite(options.sample_rate_hz)) {
        throw Error("modulate: the sample rate must be positive");
    }
    double end_s = 0;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        if (!std::isfinite(times_s[i]) || times_s[i] < 0) {
            throw Error("modulate: start time of frame " + std::to_string(i) + " is negative or not finite");
        }
        if (frames[i].length_bytes != 7 && frames[i].length_bytes != 14) {
            throw Error("modulate: frame " + std::to_string(i) + " has " +
                        std::to_string(frames[i].length_bytes) + " bytes; Mode S frames have 7 or 14");
        }
        const double duration_s = (PREAMBLE_CHIPS + 2.0 * 8 * frames[i].length_bytes) * CHIP_S;
        end_s = std::max(end_s, times_s[i] + duration_s);
    }
    const double samples_d = std::ceil((end_s + options.tail_s) * options.sample_rate_hz);
    if (samples_d > MAX_SAMPLES) {
        throw Error("modulate: the recording would be longer than 2^31 samples");
    }
    const auto samples = static_cast<std::size_t>(samples_d);
    std::vector<float> i_channel(samples, 0.0f);
    std::vector<float> q_channel(samples, 0.0f);
    std::mt19937_64 rng(options.seed);
    std::uniform_real_distribution<double> phase_dist(0.0, 2.0 * std::numbers::pi);
    std::vector<double> envelope;
    for (std::size_t f = 0; f < frames.size(); ++f) {
        const Frame& frame = frames[f];
        const double t0 = times_s[f];
        const double rate = options.sample_rate_hz;
        const double duration_s = (PREAMBLE_CHIPS + 2.0 * 8 * frame.length_bytes) * CHIP_S;
        const auto origin = static_cast<std::size_t>(std::floor(t0 * rate));
        const auto stop =
            std::min(samples, static_cast<std::size_t>(std::ceil((t0 + duration_s) * rate)) + 1);
        envelope.assign(stop - origin, 0.0);
        for (const int c : PREAMBLE_PULSES) {
            add_pulse(envelope, origin, t0 + c * CHIP_S, t0 + (c + 1) * CHIP_S, rate, options.amplitude);
        }
        const int bits = frame.length_bytes * 8;
        for (int b = 0; b < bits; ++b) {
            const bool one = (frame.bytes[static_cast<std::size_t>(b / 8)] >> (7 - b % 8)) & 1;
            // PPM: a 1 is high in the first half of its microsecond, a 0 in the second.
            const int chip = PREAMBLE_CHIPS + 2 * b + (one ? 0 : 1);
            add_pulse(envelope, origin, t0 + chip * CHIP_S, t0 + (chip + 1) * CHIP_S, rate,
                      options.amplitude);
        }
        const double theta = phase_dist(rng);
        const double c = std::cos(theta);
        const double s = std::sin(theta);
        for (std::size_t k = origin; k < stop; ++k) {
            i_channel[k] += static_cast<float>(envelope[k - origin] * c);
            q_channel[k] += static_cast<float>(envelope[k - origin] * s);
        }
    }
    if (options.noise_rms > 0) {
        std::normal_distribution<double> noise(0.0, options.noise_rms);
        for (std::size_t k = 0; k < samples; ++k) {
            i_channel[k] += static_cast<float>(noise(rng));
            q_channel[k] += static_cast<float>(noise(rng));
        }
    }
    std::vector<std::uint8_t> out(samples * bytes_per_sample(options.format));
    for (std::size_t k = 0; k < samples; ++k) {
        if (options.format == SampleFormat::U8) {
            auto quantise = [](double x) {
                return static_cast<std::uint8_t>(std::clamp(std::lround(127.5 + 127.5 * x), 0L, 255L));
            };
            out[2 * k] = quantise(i_channel[k]);
            out[2 * k + 1] = quantise(q_channel[k]);
        } else if (options.format == SampleFormat::S8) {
            auto quantise = [](double x) {
                return static_cast<std::uint8_t>(
                    static_cast<std::int8_t>(std::clamp(std::lround(127.0 * x), -128L, 127L)));
            };
            out[2 * k] = quantise(i_channel[k]);
            out[2 * k + 1] = quantise(q_channel[k]);
        } else if (options.format == SampleFormat::F32) {
            const std::array<float, 2> iq{i_channel[k], q_channel[k]};
            for (std::size_t c = 0; c < 2; ++c) {
                const auto bits = std::bit_cast<std::uint32_t>(iq[c]);
                for (std::size_t b = 0; b < 4; ++b) {
                    out[8 * k + 4 * c + b] = static_cast<std::uint8_t>(bits >> (8 * b));  // little-endian
                }
            }
        } else {
            auto quantise = [](double x) {
                return static_cast<std::uint16_t>(
                    static_cast<std::int16_t>(std::clamp(std::lround(32767.0 * x), -32768L, 32767L)));
            };
            const std::uint16_t vi = quantise(i_channel[k]);
            const std::uint16_t vq = quantise(q_channel[k]);
            out[4 * k] = static_cast<std::uint8_t>(vi & 0xFF);
            out[4 * k + 1] = static_cast<std::uint8_t>(vi >> 8);
            out[4 * k + 2] = static_cast<std::uint8_t>(vq & 0xFF);
            out[4 * k + 3] = static_cast<std::uint8_t>(vq >> 8);
        }
    }
    return out;
}

std::vector<std::uint8_t> modulate(std::span<const Frame> frames, const ModulateOptions& options) {
    std::vector<double> times;
    times.reserve(frames.size());
    for (const Frame& f : frames) {
        times.push_back(f.t_s);
    }
    return modulate(frames, times, options);
}

}  // namespace reckon::adsb
