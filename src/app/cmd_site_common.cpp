// Option handling shared by the site sub-commands; see cmd_site_common.hpp.
#include "cmd_site_common.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <cmath>

#include "reckon/core/error.hpp"

namespace reckon::app {

imagery::ChangeOptions change_options(const SiteMethodOptions& options) {
    imagery::ChangeOptions out;
    const auto method = imagery::parse_method(options.method);
    if (!method)
        throw UsageError(fmt::format("--method: unknown method '{}'", options.method),
                         "give one of: reckon, cva, irmad, pca-kmeans");
    // The classic methods are thresholded as published (Otsu); reckon's own uses the mixture.
    const std::string rule = !options.threshold.empty()   ? options.threshold
                             : options.method == "reckon" ? "mixture"
                                                          : "otsu";
    const auto threshold = imagery::parse_threshold(rule);
    if (!threshold)
        throw UsageError(fmt::format("--threshold: unknown rule '{}'", options.threshold),
                         "give otsu or mixture");
    out.method = *method;
    out.threshold = *threshold;
    out.clean = !options.no_clean;
    if (options.min_area_px >= 0) out.min_area_px = options.min_area_px;
    return out;
}

imagery::Pair read_site_pair(const std::string& before, const std::string& after,
                             const SiteMethodOptions& options, ProgressBar& bar) {
    imagery::PairOptions pair_options;
    pair_options.read.bands = options.bands;
    pair_options.coregister = !options.no_coregister;
    auto pair = imagery::read_pair(before, after, pair_options, bar.callback());
    bar.clear();
    if (!pair.dropped_bands.empty())
        fmt::print(stderr,
                   "reckon: note: compared on the {} band(s) both images have; left out: {} (choose bands "
                   "with --bands to make this explicit)\n",
                   pair.before.bands.size(), fmt::join(pair.dropped_bands, ", "));
    if (pair_options.coregister)
        fmt::print(stderr, "reckon: shift of the second image {:+.2f}, {:+.2f} px (peak {:.2f}){}\n",
                   pair.shift_x_px, pair.shift_y_px, pair.shift_peak,
                   pair.shift_applied ? ", corrected" : ", below 0.3 px: kept");
    return pair;
}

}  // namespace reckon::app
