// Airports of ends not seen low (see flight_ends.hpp and docs/adsb-flights.md, "Airports not
// seen"): each unseen end gets the airports it could plausibly be, with a cost (distance,
// weighted by how far off the aircraft's way it lies); the two ends of a silence between
// consecutive flights take the same airport when they share one.
#include "flight_ends.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace reckon::adsb {

namespace {

constexpr double KM_PER_NM = 1.852;
// A 3° path descends 318 ft per nautical mile (tan 3° × 6,076 ft).
constexpr double FT_PER_NM_ON_3_DEG = 318;
// Nearer than this the bearing to an airport says nothing about the way the aircraft moved.
constexpr double BEARING_MIN_DISTANCE_KM = 5;

struct Candidate {
    const Airport* airport = nullptr;
    double distance_km = 0;
    double cost = 0;
};

// Where an unseen end would be read from: the last (first) positioned point with an
// altitude, when the aircraft was coming down to it (going up from it).
struct EdgePoint {
    std::size_t index = 0;
    double altitude_ft = 0;
    std::optional<double> track_deg;
};

double angle_between(double a_deg, double b_deg) {
    const double d = std::fmod(std::fabs(a_deg - b_deg), 360.0);
    return d > 180 ? 360 - d : d;
}

double longest_runway_km(const Airport& a) {
    double best = 0;
    for (const auto& rw : a.runways) best = std::max(best, distance_km(rw.ends[0], rw.ends[1]));
    return best;
}

bool positioned_with_altitude(const TrackPoint& p) { return p.lat_deg && p.lon_deg && p.altitude_ft; }

// The q-quantile (0..1) of a non-empty set, by rank.
double quantile(std::vector<double> v, double q) {
    const auto k = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
}

// `arrival`: the flight's last such point, after a descent; else its first, before a climb.
// The edge's altitude is the median of its 5 points and the window's is its 80th percentile,
// so a few corrupt altitudes (as in OpenSky data) make no climb, and a level stretch at the
// end (a held altitude before the approach) hides no descent; a vertical rate heard at the
// point that says the opposite rules it out.
std::optional<EdgePoint> edge_point(const Flight& f, bool arrival, const FlightRules& r) {
    const auto& pts = f.points;
    const std::size_t n = pts.size();
    auto nth = [&](std::size_t k) -> const TrackPoint& { return pts[arrival ? n - 1 - k : k]; };
    std::optional<std::size_t> at;
    std::vector<double> edge_ft;    // the altitudes of the (up to) 5 positioned points at the edge
    std::vector<double> window_ft;  // all altitudes within infer_window_s of the edge
    constexpr std::size_t EDGE_POINTS = 5;
    for (std::size_t k = 0; k < n; ++k) {
        const TrackPoint& q = nth(k);
        if (!at) {
            if (!positioned_with_altitude(q)) continue;
            at = arrival ? n - 1 - k : k;
        }
        if (std::fabs(q.t_s - pts[*at].t_s) > r.infer_window_s) break;
        if (!q.altitude_ft) continue;
        window_ft.push_back(*q.altitude_ft);
        if (edge_ft.size() < EDGE_POINTS && q.lat_deg && q.lon_deg) edge_ft.push_back(*q.altitude_ft);
    }
    if (!at || pts[*at].on_ground == true) return std::nullopt;
    const TrackPoint& p = pts[*at];
    constexpr double MIN_RATE_FPM = 500;
    if (p.vertical_rate_fpm &&
        (arrival ? *p.vertical_rate_fpm >= MIN_RATE_FPM : *p.vertical_rate_fpm <= -MIN_RATE_FPM))
        return std::nullopt;
    const double altitude_ft = quantile(edge_ft, 0.5);
    if (altitude_ft > r.infer_max_altitude_ft) return std::nullopt;
    // Coming down to the edge (going up from it): the window's altitudes lie above it.
    constexpr double WINDOW_QUANTILE = 0.8;
    if (quantile(window_ft, WINDOW_QUANTILE) < altitude_ft + r.infer_min_change_ft) return std::nullopt;
    return EdgePoint{*at, altitude_ft, movement_track(pts, *at, 0, n)};
}

double min_runway_km(std::span<const Flight> flights, const FlightRules& r) {
    std::vector<double> speeds;
    for (const auto& f : flights)
        for (const auto& p : f.points)
            if (p.ground_speed_kt && p.on_ground != true && *p.ground_speed_kt > 0)
                speeds.push_back(*p.ground_speed_kt);
    if (speeds.empty()) return 0;
    std::nth_element(speeds.begin(), speeds.begin() + static_cast<std::ptrdiff_t>(speeds.size() / 2),
                     speeds.end());
    const double median = speeds[speeds.size() / 2];
    if (median >= r.jet_speed_kt) return r.jet_min_runway_km;
    if (median >= r.turboprop_speed_kt) return r.turboprop_min_runway_km;
    return 0;
}

// The airports an unseen end could be, cheapest first.
std::vector<Candidate> candidates(const Flight& f, bool arrival, const Airports& airports, double runway_km,
                                  const FlightRules& r) {
    std::vector<Candidate> out;
    const auto edge = edge_point(f, arrival, r);
    if (!edge) return out;
    const TrackPoint& p = f.points[edge->index];
    const LatLon here{*p.lat_deg, *p.lon_deg};
    auto reach_km = [&](double height_ft) {
        return std::min(r.infer_max_reach_km, 2 * std::max(height_ft, 0.0) / FT_PER_NM_ON_3_DEG * KM_PER_NM +
                                                  r.infer_reach_slack_km);
    };
    for (const NearestAirport& n : airports.near(here, reach_km(edge->altitude_ft))) {
        const double elevation_ft = n.elevation_ft.value_or(n.airport->elevation_ft.value_or(0));
        if (n.distance_km > reach_km(edge->altitude_ft - elevation_ft)) continue;
        if (runway_km > 0 && longest_runway_km(*n.airport) < runway_km) continue;
        double off_deg = 0;
        if (edge->track_deg && n.distance_km >= BEARING_MIN_DISTANCE_KM) {
            // Arriving, the airport lies ahead of the movement; departing, behind it. Near the
            // field aircraft turn (a climb-out turning onto course, a downwind leg), so there
            // the bearing only weighs; further out it must agree.
            const double bearing = arrival ? initial_bearing_deg(here, n.airport->position)
                                           : initial_bearing_deg(n.airport->position, here);
            off_deg = angle_between(bearing, *edge->track_deg);
            if (off_deg > r.infer_max_bearing_deg && n.distance_km > r.infer_turning_km) continue;
        }
        out.push_back({n.airport, n.distance_km, n.distance_km * (1 + off_deg / r.infer_max_bearing_deg)});
    }
    std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) { return a.cost < b.cost; });
    return out;
}

FlightEnd inferred_end(const Flight& f, bool arrival, const Candidate& c) {
    const auto& pts = f.points;
    std::size_t i = 0;
    for (std::size_t k = 0; k < pts.size(); ++k) {
        const std::size_t j = arrival ? pts.size() - 1 - k : k;
        if (positioned_with_altitude(pts[j])) {
            i = j;
            break;
        }
    }
    FlightEnd end;
    end.airport = c.airport->ident;
    end.country = c.airport->country;
    end.distance_km = c.distance_km;
    end.t_s = pts[i].t_s;
    end.position = {*pts[i].lat_deg, *pts[i].lon_deg};
    end.altitude_ft = pts[i].altitude_ft;
    end.inferred = true;
    return end;
}

const Candidate* find_airport(const std::vector<Candidate>& cs, const std::string& ident) {
    for (const auto& c : cs)
        if (c.airport->ident == ident) return &c;
    return nullptr;
}

}  // namespace

void infer_unseen_ends(std::span<Flight> flights, const Airports& airports, const FlightRules& rules) {
    if (!rules.infer_ends || flights.empty()) return;
    const double runway_km = min_runway_km(flights, rules);
    auto unseen = [&](const Flight& f, bool arrival) {
        const bool known = arrival ? f.arrival.has_value() : f.departure.has_value();
        return known ? std::vector<Candidate>{} : candidates(f, arrival, airports, runway_km, rules);
    };
    // The first departure and the last arrival stand alone.
    if (auto c = unseen(flights.front(), false); !c.empty())
        flights.front().departure = inferred_end(flights.front(), false, c.front());
    if (auto c = unseen(flights.back(), true); !c.empty())
        flights.back().arrival = inferred_end(flights.back(), true, c.front());
    // Between two flights the aircraft stood at one airport: where one end was seen, the other
    // takes it if within its reach; where neither was, the airport cheapest for both together.
    for (std::size_t k = 0; k + 1 < flights.size(); ++k) {
        Flight& before = flights[k];
        Flight& after = flights[k + 1];
        const auto landed = unseen(before, true);
        const auto left = unseen(after, false);
        if (landed.empty() && left.empty()) continue;
        const Candidate* pick_landed = landed.empty() ? nullptr : &landed.front();
        const Candidate* pick_left = left.empty() ? nullptr : &left.front();
        if (before.arrival && !left.empty()) {
            if (const auto* same = find_airport(left, before.arrival->airport)) pick_left = same;
        } else if (after.departure && !landed.empty()) {
            if (const auto* same = find_airport(landed, after.departure->airport)) pick_landed = same;
        } else if (!landed.empty() && !left.empty()) {
            const Candidate* joint_landed = nullptr;
            const Candidate* joint_left = nullptr;
            for (const auto& a : landed)
                if (const auto* b = find_airport(left, a.airport->ident);
                    b && (!joint_landed || a.cost + b->cost < joint_landed->cost + joint_left->cost)) {
                    joint_landed = &a;
                    joint_left = b;
                }
            if (joint_landed) {
                pick_landed = joint_landed;
                pick_left = joint_left;
            }
        }
        if (pick_landed) before.arrival = inferred_end(before, true, *pick_landed);
        if (pick_left) after.departure = inferred_end(after, false, *pick_left);
    }
}

}  // namespace reckon::adsb
