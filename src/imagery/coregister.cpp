// Phase correlation with FFTW; see coregister.hpp.
#include "reckon/imagery/coregister.hpp"

#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <memory>
#include <numbers>
#include <utility>
#include <vector>

#include "reckon/imagery/parallel.hpp"

namespace reckon::imagery {

namespace {

// The largest window correlated: enough for a shift of tens of pixels, cheap to transform.
constexpr int MAX_WINDOW_PX = 1024;

struct FftwFree {
    void operator()(void* p) const { fftw_free(p); }
};

// The band average of `image` over the window, each band standardised over valid pixels,
// invalid pixels at 0, times a Hann window.
std::vector<double> window_signal(const Image& image, int x0, int y0, int w, int h) {
    std::vector<double> out(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), 0.0);
    const int width = image.grid.width;
    for (const auto& band : image.bands) {
        double sum = 0;
        double sum2 = 0;
        std::size_t n = 0;
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const auto i = pixel_index(x + x0, y + y0, width);
                if (!image.valid[i]) continue;
                sum += band[i], sum2 += static_cast<double>(band[i]) * band[i], ++n;
            }
        if (n < 2) continue;
        const double mean = sum / static_cast<double>(n);
        const double sd = std::sqrt(std::max(1e-12, sum2 / static_cast<double>(n) - mean * mean));
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const auto i = pixel_index(x + x0, y + y0, width);
                if (image.valid[i]) out[pixel_index(x, y, w)] += (band[i] - mean) / sd;
            }
    }
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const double hx = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * (x + 0.5) / w);
            const double hy = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * (y + 0.5) / h);
            out[pixel_index(x, y, w)] *= hx * hy;
        }
    return out;
}

// Vertex offset of the parabola through (-1, a), (0, b), (1, c), within [-0.5, 0.5].
double parabola_offset(double a, double b, double c) {
    const double denominator = a - 2 * b + c;
    if (std::abs(denominator) < 1e-12) return 0;
    return std::clamp(0.5 * (a - c) / denominator, -0.5, 0.5);
}

}  // namespace

Shift measure_shift(const Image& before, const Image& after) {
    const int w = std::min(before.grid.width, MAX_WINDOW_PX);
    const int h = std::min(before.grid.height, MAX_WINDOW_PX);
    if (w < 8 || h < 8) return {};
    const int x0 = (before.grid.width - w) / 2;
    const int y0 = (before.grid.height - h) / 2;
    const auto a = window_signal(before, x0, y0, w, h);
    const auto b = window_signal(after, x0, y0, w, h);
    const int wc = w / 2 + 1;
    const std::size_t n_real = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
    const std::size_t n_complex = static_cast<std::size_t>(h) * static_cast<std::size_t>(wc);
    std::unique_ptr<double, FftwFree> real(static_cast<double*>(fftw_malloc(sizeof(double) * n_real)));
    std::unique_ptr<fftw_complex, FftwFree> fa(
        static_cast<fftw_complex*>(fftw_malloc(sizeof(fftw_complex) * n_complex)));
    std::unique_ptr<fftw_complex, FftwFree> fb(
        static_cast<fftw_complex*>(fftw_malloc(sizeof(fftw_complex) * n_complex)));
    fftw_plan forward = fftw_plan_dft_r2c_2d(h, w, real.get(), fa.get(), FFTW_ESTIMATE);
    std::copy(a.begin(), a.end(), real.get());
    fftw_execute_dft_r2c(forward, real.get(), fa.get());
    std::copy(b.begin(), b.end(), real.get());
    fftw_execute_dft_r2c(forward, real.get(), fb.get());
    fftw_destroy_plan(forward);
    // Normalised cross-power spectrum F_b conj(F_a) / |F_b conj(F_a)|. Frequencies with next to no
    // energy (below 1e-8 of the strongest) carry only rounding noise, identical in both windows,
    // which whitening would turn into a false peak at zero shift: they are left out.
    double strongest = 0;
    for (std::size_t i = 0; i < n_complex; ++i) {
        const std::complex<double> za(fa.get()[i][0], fa.get()[i][1]);
        const std::complex<double> zb(fb.get()[i][0], fb.get()[i][1]);
        strongest = std::max(strongest, std::abs(zb * std::conj(za)));
    }
    for (std::size_t i = 0; i < n_complex; ++i) {
        const std::complex<double> za(fa.get()[i][0], fa.get()[i][1]);
        const std::complex<double> zb(fb.get()[i][0], fb.get()[i][1]);
        std::complex<double> r = zb * std::conj(za);
        const double magnitude = std::abs(r);
        r = magnitude > 1e-8 * strongest ? r / magnitude : 0.0;
        fa.get()[i][0] = r.real(), fa.get()[i][1] = r.imag();
    }
    fftw_plan backward = fftw_plan_dft_c2r_2d(h, w, fa.get(), real.get(), FFTW_ESTIMATE);
    fftw_execute(backward);
    fftw_destroy_plan(backward);
    const double* surface = real.get();
    std::size_t best = 0;
    for (std::size_t i = 1; i < n_real; ++i)
        if (surface[i] > surface[best]) best = i;
    const int px = static_cast<int>(best % static_cast<std::size_t>(w));
    const int py = static_cast<int>(best / static_cast<std::size_t>(w));
    auto at = [&](int x, int y) {
        x = (x + w) % w, y = (y + h) % h;
        return surface[pixel_index(x, y, w)];
    };
    Shift shift;
    shift.dx_px = (px > w / 2 ? px - w : px) + parabola_offset(at(px - 1, py), at(px, py), at(px + 1, py));
    shift.dy_px = (py > h / 2 ? py - h : py) + parabola_offset(at(px, py - 1), at(px, py), at(px, py + 1));
    shift.peak = surface[best] / static_cast<double>(n_real);
    return shift;
}

Image shift_image(Image image, double dx_px, double dy_px) {
    const int w = image.grid.width;
    const int h = image.grid.height;
    for (auto& band : image.bands) {
        std::vector<float> source;
        source.swap(band);
        auto& dest = band;
        dest.assign(source.size(), 0.0F);
        for_each_row_band(h, [&](int first_row, int end_row) {
            for (int y = first_row; y < end_row; ++y)
                for (int x = 0; x < w; ++x) {
                    const double sx = x - dx_px;
                    const double sy = y - dy_px;
                    const int ix = static_cast<int>(std::floor(sx));
                    const int iy = static_cast<int>(std::floor(sy));
                    const double fx = sx - ix;
                    const double fy = sy - iy;
                    float value = std::numeric_limits<float>::quiet_NaN();
                    if (ix >= 0 && iy >= 0 && ix + 1 < w && iy + 1 < h) {
                        auto v = [&](int xx, int yy) { return source[pixel_index(xx, yy, w)]; };
                        value = static_cast<float>(
                            (1 - fx) * (1 - fy) * v(ix, iy) + fx * (1 - fy) * v(ix + 1, iy) +
                            (1 - fx) * fy * v(ix, iy + 1) + fx * fy * v(ix + 1, iy + 1));
                    } else if (ix >= 0 && iy >= 0 && ix < w && iy < h) {
                        value = source[pixel_index(ix, iy, w)];
                    }
                    dest[pixel_index(x, y, w)] = value;
                }
        });
    }
    for (std::size_t i = 0; i < image.valid.size(); ++i) {
        bool ok = true;
        for (const auto& band : image.bands) ok = ok && std::isfinite(band[i]);
        image.valid[i] = ok ? 1 : 0;
    }
    return image;
}

}  // namespace reckon::imagery
