// The tracker. Its rules (docs/adsb.md, "Tracker") follow what careful decoders do: global
// CPR only from an even and an odd frame of the same kind close in time, local CPR only
// against a recent position of the same aircraft, and every new position checked against
// the last by the speed it implies. A pair that fails twice running against the stored
// position drops that position: it was more likely the wrong one than two pairs in a row.
#include "reckon/adsb/tracker.hpp"

#include <cmath>

namespace reckon::adsb {
namespace {

constexpr double KT_TO_M_S = 1852.0 / 3600.0;
constexpr std::uint32_t NON_ICAO_KEY = 1u << 24;
constexpr std::uint64_t PURGE_EVERY = 1u << 16;  // messages between sweeps of idle aircraft
constexpr double IDLE_PURGE_S = 3600;
constexpr double TIMESTAMP_SLACK_S = 1.0;  // many inputs have 1-s timestamps
constexpr int GLOBAL_FAILURES_TO_RESET = 2;

bool is_confirming(const Message& m) {
    if (m.origin != MessageOrigin::mode_s) return true;
    if (m.df == 17 || m.df == 18) return true;
    // A repaired DF11 is too short to be sure of: it may be noise made valid by the repair.
    return m.df == 11 && m.corrected_bits == 0;
}

template <typename T, typename U>
void set_timed(T& timed, const std::optional<U>& v, double t_s) {
    if (!v) return;
    timed.value = static_cast<decltype(timed.value)>(*v);
    timed.t_s = t_s;
    timed.valid = true;
}

}  // namespace

Tracker::Tracker(TrackerOptions options) : m_options(options) {}

bool Tracker::plausible(const Aircraft& a, const LatLon& p, double t_s, bool surface) {
    if (!a.position) return true;
    double limit_kt = surface ? m_options.max_surface_speed_kt : m_options.max_airborne_speed_kt;
    if (a.ground_speed_kt.valid && std::fabs(t_s - a.ground_speed_kt.t_s) <= m_options.state_ttl_s)
        limit_kt = std::min(limit_kt, a.ground_speed_kt.value + m_options.known_speed_margin_kt);
    const double dt = std::fabs(t_s - a.position_t_s) + TIMESTAMP_SLACK_S;
    const double allowed_m = limit_kt * KT_TO_M_S * dt + m_options.position_slack_m;
    return distance_m(*a.position, p) <= allowed_m;
}

std::optional<LatLon> Tracker::resolve_position(Aircraft& a, const Message& m, bool surface) {
    const CprFrame frame{*m.cpr_format == 1, *m.cpr_lat, *m.cpr_lon};
    CprSeen& mine = frame.odd ? a.odd : a.even;
    const CprSeen& other = frame.odd ? a.even : a.odd;
    mine = {frame, m.t_s, ++a.position_frames, surface, true};

    const bool have_reference =
        a.position && std::fabs(m.t_s - a.position_t_s) <= m_options.max_local_reference_age_s;
    const double max_gap = surface ? m_options.max_pair_gap_surface_s : m_options.max_pair_gap_airborne_s;

    if (other.valid && other.surface == surface && std::fabs(m.t_s - other.t_s) <= max_gap) {
        const CprFrame& even = frame.odd ? other.frame : frame;
        const CprFrame& odd = frame.odd ? frame : other.frame;
        std::optional<LatLon> p;
        bool tried = true;
        if (surface) {
            std::optional<LatLon> ref = a.position ? a.position : m_options.receiver;
            if (!ref) {
                ++m_counters.surface_without_reference;
                tried = false;
            } else {
                p = cpr_global_surface(even, odd, frame.odd, *ref);
            }
        } else {
            p = cpr_global_airborne(even, odd, frame.odd);
        }
        if (tried && !p) {
            ++m_counters.cpr_rejected;
            mine.valid = false;  // do not pair this frame again
            return std::nullopt;
        }
        if (p) {
            if (plausible(a, *p, m.t_s, surface)) {
                ++m_counters.global_decodes;
                a.global_failures = 0;
                return p;
            }
            ++m_counters.speed_rejected;
            mine.valid = false;
            if (++a.global_failures >= GLOBAL_FAILURES_TO_RESET) {
                a.position.reset();
                a.global_failures = 0;
            }
            return std::nullopt;
        }
    }
    if (have_reference) {
        auto p = cpr_local(frame, *a.position, surface);
        if (p && plausible(a, *p, m.t_s, surface)) {
            ++m_counters.local_decodes;
            return p;
        }
        if (p) ++m_counters.speed_rejected;
    } else if (!surface) {
        auto p = receiver_local(a, frame);
        if (p && plausible(a, *p, m.t_s, surface)) {
            ++m_counters.receiver_local_decodes;
            return p;
        }
    }
    return std::nullopt;
}

std::optional<LatLon> Tracker::receiver_local(const Aircraft& a, const CprFrame& frame) {
    if (!m_options.receiver) return std::nullopt;
    const LatLon rx = *m_options.receiver;
    const double range_m = m_options.receiver_range_km * 1000;
    // An aircraft last seen out of range may be anywhere now: the receiver is no reference.
    if (a.last_known && distance_m(*a.last_known, rx) > range_m) return std::nullopt;
    auto p = cpr_local(frame, rx, false);
    if (!p || distance_m(*p, rx) > range_m) return std::nullopt;
    return p;
}

// Untimed input: message order is the only clock. A pair is formed only from frames a few
// position frames apart, and its global decode is kept only when a local decode of the newer
// frame against a reference (the last position, else an earlier global decode waiting for
// confirmation) gives the same place: a stale frame paired across an unseen silence gives a
// position one or more CPR zones (hundreds of km) off, which the local decode does not.
std::optional<LatLon> Tracker::resolve_untimed(Aircraft& a, const Message& m, bool surface) {
    const CprFrame frame{*m.cpr_format == 1, *m.cpr_lat, *m.cpr_lon};
    ++a.position_frames;
    CprSeen& mine = frame.odd ? a.odd : a.even;
    const CprSeen& other = frame.odd ? a.even : a.odd;
    mine = {frame, m.t_s, a.position_frames, surface, true};
    constexpr double AGREE_M = 5.0;

    if (other.valid && other.surface == surface &&
        a.position_frames - other.seq <= m_options.untimed_pair_frames) {
        const CprFrame& even = frame.odd ? other.frame : frame;
        const CprFrame& odd = frame.odd ? frame : other.frame;
        std::optional<LatLon> p;
        if (surface) {
            std::optional<LatLon> ref = a.position ? a.position : m_options.receiver;
            if (!ref) {
                ++m_counters.surface_without_reference;
                return std::nullopt;
            }
            p = cpr_global_surface(even, odd, frame.odd, *ref);
        } else {
            p = cpr_global_airborne(even, odd, frame.odd);
        }
        if (!p) {
            ++m_counters.cpr_rejected;
            mine.valid = false;
            return std::nullopt;
        }
        const std::optional<LatLon> check = a.position ? a.position : a.candidate;
        if (!check) {
            a.candidate = p;  // waits for a second pair to agree
            return std::nullopt;
        }
        // Also near the reference: the aircraft's own frames come seconds apart, so a position
        // far from the last one means the reference is stale (an unseen silence) or the pair is.
        const auto l = cpr_local(frame, *check, surface);
        if (l && distance_m(*l, *p) <= AGREE_M &&
            distance_m(*p, *check) <= m_options.untimed_local_max_km * 1000) {
            ++m_counters.global_decodes;
            a.global_failures = 0;
            a.candidate.reset();
            return p;
        }
        ++m_counters.unconfirmed_pairs;
        mine.valid = false;
        if (!a.position || ++a.global_failures >= GLOBAL_FAILURES_TO_RESET) {
            // The reference was more likely the wrong one: start again from this decode.
            a.position.reset();
            a.global_failures = 0;
            a.candidate = p;
        }
        return std::nullopt;
    }
    if (a.position) {
        auto p = cpr_local(frame, *a.position, surface);
        if (p && distance_m(*p, *a.position) <= m_options.untimed_local_max_km * 1000) {
            ++m_counters.local_decodes;
            return p;
        }
    } else if (!surface) {
        auto p = receiver_local(a, frame);
        if (p) {
            ++m_counters.receiver_local_decodes;
            return p;
        }
    }
    return std::nullopt;
}

bool Tracker::known_address(const Aircraft& a, const Message& m, bool untimed) const {
    if (a.confirmed_seq == 0) return false;
    if (untimed) return m_updates - a.confirmed_seq <= m_options.untimed_address_ttl_messages;
    return std::fabs(m.t_s - a.last_confirmed_s) <= m_options.address_ttl_s;
}

void Tracker::make_point(const Aircraft& a, std::uint32_t icao, double t_s, TrackPoint& point) const {
    point = TrackPoint{};
    point.t_s = t_s;
    point.icao = icao & 0xFFFFFF;
    if (a.position) {
        point.lat_deg = a.position->lat_deg;
        point.lon_deg = a.position->lon_deg;
    }
    auto fresh = [&](const auto& timed) {
        return timed.valid && std::fabs(t_s - timed.t_s) <= m_options.state_ttl_s;
    };
    if (fresh(a.altitude_ft)) point.altitude_ft = a.altitude_ft.value;
    if (fresh(a.ground_speed_kt)) point.ground_speed_kt = a.ground_speed_kt.value;
    if (fresh(a.track_deg)) point.track_deg = a.track_deg.value;
    if (fresh(a.vertical_rate_fpm)) point.vertical_rate_fpm = a.vertical_rate_fpm.value;
    if (fresh(a.on_ground)) point.on_ground = a.on_ground.value;
    if (fresh(a.squawk)) point.squawk = a.squawk.value;
    point.callsign = a.callsign;
}

void Tracker::purge(double now_s) {
    std::erase_if(m_df11_pending,
                  [&](const auto& kv) { return std::fabs(now_s - kv.second.first) > IDLE_PURGE_S; });
    for (auto it = m_aircraft.begin(); it != m_aircraft.end();) {
        if (std::fabs(now_s - it->second.last_seen_s) > IDLE_PURGE_S)
            it = m_aircraft.erase(it);
        else
            ++it;
    }
}

bool Tracker::update(Message& m, TrackPoint* point, bool* emitted) {
    if (emitted) *emitted = false;
    if (++m_updates % PURGE_EVERY == 0) purge(m.t_s);
    const std::uint32_t key = (m.icao & 0xFFFFFF) | (m.non_icao_address ? NON_ICAO_KEY : 0);
    // Untimed input (AVR `*hex;`): every message at t = 0 until one with a real time comes.
    const bool untimed = m.origin == MessageOrigin::mode_s && m.t_s == 0 && !m_seen_time;
    if (m.t_s != 0) m_seen_time = true;
    if (untimed) ++m_counters.untimed;

    Aircraft* a = nullptr;
    bool confirming = is_confirming(m);
    if (confirming && m.origin == MessageOrigin::mode_s && m.df == 11 && m.interrogator_id.value_or(0) != 0) {
        // A DF11 whose parity is overlaid with a non-zero interrogator code is a weaker check
        // (16 residuals pass): from an unseen address it needs a second one to be believed.
        auto it = m_aircraft.find(key);
        if (it == m_aircraft.end() || !known_address(it->second, m, untimed)) {
            auto [pending, inserted] = m_df11_pending.try_emplace(key, m.t_s, m_updates);
            const bool again =
                !inserted &&
                (untimed ? m_updates - pending->second.second <= m_options.untimed_address_ttl_messages
                         : std::fabs(m.t_s - pending->second.first) <= m_options.address_ttl_s);
            if (!again) {
                pending->second = {m.t_s, m_updates};
                ++m_counters.df11_unconfirmed;
                return false;
            }
            m_df11_pending.erase(pending);
        }
    }
    if (confirming) {
        a = &m_aircraft[key];
        a->last_confirmed_s = m.t_s;
        a->confirmed_seq = m_updates;
    } else {
        auto it = m_aircraft.find(key);
        if (it == m_aircraft.end() || !known_address(it->second, m, untimed)) {
            ++m_counters.unknown_address;
            return false;
        }
        a = &it->second;
    }
    a->last_seen_s = m.t_s;
    ++a->messages;

    // Identity and state carried by this message.
    if (!m.callsign.empty() && m.callsign.find('#') == std::string::npos) a->callsign = m.callsign;
    if (m.commb && m.commb->candidate_count() == 1 && m.commb->is(Bds::bds20))
        a->callsign = m.commb->bds20_callsign;
    if (!m.altitude_is_gnss) set_timed(a->altitude_ft, m.altitude_ft, m.t_s);
    set_timed(a->squawk, m.squawk, m.t_s);
    set_timed(a->on_ground, m.on_ground, m.t_s);
    if (m.ground_speed_kt && (m.df == 17 || m.df == 18 || m.origin != MessageOrigin::mode_s)) {
        set_timed(a->ground_speed_kt, m.ground_speed_kt, m.t_s);
        set_timed(a->track_deg, m.track_deg, m.t_s);
    }
    set_timed(a->vertical_rate_fpm, m.vertical_rate_fpm, m.t_s);

    std::optional<LatLon> p;
    bool surface = false;
    if (m.origin != MessageOrigin::mode_s) {
        // Rows of other decoders carry resolved positions: only the speed check applies.
        if (m.lat_deg && m.lon_deg) {
            surface = m.on_ground.value_or(false);
            const LatLon q{*m.lat_deg, *m.lon_deg};
            if (std::fabs(q.lat_deg) > 90 || std::fabs(q.lon_deg) > 180) {
                ++m_counters.cpr_rejected;
            } else if (plausible(*a, q, m.t_s, surface)) {
                p = q;
            } else {
                ++m_counters.speed_rejected;
                m.lat_deg.reset();
                m.lon_deg.reset();
            }
        }
    } else if (m.cpr_format && m.cpr_lat && m.cpr_lon) {
        surface = m.typecode && *m.typecode >= 5 && *m.typecode <= 8;
        p = untimed ? resolve_untimed(*a, m, surface) : resolve_position(*a, m, surface);
        if (p) {
            m.lat_deg = p->lat_deg;
            m.lon_deg = p->lon_deg;
        }
    }
    bool sent = false;
    if (p) {
        a->position = p;
        a->last_known = p;
        a->position_t_s = m.t_s;
        ++m_counters.positions;
        if (point) {
            make_point(*a, key, m.t_s, *point);
            if (emitted) *emitted = true;
            sent = true;
        }
    } else if (point && m_options.emit_without_position) {
        // Between positions (or with none at all): what is known, when it changed or is due.
        const bool squawk_fresh =
            a->squawk.valid && std::fabs(m.t_s - a->squawk.t_s) <= m_options.state_ttl_s;
        const bool changed = (!a->callsign.empty() && a->callsign != a->emitted_callsign) ||
                             (squawk_fresh && a->emitted_squawk != a->squawk.value);
        const bool due = !a->ever_emitted ||
                         (untimed ? a->messages - a->emitted_messages >= m_options.positionless_every_messages
                                  : m.t_s - a->emitted_t_s >= m_options.positionless_every_s);
        const bool content = !a->callsign.empty() || squawk_fresh || a->altitude_ft.valid;
        if (content && (changed || due)) {
            make_point(*a, key, m.t_s, *point);
            point->lat_deg.reset();
            point->lon_deg.reset();
            ++m_counters.positionless_points;
            if (emitted) *emitted = true;
            sent = true;
        }
    }
    if (sent) {
        a->ever_emitted = true;
        a->emitted_t_s = m.t_s;
        a->emitted_messages = a->messages;
        a->emitted_callsign = a->callsign;
        if (point->squawk) a->emitted_squawk = point->squawk;
    }
    return true;
}

std::vector<TrackPoint> Tracker::feed(const Frame& frame) {
    std::vector<TrackPoint> out;
    Message m;
    if (decode(frame, m) != DecodeStatus::ok) {
        ++m_decode_failures;
        return out;
    }
    TrackPoint point;
    bool emitted = false;
    if (update(m, &point, &emitted) && emitted) out.push_back(std::move(point));
    return out;
}

}  // namespace reckon::adsb
