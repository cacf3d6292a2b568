// Reading raw IQ recordings: format names, the byte → magnitude conversion (a lookup table for
// 8-bit samples, where one 16-bit load indexes all 65,536 I/Q pairs), the plausibility check that
// refuses a file read in the wrong format, and the block reader that keeps memory bounded.
#include "reckon/adsb/iq.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

#include "reckon/core/error.hpp"

namespace reckon::adsb {
namespace {

constexpr double U8_ZERO = 127.5;  // rtl_sdr's unsigned 8-bit samples are centred on 127.5
constexpr std::size_t PLAUSIBILITY_MIN_BYTES = 4096;
// A receiver's 8-bit samples pile up at the rails only when clipping; the high bytes of small
// 16-bit samples are 0x00 or 0xFF half the time.
constexpr double U8_RAIL_SHARE_MAX = 0.2;
constexpr double U8_MEAN_OFFSET_MAX = 64.0;
constexpr int S16_RAIL = 29491;  // 90% of full scale
constexpr double S16_RAIL_SHARE_MAX = 0.2;

struct U8Table {
    std::array<std::uint16_t, 65536> magnitude{};
    U8Table() {
        for (unsigned q = 0; q < 256; ++q) {
            for (unsigned i = 0; i < 256; ++i) {
                const double di = (i - U8_ZERO) / U8_ZERO;
                const double dq = (q - U8_ZERO) / U8_ZERO;
                const double mag = std::sqrt(di * di + dq * dq) * MAGNITUDE_FULL_SCALE;
                // Index = the little-endian 16-bit load of the pair: I is the low byte.
                magnitude[(q << 8) | i] = static_cast<std::uint16_t>(std::lround(std::min(mag, 65535.0)));
            }
        }
    }
};

const U8Table& u8_table() {
    static const U8Table table;
    return table;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

std::size_t bytes_per_sample(SampleFormat format) { return format == SampleFormat::U8 ? 2 : 4; }

SampleFormat parse_sample_format(std::string_view name) {
    const std::string n = lower(name);
    if (n == "iq-u8" || n == "u8" || n == "iq" || n == "cu8") {
        return SampleFormat::U8;
    }
    if (n == "iq-s16" || n == "s16" || n == "cs16") {
        return SampleFormat::S16;
    }
    throw UsageError("unknown IQ sample format '" + std::string(name) + "'",
                     "use iq-u8 (unsigned 8-bit, rtl_sdr) or iq-s16 (signed 16-bit little-endian)");
}

double parse_sample_rate(std::string_view text) {
    double value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec == std::errc() && ptr == end) {
        const double hz = value < 1000 ? value * 1e6 : value;  // "2.4" means MS/s, "2400000" Hz
        if (std::abs(hz - 2.0e6) < 1.0 || std::abs(hz - 2.4e6) < 1.0) {
            return hz;
        }
    }
    throw UsageError("unsupported IQ sample rate '" + std::string(text) + "'",
                     "the demodulator works at 2.0 or 2.4 MS/s: --sample-rate 2.0 or --sample-rate 2.4");
}

void append_magnitudes(std::span<const std::uint8_t> bytes, SampleFormat format,
                       std::vector<std::uint16_t>& out) {
    const std::size_t n = bytes.size() / bytes_per_sample(format);
    const std::size_t base = out.size();
    out.resize(base + n);
    std::uint16_t* dst = out.data() + base;
    const std::uint8_t* src = bytes.data();
    if (format == SampleFormat::U8) {
        const auto& table = u8_table().magnitude;
        for (std::size_t k = 0; k < n; ++k) {
            dst[k] = table[src[2 * k] | (src[2 * k + 1] << 8)];
        }
        return;
    }
    for (std::size_t k = 0; k < n; ++k) {
        const auto i = static_cast<std::int16_t>(src[4 * k] | (src[4 * k + 1] << 8));
        const auto q = static_cast<std::int16_t>(src[4 * k + 2] | (src[4 * k + 3] << 8));
        const float fi = i;
        const float fq = q;
        // Full scale is 32768 in both the input and the magnitude scale: no rescaling.
        dst[k] = static_cast<std::uint16_t>(std::sqrt(fi * fi + fq * fq) + 0.5f);
    }
}

void check_iq_plausible(std::span<const std::uint8_t> head, std::uint64_t file_bytes, SampleFormat format,
                        const std::string& file) {
    if (format == SampleFormat::S16 && file_bytes % 2 != 0) {
        throw InputError(
            Location{file, {}, {}, file_bytes},
            "odd byte count " + std::to_string(file_bytes) + " cannot be signed 16-bit I/Q samples",
            "if the recording is unsigned 8-bit (rtl_sdr), use --format iq-u8");
    }
    if (head.size() < PLAUSIBILITY_MIN_BYTES) {
        return;
    }
    if (format == SampleFormat::U8) {
        std::size_t rails = 0;
        double sum = 0;
        for (const std::uint8_t b : head) {
            rails += (b <= 2 || b >= 253) ? 1 : 0;
            sum += b;
        }
        const double share = static_cast<double>(rails) / static_cast<double>(head.size());
        const double mean = sum / static_cast<double>(head.size());
        if (share > U8_RAIL_SHARE_MAX) {
            throw InputError(
                Location{file, {}, {}, std::uint64_t{0}},
                "does not look like unsigned 8-bit I/Q: " + std::to_string(static_cast<int>(share * 100)) +
                    "% of the first bytes are at 0 or 255",
                "if the recording is signed 16-bit, use --format iq-s16");
        }
        if (std::abs(mean - U8_ZERO) > U8_MEAN_OFFSET_MAX) {
            throw InputError(Location{file, {}, {}, std::uint64_t{0}},
                             "does not look like unsigned 8-bit I/Q: the samples average " +
                                 std::to_string(static_cast<int>(mean)) + " instead of about 127.5",
                             "check the format (--format iq-u8 or iq-s16) and that this is an IQ recording");
        }
        return;
    }
    // S16: pairs of 8-bit samples near 127.5 read as 16-bit values pile up near ±32,640 (high
    // byte 0x7F or 0x80); a 16-bit receiver clips that rarely.
    std::size_t rails = 0;
    std::size_t n = 0;
    for (std::size_t k = 0; k + 1 < head.size(); k += 2) {
        const int v = static_cast<std::int16_t>(head[k] | (head[k + 1] << 8));
        rails += (v >= S16_RAIL || v <= -S16_RAIL) ? 1 : 0;
        ++n;
    }
    const double share = static_cast<double>(rails) / static_cast<double>(n);
    if (share > S16_RAIL_SHARE_MAX) {
        throw InputError(
            Location{file, {}, {}, std::uint64_t{0}},
            "does not look like signed 16-bit I/Q: " + std::to_string(static_cast<int>(share * 100)) +
                "% of the first samples are within 10% of full scale",
            "if the recording is unsigned 8-bit (rtl_sdr), use --format iq-u8");
    }
}

void read_iq_file(const std::string& path, const IqOptions& options,
                  const std::function<void(std::span<const std::uint16_t>)>& sink,
                  const core::ProgressFn& progress, std::size_t block_samples) {
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file) {
        throw InputError(Location{path}, std::string("cannot open: ") + std::strerror(errno),
                         "check the path and that the file is readable");
    }
    std::uint64_t file_bytes = 0;
    if (std::fseek(file.get(), 0, SEEK_END) == 0) {
        const long size = std::ftell(file.get());
        file_bytes = size > 0 ? static_cast<std::uint64_t>(size) : 0;
        std::fseek(file.get(), 0, SEEK_SET);
    }
    const std::size_t sample_bytes = bytes_per_sample(options.format);
    const std::size_t block_bytes = std::max<std::size_t>(block_samples, 1) * sample_bytes;
    std::vector<std::uint8_t> bytes(block_bytes);
    std::vector<std::uint16_t> magnitudes;
    magnitudes.reserve(block_samples);
    std::size_t carried = 0;  // bytes of an incomplete sample kept from the previous read
    std::uint64_t offset = 0;
    bool first = true;
    while (true) {
        const std::size_t got = std::fread(bytes.data() + carried, 1, block_bytes - carried, file.get());
        if (got == 0) {
            if (std::ferror(file.get())) {
                throw InputError(Location{path, {}, {}, offset}, "read error", "check the file or the disk");
            }
            break;
        }
        const std::size_t have = carried + got;
        if (first) {
            if (options.check_format) {
                check_iq_plausible(std::span(bytes.data(), have), file_bytes, options.format, path);
            }
            first = false;
        }
        const std::size_t whole = have - have % sample_bytes;
        magnitudes.clear();
        append_magnitudes(std::span(bytes.data(), whole), options.format, magnitudes);
        sink(magnitudes);
        carried = have - whole;
        std::memmove(bytes.data(), bytes.data() + whole, carried);
        offset += got;
        if (file_bytes > 0 &&
            !core::report_progress(progress, static_cast<double>(offset) / static_cast<double>(file_bytes),
                                   "demodulating")) {
            break;
        }
    }
}

}  // namespace reckon::adsb
