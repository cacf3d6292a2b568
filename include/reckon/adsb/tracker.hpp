// Per-aircraft state built from decoded messages: pairs even/odd CPR frames into positions,
// checks every position against the aircraft's last one, and admits address/parity replies
// (DF0/4/5/16/20/21, whose address is only the CRC residual) only from aircraft already heard
// in a CRC-checked DF11/17/18. What comes out is TrackPoints: one per validated position.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "reckon/adsb/cpr.hpp"
#include "reckon/adsb/decode.hpp"
#include "reckon/adsb/frame.hpp"
#include "reckon/adsb/message.hpp"
#include "reckon/adsb/track.hpp"

namespace reckon::adsb {

struct TrackerOptions {
    double max_pair_gap_airborne_s = 10;  // even/odd frames further apart are not paired
    double max_pair_gap_surface_s = 25;   // slower aircraft: DO-260B A.1.7.7 allows 25 s (50 s at ≤ 25 kt)
    double max_local_reference_age_s = 120;  // a last position older than this is no reference
    double max_airborne_speed_kt = 1500;     // position jumps faster than this are rejected
    double max_surface_speed_kt = 150;
    double known_speed_margin_kt = 250;  // when the ground speed is known: limit = it + this
    double position_slack_m = 1000;      // position error and 1-s timestamps: allowed on top
    double address_ttl_s = 600;          // a DF11/17/18 address stays "seen" this long
    double state_ttl_s = 60;             // altitude, speed, ... older than this are not reported
    std::optional<LatLon> receiver;      // reference for surface positions before any other
    // With a receiver: a single airborne frame of an aircraft without a recent position is
    // decoded locally against the receiver (as dump1090 does) when the result lies within this
    // range and the aircraft's last known position, if any, does too. Local decoding is
    // unambiguous within half a CPR zone (about 330 km): keep this below that.
    double receiver_range_km = 300;
    // Emit TrackPoints without a position (address, callsign, squawk, altitude) for aircraft
    // heard between positions or never positioned: when the callsign or squawk changes, and at
    // most every positionless_every_s otherwise (every positionless_every_messages of the
    // aircraft's messages on untimed input).
    bool emit_without_position = false;
    double positionless_every_s = 30;
    std::uint64_t positionless_every_messages = 64;
    // Untimed input (every message at t = 0, as AVR `*hex;` has it; see docs/adsb-flights.md):
    // an even/odd pair is formed only from frames at most this many of the aircraft's position
    // frames apart, and a parity reply's address stays known for this many messages.
    std::uint64_t untimed_pair_frames = 4;
    std::uint64_t untimed_address_ttl_messages = 1u << 20;
    // Untimed: a local decode against the aircraft's last position must land within this of it.
    double untimed_local_max_km = 40;
};

struct TrackerCounters {
    std::uint64_t unknown_address = 0;  // parity replies from addresses not seen: dropped
    std::uint64_t positions = 0;        // validated positions (TrackPoints)
    std::uint64_t global_decodes = 0, local_decodes = 0;
    std::uint64_t cpr_rejected = 0;    // pairs giving |lat| > 90° or different NL zones
    std::uint64_t speed_rejected = 0;  // positions implying an impossible speed
    std::uint64_t surface_without_reference = 0;
    std::uint64_t untimed = 0;                 // messages without time (t = 0)
    std::uint64_t unconfirmed_pairs = 0;       // untimed pairs that disagreed with their reference
    std::uint64_t receiver_local_decodes = 0;  // single airborne frames decoded against --receiver
    std::uint64_t df11_unconfirmed = 0;        // DF11 with II != 0 from an unseen address, not trusted alone
    std::uint64_t positionless_points = 0;     // TrackPoints emitted without a position
};

class Tracker {
public:
    explicit Tracker(TrackerOptions options = {});

    // Updates the state of m's aircraft. Returns false, leaving m untouched, for an address/
    // parity reply from an address not seen in a DF11/17/18 within address_ttl_s. For a
    // position message whose CPR resolves and passes the checks, fills m.lat_deg/lon_deg; if
    // `point` is given it then receives the aircraft's state and true is stored in *emitted.
    bool update(Message& m, TrackPoint* point = nullptr, bool* emitted = nullptr);

    // Decodes and updates in one step; returns the TrackPoints this frame produced (0 or 1).
    std::vector<TrackPoint> feed(const Frame& frame);

    const TrackerCounters& counters() const { return m_counters; }
    std::uint64_t decode_failures() const { return m_decode_failures; }
    std::size_t aircraft_count() const { return m_aircraft.size(); }

private:
    struct CprSeen {
        CprFrame frame;
        double t_s = 0;
        std::uint64_t seq = 0;  // the aircraft's position-frame count when received
        bool surface = false;
        bool valid = false;
    };
    template <typename T>
    struct Timed {
        T value{};
        double t_s = 0;
        bool valid = false;
    };
    struct Aircraft {
        double last_confirmed_s = 0;  // last DF11/17/18
        double last_seen_s = 0;
        CprSeen even, odd;
        std::optional<LatLon> position;
        double position_t_s = 0;
        int global_failures = 0;
        std::string callsign;
        Timed<int> altitude_ft;
        Timed<double> ground_speed_kt, track_deg;
        Timed<int> vertical_rate_fpm;
        Timed<bool> on_ground;
        Timed<std::uint16_t> squawk;
        std::uint64_t confirmed_seq = 0;  // tracker message count at the last DF11/17/18
        std::uint64_t position_frames = 0, messages = 0;
        // Untimed input without a reference: the first global decode waits for a second to agree.
        std::optional<LatLon> candidate;
        // The last position ever accepted (position may be dropped as a reference; this is not).
        std::optional<LatLon> last_known;
        // What the last emitted point carried, for positionless points.
        double emitted_t_s = -1e300;
        std::uint64_t emitted_messages = 0;
        std::string emitted_callsign;
        std::optional<std::uint16_t> emitted_squawk;
        bool ever_emitted = false;
    };

    std::optional<LatLon> resolve_position(Aircraft& a, const Message& m, bool surface);
    std::optional<LatLon> resolve_untimed(Aircraft& a, const Message& m, bool surface);
    std::optional<LatLon> receiver_local(const Aircraft& a, const CprFrame& frame);
    bool known_address(const Aircraft& a, const Message& m, bool untimed) const;
    bool plausible(const Aircraft& a, const LatLon& p, double t_s, bool surface);
    void make_point(const Aircraft& a, std::uint32_t icao, double t_s, TrackPoint& point) const;
    void purge(double now_s);

    TrackerOptions m_options;
    TrackerCounters m_counters;
    std::uint64_t m_decode_failures = 0;
    std::uint64_t m_updates = 0;
    std::unordered_map<std::uint32_t, Aircraft> m_aircraft;
    // DF11 replies with II != 0 from unseen addresses: address → (time, message count) first heard.
    std::unordered_map<std::uint32_t, std::pair<double, std::uint64_t>> m_df11_pending;
    bool m_seen_time = false;  // a message with a real time arrived: input is timed
};

}  // namespace reckon::adsb
