// Kernels of the IQ path on the real 2.4 MS/s recording iq/modes1_resampled_2m4.bin (and the
// 2.0 MS/s modes1.bin): bytes → magnitudes, magnitudes → frames, the whole demodulate(), and the
// CRC-24 residual and single-bit repair the demodulator calls per candidate. Bytes = IQ bytes.
#include <benchmark/benchmark.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "reckon/adsb/crc.hpp"
#include "reckon/adsb/demod.hpp"
#include "reckon/adsb/iq.hpp"

namespace {

using namespace reckon::adsb;

const std::vector<std::uint8_t>& recording(const char* name) {
    static std::vector<std::vector<std::uint8_t>> cache;
    static std::vector<std::string> names;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == name) {
            return cache[i];
        }
    }
    std::ifstream in(std::string(RECKON_SHARED_DIR) + "/data/adsb/iq/" + name, std::ios::binary);
    cache.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    names.emplace_back(name);
    return cache.back();
}

void BM_Magnitudes_U8(benchmark::State& state) {
    const auto& bytes = recording("modes1_resampled_2m4.bin");
    std::vector<std::uint16_t> m;
    for (auto _ : state) {
        m.clear();
        append_magnitudes(bytes, SampleFormat::U8, m);
        benchmark::DoNotOptimize(m.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_Magnitudes_U8);

void demodulator_kernel(benchmark::State& state, const char* name, double rate_hz) {
    const auto& bytes = recording(name);
    std::vector<std::uint16_t> m;
    append_magnitudes(bytes, SampleFormat::U8, m);
    std::size_t frames = 0;
    for (auto _ : state) {
        Demodulator demod(rate_hz, [&](const Frame&) { ++frames; });
        demod.feed(m);
        demod.finish();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
    state.counters["frames"] = static_cast<double>(frames) / static_cast<double>(state.iterations());
}

void BM_Demodulator_2m4(benchmark::State& state) {
    demodulator_kernel(state, "modes1_resampled_2m4.bin", 2.4e6);
}
BENCHMARK(BM_Demodulator_2m4);

void BM_Demodulator_2m0(benchmark::State& state) { demodulator_kernel(state, "modes1.bin", 2.0e6); }
BENCHMARK(BM_Demodulator_2m0);

void BM_Demodulate_Bytes_2m4(benchmark::State& state) {
    const auto& bytes = recording("modes1_resampled_2m4.bin");
    IqOptions options;
    for (auto _ : state) {
        benchmark::DoNotOptimize(demodulate(bytes, options).size());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_Demodulate_Bytes_2m4);

void BM_CrcResidual_Long(benchmark::State& state) {
    std::vector<std::uint8_t> frame{0x8D, 0x48, 0x40, 0xD6, 0x20, 0x2C, 0xC3,
                                    0x71, 0xC3, 0x2C, 0xE0, 0x57, 0x60, 0x98};
    for (auto _ : state) {
        benchmark::DoNotOptimize(crc_residual(frame));
        frame[5] ^= 1;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CrcResidual_Long);

void BM_FixSingleBit_Long(benchmark::State& state) {
    const std::vector<std::uint8_t> good{0x8D, 0x48, 0x40, 0xD6, 0x20, 0x2C, 0xC3,
                                         0x71, 0xC3, 0x2C, 0xE0, 0x57, 0x60, 0x98};
    int bit = 0;
    for (auto _ : state) {
        auto bad = good;
        bad[static_cast<std::size_t>(bit / 8)] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
        benchmark::DoNotOptimize(fix_single_bit(bad));
        bit = (bit + 1) % 112;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FixSingleBit_Long);

}  // namespace
