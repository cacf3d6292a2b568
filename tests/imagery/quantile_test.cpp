// Quantiles by selection give exactly the value a full sort gives at the same index.
#include "reckon/imagery/quantile.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>

using namespace reckon::imagery;

TEST(ImageryQuantile, SelectionEqualsTheSortedValue) {
    std::mt19937 random(5);
    std::normal_distribution<float> value(10.0F, 3.0F);
    for (std::size_t n : {1U, 2U, 7U, 1000U, 4097U}) {
        std::vector<float> values(n);
        for (auto& v : values) v = value(random);
        auto sorted = values;
        std::sort(sorted.begin(), sorted.end());
        for (double q : {0.0, 0.001, 0.02, 0.5, 0.98, 0.999, 1.0}) {
            auto work = values;
            const auto k = static_cast<std::size_t>(q * static_cast<double>(n - 1));
            EXPECT_EQ(select_quantile(work, q), sorted[k]) << "n=" << n << " q=" << q;
        }
    }
}

TEST(ImageryQuantile, EmptyIsZeroAndNonFiniteValuesAreLeftOut) {
    std::vector<float> none;
    EXPECT_EQ(select_quantile(none, 0.5), 0.0);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    auto finite = finite_values({nan, 3.0F, inf, 1.0F, -inf, 2.0F});
    ASSERT_EQ(finite.size(), 3U);
    EXPECT_EQ(select_quantile(finite, 0.5), 2.0);
    EXPECT_EQ(select_quantile(finite, 1.0), 3.0);
}
