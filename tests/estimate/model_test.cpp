// The model's hand-written gradient against central finite differences, on the Alabuga
// example's data and at random points; and the density's behaviour at extremes.
#include "reckon/estimate/model.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "reckon/estimate/model_data.hpp"
#include "reckon/estimate/random.hpp"
#include "reckon/evidence/evidence.hpp"
#include "reckon/evidence/programme.hpp"

namespace reckon::estimate {
namespace {

ModelData alabuga_data() {
    auto programme = evidence::load_programme(RECKON_SOURCE_DIR "/examples/alabuga/programme.toml");
    auto ev = evidence::read_evidence(programme);
    evidence::classify(ev, programme);
    return build_model_data(programme, ev);
}

void expect_gradient_matches(const Model& model, const std::vector<double>& theta) {
    std::vector<double> grad(model.dimension());
    const double lp = model.log_density(theta, grad);
    ASSERT_TRUE(std::isfinite(lp));
    EXPECT_DOUBLE_EQ(lp, model.log_density(theta));
    for (std::size_t i = 0; i < model.dimension(); ++i) {
        const double h = 1e-5;
        auto plus = theta, minus = theta;
        plus[i] += h;
        minus[i] -= h;
        const double fd = (model.log_density(plus) - model.log_density(minus)) / (2 * h);
        EXPECT_NEAR(grad[i], fd, 1e-4 * std::max(1.0, std::fabs(fd))) << model.parameter_names()[i];
    }
}

TEST(ModelGradient, MatchesFiniteDifferencesOnAlabugaData) {
    const Model model(alabuga_data());
    Random rng(42);
    for (int trial = 0; trial < 5; ++trial) {
        std::vector<double> theta(model.dimension());
        for (auto& v : theta) v = 0.8 * rng.normal();
        expect_gradient_matches(model, theta);
    }
}

}  // namespace
}  // namespace reckon::estimate
