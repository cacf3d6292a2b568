// IQ input beyond rtl_sdr's unsigned 8-bit (issue 14 item 5): signed 8-bit, signed 16-bit and
// float32 samples, the rational resampler (resample.hpp) that brings 2.56, 3.2, 6 and 8 MS/s
// recordings to the demodulator's 2.4 MS/s, and SigMF metadata (sigmf.hpp) read by the input
// layer for the format, the rate and the start time.
//
// The real recording ../shared/data/adsb/iq/modes1_resampled_2m4.bin (cu8, 2.4 MS/s) is converted
// to ci8 / ci16 / cf32 and to other rates, and each conversion must decode to the frames the
// original gives. The resampler's design was tuned on 3.2 and 6 MS/s; 2.56 and 8 MS/s were held
// out and looked at only at the end (docs/adsb.md gives both scores).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <iterator>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "expect_error.hpp"
#include "iq_recordings.hpp"
#include "reckon/adsb/crc.hpp"
#include "reckon/adsb/demod.hpp"
#include "reckon/adsb/input.hpp"
#include "reckon/adsb/iq.hpp"
#include "reckon/adsb/modulate.hpp"
#include "reckon/adsb/resample.hpp"
#include "reckon/core/error.hpp"

namespace reckon::adsb {
namespace {

using test_data::frame_hex;
using test_data::IQ_DIR;
using test_data::read_bytes;

Frame from_hex(const std::string& text) {
    Frame f;
    f.length_bytes = static_cast<std::uint8_t>(text.size() / 2);
    for (std::size_t i = 0; i < f.length_bytes; ++i) {
        f.bytes[i] = static_cast<std::uint8_t>(std::stoul(text.substr(2 * i, 2), nullptr, 16));
    }
    return f;
}

// Float I/Q at full scale 1.0 → bytes of `format` (what an SDR or a converter writes).
std::vector<std::uint8_t> quantise(const std::vector<float>& i, const std::vector<float>& q,
                                   SampleFormat format) {
    std::vector<std::uint8_t> out;
    out.reserve(i.size() * bytes_per_sample(format));
    auto put16 = [&out](float x) {
        const auto v = static_cast<std::uint16_t>(
            static_cast<std::int16_t>(std::clamp(std::lround(x * 32767.0f), -32768L, 32767L)));
        out.push_back(static_cast<std::uint8_t>(v & 0xFF));
        out.push_back(static_cast<std::uint8_t>(v >> 8));
    };
    for (std::size_t k = 0; k < i.size(); ++k) {
        for (const float x : {i[k], q[k]}) {
            switch (format) {
                case SampleFormat::U8:
                    out.push_back(
                        static_cast<std::uint8_t>(std::clamp(std::lround(127.5f + 127.5f * x), 0L, 255L)));
                    break;
                case SampleFormat::S8:
                    out.push_back(static_cast<std::uint8_t>(
                        static_cast<std::int8_t>(std::clamp(std::lround(x * 128.0f), -128L, 127L))));
                    break;
                case SampleFormat::S16:
                    put16(x);
                    break;
                case SampleFormat::F32: {
                    const auto bits = std::bit_cast<std::uint32_t>(x);
                    for (int b = 0; b < 4; ++b) {
                        out.push_back(static_cast<std::uint8_t>(bits >> (8 * b)));
                    }
                    break;
                }
            }
        }
    }
    return out;
}

// The real 2.4 MS/s cu8 recording at `rate_hz` in `format`, resampled by reckon's own resampler.
std::vector<std::uint8_t> converted_recording(double rate_hz, SampleFormat format) {
    const auto bytes = read_bytes(IQ_DIR + "modes1_resampled_2m4.bin");
    std::vector<float> i;
    std::vector<float> q;
    append_samples(bytes, SampleFormat::U8, i, q);
    if (std::abs(rate_hz - 2.4e6) < 1) {
        if (format == SampleFormat::S8) {
            // What a converter does: the same codes, shifted by 128.
            std::vector<std::uint8_t> out(bytes);
            for (auto& b : out) {
                b = static_cast<std::uint8_t>(b ^ 0x80);
            }
            return out;
        }
        return quantise(i, q, format);
    }
    Resampler r(2.4e6, rate_hz);
    std::vector<float> oi;
    std::vector<float> oq;
    r.push(i, q, oi, oq);
    r.finish(oi, oq);
    return quantise(oi, oq, format);
}

struct Comparison {
    std::size_t reference = 0;  // frames of the cu8 2.4 MS/s original
    std::size_t got = 0;        // frames of the conversion
    std::size_t missing = 0;    // in the original, not in the conversion
    std::size_t extra = 0;      // in the conversion, not in the original
};

// Frames of `got` matched to `reference`: same bits, start within MATCH_S (the resampler's
// output grid is not the original's, so a time may move by a fraction of a sample).
constexpr double MATCH_S = 1.0e-6;

Comparison compare_frames(const std::vector<Frame>& reference, const std::vector<Frame>& got,
                          const char* what) {
    Comparison c{reference.size(), got.size(), 0, 0};
    std::vector<bool> used(got.size(), false);
    for (const Frame& r : reference) {
        bool found = false;
        for (std::size_t k = 0; k < got.size() && !found; ++k) {
            if (!used[k] && std::abs(got[k].t_s - r.t_s) < MATCH_S && frame_hex(got[k]) == frame_hex(r)) {
                used[k] = true;
                found = true;
            }
        }
        if (!found) {
            ++c.missing;
            std::printf("  missing %s at %.6f s\n", frame_hex(r).c_str(), r.t_s);
        }
    }
    for (std::size_t k = 0; k < got.size(); ++k) {
        if (!used[k]) {
            ++c.extra;
            std::printf("  extra %s at %.6f s\n", frame_hex(got[k]).c_str(), got[k].t_s);
        }
    }
    std::printf("%s: %zu frames (original %zu), %zu missing, %zu extra\n", what, c.got, c.reference,
                c.missing, c.extra);
    return c;
}

Comparison compare_with_original(double rate_hz, SampleFormat format) {
    IqOptions reference_options;
    reference_options.sample_rate_hz = 2.4e6;
    DemodStats stats;
    const auto reference = demodulate_file(IQ_DIR + "modes1_resampled_2m4.bin", reference_options, stats);
    IqOptions o;
    o.sample_rate_hz = rate_hz;
    o.format = format;
    const auto got = demodulate(converted_recording(rate_hz, format), o);
    const std::string what = "real recording as " + std::string(sample_format_name(format)) + " at " +
                             std::to_string(rate_hz / 1e6).substr(0, 4) + " MS/s";
    return compare_frames(reference, got, what.c_str());
}

}  // namespace

// ---- names and rates ----------------------------------------------------------------------

TEST(IqFormats, NamesAndSigmfAliases) {
    EXPECT_EQ(parse_sample_format("iq-s8"), SampleFormat::S8);
    EXPECT_EQ(parse_sample_format("ci8"), SampleFormat::S8);
    EXPECT_EQ(parse_sample_format("IQ-CI8"), SampleFormat::S8);
    EXPECT_EQ(parse_sample_format("iq-f32"), SampleFormat::F32);
    EXPECT_EQ(parse_sample_format("cf32_le"), SampleFormat::F32);
    EXPECT_EQ(parse_sample_format("sc16"), SampleFormat::S16);
    EXPECT_EQ(parse_sample_format("ci16_le"), SampleFormat::S16);
    EXPECT_EQ(parse_sample_format("cu8"), SampleFormat::U8);
    EXPECT_THROW_HINT_HAS(parse_sample_format("cf64"), UsageError, "unknown IQ sample format 'cf64'",
                          "iq-f32");
    for (const auto f : {SampleFormat::U8, SampleFormat::S8, SampleFormat::S16, SampleFormat::F32}) {
        EXPECT_EQ(parse_sample_format(sample_format_name(f)), f);
    }
    EXPECT_EQ(parse_read_format("iq-f32").iq, SampleFormat::F32);
    EXPECT_EQ(parse_read_format("iq-ci8").iq, SampleFormat::S8);
    EXPECT_EQ(bytes_per_sample(SampleFormat::S8), 2u);
    EXPECT_EQ(bytes_per_sample(SampleFormat::F32), 8u);
}

TEST(IqFormats, AnyRateFromTwoMegasamplesUp) {
    EXPECT_DOUBLE_EQ(parse_sample_rate("3.2"), 3.2e6);
    EXPECT_DOUBLE_EQ(parse_sample_rate("2.56"), 2.56e6);
    EXPECT_DOUBLE_EQ(parse_sample_rate("8000000"), 8e6);
    EXPECT_THROW_HINT_HAS(parse_sample_rate("1.024"), UsageError, "unsupported IQ sample rate '1.024'",
                          "from 2.0 to 64");
    EXPECT_THROW_MSG_HAS(parse_sample_rate("100"), UsageError, "unsupported IQ sample rate '100'");
    EXPECT_THROW_MSG_HAS(parse_sample_rate("nan"), UsageError, "unsupported IQ sample rate");
    EXPECT_TRUE(is_demodulator_rate(2.0e6));
    EXPECT_FALSE(is_demodulator_rate(2.56e6));
    EXPECT_DOUBLE_EQ(demodulator_rate(8e6), 2.4e6);
}

TEST(IqFormats, MagnitudesAgreeAcrossFormats) {
    // The same amplitudes, (0.5, -0.25) of full scale, in each format.
    const std::vector<float> i{0.5f, 0.0f};
    const std::vector<float> q{-0.25f, 0.0f};
    const double expected = std::hypot(0.5, 0.25) * MAGNITUDE_FULL_SCALE;
    for (const auto f : {SampleFormat::U8, SampleFormat::S8, SampleFormat::S16, SampleFormat::F32}) {
        std::vector<std::uint16_t> m;
        append_magnitudes(quantise(i, q, f), f, m);
        ASSERT_EQ(m.size(), 2u);
        EXPECT_NEAR(m[0], expected, expected * 0.01) << sample_format_name(f);
        EXPECT_LT(m[1], 200) << sample_format_name(f);  // U8's zero is between two codes
    }
    // Float samples that are not finite count as silence.
    const std::vector<std::uint8_t> nan_sample{0, 0, 0xC0, 0x7F, 0, 0, 0x80, 0x7F};
    std::vector<std::uint16_t> m;
    append_magnitudes(nan_sample, SampleFormat::F32, m);
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(m[0], 0);
}

TEST(IqFormats, WrongFormatIsRefused) {
    const auto u8 = read_bytes(IQ_DIR + "modes1_resampled_2m4.bin");
    ASSERT_GT(u8.size(), 100000u);
    const std::span<const std::uint8_t> head(u8.data(), 65536);
    EXPECT_THROW_HINT_HAS(check_iq_plausible(head, u8.size(), SampleFormat::S8, "x.bin"), InputError,
                          "does not look like signed 8-bit I/Q", "iq-u8");
    EXPECT_THROW_MSG_HAS(check_iq_plausible(head, u8.size(), SampleFormat::F32, "x.bin"), InputError,
                         "does not look like float32 I/Q");
    const auto s16 = converted_recording(2.4e6, SampleFormat::S16);
    EXPECT_THROW_MSG_HAS(
        check_iq_plausible(std::span(s16.data(), 65536), s16.size(), SampleFormat::F32, "x.bin"), InputError,
        "does not look like float32 I/Q");
    const auto f32 = converted_recording(2.4e6, SampleFormat::F32);
    EXPECT_NO_THROW(check_iq_plausible(std::span(f32.data(), 65536), f32.size(), SampleFormat::F32, "x.bin"));
    const auto s8 = converted_recording(2.4e6, SampleFormat::S8);
    EXPECT_NO_THROW(check_iq_plausible(std::span(s8.data(), 65536), s8.size(), SampleFormat::S8, "x.bin"));
}

// ---- the resampler ------------------------------------------------------------------------

TEST(Resampler, RationalRatios) {
    auto r = rational_ratio(3.2e6, 2.4e6, 1024);
    EXPECT_EQ(r.up, 3u);
    EXPECT_EQ(r.down, 4u);
    r = rational_ratio(2.56e6, 2.4e6, 1024);
    EXPECT_EQ(r.up, 15u);
    EXPECT_EQ(r.down, 16u);
    r = rational_ratio(8e6, 2.4e6, 1024);
    EXPECT_EQ(r.up, 3u);
    EXPECT_EQ(r.down, 10u);
    // 2,400,001 Hz has no small exact ratio: the approximation is within 1e-6.
    r = rational_ratio(2400001.0, 2.4e6, 1024);
    EXPECT_LE(r.up, 1024u);
    EXPECT_NEAR(static_cast<double>(r.up) / r.down, 2.4e6 / 2400001.0, 1e-6);
    EXPECT_THROW(rational_ratio(0, 2.4e6, 1024), UsageError);
}

TEST(Resampler, KeepsToneAmplitudeAndTimeAndOutputCount) {
    for (const double in_hz : {2.56e6, 3.2e6, 6e6, 8e6}) {
        // A 300 kHz complex tone: in the pass band, so amplitude and phase must survive.
        const std::size_t n = 40000;
        std::vector<float> i(n);
        std::vector<float> q(n);
        constexpr double TONE_HZ = 300e3;
        for (std::size_t k = 0; k < n; ++k) {
            const double t = static_cast<double>(k) / in_hz;
            i[k] = static_cast<float>(0.5 * std::cos(2 * std::numbers::pi * TONE_HZ * t));
            q[k] = static_cast<float>(0.5 * std::sin(2 * std::numbers::pi * TONE_HZ * t));
        }
        Resampler r(in_hz, 2.4e6);
        std::vector<float> oi;
        std::vector<float> oq;
        // Fed in uneven pieces: the result must not depend on them.
        std::mt19937 rng(7);
        for (std::size_t at = 0; at < n;) {
            const std::size_t len = std::min<std::size_t>(n - at, 1 + rng() % 3000);
            r.push(std::span(i).subspan(at, len), std::span(q).subspan(at, len), oi, oq);
            at += len;
        }
        r.finish(oi, oq);
        const auto expected_count =
            static_cast<std::size_t>(std::ceil(static_cast<double>(n) * r.ratio().up / r.ratio().down));
        EXPECT_EQ(oi.size(), expected_count) << in_hz;
        double worst_amplitude = 0;
        double worst_phase = 0;
        for (std::size_t k = 200; k + 200 < oi.size(); ++k) {
            const double t = static_cast<double>(k) / 2.4e6;
            worst_amplitude = std::max(worst_amplitude, std::abs(std::hypot(oi[k], oq[k]) - 0.5));
            const double want = std::remainder(2 * std::numbers::pi * TONE_HZ * t, 2 * std::numbers::pi);
            worst_phase = std::max(
                worst_phase, std::abs(std::remainder(std::atan2(oq[k], oi[k]) - want, 2 * std::numbers::pi)));
        }
        EXPECT_LT(worst_amplitude, 0.005) << in_hz;  // 1% of the tone
        EXPECT_LT(worst_phase, 0.01) << in_hz;       // radians: the delay is taken out
    }
}

TEST(Resampler, RemovesWhatWouldAlias) {
    // A 2 MHz tone at 8 MS/s would fold to -0.4 MHz at 2.4 MS/s: it must be gone.
    const std::size_t n = 80000;
    std::vector<float> i(n);
    std::vector<float> q(n);
    for (std::size_t k = 0; k < n; ++k) {
        const double phase = 2 * std::numbers::pi * 2e6 * static_cast<double>(k) / 8e6;
        i[k] = static_cast<float>(0.5 * std::cos(phase));
        q[k] = static_cast<float>(0.5 * std::sin(phase));
    }
    Resampler r(8e6, 2.4e6);
    std::vector<float> oi;
    std::vector<float> oq;
    r.push(i, q, oi, oq);
    r.finish(oi, oq);
    double peak = 0;
    for (std::size_t k = 200; k + 200 < oi.size(); ++k) {
        peak = std::max(peak, static_cast<double>(std::hypot(oi[k], oq[k])));
    }
    EXPECT_LT(peak, 0.5e-3);  // at least 60 dB down
}

// ---- synthetic frames at other rates and formats ------------------------------------------

struct RateFormat {
    double rate_hz;
    SampleFormat format;
};

class SyntheticAtRate : public ::testing::TestWithParam<RateFormat> {};

TEST_P(SyntheticAtRate, EveryFrameAtItsTime) {
    const RateFormat p = GetParam();
    const std::vector<Frame> kinds{
        from_hex("8D4840D6202CC371C32CE0576098"), from_hex("8D40621D58C382D690C8AC2863A7"),
        from_hex("903A23FF426A4E65F7487A775D17"), from_hex("8D406B902015A678D4D220AA4BDA")};
    std::vector<Frame> frames;
    std::vector<double> times;
    for (int r = 0; r < 10; ++r) {
        for (const Frame& f : kinds) {
            frames.push_back(f);
            // Starts at every phase of both the input grid and the 2.4 MS/s grid.
            times.push_back(60e-6 + static_cast<double>(frames.size()) * (150e-6 + 0.0373e-6));
        }
    }
    ModulateOptions mo;
    mo.sample_rate_hz = p.rate_hz;
    mo.format = p.format;
    mo.noise_rms = 0.03;  // pulse amplitude 0.5: 24 dB
    mo.seed = 11;
    const auto iq = modulate(frames, times, mo);
    IqOptions o;
    o.sample_rate_hz = p.rate_hz;
    o.format = p.format;
    const auto got = demodulate(iq, o);
    ASSERT_EQ(got.size(), frames.size()) << sample_format_name(p.format) << " at " << p.rate_hz;
    for (std::size_t k = 0; k < got.size(); ++k) {
        EXPECT_EQ(frame_hex(got[k]), frame_hex(frames[k])) << k;
        EXPECT_NEAR(got[k].t_s, times[k], 0.25e-6) << k;
    }
}

INSTANTIATE_TEST_SUITE_P(
    RatesAndFormats, SyntheticAtRate,
    ::testing::Values(RateFormat{2.56e6, SampleFormat::S8}, RateFormat{3.2e6, SampleFormat::U8},
                      RateFormat{3.2e6, SampleFormat::F32}, RateFormat{6e6, SampleFormat::S16},
                      RateFormat{6e6, SampleFormat::S8}, RateFormat{8e6, SampleFormat::F32},
                      RateFormat{8e6, SampleFormat::U8}, RateFormat{2.4e6, SampleFormat::S8},
                      RateFormat{2.4e6, SampleFormat::F32}, RateFormat{10e6, SampleFormat::S16}),
    // e.g. "iq_s8_at_2560kHz": readable in ctest's list and in a failure
    [](const ::testing::TestParamInfo<RateFormat>& info) {
        std::string name = std::string(sample_format_name(info.param.format)) + "_at_" +
                           std::to_string(static_cast<long>(info.param.rate_hz / 1e3)) + "kHz";
        for (char& c : name) {
            if (std::isalnum(static_cast<unsigned char>(c)) == 0) c = '_';
        }
        return name;
    });

// ---- the real recording, converted --------------------------------------------------------

TEST(RealRecording, OtherFormatsAtTheSameRateGiveTheSameFrames) {
    for (const auto f : {SampleFormat::S8, SampleFormat::S16, SampleFormat::F32}) {
        const Comparison c = compare_with_original(2.4e6, f);
        EXPECT_GE(c.reference, 345u);
        // S8 made by shifting the cu8 codes by 128 moves the zero by half a code (127.5 → 128),
        // which changes the weakest samples: 2 of 366 frames were lost that way. The wider
        // formats hold the cu8 codes exactly.
        EXPECT_LE(c.missing, f == SampleFormat::S8 ? c.reference / 100 : 0u) << sample_format_name(f);
        EXPECT_EQ(c.extra, 0u) << sample_format_name(f);
    }
}

TEST(RealRecording, TunedRatesGiveTheSameFrames) {
    for (const double rate : {3.2e6, 6e6}) {
        for (const auto f : {SampleFormat::S8, SampleFormat::F32}) {
            const Comparison c = compare_with_original(rate, f);
            EXPECT_LE(c.missing, c.reference / 100) << rate;
            EXPECT_LE(c.extra, c.reference / 100) << rate;
        }
    }
}

TEST(RealRecording, HeldOutRatesGiveTheSameFrames) {
    for (const double rate : {2.56e6, 8e6}) {
        for (const auto f : {SampleFormat::S8, SampleFormat::F32}) {
            const Comparison c = compare_with_original(rate, f);
            EXPECT_LE(c.missing, c.reference / 100) << rate;
            EXPECT_LE(c.extra, c.reference / 100) << rate;
        }
    }
}

}  // namespace reckon::adsb

namespace reckon::adsb {

// Converting 2.4 → R → 2.4 lands the output on the original sample grid, which flatters the
// resampler. Dropping the first k samples of the R MS/s recording moves the 2.4 MS/s grid by
// k·2.4/R of a sample against the signal: the frames must still be there (times shifted by k/R).
TEST(RealRecording, OffGridPhasesGiveTheSameFrames) {
    IqOptions reference_options;
    reference_options.sample_rate_hz = 2.4e6;
    DemodStats stats;
    const auto reference = demodulate_file(IQ_DIR + "modes1_resampled_2m4.bin", reference_options, stats);
    for (const double rate : {3.2e6, 8e6}) {
        const auto bytes = converted_recording(rate, SampleFormat::F32);
        for (const std::size_t k : {1u, 2u}) {
            IqOptions o;
            o.sample_rate_hz = rate;
            o.format = SampleFormat::F32;
            auto got = demodulate(std::span(bytes).subspan(k * bytes_per_sample(SampleFormat::F32)), o);
            for (Frame& f : got) {
                f.t_s += static_cast<double>(k) / rate;
            }
            const std::string what = "real recording as iq-f32 at " +
                                     std::to_string(rate / 1e6).substr(0, 4) + " MS/s, " + std::to_string(k) +
                                     " sample(s) dropped";
            // Off the grid the weakest frames are a different draw: measured 3-6 of 366 missing (most
            // a DF11 whose interrogator code reads differently) and 2-5 extra, the count within 4.
            // The bound (2%) was set after that measurement, so it guards against regressions only.
            const Comparison c = compare_frames(reference, got, what.c_str());
            EXPECT_LE(c.missing, c.reference / 50) << what;
            EXPECT_LE(c.extra, c.reference / 50) << what;
            EXPECT_GE(c.got + c.reference / 50, c.reference) << what;
        }
    }
}

}  // namespace reckon::adsb
