// Raw IQ recordings as an SDR writes them (rtl_sdr, dump1090 --ifile, SigMF, GNU Radio):
// interleaved I/Q samples, unsigned 8-bit (offset 127.5), signed 8-bit, signed 16-bit
// little-endian or float32 little-endian (full scale ±1.0), at any rate from 2.0 MS/s up. The
// reader turns bytes into 16-bit magnitudes block by block, so any file size needs bounded
// memory; recordings at rates other than the demodulator's 2.0 and 2.4 MS/s are resampled to
// 2.4 MS/s on the way (resample.hpp). The sample rate and format cannot be read from the samples:
// the caller (or SigMF metadata, sigmf.hpp) says them, and check_iq_plausible() refuses bytes
// that do not look like the format claimed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/core/progress.hpp"

namespace reckon::adsb {

// U8 = SigMF cu8, S16 = ci16_le, S8 = ci8, F32 = cf32_le.
// The constants keep the sample types' own names (U8, S16, ...), spelt so in every test, bench and
// fuzz target that uses them, hence the NOLINT of the lower_case rule.
enum class SampleFormat : std::uint8_t { U8, S16, S8, F32 };  // NOLINT(readability-identifier-naming)

// What an IQ recording is; only the caller knows.
struct IqOptions {
    SampleFormat format = SampleFormat::U8;
    double sample_rate_hz = 2.4e6;  // 2.0e6 or 2.4e6 natively; other rates are resampled
    bool check_format = true;       // run check_iq_plausible() on the start of the file
};

// The rates an IQ recording may have: below 2 MS/s the 0.5 µs chips of Mode S are not resolved;
// above 64 MS/s no receiver of this band records.
inline constexpr double MIN_SAMPLE_RATE_HZ = 2.0e6;
inline constexpr double MAX_SAMPLE_RATE_HZ = 64e6;

// True for the rates the demodulator works at directly (2.0 and 2.4 MS/s).
bool is_demodulator_rate(double sample_rate_hz);
// The rate a recording of `sample_rate_hz` is demodulated at: itself if native, else 2.4 MS/s.
double demodulator_rate(double sample_rate_hz);

// Magnitude of full-scale amplitude (|I + jQ| = 1.0) in the uint16 magnitudes below; a clipped
// corner sample (|I| = |Q| = 1) is sqrt(2) times this and still fits.
inline constexpr std::uint32_t MAGNITUDE_FULL_SCALE = 32768;

// Bytes per complex sample of a format: 2 (U8, S8), 4 (S16) or 8 (F32).
std::size_t bytes_per_sample(SampleFormat format);

// The --format name: "iq-u8", "iq-s8", "iq-s16", "iq-f32".
std::string_view sample_format_name(SampleFormat format);
// A --format name or its SigMF / SDR alias, any case: iq-u8|cu8|u8, iq-s8|ci8|cs8|s8,
// iq-s16|ci16|ci16_le|cs16|sc16|s16, iq-f32|cf32|cf32_le|fc32|f32 (and iq-cu8, iq-ci8, ...);
// nullopt otherwise.
std::optional<SampleFormat> find_sample_format(std::string_view name);
// The same, throwing UsageError naming the choices.
SampleFormat parse_sample_format(std::string_view name);
// "2.4", "3.2", "2400000", "2.4e6" → Hz (below 1000 means MS/s); throws UsageError for text that
// is not a number or a rate outside 2.0 .. 64 MS/s.
double parse_sample_rate(std::string_view text);

// Converts whole complex samples of `bytes` to magnitudes, appending to `out`. Trailing bytes that
// do not make a whole sample are ignored (the caller keeps them for the next block). Float
// samples that are not finite count as 0.
void append_magnitudes(std::span<const std::uint8_t> bytes, SampleFormat format,
                       std::vector<std::uint16_t>& out);

// Converts whole complex samples of `bytes` to I and Q at full scale ±1.0, appending.
void append_samples(std::span<const std::uint8_t> bytes, SampleFormat format, std::vector<float>& out_i,
                    std::vector<float>& out_q);

// Bytes of a recording in `options`' format and rate → magnitudes at demodulator_rate(): the
// lookup path at 2.0/2.4 MS/s, a resampler in between at other rates. push() takes any number of
// bytes (an incomplete sample is kept for the next call); finish() flushes the resampler.
class MagnitudeStream {
public:
    explicit MagnitudeStream(const IqOptions& options);
    ~MagnitudeStream();
    MagnitudeStream(const MagnitudeStream&) = delete;
    MagnitudeStream& operator=(const MagnitudeStream&) = delete;

    void push(std::span<const std::uint8_t> bytes, std::vector<std::uint16_t>& out);
    void finish(std::vector<std::uint16_t>& out);
    double output_rate_hz() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Throws InputError (naming `file` and what to do) when `head`, the first bytes of a recording,
// cannot be `format`: an S16 file whose total size `file_bytes` is not a multiple of 4, or an
// amplitude distribution no receiver produces in that format (U8 bytes piled at 0 and 255 as the
// high bytes of small S16 values are; S16 values piled near ±32,640 as pairs of U8 bytes near
// 127.5 are; S8 values piled at ±127 as U8 bytes near 127.5 are; F32 values that are not finite,
// beyond ±4 or below 1e-20 as the bit patterns of integer samples are). Heads shorter than 4096
// bytes are only checked for size.
void check_iq_plausible(std::span<const std::uint8_t> head, std::uint64_t file_bytes, SampleFormat format,
                        const std::string& file);

// Reads an IQ file in blocks of about `block_samples` complex samples and hands each block's
// magnitudes, at demodulator_rate(options.sample_rate_hz), to `sink` in order (consecutive blocks are
// contiguous in time). Throws InputError if the file cannot be opened or read, or fails the plausibility
// check when options ask for it. `progress` sees the fraction of bytes read; returning false stops early.
void read_iq_file(const std::string& path, const IqOptions& options,
                  const std::function<void(std::span<const std::uint16_t>)>& sink,
                  const core::ProgressFn& progress = {}, std::size_t block_samples = 1 << 16);

}  // namespace reckon::adsb
