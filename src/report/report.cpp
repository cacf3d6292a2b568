// Writing a report folder (see report.hpp): the page with the front end and the view inlined,
// view.json, the four PNG charts drawn from the same estimate and evidence the view is built
// from (typed, not read back from the JSON), flights.csv and the launch rows the page links to.
#include "reckon/report/report.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <string_view>
#include <system_error>

#include "chart.hpp"
#include "reckon/core/atomic_file.hpp"
#include "reckon/core/claim_format.hpp"
#include "reckon/core/error.hpp"
#include "reckon/core/markup.hpp"
#include "reckon/core/read_file.hpp"
#include "reckon/core/version.hpp"
#include "reckon/report/assets.hpp"
#include "reckon/report/estimate_files.hpp"
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

constexpr double NOT_A_NUMBER = std::numeric_limits<double>::quiet_NaN();

std::optional<double> finite(std::optional<double> v) { return v && std::isfinite(*v) ? v : std::nullopt; }

// A month as a position on a chart's axis of months.
double month_index(const core::Month& m) { return m.index; }

// A day as a position in months: the start of the day, or its end when `end_of_day`.
double month_position(const core::Date& d, bool end_of_day) {
    if (!d.ok()) return NOT_A_NUMBER;
    const auto m = core::Month::of(d);
    const double days = m.days();
    return m.index + (static_cast<unsigned>(d.day()) - (end_of_day ? 0.0 : 1.0)) / days;
}

struct IntervalSeries {
    std::vector<double> x, median, q05, q25, q75, q95;
    void add(double xv, const estimate::Interval& i) {
        x.push_back(xv);
        median.push_back(i.median);
        q05.push_back(i.q05);
        q25.push_back(i.q25);
        q75.push_back(i.q75);
        q95.push_back(i.q95);
    }
    void draw(Chart& chart, detail::Rgb colour, const std::string& what) const {
        chart.band(x, q05, q95, colour, detail::BAND_90_ALPHA, "90% interval");
        chart.band(x, q25, q75, colour, detail::BAND_50_ALPHA, "50% interval");
        chart.line(x, median, colour, 2, false, what + " (median)");
    }
};

MarkerShape shape_of(const evidence::EvidenceClaim& claim) {
    switch (claim.qualifier) {
        case core::Qualifier::over:
            return MarkerShape::lower_bound;
        case core::Qualifier::under:
            return MarkerShape::upper_bound;
        case core::Qualifier::range:
            return MarkerShape::interval;
        default:
            return MarkerShape::point;
    }
}

// A claim drawn at (x0..x1, y) with its bounds, coloured by its source class, hollow when set aside.
std::pair<ClaimMarker, std::string> marker(const evidence::EvidenceClaim& c, double x0, double x1, double y,
                                           std::optional<double> low, std::optional<double> high) {
    const std::string source_class(core::to_string(c.source_class));
    return {ClaimMarker{x0, x1, y, finite(low), finite(high), shape_of(c), detail::class_colour(source_class),
                        c.used()},
            source_class};
}

// Claims as chart markers, with one legend entry per source class drawn (in the palette's order).
void draw_claims(Chart& chart, const std::vector<std::pair<ClaimMarker, std::string>>& markers) {
    std::set<std::string> classes;
    std::vector<ClaimMarker> plain;
    for (const auto& [m, source_class] : markers) {
        classes.insert(source_class);
        plain.push_back(m);
    }
    chart.claims(std::move(plain));
    for (const auto& c : detail::PALETTE)
        if (classes.contains(std::string(c.source_class)))
            chart.claims_legend(hex_colour(c.hex), fmt::format("claims: {}", c.source_class));
    if (!classes.empty()) {
        chart.shape_legend(MarkerShape::lower_bound, false, "at least (over)");
        chart.shape_legend(MarkerShape::upper_bound, false, "at most (under)");
        chart.shape_legend(MarkerShape::point, true, "set aside");
    }
}

std::string production_png(const estimate::EstimateResult& r) {
    Chart chart({"Production per month", "month", "units per month", true});
    IntervalSeries s;
    for (const auto& m : r.months) s.add(month_index(m.month) + 0.5, m.production);
    s.draw(chart, hex_colour(detail::ESTIMATE_HEX), "estimate");
    // Rate claims at their figure per month, over the period they describe.
    std::vector<std::pair<ClaimMarker, std::string>> markers;
    for (const auto& c : r.evidence.claims) {
        const auto monthly = finite(evidence::per_month(c.value, c.unit));
        const double x0 = month_position(c.period.first, false);
        const double x1 = month_position(c.period.last, true);
        if (!monthly || !std::isfinite(x0) || !std::isfinite(x1)) continue;
        auto monthly_of = [&](const std::optional<double>& v) {
            return v ? evidence::per_month(*v, c.unit) : std::nullopt;
        };
        markers.push_back(marker(c, x0, x1, *monthly, monthly_of(c.low), monthly_of(c.high)));
    }
    draw_claims(chart, markers);
    return chart.png();
}

std::string cumulative_png(const estimate::EstimateResult& r) {
    Chart chart({"Cumulative production against the contracts", "month", "units made since the start", true});
    IntervalSeries s;
    for (const auto& m : r.months) s.add(month_index(m.month) + 1, m.cumulative);
    s.draw(chart, hex_colour(detail::ESTIMATE_HEX), "estimate");
    std::size_t i = 0;
    for (const auto& k : r.contracts) {
        const double due = month_position(k.contract.due, true);
        chart.level(k.contract.quantity, std::isfinite(due) ? std::optional<double>(due) : std::nullopt,
                    hex_colour(detail::CONTRACT_HEX[i++ % std::size(detail::CONTRACT_HEX)]), k.contract.name);
    }
    // Totals made over a period, at the period's end.
    std::vector<std::pair<ClaimMarker, std::string>> markers;
    for (const auto& c : r.evidence.claims) {
        if (c.metric != "production_total" || c.unit != "unit") continue;
        const double x = month_position(c.period.last, true);
        if (!std::isfinite(x) || !std::isfinite(c.value)) continue;
        markers.push_back(marker(c, x, x, c.value, c.low, c.high));
    }
    draw_claims(chart, markers);
    return chart.png();
}

std::string launches_png(const estimate::EstimateResult& r) {
    Chart chart({"Launches counted and the model's use", "month", "units per month", true});
    std::vector<double> x;
    std::vector<double> launched;
    IntervalSeries usage;
    for (const auto& m : r.months) {
        const double t = month_index(m.month) + 0.5;
        x.push_back(t);
        launched.push_back(finite(m.launched).value_or(NOT_A_NUMBER));
        usage.add(t, m.usage);
    }
    chart.bars(x, launched, 0.7, hex_colour("#787878"), "launched (counted)");
    chart.band(usage.x, usage.q05, usage.q95, hex_colour(detail::USAGE_HEX), detail::BAND_90_ALPHA,
               "use: 90% interval");
    chart.line(usage.x, usage.median, hex_colour(detail::USAGE_HEX), 2, false, "use (median)");
    return chart.png();
}

std::string learning_curve_png(const estimate::EstimateResult& r) {
    Chart chart({"Unit cost against cumulative output (log scales)", "units made (cumulative)",
                 "unit cost (USD)", false, true});
    IntervalSeries s;
    for (const auto& [units, cost] : r.cost_curve) s.add(units, cost);
    s.draw(chart, hex_colour(detail::ESTIMATE_HEX), "unit cost");
    // A cost claim sits at the median cumulative output of the middle month of its period, at the
    // cost it states; prices are not costs, and a claim from before any output has no place on a
    // log axis. The page draws the same claims (learning_claims in web/src/charts.js).
    std::map<double, double> cumulative_at;  // month index → median cumulative output
    for (const auto& m : r.months) cumulative_at[month_index(m.month)] = m.cumulative.median;
    std::vector<std::pair<ClaimMarker, std::string>> markers;
    for (const auto& c : r.evidence.claims) {
        if (c.metric != "unit_cost" || !c.unit.starts_with("USD")) continue;
        const double middle =
            std::floor((month_position(c.period.first, false) + month_position(c.period.last, true)) / 2);
        if (!std::isfinite(middle) || !std::isfinite(c.value) || c.value <= 0) continue;
        const auto it = cumulative_at.find(middle);
        if (it == cumulative_at.end() || !std::isfinite(it->second) || it->second <= 0) continue;
        markers.push_back(marker(c, it->second, it->second, c.value, c.low, c.high));
    }
    draw_claims(chart, markers);
    return chart.png();
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

std::string number_text(const std::optional<evidence::Flight::Position>& p, bool lat) {
    if (!p) return {};
    return fmt::format("{}", lat ? p->lat_deg : p->lon_deg);
}

std::string flights_csv(const evidence::Evidence& ev) {
    std::string csv =
        "date,from,to,from_country,to_country,aircraft_type,operator,registration,callsign,icao24,rule,"
        "departure_time,arrival_time,from_lat,from_lon,to_lat,to_lon,source,attribution,sentence,document_"
        "title,"
        "document_url,document_sha256\n";
    for (const auto& f : ev.flights) {
        const auto* d = ev.document(f.document);
        const std::array<std::string, 23> fields = {f.date ? core::to_iso(*f.date) : std::string(),
                                                    f.from,
                                                    f.to,
                                                    f.from_country,
                                                    f.to_country,
                                                    f.aircraft_type,
                                                    f.operator_name,
                                                    f.registration,
                                                    f.callsign,
                                                    f.icao24,
                                                    f.rule,
                                                    f.departure_time,
                                                    f.arrival_time,
                                                    number_text(f.from_position, true),
                                                    number_text(f.from_position, false),
                                                    number_text(f.to_position, true),
                                                    number_text(f.to_position, false),
                                                    std::string(evidence::to_string(f.source)),
                                                    f.attribution,
                                                    f.sentence,
                                                    d ? d->title : std::string(),
                                                    d ? d->url : std::string(),
                                                    d ? d->sha256 : std::string()};
        std::string row;
        for (const auto& field : fields) row += (row.empty() ? "" : ",") + core::csv_field(field);
        csv += row + "\n";
    }
    return csv;
}

// ---- site change (present when the store holds site comparisons) ----

std::string area_text(double m2) {
    if (!std::isfinite(m2)) return "?";
    return m2 >= 1e6 ? fmt::format("{:.2f} km²", m2 / 1e6) : fmt::format("{:.0f} m²", m2);
}

// Base64 (RFC 4648), for PNGs inlined as data: URIs so that the page fetches nothing. Written
// here because it is a dozen lines and none of reckon's libraries exposes one.
std::string base64(std::string_view bytes) {
    static constexpr std::string_view ALPHABET =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < 3; ++k)
            v = (v << 8) | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0U);
        for (std::size_t k = 0; k < 4; ++k) out += k <= n ? ALPHABET[(v >> (18 - 6 * k)) & 0x3F] : '=';
    }
    return out;
}

std::string png_img(std::string_view png, std::string_view alt, std::string_view style) {
    return fmt::format(R"(<img src="data:image/png;base64,{}" alt="{}" style="{}">)", base64(png), alt,
                       style);
}

std::string optional_date(const std::optional<core::Date>& d) {
    return d ? core::to_iso(*d) : std::string("?");
}

// Changed ground per comparison at its later image's date, as measured (every candidate) and as
// reviewed (accepted and corrected polygons), with the area claims in m² drawn as claims.
std::string site_area_png(const SiteView& site, const estimate::EstimateResult& r) {
    Chart chart(
        {"Site change measured on images (m² at the later image's date)", "month", "m² changed", true});
    std::vector<double> x;
    std::vector<double> candidate;
    std::vector<double> accepted;
    for (const auto& c : site.comparisons) {
        const double t = month_position(c.comparison.after_date, true);
        if (!std::isfinite(t)) continue;
        x.push_back(t);
        candidate.push_back(c.candidate_m2);
        accepted.push_back(c.accepted_m2);
    }
    chart.bars(x, candidate, 0.8, hex_colour("#999999"), "candidates (all)");
    chart.bars(x, accepted, 0.4, hex_colour(detail::ESTIMATE_HEX), "accepted by review");
    std::vector<std::pair<ClaimMarker, std::string>> markers;
    for (const auto& c : r.evidence.claims) {
        if (!is_area_claim(c) || c.unit != "m2") continue;
        const double at = month_position(c.period.last, true);
        if (!std::isfinite(at) || !std::isfinite(c.value)) continue;
        markers.push_back(marker(c, at, at, c.value, c.low, c.high));
    }
    draw_claims(chart, markers);
    return chart.png();
}

std::string site_csv(const SiteView& site) {
    std::string csv =
        "key,site,before_image,before_date,after_image,after_date,method,polygon,metric,value,unit,class,"
        "confidence,pixels,status,reviewed_area_m2,reviewed_by,reviewed_at,note\n";
    for (const auto& c : site.comparisons) {
        const auto& k = c.comparison;
        for (const auto& p : c.polygons) {
            const std::array<std::string, 19> fields = {p.polygon.key,
                                                        k.site,
                                                        k.before_image,
                                                        k.before_date ? core::to_iso(*k.before_date) : "",
                                                        k.after_image,
                                                        core::to_iso(k.after_date),
                                                        k.method,
                                                        std::to_string(p.polygon.polygon),
                                                        p.polygon.metric,
                                                        fmt::format("{:.1f}", p.polygon.value),
                                                        p.polygon.unit,
                                                        p.polygon.change_class,
                                                        fmt::format("{:.3f}", p.polygon.confidence),
                                                        std::to_string(p.polygon.pixels),
                                                        p.status,
                                                        fmt::format("{:.1f}", p.area_m2),
                                                        p.review ? p.review->who : "",
                                                        p.review ? p.review->at : "",
                                                        p.review ? p.review->note : ""};
            std::string row;
            for (const auto& f : fields) row += (row.empty() ? "" : ",") + core::csv_field(f);
            csv += row + "\n";
        }
    }
    return csv;
}

// The site section of the page, written as HTML beside the front end's root (the page's script
// builds its own DOM inside #app and leaves this section as it is).
std::string site_html(const View& view, const estimate::EstimateResult* result) {
    const SiteView& site = *view.site;
    std::string h;
    h += "<section id=\"site\" style=\"max-width:1200px;margin:1.5em auto;padding:0 1em;font:14px/1.4 "
         "system-ui,sans-serif\">\n<h2>Site change measured on satellite images</h2>\n";
    h +=
        "<p>Each comparison of two images gives candidate polygons of changed ground, each with its area on "
        "the WGS84 ellipsoid (<code>reckon site compare --store</code>). Unsupervised change detection finds "
        "candidates, not facts: accept or reject each polygon (<code>reckon serve</code>, or a review of its "
        "key); <em>accepted</em> counts only what an analyst confirmed. Every polygon is in "
        "<a href=\"site.csv\">site.csv</a>.</p>\n";
    if (result)
        h += png_img(site_area_png(site, *result), "changed area per comparison", "max-width:100%") + "\n";
    h += "<table>\n<thead><tr><th>site</th><th>first image</th><th>second image</th><th>method</th>"
         "<th>polygons</th><th>changed (every candidate)</th><th>accepted</th><th>not yet reviewed</th>"
         "<th>accepted since the first</th></tr></thead>\n<tbody>\n";
    std::map<std::string, double> running;  // per site: accepted area summed over its comparisons
    for (const auto& c : site.comparisons) {
        const auto& k = c.comparison;
        running[k.site] += c.accepted_m2;
        h += fmt::format(
            "<tr><td>{}</td><td>{} <small>{}</small></td><td>{} <small>{}</small></td><td>{}</td><td>{}</td>"
            "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            core::markup_escape(k.site.empty() ? "(unnamed)" : k.site), optional_date(k.before_date),
            core::markup_escape(k.before_image), core::to_iso(k.after_date),
            core::markup_escape(k.after_image), core::markup_escape(k.method), c.polygons.size(),
            area_text(c.candidate_m2), area_text(c.accepted_m2), area_text(c.unreviewed_m2),
            area_text(running[k.site]));
    }
    h += "</tbody>\n</table>\n";

    h += "<h3>Area claims from documents</h3>\n";
    std::map<std::string, const ClaimView*> claims;
    for (const auto& cv : view.claims) claims[cv.claim.key] = &cv;
    if (site.area_claim_keys.empty()) {
        h += "<p>No claim of a floor area or its growth about the product or its producers.</p>\n";
    } else {
        h += "<table>\n<thead><tr><th>figure</th><th>period</th><th>source</th><th>status</th><th>key</th>"
             "</tr></thead>\n<tbody>\n";
        for (const auto& key : site.area_claim_keys) {
            const auto it = claims.find(key);
            if (it == claims.end()) continue;
            const auto& c = it->second->claim;
            h += fmt::format(
                "<tr><td>{} {} {}</td><td>{} – {}</td><td>{}: {}</td><td>{}</td><td><code>{}</code>"
                "</td></tr>\n",
                core::to_string(c.qualifier), fmt::format("{:g}", c.value), core::markup_escape(c.unit),
                c.period.first.ok() ? core::to_iso(c.period.first) : "?",
                c.period.last.ok() ? core::to_iso(c.period.last) : "?", core::to_string(c.source_class),
                core::markup_escape(c.attribution), core::markup_escape(c.status_text()),
                core::markup_escape(c.key));
        }
        h += "</tbody>\n</table>\n";
    }

    for (const auto& c : site.comparisons) {
        h += fmt::format("<h3>{} → {}: the largest polygons</h3>\n", optional_date(c.comparison.before_date),
                         core::to_iso(c.comparison.after_date));
        std::error_code ec;
        if (!c.quicklook_file.empty() && fs::is_regular_file(c.comparison.quicklook, ec))
            h += "<p>" +
                 png_img(core::read_file(c.comparison.quicklook),
                         "changed pixels in red over the second image",
                         "max-width:480px;image-rendering:pixelated") +
                 fmt::format("<br><small>Changed pixels in red over the second image ({}).</small></p>\n",
                             core::markup_escape(c.quicklook_file));
        h += "<table>\n<thead><tr><th>key</th><th>class</th><th>area</th><th>confidence</th><th>status</th>"
             "</tr></thead>\n<tbody>\n";
        constexpr std::size_t SHOWN = 10;
        for (std::size_t j = 0; j < c.polygons.size() && j < SHOWN; ++j) {
            const auto& p = c.polygons[j];
            h += fmt::format(
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{:.2f}</td><td>{}</td></tr>\n",
                core::markup_escape(p.polygon.key), core::markup_escape(p.polygon.change_class),
                area_text(p.polygon.value), p.polygon.confidence,
                core::markup_escape(p.status + (p.review ? " by " + p.review->who : "")));
        }
        h += "</tbody>\n</table>\n";
        if (c.polygons.size() > SHOWN)
            h += fmt::format("<p><small>and {} more in site.csv</small></p>\n", c.polygons.size() - SHOWN);
    }
    h += "</section>\n";
    return h;
}

}  // namespace

std::string view_text(const View& view, int indent) {
    return to_json(view).dump(indent, ' ', false, json::error_handler_t::replace);
}

std::string report_html(const View& view) { return report_html(view, nullptr); }

std::string report_html(const View& view, const estimate::EstimateResult* result) {
    const std::string& title = view.programme.name;
    std::string files;
    for (const auto& [role, name] : view.files)
        if (role != "index_html")
            files += fmt::format("{}<a href=\"{}\">{}</a>", files.empty() ? "" : ", ",
                                 core::markup_escape(name), core::markup_escape(name));
    std::string html;
    html += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    html += fmt::format("<meta name=\"generator\" content=\"reckon {}\">\n", VERSION);
    html += fmt::format("<title>{} — reckon report</title>\n",
                        core::markup_escape(title.empty() ? "Programme" : title));
    html += "<style>\n" + inline_safe(std::string(app_css())) + "\n</style>\n</head>\n<body>\n";
    html +=
        "<noscript><p>This report draws its charts, map and tables with JavaScript, which is turned off in "
        "this browser. The same figures are in the files beside this page: " +
        files + ".</p></noscript>\n";
    // With a site section the front end draws into #app, and the section follows it as written.
    if (view.site) html += "<div id=\"app\"></div>\n" + site_html(view, result);
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

void write_report(const View& view, const estimate::EstimateResult& result, const fs::path& dir,
                  bool overwrite) {
    check_report_folder(dir, overwrite);
    core::FileSet files(overwrite);
    stage_report(files, view, result, dir);
    files.commit();
}

void write_estimate_and_report(const View& view, const estimate::EstimateResult& result, const fs::path& dir,
                               bool overwrite) {
    check_report_folder(dir, overwrite);
    core::FileSet files(overwrite);
    stage_estimate(files, result, dir);
    stage_report(files, view, result, dir);
    files.commit();
}

void stage_report(core::FileSet& files, const View& view, const estimate::EstimateResult& result,
                  const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir))
        throw Error(fmt::format("cannot create the folder {}", dir.string()),
                    "check the path and its permissions");
    files.stage(dir / "production.png", production_png(result));
    files.stage(dir / "cumulative.png", cumulative_png(result));
    files.stage(dir / "launches.png", launches_png(result));
    files.stage(dir / "learning_curve.png", learning_curve_png(result));
    files.stage(dir / "flights.csv", flights_csv(result.evidence));
    if (const auto name = launch_rows_file(result))
        files.stage(dir / *name,
                    core::read_file(result.programme.launches->file,
                                    "check that the launch data can be read to copy it beside the report"));
    if (view.site) {
        files.stage(dir / "site.csv", site_csv(*view.site));
        files.stage(dir / "site_area.png", site_area_png(*view.site, result));
        // The quick-looks the page's site map shows (before, after, overlay), copied beside it.
        for (const auto& c : view.site->comparisons)
            for (const auto& image : c.quicklooks.images)
                files.stage(
                    dir / image.href,
                    core::read_file(image.path, fmt::format("check that the comparison's {}.png can be "
                                                            "read to copy it beside the report",
                                                            image.layer)));
    }
    files.stage(dir / "view.json", view_text(view, 1) + "\n");
    files.stage(dir / "index.html", report_html(view, &result));
}

}  // namespace reckon::report
