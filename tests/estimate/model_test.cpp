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
        auto plus = theta;
        auto minus = theta;
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

// Evidence that stops early: the months after it have a damped trend, and the launch counts
// form usage windows (issue 13). The gradient must still match, and the windows and damping
// must be where the evidence says.
TEST(ModelGradient, MatchesWithDampingAndUsageWindows) {
    ModelData d;
    d.months = 30;
    d.production_start = 2;
    d.launched.assign(30, std::nan(""));
    d.product_counted.assign(30, std::nan(""));
    d.share_regime.assign(30, -1);
    for (int t = 3; t < 20; ++t) d.launched[t] = 40 + 3 * t;
    d.imports = {{0, 4, 100, 0.4}};
    Observation o;
    o.target = Target::production_rate;
    o.log_value = std::log(80.0);
    o.extra_sd = 0.05;
    o.weights = {{6, 1.0}};
    d.observations.push_back(o);
    const Model model(d);
    EXPECT_EQ(model.last_evidence_month(), 19);
    // 3..14 and a tail of five months, too short to stand alone: one window.
    ASSERT_EQ(model.use_windows().size(), 1U);
    EXPECT_EQ(model.use_windows()[0], std::make_pair(3, 19));
    Random rng(7);
    for (int trial = 0; trial < 5; ++trial) {
        std::vector<double> theta(model.dimension());
        for (auto& v : theta) v = 0.8 * rng.normal();
        expect_gradient_matches(model, theta);
    }
}

// The simulator draws the trend non-centred and maps it to the sampler's coordinates of the
// production months (the smooth maximum of floor and trend, docs/model.md "Inventory");
// derive() must give back the very path it drew, in months where the floor binds too.
TEST(ModelCoordinates, CentreLevelsGivesBackThePriorPath) {
    const Model model(alabuga_data());
    const auto& d = model.data();
    const auto& p = d.priors;
    const auto& layout = model.layout();
    const int n = layout.production_months;
    Random rng(11);
    int accepted = 0;
    int near_floor = 0;
    for (int trial = 0; trial < 200 && accepted < 20; ++trial) {
        std::vector<double> theta(model.dimension());
        for (auto& v : theta) v = rng.normal();
        // The prior path, written out here from docs/model.md: level and shocks non-centred.
        std::vector<double> mu(n);
        double delta = p.initial_growth_mean + p.initial_growth_sd * theta[layout.growth0];
        for (int k = 0; k < n; ++k) {
            if (k == 0) {
                mu[k] = p.initial_log_rate_mean + p.initial_log_rate_sd * theta[layout.level0];
                continue;
            }
            mu[k] = mu[k - 1] + delta + p.level_sd.median * theta[layout.level_shocks + k - 1];
            if (k + 1 < n) {
                const double damping =
                    d.production_start + k > model.last_evidence_month() ? d.trend_damping : 1.0;
                delta = damping * delta + p.growth_sd.median * theta[layout.growth_shocks + k - 1];
            }
        }
        auto centred = theta;
        if (!model.centre_levels(centred)) continue;
        ++accepted;
        const Draw draw = model.derive(centred);
        for (int k = 0; k < n; ++k) {
            const int t = d.production_start + k;
            EXPECT_NEAR(std::log(draw.production[t]), mu[k], 1e-9) << "month " << t;
        }
        for (int t = 0; t < d.months; ++t)
            if (draw.inventory[t] < 0) ++near_floor;
    }
    EXPECT_GE(accepted, 10);
    EXPECT_GT(near_floor, 0) << "no path came near the floor: the test would not see its corner";
}

}  // namespace
}  // namespace reckon::estimate
