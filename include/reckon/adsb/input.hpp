// One input of `reckon adsb decode|flights`, whatever it holds: a file, stdin ("-") or a TCP
// feed ("tcp://host:port") in AVR, Beast, SBS, OpenSky or ts,hex form, a gzip-compressed file
// of any of those, or a raw IQ recording (unsigned 8-bit or signed 16-bit, 2.0 or 2.4 MS/s),
// which is demodulated. Everything read is handed to a RecordSink; bad records are skipped and
// counted, never thrown.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "reckon/adsb/demod.hpp"
#include "reckon/adsb/formats.hpp"
#include "reckon/adsb/iq.hpp"
#include "reckon/core/progress.hpp"

namespace reckon::adsb {

// What an input is, as the user names it with --format.
struct ReadFormat {
    std::optional<InputFormat> feed;  // a text or Beast format
    std::optional<SampleFormat> iq;   // a raw IQ recording
    bool automatic() const { return !feed && !iq; }
};

// "auto", "avr", "beast", "sbs", "opensky", "tshex", "iq-u8", "iq-s16"; throws UsageError
// naming the choices for anything else.
ReadFormat parse_read_format(std::string_view name);

struct ReadOptions {
    ReadFormat format;                     // automatic = found from the content
    std::optional<double> sample_rate_hz;  // IQ: 2.0e6 or 2.4e6; none = found from the content
    double stall_timeout_s = 30;           // feeds: silence after which the input ends
    core::ProgressFn progress;             // fraction of a file read
    std::function<bool()> stop;            // true = stop reading (e.g. --limit reached)
};

struct ReadReport {
    std::string format;               // "avr", "beast (gzip)", "iq-u8 at 2.4 MS/s", ...
    InputCounters counters;           // feed formats
    std::optional<DemodStats> demod;  // IQ recordings
    std::string end_reason;           // feeds: why the input ended
    bool empty = false;               // nothing to read
    // What was read and skipped, one line per non-zero count, each starting with two spaces.
    std::string summary() const;
};

// Reads `input` to its end (or until options.stop() says so) into `sink`. Throws InputError
// naming the input when it cannot be opened, its format cannot be told (with what to give
// as --format), or an IQ recording fails the format check.
ReadReport read_input(const std::string& input, const ReadOptions& options, RecordSink& sink);

// The format and sample rate of a raw IQ recording, found by demodulating its first seconds
// each way it could be and keeping the reading that gives the most frames whose CRC holds;
// nullopt when no reading gives at least two. `sample_rate_hz` narrows the search when known.
std::optional<IqOptions> detect_iq(const std::string& path, std::optional<SampleFormat> format = std::nullopt,
                                   std::optional<double> sample_rate_hz = std::nullopt);

}  // namespace reckon::adsb
