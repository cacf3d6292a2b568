// A simple flight simulator for tests and demonstrations: taxi out, take-off roll, climb,
// cruise and descent along the great circle between two airports, landing roll-out and taxi
// in, sampled every step_s as TrackPoints. Kinematics are deliberately plain (constant climb
// and descent rates, speed tied to altitude); the point is a plausible, exactly known flight
// to push through the encoder, the decoder and the flight finder.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "reckon/adsb/great_circle.hpp"
#include "reckon/adsb/track.hpp"

namespace reckon::adsb {

struct RoutePlan {
    std::uint32_t icao = 0;
    std::string callsign;
    LatLon from, to;  // where the take-off roll starts / the landing touches down
    double from_elevation_ft = 0, to_elevation_ft = 0;
    double off_block_t_s = 0;  // Unix time the taxi out starts
    double taxi_out_s = 600, taxi_in_s = 300;
    double taxi_speed_kt = 15;
    double takeoff_roll_s = 40;  // accelerating from 0 to rotate_speed_kt
    double rotate_speed_kt = 150;
    double rollout_s = 30;  // decelerating from approach_speed_kt to taxi speed
    double approach_speed_kt = 140;
    double cruise_speed_kt = 430;
    double cruise_altitude_ft = 33000;
    double climb_rate_fpm = 1800;
    double descent_rate_fpm = 1500;  // planned; adjusted so the descent ends at the runway
    double step_s = 1;
};

struct SimulatedFlight {
    std::vector<TrackPoint> points;  // on_ground, altitude, speed, track, vertical rate all set
    double takeoff_t_s = 0;          // wheels off (end of the roll)
    double landing_t_s = 0;          // touchdown
};

// Simulates the plan. Throws reckon::Error for a plan that cannot fly (non-positive step or
// speeds, non-finite coordinates, a cruise altitude below either airport).
SimulatedFlight simulate_flight(const RoutePlan& plan);

}  // namespace reckon::adsb
