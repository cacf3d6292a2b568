// The flight finder (see flights.hpp): classify each point as on the ground, airborne or
// unknown and as low near an airport or not, cut each aircraft's points at silences and
// stops, then read the ends of each piece for airports and times.
#include "reckon/adsb/flights.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

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

// Unknown states take the state before them (or the first known one at the start); a
// piece with no known state at all is taken as airborne.
void fill_states(std::vector<PointInfo>& info) {
    State last = State::unknown;
    for (const auto& i : info)
        if (i.state != State::unknown) {
            last = i.state;
            break;
        }
    if (last == State::unknown) last = State::air;
    for (auto& i : info) {
        if (i.state == State::unknown)
            i.state = last;
        else
            last = i.state;
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

// The departure (forward = true) or arrival end of points [b, e): the run of low points at
// that end, up to the first point judged not low.
std::optional<FlightEnd> find_end(const std::vector<TrackPoint>& pts, const std::vector<PointInfo>& info,
                                  std::size_t b, std::size_t e, bool forward) {
    std::optional<FlightEnd> end;
    const std::size_t n = e - b;
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = forward ? b + k : e - 1 - k;
        if (!info[i].judged) continue;
        if (!info[i].low) break;
        if (!end) {
            end = make_end(pts[i], *info[i].near);
            end->ground_seen = info[i].state == State::ground;
        } else if (info[i].state == State::ground) {
            // The ground contact closest to the airborne part gives the time.
            end->t_s = pts[i].t_s;
            end->ground_seen = true;
        }
    }
    return end;
}

Flight build_flight(const std::vector<TrackPoint>& pts, const std::vector<PointInfo>& info, std::size_t b,
                    std::size_t e, const AircraftDb* db) {
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
    f.departure = find_end(pts, info, b, e, true);
    f.arrival = find_end(pts, info, b, e, false);
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

// Cuts one aircraft's points (in time order) into flights.
void split_aircraft(const std::vector<TrackPoint>& pts, const Airports& airports, const AircraftDb* db,
                    const FlightRules& r, std::vector<Flight>& out, FlightStats& stats) {
    const std::size_t b = 0, e = pts.size();
    std::vector<PointInfo> info;
    info.reserve(e);
    for (const auto& p : pts) info.push_back(classify(p, airports, r));
    fill_states(info);
    drop_short_hops(pts, info, airports, r);

    auto lowish = [&](std::size_t i) { return info[i].state == State::ground || info[i].low; };
    // Cut positions: a piece ends before each index in `cuts`.
    std::vector<std::size_t> cuts;
    for (std::size_t i = b + 1; i < e; ++i) {
        const double gap = pts[i].t_s - pts[i - 1].t_s;
        if (gap > r.max_gap_s || (gap > r.max_gap_low_s && (lowish(i - 1) || lowish(i)))) cuts.push_back(i);
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
            out.push_back(build_flight(pts, info, start, end, db));
        start = end;
    }
}

}  // namespace

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
