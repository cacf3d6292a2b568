// The view: everything the report page and the workbench show about an estimate (docs/report.md,
// "Contract 2"): the programme, production per month with its bands, contracts, the learning
// curve, source bias, every claim with its sentence, document, status and review history, and
// the flights found. The page draws only from it, so what the page shows and what the analyst
// can check are the same numbers.
//
// `View` is the typed value, built once from an estimate and its evidence; `to_json` is the one
// place it becomes the JSON the page reads. In that JSON every number is finite: a missing or
// non-finite figure is null.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reckon/core/claim.hpp"
#include "reckon/core/review.hpp"
#include "reckon/estimate/estimate.hpp"
#include "reckon/store/store.hpp"

namespace reckon::report {

// The version of the view's layout ("reckon_view"); bumped when a field changes meaning.
inline constexpr int VIEW_VERSION = 1;

// A report is a page written to a folder ("files" names the files beside it); a live view is
// served by reckon serve (no files).
enum class ViewMode { report, live };
std::string_view to_string(ViewMode mode);

// Site change from satellite images, as the store holds it (`reckon site compare --store`): the
// comparisons with their polygons, and every review, of which those of the polygons' keys apply.
struct SiteEvidence {
    std::vector<store::SiteComparison> comparisons;
    std::vector<core::Review> reviews;
};
SiteEvidence read_site_evidence(const store::Store& store);

struct ViewOptions {
    store::NowFn now;  // stamps generated_at (default: store::utc_now_iso)
    // The store's site comparisons and reviews; null or empty: the view has no "site" section.
    const SiteEvidence* site = nullptr;
    // Every review in the store, oldest first, when it may be newer than the estimate's
    // evidence (the live workbench): each claim's history is then taken from it.
    const std::vector<core::Review>* reviews = nullptr;
};

// Where a figure can be read: a document's title, address, path and SHA-256, each empty when
// unknown (a claim from a CSV row with a URL has only the URL).
struct DocumentRef {
    std::string title, url, path, sha256;
};

struct ProgrammeView {
    std::string name, product, file;
    core::Month start, end, production_start;
    std::vector<std::string> producers;
};

// The rows of the launch CSV summed into a month, to link the month to them.
struct LaunchRows {
    std::string file;  // in a report, the copy beside the page (launch_rows_file)
    std::vector<std::uint64_t> lines;
};

struct MonthView {
    estimate::MonthSummary summary;
    std::optional<LaunchRows> launch_rows;
};

struct ContractView {
    estimate::ContractProgress progress;
    core::Date counted_from;              // cumulative output is counted from the programme's start
    std::vector<std::string> claim_keys;  // the claims that state it (states_contract in view.cpp)
};

struct ClaimView {
    evidence::EvidenceClaim claim;
    std::optional<double> monthly, monthly_low, monthly_high;  // a rate as units a month
    std::optional<DocumentRef> document;
    std::optional<estimate::Interval> fit;  // the model's value of what the claim reports
    std::optional<double> p_met;            // a target's chance of being met
    std::vector<core::Review> history;      // every review of its key, oldest first
};

struct FlightView {
    evidence::Flight flight;
    std::optional<DocumentRef> document;
};

// A candidate polygon and what the analysts made of it: its latest review decides its status,
// "candidate" (none), "accepted", "rejected" or "corrected" (the reviewed area replaces the
// measured one).
struct SitePolygonView {
    store::SitePolygon polygon;
    std::string status = "candidate";
    double area_m2 = 0;  // as reviewed: 0 when rejected
    std::optional<core::Review> review;
    std::vector<core::Review> history;
};

// A quick-look's extent in WGS84 degrees, as `site compare` recorded it in summary.json.
struct SiteBounds {
    double south = 0, west = 0, north = 0, east = 0;
};

// One quick-look of a comparison as a map layer: "before", "after" or "overlay"; the file
// `site compare` wrote, and the address the page loads it from (in a report the copy beside
// the page, site_N_LAYER.png; live, /api/site/SHA256/LAYER.png).
struct SiteImage {
    std::string layer, path, href;
};

// The quick-looks of a comparison that can be shown on a map: those beside its overlay.png that
// are still there, and their bounds from the summary.json beside them when it describes this
// comparison (same images and method). No bounds: the page shows the polygons without images.
struct SiteQuicklooks {
    std::optional<SiteBounds> bounds;
    std::vector<SiteImage> images;
};
SiteQuicklooks site_quicklooks(const store::SiteComparison& comparison, ViewMode mode, std::size_t number);

struct SiteComparisonView {
    store::SiteComparison comparison;  // its polygons are in `polygons`
    std::vector<SitePolygonView> polygons;
    double candidate_m2 = 0;     // every polygon, as measured
    double accepted_m2 = 0;      // accepted and corrected polygons, as reviewed
    double unreviewed_m2 = 0;    // polygons nobody has reviewed yet
    std::string quicklook_file;  // in a report, the overlay's copy beside the page ("" if none)
    SiteQuicklooks quicklooks;   // the image layers of the page's map, and where they lie
};

struct SiteView {
    std::vector<SiteComparisonView> comparisons;  // in the order they were stored
    std::vector<std::string> area_claim_keys;     // claims of an area or its growth (is_area_claim)
};

// A claim about a site's area: metric floor_area, or a unit of area (m2, km2, ha).
bool is_area_claim(const evidence::EvidenceClaim& claim);

struct View {
    ViewMode mode = ViewMode::report;
    std::string generated_at;  // UTC ISO 8601
    ProgrammeView programme;
    estimate::Diagnostics diagnostics;
    estimate::Interval total, learning_rate;
    bool evidence_consistent = true;
    std::vector<MonthView> months;
    std::vector<ContractView> contracts;
    std::vector<std::pair<double, estimate::Interval>> learning_curve;  // (cumulative units, unit cost USD)
    std::vector<estimate::SourceSummary> sources;
    std::vector<ClaimView> claims;
    std::vector<FlightView> flights;
    std::optional<SiteView> site;                            // only when the store holds site comparisons
    std::vector<std::pair<std::string, std::string>> files;  // (role, file name); report mode only
};

// Builds the view of `result` from the estimate and its evidence (documents, review history,
// flights).
View build_view(const estimate::EstimateResult& result, ViewMode mode, const ViewOptions& options = {});

// The view as the JSON document the page and view.json hold (Contract 2 of docs/report.md).
nlohmann::json to_json(const View& view);

// The name under which a report copies the programme's launch CSV beside index.html, so that a
// launch month links to its rows; nullopt when there is no launch CSV or its name would clash
// with a file the report or the estimate writes.
std::optional<std::string> launch_rows_file(const estimate::EstimateResult& result);

// One review as the view and the workbench's API show it: every field, figures null when absent.
nlohmann::json review_json(const core::Review& review);

// A finite number as JSON, anything else (NaN, infinity, absent) as null.
nlohmann::json finite_or_null(std::optional<double> value);

}  // namespace reckon::report
