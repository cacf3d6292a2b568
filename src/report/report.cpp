// Writing a report folder (see report.hpp): the page with the front end and the view inlined,
// view.json, the four PNG charts drawn from the same view, flights.csv and the launch rows the
// page links to.
#include "reckon/report/report.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <set>

#include <fmt/core.h>

#include "chart.hpp"
#include "reckon/core/atomic_file.hpp"
#include "reckon/core/claim_format.hpp"
#include "reckon/core/error.hpp"
#include "reckon/core/version.hpp"
#include "reckon/report/assets.hpp"
#include "reckon/report/view.hpp"
#include "report_files.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace reckon::report {

namespace {

using detail::Chart;
using detail::ClaimMarker;
using detail::hex_colour;
using detail::MarkerShape;

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

double number(const json& j) { return j.is_number() ? j.get<double>() : NaN; }
double number(const json& j, const char* key) { return j.is_object() && j.contains(key) ? number(j[key]) : NaN; }
std::string text(const json& j, const char* key) {
    return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}
std::optional<double> optional_number(const json& j, const char* key) {
    const double v = number(j, key);
    return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

// "YYYY-MM" → the month's index (year * 12 + month - 1); NaN when malformed.
double month_index(const std::string& s) {
    int y = 0, m = 0;
    if (s.size() < 7 || std::sscanf(s.c_str(), "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12) return NaN;
    return y * 12.0 + m - 1;
}

// "YYYY-MM-DD" → a position in months: the start of the day, or its end when `end_of_day`.
double month_position(const std::string& s, bool end_of_day) {
    int y = 0, m = 0, d = 0;
    if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 ||
        d > 31)
        return NaN;
    const auto days = static_cast<double>(
        static_cast<unsigned>(std::chrono::year_month_day_last(std::chrono::year(y) / std::chrono::month(m) /
                                                               std::chrono::last).day()));
    return y * 12.0 + m - 1 + (std::min<double>(d, days) - (end_of_day ? 0 : 1)) / days;
}

struct IntervalSeries {
    std::vector<double> x, median, q05, q25, q75, q95;
    void add(double xv, const json& i) {
        x.push_back(xv);
        median.push_back(number(i, "median"));
        q05.push_back(number(i, "q05"));
        q25.push_back(number(i, "q25"));
        q75.push_back(number(i, "q75"));
        q95.push_back(number(i, "q95"));
    }
    void draw(Chart& chart, detail::Rgb colour, const std::string& what) const {
        chart.band(x, q05, q95, colour, detail::BAND_90_ALPHA, "90% interval");
        chart.band(x, q25, q75, colour, detail::BAND_50_ALPHA, "50% interval");
        chart.line(x, median, colour, 2, false, what + " (median)");
    }
};

MarkerShape shape_of(const json& claim) {
    const std::string q = text(claim, "qualifier");
    if (q == "over") return MarkerShape::lower_bound;
    if (q == "under") return MarkerShape::upper_bound;
    if (q == "range") return MarkerShape::interval;
    return MarkerShape::point;
}

// Claims as chart markers, with one legend entry per source class drawn (in the palette's order).
void draw_claims(Chart& chart, std::vector<std::pair<ClaimMarker, std::string>> markers) {
    std::set<std::string> classes;
    std::vector<ClaimMarker> plain;
    for (auto& [m, source_class] : markers) {
        classes.insert(source_class);
        plain.push_back(m);
    }
    chart.claims(std::move(plain));
    for (const auto& c : detail::PALETTE)
        if (classes.count(std::string(c.source_class)))
            chart.claims_legend(hex_colour(c.hex), fmt::format("claims: {}", c.source_class));
    if (!classes.empty()) {
        chart.shape_legend(MarkerShape::lower_bound, false, "at least (over)");
        chart.shape_legend(MarkerShape::upper_bound, false, "at most (under)");
        chart.shape_legend(MarkerShape::point, true, "set aside");
    }
}

std::string production_png(const json& view) {
    Chart chart({"Production per month", "month", "units per month", true});
    IntervalSeries s;
    for (const auto& m : view["months"]) s.add(month_index(text(m, "month")) + 0.5, m["production"]);
    s.draw(chart, hex_colour(detail::ESTIMATE_HEX), "estimate");
    // Rate claims at their figure per month, over the period they describe.
    std::vector<std::pair<ClaimMarker, std::string>> markers;
    for (const auto& c : view["claims"]) {
        const auto monthly = optional_number(c, "monthly");
        const double x0 = month_position(text(c, "period_start"), false);
        const double x1 = month_position(text(c, "period_end"), true);
        if (!monthly || !std::isfinite(x0) || !std::isfinite(x1)) continue;
        ClaimMarker m{x0, x1, *monthly, optional_number(c, "monthly_low"), optional_number(c, "monthly_high"),
                      shape_of(c), detail::class_colour(text(c, "source_class")), c.value("used", false)};
        markers.push_back({m, text(c, "source_class")});
    }
    draw_claims(chart, std::move(markers));
    return chart.png();
}

std::string cumulative_png(const json& view) {
    Chart chart({"Cumulative production against the contracts", "month", "units made since the start", true});
    IntervalSeries s;
    for (const auto& m : view["months"]) s.add(month_index(text(m, "month")) + 1, m["cumulative"]);
    s.draw(chart, hex_colour(detail::ESTIMATE_HEX), "estimate");
    std::size_t i = 0;
    for (const auto& k : view["contracts"]) {
        const double due = month_position(text(k, "due"), true);
        chart.level(number(k, "quantity"), std::isfinite(due) ? std::optional<double>(due) : std::nullopt,
                    hex_colour(detail::CONTRACT_HEX[i++ % std::size(detail::CONTRACT_HEX)]), text(k, "name"));
    }
    // Totals made over a period, at the period's end.
    std::vector<std::pair<ClaimMarker, std::string>> markers;
    for (const auto& c : view["claims"]) {
        if (text(c, "metric") != "production_total" || text(c, "unit") != "unit") continue;
        const double x = month_position(text(c, "period_end"), true);
        const double y = number(c, "value");
        if (!std::isfinite(x) || !std::isfinite(y)) continue;
        ClaimMarker m{x, x, y, optional_number(c, "low"), optional_number(c, "high"), shape_of(c),
                      detail::class_colour(text(c, "source_class")), c.value("used", false)};
        markers.push_back({m, text(c, "source_class")});
    }
    draw_claims(chart, std::move(markers));
    return chart.png();
}

std::string launches_png(const json& view) {
    Chart chart({"Launches counted and the model's use", "month", "units per month", true});
    std::vector<double> x, launched;
    IntervalSeries usage;
    for (const auto& m : view["months"]) {
        const double t = month_index(text(m, "month")) + 0.5;
        x.push_back(t);
        launched.push_back(number(m, "launched"));
        usage.add(t, m["usage"]);
    }
    chart.bars(x, launched, 0.7, hex_colour("#787878"), "launched (counted)");
    chart.band(usage.x, usage.q05, usage.q95, hex_colour(detail::USAGE_HEX), detail::BAND_90_ALPHA,
               "use: 90% interval");
    chart.line(usage.x, usage.median, hex_colour(detail::USAGE_HEX), 2, false, "use (median)");
    return chart.png();
}

std::string learning_curve_png(const json& view) {
    Chart chart({"Unit cost against cumulative output (log scales)", "units made (cumulative)", "unit cost (USD)",
                 false, true});
    IntervalSeries s;
    for (const auto& p : view["learning_curve"]) s.add(number(p, "cumulative_units"), p["unit_cost_usd"]);
    s.draw(chart, hex_colour(detail::ESTIMATE_HEX), "unit cost");
    // A cost claim sits at the median cumulative output of the middle month of its period, at the
    // cost it states; prices are not costs, and a claim from before any output has no place on a
    // log axis. The page draws the same claims (learning_claims in web/src/charts.js).
    std::map<double, double> cumulative_at;  // month index → median cumulative output
    for (const auto& m : view["months"]) cumulative_at[month_index(text(m, "month"))] = number(m["cumulative"], "median");
    std::vector<std::pair<ClaimMarker, std::string>> markers;
    for (const auto& c : view["claims"]) {
        if (text(c, "metric") != "unit_cost" || !text(c, "unit").starts_with("USD")) continue;
        const double middle = std::floor((month_position(text(c, "period_start"), false) +
                                          month_position(text(c, "period_end"), true)) / 2);
        const double y = number(c, "value");
        if (!std::isfinite(middle) || !std::isfinite(y) || y <= 0) continue;
        const auto it = cumulative_at.find(middle);
        if (it == cumulative_at.end() || !std::isfinite(it->second) || it->second <= 0) continue;
        const double x = it->second;
        ClaimMarker m{x, x, y, optional_number(c, "low"), optional_number(c, "high"), shape_of(c),
                      detail::class_colour(text(c, "source_class")), c.value("used", false)};
        markers.push_back({m, text(c, "source_class")});
    }
    draw_claims(chart, std::move(markers));
    return chart.png();
}

std::string html_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
}

// Text inlined in a <script> or <style> element must not close it early: "</" becomes "<\/",
// which JSON strings, JS strings, templates and regexes, and CSS strings all read as "</".
std::string inline_safe(std::string s) {
    replace_all(s, "</", "<\\/");
    return s;
}

std::string flights_csv(const json& view) {
    static const char* const COLUMNS[] = {"date", "from", "to", "from_country", "to_country", "aircraft_type",
                                          "operator", "registration", "callsign", "icao24", "rule",
                                          "departure_time", "arrival_time", "from_lat", "from_lon", "to_lat",
                                          "to_lon", "source", "attribution", "sentence"};
    std::string csv;
    for (const char* c : COLUMNS) csv += std::string(csv.empty() ? "" : ",") + c;
    csv += ",document_title,document_url,document_sha256\n";
    for (const auto& f : view["flights"]) {
        std::string row;
        bool first = true;
        for (const char* c : COLUMNS) {
            std::string field;
            if (f.contains(c) && f[c].is_string()) field = f[c].get<std::string>();
            else if (f.contains(c) && f[c].is_number()) field = fmt::format("{}", f[c].get<double>());
            row += (first ? "" : ",") + core::csv_field(field);
            first = false;
        }
        const json& d = f.contains("document") ? f["document"] : json(nullptr);
        row += "," + core::csv_field(text(d, "title")) + "," + core::csv_field(text(d, "url")) + "," +
               core::csv_field(text(d, "sha256"));
        csv += row + "\n";
    }
    return csv;
}

std::string read_whole_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof())
        throw InputError({path.string()}, "cannot read the launch data to copy it beside the report",
                         "check that the file is readable");
    return content;
}

}  // namespace

std::string view_text(const json& view, int indent) {
    return view.dump(indent, ' ', false, json::error_handler_t::replace);
}

std::string report_html(const json& view) {
    const std::string title = view.contains("programme") ? text(view["programme"], "name") : std::string();
    std::string files;
    if (view.contains("files") && view["files"].is_object())
        for (const auto& [role, name] : view["files"].items())
            if (name.is_string() && role != "index_html")
                files += fmt::format("{}<a href=\"{}\">{}</a>", files.empty() ? "" : ", ", html_escape(name.get<std::string>()),
                                     html_escape(name.get<std::string>()));
    std::string html;
    html += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    html += fmt::format("<meta name=\"generator\" content=\"reckon {}\">\n", VERSION);
    html += fmt::format("<title>{} — reckon report</title>\n", html_escape(title.empty() ? "Programme" : title));
    html += "<style>\n" + inline_safe(std::string(app_css())) + "\n</style>\n</head>\n<body>\n";
    html += "<noscript><p>This report draws its charts, map and tables with JavaScript, which is turned off in "
            "this browser. The same figures are in the files beside this page: " + files + ".</p></noscript>\n";
    html += "<script>window.RECKON_VIEW = " + inline_safe(view_text(view)) + ";</script>\n";
    html += "<script>\n" + inline_safe(std::string(app_js())) + "\n</script>\n</body>\n</html>\n";
    return html;
}

void detail::check_folder(const fs::path& dir, std::size_t count, bool overwrite) {
    if (overwrite) return;
    std::error_code ec;
    for (std::size_t i = 0; i < count && i < detail::REPORT_FILES.size(); ++i)
        if (const auto& f = detail::REPORT_FILES[i]; fs::exists(dir / f.name, ec))
            throw InputError({(dir / f.name).string()}, "the file exists already",
                             "pass --overwrite to replace it, or choose another --out");
}

void check_report_folder(const fs::path& dir, bool overwrite) {
    detail::check_folder(dir, detail::REPORT_FILES.size(), overwrite);
}

void write_report(const json& view, const estimate::EstimateResult& result, const fs::path& dir, bool overwrite) {
    if (!view.is_object() || view.value("reckon_view", 0) != VIEW_VERSION || !view.contains("months") ||
        !view.contains("claims"))
        throw Error("write_report was given something that is not a reckon view", "this is a bug in reckon");
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir))
        throw Error(fmt::format("cannot create the folder {}", dir.string()), "check the path and its permissions");
    // The charts first: drawing can fail, and then no page points at missing pictures.
    const std::pair<const char*, std::string> charts[] = {{"production.png", production_png(view)},
                                                          {"cumulative.png", cumulative_png(view)},
                                                          {"launches.png", launches_png(view)},
                                                          {"learning_curve.png", learning_curve_png(view)}};
    for (const auto& [name, png] : charts) core::write_file_atomically(dir / name, png, overwrite);
    core::write_file_atomically(dir / "flights.csv", flights_csv(view), overwrite);
    if (const auto name = launch_rows_file(result))
        core::write_file_atomically(dir / *name, read_whole_file(result.programme.launches->file), overwrite);
    core::write_file_atomically(dir / "view.json", view_text(view, 1) + "\n", overwrite);
    // The page last: once it exists, everything it links to does.
    core::write_file_atomically(dir / "index.html", report_html(view), overwrite);
}

}  // namespace reckon::report
