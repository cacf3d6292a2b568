// Shared by the commands that estimate a programme; see programme_run.hpp.
#include "programme_run.hpp"

#include <fmt/core.h>

#include <iostream>
#include <thread>

#include "common.hpp"
#include "reckon/core/atomic_file.hpp"
#include "reckon/core/error.hpp"
#include "reckon/evidence/gather.hpp"
#include "reckon/report/estimate_files.hpp"
#include "reckon/report/report.hpp"
#include "reckon/report/view.hpp"

namespace fs = std::filesystem;

namespace reckon::app {

void SamplingOptions::add(CLI::App& app) {
    app.add_option("--chains", chains, "Markov chains")->capture_default_str()->check(CLI::Range(1, 64));
    app.add_option("--warmup", warmup, "Warm-up iterations per chain")
        ->capture_default_str()
        ->check(CLI::Range(0, 100000));
    app.add_option("--draws", draws, "Draws kept per chain")
        ->capture_default_str()
        ->check(CLI::Range(10, 100000));
    // CLI11 reads "-1" into an unsigned option as 2^64 - 1: refused instead.
    app.add_option("--seed", seed, "Random seed: the same seed gives the same output")
        ->capture_default_str()
        ->check(not_negative());
    app.add_option("--threads", threads, "Chains run side by side (0 = one per core)")->capture_default_str();
    app.add_flag("--overwrite", overwrite, "Replace files in --out that exist already");
    app.add_option("--model-data", model_data, "Also write the model's data as JSON (to run it elsewhere)")
        ->type_name("FILE");
}

estimate::EstimateOptions SamplingOptions::to_estimate(ProgressBar& bar) const {
    estimate::EstimateOptions o;
    o.chains = chains, o.warmup = warmup, o.draws = draws, o.seed = seed;
    o.threads = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    o.progress = [&bar](double f, std::string_view stage) { return bar.update(f, stage); };
    return o;
}

evidence::Programme load_programme_arg(const std::string& file_or_dir) {
    return evidence::load_programme(evidence::programme_file(file_or_dir));
}

void ingest_programme(const evidence::Programme& programme, store::Store& store,
                      const std::string& store_name) {
    ProgressBar bar;
    const auto tally = evidence::ingest_programme_documents(programme, store, cli_reporting(bar));
    bar.clear();
    fmt::print(stderr, "reckon: {}: {} document(s) in the store ({} new)\n", store_name,
               tally.stored + tally.unchanged, tally.stored);
}

store::Store open_or_read(const std::string& db, const evidence::Programme& programme) {
    if (!db.empty()) {
        if (!store::is_server_location(db) && !fs::exists(db))
            throw InputError({db}, "no such evidence store", "create it with reckon ingest or reckon run");
        fmt::print(stderr, "reckon: evidence store {}\n", store::display_location(db));
        return store::Store(db);
    }
    store::Store memory{fs::path(store::IN_MEMORY)};
    ingest_programme(programme, memory, "the programme's documents");
    return memory;
}

estimate::EstimateResult estimate_and_write(const evidence::Programme& programme, evidence::Evidence evidence,
                                            const SamplingOptions& o, const std::string& out_dir,
                                            Outputs outputs, const store::Store* store) {
    // Read before sampling, so that an unreadable store fails before the long part.
    const auto site = store ? report::read_site_evidence(*store) : report::SiteEvidence{};
    ProgressBar bar;
    auto result = estimate::estimate(programme, std::move(evidence), o.to_estimate(bar));
    bar.clear();
    if (outputs == Outputs::estimate_and_report) {
        report::ViewOptions view_options;
        view_options.site = &site;
        report::write_estimate_and_report(report::build_view(result, report::ViewMode::report, view_options),
                                          result, out_dir, o.overwrite);
    } else {
        report::write_estimate(result, out_dir, o.overwrite);
    }
    if (!o.model_data.empty())
        core::write_file_atomically(o.model_data, report::model_data_json(result.data), true);
    std::cout << report::summary_text(result);
    fmt::print(stderr,
               "reckon: wrote estimate.json, production.csv, contracts.csv, sources.csv, learning_curve.csv, "
               "claims.csv, diagnostics.csv and summary.txt to {} ({:.1f} s of sampling)\n",
               out_dir, result.diagnostics.sampling_seconds);
    if (outputs == Outputs::estimate_and_report) {
        const fs::path index = fs::path(out_dir) / "index.html";
        fmt::print(stderr, "reckon: report: {}\n", index.string());
        std::cout << index.string() << std::endl;
    }
    return result;
}

}  // namespace reckon::app
