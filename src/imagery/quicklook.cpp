// PNG quick-looks through GDAL's PNG driver; see quicklook.hpp.
#include "reckon/imagery/quicklook.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>

#include "gdal_util.hpp"

namespace reckon::imagery {

namespace {

constexpr double STRETCH_LOW = 0.02, STRETCH_HIGH = 0.98;

std::vector<std::uint8_t> stretch(const std::vector<float>& band, const std::vector<std::uint8_t>& valid) {
    std::vector<float> values;
    for (std::size_t i = 0; i < band.size(); ++i)
        if (valid[i]) values.push_back(band[i]);
    std::sort(values.begin(), values.end());
    const double lo =
        values.empty()
            ? 0
            : values[static_cast<std::size_t>(STRETCH_LOW * static_cast<double>(values.size() - 1))];
    const double hi =
        values.empty()
            ? 1
            : values[static_cast<std::size_t>(STRETCH_HIGH * static_cast<double>(values.size() - 1))];
    std::vector<std::uint8_t> out(band.size(), 0);
    for (std::size_t i = 0; i < band.size(); ++i)
        if (valid[i])
            out[i] = static_cast<std::uint8_t>(
                std::clamp((band[i] - lo) / std::max(1e-9, hi - lo) * 255.0, 0.0, 255.0));
    return out;
}

}  // namespace

void write_quicklook(const std::string& path, const Image& image, const ChangeMap* change) {
    detail::ensure_gdal();
    std::array<int, 3> rgb{image.band_index("B04"), image.band_index("B03"), image.band_index("B02")};
    if (rgb[0] < 0 || rgb[1] < 0 || rgb[2] < 0) {
        const int n = static_cast<int>(image.bands.size());
        rgb[0] = 0, rgb[1] = n >= 3 ? 1 : 0, rgb[2] = n >= 3 ? 2 : 0;
    }
    std::array<std::vector<std::uint8_t>, 3> channel;
    for (std::size_t c = 0; c < channel.size(); ++c)
        channel[c] = stretch(image.bands[static_cast<std::size_t>(rgb[c])], image.valid);
    if (change) {
        for (std::size_t i = 0; i < channel[0].size(); ++i) {
            const auto grey =
                static_cast<std::uint8_t>((channel[0][i] + channel[1][i] + channel[2][i]) * 0.7 / 3.0);
            const bool changed = change->mask[i] != 0;
            channel[0][i] = changed ? static_cast<std::uint8_t>(std::min(255, grey / 2 + 160)) : grey;
            channel[1][i] = changed ? static_cast<std::uint8_t>(grey / 2) : grey;
            channel[2][i] = changed ? static_cast<std::uint8_t>(grey / 2) : grey;
        }
    }
    const int w = image.grid.width;
    const int h = image.grid.height;
    detail::Dataset mem(GDALCreate(GDALGetDriverByName("MEM"), "", w, h, 3, GDT_Byte, nullptr));
    if (!mem) detail::fail(path, detail::gdal_message("cannot create the quick-look"));
    for (std::size_t c = 0; c < channel.size(); ++c)
        if (GDALRasterIO(GDALGetRasterBand(mem.get(), static_cast<int>(c) + 1), GF_Write, 0, 0, w, h,
                         channel[c].data(), w, h, GDT_Byte, 0, 0) != CE_None)
            detail::fail(path, detail::gdal_message("cannot fill the quick-look"));
    const std::string temporary = path + ".tmp.png";
    {
        detail::Dataset png(GDALCreateCopy(GDALGetDriverByName("PNG"), temporary.c_str(), mem.get(), 0,
                                           nullptr, nullptr, nullptr));
        if (!png) detail::fail(path, detail::gdal_message("cannot write the PNG"));
    }
    std::filesystem::remove(temporary + ".aux.xml");
    std::filesystem::rename(temporary, path);
}

}  // namespace reckon::imagery
