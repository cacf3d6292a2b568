// Model::log_density and its gradient at given points, for bench/stan.sh's point-by-point check
// against Stan: reads the JSON `reckon estimate --model-data` wrote and a CSV of points (a
// header, then a row a point: a first column that is skipped, then z0..z{D-1}); writes a CSV
// of reckon's log density and gradient at each point to stdout.
#include <fstream>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "reckon/estimate/model.hpp"

using nlohmann::json;
namespace est = reckon::estimate;

namespace {

std::vector<double> series(const json& a) {
    std::vector<double> out;
    for (const auto& v : a)
        out.push_back(v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>());
    return out;
}

est::ScalePrior scale_prior(const json& j) {
    return {j.at("median").get<double>(), j.at("log_sd").get<double>()};
}

// The inverse of report::model_data_json; settings it does not write keep ModelData's defaults.
est::ModelData read_model_data(const json& j) {
    est::ModelData d;
    d.months = j.at("months").get<int>();
    d.production_start = j.at("production_start").get<int>();
    d.launched = series(j.at("launched"));
    d.product_counted = series(j.at("product_counted"));
    d.share_regime = j.at("share_regime").get<std::vector<int>>();
    for (const auto& s : j.at("shares"))
        d.shares.push_back({s.at("first").get<int>(), s.at("last").get<int>(), s.at("mean").get<double>(),
                            s.at("sd").get<double>()});
    for (const auto& b : j.at("imports"))
        d.imports.push_back({b.at("first").get<int>(), b.at("last").get<int>(),
                             b.at("quantity").get<double>(), b.at("log_sd").get<double>()});
    for (const auto& o : j.at("observations")) {
        est::Observation ob;
        ob.target = static_cast<est::Target>(o.at("target").get<int>());
        ob.form = static_cast<est::Form>(o.at("form").get<int>());
        ob.log_value = o.at("log_value").get<double>();
        ob.extra_sd = o.at("extra_sd").get<double>();
        ob.source_class = o.at("source_class").get<int>();
        ob.month = o.at("month").get<int>();
        for (const auto& w : o.at("weights"))
            ob.weights.emplace_back(w.at(0).get<int>(), w.at(1).get<double>());
        d.observations.push_back(ob);
    }
    for (const auto& s : j.at("serials"))
        d.serials.push_back({s.at("month").get<int>(), s.at("month_fraction").get<double>(),
                             s.at("series_start").get<int>(), s.at("serial").get<double>(),
                             s.at("earlier").get<int>()});
    const auto& p = j.at("priors");
    auto& q = d.priors;
    q.initial_log_rate_mean = p.at("initial_log_rate_mean").get<double>();
    q.initial_log_rate_sd = p.at("initial_log_rate_sd").get<double>();
    q.initial_growth_mean = p.at("initial_growth_mean").get<double>();
    q.initial_growth_sd = p.at("initial_growth_sd").get<double>();
    q.level_sd = scale_prior(p.at("level_sd"));
    q.growth_sd = scale_prior(p.at("growth_sd"));
    q.bias_mean_sd = p.at("bias_mean_sd").get<double>();
    q.bias_spread = scale_prior(p.at("bias_spread"));
    for (std::size_t c = 0; c < est::SOURCE_CLASSES; ++c) {
        q.bias_offset[c] = p.at("bias_offset").at(c).get<double>();
        q.noise[c] = scale_prior(p.at("noise").at(c));
    }
    q.coverage_mean = p.at("coverage_mean").get<double>();
    q.coverage_sd = p.at("coverage_sd").get<double>();
    q.cost_ref_quantity = p.at("cost_ref_quantity").get<double>();
    q.cost_log_ref_mean = p.at("cost_log_ref_mean").get<double>();
    q.cost_log_ref_sd = p.at("cost_log_ref_sd").get<double>();
    q.cost_exponent_mean = p.at("cost_exponent_mean").get<double>();
    q.cost_exponent_sd = p.at("cost_exponent_sd").get<double>();
    q.cost_noise = scale_prior(p.at("cost_noise"));
    q.barrier_fraction = p.at("barrier_fraction").get<double>();
    q.barrier_floor = p.at("barrier_floor").get<double>();
    d.use_ratio_mean = j.value("use_ratio_mean", d.use_ratio_mean);
    d.use_ratio_sd = j.value("use_ratio_sd", d.use_ratio_sd);
    d.use_window_sd = j.value("use_window_sd", d.use_window_sd);
    d.use_window_months = j.value("use_window_months", d.use_window_months);
    d.level_shock_df = j.value("level_shock_df", d.level_shock_df);
    d.trend_damping = j.value("trend_damping", d.trend_damping);
    return d;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: log_density DATA.json POINTS.csv > OUT.csv\n";
        return 2;
    }
    std::ifstream data_in(argv[1]);
    const est::Model model(read_model_data(json::parse(data_in)));
    std::ifstream points_in(argv[2]);
    std::string line;
    std::getline(points_in, line);  // the header
    const std::size_t dim = model.dimension();
    std::cout << "reckon_log_density";
    for (std::size_t i = 0; i < dim; ++i) std::cout << ",dz" << i;
    std::cout << '\n';
    std::cout.precision(17);
    while (std::getline(points_in, line)) {
        std::stringstream row(line);
        std::string cell;
        std::getline(row, cell, ',');  // Stan's log density
        std::vector<double> z;
        while (std::getline(row, cell, ',')) z.push_back(std::stod(cell));
        if (z.size() != dim) {
            std::cerr << "log_density: a point has " << z.size() << " coordinates, reckon's model " << dim
                      << '\n';
            return 1;
        }
        std::vector<double> grad(dim);
        std::cout << model.log_density(z, grad);
        for (double g : grad) std::cout << ',' << g;
        std::cout << '\n';
    }
    return 0;
}
