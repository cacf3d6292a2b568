// Scoring a change map against labels; see site.hpp.
#include "reckon/imagery/site.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "reckon/core/error.hpp"

namespace reckon::imagery {

namespace {

double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

const std::vector<float>& label_band(const Image& label, const ChangeMap& map) {
    if (label.grid.width != map.width || label.grid.height != map.height)
        throw InputError(Location{label.path},
                         fmt::format("is {}x{} pixels, the change map {}x{}", label.grid.width,
                                     label.grid.height, map.width, map.height),
                         "give the label raster of the first (before) image's grid");
    return label.bands.front();
}

}  // namespace

double Confusion::precision() const { return ratio(static_cast<double>(tp), static_cast<double>(tp + fp)); }
double Confusion::recall() const { return ratio(static_cast<double>(tp), static_cast<double>(tp + fn)); }
double Confusion::f1() const {
    return ratio(2.0 * static_cast<double>(tp), static_cast<double>(2 * tp + fp + fn));
}
double Confusion::iou() const { return ratio(static_cast<double>(tp), static_cast<double>(tp + fp + fn)); }
double Confusion::overall_accuracy() const {
    return ratio(static_cast<double>(tp + tn), static_cast<double>(tp + tn + fp + fn));
}

Confusion score_change(const ChangeMap& map, const std::string& changed, const std::string& unchanged,
                       double change_value) {
    ReadOptions first;
    first.bands = {"1"};
    const Image change_label = read_image(changed, first);
    const auto& change = label_band(change_label, map);
    // An all-zero label (a crop where nothing changed) has no change code at all.
    if (change_value < 0) {
        change_value = *std::max_element(change.begin(), change.end());
        if (change_value <= 0) change_value = std::numeric_limits<double>::infinity();
    }
    std::vector<float> none;
    if (!unchanged.empty()) {
        const Image unchanged_label = read_image(unchanged, first);
        none = label_band(unchanged_label, map);
    }
    Confusion c;
    for (std::size_t i = 0; i < change.size(); ++i) {
        if (!map.valid[i]) continue;
        const bool is_change = change[i] == static_cast<float>(change_value);
        if (!unchanged.empty() && !is_change && !(none[i] != 0)) continue;
        const bool said = map.mask[i] != 0;
        if (is_change)
            (said ? c.tp : c.fn) += 1;
        else
            (said ? c.fp : c.tn) += 1;
    }
    return c;
}

}  // namespace reckon::imagery
