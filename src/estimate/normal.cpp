// Normal CDF helpers; see normal.hpp.
#include "reckon/estimate/normal.hpp"

#include <cmath>
#include <numbers>

namespace reckon::estimate {
namespace {
constexpr double LOG_SQRT_2PI = 0.91893853320467274178;
}

double normal_cdf(double u) { return 0.5 * std::erfc(-u / std::numbers::sqrt2); }

double log_normal_cdf(double u) {
    if (u > -20) return std::log(normal_cdf(u));
    // Asymptotic series of the Mills ratio: Phi(u) = phi(u)/(-u) (1 - 1/u^2 + 3/u^4 - 15/u^6 ...).
    const double u2 = u * u;
    const double series = 1 - 1 / u2 + 3 / (u2 * u2) - 15 / (u2 * u2 * u2);
    return -0.5 * u2 - LOG_SQRT_2PI - std::log(-u) + std::log(series);
}

double log_normal_cdf_slope(double u) {
    if (u > -20) {
        const double pdf = std::exp(-0.5 * u * u - LOG_SQRT_2PI);
        return pdf / normal_cdf(u);
    }
    const double u2 = u * u;
    const double series = 1 - 1 / u2 + 3 / (u2 * u2) - 15 / (u2 * u2 * u2);
    return -u / series;
}

double normal_quantile(double p) {
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                               1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                               6.680131188771972e+01,  -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                               -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    double x;
    if (p < 0.02425) {
        const double q = std::sqrt(-2 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p > 1 - 0.02425) {
        const double q = std::sqrt(-2 * std::log1p(-p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else {
        const double q = p - 0.5, r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
    // One Halley step on Phi(x) - p.
    const double e = normal_cdf(x) - p;
    const double u = e * std::sqrt(2 * std::numbers::pi) * std::exp(0.5 * x * x);
    return x - u / (1 + 0.5 * x * u);
}

}  // namespace reckon::estimate
