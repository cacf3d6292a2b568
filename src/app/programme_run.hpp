// What the commands that estimate a programme share (estimate, run, report): the sampling
// options, the evidence store they read (a file, or one in memory holding the programme's
// documents), the CLI's way of hearing about long work, and one estimate-and-write path.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>

#include "progress_bar.hpp"
#include "reckon/estimate/estimate.hpp"
#include "reckon/evidence/programme.hpp"
#include "reckon/evidence/sources.hpp"
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

// Loads the programme file (or DIR/programme.toml).
evidence::Programme load_programme_arg(const std::string& file_or_dir);

// Ingests the programme's documents into `store`, with a bar, and says on stderr how many
// the store holds.
void ingest_programme(const evidence::Programme& programme, store::Store& store,
                      const std::string& store_name);

// The evidence store a command reads: the file `db` when given (which must exist), otherwise a
// store in memory into which the programme's documents are read now.
store::Store open_or_read(const std::string& db, const evidence::Programme& programme);

// What a command writes to its --out folder.
enum class Outputs { estimate, estimate_and_report };

// Samples, writes the outputs to `out_dir` as one set (and --model-data), prints the summary
// on stdout and a note of the files on stderr. With the report, ends by printing the path of
// index.html as the last line on stdout. With `store`, the report also shows the store's site
// comparisons and their reviews.
estimate::EstimateResult estimate_and_write(const evidence::Programme& programme, evidence::Evidence evidence,
                                            const SamplingOptions& options, const std::string& out_dir,
                                            Outputs outputs, const store::Store* store = nullptr);

}  // namespace reckon::app
