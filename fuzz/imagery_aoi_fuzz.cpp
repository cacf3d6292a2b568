// libFuzzer target for imagery/aoi.hpp, the GeoJSON area-of-interest reader (reckon's own code
// in front of GDAL). Bad input must end in InputError; a parsed AOI must hold polygons whose
// rings are closed, have four points or more and stay within longitude/latitude range.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "reckon/core/error.hpp"
#include "reckon/imagery/aoi.hpp"

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(data, data + size);
    try {
        const auto aoi = reckon::imagery::parse_aoi(text, "fuzz.geojson");
        if (aoi.polygons.empty()) std::abort();
        for (const auto& polygon : aoi.polygons)
            for (const auto& ring : polygon) {
                if (ring.size() < 4 || ring.front() != ring.back()) std::abort();
                for (const auto& p : ring)
                    if (!(std::abs(p[0]) <= 180) || !(std::abs(p[1]) <= 90)) std::abort();
            }
    } catch (const reckon::InputError&) {
    }
    return 0;
}
