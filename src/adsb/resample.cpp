// The rational polyphase resampler of resample.hpp: a Kaiser-windowed sinc prototype split into
// phases, each output sample one dot product of K taps with the K latest input samples.
#include "reckon/adsb/resample.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <numeric>
#include <string>

#include "reckon/core/error.hpp"

namespace reckon::adsb {
namespace {

constexpr std::size_t MIN_TAPS_PER_PHASE = 8;
// Input history is compacted once this many consumed samples sit before the ones still needed.
constexpr std::int64_t COMPACT_SAMPLES = 1 << 16;
constexpr int BESSEL_TERMS = 40;
constexpr double WHOLE_HZ_TOLERANCE = 1e-6;
constexpr std::size_t LANES = 8;  // partial sums, so the dot product vectorises without -ffast-math

// The zeroth-order modified Bessel function of the first kind, by its power series.
double bessel_i0(double x) {
    double sum = 1.0;
    double term = 1.0;
    const double q = x * x / 4.0;
    for (int k = 1; k < BESSEL_TERMS; ++k) {
        term *= q / (static_cast<double>(k) * k);
        sum += term;
        if (term < sum * 1e-17) {
            break;
        }
    }
    return sum;
}

double sinc(double x) {
    if (std::abs(x) < 1e-12) {
        return 1.0;
    }
    const double px = std::numbers::pi * x;
    return std::sin(px) / px;
}

bool whole_hz(double hz) { return std::abs(hz - std::round(hz)) < WHOLE_HZ_TOLERANCE && hz < 1e12; }

// Σ taps[k]·x[k] for k < n, in LANES partial sums.
float dot(const float* taps, const float* x, std::size_t n) {
    std::array<float, LANES> acc{};
    std::size_t k = 0;
    for (; k + LANES <= n; k += LANES) {
        for (std::size_t l = 0; l < LANES; ++l) {
            acc[l] += taps[k + l] * x[k + l];
        }
    }
    float sum = 0.0f;
    for (; k < n; ++k) {
        sum += taps[k] * x[k];
    }
    for (const float a : acc) {
        sum += a;
    }
    return sum;
}

}  // namespace

Ratio rational_ratio(double in_hz, double out_hz, std::uint32_t max_up) {
    if (!(in_hz > 0) || !(out_hz > 0) || !std::isfinite(in_hz) || !std::isfinite(out_hz)) {
        throw UsageError("sample rates must be positive and finite", "give the rate in MS/s, e.g. 3.2");
    }
    max_up = std::max<std::uint32_t>(max_up, 1);
    if (whole_hz(in_hz) && whole_hz(out_hz)) {
        const auto a = static_cast<std::uint64_t>(std::llround(out_hz));
        const auto b = static_cast<std::uint64_t>(std::llround(in_hz));
        const std::uint64_t g = std::gcd(a, b);
        if (a / g <= max_up && b / g <= (std::uint64_t{1} << 31)) {
            return {static_cast<std::uint32_t>(a / g), static_cast<std::uint32_t>(b / g)};
        }
    }
    // Continued fraction of out/in: the last convergent whose numerator fits.
    const double x = out_hz / in_hz;
    std::uint64_t p0 = 0;
    std::uint64_t q0 = 1;
    std::uint64_t p1 = 1;
    std::uint64_t q1 = 0;
    double rest = x;
    Ratio best{std::max<std::uint32_t>(1, static_cast<std::uint32_t>(std::lround(std::min(x, 1e9)))), 1};
    for (int i = 0; i < 64; ++i) {
        const double a = std::floor(rest);
        if (a > 1e9) {
            break;
        }
        const auto ai = static_cast<std::uint64_t>(a);
        const std::uint64_t p2 = ai * p1 + p0;
        const std::uint64_t q2 = ai * q1 + q0;
        if (p2 > max_up || q2 > (std::uint64_t{1} << 31)) {
            break;
        }
        if (p2 > 0 && q2 > 0) {
            best = {static_cast<std::uint32_t>(p2), static_cast<std::uint32_t>(q2)};
        }
        p0 = p1;
        q0 = q1;
        p1 = p2;
        q1 = q2;
        const double frac = rest - a;
        if (frac < 1e-12) {
            break;
        }
        rest = 1.0 / frac;
    }
    return best;
}

Resampler::Resampler(double in_hz, double out_hz, const ResamplerDesign& design)
    : m_in_hz(in_hz), m_ratio(rational_ratio(in_hz, out_hz, design.max_phases)) {
    const std::size_t up = m_ratio.up;
    m_taps_per_phase =
        std::max(MIN_TAPS_PER_PHASE, static_cast<std::size_t>(std::ceil(design.span_s * in_hz)));
    const std::size_t k_taps = m_taps_per_phase;
    const std::size_t n = up * k_taps;
    m_delay = static_cast<std::int64_t>((n - 1) / 2);
    const double real_out = output_rate_hz();
    // Cut-off in cycles per sample of the up-sampled stream (rate up × in_hz).
    const double fc = std::clamp(design.cutoff, 0.05, 1.0) * std::min(in_hz, real_out) / 2.0 /
                      (static_cast<double>(up) * in_hz);
    const auto half = static_cast<double>(m_delay + 1);
    const double i0_beta = bessel_i0(design.kaiser_beta);
    std::vector<double> h(n);
    for (std::size_t j = 0; j < n; ++j) {
        const double offset = static_cast<double>(j) - static_cast<double>(m_delay);
        const double r = std::clamp(offset / half, -1.0, 1.0);
        const double window = bessel_i0(design.kaiser_beta * std::sqrt(1.0 - r * r)) / i0_beta;
        h[j] = 2.0 * fc * sinc(2.0 * fc * offset) * window;
    }
    // Each phase sums to 1: a constant input gives a constant output, whatever the phase.
    m_taps.assign(n, 0.0f);
    for (std::size_t p = 0; p < up; ++p) {
        double sum = 0;
        for (std::size_t k = 0; k < k_taps; ++k) {
            sum += h[p + up * k];
        }
        const double scale = std::abs(sum) > 1e-12 ? 1.0 / sum : 0.0;
        for (std::size_t k = 0; k < k_taps; ++k) {
            m_taps[p * k_taps + (k_taps - 1 - k)] = static_cast<float>(h[p + up * k] * scale);
        }
    }
    // K − 1 zeros before the first sample, so the first outputs see a quiet past.
    m_base = -static_cast<std::int64_t>(k_taps - 1);
    m_i.assign(k_taps - 1, 0.0f);
    m_q.assign(k_taps - 1, 0.0f);
}

double Resampler::output_rate_hz() const { return m_in_hz * m_ratio.up / m_ratio.down; }

void Resampler::produce(std::int64_t available, std::int64_t limit, std::vector<float>& out_i,
                        std::vector<float>& out_q) {
    const auto up = static_cast<std::int64_t>(m_ratio.up);
    const auto down = static_cast<std::int64_t>(m_ratio.down);
    const auto k_taps = static_cast<std::int64_t>(m_taps_per_phase);
    while (m_next < limit) {
        const std::int64_t t = m_next * down + m_delay;
        const std::int64_t last = t / up;  // the newest input sample this output needs
        if (last >= available) {
            break;
        }
        const std::int64_t phase = t % up;
        const auto start = static_cast<std::size_t>(last - k_taps + 1 - m_base);
        const float* taps = m_taps.data() + phase * k_taps;
        out_i.push_back(dot(taps, m_i.data() + start, m_taps_per_phase));
        out_q.push_back(dot(taps, m_q.data() + start, m_taps_per_phase));
        ++m_next;
    }
    const std::int64_t keep_from = (m_next * down + m_delay) / up - k_taps + 1;
    if (keep_from - m_base > COMPACT_SAMPLES) {
        const auto drop = static_cast<std::ptrdiff_t>(keep_from - m_base);
        m_i.erase(m_i.begin(), m_i.begin() + drop);
        m_q.erase(m_q.begin(), m_q.begin() + drop);
        m_base = keep_from;
    }
}

void Resampler::push(std::span<const float> in_i, std::span<const float> in_q, std::vector<float>& out_i,
                     std::vector<float>& out_q) {
    const std::size_t n = std::min(in_i.size(), in_q.size());
    m_i.insert(m_i.end(), in_i.begin(), in_i.begin() + static_cast<std::ptrdiff_t>(n));
    m_q.insert(m_q.end(), in_q.begin(), in_q.begin() + static_cast<std::ptrdiff_t>(n));
    m_received += static_cast<std::int64_t>(n);
    produce(m_received, std::numeric_limits<std::int64_t>::max(), out_i, out_q);
}

void Resampler::finish(std::vector<float>& out_i, std::vector<float>& out_q) {
    const auto up = static_cast<std::int64_t>(m_ratio.up);
    const auto down = static_cast<std::int64_t>(m_ratio.down);
    // Outputs whose time falls before the input's end: ceil(received · up / down).
    const std::int64_t total = (m_received * up + down - 1) / down;
    if (total <= m_next) {
        return;
    }
    const std::int64_t last = ((total - 1) * down + m_delay) / up;
    const std::int64_t zeros = std::max<std::int64_t>(0, last + 1 - m_received);
    m_i.resize(m_i.size() + static_cast<std::size_t>(zeros), 0.0f);
    m_q.resize(m_q.size() + static_cast<std::size_t>(zeros), 0.0f);
    m_received += zeros;
    produce(last + 1, total, out_i, out_q);
}

}  // namespace reckon::adsb
