// PNG quick-looks of a pair and its change map, for an analyst to check the polygons by eye.
#pragma once

#include <optional>
#include <string>

#include "reckon/imagery/change.hpp"
#include "reckon/imagery/raster.hpp"

namespace reckon::imagery {

// A grid's extent in WGS84 degrees (EPSG:4326, longitude east, latitude north): the smallest
// latitude/longitude box that holds the grid's four outer pixel corners, each transformed from
// the grid's CRS by OGR. A web map places a quick-look in it (docs/imagery.md, "Evidence").
struct Wgs84Bounds {
    double south = 0, west = 0, north = 0, east = 0;
};

// The bounds of `grid`, or nullopt when it has no georeference (a plain PNG), no CRS, or a
// corner OGR cannot transform.
std::optional<Wgs84Bounds> wgs84_bounds(const Grid& grid);

// Writes `path` as an 8-bit RGB PNG of `image` (B04/B03/B02 when named so, else the first
// three bands, else grey), each band stretched between its 2% and 98% quantiles; invalid
// pixels black. An image longer than 2048 pixels on a side is first reduced by a whole factor
// k, averaging blocks of about k x k pixels (an 8000 x 8000 image gives 2000 x 2000), on a grid
// with the same extent; a smaller one keeps its pixels. With `change`, changed pixels (reduced: blocks with
// any changed pixel) are tinted red over a greyed image. When the image is georeferenced the
// PNG opens in place in QGIS or GDAL: a world file beside it (PATH with the extension .pgw) and
// PATH.aux.xml holding the CRS, both of the PNG's own grid; otherwise neither is written (and
// any earlier one at those paths is removed).
void write_quicklook(const std::string& path, const Image& image, const ChangeMap* change = nullptr);

}  // namespace reckon::imagery
