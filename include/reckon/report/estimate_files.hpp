// The estimate's own files, views of an EstimateResult like the report's page: estimate.json
// (everything, with the inputs' hashes), production.csv, contracts.csv, sources.csv,
// learning_curve.csv, claims.csv, diagnostics.csv and summary.txt (docs/report.md), the short
// readable summary the CLI prints, and the model's data as JSON for running it elsewhere.
#pragma once

#include <filesystem>
#include <string>

#include "reckon/core/atomic_file.hpp"
#include "reckon/estimate/estimate.hpp"

namespace reckon::report {

// Refuses (InputError naming the file, hint --overwrite) a folder that already holds a file
// write_estimate() would write, unless `overwrite`. Call it before sampling.
void check_estimate_folder(const std::filesystem::path& dir, bool overwrite);

// Writes the estimate's files into `dir` (created if needed) as one set: all of them or, when
// one cannot be written, none (core::FileSet). Existing files are refused (InputError naming
// the file, hint --overwrite) unless `overwrite`, before any file is written.
void write_estimate(const estimate::EstimateResult& result, const std::filesystem::path& dir, bool overwrite);

// Stages the same files in `files` (creating `dir`), for a caller that writes them in one set
// with others (the report's). Throws Error when the folder cannot be made or a file written.
void stage_estimate(core::FileSet& files, const estimate::EstimateResult& result,
                    const std::filesystem::path& dir);

// A short readable answer: production per month, totals, contracts, learning rate, sources,
// diagnostics and warnings.
std::string summary_text(const estimate::EstimateResult& result);

// The model's data as JSON, for running the same model elsewhere (bench/stan.sh).
std::string model_data_json(const estimate::ModelData& data);

}  // namespace reckon::report
