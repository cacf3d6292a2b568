// The No-U-Turn sampler (Hoffman & Gelman 2014) in the multinomial form Stan uses
// (Betancourt 2017), with Stan's warm-up: dual-averaging step size and windowed metric
// estimates, diagonal or (after a window of more than twice the dimension in draws) dense.
// Works on any log density with a gradient.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace reckon::estimate {

// The target: returns log p(theta) (up to a constant) and writes its gradient; -inf
// where the density is zero.
using LogDensity = std::function<double(std::span<const double> theta, std::span<double> grad)>;

struct SamplerOptions {
    int warmup = 1000;
    int draws = 1000;
    // Stan's default is 0.8; at 0.9 the smaller step removed the stray divergent transitions
    // the earlier dense metric left (docs/model.md, "Warm-up") and Alabuga's gradients per
    // effective sample fell too, since fewer chains stalled (docs/performance.md).
    double target_accept = 0.9;
    int max_depth = 10;
    double init_radius = 2;  // initial values uniform on [-r, r], as Stan does
    std::uint64_t seed = 1;
};

// One chain's draws after warm-up, row-major (draw × dimension), and what the sampler saw.
struct Chain {
    std::size_t dimension = 0;
    std::vector<double> draws;
    std::vector<double> log_density;
    std::vector<double> accept_stat;
    std::vector<double> energy;
    std::vector<int> tree_depth;
    std::vector<int> leapfrog_steps;
    std::vector<char> divergent;  // per draw: did its trajectory diverge
    int divergences = 0;
    int max_depth_hits = 0;
    double step_size = 0;
    std::vector<double> inverse_metric;  // the variances the sampler adapted to (the dense one's diagonal)
    std::span<const double> draw(std::size_t i) const { return {draws.data() + i * dimension, dimension}; }
};

// Called after every iteration with (iteration done, total); return false to stop.
using IterationFn = std::function<bool(int done, int total)>;

// Runs one chain; `chain` selects its random stream (seed and chain together fix it).
// Throws std::runtime_error if no initial point with a finite density is found.
Chain run_chain(const LogDensity& density, std::size_t dimension, const SamplerOptions& options, int chain,
                const IterationFn& on_iteration = {});

}  // namespace reckon::estimate
