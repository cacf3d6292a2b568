// Square box filters over a row-major image, by sliding windows: a running sum per column over
// the window's rows, then a prefix sum along the row. Memory is a few rows per thread, not a
// summed-area table of the whole image; each output row costs the same whatever the radius.
#pragma once

#include <cstdint>
#include <vector>

namespace reckon::imagery {

// Mean of the finite values of `values` (width x height) in the (2r+1)^2 box around each
// pixel, the box clipped at the image's edges; NaN where the pixel itself is not finite.
// radius_px <= 0 returns `values` unchanged.
std::vector<float> box_mean(const std::vector<float>& values, int width, int height, int radius_px);

// Binary erosion (1 where every pixel of the clipped (2r+1)^2 box is nonzero) and dilation (1
// where any is), as 0/1 bytes.
std::vector<std::uint8_t> erode(const std::vector<std::uint8_t>& mask, int width, int height, int radius_px);
std::vector<std::uint8_t> dilate(const std::vector<std::uint8_t>& mask, int width, int height, int radius_px);

}  // namespace reckon::imagery
