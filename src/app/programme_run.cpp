// Shared by the commands that estimate a programme; see programme_run.hpp.
#include "programme_run.hpp"

#include <iostream>
#include <thread>

#include <fmt/core.h>

#include "common.hpp"
#include "reckon/core/atomic_file.hpp"
#include "reckon/core/error.hpp"

namespace fs = std::filesystem;

namespace reckon::app {

void SamplingOptions::add(CLI::App& app) {
    app.add_option("--chains", chains, "Markov chains")->capture_default_str()->check(CLI::Range(1, 64));
    app.add_option("--warmup", warmup, "Warm-up iterations per chain")->capture_default_str()->check(CLI::Range(0, 100000));
    app.add_option("--draws", draws, "Draws kept per chain")->capture_default_str()->check(CLI::Range(10, 100000));
    app.add_option("--seed", seed, "Random seed: the same seed gives the same output")->capture_default_str();
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

fs::path programme_file(const fs::path& dir_or_file) {
    return fs::is_directory(dir_or_file) ? dir_or_file / "programme.toml" : dir_or_file;
}

std::vector<std::pair<fs::path, std::optional<core::Date>>> programme_documents(const estimate::Programme& p) {
    std::vector<std::pair<fs::path, std::optional<core::Date>>> out;
    for (const auto& spec : p.documents) {
        std::error_code ec;
        if (!fs::exists(spec.path, ec)) {
            if (spec.optional) {
                fmt::print(stderr, "reckon: note: {} is absent; going on without it\n", spec.path.string());
                continue;
            }
            throw InputError({p.file.string()}, fmt::format("the document path {} does not exist", spec.path.string()),
                             "fix the path in [[evidence.documents]], or mark it optional = true");
        }
        std::size_t problems = 0;
        for (const auto& f : collect_files({spec.path.string()}, problems)) out.push_back({f, spec.published});
    }
    return out;
}

estimate::Evidence evidence_with_store(const estimate::Programme& programme, const store::Store& store) {
    auto evidence = estimate::read_evidence(programme);
    for (const auto& d : store.documents()) evidence.inputs.push_back({d.path, d.sha256});
    auto from_documents = estimate::claims_from_documents(store.claims(), programme);
    evidence.claims.insert(evidence.claims.end(), from_documents.begin(), from_documents.end());
    estimate::apply_reviews(evidence, store.reviews());
    return evidence;
}

estimate::EstimateResult estimate_and_write(const estimate::Programme& programme, estimate::Evidence evidence,
                                            const SamplingOptions& o, const std::string& out_dir) {
    ProgressBar bar;
    auto result = estimate::estimate(programme, std::move(evidence), o.to_estimate(bar));
    bar.clear();
    estimate::write_estimate(result, out_dir, o.overwrite);
    if (!o.model_data.empty())
        core::write_file_atomically(o.model_data, estimate::model_data_json(result.data), true);
    std::cout << estimate::summary_text(result);
    fmt::print(stderr, "reckon: wrote estimate.json, production.csv, contracts.csv, sources.csv, learning_curve.csv, "
                       "claims.csv, diagnostics.csv and summary.txt to {} ({:.1f} s of sampling)\n",
               out_dir, result.diagnostics.sampling_seconds);
    return result;
}

}  // namespace reckon::app
