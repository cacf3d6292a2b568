// Quantiles by selection; see quantile.hpp.
#include "reckon/imagery/quantile.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace reckon::imagery {

double select_quantile(std::vector<float>& values, double q) {
    if (values.empty()) return 0;
    const auto span = static_cast<double>(values.size() - 1);
    const auto k = std::min(values.size() - 1, static_cast<std::size_t>(std::clamp(q, 0.0, 1.0) * span));
    const auto nth = values.begin() + static_cast<std::ptrdiff_t>(k);
    std::nth_element(values.begin(), nth, values.end());
    return *nth;
}

std::vector<float> finite_values(const std::vector<float>& values) {
    std::vector<float> out;
    out.reserve(values.size());
    for (float x : values)
        if (std::isfinite(x)) out.push_back(x);
    return out;
}

}  // namespace reckon::imagery
