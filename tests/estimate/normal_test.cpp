// The normal distribution helpers against values computed with mpmath at 60 digits
// (mp.ncdf, mp.npdf, and findroot for the quantile at the exact value of each double p),
// each with the tolerance it must meet.
#include "reckon/estimate/normal.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace reckon::estimate {
namespace {

TEST(Normal, QuantileMatchesReferenceValues) {
    const struct {
        double p, quantile, tolerance;  // absolute tolerance
    } cases[] = {
        {0.5, 0.0, 1e-15},
        {0.975, 1.9599639845400538556, 1e-14},
        {0.999999, 4.7534243088170877657, 1e-12},
        {0.02425, -1.9729610513118848376, 1e-14},  // where Acklam's approximation switched regions
        {1e-10, -6.3613409024040561991, 1e-12},
        {1e-300, -37.047096299361199237, 1e-11},
    };
    for (const auto& c : cases) EXPECT_NEAR(normal_quantile(c.p), c.quantile, c.tolerance) << "p = " << c.p;
    // Round trip through the CDF, relative 1e-13 over 1e-15 .. 1 - 1e-15.
    for (double p = 1e-15; p < 1; p = p < 0.5 ? p * 3 : 1 - (1 - p) / 3) {
        EXPECT_NEAR(normal_cdf(normal_quantile(p)), p, 1e-13 * p) << "p = " << p;
        if (1 - p < 1e-15) break;
    }
    EXPECT_TRUE(std::isnan(normal_quantile(1.5)));
    EXPECT_EQ(normal_quantile(0), -std::numeric_limits<double>::infinity());
}

TEST(Normal, LogCdfAndSlopeMatchReferenceValues) {
    const struct {
        double u, log_cdf, slope, tolerance;  // relative tolerance
    } cases[] = {
        {3, -0.0013508099647481937988, 0.0044378390421256637933, 1e-13},
        {0, -0.69314718055994530942, 0.79788456080286535588, 1e-14},
        {-5, -15.064998393988725736, 5.1865039671258421156, 1e-13},
        {-19.5, -194.01696577749749941, 19.551015802580620764, 1e-12},
    };
    for (const auto& c : cases) {
        EXPECT_NEAR(log_normal_cdf(c.u), c.log_cdf, c.tolerance * std::abs(c.log_cdf)) << "u = " << c.u;
        EXPECT_NEAR(log_normal_cdf_slope(c.u), c.slope, c.tolerance * c.slope) << "u = " << c.u;
    }
    // Below -20 both come from the asymptotic series, whose first omitted term, 105/u^8,
    // bounds the relative error of Phi and of the slope: 3.4e-9 at -20.5, 1.6e-11 at -40.
    const struct {
        double u, log_cdf, slope;
    } tail[] = {
        {-20.5, -214.06672896326380017, 20.548551052435848816},
        {-40, -804.60844201375378817, 40.024968847207263723},
    };
    for (const auto& c : tail) {
        const double bound = 105 / std::pow(c.u, 8);
        EXPECT_NEAR(log_normal_cdf(c.u), c.log_cdf, bound) << "u = " << c.u;
        EXPECT_NEAR(log_normal_cdf_slope(c.u), c.slope, bound * c.slope) << "u = " << c.u;
    }
}

}  // namespace
}  // namespace reckon::estimate
