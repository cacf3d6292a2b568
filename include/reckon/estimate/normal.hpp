// The standard normal distribution's log CDF and its derivative, stable far into the
// tails, as the bounds and barriers of the model need them (a lower bound far below the
// truth gives log Phi(-40), which plain erfc rounds to log 0).
#pragma once

namespace reckon::estimate {

// log Phi(u).
double log_normal_cdf(double u);
// d/du log Phi(u) = phi(u) / Phi(u) (the inverse Mills ratio of -u); positive, ~ -u for u << 0.
double log_normal_cdf_slope(double u);
// Phi(u).
double normal_cdf(double u);
// Quantile of the standard normal, for 0 < p < 1 (Boost.Math; within a few ulp). NaN for p
// outside [0, 1], -inf and +inf at 0 and 1.
double normal_quantile(double p);

}  // namespace reckon::estimate
