// Normal draws for Random; see random.hpp.
#include "reckon/estimate/random.hpp"

#include <cmath>

namespace reckon::estimate {

double Random::normal() {
    if (m_has_spare) {
        m_has_spare = false;
        return m_spare;
    }
    double u, v, s;
    do {
        u = 2 * uniform() - 1;
        v = 2 * uniform() - 1;
        s = u * u + v * v;
    } while (s >= 1 || s == 0);
    const double f = std::sqrt(-2 * std::log(s) / s);
    m_spare = v * f;
    m_has_spare = true;
    return u * f;
}

}  // namespace reckon::estimate
