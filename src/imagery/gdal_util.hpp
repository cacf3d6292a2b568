// GDAL plumbing shared by the imagery sources: registration once, owning handles, errors
// turned into InputError with GDAL's own message, and an Image wrapped as a MEM dataset
// (zero copy) so GDAL can warp or write it.
#pragma once

#include <gdal.h>
#include <ogr_srs_api.h>

#include <memory>
#include <string>

#include "reckon/core/error.hpp"
#include "reckon/imagery/raster.hpp"

namespace reckon::imagery::detail {

// Registers GDAL's drivers once, and silences GDAL's own stderr printing (its messages come
// back in our errors instead).
void ensure_gdal();

struct DatasetCloser {
    void operator()(GDALDatasetH handle) const {
        if (handle) GDALClose(handle);
    }
};
using Dataset = std::unique_ptr<void, DatasetCloser>;

struct SrsCloser {
    void operator()(OGRSpatialReferenceH handle) const {
        if (handle) OSRDestroySpatialReference(handle);
    }
};
using Srs = std::unique_ptr<void, SrsCloser>;

// GDAL's last error message, or `fallback`.
std::string gdal_message(const std::string& fallback);

[[noreturn]] void fail(const std::string& file, const std::string& what, const std::string& hint = {});

// The grid of an open dataset.
Grid grid_of(GDALDatasetH dataset);

// A MEM dataset whose bands point at `image`'s arrays (the image must outlive it). Invalid
// pixels must already be NaN; the dataset's nodata is NaN.
Dataset wrap(const Image& image);

// An SRS from WKT, with the traditional lon/lat axis order; empty WKT gives null.
Srs srs_from_wkt(const std::string& wkt);

}  // namespace reckon::imagery::detail
