// One input of `reckon adsb`, from bytes to Frames and Messages: the feed formats through
// their parsers, gzip files inflated as they are read, raw IQ recordings through the demodulator. The
// commands share this so that every input form works the same way in decode and flights.
#include "reckon/adsb/input.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <memory>
#include <vector>

#include "reckon/adsb/text_file.hpp"
#include "reckon/core/error.hpp"

namespace reckon::adsb {

namespace {

constexpr std::size_t READ_CHUNK = 1 << 20;
constexpr std::size_t DETECT_BYTES = 4096;
// Enough of a recording to tell its form: about 0.8 s of U8 at 2.4 MS/s, or 0.4 s of S16.
constexpr std::size_t IQ_PROBE_BYTES = 4u << 20;
// Fewer frames than this from the probe and the reading is not trusted.
constexpr std::uint64_t IQ_MIN_FRAMES = 2;

const char* const FORMAT_HINT =
    "give it with --format avr|beast|sbs|opensky|tshex, or --format iq-u8|iq-s16 with --sample-rate 2.0|2.4 "
    "for a raw recording";

bool is_stream(const std::string& input) { return input == "-" || input.starts_with("tcp://"); }

std::uint64_t file_size(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

std::string read_head(const std::string& path, std::size_t bytes) {
    std::string head(bytes, '\0');
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    return head;
}

std::span<const std::uint8_t> bytes_of(std::string_view s) {
    // The parsers take bytes; char and std::uint8_t are both one byte with no trap values.
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};  // NOLINT(*-reinterpret-cast)
}

std::string iq_name(const IqOptions& o) {
    return fmt::format("{} at {:.1f} MS/s", o.format == SampleFormat::U8 ? "iq-u8" : "iq-s16",
                       o.sample_rate_hz / 1e6);
}

ReadReport read_iq(const std::string& input, const IqOptions& iq, const ReadOptions& options,
                   RecordSink& sink) {
    ReadReport report;
    report.format = iq_name(iq);
    DemodStats stats;
    core::ProgressFn progress = [&](double f, std::string_view stage) {
        if (options.stop && options.stop()) return false;
        return !options.progress || options.progress(f, stage);
    };
    demodulate_file(
        input, iq, stats, [&](const Frame& f) { sink.frame(f); }, progress);
    report.demod = stats;
    return report;
}

}  // namespace

ReadFormat parse_read_format(std::string_view name) {
    if (name.empty() || name == "auto") return {};
    if (name == "iq-u8") return {.feed = std::nullopt, .iq = SampleFormat::U8};
    if (name == "iq-s16") return {.feed = std::nullopt, .iq = SampleFormat::S16};
    if (auto f = parse_input_format(name)) return {.feed = f, .iq = std::nullopt};
    throw UsageError(fmt::format("unknown --format '{}'", name),
                     "use auto, avr, beast, sbs, opensky, tshex, iq-u8 or iq-s16");
}

std::string ReadReport::summary() const {
    std::string s;
    if (demod) {
        auto line = [&s](std::uint64_t n, std::string_view what) {
            if (n) fmt::format_to(std::back_inserter(s), "  {} {}\n", n, what);
        };
        line(demod->samples, "samples demodulated");
        line(demod->frames, "frames whose CRC holds");
        line(demod->corrected, "of them with one bit repaired");
        line(demod->address_parity, "of them address/parity replies of announced aircraft");
        line(demod->unknown_address, "address/parity replies of aircraft not announced: skipped");
        line(demod->bad_crc, "candidate frames whose CRC fails: skipped");
    } else {
        s = counters.summary();
    }
    if (!end_reason.empty()) s += "  the feed ended: " + end_reason + "\n";
    return s;
}

std::optional<IqOptions> detect_iq(const std::string& path, std::optional<SampleFormat> format,
                                   std::optional<double> sample_rate_hz) {
    const std::string head = read_head(path, IQ_PROBE_BYTES);
    const std::uint64_t total = file_size(path);
    std::optional<IqOptions> best;
    std::uint64_t best_frames = IQ_MIN_FRAMES - 1;
    for (const SampleFormat f : {SampleFormat::U8, SampleFormat::S16}) {
        if (format && *format != f) continue;
        for (const double rate : {2.4e6, 2.0e6}) {
            if (sample_rate_hz && *sample_rate_hz != rate) continue;
            try {
                check_iq_plausible(bytes_of(head), total, f, path);
            } catch (const InputError&) {
                continue;  // cannot be this format
            }
            IqOptions o{.format = f, .sample_rate_hz = rate, .check_format = false};
            DemodStats stats;
            demodulate(bytes_of(head), o, &stats);
            // Frames with a clean CRC are near-impossible by chance: the reading with the most wins.
            const std::uint64_t clean = stats.frames - stats.corrected;
            if (clean > best_frames) {
                best_frames = clean;
                o.check_format = true;
                best = o;
            }
        }
    }
    return best;
}

ReadReport read_input(const std::string& input, const ReadOptions& options, RecordSink& sink) {
    const ReadFormat& want = options.format;
    if (want.iq) {
        if (is_stream(input))
            throw InputError({input}, "raw IQ is read from files only", "record the samples to a file first");
        IqOptions iq{
            .format = *want.iq, .sample_rate_hz = options.sample_rate_hz.value_or(0), .check_format = true};
        if (!options.sample_rate_hz) {
            auto found = detect_iq(input, want.iq);
            if (!found)
                throw InputError({input}, "no sample rate gives Mode S frames in the start of this recording",
                                 "give --sample-rate 2.0 or 2.4, and check --format (iq-u8 or iq-s16)");
            iq = *found;
        }
        return read_iq(input, iq, options, sink);
    }

    ReadReport report;
    bool gzip = false;
    if (!is_stream(input)) {
        const std::string head = read_head(input, DETECT_BYTES);
        gzip = is_gzip(head);
        if (!gzip && !want.feed && !head.empty() && !detect_format(bytes_of(head))) {
            // Not a feed format: perhaps a raw recording.
            if (auto iq = detect_iq(input, std::nullopt, options.sample_rate_hz))
                return read_iq(input, *iq, options, sink);
        }
    }

    std::unique_ptr<ByteSource> source = open_source(input, options.stall_timeout_s);
    // A gzip capture is inflated as it is read, a chunk at a time (never whole: a small file
    // can inflate to many GB), so --limit stops the inflating too.
    const GzipSource* inflating = nullptr;
    if (gzip) {
        auto g = std::make_unique<GzipSource>(std::move(source));
        inflating = g.get();
        source = std::move(g);
    }
    const std::uint64_t total = is_stream(input) ? 0 : file_size(input);
    std::vector<std::uint8_t> buf(READ_CHUNK);
    // Read enough to recognise the format (a feed may deliver it in small pieces).
    std::size_t have = 0;
    while (have < DETECT_BYTES) {
        const std::size_t n = source->read({buf.data() + have, buf.size() - have});
        if (n == 0) break;
        have += n;
    }
    auto format = want.feed ? want.feed : detect_format({buf.data(), std::min(have, DETECT_BYTES)});
    if (!format) {
        if (have == 0) {
            report.format = "empty";
            report.empty = true;
            return report;
        }
        throw InputError(
            {input},
            gzip ? "cannot tell the format of this compressed input" : "cannot tell the format of this input",
            FORMAT_HINT);
    }
    auto parser = make_parser(*format);
    std::uint64_t done = 0;
    for (std::size_t n = have; n > 0; n = source->read(buf)) {
        parser->feed({buf.data(), n}, sink);
        done = inflating ? inflating->compressed_bytes() : done + n;
        if (options.stop && options.stop()) break;
        if (total && options.progress &&
            !options.progress(static_cast<double>(done) / static_cast<double>(total), input))
            break;
    }
    parser->finish(sink);
    report.format = std::string(to_string(*format)) + (gzip ? " (gzip)" : "");
    report.counters = parser->counters();
    report.end_reason = source->end_reason();
    return report;
}

}  // namespace reckon::adsb
