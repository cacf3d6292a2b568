// Archive selection, archive time text and the start time of undated captures (archives.hpp).
#include "reckon/adsb/archives.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "parse_number.hpp"
#include "reckon/adsb/sigmf.hpp"
#include "reckon/core/error.hpp"
#include "reckon/core/text.hpp"

namespace reckon::adsb {

namespace {

std::string upper(std::string_view s) {
    std::string out(core::trim(s));
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

// Days from 1970-01-01 to the civil date (proleptic Gregorian).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// `n` digits at s[i..] as a number, or -1.
int digits(std::string_view s, std::size_t i, std::size_t n) {
    if (i + n > s.size()) return -1;
    int v = 0;
    for (std::size_t k = i; k < i + n; ++k) {
        if (s[k] < '0' || s[k] > '9') return -1;
        v = v * 10 + (s[k] - '0');
    }
    return v;
}

const char* const SELECT_FORM =
    "write --select as KEY=VALUE[+VALUE...] joined by commas, with KEY icao (6 hex digits), type "
    "(ICAO type designator), operator (owner name or airline designator) or area "
    "(LAT0:LON0:LAT1:LON1), e.g. --select icao=3c66b2,area=35:40:60:60";

}  // namespace

bool ArchiveSelection::wants_icao(std::uint32_t a) const {
    return icao.empty() || std::find(icao.begin(), icao.end(), a) != icao.end();
}

bool ArchiveSelection::wants_type(std::string_view t) const {
    if (types.empty()) return true;
    const std::string u = upper(t);
    return std::find(types.begin(), types.end(), u) != types.end();
}

bool ArchiveSelection::wants_operator(std::string_view owner, std::string_view callsign) const {
    if (operators.empty()) return true;
    const std::string o = upper(owner);
    const std::string c = upper(callsign);
    return std::ranges::any_of(operators, [&](const std::string& want) {
        return (!o.empty() && o.find(want) != std::string::npos) ||
               (c.size() >= 3 && want.size() == 3 && c.compare(0, 3, want) == 0);
    });
}

bool ArchiveSelection::in_area(double lat, double lon) const {
    if (!area) return true;
    const auto& a = *area;
    if (lat < a[0] || lat > a[2]) return false;
    // A box may cross the antimeridian: lon_min > lon_max.
    return a[1] <= a[3] ? (lon >= a[1] && lon <= a[3]) : (lon >= a[1] || lon <= a[3]);
}

ArchiveSelection parse_selection(std::string_view spec) {
    ArchiveSelection s;
    std::string_view rest = spec;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string_view part = core::trim(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        if (part.empty()) continue;
        const auto eq = part.find('=');
        if (eq == std::string_view::npos)
            throw UsageError(fmt::format("--select: '{}' has no '='", part), SELECT_FORM);
        const std::string key = upper(part.substr(0, eq));
        std::string_view values = part.substr(eq + 1);
        if (key == "AREA") {
            std::array<double, 4> box{};
            std::size_t n = 0;
            while (n < 4) {
                const auto colon = values.find(':');
                const auto v = detail::parse_double(values.substr(0, colon));
                if (!v) break;
                box.at(n++) = *v;
                if (colon == std::string_view::npos) break;
                values.remove_prefix(colon + 1);
            }
            if (n != 4 || box[0] > box[2] || !detail::valid_lat_lon(box[0], box[1]) ||
                !detail::valid_lat_lon(box[2], box[3]))
                throw UsageError(fmt::format("--select: bad area '{}'", part.substr(eq + 1)),
                                 "give area=LAT0:LON0:LAT1:LON1 in degrees, south-west corner first");
            s.area = box;
            continue;
        }
        while (!values.empty()) {
            const auto plus = values.find('+');
            const std::string_view v = core::trim(values.substr(0, plus));
            values = plus == std::string_view::npos ? std::string_view{} : values.substr(plus + 1);
            if (v.empty()) continue;
            if (key == "ICAO") {
                const auto a = detail::parse_icao24(v);
                if (!a)
                    throw UsageError(fmt::format("--select: '{}' is not a 6-digit hex address", v),
                                     SELECT_FORM);
                s.icao.push_back(*a);
            } else if (key == "TYPE") {
                s.types.push_back(upper(v));
            } else if (key == "OPERATOR") {
                s.operators.push_back(upper(v));
            } else {
                throw UsageError(fmt::format("--select: unknown key '{}'", part.substr(0, eq)), SELECT_FORM);
            }
        }
    }
    return s;
}

std::optional<double> parse_time_text(std::string_view s) {
    s = core::trim(core::unquote(core::trim(s)));
    if (s.empty()) return std::nullopt;
    if (s.size() < 10 || s[4] != '-') {
        const auto v = detail::parse_double(s);
        if (!v || *v < 0 || *v > 253402300799.0) return std::nullopt;
        return v;
    }
    const int y = digits(s, 0, 4);
    const int mo = digits(s, 5, 2);
    const int d = digits(s, 8, 2);
    if (y < 1970 || s[7] != '-' || mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
    double t = static_cast<double>(days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d))) *
               86400.0;
    std::size_t i = 10;
    if (i < s.size() && (s[i] == 'T' || s[i] == ' ')) {
        const int h = digits(s, i + 1, 2);
        const int mi = digits(s, i + 4, 2);
        if (h < 0 || h > 24 || mi < 0 || mi > 59 || s.size() < i + 6 || s[i + 3] != ':') return std::nullopt;
        t += h * 3600.0 + mi * 60.0;
        i += 6;
        if (i < s.size() && s[i] == ':') {
            const int sec = digits(s, i + 1, 2);
            if (sec < 0 || sec > 60) return std::nullopt;
            t += sec;
            i += 3;
            if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
                double scale = 0.1;
                ++i;
                const std::size_t first = i;
                while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
                    t += (s[i] - '0') * scale;
                    scale /= 10;
                    ++i;
                }
                if (i == first) return std::nullopt;
            }
        }
    }
    while (i < s.size() && s[i] == ' ') ++i;
    if (i < s.size()) {
        const std::string_view zone = s.substr(i);
        if (zone == "Z" || zone == "UTC" || zone == "z") {
        } else if ((zone[0] == '+' || zone[0] == '-') && zone.size() >= 3) {
            const int zh = digits(zone, 1, 2);
            int zm = 0;
            if (zone.size() == 6 && zone[3] == ':')
                zm = digits(zone, 4, 2);
            else if (zone.size() == 5)
                zm = digits(zone, 3, 2);
            else if (zone.size() != 3)
                return std::nullopt;
            if (zh < 0 || zh > 23 || zm < 0 || zm > 59) return std::nullopt;
            const double off = zh * 3600.0 + zm * 60.0;
            t += zone[0] == '+' ? -off : off;
        } else {
            return std::nullopt;
        }
    }
    if (t < 0) return std::nullopt;
    return t;
}

StartTime find_start_time(const std::string& path, std::optional<double> given) {
    if (given) return {.t_s = *given, .source = "--start-time", .guessed = false};
    const std::string sidecar = path + ".start";
    std::error_code ec;
    if (std::filesystem::is_regular_file(sidecar, ec)) {
        std::ifstream in(sidecar);
        std::string line;
        std::getline(in, line);
        const auto t = parse_time_text(line);
        if (!t)
            throw InputError(
                {sidecar, 1}, fmt::format("'{}' is not a time", core::trim(line)),
                "write the capture's start as ISO 8601 UTC (2024-07-11T06:40:00Z) or Unix seconds");
        return {.t_s = *t, .source = "the sidecar " + sidecar, .guessed = false};
    }
    if (const auto meta = read_sigmf_meta(path); meta && meta->start_s)
        return {.t_s = *meta->start_s, .source = "SigMF " + meta->path, .guessed = false};
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && st.st_mtime > 0)
        return {.t_s = static_cast<double>(st.st_mtime),
                .source = "the file's modification time",
                .guessed = true};
    return {.t_s = 0, .source = {}, .guessed = true};
}

std::optional<double> parse_start_time_option(std::string_view text) {
    if (core::trim(text).empty()) return std::nullopt;
    const auto t = parse_time_text(text);
    if (!t || *t < REAL_TIME_MIN_S)
        throw UsageError(fmt::format("--start-time '{}' is not a date", text),
                         "give ISO 8601 UTC (2024-07-11T06:40:00Z) or Unix seconds (1720680000)");
    return t;
}
}  // namespace reckon::adsb
