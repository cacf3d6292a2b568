// Tests of the view and the report folder on a small real estimate: a simulated programme
// (estimate::simulate) with a contract and its claim added, sampled briefly, with a store
// holding one document (a claim about the product and two flights) and reviews of two claims.
#include "reckon/report/report.hpp"

#include <cairo.h>
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "expect_error.hpp"
#include "reckon/core/error.hpp"
#include "reckon/estimate/estimate.hpp"
#include "reckon/estimate/simulate.hpp"
#include "reckon/evidence/gather.hpp"
#include "reckon/report/assets.hpp"
#include "reckon/report/view.hpp"
#include "reckon/store/store.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace reckon;

namespace {

const std::string DOC_SHA = "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12";
const std::string ADSB_SHA(64, 'f');
constexpr double CONTRACT_QUANTITY = 1234;

// ctest runs each test in a process of its own, two at a time: the folder names carry the pid,
// and the folders go when the process ends.
struct TempDirs {
    std::vector<fs::path> made;
    TempDirs() = default;
    TempDirs(const TempDirs&) = delete;
    TempDirs& operator=(const TempDirs&) = delete;
    TempDirs(TempDirs&&) = delete;
    TempDirs& operator=(TempDirs&&) = delete;
    ~TempDirs() {
        std::error_code ec;
        for (const auto& d : made) fs::remove_all(d, ec);
    }
};

fs::path fresh_dir(const std::string& name) {
    static TempDirs dirs;
    fs::path dir = fs::temp_directory_path() / fmt::format("reckon-report-test-{}-{}", ::getpid(), name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    dirs.made.push_back(dir);
    return dir;
}

// The opening tags of elements that could fetch something (script, img, link, iframe), lower-cased,
// from '<' to '>'.
std::vector<std::string> fetching_tags(const std::string& html) {
    std::string lower(html);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::vector<std::string> tags;
    for (std::size_t at = lower.find('<'); at != std::string::npos; at = lower.find('<', at + 1)) {
        for (const char* name : {"script", "img", "link", "iframe"}) {
            const std::size_t n = std::strlen(name);
            const char after = at + 1 + n < lower.size() ? lower[at + 1 + n] : '>';
            if (lower.compare(at + 1, n, name) == 0 &&
                (after == '>' || after == ' ' || after == '/' || after == '\n'))
                tags.push_back(lower.substr(at, lower.find('>', at) - at));
        }
    }
    return tags;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// One estimate shared by the tests: sampling takes a few seconds.
struct Fixture {
    fs::path dir;
    std::unique_ptr<store::Store> store;
    estimate::EstimateResult result;
    std::string reviewed_key, rejected_key, contract_key;
    report::View typed_view;  // the view as built
    json view;                // and as the page reads it
    int tick = 0;             // the store's clock: one second a call

    Fixture() {
        dir = fresh_dir("fixture");
        auto sim = estimate::simulate(7);
        const std::string due = sim.months[24] + "-28";
        for (auto& [name, content] : sim.files) {
            if (name == "programme.toml")
                content += "\n[[contracts]]\nname = \"Test contract\"\nquantity = 1234\ndue = \"" + due +
                           "\"\nsource = \"the test\"\n";
            if (name == "claims.csv")
                content +=
                    "2024-01-01,https://example.org/deal,Widget deal,contract quantity,1234,units,,,Ministry,"
                    "contract_quantity,1234,,,unit,exact," +
                    sim.months[0] + "-01," + due + ",official,deal-1,,yes,the contract\n";
        }
        estimate::write_simulation(sim, dir / "programme", true);
        const auto programme = evidence::load_programme(dir / "programme" / "programme.toml");

        store = std::make_unique<store::Store>(dir / "reckon.db", [this] {
            const int second = tick++;
            return "2026-01-01T00:00:" + std::string(second < 10 ? "0" : "") + std::to_string(second) + "Z";
        });
        core::DocumentInfo doc;
        doc.path = "documents/widget.txt", doc.sha256 = DOC_SHA, doc.format = "text";
        doc.title = "Widget works report", doc.url = "https://example.org/widget";
        core::Claim claim;
        claim.metric = "production_rate", claim.subject = "Widget", claim.value = 40, claim.unit = "unit/day";
        claim.qualifier = core::Qualifier::over;
        claim.period = core::Period{*core::parse_iso_date(sim.months[20] + "-01"),
                                    *core::parse_iso_date(sim.months[20] + "-28")};
        claim.attribution = {"Officials said", core::SourceClass::official};
        claim.sentence = "Officials said the works makes over 40 Widgets a day.";
        claim.start = 10, claim.end = 30;
        core::Event adsb;
        adsb.kind = "flight", adsb.date = core::parse_iso_date("2024-03-14");
        adsb.roles = {{"icao24", "730abc"},  {"from", "OIII"},
                      {"to", "UWKD"},        {"from_lat", "35.69"},
                      {"from_lon", "51.31"}, {"to_lat", "55.61"},
                      {"to_lon", "49.28"},   {"aircraft_type", "IL76"},
                      {"rule", "cargo"},     {"departure_time", "2024-03-14T02:10:00Z"}};
        core::Event text_flight;
        text_flight.kind = "flight",
        text_flight.roles = {{"from", "Moscow"}, {"to", "Tehran"}, {"aircraft_type", "Il-76"}};
        text_flight.sentence = "An Il-76 flew from Moscow to Tehran.";
        core::Event other;
        other.kind = "visit";
        // ADS-B flights come in a record of their own, as `reckon adsb flights --db` stores them.
        core::DocumentInfo adsb_record;
        adsb_record.path = "flights.json", adsb_record.sha256 = ADSB_SHA, adsb_record.format = "adsb-matches";
        store->ingest(adsb_record, {}, {adsb});
        store->ingest(doc, {claim}, {text_flight, other});

        auto unreviewed = evidence::gather(programme, *store);
        const auto& claims = unreviewed.claims;
        reviewed_key = claims[0].key;
        rejected_key = claims[1].key;
        for (const auto& c : claims)
            if (c.metric == "contract_quantity") contract_key = c.key;
        core::Review r;
        r.claim_key = reviewed_key, r.who = "ana", r.action = core::ReviewAction::correct, r.value_after = 77;
        r.value_before = claims[0].value;
        store->add_review(r);
        r.action = core::ReviewAction::accept, r.who = "ben", r.value_after.reset(), r.note = "read again";
        store->add_review(r);
        r.claim_key = rejected_key, r.action = core::ReviewAction::reject, r.who = "cy";
        store->add_review(r);
        auto evidence = evidence::gather(programme, *store);  // now with the reviews applied

        estimate::EstimateOptions o;
        o.chains = 2, o.warmup = 150, o.draws = 100, o.seed = 3, o.threads = 2;
        result = estimate::estimate(programme, std::move(evidence), o);
        report::ViewOptions view_options;
        view_options.now = [] { return std::string("2026-11-24T10:00:00Z"); };
        typed_view = report::build_view(result, report::ViewMode::report, view_options);
        view = report::to_json(typed_view);
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

const json& claim_with_key(const json& view, const std::string& key) {
    for (const auto& c : view["claims"])
        if (c["key"] == key) return c;
    static const json none;
    ADD_FAILURE() << "no claim " << key;
    return none;
}

void expect_interval(const json& j, const std::string& where) {
    ASSERT_TRUE(j.is_object()) << where;
    for (const char* k : {"median", "q05", "q25", "q75", "q95"})
        EXPECT_TRUE(j[k].is_number()) << where << "." << k;
    EXPECT_LE(j["q05"].get<double>(), j["q95"].get<double>()) << where;
}

// Every number in the tree is finite (nlohmann keeps NaN as a number, and would write it as null).
void expect_finite(const json& j, const std::string& path, int& numbers) {
    if (j.is_number()) {
        ++numbers;
        EXPECT_TRUE(std::isfinite(j.get<double>())) << path;
    } else if (j.is_object()) {
        for (const auto& [k, v] : j.items()) expect_finite(v, fmt::format("{}.{}", path, k), numbers);
    } else if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i)
            expect_finite(j[i], path + "[" + std::to_string(i) + "]", numbers);
    }
}

}  // namespace

TEST(View, HasEveryTopLevelFieldOfTheContract) {
    const auto& f = fixture();
    const json& v = f.view;
    EXPECT_EQ(v["reckon_view"], 1);
    EXPECT_EQ(v["mode"], "report");
    EXPECT_EQ(v["generated_at"], "2026-11-24T10:00:00Z");
    EXPECT_EQ(v["programme"]["name"], "Simulated programme 7");
    EXPECT_EQ(v["programme"]["product"], "Widget");
    EXPECT_EQ(v["programme"]["start"], f.result.programme.first.to_string());
    EXPECT_TRUE(v["programme"]["producers"].is_array());
    for (const char* k : {"seed", "chains", "warmup", "draws", "divergences", "max_rhat", "min_ess_bulk"})
        EXPECT_TRUE(v["estimate"][k].is_number()) << k;
    EXPECT_EQ(v["estimate"]["chains"], 2);
    EXPECT_EQ(v["estimate"]["draws"], 100);
    EXPECT_TRUE(v["estimate"]["warnings"].is_array());
    EXPECT_TRUE(v["estimate"]["evidence_consistent"].is_boolean());
    expect_interval(v["estimate"]["total"], "total");
    expect_interval(v["estimate"]["learning_rate"], "learning_rate");
    ASSERT_EQ(v["months"].size(), f.result.months.size());
    for (const auto& m : v["months"])
        for (const char* k : {"production", "cumulative", "usage", "imports"})
            expect_interval(m[k], m["month"].get<std::string>() + "." + k);
    EXPECT_EQ(v["learning_curve"].size(), f.result.cost_curve.size());
    ASSERT_FALSE(v["learning_curve"].empty());
    expect_interval(v["learning_curve"][0]["unit_cost_usd"], "learning_curve[0]");
    EXPECT_EQ(v["sources"].size(), f.result.sources.size());
    for (const char* k : {"index_html", "view_json", "production_png", "flights_csv", "production_csv"})
        EXPECT_TRUE(v["files"][k].is_string()) << k;
    EXPECT_EQ(v["files"]["launches_csv"], "launches.csv");
}

TEST(View, EveryNumberIsFinite) {
    int numbers = 0;
    expect_finite(fixture().view, "view", numbers);
    EXPECT_GT(numbers, 500);
    // And it reads back as the same document.
    EXPECT_EQ(json::parse(report::view_text(fixture().typed_view)), fixture().view);
}

TEST(View, FiniteOrNullGuardsEveryNumber) {
    EXPECT_TRUE(report::finite_or_null(std::nan("")).is_null());
    EXPECT_TRUE(report::finite_or_null(INFINITY).is_null());
    EXPECT_TRUE(report::finite_or_null(std::nullopt).is_null());
    EXPECT_EQ(report::finite_or_null(2.5), 2.5);
}

TEST(View, OneClaimPerEvidenceClaimWithItsStatus) {
    const auto& f = fixture();
    ASSERT_EQ(f.view["claims"].size(), f.result.evidence.claims.size());
    int used = 0;
    int fitted = 0;
    for (std::size_t i = 0; i < f.result.evidence.claims.size(); ++i) {
        const auto& c = f.result.evidence.claims[i];
        const json& j = f.view["claims"][i];
        EXPECT_EQ(j["key"], c.key);
        EXPECT_EQ(j["status"], c.status_text());
        EXPECT_EQ(j["used"], c.used()) << c.key;
        used += j["used"].get<bool>();
        EXPECT_EQ(j["fit"].is_null(), c.observation < 0) << c.key;
        fitted += !j["fit"].is_null();
        if (const auto m = evidence::per_month(c.value, c.unit))
            EXPECT_DOUBLE_EQ(j["monthly"].get<double>(), *m);
        else
            EXPECT_TRUE(j["monthly"].is_null()) << c.key;
        if (c.key.rfind("csv:", 0) == 0) {
            EXPECT_EQ(j["line"], c.line);
            EXPECT_GT(j["line"].get<int>(), 1);
        }
    }
    EXPECT_GT(used, 5);
    EXPECT_GT(fitted, 5);
}

TEST(View, ExtractedClaimOpensItsDocumentAndSentence) {
    const auto& f = fixture();
    int found = 0;
    for (const auto& c : f.view["claims"]) {
        if (c["key"].get<std::string>().rfind("doc:", 0) != 0) continue;
        ++found;
        EXPECT_EQ(c["document"]["title"], "Widget works report");
        EXPECT_EQ(c["document"]["url"], "https://example.org/widget");
        EXPECT_EQ(c["document"]["sha256"], DOC_SHA);
        EXPECT_EQ(c["sentence"], "Officials said the works makes over 40 Widgets a day.");
        EXPECT_EQ(c["qualifier"], "over");
        EXPECT_NEAR(c["monthly"].get<double>(), 40 * 30.4375, 1e-9);
        EXPECT_TRUE(c["file"].is_null());
    }
    EXPECT_EQ(found, 1);
}

TEST(View, ReviewAndHistoryComeFromTheStore) {
    const auto& f = fixture();
    const json& reviewed = claim_with_key(f.view, f.reviewed_key);
    ASSERT_EQ(reviewed["history"].size(), 2u);
    EXPECT_EQ(reviewed["history"][0]["who"], "ana");
    EXPECT_EQ(reviewed["history"][0]["action"], "correct");
    EXPECT_EQ(reviewed["history"][0]["value_after"], 77);
    EXPECT_LT(reviewed["history"][0]["at"].get<std::string>(),
              reviewed["history"][1]["at"].get<std::string>());
    EXPECT_EQ(reviewed["history"][1]["who"], "ben");
    EXPECT_EQ(reviewed["history"][1]["note"], "read again");
    EXPECT_TRUE(reviewed["history"][1]["value_after"].is_null());
    EXPECT_EQ(reviewed["review"]["who"], "ben");  // the latest counts
    EXPECT_EQ(reviewed["review"]["action"], "accept");

    const json& rejected = claim_with_key(f.view, f.rejected_key);
    EXPECT_EQ(rejected["history"].size(), 1u);
    EXPECT_FALSE(rejected["used"]);
    EXPECT_EQ(rejected["status"].get<std::string>().rfind("set aside: rejected by cy", 0), 0u)
        << rejected["status"];
}

TEST(View, LaunchMonthsNameTheirRows) {
    const auto& f = fixture();
    std::map<std::string, const evidence::LaunchMonth*> by_month;
    for (const auto& l : f.result.evidence.launches) by_month[l.month.to_string()] = &l;
    int with_rows = 0;
    for (const auto& m : f.view["months"]) {
        const auto it = by_month.find(m["month"]);
        if (it == by_month.end() || it->second->lines.empty()) {
            EXPECT_TRUE(m["launch_rows"].is_null()) << m["month"];
            continue;
        }
        ++with_rows;
        EXPECT_EQ(m["launch_rows"]["file"], "launches.csv");
        EXPECT_EQ(m["launch_rows"]["lines"].get<std::vector<std::uint64_t>>(), it->second->lines);
        EXPECT_EQ(m["launched"].get<double>(), it->second->launched);
    }
    EXPECT_GT(with_rows, 10);
}

TEST(View, ContractsListTheClaimsThatStateThem) {
    const auto& f = fixture();
    ASSERT_EQ(f.view["contracts"].size(), 1u);
    const json& k = f.view["contracts"][0];
    EXPECT_EQ(k["name"], "Test contract");
    EXPECT_EQ(k["quantity"], CONTRACT_QUANTITY);
    EXPECT_EQ(k["start"], core::to_iso(f.result.programme.first.first_day()));
    EXPECT_TRUE(k["p_by_due"].is_number());
    ASSERT_FALSE(f.contract_key.empty());
    EXPECT_EQ(k["claim_keys"], json::array({f.contract_key}));
}

TEST(View, FlightsFromTheStoreWithTheirSource) {
    const auto& f = fixture();
    ASSERT_EQ(f.view["flights"].size(), 2u);  // the "visit" event is not a flight
    const json& adsb = f.view["flights"][0];
    EXPECT_EQ(adsb["source"], "adsb");
    EXPECT_EQ(adsb["icao24"], "730abc");
    EXPECT_EQ(adsb["date"], "2024-03-14");
    EXPECT_DOUBLE_EQ(adsb["from_lat"].get<double>(), 35.69);
    EXPECT_DOUBLE_EQ(adsb["to_lon"].get<double>(), 49.28);
    EXPECT_EQ(adsb["departure_time"], "2024-03-14T02:10:00Z");
    EXPECT_TRUE(adsb["arrival_time"].is_null());
    EXPECT_EQ(adsb["document"]["sha256"], ADSB_SHA);
    const json& text = f.view["flights"][1];
    EXPECT_EQ(text["source"], "text");
    EXPECT_EQ(text["from"], "Moscow");
    EXPECT_EQ(text["sentence"], "An Il-76 flew from Moscow to Tehran.");
    EXPECT_FALSE(text.contains("from_lat"));
    EXPECT_TRUE(text["date"].is_null());
}

TEST(View, LiveModeTakesHistoryFromTheReviewsGiven) {
    const auto& f = fixture();
    const std::vector<core::Review> none;
    report::ViewOptions options;
    options.reviews = &none;  // the store as it is now: no review yet
    const json live = report::to_json(report::build_view(f.result, report::ViewMode::live, options));
    EXPECT_EQ(live["mode"], "live");
    EXPECT_TRUE(live["files"].empty());
    EXPECT_EQ(live["flights"].size(), f.view["flights"].size());
    EXPECT_EQ(live["claims"].size(), f.view["claims"].size());
    for (const auto& c : live["claims"]) EXPECT_TRUE(c["history"].empty());
}

TEST(Report, WritesEveryFileAndRefusesToOverwrite) {
    const auto& f = fixture();
    const fs::path out = fresh_dir("write");
    report::write_report(f.typed_view, f.result, out, false);
    for (const char* name : {"index.html", "view.json", "production.png", "cumulative.png", "launches.png",
                             "learning_curve.png", "flights.csv", "launches.csv"})
        EXPECT_TRUE(fs::is_regular_file(out / name)) << name;
    for (const auto& entry : fs::directory_iterator(out))
        EXPECT_NE(entry.path().extension(), ".tmp") << entry.path();
    EXPECT_EQ(json::parse(read_file(out / "view.json")), f.view);
    EXPECT_EQ(read_file(out / "launches.csv"), read_file(f.result.programme.launches->file));

    const auto flights = read_file(out / "flights.csv");
    EXPECT_EQ(std::count(flights.begin(), flights.end(), '\n'), 3);
    EXPECT_NE(flights.find("730abc"), std::string::npos);
    EXPECT_NE(flights.find("An Il-76 flew from Moscow to Tehran."), std::string::npos);

    try {
        report::write_report(f.typed_view, f.result, out, false);
        ADD_FAILURE() << "an existing report was overwritten";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("exists already"), std::string::npos) << e.what();
        EXPECT_NE(e.hint().find("--overwrite"), std::string::npos);
    }
    EXPECT_THROW_HINT_HAS(report::check_report_folder(out, false), InputError,
                          "flights.csv: the file exists already", "--overwrite");
    EXPECT_NO_THROW(report::check_report_folder(out, true));
    EXPECT_NO_THROW(report::check_report_folder(fresh_dir("empty"), false));
    EXPECT_NO_THROW(report::write_report(f.typed_view, f.result, out, true));
}

TEST(Report, ChartsArePngsOfTheStatedSize) {
    const auto& f = fixture();
    const fs::path out = fresh_dir("charts");
    report::write_report(f.typed_view, f.result, out, false);
    for (const char* name : {"production.png", "cumulative.png", "launches.png", "learning_curve.png"}) {
        cairo_surface_t* s = cairo_image_surface_create_from_png((out / name).c_str());
        ASSERT_EQ(cairo_surface_status(s), CAIRO_STATUS_SUCCESS) << name;
        EXPECT_EQ(cairo_image_surface_get_width(s), report::CHART_WIDTH_PX) << name;
        EXPECT_EQ(cairo_image_surface_get_height(s), report::CHART_HEIGHT_PX) << name;
        // Bands, lines and markers were drawn in colour, not only the grey axes and text.
        cairo_surface_flush(s);
        const unsigned char* px = cairo_image_surface_get_data(s);
        const int stride = cairo_image_surface_get_stride(s);
        int coloured = 0;
        for (int y = 0; y < report::CHART_HEIGHT_PX; ++y)
            for (int x = 0; x < report::CHART_WIDTH_PX; ++x) {
                // B, G, R, A (little-endian ARGB32)
                const std::ptrdiff_t offset =
                    (static_cast<std::ptrdiff_t>(y) * stride) + (x * std::ptrdiff_t{4});
                const unsigned char* p = px + offset;
                if (std::max({p[0], p[1], p[2]}) - std::min({p[0], p[1], p[2]}) > 60) ++coloured;  // not grey
            }
        EXPECT_GT(coloured, 1000) << name;
        cairo_surface_destroy(s);
    }
}

TEST(Report, PageIsSelfContained) {
    const auto& f = fixture();
    const std::string html = report::report_html(f.typed_view);
    EXPECT_NE(html.find("<title>Simulated programme 7 — reckon report</title>"), std::string::npos);
    EXPECT_NE(html.find("<noscript>"), std::string::npos);
    EXPECT_NE(html.find("window.RECKON_VIEW = {"), std::string::npos);
    EXPECT_NE(html.find(std::string(report::app_css()).substr(0, 200)), std::string::npos);
    EXPECT_GT(report::app_js().size(), 100000u);  // uPlot, Leaflet and the world outline are inside
    // No element fetches anything: no script, img, link or iframe tag with a src= or href=, and
    // none naming an http(s) address.
    const auto tags = fetching_tags(html);
    EXPECT_GE(tags.size(), 2u);                                                // the inline view and app.js
    EXPECT_EQ(fetching_tags("<p><SCRIPT src=\"x.js\"></script>").size(), 1u);  // the scan sees tags at all
    for (const auto& tag : tags) {
        EXPECT_EQ(tag.find("src"), std::string::npos) << tag;
        EXPECT_EQ(tag.find("href"), std::string::npos) << tag;
        EXPECT_EQ(tag.find("http"), std::string::npos) << tag;
    }
}

TEST(Report, ScrapedTextCannotCloseTheScript) {
    report::View view = fixture().typed_view;
    view.claims[0].claim.sentence = "evil </script><script>alert(1)</script> and bad UTF-8 \xff\xfe";
    view.programme.name = "A <b>bold</b> programme";
    const std::string html = report::report_html(view);
    std::size_t closes = 0;
    for (std::size_t at = html.find("</script>"); at != std::string::npos;
         at = html.find("</script>", at + 1))
        ++closes;
    EXPECT_EQ(closes, 2u);  // the view's and app.js's own
    EXPECT_NE(html.find("<title>A &lt;b&gt;bold&lt;/b&gt; programme — reckon report</title>"),
              std::string::npos);
    // The inlined view still parses to the same text (the bad bytes replaced).
    const auto start = html.find("window.RECKON_VIEW = ") + std::string("window.RECKON_VIEW = ").size();
    const auto end = html.find(";</script>", start);
    const json back = json::parse(html.substr(start, end - start));
    EXPECT_EQ(back["claims"][0]["sentence"],
              "evil </script><script>alert(1)</script> and bad UTF-8 \xEF\xBF\xBD\xEF\xBF\xBD");
}
