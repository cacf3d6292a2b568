// Airports from OurAirports tables, and the nearest runway end or reference point to a
// position through a one-degree grid (see airports.hpp for the contract).
#include "reckon/adsb/airports.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "parse_number.hpp"
#include "reckon/adsb/text_file.hpp"
#include "reckon/core/csv.hpp"
#include "reckon/core/error.hpp"
#include "reckon/core/text.hpp"

namespace reckon::adsb {

namespace {

// Kilometres per degree of latitude on the sphere of great_circle.hpp (2πR / 360).
constexpr double KM_PER_DEG_LAT = 111.19;

std::string upper(std::string_view s) {
    std::string out(core::trim(s));
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::int32_t cell_key(int lat_cell, int lon_cell) {
    lon_cell = ((lon_cell % 360) + 360) % 360;
    return lat_cell * 360 + lon_cell;
}

int lat_cell_of(double lat_deg) { return std::clamp(static_cast<int>(std::floor(lat_deg + 90.0)), 0, 180); }
int lon_cell_of(double lon_deg) { return static_cast<int>(std::floor(lon_deg + 180.0)); }

// A runway end that is a helicopter pad ("H1", "01H") rather than a runway.
bool is_helipad(std::string_view runway) {
    return !runway.empty() && (runway.front() == 'H' || runway.back() == 'H');
}

const char* const OURAIRPORTS_HINT =
    "Use the OurAirports CSV file as downloaded (https://ourairports.com/data/).";

// The header of an OurAirports table and the indices of the columns it must have; throws
// InputError naming the file and the first one missing.
std::vector<std::size_t> require_columns(core::CsvReader& rows, core::CsvRecord& row,
                                         std::initializer_list<std::string_view> names,
                                         std::string_view expected) {
    if (!rows.next(row))
        throw InputError({rows.name()}, "is empty", fmt::format("Expected OurAirports' {}.", expected));
    const core::CsvHeader header(row, rows.name());
    std::vector<std::size_t> idx;
    for (auto name : names) idx.push_back(header.require_column(name, OURAIRPORTS_HINT));
    return idx;
}

}  // namespace

Airports Airports::load(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw InputError({dir.string()}, "is not a folder",
                         "Give --airports the folder holding runways.csv and airport-coords.json.");
    Airports a;
    const fs::path runways = dir / "runways.csv";
    const fs::path coords = dir / "airport-coords.json";
    const fs::path airports = dir / "airports.csv";
    const fs::path countries = dir / "countries.csv";
    const bool have_runways = fs::exists(runways, ec);
    const bool have_coords = fs::exists(coords, ec);
    if (!have_runways && !have_coords)
        throw InputError({dir.string()}, "holds neither runways.csv nor airport-coords.json",
                         "Download runways.csv from https://ourairports.com/data/ into that folder.");
    // airports.csv first: its countries and elevations are the best there are.
    if (fs::exists(airports, ec)) a.add_airports_csv(read_text_file(airports), airports.string());
    if (have_runways) a.add_runways_csv(read_text_file(runways), runways.string());
    if (have_coords) a.add_airport_coords_json(read_text_file(coords), coords.string());
    if (fs::exists(countries, ec)) a.add_countries_csv(read_text_file(countries), countries.string());
    return a;
}

Airport& Airports::airport_for(const std::string& ident) {
    auto [it, inserted] = m_by_ident.try_emplace(ident, m_airports.size());
    if (inserted) {
        Airport a;
        a.ident = ident;
        a.country = country_of_icao_ident(ident);
        m_airports.push_back(std::move(a));
    }
    return m_airports[it->second];
}

void Airports::add_place(std::size_t airport, std::string runway, LatLon p,
                         std::optional<double> elevation_ft) {
    m_cells[cell_key(lat_cell_of(p.lat_deg), lon_cell_of(p.lon_deg))].push_back(
        Place{airport, std::move(runway), p, elevation_ft});
}

void Airports::add_runways_csv(std::string_view text, const std::string& file) {
    core::CsvReader rows(text, file);
    core::CsvRecord row;
    const auto c = require_columns(
        rows, row,
        {"airport_ident", "closed", "le_ident", "le_latitude_deg", "le_longitude_deg", "le_elevation_ft",
         "he_ident", "he_latitude_deg", "he_longitude_deg", "he_elevation_ft"},
        "runways.csv");
    while (rows.next(row)) {
        const std::string ident = upper(row.field(c[0]));
        if (ident.empty()) {
            ++m_skipped;
            continue;
        }
        if (core::trim(row.field(c[1])) == "1") continue;
        Airport::Runway runway_both;
        int ends_read = 0;
        for (std::size_t end = 0; end < 2; ++end) {
            const std::size_t base = 2 + end * 4;
            const std::string runway = upper(row.field(c[base]));
            const auto lat = detail::parse_double(row.field(c[base + 1]));
            const auto lon = detail::parse_double(row.field(c[base + 2]));
            if (!lat || !lon || is_helipad(runway)) continue;  // most small fields have no coordinates
            if (!detail::valid_lat_lon(*lat, *lon)) {
                ++m_skipped;
                continue;
            }
            const auto elevation = detail::parse_double(row.field(c[base + 3]));
            const bool known = m_by_ident.contains(ident);
            Airport& a = airport_for(ident);
            if (elevation && (!a.elevation_ft || *elevation > *a.elevation_ft)) a.elevation_ft = elevation;
            if (!known) a.position = {*lat, *lon};
            add_place(m_by_ident[ident], runway, {*lat, *lon}, elevation);
            ++m_runway_ends;
            runway_both.idents[end] = runway;
            runway_both.ends[end] = {*lat, *lon};
            ++ends_read;
        }
        if (ends_read == 2 && distance_km(runway_both.ends[0], runway_both.ends[1]) > 0.1)
            m_airports[m_by_ident[ident]].runways.push_back(std::move(runway_both));
    }
}

void Airports::add_airport_coords_json(std::string_view text, const std::string& file) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw InputError({file, {}, {}, e.byte > 0 ? e.byte - 1 : 0}, "is not valid JSON",
                         "Expected an object of ICAO code → [lat, lon].");
    } catch (const nlohmann::json::exception&) {
        // Anything else nlohmann rejects while parsing, e.g. a number too large for a double.
        throw InputError({file}, "holds a value that cannot be read (a number out of range?)",
                         "Expected an object of ICAO code → [lat, lon].");
    }
    if (!j.is_object())
        throw InputError({file}, "is not a JSON object", "Expected an object of ICAO code → [lat, lon].");
    auto position_of = [](const nlohmann::json& v) -> std::optional<LatLon> {
        if (!v.is_array() || v.size() < 2 || !v[0].is_number() || !v[1].is_number()) return std::nullopt;
        const double lat = v[0].get<double>();
        const double lon = v[1].get<double>();
        if (!std::isfinite(lat) || !std::isfinite(lon) || !detail::valid_lat_lon(lat, lon))
            return std::nullopt;
        return LatLon{lat, lon};
    };
    // Pass 1: four-letter codes; pass 2: the rest, unless they repeat a pass-1 position.
    std::set<std::pair<double, double>> seen;
    for (int pass = 0; pass < 2; ++pass) {
        for (const auto& [key, value] : j.items()) {
            const std::string ident = upper(key);
            if ((ident.size() == 4) != (pass == 0)) continue;
            const auto p = position_of(value);
            if (ident.empty() || !p) {
                ++m_skipped;
                continue;
            }
            if (pass == 1 && seen.contains({p->lat_deg, p->lon_deg})) continue;
            seen.insert({p->lat_deg, p->lon_deg});
            const bool known = m_by_ident.contains(ident);
            Airport& a = airport_for(ident);
            // A reference point read from airports.csv or placed by runways is kept.
            if (!known) a.position = *p;
            add_place(m_by_ident[ident], "", *p, a.elevation_ft);
        }
    }
}

void Airports::add_countries_csv(std::string_view text, const std::string& file) {
    core::CsvReader rows(text, file);
    core::CsvRecord row;
    const auto c = require_columns(rows, row, {"code", "name"}, "countries.csv");
    while (rows.next(row)) {
        const std::string code = upper(row.field(c[0]));
        const std::string name(core::trim(row.field(c[1])));
        if (code.empty() || name.empty()) {
            ++m_skipped;
            continue;
        }
        m_country_names[code] = name;
    }
}

void Airports::add_airports_csv(std::string_view text, const std::string& file) {
    core::CsvReader rows(text, file);
    core::CsvRecord row;
    const auto c = require_columns(
        rows, row, {"ident", "latitude_deg", "longitude_deg", "elevation_ft", "iso_country", "type"},
        "airports.csv");
    while (rows.next(row)) {
        const std::string ident = upper(row.field(c[0]));
        const auto lat = detail::parse_double(row.field(c[1]));
        const auto lon = detail::parse_double(row.field(c[2]));
        const std::string_view type = core::trim(row.field(c[5]));
        if (type == "closed" || type == "heliport" || type == "balloonport") continue;
        if (ident.empty() || !lat || !lon || !detail::valid_lat_lon(*lat, *lon)) {
            ++m_skipped;
            continue;
        }
        Airport& a = airport_for(ident);
        a.position = {*lat, *lon};
        if (auto e = detail::parse_double(row.field(c[3]))) a.elevation_ft = e;
        const std::string country = upper(row.field(c[4]));
        if (country.size() == 2) a.country = country;
    }
}

std::optional<NearestAirport> Airports::nearest(LatLon p, double max_km) const {
    std::optional<NearestAirport> best;
    visit_places(p, max_km,
                 [&](const Airport& a, const std::string& runway, double d,
                     const std::optional<double>& elevation_ft) {
                     if (!best || d < best->distance_km) best = NearestAirport{&a, runway, d, elevation_ft};
                 });
    return best;
}

std::vector<NearestAirport> Airports::near(LatLon p, double max_km) const {
    std::unordered_map<const Airport*, NearestAirport> by_airport;
    visit_places(p, max_km,
                 [&](const Airport& a, const std::string& runway, double d,
                     const std::optional<double>& elevation_ft) {
                     auto it = by_airport.find(&a);
                     if (it == by_airport.end() || d < it->second.distance_km)
                         by_airport[&a] = NearestAirport{&a, runway, d, elevation_ft};
                 });
    std::vector<NearestAirport> out;
    out.reserve(by_airport.size());
    for (auto& [a, n] : by_airport) out.push_back(std::move(n));
    std::sort(out.begin(), out.end(), [](const NearestAirport& x, const NearestAirport& y) {
        return x.distance_km != y.distance_km ? x.distance_km < y.distance_km
                                              : x.airport->ident < y.airport->ident;
    });
    return out;
}

std::optional<AlignedRunway> Airports::aligned_runway(const Airport& a, LatLon p, double track_deg,
                                                      double max_heading_diff_deg, double max_offset_km,
                                                      double max_along_km) {
    std::optional<AlignedRunway> best;
    if (!std::isfinite(track_deg)) return best;
    for (const Airport::Runway& r : a.runways) {
        for (std::size_t from = 0; from < 2; ++from) {
            const LatLon start = r.ends[from];
            const LatLon stop = r.ends[1 - from];
            const double heading = initial_bearing_deg(start, stop);
            const double diff = std::fabs(std::remainder(track_deg - heading, 360.0));
            if (diff > max_heading_diff_deg) continue;
            // Flat-earth position of p in the runway's frame (km along from `start`, km across).
            const double length = distance_km(start, stop);
            const double d = distance_km(start, p);
            const double rel = (initial_bearing_deg(start, p) - heading) * 3.141592653589793 / 180.0;
            const double along = d * std::cos(rel);
            const double across = std::fabs(d * std::sin(rel));
            if (across > max_offset_km || along < -max_along_km || along > length + max_along_km) continue;
            if (!best || across + diff / 10.0 < best->offset_km + best->heading_diff_deg / 10.0)
                best = AlignedRunway{r.idents[from], across, diff};
        }
    }
    return best;
}

template <typename Visit>
void Airports::visit_places(LatLon p, double max_km, Visit&& visit) const {
    if (!std::isfinite(p.lat_deg) || !std::isfinite(p.lon_deg) ||
        !detail::valid_lat_lon(p.lat_deg, p.lon_deg) || !(max_km >= 0))
        return;
    const int lat_cells = static_cast<int>(std::ceil(max_km / KM_PER_DEG_LAT));
    const double cos_lat =
        std::cos((std::min(std::abs(p.lat_deg) + lat_cells, 90.0)) * 3.141592653589793 / 180.0);
    const int lon_cells =
        cos_lat < 1e-6 ? 180
                       : std::min(180, static_cast<int>(std::ceil(max_km / (KM_PER_DEG_LAT * cos_lat))));
    const int lat0 = lat_cell_of(p.lat_deg);
    const int lon0 = lon_cell_of(p.lon_deg);
    for (int dlat = -lat_cells; dlat <= lat_cells; ++dlat) {
        const int lat_cell = lat0 + dlat;
        if (lat_cell < 0 || lat_cell > 180) continue;
        for (int dlon = -lon_cells; dlon <= lon_cells; ++dlon) {
            const auto it = m_cells.find(cell_key(lat_cell, lon0 + dlon));
            if (it == m_cells.end()) continue;
            for (const Place& place : it->second) {
                const double d = distance_km(p, place.position);
                if (d > max_km) continue;
                const Airport& a = m_airports[place.airport];
                visit(a, place.runway, d, place.elevation_ft ? place.elevation_ft : a.elevation_ft);
            }
        }
    }
}

const Airport* Airports::find(std::string_view ident) const {
    const auto it = m_by_ident.find(upper(ident));
    return it == m_by_ident.end() ? nullptr : &m_airports[it->second];
}

std::string Airports::country_name(std::string_view code) const {
    const auto it = m_country_names.find(code);
    return it == m_country_names.end() ? std::string(code) : it->second;
}

std::optional<std::string> Airports::country_code(std::string_view name) const {
    const std::string wanted = upper(name);
    for (const auto& [code, n] : m_country_names)
        if (upper(n) == wanted) return code;
    return std::nullopt;
}

}  // namespace reckon::adsb
