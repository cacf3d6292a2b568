// Round trips through the modulator and the demodulator (modulate.hpp, demod.hpp): frames of
// every accepted kind at 2.0 and 2.4 MS/s, U8 and S16, at start times that fall anywhere in a
// sample, without and with seeded noise; plus the modulator's argument checks.
#include "reckon/adsb/modulate.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "expect_error.hpp"
#include "reckon/adsb/crc.hpp"
#include "reckon/adsb/demod.hpp"
#include "reckon/core/error.hpp"

namespace reckon::adsb {
namespace {

Frame from_hex(const std::string& hex) {
    Frame f;
    f.length_bytes = static_cast<std::uint8_t>(hex.size() / 2);
    for (std::size_t i = 0; i < f.length_bytes; ++i) {
        f.bytes[i] = static_cast<std::uint8_t>(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
    }
    return f;
}

// Writes the parity so that the residual is `residual` (0 for DF11/17/18, the address otherwise).
Frame with_parity(Frame f, std::uint32_t residual) {
    const std::size_t n = f.length_bytes;
    f.bytes[n - 3] = f.bytes[n - 2] = f.bytes[n - 1] = 0;
    const std::uint32_t parity = crc_residual(std::span(f.bytes.data(), n)) ^ residual;
    f.bytes[n - 3] = static_cast<std::uint8_t>(parity >> 16);
    f.bytes[n - 2] = static_cast<std::uint8_t>(parity >> 8);
    f.bytes[n - 1] = static_cast<std::uint8_t>(parity);
    return f;
}

// DF17 frames from vectors.jsonl, a DF11 and address/parity replies (DF4, DF5, DF20, DF21, DF0,
// DF16) of the announced address 4840D6.
std::vector<Frame> sample_frames() {
    std::vector<Frame> out;
    out.push_back(from_hex("8D4840D6202CC371C32CE0576098"));           // DF17 4840D6 identification
    out.push_back(with_parity(from_hex("5D4840D6000000"), 0));         // DF11 4840D6, II = 0
    out.push_back(with_parity(from_hex("20001838000000"), 0x4840D6));  // DF4
    out.push_back(with_parity(from_hex("28000A14000000"), 0x4840D6));  // DF5
    out.push_back(from_hex("8D40621D58C382D690C8AC2863A7"));           // DF17 airborne position
    out.push_back(with_parity(from_hex("A0001838CA380031440000000000"), 0x4840D6));  // DF20
    out.push_back(with_parity(from_hex("A8001EBCFFFB23286004A7000000"), 0x4840D6));  // DF21
    out.push_back(with_parity(from_hex("02E1971C000000"), 0x4840D6));                // DF0
    out.push_back(with_parity(from_hex("80E1971C58C382D690C8AC000000"), 0x4840D6));  // DF16
    out.push_back(from_hex("903A23FF426A4E65F7487A775D17"));                         // DF18
    out.push_back(from_hex("8D406B902015A678D4D220AA4BDA"));                         // DF17 EZY85MH
    return out;
}

// 200 µs apart plus an odd fraction, so starts fall at every phase of the sample grid.
std::vector<double> start_times(std::size_t n) {
    std::vector<double> t;
    for (std::size_t i = 0; i < n; ++i) {
        t.push_back(50e-6 + static_cast<double>(i) * (200e-6 + 0.0731e-6));
    }
    return t;
}

// At 2.0 MS/s, starts within 20 ns of a sample boundary: off the grid, each box-filtered sample
// mixes two chips and the slicer's margin shrinks (to nothing at half a sample; docs/adsb-iq.md),
// so arbitrary phases with noise are tested at 2.4 MS/s only.
std::vector<double> start_times_2m(std::size_t n) {
    std::vector<double> t;
    for (std::size_t i = 0; i < n; ++i) {
        const double phase_s = static_cast<double>(i % 5) * 5e-9;
        t.push_back(50e-6 + static_cast<double>(i) * 200e-6 + phase_s);
    }
    return t;
}

struct RoundTrip {
    double rate_hz;
    SampleFormat format;
    double noise_rms;
};

class ModulateRoundTrip : public ::testing::TestWithParam<RoundTrip> {};

TEST_P(ModulateRoundTrip, DemodulatesToTheSameFramesAtTheSameTimes) {
    const RoundTrip p = GetParam();
    const auto frames = sample_frames();
    // Repeat the set so each frame is seen at several phases.
    std::vector<Frame> all;
    for (int r = 0; r < 6; ++r) {
        all.insert(all.end(), frames.begin(), frames.end());
    }
    const auto times = p.rate_hz > 2.2e6 ? start_times(all.size()) : start_times_2m(all.size());
    ModulateOptions o;
    o.sample_rate_hz = p.rate_hz;
    o.format = p.format;
    o.noise_rms = p.noise_rms;
    o.seed = 42;
    const auto iq = modulate(all, times, o);
    IqOptions io;
    io.sample_rate_hz = p.rate_hz;
    io.format = p.format;
    DemodStats stats;
    const auto got = demodulate(iq, io, &stats);
    ASSERT_EQ(got.size(), all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(got[i].length_bytes, all[i].length_bytes) << i;
        EXPECT_TRUE(std::equal(all[i].bytes.begin(), all[i].bytes.begin() + all[i].length_bytes,
                               got[i].bytes.begin()))
            << i;
        EXPECT_NEAR(got[i].t_s, times[i], 0.25e-6) << i;
        // Amplitude 0.5 of full scale, half the chips high: −9 dBFS mean power, less where samples
        // straddle chip edges and average a pulse with silence (down to about −11.5 at 2.0 MS/s).
        EXPECT_GT(*got[i].signal_dbfs, -12.0) << i;
        EXPECT_LT(*got[i].signal_dbfs, -8.5) << i;
    }
}

INSTANTIATE_TEST_SUITE_P(
    RatesFormatsNoise, ModulateRoundTrip,
    ::testing::Values(RoundTrip{2.4e6, SampleFormat::U8, 0.0}, RoundTrip{2.0e6, SampleFormat::U8, 0.0},
                      RoundTrip{2.4e6, SampleFormat::S16, 0.0}, RoundTrip{2.0e6, SampleFormat::S16, 0.0},
                      // Noise: pulse amplitude / noise rms = 10 (20 dB).
                      RoundTrip{2.4e6, SampleFormat::U8, 0.05}, RoundTrip{2.0e6, SampleFormat::U8, 0.05},
                      RoundTrip{2.4e6, SampleFormat::S16, 0.05}, RoundTrip{2.0e6, SampleFormat::S16, 0.05}));

TEST(Modulate, TwoMegaSamplesAtAnyPhaseWithoutNoise) {
    const auto frames = sample_frames();
    std::vector<double> times;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        times.push_back(40e-6 + static_cast<double>(i) * 200e-6 + static_cast<double>(i) * 0.049e-6);
    }
    ModulateOptions o;
    o.sample_rate_hz = 2.0e6;
    IqOptions io;
    io.sample_rate_hz = 2.0e6;
    EXPECT_EQ(demodulate(modulate(frames, times, o), io).size(), frames.size());
}

TEST(Modulate, SameSeedSameBytesOtherSeedOtherBytes) {
    const auto frames = sample_frames();
    const auto times = start_times(frames.size());
    ModulateOptions o;
    o.noise_rms = 0.05;
    const auto a = modulate(frames, times, o);
    const auto b = modulate(frames, times, o);
    EXPECT_EQ(a, b);
    o.seed = 2;
    EXPECT_NE(a, modulate(frames, times, o));
}

TEST(Modulate, UsesFrameTimesWhenNoTimesAreGiven) {
    auto frames = sample_frames();
    const auto times = start_times(frames.size());
    for (std::size_t i = 0; i < frames.size(); ++i) {
        frames[i].t_s = times[i];
    }
    ModulateOptions o;
    EXPECT_EQ(modulate(frames, o), modulate(frames, times, o));
}

TEST(Modulate, StrongNoiseLosesFramesButInventsNone) {
    const auto frames = sample_frames();
    const auto times = start_times(frames.size());
    ModulateOptions o;
    o.amplitude = 0.1;
    o.noise_rms = 0.12;
    IqOptions io;
    const auto got = demodulate(modulate(frames, times, o), io);
    EXPECT_LT(got.size(), frames.size());
    for (const auto& f : got) {
        bool known = false;
        for (const auto& e : frames) {
            known = known || std::equal(e.bytes.begin(), e.bytes.end(), f.bytes.begin());
        }
        EXPECT_TRUE(known);
    }
}

TEST(Modulate, BadArgumentsAreErrors) {
    const auto frames = sample_frames();
    const std::vector<double> too_few{0.0};
    ModulateOptions o;
    EXPECT_THROW_MSG_HAS(modulate(frames, too_few, o), Error, "modulate: 11 frames but 1 start times");
    Frame bad;
    bad.length_bytes = 9;
    const std::vector<Frame> one_bad{bad};
    const std::vector<double> t0{0.0};
    EXPECT_THROW_MSG_HAS(modulate(one_bad, t0, o), Error, "frame 0 has 9 bytes; Mode S frames have 7 or 14");
    const std::vector<double> negative{-1.0};
    EXPECT_THROW_MSG_HAS(modulate(std::span(frames).first(1), negative, o), Error,
                         "start time of frame 0 is negative or not finite");
}

}  // namespace
}  // namespace reckon::adsb
