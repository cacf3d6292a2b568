// Reading Mode S data in the forms receivers and services write it: AVR text (`*hex;`, with
// `@`/`<` MLAT timestamps), Beast binary (beast.hpp), SBS/BaseStation `MSG` CSV, OpenSky
// state-vector CSV and `ts,hex` CSV. Parsers are pushed bytes in chunks of any size (a file,
// stdin or a TCP feed) and hand out raw Frames or, for inputs another decoder has already
// decoded (SBS, OpenSky), Messages. Bad records are skipped and counted, never thrown.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/adsb/frame.hpp"
#include "reckon/adsb/message.hpp"

namespace reckon::adsb {

// The archive formats (issue 14): readsb/tar1090 trace JSON, aircraft.json snapshots (readsb,
// dump1090, ADS-B Exchange readsb-hist), OpenSky raw-message CSV (rawmsg,mintime), the traffic
// library's CSV, and Flightradar24 CSV and JSON. See archives.hpp.
enum class InputFormat : std::uint8_t {
    avr,
    beast,
    sbs,
    opensky,
    tshex,
    trace,
    aircraft_json,
    opensky_raw,
    traffic_csv,
    fr24_csv,
    fr24_json
};
// Every InputFormat, in the order detection and --help list them.
inline constexpr std::array ALL_INPUT_FORMATS = {
    InputFormat::avr,         InputFormat::beast,    InputFormat::sbs,           InputFormat::opensky,
    InputFormat::tshex,       InputFormat::trace,    InputFormat::aircraft_json, InputFormat::opensky_raw,
    InputFormat::traffic_csv, InputFormat::fr24_csv, InputFormat::fr24_json};
std::string_view to_string(InputFormat f);
// "avr", "beast", "sbs", "opensky", "tshex", "readsb-trace", "aircraft-json", "opensky-raw",
// "traffic-csv", "fr24-csv", "fr24-json"; nullopt for anything else.
std::optional<InputFormat> parse_input_format(std::string_view name);

// The format of an input from its first bytes (a UTF-8 BOM is allowed), or nullopt when
// nothing matches. Needs the first line whole for the text formats; 4 KiB is plenty.
std::optional<InputFormat> detect_format(std::span<const std::uint8_t> head);

// What was read, and what was skipped and why. Every skipped record is in exactly one count.
struct InputCounters {
    std::uint64_t bytes = 0;
    std::uint64_t not_selected = 0;      // archive rows or traces outside the --select choice
    std::uint64_t records = 0;           // frames and rows handed out
    std::uint64_t bad_hex = 0;           // odd length, non-hex digits, or not 14/28 digits
    std::uint64_t bad_lines = 0;         // text lines of no known shape, bad numbers, too long
    std::uint64_t mode_ac = 0;           // Mode A/C replies (no Mode S content): skipped
    std::uint64_t other_rows = 0;        // headers, SBS SEL/ID/AIR/STA/CLK, repeated OpenSky rows
    std::uint64_t beast_bad_escape = 0;  // 0x1a inside a frame not doubled: frame dropped
    std::uint64_t beast_truncated = 0;   // input ended inside a frame
    std::uint64_t beast_status = 0;      // receiver status frames (type 0x34): skipped
    std::uint64_t garbage_bytes = 0;     // bytes between Beast frames
    std::uint64_t skipped() const {
        return bad_hex + bad_lines + mode_ac + beast_bad_escape + beast_truncated + beast_status;
    }
    // One line per non-zero count, for stderr: "  12 bad hex frames (odd length, ...)".
    std::string summary() const;
};

// Receives what a parser found.
class RecordSink {
public:
    virtual ~RecordSink() = default;
    virtual void frame(const Frame& f) = 0;
    virtual void message(Message& m) = 0;  // decoded rows (SBS, OpenSky); may be modified
};

struct ArchiveSelection;  // archives.hpp

class InputParser {
public:
    virtual ~InputParser() = default;
    // Parses the next chunk. A record cut by the chunk end is kept for the next call.
    virtual void feed(std::span<const std::uint8_t> data, RecordSink& sink) = 0;
    // End of input: a record left incomplete is counted (never handed out half).
    virtual void finish(RecordSink& sink) = 0;
    const InputCounters& counters() const { return m_counters; }
    // Archive formats keep only what `selection` names (archives.hpp); others ignore it.
    virtual void select(const ArchiveSelection& selection) { (void)selection; }

protected:
    InputCounters m_counters;
};

std::unique_ptr<InputParser> make_parser(InputFormat format);

// Where bytes come from: a file, stdin ("-") or a TCP feed ("tcp://host:port").
class ByteSource {
public:
    virtual ~ByteSource() = default;
    // Reads up to buf.size() bytes; 0 = end of input. Throws reckon::InputError when the
    // source fails, and for a feed that sends nothing for `stall_timeout_s`.
    virtual std::size_t read(std::span<std::uint8_t> buf) = 0;
    virtual std::string name() const = 0;
    // For feeds: why the input ended ("closed by the peer"), empty for files.
    virtual std::string end_reason() const { return {}; }
};

// Opens `spec`: "-" (stdin), "tcp://host:port", or a file path. Throws reckon::InputError
// (connection refused, no such file, a directory, ...) with a hint.
std::unique_ptr<ByteSource> open_source(const std::string& spec, double stall_timeout_s = 30.0,
                                        double connect_timeout_s = 5.0);

}  // namespace reckon::adsb
