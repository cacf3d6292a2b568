// The sliding-window box filters against a direct sum over each clipped box, on images that
// span several row bands (so the bands' seams are checked) and with invalid pixels.
#include "reckon/imagery/box_filter.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "reckon/imagery/parallel.hpp"
#include "reckon/imagery/raster.hpp"

using namespace reckon::imagery;

namespace {

// Taller than two row bands, not a multiple of one.
constexpr int WIDTH = 37;
constexpr int HEIGHT = 2 * ROW_BAND_ROWS + 45;
// A float sum in double over at most 17^2 values of order 1: far below float resolution.
constexpr float MEAN_TOLERANCE = 1e-5F;

std::vector<float> noisy_scores(unsigned seed) {
    std::mt19937 random(seed);
    std::uniform_real_distribution<float> value(0.0F, 5.0F);
    std::vector<float> out(static_cast<std::size_t>(WIDTH) * HEIGHT);
    for (auto& v : out) v = random() % 13 == 0 ? std::numeric_limits<float>::quiet_NaN() : value(random);
    return out;
}

std::vector<std::uint8_t> noisy_mask(unsigned seed) {
    std::mt19937 random(seed);
    std::vector<std::uint8_t> out(static_cast<std::size_t>(WIDTH) * HEIGHT);
    for (auto& v : out) v = random() % 3 != 0 ? 1 : 0;
    return out;
}

template <typename F>
void for_box(int x, int y, int r, F f) {
    for (int yy = std::max(0, y - r); yy < std::min(HEIGHT, y + r + 1); ++yy)
        for (int xx = std::max(0, x - r); xx < std::min(WIDTH, x + r + 1); ++xx)
            f(pixel_index(xx, yy, WIDTH));
}

}  // namespace

TEST(ImageryBoxFilter, MeanMatchesDirectSumOverValidPixels) {
    const auto scores = noisy_scores(7);
    for (int r : {1, 2, 8}) {
        const auto mean = box_mean(scores, WIDTH, HEIGHT, r);
        for (int y = 0; y < HEIGHT; ++y)
            for (int x = 0; x < WIDTH; ++x) {
                const auto i = pixel_index(x, y, WIDTH);
                if (!std::isfinite(scores[i])) {
                    EXPECT_TRUE(std::isnan(mean[i])) << x << "," << y;
                    continue;
                }
                double sum = 0;
                int count = 0;
                for_box(x, y, r, [&](std::size_t j) {
                    if (std::isfinite(scores[j])) sum += scores[j], ++count;
                });
                ASSERT_NEAR(mean[i], sum / count, MEAN_TOLERANCE) << "r=" << r << " at " << x << "," << y;
            }
    }
}

TEST(ImageryBoxFilter, RadiusZeroIsIdentity) {
    const auto scores = noisy_scores(3);
    const auto mean = box_mean(scores, WIDTH, HEIGHT, 0);
    for (std::size_t i = 0; i < scores.size(); ++i)
        EXPECT_TRUE(mean[i] == scores[i] || (std::isnan(mean[i]) && std::isnan(scores[i])));
}

TEST(ImageryBoxFilter, ErodeAndDilateMatchTheirDefinitions) {
    const auto mask = noisy_mask(11);
    for (int r : {1, 2}) {
        const auto eroded = erode(mask, WIDTH, HEIGHT, r);
        const auto dilated = dilate(mask, WIDTH, HEIGHT, r);
        for (int y = 0; y < HEIGHT; ++y)
            for (int x = 0; x < WIDTH; ++x) {
                bool all = true;
                bool any = false;
                for_box(x, y, r, [&](std::size_t j) { all = all && mask[j], any = any || mask[j]; });
                const auto i = pixel_index(x, y, WIDTH);
                ASSERT_EQ(eroded[i], all ? 1 : 0) << "r=" << r << " at " << x << "," << y;
                ASSERT_EQ(dilated[i], any ? 1 : 0) << "r=" << r << " at " << x << "," << y;
            }
    }
}
