// 8-connected region labelling; see components.hpp.
#include "reckon/imagery/components.hpp"

#include "reckon/imagery/raster.hpp"

namespace reckon::imagery {

Components label_components(const std::vector<std::uint8_t>& mask, int width, int height,
                            const ComponentVisit& visit) {
    Components out;
    out.labels.assign(mask.size(), 0);
    out.pixels.assign(1, 0);
    std::vector<std::size_t> stack;
    for (std::size_t start = 0; start < mask.size(); ++start) {
        if (!mask[start] || out.labels[start]) continue;
        const auto id = static_cast<std::int32_t>(out.pixels.size());
        std::size_t size = 0;
        stack.assign(1, start);
        out.labels[start] = id;
        while (!stack.empty()) {
            const std::size_t i = stack.back();
            stack.pop_back();
            ++size;
            if (visit) visit(i, id);
            const int x = static_cast<int>(i % static_cast<std::size_t>(width));
            const int y = static_cast<int>(i / static_cast<std::size_t>(width));
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const int nx = x + dx;
                    const int ny = y + dy;
                    if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
                    const auto j = pixel_index(nx, ny, width);
                    if (mask[j] && !out.labels[j]) out.labels[j] = id, stack.push_back(j);
                }
        }
        out.pixels.push_back(size);
    }
    return out;
}

}  // namespace reckon::imagery
