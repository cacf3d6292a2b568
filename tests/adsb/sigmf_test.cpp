// SigMF metadata (sigmf.hpp) and its use by the input layer (input.hpp): the keys reckon reads,
// each malformed key an error naming the file and the key, the data file found from the metadata
// and the other way round, and a recording read with the format, rate and start time the
// metadata gives (so its frames are dated, never 1970).
#include "reckon/adsb/sigmf.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "expect_error.hpp"
#include "reckon/adsb/input.hpp"
#include "reckon/adsb/modulate.hpp"
#include "reckon/core/error.hpp"

namespace reckon::adsb {
namespace {

const std::string META = "rec.sigmf-meta";

SigmfMeta parse(const std::string& text) { return parse_sigmf_meta(text, META); }

class SigmfFiles : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = std::filesystem::temp_directory_path() /
                ("reckon_sigmf_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(m_dir);
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }
    std::string path(const std::string& name) const { return (m_dir / name).string(); }
    void write(const std::string& name, const std::string& text) const {
        std::ofstream out(path(name), std::ios::binary);
        out << text;
    }
    void write(const std::string& name, const std::vector<std::uint8_t>& bytes) const {
        std::ofstream out(path(name), std::ios::binary);
        out.write(
            reinterpret_cast<const char*>(bytes.data()),  // NOLINT(*-reinterpret-cast): bytes to a stream
            static_cast<std::streamsize>(bytes.size()));
    }
    std::filesystem::path m_dir;
};

struct Collect : RecordSink {
    std::vector<Frame> frames;
    void frame(const Frame& f) override { frames.push_back(f); }
    void message(Message& /*m*/) override {}
};

// A 6 MS/s cf32 recording of a few DF17 frames.
std::vector<std::uint8_t> recording(SampleFormat format, double rate_hz) {
    std::vector<Frame> frames;
    std::vector<double> times;
    for (int k = 0; k < 8; ++k) {
        Frame f;
        const std::string text = "8D4840D6202CC371C32CE0576098";
        f.length_bytes = 14;
        for (std::size_t i = 0; i < 14; ++i) {
            f.bytes[i] = static_cast<std::uint8_t>(std::stoul(text.substr(2 * i, 2), nullptr, 16));
        }
        frames.push_back(f);
        times.push_back(100e-6 + k * 250e-6);
    }
    ModulateOptions o;
    o.format = format;
    o.sample_rate_hz = rate_hz;
    o.noise_rms = 0.02;
    return modulate(frames, times, o);
}

}  // namespace

TEST(Sigmf, ReadsTheKeysReckonUses) {
    const auto m =
        parse(R"({"global":{"core:datatype":"cf32_le","core:sample_rate":6000000,"core:version":"1.0.0",
        "core:num_channels":1},"captures":[{"core:sample_start":0,"core:datetime":"2024-07-11T06:40:00.250Z"}],
        "annotations":[]})");
    EXPECT_EQ(m.datatype, "cf32_le");
    EXPECT_DOUBLE_EQ(*m.sample_rate_hz, 6e6);
    EXPECT_DOUBLE_EQ(*m.start_s, 1720680000.25);
    EXPECT_EQ(sigmf_sample_format(m), SampleFormat::F32);
    // Rate and captures are optional.
    const auto bare = parse(R"({"global":{"core:datatype":"ci8"}})");
    EXPECT_FALSE(bare.sample_rate_hz);
    EXPECT_FALSE(bare.start_s);
    EXPECT_EQ(sigmf_sample_format(bare), SampleFormat::S8);
    EXPECT_EQ(sigmf_sample_format(parse(R"({"global":{"core:datatype":"cu8"}})")), SampleFormat::U8);
    EXPECT_EQ(sigmf_sample_format(parse(R"({"global":{"core:datatype":"ci16_le"}})")), SampleFormat::S16);
}

TEST(Sigmf, EachMalformedKeyIsNamed) {
    EXPECT_THROW_MSG_HAS(parse("{\"global\": {"), InputError, "not JSON");
    EXPECT_THROW_MSG_HAS(parse("[1,2]"), InputError, "must be a JSON object");
    EXPECT_THROW_MSG_HAS(parse(R"({"captures":[]})"), InputError, "SigMF key global is missing");
    EXPECT_THROW_MSG_HAS(parse(R"({"global":{}})"), InputError, "global.core:datatype is missing");
    EXPECT_THROW_MSG_HAS(parse(R"({"global":{"core:datatype":8}})"), InputError,
                         "global.core:datatype must be a string");
    EXPECT_THROW_MSG_HAS(parse(R"({"global":{"core:datatype":"cu8","core:sample_rate":"fast"}})"), InputError,
                         "global.core:sample_rate must be a positive number");
    EXPECT_THROW_MSG_HAS(parse(R"({"global":{"core:datatype":"cu8","core:sample_rate":-2}})"), InputError,
                         "global.core:sample_rate");
    EXPECT_THROW_MSG_HAS(parse(R"({"global":{"core:datatype":"cu8","core:num_channels":2}})"), InputError,
                         "global.core:num_channels");
    EXPECT_THROW_MSG_HAS(parse(R"({"global":{"core:datatype":"cu8"},"captures":{}})"), InputError,
                         "captures must be an array");
    EXPECT_THROW_MSG_HAS(parse(R"({"global":{"core:datatype":"cu8"},"captures":[7]})"), InputError,
                         "captures[0] must be an object");
    EXPECT_THROW_MSG_HAS(
        parse(R"({"global":{"core:datatype":"cu8"},"captures":[{"core:datetime":"yesterday"}]})"), InputError,
        "captures[0].core:datetime must be an ISO 8601");
    // A 1970 start would date every frame in 1970: refused.
    EXPECT_THROW_MSG_HAS(
        parse(R"({"global":{"core:datatype":"cu8"},"captures":[{"core:datetime":"1970-01-01T00:00:36Z"}]})"),
        InputError, "after 1973");
    // The file is named in every error.
    try {
        parse(R"({"global":{}})");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(META), std::string::npos) << e.what();
    }
}

TEST(Sigmf, UnknownDatatypesSayWhy) {
    EXPECT_THROW_HINT_HAS(sigmf_sample_format(parse(R"({"global":{"core:datatype":"rf32_le"}})")), InputError,
                          "is real-valued", "cu8, ci8, ci16_le and cf32_le");
    EXPECT_THROW_MSG_HAS(sigmf_sample_format(parse(R"({"global":{"core:datatype":"ci16_be"}})")), InputError,
                         "big-endian");
    EXPECT_THROW_MSG_HAS(sigmf_sample_format(parse(R"({"global":{"core:datatype":"cf64_le"}})")), InputError,
                         "global.core:datatype \"cf64_le\" is not a sample type reckon reads");
}

TEST_F(SigmfFiles, DataFindsMetaAndMetaFindsData) {
    write("a.sigmf-data", std::string("x"));
    write("a.sigmf-meta", std::string(R"({"global":{"core:datatype":"cu8"}})"));
    EXPECT_EQ(sigmf_meta_path(path("a.sigmf-data")), path("a.sigmf-meta"));
    EXPECT_EQ(sigmf_data_path(path("a.sigmf-meta")), path("a.sigmf-data"));
    EXPECT_FALSE(sigmf_meta_path(path("b.bin")));
    write("b.sigmf-meta", std::string(R"({"global":{"core:datatype":"cu8"}})"));
    EXPECT_THROW_HINT_HAS(sigmf_data_path(path("b.sigmf-meta")), InputError, "without its samples",
                          "give the .sigmf-data file");
}

TEST_F(SigmfFiles, RecordingReadWithTheMetadatasFormatRateAndStart) {
    write("cap.sigmf-data", recording(SampleFormat::F32, 6e6));
    write("cap.sigmf-meta", std::string(R"({"global":{"core:datatype":"cf32_le","core:sample_rate":6e6},
        "captures":[{"core:sample_start":0,"core:datetime":"2024-07-11T06:40:00Z"}]})"));
    for (const std::string given : {"cap.sigmf-data", "cap.sigmf-meta"}) {
        Collect sink;
        ReadOptions o;
        const auto report = read_input(path(given), o, sink);
        EXPECT_NE(report.format.find("iq-f32 at 6.0 MS/s, resampled to 2.4"), std::string::npos)
            << report.format;
        EXPECT_NE(report.format.find("SigMF"), std::string::npos) << report.format;
        EXPECT_NE(report.clock.find("SigMF"), std::string::npos) << report.clock;
        ASSERT_EQ(sink.frames.size(), 8u) << given;
        EXPECT_NEAR(sink.frames[0].t_s, 1720680000.0 + 100e-6, 1e-6);
        EXPECT_NEAR(sink.frames[7].t_s, 1720680000.0 + 100e-6 + 7 * 250e-6, 1e-6);
    }
    // --format and --sample-rate override the metadata.
    write("cap2.sigmf-data", recording(SampleFormat::S8, 3.2e6));
    write("cap2.sigmf-meta", std::string(R"({"global":{"core:datatype":"cu8","core:sample_rate":2400000}})"));
    Collect sink;
    ReadOptions o;
    o.format = parse_read_format("iq-s8");
    o.sample_rate_hz = 3.2e6;
    o.start_time_s = 1.7e9;
    read_input(path("cap2.sigmf-data"), o, sink);
    EXPECT_EQ(sink.frames.size(), 8u);
}

TEST_F(SigmfFiles, BadMetadataBesideARecordingIsAnError) {
    write("c.sigmf-data", recording(SampleFormat::U8, 2.4e6));
    write("c.sigmf-meta", std::string(R"({"global":{"core:datatype":"cu16_le"}})"));
    Collect sink;
    EXPECT_THROW_MSG_HAS(read_input(path("c.sigmf-data"), ReadOptions{}, sink), InputError,
                         "global.core:datatype \"cu16_le\"");
    write("c.sigmf-meta", std::string(R"({"global":{"core:datatype":"cu8","core:sample_rate":1000000}})"));
    EXPECT_THROW_MSG_HAS(read_input(path("c.sigmf-data"), ReadOptions{}, sink), InputError,
                         "global.core:sample_rate 1e+06 is outside");
}

}  // namespace reckon::adsb
