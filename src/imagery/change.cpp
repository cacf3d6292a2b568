// Change scores, thresholds and clean-up; see change.hpp and docs/imagery.md.
#include "reckon/imagery/change.hpp"

#include <fmt/core.h>

#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <limits>
#include <numeric>

#include "reckon/core/error.hpp"
#include "reckon/imagery/box_filter.hpp"
#include "reckon/imagery/components.hpp"
#include "reckon/imagery/parallel.hpp"
#include "reckon/imagery/quantile.hpp"

namespace reckon::imagery {

namespace {

constexpr float NAN_F = std::numeric_limits<float>::quiet_NaN();
constexpr int HISTOGRAM_BINS = 1024;
constexpr int IRMAD_MAX_ITERATIONS = 30;
constexpr double IRMAD_TOLERANCE = 1e-4;
constexpr int PCA_BLOCK_PX = 5;            // Celik's h
constexpr double PCA_VARIANCE_KEPT = 0.9;  // eigenvectors kept up to this share of variance
constexpr int KMEANS_ITERATIONS = 50;
// Fewer pixels valid in both images than this and no method's statistics mean anything.
constexpr std::size_t MIN_VALID_PX = 16;

std::vector<std::uint8_t> joint_valid(const Pair& pair) {
    std::vector<std::uint8_t> valid(pair.before.valid.size());
    for (std::size_t i = 0; i < valid.size(); ++i) valid[i] = pair.before.valid[i] && pair.after.valid[i];
    return valid;
}

struct Stats {
    double mean = 0, sd = 1;
};

Stats stats(const std::vector<float>& v, const std::vector<std::uint8_t>& use) {
    double sum = 0;
    double sum2 = 0;
    std::size_t n = 0;
    for (std::size_t i = 0; i < v.size(); ++i)
        if (use[i]) sum += v[i], sum2 += static_cast<double>(v[i]) * v[i], ++n;
    if (n == 0) return {};
    const double mean = sum / static_cast<double>(n);
    return {mean, std::sqrt(std::max(1e-12, sum2 / static_cast<double>(n) - mean * mean))};
}

// stats() of two bands over the same pixels in one pass (each sum in the same order as
// stats() itself adds it, so the figures are identical).
std::array<Stats, 2> paired_stats(const std::vector<float>& x, const std::vector<float>& y,
                                  const std::vector<std::uint8_t>& use) {
    double sx = 0;
    double sx2 = 0;
    double sy = 0;
    double sy2 = 0;
    std::size_t n = 0;
    // Without a branch: about half the pixels are used, in no pattern a predictor learns. A
    // pixel left out adds 0.0, which leaves each sum as skipping it would.
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double xi = use[i] ? static_cast<double>(x[i]) : 0.0;
        const double yi = use[i] ? static_cast<double>(y[i]) : 0.0;
        sx += xi, sx2 += xi * xi, sy += yi, sy2 += yi * yi;
        n += use[i] != 0 ? 1 : 0;
    }
    if (n == 0) return {Stats{}, Stats{}};
    auto of = [&](double sum, double sum2) {
        const double mean = sum / static_cast<double>(n);
        return Stats{mean, std::sqrt(std::max(1e-12, sum2 / static_cast<double>(n) - mean * mean))};
    };
    return {of(sx, sx2), of(sy, sy2)};
}

std::vector<float> cva_score(const Pair& pair, const std::vector<std::uint8_t>& valid) {
    std::vector<float> score(valid.size(), 0.0F);
    for (std::size_t b = 0; b < pair.before.bands.size(); ++b) {
        const auto sa = stats(pair.before.bands[b], valid);
        const auto sb = stats(pair.after.bands[b], valid);
        for (std::size_t i = 0; i < score.size(); ++i) {
            if (!valid[i]) continue;
            const double d =
                (pair.after.bands[b][i] - sb.mean) / sb.sd - (pair.before.bands[b][i] - sa.mean) / sa.sd;
            score[i] += static_cast<float>(d * d);
        }
    }
    for (std::size_t i = 0; i < score.size(); ++i) score[i] = valid[i] ? std::sqrt(score[i]) : NAN_F;
    return score;
}

// IR-MAD (Nielsen 2007): canonical correlation of the two band sets with each pixel weighted
// by its no-change probability, until the canonical correlations settle.
std::vector<float> irmad_score(const Pair& pair, const std::vector<std::uint8_t>& valid, int& iterations) {
    const auto p = static_cast<Eigen::Index>(pair.before.bands.size());
    std::vector<std::size_t> index;
    for (std::size_t i = 0; i < valid.size(); ++i)
        if (valid[i]) index.push_back(i);
    const auto n = static_cast<Eigen::Index>(index.size());
    Eigen::MatrixXd x(n, p);
    Eigen::MatrixXd y(n, p);
    for (Eigen::Index k = 0; k < n; ++k)
        for (Eigen::Index b = 0; b < p; ++b) {
            x(k, b) = pair.before.bands[static_cast<std::size_t>(b)][index[static_cast<std::size_t>(k)]];
            y(k, b) = pair.after.bands[static_cast<std::size_t>(b)][index[static_cast<std::size_t>(k)]];
        }
    Eigen::VectorXd weight = Eigen::VectorXd::Ones(n);
    Eigen::VectorXd chi2(n);
    Eigen::VectorXd rho_old = Eigen::VectorXd::Zero(p);
    iterations = 0;
    for (int it = 0; it < IRMAD_MAX_ITERATIONS; ++it) {
        iterations = it + 1;
        const double total = weight.sum();
        const Eigen::RowVectorXd mx = (weight.transpose() * x) / total;
        const Eigen::RowVectorXd my = (weight.transpose() * y) / total;
        const Eigen::MatrixXd xc = x.rowwise() - mx;
        const Eigen::MatrixXd yc = y.rowwise() - my;
        const Eigen::MatrixXd xw = xc.array().colwise() * weight.array();
        const Eigen::MatrixXd yw = yc.array().colwise() * weight.array();
        const Eigen::MatrixXd sxx = xw.transpose() * xc / total + 1e-9 * Eigen::MatrixXd::Identity(p, p);
        const Eigen::MatrixXd syy = yw.transpose() * yc / total + 1e-9 * Eigen::MatrixXd::Identity(p, p);
        const Eigen::MatrixXd sxy = xw.transpose() * yc / total;
        // Sxy Syy^-1 Syx a = rho^2 Sxx a
        const Eigen::MatrixXd syy_inv = syy.inverse();
        const Eigen::MatrixXd lhs = sxy * syy_inv * sxy.transpose();
        Eigen::GeneralizedSelfAdjointEigenSolver<Eigen::MatrixXd> solver(0.5 * (lhs + lhs.transpose()), sxx);
        const Eigen::MatrixXd& a = solver.eigenvectors();  // ascending rho^2; a' Sxx a = I
        const Eigen::VectorXd rho = solver.eigenvalues().cwiseMax(0.0).cwiseMin(1.0 - 1e-9).cwiseSqrt();
        Eigen::MatrixXd b = syy_inv * sxy.transpose() * a;
        for (Eigen::Index j = 0; j < p; ++j) {
            const double norm = std::sqrt(std::max(1e-15, (b.col(j).transpose() * syy * b.col(j))(0, 0)));
            b.col(j) /= norm;
        }
        const Eigen::MatrixXd mad = xc * a - yc * b;
        chi2.setZero();
        for (Eigen::Index j = 0; j < p; ++j) {
            const double variance = std::max(1e-12, 2.0 * (1.0 - rho(j)));
            chi2 += mad.col(j).array().square().matrix() / variance;
        }
        // A chi-square that is not finite (a degenerate band) says nothing of no-change: weight 0,
        // rather than letting gamma_q throw on it.
        for (Eigen::Index k = 0; k < n; ++k)
            weight(k) = std::isfinite(chi2(k))
                            ? boost::math::gamma_q(static_cast<double>(p) / 2.0, std::max(0.0, chi2(k)) / 2.0)
                            : 0.0;
        if (!(weight.sum() > 0)) break;
        const double change = (rho - rho_old).cwiseAbs().maxCoeff();
        rho_old = rho;
        if (change < IRMAD_TOLERANCE) break;
    }
    std::vector<float> score(valid.size(), NAN_F);
    for (Eigen::Index k = 0; k < n; ++k)
        score[index[static_cast<std::size_t>(k)]] = static_cast<float>(chi2(k));
    return score;
}

// PCA-k-means (Celik 2009) on the CVA difference image: h x h neighbourhoods projected on the
// principal axes of the non-overlapping blocks, two clusters by k-means; the score is the
// distance to the no-change centre minus the distance to the change centre (> 0 is change).
std::vector<float> pca_kmeans_score(const Pair& pair, const std::vector<std::uint8_t>& valid) {
    auto difference = cva_score(pair, valid);
    const int w = pair.before.grid.width;
    const int h = pair.before.grid.height;
    const int half = PCA_BLOCK_PX / 2;
    constexpr int DIM = PCA_BLOCK_PX * PCA_BLOCK_PX;
    auto value = [&](int x, int y) {
        x = std::clamp(x, 0, w - 1), y = std::clamp(y, 0, h - 1);
        const float v = difference[pixel_index(x, y, w)];
        return std::isfinite(v) ? static_cast<double>(v) : 0.0;
    };
    auto vector_at = [&](int cx, int cy) {
        Eigen::VectorXd v(DIM);
        int k = 0;
        for (int dy = -half; dy <= half; ++dy)
            for (int dx = -half; dx <= half; ++dx) v(k++) = value(cx + dx, cy + dy);
        return v;
    };
    Eigen::VectorXd mean = Eigen::VectorXd::Zero(DIM);
    Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(DIM, DIM);
    int blocks = 0;
    for (int y = half; y + half < h; y += PCA_BLOCK_PX)
        for (int x = half; x + half < w; x += PCA_BLOCK_PX) {
            const auto v = vector_at(x, y);
            mean += v, cov += v * v.transpose(), ++blocks;
        }
    std::vector<float> score(valid.size(), NAN_F);
    if (blocks < 2) return difference;
    mean /= blocks;
    cov = cov / blocks - mean * mean.transpose();
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(cov);
    const Eigen::VectorXd values = solver.eigenvalues().reverse();
    const Eigen::MatrixXd vectors = solver.eigenvectors().rowwise().reverse();
    const double total = std::max(1e-15, values.sum());
    int kept = 0;
    for (double share = 0; kept < DIM && share < PCA_VARIANCE_KEPT; ++kept) share += values(kept) / total;
    const Eigen::MatrixXd basis = vectors.leftCols(kept);
    std::vector<Eigen::VectorXd> features(valid.size());
    std::vector<std::size_t> index;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const auto i = pixel_index(x, y, w);
            if (!valid[i]) continue;
            features[i] = basis.transpose() * (vector_at(x, y) - mean);
            index.push_back(i);
        }
    // k-means, k = 2, started at the features of the lowest and highest difference.
    std::size_t lo = index.front();
    std::size_t hi = index.front();
    for (auto i : index) {
        if (difference[i] < difference[lo]) lo = i;
        if (difference[i] > difference[hi]) hi = i;
    }
    std::array<Eigen::VectorXd, 2> centre{features[lo], features[hi]};
    std::vector<std::uint8_t> cluster(valid.size(), 0);
    for (int it = 0; it < KMEANS_ITERATIONS; ++it) {
        std::array<Eigen::VectorXd, 2> sum{Eigen::VectorXd::Zero(kept), Eigen::VectorXd::Zero(kept)};
        std::array<std::size_t, 2> count{0, 0};
        bool moved = false;
        for (auto i : index) {
            const std::uint8_t c =
                (features[i] - centre[1]).squaredNorm() < (features[i] - centre[0]).squaredNorm();
            moved = moved || c != cluster[i];
            cluster[i] = c;
            sum[c] += features[i], ++count[c];
        }
        for (std::size_t c = 0; c < centre.size(); ++c)
            if (count[c] > 0) centre[c] = sum[c] / static_cast<double>(count[c]);
        if (!moved && it > 0) break;
    }
    // The change cluster is the one with the larger mean difference.
    std::array<double, 2> mean_difference{0, 0};
    std::array<std::size_t, 2> count{0, 0};
    for (auto i : index) mean_difference[cluster[i]] += difference[i], ++count[cluster[i]];
    const std::size_t change = (count[1] ? mean_difference[1] / static_cast<double>(count[1]) : 0) >=
                                       (count[0] ? mean_difference[0] / static_cast<double>(count[0]) : 0)
                                   ? 1
                                   : 0;
    for (auto i : index)
        score[i] = static_cast<float>((features[i] - centre[1 - change]).norm() -
                                      (features[i] - centre[change]).norm());
    return score;
}

// reckon's own: each band of `before` mapped onto `after`'s radiometry by a regression fitted
// on the pixels the current score calls unchanged (lower half), repeated; the residuals scaled
// by their robust spread on those pixels; the RMS over bands averaged across box scales.
std::vector<float> reckon_score(const Pair& pair, const std::vector<std::uint8_t>& valid,
                                const ChangeOptions& options) {
    const int w = pair.before.grid.width;
    const int h = pair.before.grid.height;
    auto score = cva_score(pair, valid);
    const std::size_t bands = pair.before.bands.size();
    // Pixel loops run over row bands on all cores; each pixel's arithmetic is as it would be in
    // one pass, and the sums stay in one thread, so the score does not depend on the core count.
    auto each_pixel = [&](const auto& work) {
        for_each_row_band(h, [&](int first_row, int end_row) {
            for (std::size_t i = pixel_index(0, first_row, w); i < pixel_index(0, end_row, w); ++i) work(i);
        });
    };
    // The work buffers are allocated once: fresh pages for each round's 64 M-pixel vectors cost
    // the kernel more than the arithmetic on them. `next` serves first as the scratch copy the
    // median is selected in, so that copy takes no memory of its own.
    std::vector<float> absolute;
    std::vector<std::uint8_t> unchanged(valid.size());
    std::vector<float> next(valid.size());
    for (int round = 0; round < std::max(1, options.normalisation_rounds); ++round) {
        finite_values(score, next);
        const double median = select_quantile(next, 0.5);
        next.resize(valid.size());
        each_pixel([&](std::size_t i) {
            unchanged[i] = valid[i] && score[i] <= median;
            next[i] = 0.0F;
        });
        for (std::size_t b = 0; b < bands; ++b) {
            const auto& xb = pair.before.bands[b];
            const auto& yb = pair.after.bands[b];
            const auto [sx, sy] = paired_stats(xb, yb, unchanged);
            double cov = 0;
            std::size_t n = 0;
            for (std::size_t i = 0; i < valid.size(); ++i) {
                cov += unchanged[i] ? (xb[i] - sx.mean) * (yb[i] - sy.mean) : 0.0;  // as in paired_stats
                n += unchanged[i] != 0 ? 1 : 0;
            }
            cov /= static_cast<double>(std::max<std::size_t>(1, n));
            // Orthogonal (major-axis) regression treats both dates alike; ordinary least squares
            // would shrink the gain by the noise in `before`.
            const double sxx = sx.sd * sx.sd;
            const double syy = sy.sd * sy.sd;
            const double gain =
                std::abs(cov) < 1e-12
                    ? sy.sd / sx.sd
                    : (syy - sxx + std::sqrt((syy - sxx) * (syy - sxx) + 4 * cov * cov)) / (2 * cov);
            const double offset = sy.mean - gain * sx.mean;
            // Recomputed where needed rather than stored: a band of residuals is as large as the band.
            auto residual = [&](std::size_t i) {
                return static_cast<float>(yb[i] - (offset + gain * xb[i]));
            };
            // Robust spread: 1.4826 x the median absolute residual over unchanged pixels.
            // Written at every pixel, kept (the slot advanced) at the unchanged ones: no branch.
            absolute.resize(n + 1);
            std::size_t kept = 0;
            for (std::size_t i = 0; i < valid.size(); ++i) {
                absolute[kept] = std::abs(residual(i));
                kept += unchanged[i] != 0 ? 1 : 0;
            }
            absolute.resize(kept);
            const double spread = std::max(1e-9, 1.4826 * select_quantile(absolute, 0.5));
            each_pixel([&](std::size_t i) {
                if (!valid[i]) return;
                const float r = residual(i);
                next[i] += static_cast<float>((r / spread) * (r / spread));
            });
        }
        each_pixel([&](std::size_t i) {
            next[i] = valid[i] ? std::sqrt(next[i] / static_cast<float>(bands)) : NAN_F;
        });
        std::swap(score, next);
    }
    // Released before the box filters need room (clear() alone would keep the capacity).
    std::vector<float>().swap(absolute);
    std::vector<std::uint8_t>().swap(unchanged);
    std::vector<float>().swap(next);
    std::vector<float> combined(score.size(), 0.0F);
    const std::vector<int>& scales = options.scales_px;
    for (int r : scales) {
        const auto smoothed = box_mean(score, w, h, r);
        for (std::size_t i = 0; i < combined.size(); ++i) combined[i] += smoothed[i];
    }
    for (auto& v : combined) v /= static_cast<float>(std::max<std::size_t>(1, scales.size()));
    // Open water in both images (NDWI = (green - NIR) / (green + NIR) > 0, McFeeters 1996) is
    // not ground that changed: waves, tide and turbidity there only add false alarms.
    const int green = pair.before.band_index("B03");
    const int nir = pair.before.band_index("B08");
    if (green >= 0 && nir >= 0) {
        auto ndwi = [&](const Image& image, std::size_t i) {
            const double g = image.bands[static_cast<std::size_t>(green)][i];
            const double n = image.bands[static_cast<std::size_t>(nir)][i];
            return g + n != 0 ? (g - n) / (g + n) : 0.0;
        };
        for (std::size_t i = 0; i < combined.size(); ++i)
            if (valid[i] && ndwi(pair.before, i) > 0 && ndwi(pair.after, i) > 0) combined[i] = NAN_F;
    }
    return combined;
}

struct Histogram {
    double lo = 0, hi = 1;
    std::vector<double> counts;
    double centre(int bin) const { return lo + (bin + 0.5) * (hi - lo) / static_cast<double>(counts.size()); }
};

// Over the finite scores, clipped to the 0.1% and 99.9% quantiles so a few outliers do not
// squeeze the histogram.
Histogram histogram(const std::vector<float>& score) {
    std::vector<float> finite;
    finite_values(score, finite);
    Histogram hist;
    hist.counts.assign(HISTOGRAM_BINS, 0.0);
    if (finite.empty()) return hist;
    hist.lo = select_quantile(finite, 0.001), hist.hi = select_quantile(finite, 0.999);
    if (hist.hi <= hist.lo) hist.hi = hist.lo + 1e-9;
    for (float v : finite) {
        // Clamped as a double: the outliers beyond the quantiles (and a span that rounds to
        // nothing next to huge scores) give positions no int can hold (found by
        // fuzz/imagery_raster_fuzz.cpp).
        const double position = (v - hist.lo) / (hist.hi - hist.lo) * HISTOGRAM_BINS;
        const int bin = !(position > 0)                  ? 0
                        : position >= HISTOGRAM_BINS - 1 ? HISTOGRAM_BINS - 1
                                                         : static_cast<int>(position);
        hist.counts[static_cast<std::size_t>(bin)] += 1;
    }
    return hist;
}

int otsu_bin(const Histogram& hist) {
    const double total = std::accumulate(hist.counts.begin(), hist.counts.end(), 0.0);
    double sum_all = 0;
    for (int b = 0; b < HISTOGRAM_BINS; ++b)
        sum_all += hist.centre(b) * hist.counts[static_cast<std::size_t>(b)];
    double weight0 = 0;
    double sum0 = 0;
    double best = -1;
    int best_bin = HISTOGRAM_BINS / 2;
    for (int b = 0; b < HISTOGRAM_BINS - 1; ++b) {
        weight0 += hist.counts[static_cast<std::size_t>(b)];
        sum0 += hist.centre(b) * hist.counts[static_cast<std::size_t>(b)];
        const double weight1 = total - weight0;
        if (weight0 <= 0 || weight1 <= 0) continue;
        const double m0 = sum0 / weight0;
        const double m1 = (sum_all - sum0) / weight1;
        const double between = weight0 * weight1 * (m0 - m1) * (m0 - m1);
        if (between > best) best = between, best_bin = b;
    }
    return best_bin;
}

}  // namespace

std::optional<Method> parse_method(const std::string& name) {
    if (name == "cva") return Method::cva;
    if (name == "irmad") return Method::irmad;
    if (name == "pca-kmeans") return Method::pca_kmeans;
    if (name == "reckon") return Method::reckon;
    return std::nullopt;
}

std::optional<ThresholdRule> parse_threshold(const std::string& name) {
    if (name == "otsu") return ThresholdRule::otsu;
    if (name == "mixture") return ThresholdRule::mixture;
    return std::nullopt;
}

std::string method_name(Method method) {
    switch (method) {
        case Method::cva:
            return "cva";
        case Method::irmad:
            return "irmad";
        case Method::pca_kmeans:
            return "pca-kmeans";
        case Method::reckon:
            return "reckon";
    }
    return "reckon";
}

std::string threshold_name(ThresholdRule rule) { return rule == ThresholdRule::otsu ? "otsu" : "mixture"; }

std::size_t ChangeMap::changed_px() const {
    return static_cast<std::size_t>(std::count(mask.begin(), mask.end(), 1));
}

double otsu_threshold(const std::vector<float>& score) {
    const auto hist = histogram(score);
    return hist.lo + (otsu_bin(hist) + 1) * (hist.hi - hist.lo) / HISTOGRAM_BINS;
}

namespace {

double kittler_threshold(const std::vector<float>& score) {
    const auto hist = histogram(score);
    // Kittler & Illingworth (1986) minimum error: the split whose two Gaussians, each with its
    // own weight and spread, best explain the histogram; unlike Otsu it is not pulled towards
    // equal class sizes when change is rare.
    double n0 = 0;
    double s0 = 0;
    double q0 = 0;
    double n = 0;
    double s = 0;
    double q = 0;
    for (int b = 0; b < HISTOGRAM_BINS; ++b) {
        const double x = hist.centre(b);
        const double k = hist.counts[static_cast<std::size_t>(b)];
        n += k, s += k * x, q += k * x * x;
    }
    double best = std::numeric_limits<double>::infinity();
    int best_bin = otsu_bin(hist);
    for (int b = 0; b < HISTOGRAM_BINS - 1; ++b) {
        const double x = hist.centre(b);
        const double k = hist.counts[static_cast<std::size_t>(b)];
        n0 += k, s0 += k * x, q0 += k * x * x;
        const double n1 = n - n0;
        if (n0 < 2 || n1 < 2) continue;
        const double m0 = s0 / n0;
        const double m1 = (s - s0) / n1;
        const double v0 = q0 / n0 - m0 * m0;
        const double v1 = (q - q0) / n1 - m1 * m1;
        if (v0 <= 0 || v1 <= 0) continue;
        const double p0 = n0 / n;
        const double p1 = n1 / n;
        const double j =
            p0 * std::log(v0) / 2 + p1 * std::log(v1) / 2 - p0 * std::log(p0) - p1 * std::log(p1);
        if (j < best) best = j, best_bin = b;
    }
    return hist.lo + (best_bin + 1) * (hist.hi - hist.lo) / HISTOGRAM_BINS;
}

}  // namespace

double mixture_threshold(const std::vector<float>& score) { return kittler_threshold(score); }

void clean_mask(std::vector<std::uint8_t>& mask, int w, int h, int radius_px, int min_area_px) {
    if (radius_px > 0) {
        mask = dilate(erode(mask, w, h, radius_px), w, h, radius_px);  // opening
        mask = erode(dilate(mask, w, h, radius_px), w, h, radius_px);  // closing
    }
    if (min_area_px <= 1) return;
    const auto regions = label_components(mask, w, h);
    for (std::size_t i = 0; i < mask.size(); ++i)
        if (mask[i] && regions.pixels[static_cast<std::size_t>(regions.labels[i])] <
                           static_cast<std::size_t>(min_area_px))
            mask[i] = 0;
}

ChangeMap detect_change(const Pair& pair, const ChangeOptions& options, const core::ProgressFn& progress) {
    ChangeMap map;
    map.width = pair.before.grid.width, map.height = pair.before.grid.height;
    map.valid = joint_valid(pair);
    const auto valid_px = static_cast<std::size_t>(std::count(map.valid.begin(), map.valid.end(), 1));
    if (valid_px < MIN_VALID_PX)
        throw InputError(
            Location{pair.before.path},
            fmt::format("has {} pixel(s) valid in both images (inside the AOI, if one is given): "
                        "too few to compare, at least {} are needed",
                        valid_px, MIN_VALID_PX),
            "give a larger AOI, or images with fewer nodata pixels where they overlap");
    core::report_progress(progress, 0.0, "scoring change (" + method_name(options.method) + ")");
    switch (options.method) {
        case Method::cva:
            map.score = cva_score(pair, map.valid);
            break;
        case Method::irmad:
            map.score = irmad_score(pair, map.valid, map.irmad_iterations);
            break;
        case Method::pca_kmeans:
            map.score = pca_kmeans_score(pair, map.valid);
            break;
        case Method::reckon:
            map.score = reckon_score(pair, map.valid, options);
            break;
    }
    core::report_progress(progress, 0.7, "thresholding");
    // k-means has already split the pixels: its score is signed around 0.
    if (options.method == Method::pca_kmeans)
        map.threshold = 0;
    else
        map.threshold = options.threshold == ThresholdRule::otsu ? otsu_threshold(map.score)
                                                                 : mixture_threshold(map.score);
    if (!std::isfinite(map.threshold))
        throw InputError(Location{pair.before.path},
                         "the " + method_name(options.method) + " change score has no finite threshold",
                         "the images may be constant or nearly so; try another --method or check the bands");
    map.mask.assign(map.score.size(), 0);
    for (std::size_t i = 0; i < map.score.size(); ++i)
        map.mask[i] = map.valid[i] && map.score[i] > map.threshold ? 1 : 0;
    if (options.clean)
        clean_mask(map.mask, map.width, map.height, options.morphology_radius_px, options.min_area_px);
    for (std::size_t i = 0; i < map.mask.size(); ++i) map.mask[i] = map.mask[i] && map.valid[i];
    core::report_progress(progress, 1.0, "change map ready");
    return map;
}

}  // namespace reckon::imagery
