// Tests of IQ reading and demodulation (iq.hpp, demod.hpp) on the real recordings in
// ../shared/data/adsb/iq: frame counts against readsb / dump1090 / antirez, coverage of the frames
// dump1090-fa and antirez's dump1090 found, the CRC rule of every frame handed out, chunking
// independence, and the refusal of a file read in the wrong format.
#include "reckon/adsb/demod.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <string>

#include "expect_error.hpp"
#include "iq_recordings.hpp"
#include "reckon/adsb/crc.hpp"
#include "reckon/adsb/iq.hpp"
#include "reckon/core/error.hpp"

namespace reckon::adsb {
namespace {

using test_data::frame_hex;
using test_data::IQ_DIR;
using test_data::read_bytes;

// The distinct frames of an AVR-style raw file ("*hex;" per line).
std::set<std::string> expected_frames(const std::string& path, std::size_t* lines = nullptr) {
    std::ifstream in(path);
    std::set<std::string> out;
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line)) {
        if (line.size() > 2 && line.front() == '*' && line.back() == ';') {
            out.insert(line.substr(1, line.size() - 2));
            ++n;
        }
    }
    if (lines) {
        *lines = n;
    }
    return out;
}

IqOptions options(double rate_hz, SampleFormat format = SampleFormat::U8) {
    IqOptions o;
    o.sample_rate_hz = rate_hz;
    o.format = format;
    return o;
}

// Every frame obeys the acceptance rule: DF11/17/18 with residual 0 (or a DF11 interrogator
// code), address/parity replies only for an address a DF11/17/18 announced earlier in the file.
void expect_crc_rule(const std::vector<Frame>& frames) {
    std::set<std::uint32_t> announced;
    for (const Frame& f : frames) {
        const auto bytes = std::span<const std::uint8_t>(f.bytes.data(), f.length_bytes);
        const unsigned df = f.bytes[0] >> 3;
        const std::uint32_t residual = crc_residual(bytes);
        const std::uint32_t aa = (std::uint32_t{f.bytes[1]} << 16) | (f.bytes[2] << 8) | f.bytes[3];
        if (df == 17 || df == 18) {
            EXPECT_EQ(residual, 0u) << frame_hex(f);
            EXPECT_EQ(f.length_bytes, 14);
            if (f.corrected_bits == 0) {
                announced.insert(aa);
            }
        } else if (df == 11) {
            EXPECT_LT(residual, 0x80u) << frame_hex(f);
            EXPECT_EQ(f.length_bytes, 7);
            if (residual == 0 && f.corrected_bits == 0) {
                announced.insert(aa);
            } else if (residual != 0) {
                EXPECT_TRUE(announced.count(aa)) << frame_hex(f);
            }
        } else {
            EXPECT_TRUE(announced.count(residual)) << frame_hex(f) << " address " << std::hex << residual;
        }
        EXPECT_LE(f.corrected_bits, 1);
        ASSERT_TRUE(f.signal_dbfs.has_value());
        EXPECT_LE(*f.signal_dbfs, 3.1);
    }
}

TEST(Demod, Resampled2m4FindsAtLeastReadsbsCountAndEveryDump1090FaFrame) {
    DemodStats stats;
    const auto frames = demodulate_file(IQ_DIR + "modes1_resampled_2m4.bin", options(2.4e6), stats);
    // readsb finds 345, dump1090-fa 323, dump1090-mutability 318 (README of the data).
    EXPECT_GE(frames.size(), 345u);
    EXPECT_EQ(stats.frames, frames.size());
    std::set<std::string> got;
    for (const auto& f : frames) {
        got.insert(frame_hex(f));
    }
    std::size_t fa_lines = 0;
    const auto fa = expected_frames(IQ_DIR + "modes1_2m4.expected_dump1090-fa_raw.txt", &fa_lines);
    ASSERT_EQ(fa_lines, 323u);
    ASSERT_EQ(fa.size(), 162u);
    for (const auto& e : fa) {
        EXPECT_TRUE(got.count(e)) << "dump1090-fa's frame " << e << " not found";
    }
    const auto mutability = expected_frames(IQ_DIR + "modes1_2m4.expected_mutability_raw.txt");
    for (const auto& e : mutability) {
        EXPECT_TRUE(got.count(e)) << "dump1090-mutability's frame " << e << " not found";
    }
    expect_crc_rule(frames);
}

TEST(Demod, Modes1At2MsFindsAtLeastAntirezCountAndEveryAntirezFrame) {
    DemodStats stats;
    const auto frames = demodulate_file(IQ_DIR + "modes1.bin", options(2.0e6), stats);
    std::size_t lines = 0;
    const auto antirez = expected_frames(IQ_DIR + "modes1.expected_antirez_raw.txt", &lines);
    ASSERT_EQ(lines, 217u);
    EXPECT_GE(frames.size(), 217u);
    std::set<std::string> got;
    for (const auto& f : frames) {
        got.insert(frame_hex(f));
    }
    for (const auto& e : antirez) {
        EXPECT_TRUE(got.count(e)) << "antirez's frame " << e << " not found";
    }
    expect_crc_rule(frames);
}

TEST(Demod, TimesIncreaseAndLieInsideTheRecording) {
    const auto bytes = read_bytes(IQ_DIR + "modes1_resampled_2m4.bin");
    const auto frames = demodulate(bytes, options(2.4e6));
    ASSERT_FALSE(frames.empty());
    const double duration_s = static_cast<double>(bytes.size()) / 2.0 / 2.4e6;  // 2 bytes a sample
    double last = -1;
    for (const auto& f : frames) {
        EXPECT_GT(f.t_s, last);
        EXPECT_LT(f.t_s, duration_s);
        last = f.t_s;
    }
}

TEST(Demod, ChunkingDoesNotChangeTheFrames) {
    const auto bytes = read_bytes(IQ_DIR + "modes1_resampled_2m4.bin");
    const auto whole = demodulate(bytes, options(2.4e6));
    std::vector<std::uint16_t> magnitudes;
    append_magnitudes(bytes, SampleFormat::U8, magnitudes);
    std::vector<Frame> chunked;
    Demodulator demod(2.4e6, [&](const Frame& f) { chunked.push_back(f); });
    std::mt19937 rng(7);
    std::uniform_int_distribution<std::size_t> size(1, 5000);
    for (std::size_t at = 0; at < magnitudes.size();) {
        const std::size_t n = std::min(size(rng), magnitudes.size() - at);
        demod.feed(std::span(magnitudes).subspan(at, n));
        at += n;
    }
    demod.finish();
    ASSERT_EQ(chunked.size(), whole.size());
    for (std::size_t i = 0; i < whole.size(); ++i) {
        EXPECT_EQ(frame_hex(chunked[i]), frame_hex(whole[i]));
        EXPECT_DOUBLE_EQ(chunked[i].t_s, whole[i].t_s);
    }
}

TEST(Demod, SmallBlocksFromTheFileReaderGiveTheSameFrames) {
    const std::string path = IQ_DIR + "modes1.bin";
    DemodStats whole_stats;
    const auto whole = demodulate_file(path, options(2.0e6), whole_stats);
    std::vector<Frame> small;
    Demodulator demod(2.0e6, [&](const Frame& f) { small.push_back(f); });
    read_iq_file(
        path, options(2.0e6), [&](std::span<const std::uint16_t> m) { demod.feed(m); }, {}, 1000);
    demod.finish();
    ASSERT_EQ(small.size(), whole.size());
    for (std::size_t i = 0; i < whole.size(); ++i) {
        EXPECT_EQ(frame_hex(small[i]), frame_hex(whole[i]));
    }
}

TEST(Demod, NoiseAndSilenceGiveNoFrames) {
    std::vector<std::uint8_t> silence(200000, 128);
    EXPECT_TRUE(demodulate(silence, options(2.4e6)).empty());
    std::vector<std::uint8_t> zeros(200000, 0);
    EXPECT_TRUE(demodulate(zeros, options(2.0e6), nullptr).empty());
    std::mt19937 rng(3);
    std::normal_distribution<double> noise(127.5, 10.0);
    std::vector<std::uint8_t> noisy(2000000);
    for (auto& b : noisy) {
        b = static_cast<std::uint8_t>(std::clamp(noise(rng), 0.0, 255.0));
    }
    DemodStats stats;
    EXPECT_TRUE(demodulate(noisy, options(2.4e6), &stats).empty());
    EXPECT_EQ(stats.samples, 1000000u);
    EXPECT_TRUE(demodulate(std::span<const std::uint8_t>(), options(2.4e6)).empty());
    const std::vector<std::uint8_t> one_byte{7};
    EXPECT_TRUE(demodulate(one_byte, options(2.4e6, SampleFormat::S16)).empty());
}

TEST(Demod, UnsupportedSampleRateIsAUsageError) {
    EXPECT_THROW_HINT_HAS(Demodulator(3.2e6, [](const Frame&) {}), UsageError,
                          "works at 2.0 or 2.4 MS/s, not 3200000", "--sample-rate");
}

TEST(Iq, FormatAndRateNames) {
    EXPECT_EQ(parse_sample_format("iq-u8"), SampleFormat::U8);
    EXPECT_EQ(parse_sample_format("IQ-S16"), SampleFormat::S16);
    EXPECT_THROW_HINT_HAS(parse_sample_format("iq-f64"), UsageError, "unknown IQ sample format 'iq-f64'",
                          "iq-u8");
    EXPECT_DOUBLE_EQ(parse_sample_rate("2.4"), 2.4e6);
    EXPECT_DOUBLE_EQ(parse_sample_rate("2.0"), 2.0e6);
    EXPECT_DOUBLE_EQ(parse_sample_rate("2400000"), 2.4e6);
    EXPECT_THROW_HINT_HAS(parse_sample_rate("1.5"), UsageError, "unsupported IQ sample rate '1.5'",
                          "--sample-rate 2.4");
    EXPECT_THROW_MSG_HAS(parse_sample_rate("fast"), UsageError, "unsupported IQ sample rate 'fast'");
}

TEST(Iq, MagnitudesOfU8AndS16) {
    std::vector<std::uint16_t> m;
    const std::vector<std::uint8_t> u8{255, 128, 0, 128, 128, 128};
    append_magnitudes(u8, SampleFormat::U8, m);
    ASSERT_EQ(m.size(), 3u);
    EXPECT_NEAR(m[0], MAGNITUDE_FULL_SCALE, 200);  // I at +full scale
    EXPECT_NEAR(m[1], MAGNITUDE_FULL_SCALE, 200);  // I at −full scale
    EXPECT_LT(m[2], 200);                          // the centre
    m.clear();
    // I = 3000, Q = -4000 → 5000.
    const std::vector<std::uint8_t> s16{0xB8, 0x0B, 0x60, 0xF0, 0x01};
    append_magnitudes(s16, SampleFormat::S16, m);
    ASSERT_EQ(m.size(), 1u);  // the trailing byte is not a sample
    EXPECT_EQ(m[0], 5000);
}

std::string temp_file(const std::vector<std::uint8_t>& bytes, const std::string& name) {
    const auto path = std::filesystem::temp_directory_path() / ("reckon_adsb_b_" + name);
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),  // NOLINT(*-reinterpret-cast): bytes to a stream
              static_cast<std::streamsize>(bytes.size()));
    return path.string();
}

TEST(Iq, U8RecordingReadAsS16IsRefusedWithAHint) {
    DemodStats stats;
    try {
        demodulate_file(IQ_DIR + "modes1.bin", options(2.0e6, SampleFormat::S16), stats);
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("modes1.bin"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("does not look like signed 16-bit"), std::string::npos)
            << e.what();
        EXPECT_NE(e.hint().find("--format iq-u8"), std::string::npos);
    }
}

TEST(Iq, S16RecordingReadAsU8IsRefused) {
    // Small 16-bit values: their high bytes are 0x00 or 0xFF.
    std::vector<std::uint8_t> s16;
    std::mt19937 rng(5);
    std::normal_distribution<double> noise(0.0, 40.0);
    for (int k = 0; k < 20000; ++k) {
        const auto v = static_cast<std::uint16_t>(static_cast<std::int16_t>(noise(rng)));
        s16.push_back(static_cast<std::uint8_t>(v & 0xFF));
        s16.push_back(static_cast<std::uint8_t>(v >> 8));
    }
    const auto path = temp_file(s16, "s16_as_u8.bin");
    DemodStats stats;
    try {
        demodulate_file(path, options(2.4e6, SampleFormat::U8), stats);
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("does not look like unsigned 8-bit"), std::string::npos)
            << e.what();
        EXPECT_NE(e.hint().find("--format iq-s16"), std::string::npos);
    }
    // The same bytes as S16 are fine (noise, no frames).
    EXPECT_TRUE(demodulate_file(path, options(2.4e6, SampleFormat::S16), stats).empty());
    std::filesystem::remove(path);
}

TEST(Iq, OddByteCountIsNotS16) {
    const auto path = temp_file(std::vector<std::uint8_t>(10001, 0), "odd.bin");
    DemodStats stats;
    try {
        demodulate_file(path, options(2.4e6, SampleFormat::S16), stats);
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("odd byte count 10001"), std::string::npos) << e.what();
    }
    std::filesystem::remove(path);
}

TEST(Iq, MissingFileIsAnInputError) {
    DemodStats stats;
    EXPECT_THROW_MSG_HAS(demodulate_file(IQ_DIR + "no_such_file.bin", options(2.4e6), stats), InputError,
                         "no_such_file.bin: cannot open");
}

TEST(Iq, ProgressCanStopTheReader) {
    std::size_t blocks = 0;
    read_iq_file(
        IQ_DIR + "modes1.bin", options(2.0e6), [&](std::span<const std::uint16_t>) { ++blocks; },
        [](double, std::string_view) { return false; }, 1000);
    EXPECT_EQ(blocks, 1u);
}

}  // namespace
}  // namespace reckon::adsb
