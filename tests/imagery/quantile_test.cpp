// Quantiles by selection give exactly the value a full sort gives at the same index.
#include "reckon/imagery/quantile.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using namespace reckon::imagery;

TEST(ImageryQuantile, SelectionEqualsTheSortedValue) {
    std::mt19937 random(5);
    std::normal_distribution<float> value(10.0F, 3.0F);
    // 70001 and more: the bucketed path; the others std::nth_element alone.
    for (std::size_t n : {1U, 2U, 7U, 1000U, 4097U, 70001U}) {
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
    std::vector<float> finite{9.0F, 9.0F, 9.0F, 9.0F, 9.0F};  // replaced, not appended to
    finite_values({nan, 3.0F, inf, 1.0F, -inf, 2.0F}, finite);
    ASSERT_EQ(finite.size(), 3U);
    EXPECT_EQ(select_quantile(finite, 0.5), 2.0);
    EXPECT_EQ(select_quantile(finite, 1.0), 3.0);
}

TEST(ImageryQuantile, BucketedSelectionWithTiesAndNegativesEqualsTheSortedValue) {
    // Byte-like values (many ties, few buckets) shifted to straddle zero, and a spread of
    // magnitudes: the bucket that holds the rank must be found from either side.
    std::mt19937 random(9);
    std::vector<float> values(200000);
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = i % 2 == 0 ? static_cast<float>(random() % 256) - 100.0F
                               : std::ldexp(static_cast<float>(random() % 1000) / 1000.0F,
                                            static_cast<int>(random() % 40) - 20);
    auto sorted = values;
    std::sort(sorted.begin(), sorted.end());
    for (double q : {0.0, 0.001, 0.25, 0.5, 0.75, 0.999, 1.0}) {
        auto work = values;
        const auto k = static_cast<std::size_t>(q * static_cast<double>(values.size() - 1));
        EXPECT_EQ(select_quantile(work, q), sorted[k]) << "q=" << q;
    }
}
