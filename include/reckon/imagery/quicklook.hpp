// PNG quick-looks of a pair and its change map, for an analyst to check the polygons by eye.
#pragma once

#include <string>

#include "reckon/imagery/change.hpp"
#include "reckon/imagery/raster.hpp"

namespace reckon::imagery {

// Writes `path` as an 8-bit RGB PNG of `image` (B04/B03/B02 when named so, else the first
// three bands, else grey), each band stretched between its 2% and 98% quantiles; invalid
// pixels black. With `change`, changed pixels are tinted red over a greyed image.
void write_quicklook(const std::string& path, const Image& image, const ChangeMap* change = nullptr);

}  // namespace reckon::imagery
