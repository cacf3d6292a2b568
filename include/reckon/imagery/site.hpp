// The imagery stage end to end for one pair: read, co-register, detect change; and the
// scoring of a change map against a labelled truth (scripts/change-eval).
#pragma once

#include <cstdint>
#include <string>

#include "reckon/imagery/change.hpp"
#include "reckon/imagery/raster.hpp"

namespace reckon::imagery {

// Confusion counts of a change map against a truth, over the labelled pixels.
struct Confusion {
    std::uint64_t tp = 0, fp = 0, fn = 0, tn = 0;
    double precision() const;
    double recall() const;
    double f1() const;
    double iou() const;
    double overall_accuracy() const;
};

// Truth from label rasters on the before image's grid (same size; a label raster need not be
// georeferenced). `changed`: pixels equal to `change_value` are change; with `unchanged` given,
// its nonzero pixels are no-change and the rest of `changed`'s zero pixels unlabelled
// (Taizhou's coding); without it every other pixel is no-change. change_value < 0 means the
// largest value in the raster. Throws InputError when a label's size differs from the map's.
Confusion score_change(const ChangeMap& map, const std::string& changed, const std::string& unchanged = {},
                       double change_value = -1);

}  // namespace reckon::imagery
