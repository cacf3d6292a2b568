// CSV, JSON and store-event forms of flights (see flight_format.hpp).
#include "reckon/adsb/flight_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "reckon/core/claim_format.hpp"
#include "reckon/core/date.hpp"

namespace reckon::adsb {

namespace {

using nlohmann::ordered_json;

std::string km(double v) { return fmt::format("{:.3f}", v); }
std::string ft(const std::optional<double>& v) { return v ? fmt::format("{:.0f}", *v) : std::string(); }

std::string joined(const std::vector<std::string>& v, char sep = ';') {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? std::string(1, sep) : std::string()) + v[i];
    return out;
}

std::vector<std::string> rule_names(const std::vector<const WatchRule*>& matched) {
    std::vector<std::string> names;
    names.reserve(matched.size());
    for (const auto* r : matched) names.push_back(r->name);
    return names;
}

// The flight's columns without the trailing matches column.
std::vector<std::string> flight_fields(const Flight& f) {
    std::vector<std::string> v = {flight_id(f),
                                  fmt::format("{:06x}", f.icao),
                                  f.callsign,
                                  f.registration,
                                  f.typecode,
                                  f.type_description,
                                  f.military ? "1" : "0",
                                  f.operator_code,
                                  f.operator_name,
                                  f.operator_country,
                                  iso_utc(f.first_seen_t_s),
                                  iso_utc(f.last_seen_t_s)};
    for (const auto* end : {&f.departure, &f.arrival}) {
        if (*end) {
            const FlightEnd& e = **end;
            v.insert(v.end(), {e.airport, e.country, e.runway, km(e.distance_km), iso_utc(e.t_s),
                               e.ground_seen ? "1" : "0", e.inferred ? "1" : "0"});
        } else {
            v.insert(v.end(), {"", "", "", "", "", "", ""});
        }
    }
    v.push_back(std::to_string(f.touch_and_goes.size()));
    v.push_back(joined(f.touch_and_goes));
    v.push_back(ft(f.max_altitude_ft));
    v.push_back(std::to_string(f.points.size()));
    // Bridged coverage gaps (issue 14): total minutes and each as start/end.
    v.push_back(f.gaps.empty() ? std::string() : fmt::format("{:.1f}", f.gap_minutes()));
    std::vector<std::string> gaps;
    for (const auto& g : f.gaps) gaps.push_back(iso_utc(g.start_t_s) + "/" + iso_utc(g.end_t_s));
    v.push_back(joined(gaps));
    v.push_back(joined(f.callsigns));
    std::vector<std::string> squawks;
    for (auto q : f.squawks) squawks.push_back(fmt::format("{:04}", q));
    v.push_back(joined(squawks));
    return v;
}

const char* const FLIGHT_COLUMNS =
    "id,icao24,callsign,registration,typecode,type_description,military,operator_code,operator_name,"
    "operator_country,first_seen,last_seen,departure_airport,departure_country,departure_runway,"
    "departure_distance_km,departure_time,departure_on_ground,departure_inferred,arrival_airport,arrival_"
    "country,arrival_runway,"
    "arrival_distance_km,arrival_time,arrival_on_ground,arrival_inferred,touch_and_goes,touch_and_go_"
    "airports,max_altitude_ft,"
    "points,gap_min,gaps,callsigns,squawks";

std::string csv_row(const std::vector<std::string>& fields) {
    std::string row;
    for (std::size_t i = 0; i < fields.size(); ++i) row += (i ? "," : "") + core::csv_field(fields[i]);
    return row;
}

ordered_json end_json(const FlightEnd& e) {
    ordered_json j;
    j["airport"] = e.airport;
    if (!e.country.empty()) j["country"] = e.country;
    if (!e.runway.empty()) j["runway"] = e.runway;
    j["distance_km"] = std::round(e.distance_km * 1000) / 1000;
    j["time"] = iso_utc(e.t_s);
    j["on_ground"] = e.ground_seen;
    if (e.inferred) j["inferred"] = true;
    j["position"] = {std::round(e.position.lat_deg * 1e6) / 1e6, std::round(e.position.lon_deg * 1e6) / 1e6};
    if (e.altitude_ft) j["altitude_ft"] = *e.altitude_ft;
    return j;
}

core::Date date_of(double t_unix_s) {
    return core::utc_date(std::isfinite(t_unix_s) ? std::clamp(t_unix_s, 0.0, core::LAST_UNIX_SECOND_OF_9999)
                                                  : 0.0);
}

}  // namespace

std::string flights_csv_header() { return std::string(FLIGHT_COLUMNS) + ",matches"; }

std::string to_csv_row(const Flight& f, const std::vector<const WatchRule*>& matched) {
    auto fields = flight_fields(f);
    fields.push_back(joined(rule_names(matched)));
    return csv_row(fields);
}

ordered_json to_json(const Flight& f, const std::vector<const WatchRule*>& matched) {
    ordered_json j;
    j["id"] = flight_id(f);
    j["icao24"] = fmt::format("{:06x}", f.icao);
    auto text = [&](const char* key, const std::string& v) {
        if (!v.empty()) j[key] = v;
    };
    text("callsign", f.callsign);
    text("registration", f.registration);
    text("typecode", f.typecode);
    text("type_description", f.type_description);
    if (f.military) j["military"] = true;
    text("operator_code", f.operator_code);
    text("operator_name", f.operator_name);
    text("operator_country", f.operator_country);
    j["first_seen"] = iso_utc(f.first_seen_t_s);
    j["last_seen"] = iso_utc(f.last_seen_t_s);
    if (f.departure) j["departure"] = end_json(*f.departure);
    if (f.arrival) j["arrival"] = end_json(*f.arrival);
    if (!f.touch_and_goes.empty()) j["touch_and_goes"] = f.touch_and_goes;
    if (f.max_altitude_ft) j["max_altitude_ft"] = *f.max_altitude_ft;
    j["points"] = f.points.size();
    if (!f.gaps.empty()) {
        j["gap_min"] = std::round(f.gap_minutes() * 10) / 10;
        ordered_json gaps = ordered_json::array();
        for (const auto& g : f.gaps) {
            ordered_json gj;
            gj["start"] = iso_utc(g.start_t_s);
            gj["end"] = iso_utc(g.end_t_s);
            gj["minutes"] = std::round(g.minutes() * 10) / 10;
            auto pos = [](const LatLon& p) {
                return ordered_json::array(
                    {std::round(p.lat_deg * 1e6) / 1e6, std::round(p.lon_deg * 1e6) / 1e6});
            };
            if (g.from) gj["from"] = pos(*g.from);
            if (g.to) gj["to"] = pos(*g.to);
            if (g.altitude_before_ft) gj["altitude_before_ft"] = *g.altitude_before_ft;
            if (g.altitude_after_ft) gj["altitude_after_ft"] = *g.altitude_after_ft;
            gaps.push_back(std::move(gj));
        }
        j["gaps"] = std::move(gaps);
    }
    if (f.callsigns.size() > 1) j["callsigns"] = f.callsigns;
    if (!f.squawks.empty()) {
        std::vector<std::string> squawks;
        for (auto q : f.squawks) squawks.push_back(fmt::format("{:04}", q));
        j["squawks"] = squawks;
    }
    if (!f.has_position()) j["positions"] = false;
    j["matches"] = rule_names(matched);
    return j;
}

std::string matches_csv_header() { return std::string("rule,") + FLIGHT_COLUMNS; }

std::string to_match_csv_row(const Flight& f, const WatchRule& rule) {
    auto fields = flight_fields(f);
    fields.insert(fields.begin(), rule.name);
    return csv_row(fields);
}

core::Event to_event(const Flight& f, const WatchRule& rule, const Airports& airports) {
    core::Event e;
    e.kind = "flight";
    e.date = date_of(f.departure ? f.departure->t_s : f.first_seen_t_s);
    auto role = [&](const char* key, const std::string& v) {
        if (!v.empty()) e.roles[key] = v;
    };
    role("aircraft_type", f.typecode);
    role("operator", f.operator_name.empty() ? f.operator_code : f.operator_name);
    role("operator_code", f.operator_code);
    role("registration", f.registration);
    role("icao24", fmt::format("{:06x}", f.icao));
    role("callsign", f.callsign);
    if (f.departure) {
        role("from", f.departure->airport);
        if (f.departure->inferred) role("from_inferred", "yes");
        if (!f.departure->country.empty()) role("from_country", airports.country_name(f.departure->country));
        role("departure_time", iso_utc(f.departure->t_s));
        // Where the airport was found from, for maps (the report draws from -> to).
        role("from_lat", fmt::format("{:.5f}", f.departure->position.lat_deg));
        role("from_lon", fmt::format("{:.5f}", f.departure->position.lon_deg));
    }
    if (f.arrival) {
        role("to", f.arrival->airport);
        if (f.arrival->inferred) role("to_inferred", "yes");
        if (!f.arrival->country.empty()) role("to_country", airports.country_name(f.arrival->country));
        role("arrival_time", iso_utc(f.arrival->t_s));
        role("to_lat", fmt::format("{:.5f}", f.arrival->position.lat_deg));
        role("to_lon", fmt::format("{:.5f}", f.arrival->position.lon_deg));
    }
    role("rule", rule.name);
    e.sentence = to_match_csv_row(f, rule);
    return e;
}

}  // namespace reckon::adsb
