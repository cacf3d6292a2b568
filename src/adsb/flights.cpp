// The flight finder (see flights.hpp): classify each point as on the ground, airborne or
// unknown and as low near an airport or not, cut each aircraft's points at silences and
// stops, then read the ends of each piece for airports and times.
#include "reckon/adsb/flights.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "flight_ends.hpp"
#include "reckon/core/date.hpp"

namespace reckon::adsb {

namespace {

// The highest airport with scheduled service, Daocheng Yading (ZUDC), is at 14,472 ft: a
// point higher than this plus low_agl_ft cannot be low anywhere, so no airport is looked up.
constexpr double HIGHEST_AIRPORT_FT = 14472;
constexpr std::size_t MIN_FLIGHT_POINTS = 2;

enum class State : std::uint8_t { unknown, ground, air };

struct PointInfo {
    State state = State::unknown;
    bool judged = false;  // enough known (position and altitude or ground flag) to say low or not
    bool low = false;
    std::optional<NearestAirport> near;  // nearest airport within the radius
};

PointInfo classify(const TrackPoint& p, const Airports& airports, const FlightRules& r) {
    PointInfo out;
    const bool positioned = p.lat_deg && p.lon_deg;
    const bool maybe_low =
        !p.altitude_ft || *p.altitude_ft <= HIGHEST_AIRPORT_FT + r.low_agl_ft || p.on_ground == true;
    if (positioned && maybe_low) out.near = airports.nearest({*p.lat_deg, *p.lon_deg}, r.airport_radius_km);
    // An airport without a known elevation is taken to be at sea level.
    const double elevation_ft = out.near && out.near->elevation_ft ? *out.near->elevation_ft : 0.0;
    std::optional<double> agl_ft;
    if (p.altitude_ft) agl_ft = *p.altitude_ft - elevation_ft;

    if (p.on_ground) {
        out.state = *p.on_ground ? State::ground : State::air;
    } else if (agl_ft) {
        // Low and fast is a take-off roll or an approach: airborne for splitting.
        if (*agl_ft > r.ground_agl_max_ft)
            out.state = State::air;
        else if (p.ground_speed_kt)
            out.state = *p.ground_speed_kt <= r.ground_speed_max_kt ? State::ground : State::air;
    } else if (p.ground_speed_kt && *p.ground_speed_kt > r.ground_speed_max_kt) {
        out.state = State::air;
    }

    if (positioned && (p.on_ground || agl_ft)) {
        out.judged = true;
        out.low =
            out.near && (out.state == State::ground || agl_ft.value_or(r.low_agl_ft + 1) <= r.low_agl_ft);
    }
    return out;
}

// Unknown states take the state before them, or, at the start and after a silence longer than
// max_gap_low_s, the first known state after them: an aircraft heard without a position on the
// ground in the morning is not still flying because it was airborne when last heard the night
// before. A stretch with no known state at all is taken as airborne.
void fill_states(const std::vector<TrackPoint>& pts, std::vector<PointInfo>& info, const FlightRules& r) {
    State last = State::unknown;
    for (std::size_t i = 0; i < info.size(); ++i) {
        if (i > 0 && pts[i].t_s - pts[i - 1].t_s > r.max_gap_low_s) last = State::unknown;
        if (info[i].state != State::unknown) {
            last = info[i].state;
            continue;
        }
        if (last == State::unknown) {
            last = State::air;
            for (std::size_t k = i + 1; k < info.size(); ++k) {
                if (pts[k].t_s - pts[k - 1].t_s > r.max_gap_low_s) break;
                if (info[k].state != State::unknown) {
                    last = info[k].state;
                    break;
                }
            }
        }
        info[i].state = last;
    }
}

// An airborne run shorter than min_airborne_s between two ground runs is noise (a flipped
// ground bit or a corrupt altitude, as in OpenSky data): no aircraft takes off and lands again
// that fast. Such runs are taken as ground.
void drop_short_hops(const std::vector<TrackPoint>& pts, std::vector<PointInfo>& info,
                     const Airports& airports, const FlightRules& r) {
    for (std::size_t i = 0; i < info.size();) {
        if (info[i].state != State::air) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < info.size() && info[j].state == State::air) ++j;
        if (i > 0 && j < info.size() && pts[j - 1].t_s - pts[i].t_s < r.min_airborne_s)
            for (std::size_t k = i; k < j; ++k) {
                PointInfo& pi = info[k];
                pi.state = State::ground;
                pi.judged = pts[k].lat_deg && pts[k].lon_deg;
                if (pi.judged && !pi.near)
                    pi.near = airports.nearest({*pts[k].lat_deg, *pts[k].lon_deg}, r.airport_radius_km);
                pi.low = pi.near.has_value();
            }
        i = j;
    }
}

std::string most_frequent_callsign(const std::vector<TrackPoint>& pts) {
    std::map<std::string, std::size_t> counts;
    for (const auto& p : pts)
        if (!p.callsign.empty()) ++counts[p.callsign];
    std::string best;
    std::size_t n = 0;
    for (const auto& [c, k] : counts)
        if (k > n) {
            best = c;
            n = k;
        }
    return best;
}

FlightEnd make_end(const TrackPoint& p, const NearestAirport& near) {
    FlightEnd end;
    end.airport = near.airport->ident;
    end.country = near.airport->country;
    end.runway = near.runway;
    end.distance_km = near.distance_km;
    end.t_s = p.t_s;
    end.position = {*p.lat_deg, *p.lon_deg};
    end.altitude_ft = p.altitude_ft;
    return end;
}

// The airport and runway of a take-off or landing seen at point i, moving along `track`: of
// the airports within the radius, the one with a runway aligned with the movement (the
// closest centreline wins), else the nearest. The runway is the aligned one; without a track
// or an aligned runway, the nearest runway end stands.
FlightEnd choose_end(const TrackPoint& p, const NearestAirport& nearest, const TrackPoint& moving,
                     std::optional<double> track, const Airports& airports, const FlightRules& r) {
    if (track && moving.lat_deg && moving.lon_deg) {
        const LatLon here{*moving.lat_deg, *moving.lon_deg};
        std::optional<std::pair<NearestAirport, AlignedRunway>> best;
        for (const NearestAirport& n : airports.near(here, r.airport_radius_km)) {
            const auto rw = Airports::aligned_runway(*n.airport, here, *track);
            if (rw && (!best || rw->offset_km < best->second.offset_km)) best.emplace(n, *rw);
        }
        if (best) {
            FlightEnd end = make_end(p, best->first);
            end.runway = best->second.ident;
            return end;
        }
    }
    return make_end(p, nearest);
}

// The departure (forward = true) or arrival end of points [b, e): the run of low points at
// that end, up to the first point judged not low. The airport and runway are read where the
// run meets the airborne part (lift-off, touchdown), by alignment.
std::optional<FlightEnd> find_end(const std::vector<TrackPoint>& pts, const std::vector<PointInfo>& info,
                                  std::size_t b, std::size_t e, bool forward, const Airports& airports,
                                  const FlightRules& r) {
    std::optional<FlightEnd> end;
    std::optional<std::size_t> first_low;
    std::optional<std::size_t> ground_contact;
    std::optional<std::size_t> last_low;
    const std::size_t n = e - b;
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = forward ? b + k : e - 1 - k;
        if (!info[i].judged) continue;
        if (!info[i].low) break;
        if (!first_low) first_low = i;
        if (info[i].state == State::ground) ground_contact = i;
        last_low = i;
    }
    if (!first_low) return end;
    // The movement where the aircraft leaves (reaches) the runway: the ground contact closest
    // to the airborne part, else the low point closest to it.
    const std::size_t at = ground_contact ? *ground_contact : *last_low;
    std::optional<double> track;
    // Take-off: the climb-out after the contact; landing: the approach before it.
    const std::size_t steps = forward ? e - at : at - b + 1;
    for (std::size_t k = 0; k < steps && !track; ++k) {
        const std::size_t i = forward ? at + k : at - k;
        if (info[i].state == State::air) track = movement_track(pts, i, b, e);
    }
    if (!track) track = movement_track(pts, at, b, e);
    const std::size_t where = *first_low;
    end = choose_end(pts[where], *info[where].near, pts[at], track, airports, r);
    end->ground_seen = info[where].state == State::ground;
    if (ground_contact) {
        end->t_s = pts[*ground_contact].t_s;
        end->ground_seen = true;
    }
    return end;
}

// The last (first) positioned point at or before (after) i within [b, e).
std::optional<std::size_t> positioned_before(const std::vector<TrackPoint>& pts, std::size_t i,
                                             std::size_t b) {
    for (std::size_t k = i + 1; k-- > b;)
        if (pts[k].lat_deg && pts[k].lon_deg) return k;
    return std::nullopt;
}
std::optional<std::size_t> positioned_after(const std::vector<TrackPoint>& pts, std::size_t i,
                                            std::size_t e) {
    for (std::size_t k = i; k < e; ++k)
        if (pts[k].lat_deg && pts[k].lon_deg) return k;
    return std::nullopt;
}

FlightGap make_gap(const std::vector<TrackPoint>& pts, std::size_t i) {
    FlightGap g;
    g.start_t_s = pts[i - 1].t_s;
    g.end_t_s = pts[i].t_s;
    if (auto k = positioned_before(pts, i - 1, 0)) g.from = LatLon{*pts[*k].lat_deg, *pts[*k].lon_deg};
    if (auto k = positioned_after(pts, i, pts.size())) g.to = LatLon{*pts[*k].lat_deg, *pts[*k].lon_deg};
    for (std::size_t k = i; k-- > 0 && !g.altitude_before_ft;) g.altitude_before_ft = pts[k].altitude_ft;
    for (std::size_t k = i; k < pts.size() && !g.altitude_after_ft; ++k)
        g.altitude_after_ft = pts[k].altitude_ft;
    return g;
}

template <typename T, typename Get>
std::vector<T> distinct_in_order(const std::vector<TrackPoint>& pts, Get get) {
    std::vector<T> out;
    for (const auto& p : pts)
        if (auto v = get(p); v && std::find(out.begin(), out.end(), *v) == out.end()) out.push_back(*v);
    return out;
}

Flight build_flight(const std::vector<TrackPoint>& pts, const std::vector<PointInfo>& info, std::size_t b,
                    std::size_t e, const AircraftDb* db, const Airports& airports, const FlightRules& r,
                    const std::vector<std::size_t>& bridged) {
    Flight f;
    f.icao = pts[b].icao;
    f.points.assign(pts.begin() + static_cast<std::ptrdiff_t>(b),
                    pts.begin() + static_cast<std::ptrdiff_t>(e));
    f.first_seen_t_s = pts[b].t_s;
    f.last_seen_t_s = pts[e - 1].t_s;
    f.callsign = most_frequent_callsign(f.points);
    // The highest of the airborne altitudes after a 5-point median, so a corrupt altitude (a
    // burst of bad frames, as in OpenSky data) does not become the maximum.
    std::vector<double> airborne_ft;
    for (std::size_t i = b; i < e; ++i)
        if (info[i].state == State::air && pts[i].altitude_ft) airborne_ft.push_back(*pts[i].altitude_ft);
    for (std::size_t i = 0; i < airborne_ft.size(); ++i) {
        std::vector<double> window;
        for (std::size_t k = i >= 2 ? i - 2 : 0; k < std::min(airborne_ft.size(), i + 3); ++k)
            window.push_back(airborne_ft[k]);
        std::nth_element(window.begin(), window.begin() + static_cast<std::ptrdiff_t>(window.size() / 2),
                         window.end());
        const double median = window[window.size() / 2];
        if (!f.max_altitude_ft || median > *f.max_altitude_ft) f.max_altitude_ft = median;
    }
    f.departure = find_end(pts, info, b, e, true, airports, r);
    f.arrival = find_end(pts, info, b, e, false, airports, r);
    for (std::size_t i : bridged)
        if (i > b && i < e) f.gaps.push_back(make_gap(pts, i));
    f.callsigns = distinct_in_order<std::string>(f.points, [](const TrackPoint& p) {
        return p.callsign.empty() ? std::nullopt : std::optional<std::string>(p.callsign);
    });
    f.squawks = distinct_in_order<std::uint16_t>(f.points, [](const TrackPoint& p) { return p.squawk; });
    // Ground runs with airborne points on both sides are touch-and-goes (long ones were cut).
    bool airborne_before = false;
    for (std::size_t i = b; i < e;) {
        if (info[i].state != State::ground) {
            airborne_before = true;
            ++i;
            continue;
        }
        std::size_t j = i;
        std::string airport;
        while (j < e && info[j].state == State::ground) {
            if (airport.empty() && info[j].near) airport = info[j].near->airport->ident;
            ++j;
        }
        if (airborne_before && j < e) f.touch_and_goes.push_back(airport);
        i = j;
    }
    if (auto designator = airline_designator(f.callsign)) f.operator_codes.push_back(*designator);
    for (const auto& c : f.callsigns)
        if (auto designator = airline_designator(c);
            designator && std::find(f.operator_codes.begin(), f.operator_codes.end(), *designator) ==
                              f.operator_codes.end())
            f.operator_codes.push_back(*designator);
    if (db) {
        if (const AircraftInfo* a = db->find(f.icao)) {
            f.registration = a->registration;
            f.typecode = a->typecode;
            f.type_description = a->description;
            f.military = a->military();
        }
        if (auto designator = airline_designator(f.callsign)) {
            f.operator_code = *designator;
            if (const OperatorInfo* o = db->find_operator(*designator)) {
                f.operator_name = o->name;
                f.operator_country = o->country;
            }
        }
    } else if (auto designator = airline_designator(f.callsign)) {
        f.operator_code = *designator;
    }
    return f;
}

// Ground speeds of the aircraft's airborne points: the top one (98th percentile, so single
// corrupt values do not count) bounds what a gap may need; the typical one (median) says how
// long the distance across a gap takes.
struct SpeedProfile {
    double top_kt = 0, typical_kt = 0;
};

SpeedProfile speed_profile(const std::vector<TrackPoint>& pts, const std::vector<PointInfo>& info,
                           const FlightRules& r) {
    std::vector<double> v;
    for (std::size_t i = 0; i < pts.size(); ++i)
        if (info[i].state == State::air && pts[i].ground_speed_kt && *pts[i].ground_speed_kt > 0)
            v.push_back(*pts[i].ground_speed_kt);
    SpeedProfile s{r.default_max_speed_kt, r.default_cruise_speed_kt};
    constexpr std::size_t MIN_SPEEDS = 5;
    if (v.size() < MIN_SPEEDS) return s;
    std::sort(v.begin(), v.end());
    constexpr double TOP_QUANTILE = 0.98;
    const double top = v[static_cast<std::size_t>(TOP_QUANTILE * static_cast<double>(v.size() - 1))];
    s.top_kt = top + r.speed_margin_kt;
    s.typical_kt = v[v.size() / 2];
    return s;
}

// The last callsign (squawk) heard at or before i, and the first at or after j.
template <typename Get>
auto heard_before(const std::vector<TrackPoint>& pts, std::size_t i, Get get) -> decltype(get(pts[0])) {
    for (std::size_t k = i + 1; k-- > 0;)
        if (auto v = get(pts[k])) return v;
    return {};
}
template <typename Get>
auto heard_after(const std::vector<TrackPoint>& pts, std::size_t j, Get get) -> decltype(get(pts[0])) {
    for (std::size_t k = j; k < pts.size(); ++k)
        if (auto v = get(pts[k])) return v;
    return {};
}

// Whether the silence before point i (longer than max_gap_low_s, airborne and away from
// airports on both sides) belongs inside one flight. Cut when the distance cannot be flown
// in the time; bridged when there was no time to land and leave again; otherwise bridged
// only when short (max_gap_s) or when the callsign (else the squawk) is the same either side.
bool bridgeable(const std::vector<TrackPoint>& pts, std::size_t i, const SpeedProfile& speeds,
                const FlightRules& r) {
    const double gap = pts[i].t_s - pts[i - 1].t_s;
    if (gap > r.max_bridge_s) return false;
    const auto before = positioned_before(pts, i - 1, 0);
    const auto after = positioned_after(pts, i, pts.size());
    double spare_s = gap;  // time left over after flying the distance at the typical speed
    if (before && after) {
        const double d_km = distance_km({*pts[*before].lat_deg, *pts[*before].lon_deg},
                                        {*pts[*after].lat_deg, *pts[*after].lon_deg});
        const double dt_s = pts[*after].t_s - pts[*before].t_s;
        constexpr double KM_PER_NM = 1.852;
        const double needed_kt = d_km / KM_PER_NM / (std::max(dt_s, 1.0) / 3600.0);
        if (needed_kt > speeds.top_kt) return false;  // cannot be flown: not one flight
        spare_s = dt_s - d_km / KM_PER_NM / speeds.typical_kt * 3600.0;
    }
    if (spare_s < r.min_turnaround_s) return true;
    if (gap <= r.max_gap_s) return true;
    const auto callsign = [](const TrackPoint& p) {
        return p.callsign.empty() ? std::optional<std::string>() : std::optional<std::string>(p.callsign);
    };
    const auto cs_before = heard_before(pts, i - 1, callsign);
    const auto cs_after = heard_after(pts, i, callsign);
    if (cs_before && cs_after) return *cs_before == *cs_after;
    const auto squawk = [](const TrackPoint& p) { return p.squawk; };
    const auto sq_before = heard_before(pts, i - 1, squawk);
    const auto sq_after = heard_after(pts, i, squawk);
    return sq_before && sq_after && *sq_before == *sq_after;
}

// Cuts one aircraft's points (in time order) into flights.
void split_aircraft(const std::vector<TrackPoint>& pts, const Airports& airports, const AircraftDb* db,
                    const FlightRules& r, std::vector<Flight>& out, FlightStats& stats) {
    const std::size_t b = 0;
    const std::size_t e = pts.size();
    std::vector<PointInfo> info;
    info.reserve(e);
    for (const auto& p : pts) info.push_back(classify(p, airports, r));
    fill_states(pts, info, r);
    drop_short_hops(pts, info, airports, r);

    auto lowish = [&](std::size_t i) { return info[i].state == State::ground || info[i].low; };
    const SpeedProfile speeds = speed_profile(pts, info, r);
    // Cut positions: a piece ends before each index in `cuts`; bridged gaps are remembered.
    std::vector<std::size_t> cuts;
    std::vector<std::size_t> bridged;
    for (std::size_t i = b + 1; i < e; ++i) {
        const double gap = pts[i].t_s - pts[i - 1].t_s;
        if (gap <= r.max_gap_low_s) continue;
        if (lowish(i - 1) || lowish(i) || !bridgeable(pts, i, speeds, r)) {
            cuts.push_back(i);
            ++stats.gaps_cut;
        } else {
            bridged.push_back(i);
            ++stats.gaps_bridged;
        }
    }
    // Stops: ground runs of at least min_stop_s between airborne points, cut at their widest gap.
    std::vector<std::size_t> stop_cuts;
    std::size_t piece_begin = b;
    for (std::size_t c = 0; c <= cuts.size(); ++c) {
        const std::size_t piece_end = c < cuts.size() ? cuts[c] : e;
        bool airborne_before = false;
        for (std::size_t i = piece_begin; i < piece_end;) {
            if (info[i].state != State::ground) {
                airborne_before = true;
                ++i;
                continue;
            }
            std::size_t j = i;
            while (j < piece_end && info[j].state == State::ground) ++j;
            if (airborne_before && j < piece_end && pts[j - 1].t_s - pts[i].t_s >= r.min_stop_s) {
                std::size_t widest = i;
                for (std::size_t k = i; k + 1 < j; ++k)
                    if (pts[k + 1].t_s - pts[k].t_s > pts[widest + 1].t_s - pts[widest].t_s) widest = k;
                stop_cuts.push_back(widest + 1);
            }
            i = j;
        }
        piece_begin = piece_end;
    }
    cuts.insert(cuts.end(), stop_cuts.begin(), stop_cuts.end());
    std::sort(cuts.begin(), cuts.end());
    cuts.push_back(e);

    const std::size_t first_flight = out.size();
    std::size_t start = b;
    for (std::size_t cut : cuts) {
        const std::size_t end = cut;
        if (end <= start) continue;
        const bool airborne = std::any_of(info.begin() + static_cast<std::ptrdiff_t>(start),
                                          info.begin() + static_cast<std::ptrdiff_t>(end),
                                          [](const PointInfo& i) { return i.state == State::air; });
        if (!airborne)
            ++stats.ground_only;
        else if (end - start < MIN_FLIGHT_POINTS)
            ++stats.too_short;
        else
            out.push_back(build_flight(pts, info, start, end, db, airports, r, bridged));
        start = end;
    }
    infer_unseen_ends(std::span<Flight>(out).subspan(first_flight), airports, r);
}

}  // namespace

std::optional<double> movement_track(const std::vector<TrackPoint>& pts, std::size_t i, std::size_t b,
                                     std::size_t e) {
    const TrackPoint& p = pts[i];
    if (p.track_deg && p.ground_speed_kt && *p.ground_speed_kt > 30) return p.track_deg;
    if (!p.lat_deg || !p.lon_deg) return std::nullopt;
    constexpr double MIN_BASE_KM = 0.3;
    const LatLon here{*p.lat_deg, *p.lon_deg};
    for (std::size_t k = i + 1; k < e; ++k)
        if (pts[k].lat_deg && pts[k].lon_deg &&
            distance_km(here, {*pts[k].lat_deg, *pts[k].lon_deg}) > MIN_BASE_KM)
            return initial_bearing_deg(here, {*pts[k].lat_deg, *pts[k].lon_deg});
    for (std::size_t k = i; k-- > b;)
        if (pts[k].lat_deg && pts[k].lon_deg &&
            distance_km({*pts[k].lat_deg, *pts[k].lon_deg}, here) > MIN_BASE_KM)
            return initial_bearing_deg({*pts[k].lat_deg, *pts[k].lon_deg}, here);
    return std::nullopt;
}

std::vector<Flight> find_flights(std::vector<TrackPoint> points, const Airports& airports,
                                 const AircraftDb* db, const FlightRules& rules, FlightStats* stats) {
    FlightStats local;
    std::erase_if(points, [](const TrackPoint& p) { return !std::isfinite(p.t_s); });
    std::stable_sort(points.begin(), points.end(), [](const TrackPoint& a, const TrackPoint& b) {
        return a.icao != b.icao ? a.icao < b.icao : a.t_s < b.t_s;
    });
    local.points = points.size();
    std::vector<Flight> flights;
    for (std::size_t b = 0; b < points.size();) {
        std::size_t e = b;
        while (e < points.size() && points[e].icao == points[b].icao) ++e;
        ++local.aircraft;
        const std::vector<TrackPoint> one(points.begin() + static_cast<std::ptrdiff_t>(b),
                                          points.begin() + static_cast<std::ptrdiff_t>(e));
        split_aircraft(one, airports, db, rules, flights, local);
        b = e;
    }
    local.flights = flights.size();
    if (stats) *stats = local;
    return flights;
}

bool Flight::has_position() const {
    return std::any_of(points.begin(), points.end(),
                       [](const TrackPoint& p) { return p.lat_deg && p.lon_deg; });
}

double Flight::gap_minutes() const {
    double total = 0;
    for (const auto& g : gaps) total += g.minutes();
    return total;
}

std::string iso_utc(double t_unix_s) {
    // Clamped to years 1970..9999 so the calendar arithmetic cannot overflow.
    const double t =
        std::isfinite(t_unix_s) ? std::clamp(t_unix_s, 0.0, core::LAST_UNIX_SECOND_OF_9999) : 0.0;
    const core::Date ymd = core::utc_date(t);
    const auto sod = static_cast<std::int64_t>(std::floor(t - core::unix_seconds(ymd)));
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), sod / 3600,
                       (sod / 60) % 60, sod % 60);
}

std::string flight_id(const Flight& f) {
    std::string t = iso_utc(f.first_seen_t_s);  // "2018-05-30T15:11:38Z"
    std::erase_if(t, [](char c) { return c == '-' || c == ':'; });
    return fmt::format("{:06x}-{}", f.icao, t);
}

}  // namespace reckon::adsb
