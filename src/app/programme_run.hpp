// What the commands that estimate a programme share (estimate, run, report, serve): the
// sampling options, the programme's documents, its evidence joined with an evidence store
// (the store's document claims and its analysts' reviews), and one estimate-and-write path.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "progress_bar.hpp"
#include "reckon/core/date.hpp"
#include "reckon/estimate/estimate.hpp"
#include "reckon/store/store.hpp"

namespace reckon::app {

struct SamplingOptions {
    int chains = 4, warmup = 1000, draws = 1000, threads = 0;
    std::uint64_t seed = 1;
    bool overwrite = false;
    std::string model_data;

    // Adds --chains, --warmup, --draws, --seed, --threads, --overwrite and --model-data.
    void add(CLI::App& app);
    // The estimate's options, reporting progress on `bar` (which must outlive the estimate).
    estimate::EstimateOptions to_estimate(ProgressBar& bar) const;
};

// PROGRAMME_DIR/programme.toml for a folder, the path itself for a file.
std::filesystem::path programme_file(const std::filesystem::path& dir_or_file);

// Documents named by the programme, with the publication date its spec gives. Optional ones
// that are absent are skipped with a note; a missing required one is an InputError.
std::vector<std::pair<std::filesystem::path, std::optional<core::Date>>> programme_documents(
    const estimate::Programme& programme);

// The programme's CSV evidence, the store's claims about the product (each stored document
// recorded as an input) and the store's reviews applied: what estimate --db, run, report and
// serve's re-estimate all sample.
estimate::Evidence evidence_with_store(const estimate::Programme& programme, const store::Store& store);

// Samples, writes the estimate's files to `out_dir` (and --model-data), prints the summary
// on stdout and a note of the files on stderr; returns the result for a report.
estimate::EstimateResult estimate_and_write(const estimate::Programme& programme, estimate::Evidence evidence,
                                            const SamplingOptions& options, const std::string& out_dir);

}  // namespace reckon::app
