// Reading decoded trajectories exported as JSON by the `traffic` Python library (pandas
// to_json, plain or gzip): either a list of records or pandas' "columns" layout
// ({"field": {"row": value}}). Fields: timestamp (Unix ms; values below 1e11 are taken as
// seconds), icao24 (hex), latitude/longitude (or lat/lon), altitude (ft), groundspeed (kt),
// track (deg), vertical_rate (ft/min), callsign, onground, squawk, last_position (Unix ms).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/adsb/track.hpp"

namespace reckon::adsb {

// A position older than this at its row's timestamp (per last_position) is stale: OpenSky
// rows repeat the last position when no new one was received. Stale positions are dropped,
// the rest of the row is kept.
inline constexpr double STALE_POSITION_S = 15.0;

struct TrajectoryJson {
    std::vector<TrackPoint> points;  // in file order
    std::size_t skipped = 0;         // rows without a valid timestamp or icao24
    std::size_t stale_positions = 0;
};

// Parses the text of one export; `file` names it in errors. Throws InputError (with the byte
// offset) when it is not JSON or neither layout; rows that are unusable are skipped and counted.
// Non-finite or out-of-range values become unknown.
TrajectoryJson parse_trajectory_json(std::string_view text, const std::string& file);
// Reads (inflating gzip) and parses a file.
TrajectoryJson read_trajectory_json(const std::filesystem::path& path);

// True when `text` looks like such an export (JSON whose first 4 KiB name one of its fields),
// for telling it from other inputs by content; parsing is the real check.
bool looks_like_trajectory_json(std::string_view text);

// Whether an input of `reckon adsb flights` (a path, "-" or tcp://HOST:PORT) is such an export
// rather than something for read_input: a file, with the format left to detection, whose head
// looks like an export and is not one of the archive JSON formats (readsb trace, aircraft.json,
// FR24), which read_input reads.
bool is_trajectory_json_input(const std::string& input, bool format_detected);

}  // namespace reckon::adsb
