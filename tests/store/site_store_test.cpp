// Site observations in the evidence store (schema 3): a comparison and its polygons round trip
// with their geometry, a comparison stored twice is kept once, bad figures store nothing, rows
// are never changed or deleted, a polygon is reviewed like a claim, and a store written before
// schema 3 opens with everything it held; on both backends (backend_fixture.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "backend_fixture.hpp"
#include "reckon/core/error.hpp"
#include "reckon/store/store.hpp"

namespace reckon::store::detail {
extern const std::vector<std::pair<int, std::string_view>> SCHEMA_MIGRATIONS;
extern const std::vector<std::pair<int, std::string_view>> PG_SCHEMA_MIGRATIONS;
}  // namespace reckon::store::detail

using namespace reckon;

namespace {

store::SiteComparison comparison() {
    store::SiteComparison c;
    c.sha256 = std::string(32, 'a') + std::string(32, 'b');
    c.site = "Test works";
    c.before_image = "imgs_1";
    c.after_image = "imgs_2";
    c.before_date = core::make_date(2016, 12, 9);
    c.after_date = core::make_date(2018, 3, 9);
    c.method = "reckon";
    c.threshold_rule = "mixture";
    c.aoi = "site.geojson";
    c.quicklook = "out/overlay.png";
    c.pixel_area_m2 = 98.5;
    c.changed_area_m2 = 1500 + 250.25;
    store::SitePolygon big;
    big.polygon = 1, big.value = 1500, big.change_class = "new_roof", big.confidence = 0.4, big.pixels = 15;
    big.geometry =
        R"({"type":"Polygon","coordinates":[[[54.5,24.3],[54.51,24.3],[54.51,24.31],[54.5,24.3]]]})";
    store::SitePolygon small = big;
    small.polygon = 2, small.value = 250.25, small.change_class = "cleared_ground", small.confidence = 0;
    small.pixels = 3;
    c.polygons = {big, small};
    return c;
}

std::string fixed_clock() { return "2026-12-03T00:00:00Z"; }

// A fresh store on each backend.
class SiteStore : public reckon::test::BackendTest {};

}  // namespace

TEST_P(SiteStore, ComparisonAndPolygonsRoundTrip) {
    const auto& path = m_location;
    store::Store s(path, fixed_clock);
    const auto c = comparison();
    const auto r = s.add_site_comparison(c);
    EXPECT_FALSE(r.already_present);
    EXPECT_EQ(r.polygons, 2u);
    const auto back = s.site_comparisons();
    ASSERT_EQ(back.size(), 1u);
    const auto& b = back[0];
    EXPECT_EQ(b.sha256, c.sha256);
    EXPECT_EQ(b.site, "Test works");
    EXPECT_EQ(b.before_image, "imgs_1");
    EXPECT_EQ(b.after_image, "imgs_2");
    EXPECT_EQ(b.before_date, c.before_date);
    EXPECT_EQ(b.after_date, c.after_date);
    EXPECT_EQ(b.method, "reckon");
    EXPECT_EQ(b.threshold_rule, "mixture");
    EXPECT_EQ(b.aoi, "site.geojson");
    EXPECT_EQ(b.quicklook, "out/overlay.png");
    EXPECT_DOUBLE_EQ(b.pixel_area_m2, 98.5);
    EXPECT_DOUBLE_EQ(b.changed_area_m2, 1750.25);
    EXPECT_EQ(b.recorded_at, "2026-12-03T00:00:00Z");
    ASSERT_EQ(b.polygons.size(), 2u);
    EXPECT_EQ(b.polygons[0].key, "site:aaaaaaaaaaaaaaaa:1");
    EXPECT_EQ(b.polygons[0].key, store::site_polygon_key(c.sha256, 1));
    EXPECT_EQ(b.polygons[1].key, "site:aaaaaaaaaaaaaaaa:2");
    EXPECT_EQ(b.polygons[0].metric, "floor_area");
    EXPECT_EQ(b.polygons[0].unit, "m2");
    EXPECT_DOUBLE_EQ(b.polygons[0].value, 1500);
    EXPECT_DOUBLE_EQ(b.polygons[1].value, 250.25);
    EXPECT_EQ(b.polygons[0].change_class, "new_roof");
    EXPECT_EQ(b.polygons[1].change_class, "cleared_ground");
    EXPECT_DOUBLE_EQ(b.polygons[0].confidence, 0.4);
    EXPECT_EQ(b.polygons[0].pixels, 15u);
    EXPECT_EQ(b.polygons[0].geometry, c.polygons[0].geometry);
}

TEST_P(SiteStore, TheSameComparisonIsKeptOnce) {
    const auto& path = m_location;
    store::Store s(path, fixed_clock);
    const auto first = s.add_site_comparison(comparison());
    auto again = comparison();
    again.site = "another name";  // the identity is the SHA-256, not the name
    const auto second = s.add_site_comparison(again);
    EXPECT_TRUE(second.already_present);
    EXPECT_EQ(second.comparison_id, first.comparison_id);
    EXPECT_EQ(second.polygons, 0u);
    ASSERT_EQ(s.site_comparisons().size(), 1u);
    EXPECT_EQ(s.site_comparisons()[0].site, "Test works");
    auto other = comparison();
    other.sha256 = std::string(64, 'c');
    EXPECT_FALSE(s.add_site_comparison(other).already_present);
    EXPECT_EQ(s.site_comparisons().size(), 2u);
}

TEST_P(SiteStore, BadFiguresStoreNothing) {
    const auto& path = m_location;
    store::Store s(path, fixed_clock);
    auto nan_area = comparison();
    nan_area.polygons[1].value = std::numeric_limits<double>::quiet_NaN();
    EXPECT_THROW(s.add_site_comparison(nan_area), StoreError);
    auto bad_confidence = comparison();
    bad_confidence.polygons[0].confidence = 1.5;
    EXPECT_THROW(s.add_site_comparison(bad_confidence), StoreError);
    auto no_date = comparison();
    no_date.after_date = core::Date{};
    EXPECT_THROW(s.add_site_comparison(no_date), StoreError);
    auto bad_sha = comparison();
    bad_sha.sha256 = "not hex";
    EXPECT_THROW(s.add_site_comparison(bad_sha), StoreError);
    // Geometry that is not JSON is refused by the table's CHECK: the comparison row goes too.
    auto bad_geometry = comparison();
    bad_geometry.polygons[1].geometry = "{not json";
    try {
        s.add_site_comparison(bad_geometry);
        ADD_FAILURE() << "a geometry that is not JSON was stored";
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("imgs_1"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(s.site_comparisons().empty());
}

TEST_P(SiteStore, MeasurementsAreNeverChangedOrDeleted) {
    const auto& path = m_location;
    {
        store::Store s(path, fixed_clock);
        s.add_site_comparison(comparison());
    }
    reckon::test::RawSql db(path);
    EXPECT_FALSE(db.error("UPDATE site_observations SET value = 1").empty());
    EXPECT_FALSE(db.error("DELETE FROM site_observations").empty());
    EXPECT_FALSE(db.error("DELETE FROM site_comparisons").empty());
    EXPECT_EQ(db.scalar("SELECT count(*) FROM site_observations"), "2");
}

TEST_P(SiteStore, APolygonIsReviewedLikeAClaim) {
    const auto& path = m_location;
    store::Store s(path, fixed_clock);
    s.add_site_comparison(comparison());
    const std::string key = s.site_comparisons()[0].polygons[1].key;
    core::Review r;
    r.claim_key = key, r.who = "ana", r.action = core::ReviewAction::reject, r.note = "a shadow";
    r.value_before = 250.25;
    const auto stored = s.add_review(r);
    EXPECT_GT(stored.id, 0);
    r.action = core::ReviewAction::correct, r.value_after = 200, r.note = "redrawn by hand";
    s.add_review(r);
    const auto history = s.reviews(key);
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].action, core::ReviewAction::reject);
    EXPECT_EQ(history[1].action, core::ReviewAction::correct);
    EXPECT_EQ(history[1].value_after, 200);
    // The measurement itself is as it was.
    EXPECT_DOUBLE_EQ(s.site_comparisons()[0].polygons[1].value, 250.25);
}

TEST_P(SiteStore, AStoreOfSchemaTwoOpensWithEverythingItHeld) {
    const auto& path = m_location;
    {
        // The store a build of schema 2 wrote: its migrations (compiled into reckon), one document
        // with one claim, and one review; no site tables.
        reckon::test::RawSql db(path);
        db.exec("BEGIN");
        for (const auto& [version, sql] :
             on_postgresql() ? store::detail::PG_SCHEMA_MIGRATIONS : store::detail::SCHEMA_MIGRATIONS) {
            if (version > 2) continue;
            db.exec(std::string(sql));
            db.exec("INSERT INTO schema_migrations (version, applied_at) VALUES (" + std::to_string(version) +
                    ", 'then')");
        }
        db.exec("INSERT INTO documents (sha256, path, format, size_bytes, ingested_at) VALUES ('" +
                std::string(64, 'd') + "', 'a.txt', 'text', 0, 'then')");
        db.exec(
            "INSERT INTO claims (document_id, metric, value, unit, qualifier, source_class, quantity_text, "
            "sentence, start_byte, end_byte) VALUES (1, 'floor_area', 12000, 'm2', 'exact', 'unattributed', "
            "'12,000 square metres', 'The hall has 12,000 square metres.', 0, 0)");
        db.exec(
            "INSERT INTO reviews (claim_key, action, who, at) VALUES ('doc:dddddddddddddddd:0-0:floor_area', "
            "'accept', 'ana', 'then')");
        db.exec("COMMIT");
        ASSERT_EQ(db.scalar("SELECT max(version) FROM schema_migrations"), "2");
    }
    store::Store s(path, fixed_clock);
    EXPECT_EQ(s.claims().size(), 1u);
    EXPECT_EQ(s.claims()[0].value, 12000);
    EXPECT_EQ(s.claims()[0].sentence, "The hall has 12,000 square metres.");
    EXPECT_EQ(s.reviews().size(), 1u);
    EXPECT_TRUE(s.site_comparisons().empty());
    EXPECT_FALSE(s.add_site_comparison(comparison()).already_present);
    EXPECT_EQ(s.site_comparisons().size(), 1u);
    reckon::test::RawSql db(path);
    EXPECT_EQ(db.scalar("SELECT max(version) FROM schema_migrations"),
              std::to_string(store::schema_version()));
    EXPECT_GE(store::schema_version(), 3);
}

INSTANTIATE_TEST_SUITE_P(Store, SiteStore, reckon::test::BACKENDS, reckon::test::backend_name);
