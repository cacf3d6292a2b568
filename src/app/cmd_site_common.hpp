// What the site sub-commands share: turning their options into the imagery library's, and one
// comparison of a pair end to end (polygons, quick-looks and, with a store, observations).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "cmd_site.hpp"
#include "progress_bar.hpp"
#include "reckon/core/date.hpp"
#include "reckon/imagery/change.hpp"
#include "reckon/imagery/raster.hpp"
#include "reckon/store/store.hpp"

namespace reckon::app {

// Throws UsageError for an unknown method or threshold rule.
imagery::ChangeOptions change_options(const SiteMethodOptions& options);

// Reads and co-registers a pair with progress on `bar`; prints the measured shift on stderr.
imagery::Pair read_site_pair(const std::string& before, const std::string& after,
                             const SiteMethodOptions& options, ProgressBar& bar);

// The acquisition date an image's path carries: the first YYYYMMDD or YYYY-MM-DD run of digits
// that is a real day between 1972 and 2100, in the path's last component or (for a folder) the
// names of the files in it, as Sentinel-2 and Landsat names carry it. nullopt when none does.
std::optional<core::Date> image_date(const std::filesystem::path& image);

// One comparison as `site compare` and `reckon run` make it.
struct SiteCompareRequest {
    std::string before, after, aoi, out;
    std::string site;                                   // the site's name in the store
    std::optional<core::Date> before_date, after_date;  // default: image_date()
    double simplify_px = 1.0;
    bool overwrite = false;
    bool print_polygons = true;  // one line per polygon on stdout, then change.geojson's path
};

// Fills in the dates the request leaves out from the images' names; throws UsageError when
// `storing` and the second image's date is still unknown, or the second is dated before the first.
void check_site_dates(SiteCompareRequest& request, bool storing);

// Compares the pair, writes change.geojson, change.gpkg, the quick-looks and summary.json to
// `out`, and, with a store, records the comparison and its polygons as site observations.
// Throws UsageError when --out holds a comparison already (without overwrite) or a store is
// given and the second image's date is unknown.
store::SiteResult compare_site(const SiteCompareRequest& request, const SiteMethodOptions& method,
                               store::Store* store);

// The SHA-256 that identifies a comparison in the store: the bytes of every file of both
// images and of the AOI, and the settings that change the polygons.
std::string site_comparison_sha256(const std::string& before, const std::string& after,
                                   const std::string& aoi, const SiteMethodOptions& method,
                                   double simplify_px);

}  // namespace reckon::app
