// Sliding-window box filters; see box_filter.hpp.
#include "reckon/imagery/box_filter.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "reckon/imagery/parallel.hpp"
#include "reckon/imagery/raster.hpp"

namespace reckon::imagery {

namespace {

// For every pixel of rows [first_row, end_row), calls emit(i, sum, count, area) with the sum of
// value(j) and the number of counted(j) over the pixels j of its clipped (2r+1)^2 box, and the
// box's pixel count. Sum is double for scores (a float running sum would drift over thousands
// of rows) and int for masks (exact).
template <typename Sum, typename Value, typename Counted, typename Emit>
void box_rows(int w, int h, int r, int first_row, int end_row, Value value, Counted counted, Emit emit) {
    const auto columns = static_cast<std::size_t>(w);
    std::vector<Sum> column_sum(columns, Sum{0});
    std::vector<int> column_count(columns, 0);
    auto add_row = [&](int y, int sign) {
        for (int x = 0; x < w; ++x) {
            const auto j = pixel_index(x, y, w);
            column_sum[static_cast<std::size_t>(x)] += sign * value(j);
            column_count[static_cast<std::size_t>(x)] += sign * static_cast<int>(counted(j));
        }
    };
    for (int y = std::max(0, first_row - r); y < std::min(h, first_row + r); ++y) add_row(y, 1);
    std::vector<Sum> prefix_sum(columns + 1, Sum{0});
    std::vector<int> prefix_count(columns + 1, 0);
    for (int y = first_row; y < end_row; ++y) {
        if (y + r < h) add_row(y + r, 1);
        if (y > first_row && y - r - 1 >= 0) add_row(y - r - 1, -1);
        for (std::size_t x = 0; x < columns; ++x) {
            prefix_sum[x + 1] = prefix_sum[x] + column_sum[x];
            prefix_count[x + 1] = prefix_count[x] + column_count[x];
        }
        const int rows = std::min(h, y + r + 1) - std::max(0, y - r);
        for (int x = 0; x < w; ++x) {
            const auto x0 = static_cast<std::size_t>(std::max(0, x - r));
            const auto x1 = static_cast<std::size_t>(std::min(w, x + r + 1));
            emit(pixel_index(x, y, w), prefix_sum[x1] - prefix_sum[x0], prefix_count[x1] - prefix_count[x0],
                 static_cast<int>(x1 - x0) * rows);
        }
    }
}

std::vector<std::uint8_t> morph(const std::vector<std::uint8_t>& mask, int w, int h, int r, bool erode) {
    std::vector<std::uint8_t> out(mask.size(), 0);
    auto one = [&](std::size_t j) { return mask[j] != 0 ? 1 : 0; };
    for_each_row_band(h, [&](int first_row, int end_row) {
        box_rows<int>(w, h, r, first_row, end_row, one, one, [&](std::size_t i, int ones, int, int area) {
            out[i] = erode ? (ones == area) : (ones > 0);
        });
    });
    return out;
}

}  // namespace

std::vector<float> box_mean(const std::vector<float>& values, int width, int height, int radius_px) {
    if (radius_px <= 0) return values;
    std::vector<float> out(values.size(), std::numeric_limits<float>::quiet_NaN());
    auto value = [&](std::size_t j) {
        return std::isfinite(values[j]) ? static_cast<double>(values[j]) : 0.0;
    };
    auto counted = [&](std::size_t j) { return std::isfinite(values[j]); };
    for_each_row_band(height, [&](int first_row, int end_row) {
        box_rows<double>(width, height, radius_px, first_row, end_row, value, counted,
                         [&](std::size_t i, double sum, int count, int) {
                             if (std::isfinite(values[i]))
                                 out[i] = static_cast<float>(sum / std::max(1, count));
                         });
    });
    return out;
}

std::vector<std::uint8_t> erode(const std::vector<std::uint8_t>& mask, int width, int height, int radius_px) {
    return morph(mask, width, height, radius_px, true);
}

std::vector<std::uint8_t> dilate(const std::vector<std::uint8_t>& mask, int width, int height,
                                 int radius_px) {
    return morph(mask, width, height, radius_px, false);
}

}  // namespace reckon::imagery
