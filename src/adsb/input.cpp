// One input of `reckon adsb`, from bytes to Frames and Messages: the feed and archive formats
// through their parsers, gzip inflated as it is read, tar archives walked member by member,
// folders file by file, raw IQ recordings through the demodulator, and every undated time
// given a date (ClockSink). The commands share this so that every input form works the same
// way in decode and flights.
#include "reckon/adsb/input.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <vector>

#include "reckon/adsb/sigmf.hpp"
#include "reckon/adsb/text_file.hpp"
#include "reckon/core/error.hpp"

namespace reckon::adsb {

namespace {

constexpr std::size_t READ_CHUNK = 1 << 20;
constexpr std::size_t DETECT_BYTES = 4096;
// Enough of a recording to tell its form: about 0.8 s of U8 at 2.4 MS/s, or 0.4 s of S16.
constexpr std::size_t IQ_PROBE_BYTES = 4u << 20;
// At high rates and wide samples the probe is longer, to hold about this much signal.
constexpr double IQ_PROBE_S = 0.8;
constexpr std::size_t IQ_PROBE_MAX_BYTES = 64u << 20;
// Fewer frames than this from the probe and the reading is not trusted.
constexpr std::uint64_t IQ_MIN_FRAMES = 2;
// A live feed's counter time is re-anchored to the wall clock when they drift this far apart.
constexpr double LIVE_REANCHOR_S = 2.0;
constexpr std::size_t QUOTE_CHARS = 100;

const char* const FORMAT_NAMES =
    "avr|beast|sbs|opensky|tshex|readsb-trace|aircraft-json|opensky-raw|traffic-csv|fr24-csv|fr24-json|"
    "globe-history";
const char* const FORMAT_HINT =
    "give it with --format avr|beast|sbs|opensky|tshex|readsb-trace|aircraft-json|opensky-raw|traffic-csv|"
    "fr24-csv|fr24-json|globe-history, or --format iq-u8|iq-s8|iq-s16|iq-f32 with --sample-rate MS/s for a "
    "raw recording (or put its SigMF .sigmf-meta beside it)";

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
    // "2.0 MS/s", "3.2 MS/s", "2.56 MS/s": one decimal unless the rate needs more.
    const double ms = o.sample_rate_hz / 1e6;
    const bool tenths = std::abs(ms * 10 - std::round(ms * 10)) < 1e-6;
    std::string s = tenths ? fmt::format("{} at {:.1f} MS/s", sample_format_name(o.format), ms)
                           : fmt::format("{} at {:g} MS/s", sample_format_name(o.format), ms);
    if (!is_demodulator_rate(o.sample_rate_hz))
        s += fmt::format(", resampled to {:.1f}", demodulator_rate(o.sample_rate_hz) / 1e6);
    return s;
}

// Bytes of a recording's start that hold about IQ_PROBE_S of signal (at least IQ_PROBE_BYTES).
std::size_t iq_probe_bytes(SampleFormat format, double rate_hz) {
    const double bytes = IQ_PROBE_S * rate_hz * static_cast<double>(bytes_per_sample(format));
    return std::clamp(static_cast<std::size_t>(bytes), IQ_PROBE_BYTES, IQ_PROBE_MAX_BYTES);
}

// The first line of `head`, printable, for an error message.
std::string quote_first_line(std::string_view head) {
    if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
    while (!head.empty() && (head.front() == '\n' || head.front() == '\r')) head.remove_prefix(1);
    head = head.substr(0, head.find('\n'));
    std::string out;
    for (char c : head.substr(0, QUOTE_CHARS)) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u < 0x7f)
            out += c;
        else if (c != '\r')
            out += fmt::format("\\x{:02x}", u);
    }
    if (head.size() > QUOTE_CHARS) out += "...";
    return out;
}

double wall_clock_s() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Gives every undated time (below REAL_TIME_MIN_S) a date before it reaches the sink.
class ClockSink : public RecordSink {
public:
    enum class Mode : std::uint8_t { live, file, iq };
    ClockSink(RecordSink& out, Mode mode, std::string path, std::optional<double> given)
        : m_out(out), m_mode(mode), m_path(std::move(path)), m_given(given) {}
    void frame(const Frame& f) override {
        if (f.t_s >= REAL_TIME_MIN_S) {
            m_out.frame(f);
            return;
        }
        Frame g = f;
        g.t_s = date(f.t_s);
        m_out.frame(g);
    }
    void message(Message& m) override {
        if (m.t_s < REAL_TIME_MIN_S) m.t_s = date(m.t_s);
        m_out.message(m);
    }
    std::string description() const { return m_description; }
    bool guessed() const { return m_guessed; }

private:
    double date(double t) {
        if (m_mode == Mode::live) {
            const double now = wall_clock_s();
            if (!m_anchor || std::fabs(*m_anchor + t - now) > LIVE_REANCHOR_S) m_anchor = now - t;
            if (m_description.empty()) m_description = "the wall clock at receipt (a live feed)";
            return *m_anchor + t;
        }
        if (!m_start) {
            const StartTime s = find_start_time(m_path, m_given);
            m_start = s.t_s;
            m_first = m_mode == Mode::iq ? 0.0 : t;
            m_guessed = s.guessed;
            m_description = fmt::format("{} from {} ({})",
                                        m_mode == Mode::iq ? "seconds into the recording" : "counter offsets",
                                        s.source.empty() ? "nothing: no date could be found" : s.source,
                                        s.t_s > 0 ? fmt::format("{:.3f}", s.t_s) : std::string("0"));
        }
        // A counter that went back (a receiver restart) restarts the offsets there.
        if (t < *m_first) {
            *m_start += *m_last - *m_first;
            m_first = t;
        }
        m_last = t;
        return *m_start + (t - *m_first);
    }
    RecordSink& m_out;
    Mode m_mode;
    std::string m_path;
    std::optional<double> m_given;
    std::optional<double> m_anchor, m_start, m_first, m_last;
    std::string m_description;
    bool m_guessed = false;
};

void add_counters(InputCounters& a, const InputCounters& b) {
    a.bytes += b.bytes;
    a.not_selected += b.not_selected;
    a.records += b.records;
    a.bad_hex += b.bad_hex;
    a.bad_lines += b.bad_lines;
    a.mode_ac += b.mode_ac;
    a.other_rows += b.other_rows;
    a.beast_bad_escape += b.beast_bad_escape;
    a.beast_truncated += b.beast_truncated;
    a.beast_status += b.beast_status;
    a.garbage_bytes += b.garbage_bytes;
}

bool is_document(InputFormat f) {
    return f == InputFormat::trace || f == InputFormat::aircraft_json || f == InputFormat::fr24_json;
}

// Reads many inputs (a folder's files, an archive's members) with one parser per document
// format, so what spans documents (repeated snapshot positions) is seen once.
struct Reader {
    const ReadOptions& options;
    RecordSink& sink;
    std::map<InputFormat, std::unique_ptr<InputParser>> documents;
    InputCounters counters;  // of the line formats; documents' are added at the end
    std::map<std::string, std::size_t> formats_seen;
    std::size_t unknown = 0, not_selected_members = 0;
    std::string first_unknown, first_unknown_line;
    std::string end_reason;

    // Reads one stream to its end; false when its format cannot be told (nothing was read).
    // `inflating`: the gzip source a file is read through, whose compressed bytes measure progress.
    bool read(std::unique_ptr<ByteSource> source, const std::string& name, std::uint64_t total, bool member,
              const GzipSource* inflating = nullptr) {
        std::vector<std::uint8_t> buf(READ_CHUNK);
        std::size_t have = 0;
        while (have < DETECT_BYTES) {
            const std::size_t n = source->read({buf.data() + have, buf.size() - have});
            if (n == 0) break;
            have += n;
        }
        if (have == 0) return false;  // empty: nothing_read() says so
        // A gzip member (a readsb trace inside a day archive, a readsb-hist snapshot).
        bool gzip = false;
        if (member && have >= 2 &&
            is_gzip({reinterpret_cast<const char*>(buf.data()), 2})) {          // NOLINT(*-reinterpret-cast)
            std::string head(reinterpret_cast<const char*>(buf.data()), have);  // NOLINT(*-reinterpret-cast)
            auto g = std::make_unique<GzipSource>(
                std::make_unique<PrefixedSource>(std::move(head), std::move(source)));
            source = std::move(g);
            gzip = true;
            have = 0;
            while (have < DETECT_BYTES) {
                const std::size_t n = source->read({buf.data() + have, buf.size() - have});
                if (n == 0) break;
                have += n;
            }
        }
        const std::string_view head(reinterpret_cast<const char*>(buf.data()),  // NOLINT(*-reinterpret-cast)
                                    std::min(have, DETECT_BYTES));
        auto format = options.format.feed ? options.format.feed : detect_format(bytes_of(head));
        if (!format) {
            ++unknown;
            if (first_unknown.empty()) {
                first_unknown = name;
                first_unknown_line = quote_first_line(head);
            }
            return false;
        }
        ++formats_seen[std::string(to_string(*format)) + (gzip ? " (gzip)" : "")];
        std::unique_ptr<InputParser> own;
        InputParser* parser = nullptr;
        if (is_document(*format)) {
            auto& p = documents[*format];
            if (!p) {
                p = make_parser(*format);
                p->select(options.select);
            }
            parser = p.get();
        } else {
            own = make_parser(*format);
            own->select(options.select);
            parser = own.get();
        }
        std::uint64_t done = 0;
        for (std::size_t n = have; n > 0; n = source->read(buf)) {
            parser->feed({buf.data(), n}, sink);
            done = inflating ? inflating->compressed_bytes() : done + n;
            if (options.stop && options.stop()) break;
            if (!member && total && options.progress &&
                !options.progress(std::min(1.0, static_cast<double>(done) / static_cast<double>(total)),
                                  name))
                break;
        }
        parser->finish(sink);
        if (own) add_counters(counters, own->counters());
        if (!member) end_reason = source->end_reason();
        return true;
    }

    InputCounters total_counters() const {
        InputCounters c = counters;
        for (const auto& [f, p] : documents) add_counters(c, p->counters());
        return c;
    }

    std::string format_name() const {
        std::string s;
        for (const auto& [name, n] : formats_seen) {
            if (!s.empty()) s += ", ";
            s += formats_seen.size() == 1 && n == 1 ? name : fmt::format("{} × {}", n, name);
        }
        return s;
    }

    // A source that first yields bytes already read, then the rest of another source.
    class PrefixedSource : public ByteSource {
    public:
        PrefixedSource(std::string prefix, std::unique_ptr<ByteSource> rest)
            : m_prefix(std::move(prefix)), m_rest(std::move(rest)) {}
        std::size_t read(std::span<std::uint8_t> buf) override {
            if (m_at < m_prefix.size()) {
                const std::size_t n = std::min(buf.size(), m_prefix.size() - m_at);
                std::copy_n(m_prefix.data() + m_at, n,
                            reinterpret_cast<char*>(buf.data()));  // NOLINT(*-reinterpret-cast)
                m_at += n;
                return n;
            }
            return m_rest->read(buf);
        }
        std::string name() const override { return m_rest->name(); }

    private:
        std::string m_prefix;
        std::unique_ptr<ByteSource> m_rest;
        std::size_t m_at = 0;
    };
};

// A ByteSource that reads from a borrowed one (a tar member the walker owns).
class BorrowedSource : public ByteSource {
public:
    explicit BorrowedSource(ByteSource& s) : m_s(s) {}
    std::size_t read(std::span<std::uint8_t> buf) override { return m_s.read(buf); }
    std::string name() const override { return m_s.name(); }

private:
    ByteSource& m_s;
};

void walk_archive(Reader& reader, ByteSource& source, const std::string& input) {
    walk_tar(source, [&](const std::string& name, std::uint64_t, ByteSource& content) {
        if (reader.options.stop && reader.options.stop()) return;
        if (const auto a = trace_member_address(name); a && !reader.options.select.wants_icao(*a)) {
            ++reader.not_selected_members;
            return;
        }
        reader.read(std::make_unique<BorrowedSource>(content), input + ":" + name, 0, true);
    });
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
    ClockSink clock(sink, ClockSink::Mode::iq, input, options.start_time_s);
    demodulate_file(
        input, iq, stats, [&](const Frame& f) { clock.frame(f); }, progress);
    report.demod = stats;
    report.clock = clock.description();
    report.clock_guessed = clock.guessed();
    return report;
}

// Nothing read from the input: say what it looked like and what to try.
[[noreturn]] void nothing_read(const std::string& input, const Reader& r, const InputCounters& c, bool gzip) {
    if (c.not_selected > 0 || r.not_selected_members > 0)
        throw InputError(
            {input},
            fmt::format("nothing in it matches --select ({} traces or rows left out)",
                        c.not_selected + r.not_selected_members),
            "widen --select, or check the addresses (6 hex digits) and the area (LAT0:LON0:LAT1:LON1)");
    if (r.formats_seen.empty()) {
        if (r.first_unknown.empty())
            throw InputError({input}, "is empty: nothing to read",
                             "check that the capture or download finished");
        throw InputError({r.first_unknown, 1},
                         fmt::format("cannot tell the format of this {}input; its first line is \"{}\"",
                                     gzip ? "compressed " : "", r.first_unknown_line),
                         FORMAT_HINT);
    }
    throw InputError({input, 1},
                     fmt::format("no record could be read as {}; the first line is \"{}\"{}", r.format_name(),
                                 r.first_unknown_line, c.summary().empty() ? "" : "\n" + c.summary()),
                     std::string("check --format (") + FORMAT_NAMES + ")");
}

}  // namespace

ReadFormat parse_read_format(std::string_view name) {
    if (name.empty() || name == "auto") return {};
    if (name.starts_with("iq-")) return {.feed = std::nullopt, .iq = parse_sample_format(name)};
    if (name == "globe-history" || name == "tar")
        return {.feed = std::nullopt, .iq = std::nullopt, .tar = true};
    if (auto f = parse_input_format(name)) return {.feed = f, .iq = std::nullopt};
    throw UsageError(fmt::format("unknown --format '{}'", name),
                     std::string("use auto, ") + FORMAT_NAMES + ", iq-u8, iq-s8, iq-s16 or iq-f32");
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
    if (!clock.empty())
        s += fmt::format("  times: {}{}\n", clock,
                         clock_guessed
                             ? "; warning: a modification time is often the END of a capture, so times "
                               "may be late by its length: give --start-time"
                             : "");
    if (!end_reason.empty()) s += "  the feed ended: " + end_reason + "\n";
    return s;
}

std::optional<IqOptions> detect_iq(const std::string& path, std::optional<SampleFormat> format,
                                   std::optional<double> sample_rate_hz) {
    const std::uint64_t total = file_size(path);
    std::vector<double> rates{2.4e6, 2.0e6};
    if (sample_rate_hz) rates = {*sample_rate_hz};
    std::optional<IqOptions> best;
    std::uint64_t best_frames = IQ_MIN_FRAMES - 1;
    std::string head;
    for (const SampleFormat f : {SampleFormat::U8, SampleFormat::S16, SampleFormat::S8, SampleFormat::F32}) {
        if (format && *format != f) continue;
        for (const double rate : rates) {
            const std::size_t probe = iq_probe_bytes(f, rate);
            if (head.size() < probe && head.size() < total) head = read_head(path, probe);
            const std::string_view bytes = std::string_view(head).substr(0, probe);
            try {
                check_iq_plausible(bytes_of(bytes), total, f, path);
            } catch (const InputError&) {
                continue;  // cannot be this format
            }
            IqOptions o{.format = f, .sample_rate_hz = rate, .check_format = false};
            DemodStats stats;
            demodulate(bytes_of(bytes), o, &stats);
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
    namespace fs = std::filesystem;
    std::error_code ec;
    const bool folder = !is_stream(input) && fs::is_directory(input, ec);

    // SigMF: BASE.sigmf-meta names the format, rate and start of the samples beside it, whether
    // the data file or the metadata file is given. --format and --sample-rate override it.
    std::optional<SigmfMeta> sigmf;
    std::string iq_path = input;
    if (!is_stream(input) && !folder && (want.automatic() || want.iq)) {
        if (input.ends_with(".sigmf-meta")) iq_path = sigmf_data_path(input);
        sigmf = read_sigmf_meta(iq_path);
    }
    if (want.iq || sigmf) {
        if (is_stream(input))
            throw InputError({input}, "raw IQ is read from files only", "record the samples to a file first");
        const SampleFormat format = want.iq ? *want.iq : sigmf_sample_format(*sigmf);
        std::optional<double> rate = options.sample_rate_hz;
        if (!rate && sigmf && sigmf->sample_rate_hz) {
            rate = *sigmf->sample_rate_hz;
            if (*rate < MIN_SAMPLE_RATE_HZ - 1.0 || *rate > MAX_SAMPLE_RATE_HZ)
                throw InputError({sigmf->path},
                                 fmt::format("SigMF key global.core:sample_rate {:g} is outside the 2 to 64 "
                                             "MS/s that reckon demodulates",
                                             *rate),
                                 "Mode S needs at least 2 MS/s; check the metadata");
        }
        IqOptions iq{.format = format, .sample_rate_hz = rate.value_or(0), .check_format = true};
        if (!rate) {
            auto found = detect_iq(iq_path, format);
            if (!found)
                throw InputError({iq_path},
                                 "no sample rate gives Mode S frames in the start of this recording",
                                 "give --sample-rate (MS/s, e.g. 2.4), and check --format (iq-u8, iq-s8, "
                                 "iq-s16 or iq-f32)");
            iq = *found;
        }
        ReadReport report = read_iq(iq_path, iq, options, sink);
        if (sigmf) report.format += ", from SigMF " + sigmf->path;
        return report;
    }

    bool gzip = false;
    bool tar = want.tar;
    if (!is_stream(input) && !folder) {
        const std::string head = read_head(input, DETECT_BYTES);
        gzip = is_gzip(head);
        if (!gzip && !tar) tar = is_tar(head);
        if (gzip && !tar && !want.feed) tar = is_tar(read_text_head(input, DETECT_BYTES));
        if (!gzip && !tar && !want.feed && !head.empty() && !detect_format(bytes_of(head))) {
            // Not a feed format: perhaps a raw recording.
            if (auto iq = detect_iq(input, std::nullopt, options.sample_rate_hz))
                return read_iq(input, *iq, options, sink);
        }
    }

    // stdin is a live feed (`nc host 30005 | reckon ...`) unless --start-time says it is a file.
    const bool live = input.starts_with("tcp://") || (input == "-" && !options.start_time_s);
    ClockSink clock(sink, live ? ClockSink::Mode::live : ClockSink::Mode::file, input, options.start_time_s);
    Reader reader{.options = options,
                  .sink = clock,
                  .documents = {},
                  .counters = {},
                  .formats_seen = {},
                  .unknown = 0,
                  .not_selected_members = 0,
                  .first_unknown = {},
                  .first_unknown_line = {},
                  .end_reason = {}};
    ReadReport report;
    if (folder) {
        std::vector<fs::path> files;
        for (auto it = fs::recursive_directory_iterator(input, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
            if (it->is_regular_file(ec)) files.push_back(it->path());
        if (ec) throw InputError({input}, "cannot list the folder: " + ec.message(), "check its permissions");
        std::sort(files.begin(), files.end());  // snapshots are named by time
        for (std::size_t i = 0; i < files.size(); ++i) {
            if (options.stop && options.stop()) break;
            const std::string path = files[i].string();
            if (const auto a = trace_member_address(path); a && !options.select.wants_icao(*a)) {
                ++reader.not_selected_members;
                continue;
            }
            std::unique_ptr<ByteSource> s = open_source(path);
            if (is_gzip(read_head(path, 2))) s = std::make_unique<GzipSource>(std::move(s));
            if (is_tar(read_text_head(path, DETECT_BYTES)))
                walk_archive(reader, *s, path);
            else
                reader.read(std::move(s), path, 0, true);
            if (options.progress &&
                !options.progress(static_cast<double>(i + 1) / static_cast<double>(files.size()), input))
                break;
        }
    } else {
        std::unique_ptr<ByteSource> source = open_source(input, options.stall_timeout_s);
        const GzipSource* inflating = nullptr;
        if (gzip) {
            auto g = std::make_unique<GzipSource>(std::move(source));
            inflating = g.get();
            source = std::move(g);
        }
        if (tar) {
            walk_archive(reader, *source, input);
        } else {
            reader.read(std::move(source), input, is_stream(input) ? 0 : file_size(input), false, inflating);
        }
    }
    report.counters = reader.total_counters();
    report.counters.not_selected += reader.not_selected_members;
    if (report.counters.records == 0) nothing_read(input, reader, report.counters, gzip);
    report.format = reader.format_name() + (gzip ? " (gzip)" : "") + (tar ? " in a tar archive" : "") +
                    (folder ? fmt::format(" in a folder") : "");
    if (reader.unknown)
        report.format += fmt::format("; {} files of no known format skipped, the first {}", reader.unknown,
                                     reader.first_unknown);
    report.end_reason = reader.end_reason;
    report.clock = clock.description();
    report.clock_guessed = clock.guessed();
    return report;
}

}  // namespace reckon::adsb
