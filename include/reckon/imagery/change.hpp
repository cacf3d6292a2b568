// Unsupervised change detection on a co-registered pair: a change score per pixel (higher is
// more change) from one of several methods, a threshold on it, and the clean-up of the binary
// map (morphology, minimum area). The methods and their equations are in docs/imagery.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "reckon/core/progress.hpp"
#include "reckon/imagery/raster.hpp"

namespace reckon::imagery {

enum class Method {
    cva,         // change vector analysis on standardised bands
    irmad,       // iteratively reweighted MAD (Nielsen 2007): chi-square of the MAD variates
    pca_kmeans,  // PCA of 5x5 difference blocks, then k-means with k = 2 (Celik 2009)
    reckon,      // radiometric normalisation from unchanged pixels + multi-scale robust CVA
};

enum class ThresholdRule {
    otsu,     // maximises the between-class variance of the score histogram
    mixture,  // two Gaussians with their own weights and spreads: Kittler-Illingworth minimum error
};

// Parses "cva", "irmad", "pca-kmeans", "reckon" / "otsu", "mixture"; nullopt otherwise.
std::optional<Method> parse_method(const std::string& name);
std::optional<ThresholdRule> parse_threshold(const std::string& name);
std::string method_name(Method method);
std::string threshold_name(ThresholdRule rule);

struct ChangeOptions {
    Method method = Method::reckon;
    ThresholdRule threshold = ThresholdRule::mixture;
    // Clean-up of the binary map: opening then closing by a (2r+1)^2 square, then components
    // smaller than min_area_px removed. The classic methods are scored without clean-up.
    int morphology_radius_px = 1;
    int min_area_px = 4;
    bool clean = true;
    // Reckon: the box-filter radii (pixels) whose smoothed scores are averaged.
    std::vector<int> scales_px{2, 4, 8};
    int normalisation_rounds = 3;
};

struct ChangeMap {
    int width = 0, height = 0;
    std::vector<float> score;         // NaN where either image is invalid
    std::vector<std::uint8_t> mask;   // 1 changed, 0 not or invalid
    std::vector<std::uint8_t> valid;  // both images valid
    double threshold = 0;             // on `score`
    int irmad_iterations = 0;         // IR-MAD only
    std::size_t changed_px() const;
};

// Runs `options.method` on the pair (which must share one grid) and thresholds it.
ChangeMap detect_change(const Pair& pair, const ChangeOptions& options,
                        const core::ProgressFn& progress = {});

// Thresholds over the finite values of `score` (exposed for tests).
double otsu_threshold(const std::vector<float>& score);
double mixture_threshold(const std::vector<float>& score);

// Binary clean-up, in place (exposed for tests): opening then closing by a square of radius
// r, and 8-connected components smaller than `min_area_px` cleared.
void clean_mask(std::vector<std::uint8_t>& mask, int width, int height, int radius_px, int min_area_px);

}  // namespace reckon::imagery
