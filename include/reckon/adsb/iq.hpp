// Raw IQ recordings as an SDR writes them (rtl_sdr, dump1090 --ifile): interleaved I/Q samples,
// unsigned 8-bit (offset 127.5) or signed 16-bit little-endian, at 2.0 or 2.4 MS/s. The reader
// turns bytes into 16-bit magnitudes block by block, so any file size needs bounded memory.
// The sample rate and format cannot be read from the file: the caller says them, and
// check_iq_plausible() refuses bytes that do not look like the format claimed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/core/progress.hpp"

namespace reckon::adsb {

enum class SampleFormat { U8, S16 };

// What an IQ recording is; only the caller knows.
struct IqOptions {
    SampleFormat format = SampleFormat::U8;
    double sample_rate_hz = 2.4e6;  // 2.0e6 or 2.4e6
    bool check_format = true;       // run check_iq_plausible() on the start of the file
};

// Magnitude of full-scale amplitude (|I + jQ| = 1.0) in the uint16 magnitudes below; a clipped
// corner sample (|I| = |Q| = 1) is sqrt(2) times this and still fits.
inline constexpr std::uint32_t MAGNITUDE_FULL_SCALE = 32768;

// Bytes per complex sample of a format: 2 (U8) or 4 (S16).
std::size_t bytes_per_sample(SampleFormat format);

// "iq-u8" / "u8" → U8, "iq-s16" / "s16" → S16; throws UsageError otherwise.
SampleFormat parse_sample_format(std::string_view name);
// "2.0", "2", "2.4", "2000000", "2.4e6" → Hz; throws UsageError for anything but 2.0 or 2.4 MS/s.
double parse_sample_rate(std::string_view text);

// Converts whole complex samples of `bytes` to magnitudes, appending to `out`. Trailing bytes that
// do not make a whole sample are ignored (the caller keeps them for the next block).
void append_magnitudes(std::span<const std::uint8_t> bytes, SampleFormat format,
                       std::vector<std::uint16_t>& out);

// Throws InputError (naming `file` and what to do) when `head`, the first bytes of a recording,
// cannot be `format`: an S16 file whose total size `file_bytes` is not a multiple of 4, or an
// amplitude distribution no receiver produces in that format (U8 bytes piled at 0 and 255 as the
// high bytes of small S16 values are; S16 values piled near ±32,640 as pairs of U8 bytes near
// 127.5 are). Heads shorter than 4096 bytes are only checked for size.
void check_iq_plausible(std::span<const std::uint8_t> head, std::uint64_t file_bytes, SampleFormat format,
                        const std::string& file);

// Reads an IQ file in blocks of about `block_samples` complex samples and hands each block's
// magnitudes to `sink` in order (consecutive blocks are contiguous in time). Throws InputError if
// the file cannot be opened or read, or fails the plausibility check when options ask for it.
// `progress` sees the fraction of bytes read; returning false stops early.
void read_iq_file(const std::string& path, const IqOptions& options,
                  const std::function<void(std::span<const std::uint16_t>)>& sink,
                  const core::ProgressFn& progress = {}, std::size_t block_samples = 1 << 16);

}  // namespace reckon::adsb
