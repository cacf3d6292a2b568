// The archives analysts hold, beside the receiver feeds of formats.hpp (issue 14):
//  - readsb/tar1090 trace JSON (trace_full_*.json, trace_recent_*.json, plain or gzip): one
//    aircraft's day as {"icao", "timestamp", "r", "t", "ownOp", "trace": [[dt, lat, lon, alt,
//    gs, track, flags, vrate, details, source, geom_alt, ...], ...]};
//  - globe_history day archives: a tar (plain or gzip) of such traces, walked member by member
//    without unpacking, members chosen by address from their names before they are read;
//  - aircraft.json snapshots of readsb/dump1090, and ADS-B Exchange readsb-hist (the same
//    shape, gzip), one file or a folder of them;
//  - OpenSky: raw-message CSV (rawmsg,mintime); the state-vector CSV (opensky.cpp) also takes
//    ISO 8601 times as Trino/pyopensky write them;
//  - the traffic library's CSV (timestamp,icao24,latitude,longitude,altitude,...);
//  - Flightradar24 CSV (Timestamp,UTC,Callsign,Position,Altitude,Speed,Direction) and JSON
//    (the flight playback "track" and the click handler "trail").
// And the clock of inputs that carry no date (clock.cpp): the start time of a capture.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/adsb/formats.hpp"
#include "reckon/adsb/sigmf.hpp"

namespace reckon::adsb {

// What to keep of an archive, as `--select` gives it: "icao=3c66b2+4ca2d6,type=IL76,
// operator=GLX,area=LAT0:LON0:LAT1:LON1" (any subset; `+` joins alternatives). Addresses are
// matched on trace member names before reading; type against the trace's or snapshot's "t";
// operator against "ownOp" (substring, any case) or the first three letters of a callsign;
// area keeps a trace with any position in the box (and the rows in it for snapshots).
struct ArchiveSelection {
    std::vector<std::uint32_t> icao;
    std::vector<std::string> types;             // upper case
    std::vector<std::string> operators;         // upper case
    std::optional<std::array<double, 4>> area;  // lat_min, lon_min, lat_max, lon_max
    bool empty() const { return icao.empty() && types.empty() && operators.empty() && !area; }
    bool wants_icao(std::uint32_t a) const;
    bool wants_type(std::string_view t) const;
    // Owner name ("Gelix Airlines") or callsign ("GLX123"): either may be empty.
    bool wants_operator(std::string_view owner, std::string_view callsign) const;
    bool in_area(double lat, double lon) const;
};

// Parses the --select text; throws UsageError naming the bad part and the form.
ArchiveSelection parse_selection(std::string_view spec);

// A time as archives write it: Unix seconds ("1720680000.5"), or ISO 8601 UTC
// ("2024-07-11T06:40:00Z", "2024-07-11 06:40:00.250+00:00", "+03:00" offsets, no zone = UTC);
// nullopt otherwise, or outside 1970..9999.
std::optional<double> parse_time_text(std::string_view s);

// Times below this (1973-03-03) are not dates: a receiver's counter or seconds into a file.
inline constexpr double REAL_TIME_MIN_S = 1e8;

// Where the start time of an undated capture comes from.
struct StartTime {
    double t_s = 0;
    std::string source;    // "--start-time", "the sidecar x.start", "SigMF x.sigmf-meta", ...
    bool guessed = false;  // the file's modification time: a warning goes with it
};

// The start time of the capture `path`: `given` (--start-time) when set, else a sidecar file
// `PATH.start` holding a time (parse_time_text), else SigMF metadata (`BASE.sigmf-meta`,
// core:datetime of the first capture), else the file's modification time (guessed). Throws
// InputError when a sidecar exists but cannot be read as a time.
StartTime find_start_time(const std::string& path, std::optional<double> given);

// SigMF metadata (SigmfMeta, read_sigmf_meta) is in sigmf.hpp.

// Walks a tar stream (POSIX ustar, GNU long names, pax headers) read from `source`, calling
// `member(name, size, content)` for each regular file; `content` yields that member's bytes
// and no more, and whatever the callback leaves unread is skipped. Nothing is written to
// disk. Throws InputError naming `source` and the byte offset of a header whose checksum
// fails or a member cut short by the end of the stream.
void walk_tar(
    ByteSource& source,
    const std::function<void(const std::string& name, std::uint64_t size, ByteSource& content)>& member);

// True when `head` (at least 512 bytes) starts with a tar header.
bool is_tar(std::string_view head);

// The address in a readsb trace file name ("traces/b2/trace_full_3c66b2.json"), or nullopt.
std::optional<std::uint32_t> trace_member_address(std::string_view name);

// A ByteSource over bytes in memory (tests, fuzzing, archive members read whole).
class MemorySource : public ByteSource {
public:
    MemorySource(std::string bytes, std::string name) : m_bytes(std::move(bytes)), m_name(std::move(name)) {}
    std::size_t read(std::span<std::uint8_t> buf) override;
    std::string name() const override { return m_name; }

private:
    std::string m_bytes;
    std::string m_name;
    std::size_t m_at = 0;
};

// --start-time: "" → nullopt; a time of parse_time_text at or after 1973 → Unix seconds;
// anything else throws UsageError with the accepted forms.
std::optional<double> parse_start_time_option(std::string_view text);
}  // namespace reckon::adsb
