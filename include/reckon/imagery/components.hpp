// Connected regions of a binary mask (8-connected: diagonal neighbours join), labelled once
// for every caller: the minimum-area clean-up of a change map and the polygons' per-region
// summaries both use it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace reckon::imagery {

struct Components {
    // Per pixel: 0 outside the mask, else the region's id, 1..count(), numbered in the order
    // of each region's first pixel in row-major order.
    std::vector<std::int32_t> labels;
    // Pixels per region; pixels[0] (the background slot) is 0.
    std::vector<std::size_t> pixels;
    std::size_t count() const { return pixels.empty() ? 0 : pixels.size() - 1; }
};

// Called for each pixel of the mask as the flood fill reaches it: its row-major index and its
// region's id. A region's pixels come one after the other, regions in id order.
using ComponentVisit = std::function<void(std::size_t index, std::int32_t id)>;

// Labels the 8-connected regions of the nonzero pixels of `mask` (width x height, row-major),
// by an explicit-stack flood fill (no recursion, so a region of any size is safe).
Components label_components(const std::vector<std::uint8_t>& mask, int width, int height,
                            const ComponentVisit& visit = {});

}  // namespace reckon::imagery
