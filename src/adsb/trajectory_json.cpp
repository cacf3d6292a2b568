// Trajectory exports of the `traffic` library as TrackPoints (see trajectory_json.hpp).
#include "reckon/adsb/trajectory_json.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>

#include "parse_number.hpp"
#include "reckon/adsb/formats.hpp"
#include "reckon/adsb/text_file.hpp"
#include "reckon/core/error.hpp"
#include "reckon/core/text.hpp"

namespace reckon::adsb {

namespace {

using nlohmann::json;

// Timestamps below this are seconds, above it milliseconds (1e11 s is the year 5138;
// 1e11 ms is 1973).
constexpr double MS_THRESHOLD = 1e11;
const char* const FORMAT_HINT =
    "Expected a traffic/pandas JSON export: a list of records, or {\"field\": {\"row\": value}}, "
    "with timestamp and icao24.";

std::optional<double> number(const json* v) {
    if (!v || !v->is_number()) return std::nullopt;
    const double d = v->get<double>();
    return std::isfinite(d) ? std::optional(d) : std::nullopt;
}

std::optional<double> bounded(const json* v, double lo, double hi) {
    auto d = number(v);
    return d && *d >= lo && *d <= hi ? d : std::nullopt;
}

// Looks a field up by any of its names, through `get` (a record or a column/row pair).
template <class Get>
const json* field(Get&& get, std::initializer_list<const char*> names) {
    for (const char* n : names)
        if (const json* v = get(n); v && !v->is_null()) return v;
    return nullptr;
}

template <class Get>
std::optional<TrackPoint> to_point(Get&& get, TrajectoryJson& out) {
    const json* ts = field(get, {"timestamp", "time"});
    const json* icao = field(get, {"icao24"});
    auto t = number(ts);
    if (!t || !icao || !icao->is_string()) return std::nullopt;
    const auto address = detail::parse_icao24(icao->get_ref<const std::string&>());
    if (!address) return std::nullopt;
    const double t_s = *t > MS_THRESHOLD ? *t / 1000.0 : *t;
    TrackPoint p;
    p.t_s = t_s;
    p.icao = *address;
    p.lat_deg = bounded(field(get, {"latitude", "lat"}), -90, 90);
    p.lon_deg = bounded(field(get, {"longitude", "lon"}), -180, 180);
    if (!p.lat_deg || !p.lon_deg) {
        p.lat_deg.reset();
        p.lon_deg.reset();
    } else if (auto last = number(field(get, {"last_position"}))) {
        const double last_s = *last > MS_THRESHOLD ? *last / 1000.0 : *last;
        if (t_s - last_s > STALE_POSITION_S) {
            p.lat_deg.reset();
            p.lon_deg.reset();
            ++out.stale_positions;
        }
    }
    // Bounds: the Mode S altitude and velocity fields' ranges, with margin.
    p.altitude_ft = bounded(field(get, {"altitude", "baroaltitude"}), -2000, 130000);
    p.ground_speed_kt = bounded(field(get, {"groundspeed"}), 0, 4000);
    p.track_deg = bounded(field(get, {"track", "heading"}), -360, 360);
    if (p.track_deg && *p.track_deg < 0) *p.track_deg += 360;
    p.vertical_rate_fpm = bounded(field(get, {"vertical_rate", "vertrate"}), -40000, 40000);
    if (const json* g = field(get, {"onground", "on_ground"}); g && g->is_boolean())
        p.on_ground = g->get<bool>();
    if (const json* c = field(get, {"callsign"}); c && c->is_string())
        p.callsign = std::string(core::trim(c->get_ref<const std::string&>()));
    if (const json* sq = field(get, {"squawk"})) {
        std::optional<double> v;
        if (sq->is_string())
            v = detail::parse_double(sq->get_ref<const std::string&>());
        else
            v = number(sq);
        // Squawks are four octal digits written as decimal text ("7500").
        if (v && *v >= 0 && *v <= 7777 && *v == std::floor(*v)) p.squawk = static_cast<std::uint16_t>(*v);
    }
    return p;
}

}  // namespace

TrajectoryJson parse_trajectory_json(std::string_view text, const std::string& file) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        throw InputError({file, {}, {}, e.byte > 0 ? e.byte - 1 : 0}, "is not valid JSON", FORMAT_HINT);
    } catch (const json::exception&) {
        // Anything else nlohmann rejects while parsing, e.g. a number too large for a double.
        throw InputError({file}, "holds a value that cannot be read (a number out of range?)", FORMAT_HINT);
    }
    TrajectoryJson out;
    auto add = [&](auto&& get) {
        if (auto p = to_point(get, out))
            out.points.push_back(std::move(*p));
        else
            ++out.skipped;
    };
    if (j.is_array()) {
        for (const json& rec : j) {
            if (!rec.is_object()) {
                ++out.skipped;
                continue;
            }
            add([&](const char* name) -> const json* {
                const auto it = rec.find(name);
                return it == rec.end() ? nullptr : &*it;
            });
        }
        return out;
    }
    const auto ts = j.is_object() ? j.find("timestamp") : j.end();
    if (!j.is_object() || ts == j.end() || !ts->is_object())
        throw InputError({file}, "is neither layout", FORMAT_HINT);
    // Columns layout: the timestamp column's row keys drive; other columns are looked up by key.
    for (const auto& item : ts->items()) {
        const std::string& row = item.key();
        add([&](const char* name) -> const json* {
            const auto col = j.find(name);
            if (col == j.end() || !col->is_object()) return nullptr;
            const auto it = col->find(row);
            return it == col->end() ? nullptr : &*it;
        });
    }
    // nlohmann orders object keys as strings ("10" before "2"): restore time order.
    std::stable_sort(out.points.begin(), out.points.end(),
                     [](const TrackPoint& a, const TrackPoint& b) { return a.t_s < b.t_s; });
    return out;
}

TrajectoryJson read_trajectory_json(const std::filesystem::path& path) {
    return parse_trajectory_json(read_text_file(path), path.string());
}

bool looks_like_trajectory_json(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size() || (text[i] != '[' && text[i] != '{')) return false;
    // Records name the fields in the first few hundred bytes; the columns layout starts with
    // one of them as the first key.
    const std::string_view head = text.substr(i, 4096);
    static constexpr std::array<std::string_view, 5> KEYS{R"("icao24")", R"("timestamp")", R"("altitude")",
                                                          R"("callsign")", R"("latitude")"};
    return std::ranges::any_of(
        KEYS, [&](std::string_view key) { return head.find(key) != std::string_view::npos; });
}

bool is_trajectory_json_input(const std::string& input, bool format_detected) {
    constexpr std::size_t DETECT_BYTES = 4096;
    if (!format_detected || input == "-" || input.starts_with("tcp://")) return false;
    const std::string head = read_text_head(input, DETECT_BYTES);
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(head.data());  // NOLINT(*-reinterpret-cast)
    const auto archive = detect_format({bytes, head.size()});
    const bool archive_json = archive == InputFormat::trace || archive == InputFormat::aircraft_json ||
                              archive == InputFormat::fr24_json;
    return !archive_json && looks_like_trajectory_json(head);
}

}  // namespace reckon::adsb
