// `reckon adsb decode`: prints every message of recordings and feeds (AVR, Beast, SBS, OpenSky,
// ts,hex, raw IQ) as JSON lines or CSV; the decoding, the readers and the tracker live in
// reckon::adsb, this file only wires them to the command line and reports what was skipped.
#include "cmd_adsb_decode.hpp"

#include <fmt/format.h>

#include <array>

#include "common.hpp"
#include "output.hpp"
#include "progress_bar.hpp"
#include "reckon/adsb/decode.hpp"
#include "reckon/adsb/formats.hpp"
#include "reckon/adsb/input.hpp"
#include "reckon/adsb/iq.hpp"
#include "reckon/adsb/tracker.hpp"
#include "reckon/core/error.hpp"

namespace reckon::app {

namespace {

constexpr std::size_t FLUSH_BYTES = 1 << 20;

// Decodes frames, tracks, and writes one line per message into a buffer flushed to `out`.
class DecodeSink : public adsb::RecordSink {
public:
    DecodeSink(std::ostream& out, bool csv, bool keep_unknown, adsb::DecodeOptions options,
               adsb::TrackerOptions tracker_options, std::uint64_t limit)
        : m_out(out),
          m_csv(csv),
          m_keep_unknown(keep_unknown),
          m_options(options),
          m_tracker(tracker_options),
          m_limit(limit) {
        m_buffer.reserve(FLUSH_BYTES + 4096);
        if (m_csv) {
            m_buffer.append(adsb::csv_header());
            m_buffer.push_back('\n');
        }
    }
    ~DecodeSink() override = default;

    void frame(const adsb::Frame& f) override {
        ++m_frames;
        const auto status = adsb::decode(f, m_message, m_options);
        if (status != adsb::DecodeStatus::ok) {
            ++m_rejected[static_cast<std::size_t>(status)];
            return;
        }
        if (!m_tracker.update(m_message) && !m_keep_unknown) return;
        emit(m_message);
    }
    void message(adsb::Message& m) override {
        ++m_frames;
        if (!m_tracker.update(m) && !m_keep_unknown) return;
        emit(m);
    }
    void flush() {
        m_out.write(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
        m_buffer.clear();
    }
    bool done() const { return m_limit != 0 && m_written >= m_limit; }

    std::string summary() const {
        std::string s = fmt::format("  {} messages written from {} frames/rows\n", m_written, m_frames);
        auto line = [&s](std::uint64_t n, std::string_view what) {
            if (n) fmt::format_to(std::back_inserter(s), "  {} {}\n", n, what);
        };
        line(m_rejected[static_cast<std::size_t>(adsb::DecodeStatus::crc_failed)],
             "frames failed the CRC (DF11/17/18, after 1-bit repair): skipped");
        line(m_rejected[static_cast<std::size_t>(adsb::DecodeStatus::bad_length)],
             "frames of the wrong length for their DF: skipped");
        line(m_rejected[static_cast<std::size_t>(adsb::DecodeStatus::unsupported_df)],
             "frames of unsupported downlink formats (DF19, 22, 24, unassigned): skipped");
        const auto& c = m_tracker.counters();
        line(c.unknown_address,
             m_keep_unknown ? "address/parity replies from addresses not seen in DF11/17/18: written anyway"
                            : "address/parity replies from addresses not seen in DF11/17/18: skipped "
                              "(--keep-unknown-addresses writes them)");
        line(c.cpr_rejected, "CPR position pairs rejected (|lat| > 90° or zone mismatch)");
        line(c.speed_rejected, "positions rejected as implausible jumps");
        line(c.surface_without_reference, "surface positions without a reference (give --receiver LAT,LON)");
        line(c.positions, "positions decoded");
        return s;
    }

private:
    void emit(adsb::Message& m) {
        if (done()) return;
        if (m_csv)
            adsb::append_csv(m_buffer, m);
        else
            adsb::append_json(m_buffer, m);
        m_buffer.push_back('\n');
        ++m_written;
        if (m_buffer.size() >= FLUSH_BYTES) flush();
    }

    std::ostream& m_out;
    bool m_csv, m_keep_unknown;
    adsb::DecodeOptions m_options;
    adsb::Tracker m_tracker;
    adsb::Message m_message;
    std::string m_buffer;
    std::uint64_t m_limit, m_written = 0, m_frames = 0;
    std::array<std::uint64_t, 4> m_rejected{};
};

// Reads one input into `sink`, then says on stderr what it held.
void decode_input(const std::string& input, const adsb::ReadFormat& format,
                  const AdsbDecodeCommand::Options& options, DecodeSink& sink, ProgressBar& bar) {
    adsb::ReadOptions o = options.input.read_options(format);
    o.stall_timeout_s = options.timeout_s;
    o.progress = [&](double f, std::string_view) { return bar.update(f, input); };
    o.stop = [&] { return sink.done(); };
    const auto report = adsb::read_input(input, o, sink);
    bar.clear();
    fmt::print(stderr, "reckon: {} ({}):\n{}", input, report.format, report.summary());
}

}  // namespace

void AdsbDecodeCommand::setup(CLI::App& app) {
    app.description(
        "Decode Mode S / ADS-B messages and print one JSON line (or CSV row) per message, with every\n"
        "field decoded: address, altitude, squawk, callsign, position (CPR pairs are resolved by a\n"
        "tracker), velocity, status and Comm-B registers. Inputs:\n"
        "  avr      *8D4840D6202CC371C32CE0576098;  (also @ + 12 hex digits of MLAT time, or <)\n"
        "  beast    binary from a Beast receiver or dump1090/readsb port 30005\n"
        "  sbs      BaseStation MSG,1..8 CSV (port 30003), already decoded\n"
        "  opensky  OpenSky state-vector CSV (positions at lastposupdate)\n"
        "  tshex    CSV of timestamp and hex frame, e.g. 1457996400,8D406B90...\n"
        "  iq-u8    raw IQ recording, unsigned 8-bit (rtl_sdr, dump1090 --ifile; SigMF cu8)\n"
        "  iq-s8    raw IQ recording, signed 8-bit (SigMF ci8, HackRF)\n"
        "  iq-s16   raw IQ recording, signed 16-bit little-endian (SigMF ci16_le, sc16)\n"
        "  iq-f32   raw IQ recording, float32 little-endian at full scale 1.0 (SigMF cf32_le, GNU Radio)\n"
        "  IQ at 2.0 or 2.4 MS/s is demodulated as is; any other rate from 2 to 64 MS/s (2.56, 3.2,\n"
        "  6, 8, ...) is resampled to 2.4 MS/s first. A SigMF recording (BASE.sigmf-data with\n"
        "  BASE.sigmf-meta beside it; either may be given) brings its format, rate and start time.\n"
        "Archives (docs/formats.md):\n"
        "  readsb-trace   readsb/tar1090 trace_full_*.json and trace_recent_*.json\n"
        "  globe-history  a tar (or .tar.gz) of traces, e.g. a globe_history day; see --select\n"
        "  aircraft-json  aircraft.json snapshots (readsb, dump1090, ADS-B Exchange readsb-hist)\n"
        "  opensky-raw    OpenSky raw messages CSV (rawmsg,mintime)\n"
        "  traffic-csv    the traffic library's CSV (timestamp,icao24,latitude,longitude,...)\n"
        "  fr24-csv, fr24-json   Flightradar24 exports\n"
        "Gzip files of any of these are read too, and a folder reads every file in it. The format\n"
        "(and an IQ recording's sample rate) is found from the content unless --format is given.\n"
        "An input from which nothing can be read is an error that quotes its first line.\n"
        "Times: a live feed is dated by the wall clock; a Beast/AVR/IQ file by --start-time, a\n"
        "FILE.start sidecar, SigMF metadata or (with a warning) its modification time. Bad records are "
        "skipped\n"
        "and counted on stderr; replies that carry their address only in the parity (DF0/4/5/16/\n"
        "20/21) are kept only for aircraft already heard in DF11/17/18.\n\n"
        "Examples:\n"
        "  reckon adsb decode capture.avr\n"
        "  reckon adsb decode modes1.bin --format iq-u8 --sample-rate 2.0\n"
        "  reckon adsb decode capture.cf32 --format iq-f32 --sample-rate 8 --start-time 2024-07-11T06:40Z\n"
        "  reckon adsb decode capture.sigmf-data\n"
        "  reckon adsb decode tcp://127.0.0.1:30005 --limit 1000 --output-format csv\n"
        "  cat capture.bin | reckon adsb decode - --format beast -o messages.jsonl\n"
        "  reckon adsb decode capture.beast --start-time 2024-07-11T06:40:00Z\n"
        "  reckon adsb decode 2024-07-11.tar --select type=IL76,operator=GLX\n"
        "See docs/adsb.md for the fields, their units, and the rules for ambiguous Comm-B replies.\n");
    app.add_option("inputs", m_options.inputs, "Files, - for stdin, or tcp://HOST:PORT for a live feed")
        ->required()
        ->type_name("FILE");
    m_options.input.add(app);
    app.add_option("--output-format", m_options.output_format, "jsonl (default) or csv")->type_name("FORMAT");
    app.add_option("-o,--output", m_options.output, "Write to this file instead of stdout")
        ->type_name("FILE");
    app.add_flag("--overwrite", m_options.overwrite, "Replace the --output file if it exists");
    app.add_option("--timeout", m_options.timeout_s,
                   "Seconds a feed may send nothing before the run stops (default 30)")
        ->type_name("SECONDS")
        ->check(CLI::Range(0.1, 86400.0));
    app.add_option("--limit", m_options.limit,
                   "Stop after this many messages (0 = no limit), e.g. to sample a feed")
        ->type_name("N")
        ->check(not_negative());
    app.add_option("--receiver", m_options.receiver,
                   "Receiver position LAT,LON: the reference for surface positions before any other")
        ->type_name("LAT,LON");
    app.add_flag("--no-repair", m_options.no_repair, "Do not repair single-bit errors in DF11/17/18");
    app.add_flag("--keep-unknown-addresses", m_options.keep_unknown,
                 "Also write address/parity replies from addresses not (yet) heard in DF11/17/18");
}

int AdsbDecodeCommand::run() {
    const auto format = adsb::parse_read_format(m_options.input.format);
    if (!m_options.input.sample_rate.empty())
        adsb::parse_sample_rate(m_options.input.sample_rate);  // a bad rate is a usage error now
    if (m_options.output_format != "jsonl" && m_options.output_format != "csv")
        throw UsageError("unknown --output-format '" + m_options.output_format + "'", "use jsonl or csv");
    adsb::TrackerOptions tracker_options;
    if (!m_options.receiver.empty()) tracker_options.receiver = parse_receiver_option(m_options.receiver);
    adsb::DecodeOptions decode_options;
    decode_options.fix_single_bit = !m_options.no_repair;

    Output output(m_options.output, m_options.overwrite);
    DecodeSink sink(output.stream(), m_options.output_format == "csv", m_options.keep_unknown, decode_options,
                    tracker_options, m_options.limit);
    ProgressBar bar;
    const bool failed = read_each_input(
        m_options.inputs, bar,
        [&](const std::string& input) { decode_input(input, format, m_options, sink, bar); },
        [&] { return sink.done(); });
    sink.flush();
    output.commit();
    fmt::print(stderr, "reckon: adsb decode:\n{}", sink.summary());
    return failed ? EXIT_INPUT : EXIT_OK;
}

const AdsbDecodeCommand::Options& AdsbDecodeCommand::options() const { return m_options; }

}  // namespace reckon::app
