// Rasters for the imagery stage: any file GDAL reads (GeoTIFF, COG, JPEG 2000, PNG with a
// world file, ENVI, a Sentinel-2 SAFE product), or a folder of one-band TIFFs read as one
// image (as OSCD ships Sentinel-2 bands). Bands are floats on one grid with a validity mask
// (nodata and NaN are invalid). A pair is brought onto the grid of the first image (GDAL
// warp) when both are georeferenced; otherwise both must have the same size.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "reckon/core/progress.hpp"

namespace reckon::imagery {

// A pixel grid: size, affine geotransform (GDAL order: x0, dx, rx, y0, ry, dy) and CRS as WKT.
// `georeferenced` is false for a plain PNG or a TIFF without tags (then the transform is the
// identity and the CRS empty).
struct Grid {
    int width = 0, height = 0;
    std::array<double, 6> geotransform{0, 1, 0, 0, 0, 1};
    std::string crs_wkt;
    bool georeferenced = false;
    std::size_t pixels() const { return static_cast<std::size_t>(width) * static_cast<std::size_t>(height); }
};

// The offset of pixel (x, y) in a row-major array `width` pixels wide, computed in size_t so
// that a large image's offset cannot overflow int.
inline std::size_t pixel_index(int x, int y, int width) {
    return static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x);
}

// A multi-band image: band b's pixel (x, y) is bands[b][y * width + x]. valid[i] is 0 where
// any band is nodata or not finite.
struct Image {
    Grid grid;
    std::string path;
    std::vector<std::string> band_names;  // "B04" for Sentinel-2 files, else "1", "2", ...
    std::vector<std::vector<float>> bands;
    std::vector<std::uint8_t> valid;
    std::size_t valid_count() const;
    // Index of the band named `name` (case-insensitive), or -1.
    int band_index(const std::string& name) const;
};

struct ReadOptions {
    // Bands to keep, by name ("B04") or 1-based index ("3"); empty keeps all. A name that no
    // band has is an InputError listing the names there are.
    std::vector<std::string> bands;
    // The most memory (bytes) the image's pixels may take as floats; 0 means half of this
    // machine's physical memory. A larger image is an InputError that says how to crop it.
    std::size_t max_bytes = 0;
};

// Reads `path` (a file or a folder of one-band rasters) on its own grid; a folder's bands
// are resampled (bilinear) onto the grid of its finest band. Throws InputError naming the
// file for anything GDAL cannot read, a truncated file, or an image with no valid pixel.
Image read_image(const std::string& path, const ReadOptions& options = {});

// A co-registered pair on one grid.
struct Pair {
    Image before, after;
    double shift_x_px = 0, shift_y_px = 0;  // phase-correlation shift of `after` (applied)
    double shift_peak = 0;                  // the correlation peak height, 0..1
    bool shift_applied = false;
    bool warped = false;  // `after` was resampled onto `before`'s grid
    // Bands one image has and the other lacks (by name), left out: "B04 (only in PATH)".
    std::vector<std::string> dropped_bands;
};

struct PairOptions {
    ReadOptions read;
    bool coregister = true;
    // A measured shift smaller than this (pixels) is reported but not applied.
    double min_shift_px = 0.3;
};

// Reads both images and brings `after` onto `before`'s grid: GDAL warp when both are
// georeferenced (throws InputError when they do not overlap or when only one has a CRS),
// the same size otherwise (throws InputError when the sizes differ). Band lists are matched
// by name; a band missing from one image is dropped with the others kept, and no common
// band at all is an InputError. Then measures the sub-pixel shift by phase correlation.
Pair read_pair(const std::string& before, const std::string& after, const PairOptions& options = {},
               const core::ProgressFn& progress = {});

// Keeps only the pixels inside the rectangle x0..x0+w, y0..y0+h of `image` (clipped), and
// adjusts the geotransform.
Image crop(const Image& image, int x0, int y0, int w, int h);

// Pixel (column, row) of a point given in the image's CRS, and back (pixel corners).
std::array<double, 2> to_pixel(const Grid& grid, double x, double y);
std::array<double, 2> to_world(const Grid& grid, double col, double row);

// Pixel area in square metres at the image centre, on the WGS84 ellipsoid (0 without a
// georeference).
double pixel_area_m2(const Grid& grid);

}  // namespace reckon::imagery
