// Synthetic programmes with a known truth, for tests and simulation-based calibration
// (Talts et al. 2018). The truth is drawn from the model's own prior, conditioned on the
// inventory never running out (by rejection, as the model's barrier says), and every piece
// of evidence is drawn from the likelihood the model uses, then written in reckon's input
// formats: programme.toml, claims.csv, launches.csv, serials.csv, plus truth.json.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "reckon/estimate/model.hpp"

namespace reckon::estimate {

struct Simulation {
    std::uint64_t seed = 0;
    // File name → contents, ready to write.
    std::vector<std::pair<std::string, std::string>> files;
    // The truth.
    std::vector<std::string> months;  // "YYYY-MM"
    std::vector<double> production, cumulative;
    double total = 0;
    double learning_rate = 0;
    std::array<double, SOURCE_CLASSES> bias{};
};

// Builds the synthetic programme for `seed` (deterministic).
Simulation simulate(std::uint64_t seed);

// Writes the simulation's files into `dir` (created), all or none (core::FileSet); refuses
// existing files unless `overwrite`.
void write_simulation(const Simulation& sim, const std::filesystem::path& dir, bool overwrite);

}  // namespace reckon::estimate
