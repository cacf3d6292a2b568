// Sub-pixel co-registration of a pair by phase correlation (FFTW): the shift of the second
// image against the first, and the resampling that undoes it.
#pragma once

#include "reckon/imagery/raster.hpp"

namespace reckon::imagery {

// `after` matches `before` moved by (dx_px, dy_px): after(x, y) ~ before(x - dx, y - dy).
// peak is the normalised correlation peak (near 1 for a clean shift, near 0 for none found).
struct Shift {
    double dx_px = 0, dy_px = 0, peak = 0;
};

// Phase correlation of the band average (each band standardised) over at most the central
// 1024 x 1024 pixels, Hann-windowed, with a parabola through the peak for the sub-pixel part.
// Both images must be on one grid.
Shift measure_shift(const Image& before, const Image& after);

// out(x, y) = image(x - dx, y - dy), bilinear; pixels that come from outside are invalid.
// Taken by value and shifted band by band, each source band freed once its shift is made, so
// a moved-in image needs one band more, not a second image.
Image shift_image(Image image, double dx_px, double dy_px);

}  // namespace reckon::imagery
