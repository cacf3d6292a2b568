// One input of `reckon adsb decode|flights`, whatever it holds: a file, stdin ("-") or a TCP
// feed ("tcp://host:port") in AVR, Beast, SBS, OpenSky or ts,hex form, an archive format of
// archives.hpp (readsb traces, aircraft.json, OpenSky raw, traffic CSV, FR24), a gzip-compressed
// file of any of those, a tar of them (globe_history), a folder of them, or a raw IQ recording
// (unsigned 8-bit or signed 16-bit, 2.0 or 2.4 MS/s), which is demodulated. Everything read is
// handed to a RecordSink; bad records are skipped and counted, never thrown.
//
// Clocks: nothing leaves with a time before 1973. A live feed (tcp://, stdin) is dated by the
// wall clock at receipt (a Beast/AVR 12 MHz counter then gives the spacing within a second);
// a file whose times are counters or seconds into the recording gets them as offsets from its
// start time (--start-time, a PATH.start sidecar, SigMF metadata, or the file's modification
// time with a warning).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "reckon/adsb/archives.hpp"
#include "reckon/adsb/demod.hpp"
#include "reckon/adsb/formats.hpp"
#include "reckon/adsb/iq.hpp"
#include "reckon/core/progress.hpp"

namespace reckon::adsb {

// What an input is, as the user names it with --format.
struct ReadFormat {
    std::optional<InputFormat> feed;  // a text or Beast format
    std::optional<SampleFormat> iq;   // a raw IQ recording
    bool tar = false;                 // a tar of inputs (globe_history); its members by content
    bool automatic() const { return !feed && !iq; }
};

// "auto", a name of formats.hpp, "globe-history" (a tar of traces), "iq-u8", "iq-s16"; throws
// UsageError naming the choices for anything else.
ReadFormat parse_read_format(std::string_view name);

struct ReadOptions {
    ReadFormat format;                     // automatic = found from the content
    std::optional<double> sample_rate_hz;  // IQ: 2.0e6 or 2.4e6; none = found from the content
    double stall_timeout_s = 30;           // feeds: silence after which the input ends
    core::ProgressFn progress;             // fraction of a file read
    std::function<bool()> stop;            // true = stop reading (e.g. --limit reached)
    std::optional<double> start_time_s;    // --start-time: Unix seconds of a file's first record
    ArchiveSelection select;               // --select: what to keep of archives
};

struct ReadReport {
    std::string format;               // "avr", "beast (gzip)", "iq-u8 at 2.4 MS/s", ...
    InputCounters counters;           // feed formats
    std::optional<DemodStats> demod;  // IQ recordings
    std::string end_reason;           // feeds: why the input ended
    std::string clock;                // how undated times were dated, when they were
    bool clock_guessed = false;       // ... from the file's modification time
    bool empty = false;               // kept for callers: never true now (an empty input throws)
    // What was read and skipped, one line per non-zero count, each starting with two spaces.
    std::string summary() const;
};

// Reads `input` to its end (or until options.stop() says so) into `sink`. Throws InputError
// naming the input when it cannot be opened, its format cannot be told (with what to give
// as --format), an IQ recording fails the format check, or nothing at all is read from it (an
// empty file, or no line of it readable as the format: the first line is quoted).
ReadReport read_input(const std::string& input, const ReadOptions& options, RecordSink& sink);

// The format and sample rate of a raw IQ recording, found by demodulating its first seconds
// each way it could be and keeping the reading that gives the most frames whose CRC holds;
// nullopt when no reading gives at least two. `sample_rate_hz` narrows the search when known.
std::optional<IqOptions> detect_iq(const std::string& path, std::optional<SampleFormat> format = std::nullopt,
                                   std::optional<double> sample_rate_hz = std::nullopt);

}  // namespace reckon::adsb
