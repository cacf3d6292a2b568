// Reading raw IQ recordings: format names, the byte → magnitude conversion (a lookup table for
// 8-bit samples, where one 16-bit load indexes all 65,536 I/Q pairs), the resampling path for
// other rates, the plausibility check that refuses a file read in the wrong format, and the block
// reader that keeps memory bounded.
#include "reckon/adsb/iq.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

#include "reckon/adsb/resample.hpp"
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
constexpr int S8_RAIL = 126;
constexpr double S8_RAIL_SHARE_MAX = 0.2;
constexpr double S8_MEAN_OFFSET_MAX = 64.0;
constexpr double S8_FULL_SCALE = 128.0;
constexpr double S16_FULL_SCALE = 32768.0;
// Float samples are full scale ±1.0; integer samples read as floats are mostly far outside it or
// denormal-small.
constexpr float F32_LARGE = 4.0f;
constexpr float F32_TINY = 1e-20f;
constexpr double F32_ODD_SHARE_MAX = 0.2;
constexpr double NATIVE_RATE_TOLERANCE_HZ = 1.0;
constexpr double MEGA = 1e6;

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

struct S8Table {
    std::array<std::uint16_t, 65536> magnitude{};
    S8Table() {
        for (unsigned q = 0; q < 256; ++q) {
            for (unsigned i = 0; i < 256; ++i) {
                const double di = static_cast<std::int8_t>(i) / S8_FULL_SCALE;
                const double dq = static_cast<std::int8_t>(q) / S8_FULL_SCALE;
                const double mag = std::sqrt(di * di + dq * dq) * MAGNITUDE_FULL_SCALE;
                magnitude[(q << 8) | i] = static_cast<std::uint16_t>(std::lround(std::min(mag, 65535.0)));
            }
        }
    }
};

const S8Table& s8_table() {
    static const S8Table table;
    return table;
}

float load_f32(const std::uint8_t* p) {
    std::uint32_t bits =
        p[0] | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[3]} << 24);
    float v = 0;
    std::memcpy(&v, &bits, sizeof v);
    return std::isfinite(v) ? v : 0.0f;
}

std::uint16_t magnitude_of(float i, float q) {
    const float m = std::sqrt(i * i + q * q) * static_cast<float>(MAGNITUDE_FULL_SCALE) + 0.5f;
    return static_cast<std::uint16_t>(std::min(m, 65535.0f));
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

struct FileCloser {
    // The deleter of a unique_ptr: the owner of the FILE is the unique_ptr, not a gsl::owner.
    void operator()(std::FILE* f) const { std::fclose(f); }  // NOLINT(cppcoreguidelines-owning-memory)
};

}  // namespace

std::size_t bytes_per_sample(SampleFormat format) {
    switch (format) {
        case SampleFormat::U8:
        case SampleFormat::S8:
            return 2;
        case SampleFormat::S16:
            return 4;
        case SampleFormat::F32:
            return 8;
    }
    return 2;
}

std::string_view sample_format_name(SampleFormat format) {
    switch (format) {
        case SampleFormat::U8:
            return "iq-u8";
        case SampleFormat::S8:
            return "iq-s8";
        case SampleFormat::S16:
            return "iq-s16";
        case SampleFormat::F32:
            return "iq-f32";
    }
    return "iq-u8";
}

std::optional<SampleFormat> find_sample_format(std::string_view name) {
    std::string n = lower(name);
    if (n.starts_with("iq-")) {
        n.erase(0, 3);
    }
    if (n == "u8" || n == "cu8" || n == "iq") {
        return SampleFormat::U8;
    }
    if (n == "s8" || n == "ci8" || n == "cs8") {
        return SampleFormat::S8;
    }
    if (n == "s16" || n == "ci16" || n == "ci16_le" || n == "cs16" || n == "sc16") {
        return SampleFormat::S16;
    }
    if (n == "f32" || n == "cf32" || n == "cf32_le" || n == "fc32") {
        return SampleFormat::F32;
    }
    return std::nullopt;
}

SampleFormat parse_sample_format(std::string_view name) {
    if (const auto f = find_sample_format(name)) {
        return *f;
    }
    throw UsageError("unknown IQ sample format '" + std::string(name) + "'",
                     "use iq-u8 (unsigned 8-bit, rtl_sdr), iq-s8 (signed 8-bit, SigMF ci8), iq-s16 (signed "
                     "16-bit little-endian) or iq-f32 (float32 little-endian, full scale 1.0)");
}

bool is_demodulator_rate(double sample_rate_hz) {
    return std::abs(sample_rate_hz - 2.0e6) < NATIVE_RATE_TOLERANCE_HZ ||
           std::abs(sample_rate_hz - 2.4e6) < NATIVE_RATE_TOLERANCE_HZ;
}

double demodulator_rate(double sample_rate_hz) {
    return is_demodulator_rate(sample_rate_hz) ? sample_rate_hz : 2.4e6;
}

double parse_sample_rate(std::string_view text) {
    double value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec == std::errc() && ptr == end && std::isfinite(value)) {
        const double hz = value < 1000 ? value * MEGA : value;  // "2.4" means MS/s, "2400000" Hz
        if (hz >= MIN_SAMPLE_RATE_HZ - NATIVE_RATE_TOLERANCE_HZ && hz <= MAX_SAMPLE_RATE_HZ) {
            return hz;
        }
    }
    throw UsageError("unsupported IQ sample rate '" + std::string(text) + "'",
                     "give the rate in MS/s from 2.0 to 64, e.g. --sample-rate 2.4 or --sample-rate 3.2 "
                     "(rates other than 2.0 and 2.4 are resampled to 2.4)");
}

void append_magnitudes(std::span<const std::uint8_t> bytes, SampleFormat format,
                       std::vector<std::uint16_t>& out) {
    const std::size_t n = bytes.size() / bytes_per_sample(format);
    const std::size_t base = out.size();
    out.resize(base + n);
    std::uint16_t* dst = out.data() + base;
    const std::uint8_t* src = bytes.data();
    if (format == SampleFormat::U8 || format == SampleFormat::S8) {
        const auto& table = format == SampleFormat::U8 ? u8_table().magnitude : s8_table().magnitude;
        for (std::size_t k = 0; k < n; ++k) {
            dst[k] = table[src[2 * k] | (src[2 * k + 1] << 8)];
        }
        return;
    }
    if (format == SampleFormat::F32) {
        for (std::size_t k = 0; k < n; ++k) {
            dst[k] = magnitude_of(load_f32(src + 8 * k), load_f32(src + 8 * k + 4));
        }
        return;
    }
    for (std::size_t k = 0; k < n; ++k) {
        const auto i = static_cast<std::int16_t>(src[4 * k] | (src[4 * k + 1] << 8));
        const auto q = static_cast<std::int16_t>(src[4 * k + 2] | (src[4 * k + 3] << 8));
        const float fi = i;
        const float fq = q;
        // Full scale is 32768 in both the input and the magnitude scale: no rescaling.
        dst[k] = static_cast<std::uint16_t>(std::lround(std::sqrt(fi * fi + fq * fq)));
    }
}

void append_samples(std::span<const std::uint8_t> bytes, SampleFormat format, std::vector<float>& out_i,
                    std::vector<float>& out_q) {
    const std::size_t n = bytes.size() / bytes_per_sample(format);
    const std::size_t base = out_i.size();
    out_i.resize(base + n);
    out_q.resize(base + n);
    float* di = out_i.data() + base;
    float* dq = out_q.data() + base;
    const std::uint8_t* src = bytes.data();
    switch (format) {
        case SampleFormat::U8:
            for (std::size_t k = 0; k < n; ++k) {
                di[k] = static_cast<float>((src[2 * k] - U8_ZERO) / U8_ZERO);
                dq[k] = static_cast<float>((src[2 * k + 1] - U8_ZERO) / U8_ZERO);
            }
            break;
        case SampleFormat::S8:
            for (std::size_t k = 0; k < n; ++k) {
                di[k] = static_cast<float>(static_cast<std::int8_t>(src[2 * k]) / S8_FULL_SCALE);
                dq[k] = static_cast<float>(static_cast<std::int8_t>(src[2 * k + 1]) / S8_FULL_SCALE);
            }
            break;
        case SampleFormat::S16:
            for (std::size_t k = 0; k < n; ++k) {
                const auto i = static_cast<std::int16_t>(src[4 * k] | (src[4 * k + 1] << 8));
                const auto q = static_cast<std::int16_t>(src[4 * k + 2] | (src[4 * k + 3] << 8));
                di[k] = static_cast<float>(i / S16_FULL_SCALE);
                dq[k] = static_cast<float>(q / S16_FULL_SCALE);
            }
            break;
        case SampleFormat::F32:
            for (std::size_t k = 0; k < n; ++k) {
                di[k] = load_f32(src + 8 * k);
                dq[k] = load_f32(src + 8 * k + 4);
            }
            break;
    }
}

struct MagnitudeStream::Impl {
    SampleFormat format = SampleFormat::U8;
    double out_rate_hz = 2.4e6;
    std::optional<Resampler> resampler;  // none at the demodulator's own rates
    std::vector<std::uint8_t> partial;   // bytes of an incomplete sample
    std::vector<float> in_i, in_q, out_i, out_q;

    void magnitudes(std::vector<std::uint16_t>& out) {
        const std::size_t base = out.size();
        out.resize(base + out_i.size());
        for (std::size_t k = 0; k < out_i.size(); ++k) {
            out[base + k] = magnitude_of(out_i[k], out_q[k]);
        }
        out_i.clear();
        out_q.clear();
    }
    void convert(std::span<const std::uint8_t> whole, std::vector<std::uint16_t>& out) {
        if (!resampler) {
            append_magnitudes(whole, format, out);
            return;
        }
        in_i.clear();
        in_q.clear();
        append_samples(whole, format, in_i, in_q);
        resampler->push(in_i, in_q, out_i, out_q);
        magnitudes(out);
    }
};

MagnitudeStream::MagnitudeStream(const IqOptions& options) : m_impl(std::make_unique<Impl>()) {
    if (!(options.sample_rate_hz >= MIN_SAMPLE_RATE_HZ - NATIVE_RATE_TOLERANCE_HZ) ||
        !(options.sample_rate_hz <= MAX_SAMPLE_RATE_HZ)) {
        throw UsageError(
            "unsupported IQ sample rate " + std::to_string(options.sample_rate_hz / MEGA) + " MS/s",
            "IQ recordings from 2.0 to 64 MS/s can be read");
    }
    m_impl->format = options.format;
    m_impl->out_rate_hz = demodulator_rate(options.sample_rate_hz);
    if (!is_demodulator_rate(options.sample_rate_hz)) {
        m_impl->resampler.emplace(options.sample_rate_hz, m_impl->out_rate_hz);
        m_impl->out_rate_hz = m_impl->resampler->output_rate_hz();
    }
}

MagnitudeStream::~MagnitudeStream() = default;

double MagnitudeStream::output_rate_hz() const { return m_impl->out_rate_hz; }

void MagnitudeStream::push(std::span<const std::uint8_t> bytes, std::vector<std::uint16_t>& out) {
    Impl& d = *m_impl;
    const std::size_t sample_bytes = bytes_per_sample(d.format);
    if (!d.partial.empty()) {
        const std::size_t need = std::min(sample_bytes - d.partial.size(), bytes.size());
        d.partial.insert(d.partial.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(need));
        bytes = bytes.subspan(need);
        if (d.partial.size() < sample_bytes) {
            return;
        }
        d.convert(d.partial, out);
        d.partial.clear();
    }
    const std::size_t whole = bytes.size() - bytes.size() % sample_bytes;
    d.convert(bytes.first(whole), out);
    d.partial.assign(bytes.begin() + static_cast<std::ptrdiff_t>(whole), bytes.end());
}

void MagnitudeStream::finish(std::vector<std::uint16_t>& out) {
    Impl& d = *m_impl;
    d.partial.clear();
    if (d.resampler) {
        d.resampler->finish(d.out_i, d.out_q);
        d.magnitudes(out);
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
    if (format == SampleFormat::S8) {
        std::size_t rails = 0;
        double sum = 0;
        for (const std::uint8_t b : head) {
            const int v = b < 128 ? int{b} : int{b} - 256;  // the two's-complement value
            rails += (v >= S8_RAIL || v <= -S8_RAIL) ? 1 : 0;
            sum += v;
        }
        const double share = static_cast<double>(rails) / static_cast<double>(head.size());
        const double mean = sum / static_cast<double>(head.size());
        if (share > S8_RAIL_SHARE_MAX || std::abs(mean) > S8_MEAN_OFFSET_MAX) {
            throw InputError(
                Location{file, {}, {}, std::uint64_t{0}},
                "does not look like signed 8-bit I/Q: " + std::to_string(static_cast<int>(share * 100)) +
                    "% of the first bytes are at ±127, and they average " +
                    std::to_string(static_cast<int>(mean)) + " instead of about 0",
                "if the recording is unsigned 8-bit (rtl_sdr), use --format iq-u8");
        }
        return;
    }
    if (format == SampleFormat::F32) {
        std::size_t odd = 0;
        std::size_t n = 0;
        for (std::size_t k = 0; k + 3 < head.size(); k += 4) {
            const std::uint32_t bits = head[k] | (std::uint32_t{head[k + 1]} << 8) |
                                       (std::uint32_t{head[k + 2]} << 16) |
                                       (std::uint32_t{head[k + 3]} << 24);
            float v = 0;
            std::memcpy(&v, &bits, sizeof v);
            const float a = std::abs(v);
            odd += (!std::isfinite(v) || a > F32_LARGE || (a > 0 && a < F32_TINY)) ? 1 : 0;
            ++n;
        }
        const double share = static_cast<double>(odd) / static_cast<double>(n);
        if (share > F32_ODD_SHARE_MAX) {
            throw InputError(Location{file, {}, {}, std::uint64_t{0}},
                             "does not look like float32 I/Q at full scale 1.0: " +
                                 std::to_string(static_cast<int>(share * 100)) +
                                 "% of the first values are not finite, beyond ±4 or below 1e-20",
                             "check the format (--format iq-u8, iq-s8, iq-s16 or iq-f32); float samples must "
                             "be scaled to ±1.0");
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
    MagnitudeStream stream(options);
    std::uint64_t offset = 0;
    bool first = true;
    while (true) {
        const std::size_t got = std::fread(bytes.data(), 1, block_bytes, file.get());
        if (got == 0) {
            if (std::ferror(file.get())) {
                throw InputError(Location{path, {}, {}, offset}, "read error", "check the file or the disk");
            }
            break;
        }
        if (first) {
            if (options.check_format) {
                check_iq_plausible(std::span(bytes.data(), got), file_bytes, options.format, path);
            }
            first = false;
        }
        magnitudes.clear();
        stream.push(std::span(bytes.data(), got), magnitudes);
        sink(magnitudes);
        offset += got;
        if (file_bytes > 0 &&
            !core::report_progress(progress, static_cast<double>(offset) / static_cast<double>(file_bytes),
                                   "demodulating")) {
            return;
        }
    }
    magnitudes.clear();
    stream.finish(magnitudes);
    if (!magnitudes.empty()) {
        sink(magnitudes);
    }
}

}  // namespace reckon::adsb
