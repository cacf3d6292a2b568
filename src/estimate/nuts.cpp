// Multinomial NUTS with a diagonal or dense metric and Stan-style adaptation; see nuts.hpp.
// The tree building follows the published algorithm (Betancourt 2017, "A Conceptual
// Introduction to Hamiltonian Monte Carlo", appendix A) including the extra U-turn checks
// across the seams of merged subtrees.
#include "reckon/estimate/nuts.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "reckon/estimate/random.hpp"

namespace reckon::estimate {
namespace {

constexpr double INF = std::numeric_limits<double>::infinity();
constexpr double MAX_ENERGY_ERROR = 1000;   // beyond this a trajectory is called divergent
constexpr double DENSE_WINDOW_RATIO = 1.5;  // draws per parameter a window needs for a dense metric

double log_sum_exp(double a, double b) {
    if (a == -INF) return b;
    if (b == -INF) return a;
    const double m = std::max(a, b);
    return m + std::log(std::exp(a - m) + std::exp(b - m));
}

using Vec = std::vector<double>;

double dot(const Vec& a, const Vec& b) {
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}

// A point in phase space with its log density and gradient.
struct State {
    Vec q, p, grad;
    double lp = 0;
};

class Sampler {
public:
    Sampler(const LogDensity& density, std::size_t dim, const SamplerOptions& options, std::uint64_t seed)
        : m_density(density), m_dim(dim), m_options(options), m_rng(seed), m_inv_metric(dim, 1.0) {}

    Chain run(const IterationFn& on_iteration);

private:
    double evaluate(State& s) { return s.lp = m_density(s.q, s.grad); }
    double hamiltonian(const State& s) {
        p_sharp(s, m_scratch);
        return -s.lp + 0.5 * dot(s.p, m_scratch);
    }
    // The velocity: the inverse metric times the momentum.
    void p_sharp(const State& s, Vec& out) const {
        if (m_dense) {
            for (std::size_t i = 0; i < m_dim; ++i) {
                const double* row = &m_dense_inv_metric[i * m_dim];
                double v = 0;
                for (std::size_t j = 0; j < m_dim; ++j) v += row[j] * s.p[j];
                out[i] = v;
            }
            return;
        }
        for (std::size_t i = 0; i < m_dim; ++i) out[i] = m_inv_metric[i] * s.p[i];
    }
    void leapfrog(State& s, double eps) {
        for (std::size_t i = 0; i < m_dim; ++i) s.p[i] += 0.5 * eps * s.grad[i];
        p_sharp(s, m_scratch);
        for (std::size_t i = 0; i < m_dim; ++i) s.q[i] += eps * m_scratch[i];
        evaluate(s);
        if (!std::isfinite(s.lp)) return;
        for (std::size_t i = 0; i < m_dim; ++i) s.p[i] += 0.5 * eps * s.grad[i];
    }
    // p ~ N(0, metric).
    void sample_momentum(State& s) {
        if (m_dense) {
            // p = L^-T xi with L L^T the inverse metric: then p ~ N(0, metric).
            for (std::size_t i = 0; i < m_dim; ++i) s.p[i] = m_rng.normal();
            for (std::size_t i = m_dim; i-- > 0;) {
                double v = s.p[i];
                for (std::size_t j = i + 1; j < m_dim; ++j) v -= m_cholesky[j * m_dim + i] * s.p[j];
                s.p[i] = v / m_cholesky[i * m_dim + i];
            }
            return;
        }
        for (std::size_t i = 0; i < m_dim; ++i) s.p[i] = m_rng.normal() / std::sqrt(m_inv_metric[i]);
    }
    // Adopts a dense inverse metric (a covariance) if it has a Cholesky factor; returns false otherwise.
    bool set_dense_metric(const Vec& covariance) {
        Vec l(m_dim * m_dim, 0.0);
        for (std::size_t i = 0; i < m_dim; ++i)
            for (std::size_t j = 0; j <= i; ++j) {
                double v = covariance[i * m_dim + j];
                for (std::size_t k = 0; k < j; ++k) v -= l[i * m_dim + k] * l[j * m_dim + k];
                if (i == j) {
                    if (!(v > 0)) return false;
                    l[i * m_dim + i] = std::sqrt(v);
                } else {
                    l[i * m_dim + j] = v / l[j * m_dim + j];
                }
            }
        m_dense_inv_metric = covariance;
        m_cholesky = std::move(l);
        m_dense = true;
        return true;
    }
    static bool no_u_turn(const Vec& p_sharp_minus, const Vec& p_sharp_plus, const Vec& rho) {
        return dot(p_sharp_plus, rho) > 0 && dot(p_sharp_minus, rho) > 0;
    }

    bool build_tree(int depth, State& z, State& z_propose, Vec& p_sharp_beg, Vec& p_sharp_end, Vec& rho,
                    Vec& p_beg, Vec& p_end, double h_start, double sign, double& log_sum_weight);
    void transition(State& current);
    void initialize(State& s);
    double find_initial_step_size(const State& s);

    const LogDensity& m_density;
    std::size_t m_dim;
    SamplerOptions m_options;
    Random m_rng;
    Vec m_inv_metric;
    bool m_dense = false;    // a dense metric (adapted from a window long enough for it)
    Vec m_dense_inv_metric;  // dim x dim, row-major: the inverse metric
    Vec m_cholesky;          // its lower Cholesky factor
    Vec m_scratch = Vec(m_dim);
    // Buffers for build_tree, one set per depth, so the recursion allocates nothing.
    struct Workspace {
        Vec p_sharp_init_end, p_init_end, rho_left, p_sharp_final_beg, p_final_beg, rho_right, rho_subtree,
            rho_extended;
        State z_propose_right;
    };
    std::vector<Workspace> m_workspace;
    double m_step = 1;
    // Per-transition bookkeeping.
    int m_leapfrogs = 0;
    double m_sum_metro = 0;
    bool m_divergent = false;
    int m_depth = 0;
};

bool Sampler::build_tree(int depth, State& z, State& z_propose, Vec& p_sharp_beg, Vec& p_sharp_end, Vec& rho,
                         Vec& p_beg, Vec& p_end, double h_start, double sign, double& log_sum_weight) {
    if (depth == 0) {
        leapfrog(z, sign * m_step);
        ++m_leapfrogs;
        double h = std::isfinite(z.lp) ? hamiltonian(z) : INF;
        if (std::isnan(h)) h = INF;
        if (h - h_start > MAX_ENERGY_ERROR) {
            m_divergent = true;
            return false;
        }
        log_sum_weight = log_sum_exp(log_sum_weight, h_start - h);
        m_sum_metro += h_start - h > 0 ? 1 : std::exp(h_start - h);
        z_propose = z;
        p_sharp(z, p_sharp_beg);
        p_sharp_end = p_sharp_beg;
        for (std::size_t i = 0; i < m_dim; ++i) rho[i] += z.p[i];
        p_beg = z.p;
        p_end = p_beg;
        return true;
    }
    // Left subtree, then right subtree, in this depth's preallocated workspace.
    Workspace& w = m_workspace[depth];
    std::fill(w.rho_left.begin(), w.rho_left.end(), 0.0);
    double log_sum_weight_left = -INF;
    if (!build_tree(depth - 1, z, z_propose, p_sharp_beg, w.p_sharp_init_end, w.rho_left, p_beg, w.p_init_end,
                    h_start, sign, log_sum_weight_left))
        return false;
    std::fill(w.rho_right.begin(), w.rho_right.end(), 0.0);
    double log_sum_weight_right = -INF;
    if (!build_tree(depth - 1, z, w.z_propose_right, w.p_sharp_final_beg, p_sharp_end, w.rho_right,
                    w.p_final_beg, p_end, h_start, sign, log_sum_weight_right))
        return false;

    // Multinomial choice between the subtrees' proposals.
    const double log_sum_weight_subtree = log_sum_exp(log_sum_weight_left, log_sum_weight_right);
    log_sum_weight = log_sum_exp(log_sum_weight, log_sum_weight_subtree);
    if (log_sum_weight_right > log_sum_weight_subtree ||
        m_rng.uniform() < std::exp(log_sum_weight_right - log_sum_weight_subtree))
        z_propose = w.z_propose_right;

    for (std::size_t i = 0; i < m_dim; ++i) w.rho_subtree[i] = w.rho_left[i] + w.rho_right[i];
    for (std::size_t i = 0; i < m_dim; ++i) rho[i] += w.rho_subtree[i];
    bool persist = no_u_turn(p_sharp_beg, p_sharp_end, w.rho_subtree);
    for (std::size_t i = 0; i < m_dim; ++i) w.rho_extended[i] = w.rho_left[i] + w.p_final_beg[i];
    persist = persist && no_u_turn(p_sharp_beg, w.p_sharp_final_beg, w.rho_extended);
    for (std::size_t i = 0; i < m_dim; ++i) w.rho_extended[i] = w.rho_right[i] + w.p_init_end[i];
    persist = persist && no_u_turn(w.p_sharp_init_end, p_sharp_end, w.rho_extended);
    return persist;
}

void Sampler::transition(State& current) {
    sample_momentum(current);
    m_leapfrogs = 0;
    m_sum_metro = 0;
    m_divergent = false;
    m_depth = 0;

    State z_fwd = current;
    State z_bwd = current;
    State z_sample = current;
    State z_propose = current;
    Vec p_fwd_fwd = current.p;
    Vec p_fwd_bwd = current.p;
    Vec p_bwd_fwd = current.p;
    Vec p_bwd_bwd = current.p;
    Vec p_sharp_fwd_fwd(m_dim);
    p_sharp(current, p_sharp_fwd_fwd);
    Vec p_sharp_fwd_bwd = p_sharp_fwd_fwd;
    Vec p_sharp_bwd_fwd = p_sharp_fwd_fwd;
    Vec p_sharp_bwd_bwd = p_sharp_fwd_fwd;
    Vec rho = current.p;
    double log_sum_weight = 0;
    const double h_start = hamiltonian(current);

    while (m_depth < m_options.max_depth) {
        Vec rho_fwd(m_dim, 0.0);
        Vec rho_bwd(m_dim, 0.0);
        double log_sum_weight_subtree = -INF;
        bool valid = false;
        if (m_rng.uniform() > 0.5) {
            rho_bwd = rho;
            p_bwd_fwd = p_fwd_bwd;
            p_sharp_bwd_fwd = p_sharp_fwd_bwd;
            valid = build_tree(m_depth, z_fwd, z_propose, p_sharp_fwd_bwd, p_sharp_fwd_fwd, rho_fwd,
                               p_fwd_bwd, p_fwd_fwd, h_start, 1, log_sum_weight_subtree);
        } else {
            rho_fwd = rho;
            p_fwd_bwd = p_bwd_fwd;
            p_sharp_fwd_bwd = p_sharp_bwd_fwd;
            valid = build_tree(m_depth, z_bwd, z_propose, p_sharp_bwd_fwd, p_sharp_bwd_bwd, rho_bwd,
                               p_bwd_fwd, p_bwd_bwd, h_start, -1, log_sum_weight_subtree);
        }
        if (!valid) break;
        ++m_depth;
        if (log_sum_weight_subtree > log_sum_weight ||
            m_rng.uniform() < std::exp(log_sum_weight_subtree - log_sum_weight))
            z_sample = z_propose;
        log_sum_weight = log_sum_exp(log_sum_weight, log_sum_weight_subtree);

        for (std::size_t i = 0; i < m_dim; ++i) rho[i] = rho_bwd[i] + rho_fwd[i];
        bool persist = no_u_turn(p_sharp_bwd_bwd, p_sharp_fwd_fwd, rho);
        Vec rho_extended(m_dim);
        for (std::size_t i = 0; i < m_dim; ++i) rho_extended[i] = rho_bwd[i] + p_fwd_bwd[i];
        persist = persist && no_u_turn(p_sharp_bwd_bwd, p_sharp_fwd_bwd, rho_extended);
        for (std::size_t i = 0; i < m_dim; ++i) rho_extended[i] = rho_fwd[i] + p_bwd_fwd[i];
        persist = persist && no_u_turn(p_sharp_bwd_fwd, p_sharp_fwd_fwd, rho_extended);
        if (!persist) break;
    }
    current = std::move(z_sample);
}

void Sampler::initialize(State& s) {
    s.q.assign(m_dim, 0);
    s.p.assign(m_dim, 0);
    s.grad.assign(m_dim, 0);
    for (int attempt = 0; attempt < 100; ++attempt) {
        for (auto& v : s.q) v = m_options.init_radius * (2 * m_rng.uniform() - 1);
        evaluate(s);
        bool finite = std::isfinite(s.lp);
        for (double g : s.grad) finite = finite && std::isfinite(g);
        if (finite) return;
    }
    throw std::runtime_error(
        "no starting point with a finite density was found in 100 tries: the evidence may contradict itself "
        "(e.g. a serial number far above any production the priors allow)");
}

// Stan's heuristic: double or halve the step until one leapfrog step's acceptance
// crosses 0.8.
double Sampler::find_initial_step_size(const State& start) {
    double eps = m_step;
    State s = start;
    sample_momentum(s);
    const double h_start = hamiltonian(s);
    State t = s;
    m_step = eps;
    leapfrog(t, eps);
    double delta = h_start - (std::isfinite(t.lp) ? hamiltonian(t) : INF);
    const int direction = delta > std::log(0.8) ? 1 : -1;
    for (int i = 0; i < 100; ++i) {
        s = start;
        sample_momentum(s);
        const double h0 = hamiltonian(s);
        t = s;
        leapfrog(t, eps);
        const double h = std::isfinite(t.lp) ? hamiltonian(t) : INF;
        delta = h0 - h;
        if (direction == 1 && !(delta > std::log(0.8))) break;
        if (direction == -1 && delta > std::log(0.8)) break;
        eps = direction == 1 ? 2 * eps : 0.5 * eps;
        if (eps > 1e7 || eps < 1e-12) break;
    }
    return eps;
}

// Dual averaging of the log step size towards a target acceptance (Nesterov 2009, as in
// Hoffman & Gelman 2014, with Stan's constants).
struct StepSizeAdapter {
    double mu = 0, x_bar = 0, s_bar = 0;
    int counter = 0;
    void restart(double step) {
        mu = std::log(10 * step);
        x_bar = s_bar = 0;
        counter = 0;
    }
    double learn(double accept_stat, double target) {
        constexpr double GAMMA = 0.05;
        constexpr double T0 = 10;
        constexpr double KAPPA = 0.75;
        ++counter;
        accept_stat = std::min(1.0, accept_stat);
        const double eta = 1.0 / (counter + T0);
        s_bar = (1 - eta) * s_bar + eta * (target - accept_stat);
        const double x = mu - s_bar * std::sqrt(static_cast<double>(counter)) / GAMMA;
        const double x_eta = std::pow(static_cast<double>(counter), -KAPPA);
        x_bar = (1 - x_eta) * x_bar + x_eta * x;
        return std::exp(x);
    }
    double final_step() const { return std::exp(x_bar); }
};

Chain Sampler::run(const IterationFn& on_iteration) {
    m_workspace.resize(static_cast<std::size_t>(m_options.max_depth) + 1);
    for (auto& w : m_workspace) {
        for (Vec* v : {&w.p_sharp_init_end, &w.p_init_end, &w.rho_left, &w.p_sharp_final_beg, &w.p_final_beg,
                       &w.rho_right, &w.rho_subtree, &w.rho_extended})
            v->assign(m_dim, 0.0);
        w.z_propose_right = {Vec(m_dim), Vec(m_dim), Vec(m_dim), 0};
    }
    State current;
    initialize(current);
    m_step = 1;
    m_step = find_initial_step_size(current);
    StepSizeAdapter adapter;
    adapter.restart(m_step);

    // Stan's windows: a fast initial buffer, doubling slow windows for the metric, and a
    // fast terminal buffer. Shrunk proportionally when warm-up is short. The initial buffer is
    // 30 rather than Stan's 75: with the unit metric those are the dearest iterations (trees
    // of 400-500 steps on Alabuga), and 30 bring the chains to the typical set.
    const int warmup = m_options.warmup;
    int init_buffer = 30;
    int term_buffer = 50;
    int base_window = 25;
    if (warmup < 20) {
        init_buffer = warmup, term_buffer = 0, base_window = 0;
    } else if (init_buffer + base_window + term_buffer > warmup) {
        init_buffer = warmup * 15 / 100;
        term_buffer = warmup / 10;
        base_window = warmup - init_buffer - term_buffer;
    }
    int window_size = base_window;
    int window_end = init_buffer + base_window;
    Vec mean(m_dim, 0.0);
    Vec m2(m_dim, 0.0);
    Vec delta(m_dim);
    Vec co_moment(m_dim * m_dim, 0.0);
    int window_count = 0;

    Chain chain;
    chain.dimension = m_dim;
    const int total = warmup + m_options.draws;
    chain.draws.reserve(static_cast<std::size_t>(m_options.draws) * m_dim);
    for (int it = 0; it < total; ++it) {
        transition(current);
        const double accept = m_leapfrogs ? m_sum_metro / m_leapfrogs : 0;
        if (it < warmup) {
            m_step = adapter.learn(accept, m_options.target_accept);
            const bool in_slow = base_window > 0 && it >= init_buffer && it < warmup - term_buffer;
            if (in_slow) {
                ++window_count;
                for (std::size_t i = 0; i < m_dim; ++i) {
                    delta[i] = current.q[i] - mean[i];
                    mean[i] += delta[i] / window_count;
                }
                for (std::size_t i = 0; i < m_dim; ++i) m2[i] += delta[i] * (current.q[i] - mean[i]);
                for (std::size_t i = 0; i < m_dim; ++i)
                    for (std::size_t j = 0; j <= i; ++j)
                        co_moment[i * m_dim + j] += delta[i] * (current.q[j] - mean[j]);
                if (it + 1 == window_end) {
                    const double n = window_count;
                    for (std::size_t i = 0; i < m_dim; ++i) {
                        const double var = n > 1 ? m2[i] / (n - 1) : 1;
                        m_inv_metric[i] = (n / (n + 5)) * var + 1e-3 * (5 / (n + 5));
                    }
                    // A window with more draws than 1.5 times the dimension also estimates the
                    // correlations (regularised towards the diagonal as Stan does): on Alabuga
                    // (101 parameters) that is the window of 200 ending at iteration 405, so the
                    // dense metric serves the last 545 warm-up iterations rather than the last 50.
                    if (n > DENSE_WINDOW_RATIO * static_cast<double>(m_dim)) {
                        Vec cov(m_dim * m_dim, 0.0);
                        for (std::size_t i = 0; i < m_dim; ++i)
                            for (std::size_t j = 0; j <= i; ++j) {
                                const double c = (n / (n + 5)) * co_moment[i * m_dim + j] / (n - 1);
                                cov[i * m_dim + j] = cov[j * m_dim + i] = c;
                            }
                        for (std::size_t i = 0; i < m_dim; ++i) cov[i * m_dim + i] = m_inv_metric[i];
                        if (!set_dense_metric(cov)) m_dense = false;
                    } else {
                        m_dense = false;
                    }
                    std::fill(co_moment.begin(), co_moment.end(), 0.0);
                    std::fill(mean.begin(), mean.end(), 0.0);
                    std::fill(m2.begin(), m2.end(), 0.0);
                    window_count = 0;
                    window_size *= 2;
                    window_end = it + 1 + window_size;
                    // The next window would not fit before the terminal buffer: take it all.
                    if (window_end + 2 * window_size > warmup - term_buffer)
                        window_end = warmup - term_buffer;
                    m_step = find_initial_step_size(current);
                    adapter.restart(m_step);
                }
            }
            if (it + 1 == warmup) m_step = adapter.final_step();
        } else {
            chain.draws.insert(chain.draws.end(), current.q.begin(), current.q.end());
            chain.log_density.push_back(current.lp);
            chain.accept_stat.push_back(accept);
            chain.energy.push_back(hamiltonian(current));
            chain.tree_depth.push_back(m_depth);
            chain.leapfrog_steps.push_back(m_leapfrogs);
            chain.divergent.push_back(m_divergent ? 1 : 0);
            if (m_divergent) ++chain.divergences;
            if (m_depth >= m_options.max_depth) ++chain.max_depth_hits;
        }
        if (on_iteration && !on_iteration(it + 1, total)) break;
    }
    chain.step_size = m_step;
    chain.inverse_metric = m_inv_metric;
    return chain;
}

}  // namespace

Chain run_chain(const LogDensity& density, std::size_t dimension, const SamplerOptions& options, int chain,
                const IterationFn& on_iteration) {
    // Each chain gets its own stream: the seed and the chain number, mixed.
    const std::uint64_t seed =
        options.seed * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(chain) * 0xBF58476D1CE4E5B9ULL + 1;
    Sampler sampler(density, dimension, options, seed);
    return sampler.run(on_iteration);
}

}  // namespace reckon::estimate
