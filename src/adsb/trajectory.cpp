// The flight simulator (see trajectory.hpp): a small state machine over along-track distance
// and altitude, integrated with a fixed step.
#include "reckon/adsb/trajectory.hpp"

#include <algorithm>
#include <cmath>

#include "reckon/core/error.hpp"

namespace reckon::adsb {

namespace {

constexpr double S_PER_H = 3600.0, S_PER_MIN = 60.0;
// Below this height above the departure the climb speed rises from rotation to cruise speed.
constexpr double ACCELERATION_HEIGHT_FT = 10000;

double km_per_s(double kt) { return kt * KM_PER_NM / S_PER_H; }

}  // namespace

SimulatedFlight simulate_flight(const RoutePlan& plan) {
    const bool finite = std::isfinite(plan.from.lat_deg) && std::isfinite(plan.from.lon_deg) &&
                        std::isfinite(plan.to.lat_deg) && std::isfinite(plan.to.lon_deg);
    if (!finite || !(plan.step_s > 0) || !(plan.taxi_speed_kt > 0) || !(plan.rotate_speed_kt > 0) ||
        !(plan.cruise_speed_kt > 0) || !(plan.approach_speed_kt > 0) || !(plan.climb_rate_fpm > 0) ||
        !(plan.descent_rate_fpm > 0) || plan.takeoff_roll_s < 0 || plan.rollout_s < 0 ||
        plan.cruise_altitude_ft <= std::max(plan.from_elevation_ft, plan.to_elevation_ft))
        throw Error("the simulated flight plan cannot be flown",
                    "Give finite coordinates, positive speeds, rates and step, and a cruise altitude above "
                    "both airports.");
    const double route_km = distance_km(plan.from, plan.to);
    const double out_bearing = initial_bearing_deg(plan.from, plan.to);
    const double in_bearing = std::fmod(initial_bearing_deg(plan.to, plan.from) + 180.0, 360.0);
    SimulatedFlight sim;
    auto emit = [&](double t, LatLon p, double alt_ft, double gs_kt, double track, double vr_fpm,
                    bool ground) {
        TrackPoint tp;
        tp.t_s = t;
        tp.icao = plan.icao;
        tp.lat_deg = p.lat_deg;
        tp.lon_deg = p.lon_deg;
        tp.altitude_ft = alt_ft;
        tp.ground_speed_kt = gs_kt;
        tp.track_deg = track;
        tp.vertical_rate_fpm = vr_fpm;
        tp.on_ground = ground;
        tp.callsign = plan.callsign;
        sim.points.push_back(std::move(tp));
    };

    double t = plan.off_block_t_s;
    // Taxi out towards the runway, along the departure direction.
    const double taxi_out_km = km_per_s(plan.taxi_speed_kt) * plan.taxi_out_s;
    for (double e = 0; e < plan.taxi_out_s; e += plan.step_s, t += plan.step_s)
        emit(t, destination(plan.from, out_bearing + 180.0, taxi_out_km - km_per_s(plan.taxi_speed_kt) * e),
             plan.from_elevation_ft, plan.taxi_speed_kt, out_bearing, 0, true);
    // Take-off roll: constant acceleration to rotation speed.
    const double accel_kt_s = plan.takeoff_roll_s > 0 ? plan.rotate_speed_kt / plan.takeoff_roll_s : 0;
    for (double e = 0; e < plan.takeoff_roll_s; e += plan.step_s, t += plan.step_s) {
        const double s_km = km_per_s(0.5 * accel_kt_s * e * e);
        emit(t, destination(plan.from, out_bearing, s_km), plan.from_elevation_ft, accel_kt_s * e,
             out_bearing, 0, true);
    }
    sim.takeoff_t_s = t;
    // Airborne: climb, cruise, descend, until the along-track distance reaches the arrival.
    double s_km = km_per_s(0.5 * accel_kt_s * plan.takeoff_roll_s * plan.takeoff_roll_s);
    double alt_ft = plan.from_elevation_ft;
    bool descending = false;
    for (int guard = 0; s_km < route_km && guard < 10'000'000; ++guard) {
        const double remaining_km = route_km - s_km;
        const double height_ft = alt_ft - plan.to_elevation_ft;
        // Descend once the planned rate at the mean descent speed would just reach the runway.
        const double mean_speed_kt = 0.5 * (plan.cruise_speed_kt + plan.approach_speed_kt);
        const double descent_km = km_per_s(mean_speed_kt) * height_ft / plan.descent_rate_fpm * S_PER_MIN;
        if (!descending && remaining_km <= descent_km && alt_ft > plan.to_elevation_ft) descending = true;
        double gs_kt, vr_fpm;
        if (descending) {
            gs_kt = plan.approach_speed_kt + (plan.cruise_speed_kt - plan.approach_speed_kt) *
                                                 std::clamp(height_ft / plan.cruise_altitude_ft, 0.0, 1.0);
            // The rate that lands exactly at the runway at this speed.
            const double time_left_s = remaining_km / km_per_s(gs_kt);
            vr_fpm = -height_ft / std::max(time_left_s, plan.step_s) * S_PER_MIN;
        } else {
            const double climbed_ft = alt_ft - plan.from_elevation_ft;
            gs_kt = plan.rotate_speed_kt + (plan.cruise_speed_kt - plan.rotate_speed_kt) *
                                               std::clamp(climbed_ft / ACCELERATION_HEIGHT_FT, 0.0, 1.0);
            vr_fpm = alt_ft < plan.cruise_altitude_ft ? plan.climb_rate_fpm : 0;
        }
        const LatLon p = intermediate(plan.from, plan.to, s_km / route_km);
        emit(t, p, alt_ft, gs_kt, initial_bearing_deg(p, plan.to), vr_fpm, false);
        s_km += km_per_s(gs_kt) * plan.step_s;
        alt_ft = std::min(plan.cruise_altitude_ft, alt_ft + vr_fpm * plan.step_s / S_PER_MIN);
        alt_ft = std::max(alt_ft, plan.to_elevation_ft);
        t += plan.step_s;
    }
    sim.landing_t_s = t;
    // Roll-out and taxi in, beyond the touchdown point along the arrival direction.
    double beyond_km = 0;
    for (double e = 0; e < plan.rollout_s; e += plan.step_s, t += plan.step_s) {
        const double gs =
            plan.approach_speed_kt - (plan.approach_speed_kt - plan.taxi_speed_kt) * e / plan.rollout_s;
        emit(t, destination(plan.to, in_bearing, beyond_km), plan.to_elevation_ft, gs, in_bearing, 0, true);
        beyond_km += km_per_s(gs) * plan.step_s;
    }
    for (double e = 0; e < plan.taxi_in_s; e += plan.step_s, t += plan.step_s) {
        emit(t, destination(plan.to, in_bearing, beyond_km), plan.to_elevation_ft, plan.taxi_speed_kt,
             in_bearing, 0, true);
        beyond_km += km_per_s(plan.taxi_speed_kt) * plan.step_s;
    }
    return sim;
}

}  // namespace reckon::adsb
