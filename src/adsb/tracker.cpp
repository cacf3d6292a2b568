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
    mine = {frame, m.t_s, surface, true};

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
    }
    return std::nullopt;
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

    Aircraft* a = nullptr;
    if (is_confirming(m)) {
        a = &m_aircraft[key];
        a->last_confirmed_s = m.t_s;
    } else {
        auto it = m_aircraft.find(key);
        if (it == m_aircraft.end() || it->second.last_confirmed_s == 0 ||
            std::fabs(m.t_s - it->second.last_confirmed_s) > m_options.address_ttl_s) {
            ++m_counters.unknown_address;
            return false;
        }
        a = &it->second;
    }
    a->last_seen_s = m.t_s;

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
        p = resolve_position(*a, m, surface);
        if (p) {
            m.lat_deg = p->lat_deg;
            m.lon_deg = p->lon_deg;
        }
    }
    if (p) {
        a->position = p;
        a->position_t_s = m.t_s;
        ++m_counters.positions;
        if (point) {
            make_point(*a, key, m.t_s, *point);
            if (emitted) *emitted = true;
        }
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
