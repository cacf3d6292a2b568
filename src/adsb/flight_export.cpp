// Flight tracks as KML and GPX (see flight_export.hpp).
#include "reckon/adsb/flight_export.hpp"

#include <fmt/format.h>

#include <cmath>

#include "reckon/core/markup.hpp"

namespace reckon::adsb {

namespace {

constexpr double FT_TO_M = 0.3048;
const std::vector<const WatchRule*> NO_MATCHES;

std::string end_text(const std::optional<FlightEnd>& e) {
    if (!e || e->airport.empty()) return "?";
    return e->runway.empty() ? e->airport : e->airport + " rwy " + e->runway;
}

std::string title(const Flight& f) {
    return fmt::format("{}{:06x} {}→{}", f.callsign.empty() ? "" : f.callsign + " ", f.icao,
                       f.departure ? f.departure->airport.empty() ? "?" : f.departure->airport : "?",
                       f.arrival ? f.arrival->airport.empty() ? "?" : f.arrival->airport : "?");
}

std::string description(const Flight& f, const std::vector<const WatchRule*>& matched) {
    std::string d = fmt::format("address {:06x}", f.icao);
    if (!f.registration.empty()) d += ", registration " + f.registration;
    if (!f.typecode.empty()) d += ", type " + f.typecode;
    if (!f.operator_name.empty() || !f.operator_code.empty())
        d += ", operator " + (f.operator_name.empty() ? f.operator_code : f.operator_name);
    d += fmt::format("; from {} at {} to {} at {}", end_text(f.departure), iso_utc(f.first_seen_t_s),
                     end_text(f.arrival), iso_utc(f.last_seen_t_s));
    if (f.max_altitude_ft) d += fmt::format("; highest {:.0f} ft", *f.max_altitude_ft);
    for (const auto* rule : matched) d += "; matches " + rule->name;
    return d;
}

}  // namespace

void write_tracks_kml(std::ostream& out, const std::vector<Flight>& flights,
                      const std::vector<std::vector<const WatchRule*>>& matched) {
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n<name>reckon adsb flights</name>\n"
           "<Style id=\"flight\"><LineStyle><color>ff0080ff</color><width>2</width></LineStyle></Style>\n"
           "<Style id=\"match\"><LineStyle><color>ff0000ff</color><width>3</width></LineStyle></Style>\n";
    for (std::size_t i = 0; i < flights.size(); ++i) {
        const Flight& f = flights[i];
        const auto& m = i < matched.size() ? matched[i] : NO_MATCHES;
        bool any_altitude = false;
        std::size_t positions = 0;
        for (const auto& p : f.points)
            if (p.lat_deg && p.lon_deg) {
                ++positions;
                any_altitude = any_altitude || p.altitude_ft.has_value();
            }
        out << "<Placemark id=\"" << core::markup_escape(flight_id(f)) << "\">\n<name>"
            << core::markup_escape(title(f)) << "</name>\n<description>"
            << core::markup_escape(description(f, m)) << "</description>\n"
            << "<TimeSpan><begin>" << iso_utc(f.first_seen_t_s) << "</begin><end>" << iso_utc(f.last_seen_t_s)
            << "</end></TimeSpan>\n<styleUrl>#" << (m.empty() ? "flight" : "match") << "</styleUrl>\n";
        if (positions == 0) {
            out << "</Placemark>\n";
            continue;
        }
        out << (positions == 1 ? "<Point>" : "<LineString><tessellate>1</tessellate>") << "<altitudeMode>"
            << (any_altitude ? "absolute" : "clampToGround") << "</altitudeMode><coordinates>";
        double last_alt_m = 0;
        bool first = true;
        for (const auto& p : f.points) {
            if (!p.lat_deg || !p.lon_deg) continue;
            if (p.altitude_ft) last_alt_m = *p.altitude_ft * FT_TO_M;
            out << (first ? "" : " ")
                << fmt::format("{:.6f},{:.6f},{:.0f}", *p.lon_deg, *p.lat_deg, last_alt_m);
            first = false;
        }
        out << "</coordinates>" << (positions == 1 ? "</Point>" : "</LineString>") << "\n</Placemark>\n";
    }
    out << "</Document>\n</kml>\n";
}

void write_tracks_gpx(std::ostream& out, const std::vector<Flight>& flights,
                      const std::vector<std::vector<const WatchRule*>>& matched) {
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<gpx version=\"1.1\" creator=\"reckon adsb flights\" "
           "xmlns=\"http://www.topografix.com/GPX/1/1\">\n";
    for (std::size_t i = 0; i < flights.size(); ++i) {
        const Flight& f = flights[i];
        const auto& m = i < matched.size() ? matched[i] : NO_MATCHES;
        out << "<trk><name>" << core::markup_escape(title(f)) << "</name><desc>"
            << core::markup_escape(description(f, m)) << "</desc><type>" << core::markup_escape(f.typecode)
            << "</type>\n<trkseg>\n";
        std::optional<double> last_t;
        for (const auto& p : f.points) {
            if (!p.lat_deg || !p.lon_deg) continue;
            if (last_t && p.t_s - *last_t > GPX_SEGMENT_GAP_S) out << "</trkseg>\n<trkseg>\n";
            last_t = p.t_s;
            out << fmt::format(R"(<trkpt lat="{:.6f}" lon="{:.6f}">)", *p.lat_deg, *p.lon_deg);
            if (p.altitude_ft) out << fmt::format("<ele>{:.0f}</ele>", *p.altitude_ft * FT_TO_M);
            out << "<time>" << iso_utc(p.t_s) << "</time></trkpt>\n";
        }
        out << "</trkseg>\n</trk>\n";
    }
    out << "</gpx>\n";
}

}  // namespace reckon::adsb
