// The report's site section: site comparisons from the store, each polygon's review applied
// (accepted, rejected, corrected, not yet reviewed), the area claims from documents beside them,
// the view's "site" JSON, and the files and page a report folder gets. A view built without site
// evidence has no site section at all, so reports of programmes without imagery do not change.
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "reckon/estimate/estimate.hpp"
#include "reckon/estimate/simulate.hpp"
#include "reckon/evidence/gather.hpp"
#include "reckon/report/report.hpp"
#include "reckon/report/view.hpp"
#include "reckon/store/store.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace reckon;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

struct Fixture {
    fs::path dir;
    estimate::EstimateResult result;
    report::SiteEvidence site;
    std::string area_claim_key;
    std::vector<std::string> keys;

    Fixture() {
        dir = fs::temp_directory_path() / fmt::format("reckon-site-report-{}", ::getpid());
        fs::remove_all(dir);
        fs::create_directories(dir);
        auto sim = estimate::simulate(7);
        estimate::write_simulation(sim, dir / "programme", true);
        const auto programme = evidence::load_programme(dir / "programme" / "programme.toml");
        store::Store store(dir / "reckon.db", [] { return std::string("2026-12-03T00:00:00Z"); });

        // A document claiming the works' floor area, as the extractor stores it.
        core::DocumentInfo doc;
        doc.path = "documents/works.txt", doc.sha256 = std::string(64, 'e'), doc.format = "text";
        core::Claim claim;
        claim.metric = "floor_area", claim.subject = programme.product, claim.value = 5000, claim.unit = "m2";
        claim.qualifier = core::Qualifier::approx;
        claim.period = core::Period{core::make_date(2024, 9, 1), core::make_date(2024, 9, 30)};
        claim.attribution = {"Analysts said", core::SourceClass::analyst};
        claim.sentence = "Analysts said the new hall covers about 5,000 square metres.";
        claim.start = 0, claim.end = 10;
        store.ingest(doc, {claim}, {});

        const fs::path overlay = dir / "overlay.png";
        std::ofstream(overlay, std::ios::binary) << "\x89PNG not really";
        store::SiteComparison c;
        c.sha256 = std::string(64, '1');
        c.site = "Test works";
        c.before_image = "before_2023-03-01.img", c.after_image = "after_2024-09-01.img";
        c.before_date = core::make_date(2023, 3, 1), c.after_date = core::make_date(2024, 9, 1);
        c.method = "reckon", c.threshold_rule = "mixture", c.quicklook = overlay.string();
        c.changed_area_m2 = 4000 + 1000 + 500 + 300;
        for (const double area : {4000.0, 1000.0, 500.0, 300.0}) {
            store::SitePolygon p;
            p.polygon = static_cast<int>(c.polygons.size()) + 1, p.value = area, p.confidence = 0.5;
            p.pixels = 10, p.change_class = "new_roof";
            p.geometry =
                R"({"type":"Polygon","coordinates":[[[37.6,55.0],[37.61,55.0],[37.61,55.01],[37.6,55.0]]]})";
            c.polygons.push_back(p);
        }
        store.add_site_comparison(c);
        const auto stored = store.site_comparisons();
        for (const auto& p : stored.at(0).polygons) keys.push_back(p.key);
        core::Review r;
        r.who = "ana";
        r.claim_key = keys[0], r.action = core::ReviewAction::accept;
        store.add_review(r);
        r.claim_key = keys[1], r.action = core::ReviewAction::reject, r.note = "shadow";
        store.add_review(r);
        r.claim_key = keys[2], r.action = core::ReviewAction::correct, r.value_after = 450;
        store.add_review(r);

        auto evidence = evidence::gather(programme, store);
        for (const auto& ec : evidence.claims)
            if (ec.metric == "floor_area") area_claim_key = ec.key;
        estimate::EstimateOptions o;
        o.chains = 1, o.warmup = 60, o.draws = 30, o.seed = 3, o.threads = 1;
        result = estimate::estimate(programme, std::move(evidence), o);
        site = report::read_site_evidence(store);
    }
    ~Fixture() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    Fixture(const Fixture&) = delete;
    Fixture& operator=(const Fixture&) = delete;
    Fixture(Fixture&&) = delete;
    Fixture& operator=(Fixture&&) = delete;

    report::View view() const {
        report::ViewOptions options;
        options.now = [] { return std::string("2026-12-03T00:00:00Z"); };
        options.site = &site;
        return report::build_view(result, report::ViewMode::report, options);
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

}  // namespace

TEST(SiteReport, ReviewsDecideWhatCountsAsAccepted) {
    const auto& f = fixture();
    ASSERT_FALSE(f.area_claim_key.empty()) << "the floor_area claim did not reach the evidence";
    const auto view = f.view();
    ASSERT_TRUE(view.site);
    ASSERT_EQ(view.site->comparisons.size(), 1u);
    const auto& c = view.site->comparisons[0];
    ASSERT_EQ(c.polygons.size(), 4u);
    EXPECT_EQ(c.polygons[0].status, "accepted");
    EXPECT_EQ(c.polygons[1].status, "rejected");
    EXPECT_EQ(c.polygons[1].area_m2, 0);
    EXPECT_EQ(c.polygons[2].status, "corrected");
    EXPECT_EQ(c.polygons[2].area_m2, 450);
    EXPECT_EQ(c.polygons[3].status, "candidate");
    EXPECT_DOUBLE_EQ(c.candidate_m2, 5800);
    EXPECT_DOUBLE_EQ(c.accepted_m2, 4450);
    EXPECT_DOUBLE_EQ(c.unreviewed_m2, 300);
    EXPECT_EQ(c.quicklook_file, "site_1_overlay.png");
    EXPECT_EQ(view.site->area_claim_keys, std::vector<std::string>{f.area_claim_key});
}

TEST(SiteReport, ViewJsonCarriesTheSiteSection) {
    const auto& f = fixture();
    const json j = report::to_json(f.view());
    ASSERT_TRUE(j.contains("site"));
    const auto& c = j["site"]["comparisons"][0];
    EXPECT_EQ(c["site"], "Test works");
    EXPECT_EQ(c["before_date"], "2023-03-01");
    EXPECT_EQ(c["after_date"], "2024-09-01");
    EXPECT_EQ(c["accepted_m2"], 4450.0);
    EXPECT_EQ(c["quicklook"], "site_1_overlay.png");
    const auto& p = c["polygons"][1];
    EXPECT_EQ(p["key"], f.keys[1]);
    EXPECT_EQ(p["metric"], "floor_area");
    EXPECT_EQ(p["status"], "rejected");
    EXPECT_EQ(p["review"]["note"], "shadow");
    EXPECT_EQ(p["geometry"]["type"], "Polygon");
    EXPECT_EQ(j["site"]["area_claim_keys"][0], f.area_claim_key);
    EXPECT_EQ(j["files"]["site_csv"], "site.csv");
    EXPECT_EQ(j["files"]["site_overlay_1"], "site_1_overlay.png");
}

TEST(SiteReport, WithoutSiteEvidenceTheViewAndPageAreAsBefore) {
    const auto& f = fixture();
    const auto view = report::build_view(f.result, report::ViewMode::report);
    EXPECT_FALSE(view.site);
    const json j = report::to_json(view);
    EXPECT_FALSE(j.contains("site"));
    EXPECT_FALSE(j["files"].contains("site_csv"));
    const auto html = report::report_html(view, &f.result);
    EXPECT_EQ(html.find("id=\"app\""), std::string::npos);
    EXPECT_EQ(html.find("id=\"site\""), std::string::npos);
}

TEST(SiteReport, FolderHoldsTheSiteFilesAndThePageShowsThem) {
    const auto& f = fixture();
    const fs::path out = f.dir / "report";
    report::write_estimate_and_report(f.view(), f.result, out, false);
    for (const char* name : {"site.csv", "site_area.png", "site_1_overlay.png", "index.html", "view.json"})
        EXPECT_TRUE(fs::exists(out / name)) << name;
    EXPECT_EQ(slurp(out / "site_1_overlay.png"), slurp(f.dir / "overlay.png"));
    EXPECT_EQ(slurp(out / "site_area.png").substr(1, 3), "PNG");
    const std::string csv = slurp(out / "site.csv");
    EXPECT_EQ(
        csv.substr(0, csv.find('\n')),
        "key,site,before_image,before_date,after_image,after_date,method,polygon,metric,value,unit,class,"
        "confidence,pixels,status,reviewed_area_m2,reviewed_by,reviewed_at,note");
    EXPECT_NE(csv.find(f.keys[1] + ",Test works,"), std::string::npos);
    EXPECT_NE(csv.find(",rejected,0.0,ana,"), std::string::npos);
    EXPECT_NE(csv.find(",corrected,450.0,ana,"), std::string::npos);
    const std::string html = slurp(out / "index.html");
    EXPECT_NE(html.find("<div id=\"app\"></div>"), std::string::npos);
    EXPECT_NE(html.find("Site change measured on satellite images"), std::string::npos);
    EXPECT_NE(html.find("4450 m²"), std::string::npos);  // accepted
    EXPECT_NE(html.find("5800 m²"), std::string::npos);  // every candidate
    EXPECT_NE(html.find("Area claims from documents"), std::string::npos);
    EXPECT_NE(html.find(f.area_claim_key), std::string::npos);
    EXPECT_NE(html.find("approx 5000 m2"), std::string::npos);
    // The section's images are inlined: the page still fetches nothing.
    EXPECT_NE(html.find("<img src=\"data:image/png;base64,iVBORw0KGgo"), std::string::npos);
    EXPECT_EQ(html.find("<img src=\"site"), std::string::npos);
    EXPECT_EQ(html.find("src=\"http"), std::string::npos);
    // The section comes before the script that draws into #app.
    EXPECT_LT(html.find("id=\"site\""), html.find("window.RECKON_VIEW"));
}

// The site map's layers (issue 15): the quick-looks beside the stored overlay, placed by the
// bounds of the summary.json beside them only when it describes this comparison.
TEST(SiteReport, QuicklooksAndBoundsFromAMatchingSummary) {
    const fs::path dir = fs::temp_directory_path() / fmt::format("reckon-site-map-{}", ::getpid());
    fs::remove_all(dir);
    fs::create_directories(dir);
    store::SiteComparison c;
    c.sha256 = std::string(64, 'a');
    c.before_image = "b.img", c.after_image = "a.img", c.method = "reckon";
    EXPECT_TRUE(report::site_quicklooks(c, report::ViewMode::report, 1).images.empty());  // none recorded
    c.quicklook = (dir / "overlay.png").string();
    std::ofstream(dir / "overlay.png") << "png";
    std::ofstream(dir / "before.png") << "png";
    auto write_summary = [&](const std::string& after, const std::string& bounds) {
        std::ofstream(dir / "summary.json") << fmt::format(
            R"({{"before":"b.img","after":"{}","method":"reckon","bounds":{}}})", after, bounds);
    };
    write_summary("a.img", R"({"south":55.0,"west":37.6,"north":55.02,"east":37.62})");
    auto q = report::site_quicklooks(c, report::ViewMode::report, 3);
    ASSERT_EQ(q.images.size(), 2U);  // after.png is absent
    EXPECT_EQ(q.images[0].layer, "before");
    EXPECT_EQ(q.images[0].href, "site_3_before.png");
    EXPECT_EQ(q.images[1].href, "site_3_overlay.png");
    ASSERT_TRUE(q.bounds.has_value());
    EXPECT_DOUBLE_EQ(q.bounds->south, 55.0);
    EXPECT_DOUBLE_EQ(q.bounds->east, 37.62);
    q = report::site_quicklooks(c, report::ViewMode::live, 3);
    EXPECT_EQ(q.images[0].href, "/api/site/" + c.sha256 + "/before.png");
    // Another comparison's summary (the folder was overwritten), a box upside down, no bounds,
    // or no JSON at all: the images stay, without a place on the map.
    for (const auto& [after, bounds] : std::vector<std::pair<std::string, std::string>>{
             {"other.img", R"({"south":55.0,"west":37.6,"north":55.02,"east":37.62})"},
             {"a.img", R"({"south":55.02,"west":37.6,"north":55.0,"east":37.62})"},
             {"a.img", "null"},
             {"a.img", "{"}}) {
        write_summary(after, bounds);
        q = report::site_quicklooks(c, report::ViewMode::report, 1);
        EXPECT_EQ(q.images.size(), 2U);
        EXPECT_FALSE(q.bounds.has_value()) << after << " " << bounds;
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
}
