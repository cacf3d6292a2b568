// `reckon estimate PROGRAMME.toml --out DIR` and `reckon run PROGRAMME_DIR --out DIR`: read a
// programme's evidence, sample the model, write estimate.json and CSVs, print the summary.
// `run` first ingests the programme's documents into DIR/reckon.db, so the whole flow from
// documents to estimate is one command.
#include <filesystem>
#include <iostream>
#include <thread>

#include <fmt/core.h>

#include "command.hpp"
#include "common.hpp"
#include "progress_bar.hpp"
#include "reckon/core/atomic_file.hpp"
#include "reckon/core/error.hpp"
#include "reckon/estimate/estimate.hpp"
#include "reckon/store/store.hpp"
#include "reckon/text/document.hpp"
#include "reckon/text/extract.hpp"

namespace fs = std::filesystem;

namespace reckon::app {
namespace {

// Options shared by estimate and run.
struct SamplingOptions {
    int chains = 4, warmup = 1000, draws = 1000, threads = 0;
    std::uint64_t seed = 1;
    bool overwrite = false;
    std::string model_data;

    void add(CLI::App& app) {
        app.add_option("--chains", chains, "Markov chains")->capture_default_str()->check(CLI::Range(1, 64));
        app.add_option("--warmup", warmup, "Warm-up iterations per chain")->capture_default_str()->check(CLI::Range(0, 100000));
        app.add_option("--draws", draws, "Draws kept per chain")->capture_default_str()->check(CLI::Range(10, 100000));
        app.add_option("--seed", seed, "Random seed: the same seed gives the same output")->capture_default_str();
        app.add_option("--threads", threads, "Chains run side by side (0 = one per core)")->capture_default_str();
        app.add_flag("--overwrite", overwrite, "Replace files in --out that exist already");
        app.add_option("--model-data", model_data, "Also write the model's data as JSON (to run it elsewhere)")
            ->type_name("FILE");
    }

    estimate::EstimateOptions to_estimate(ProgressBar& bar) const {  // bar must outlive the estimate
        estimate::EstimateOptions o;
        o.chains = chains, o.warmup = warmup, o.draws = draws, o.seed = seed;
        o.threads = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        o.progress = [&bar](double f, std::string_view stage) { return bar.update(f, stage); };
        return o;
    }
};

// Documents named by the programme: extracted in memory (estimate without --db) or
// ingested into a store (run, or estimate --db). Optional ones that are absent are skipped.
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

// The store's claims, with each stored document's hash recorded as an input.
std::vector<core::Claim> stored_claims(const store::Store& store, estimate::Evidence& evidence) {
    for (const auto& d : store.documents()) evidence.inputs.push_back({d.path, d.sha256});
    return store.claims();
}

// Adds the documents' claims about the product to the evidence, samples, writes the files
// to `out_dir` and prints the summary.
void estimate_and_write(const estimate::Programme& programme, estimate::Evidence evidence,
                        const std::vector<core::Claim>& extracted, const SamplingOptions& o,
                        const std::string& out_dir) {
    auto from_documents = estimate::claims_from_documents(extracted, programme);
    evidence.claims.insert(evidence.claims.end(), from_documents.begin(), from_documents.end());
    ProgressBar bar;
    const auto result = estimate::estimate(programme, std::move(evidence), o.to_estimate(bar));
    bar.clear();
    estimate::write_estimate(result, out_dir, o.overwrite);
    if (!o.model_data.empty())
        core::write_file_atomically(o.model_data, estimate::model_data_json(result.data), true);
    std::cout << estimate::summary_text(result);
    fmt::print(stderr, "reckon: wrote estimate.json, production.csv, contracts.csv, sources.csv, learning_curve.csv, "
                       "claims.csv, diagnostics.csv and summary.txt to {} ({:.1f} s of sampling)\n",
               out_dir, result.diagnostics.sampling_seconds);
}

class EstimateCommand : public Command {
public:
    void setup(CLI::App& app) override {
        app.description(
            "Estimate a programme: read its evidence (claims CSV, launch counts, serial numbers,\n"
            "documents), reconcile it in one Bayesian model and write the posterior: production\n"
            "per month with 50% and 90% intervals, cumulative output and inventory, contract\n"
            "progress, the learning curve and each source class's bias and noise.\n\n"
            "Outputs in --out: estimate.json, production.csv, contracts.csv, sources.csv,\n"
            "learning_curve.csv, claims.csv, diagnostics.csv, summary.txt. The summary is also\n"
            "printed. See docs/programme.md for the programme file and docs/model.md for the model.\n\n"
            "Examples:\n"
            "  reckon estimate examples/alabuga/programme.toml --out out/alabuga\n"
            "  reckon estimate programme.toml --db reckon.db --out est --seed 7 --draws 2000\n");
        app.add_option("programme", m_programme, "Programme file (TOML)")->required()->type_name("FILE");
        app.add_option("--out", m_out, "Folder for the outputs")->required()->type_name("DIR");
        app.add_option("--db", m_db, "Use the claims of this evidence store instead of extracting the documents")
            ->type_name("FILE");
        m_options.add(app);
    }

    int run() override {
        const auto programme = estimate::load_programme(m_programme);
        auto evidence = estimate::read_evidence(programme);
        std::vector<core::Claim> extracted;
        if (!m_db.empty()) {
            if (!fs::exists(m_db)) throw InputError({m_db}, "no such evidence store", "create it with reckon ingest");
            extracted = stored_claims(store::Store(m_db), evidence);
        } else {
            const auto gazetteer = load_gazetteer("");
            for (const auto& [file, published] : programme_documents(programme)) {
                try {
                    auto doc = text::extract_file(file, gazetteer, published);
                    evidence.inputs.push_back({file.string(), doc.info.sha256});
                    extracted.insert(extracted.end(), doc.claims.begin(), doc.claims.end());
                } catch (const InputError& e) {
                    fmt::print(stderr, "reckon: skipped: {}\n", e.what());
                }
            }
        }
        estimate_and_write(programme, std::move(evidence), extracted, m_options, m_out);
        return EXIT_OK;
    }

private:
    std::string m_programme, m_out, m_db;
    SamplingOptions m_options;
};

class RunCommand : public Command {
public:
    void setup(CLI::App& app) override {
        app.description(
            "The whole flow for a programme folder holding programme.toml: ingest its documents\n"
            "into OUT/reckon.db (claims and events, with their sentences), then estimate with\n"
            "those claims and the folder's CSV evidence, writing everything to OUT.\n\n"
            "Example:\n"
            "  reckon run examples/alabuga --out out/alabuga\n");
        app.add_option("programme_dir", m_dir, "Folder with programme.toml (or the TOML file itself)")
            ->required()
            ->type_name("DIR");
        app.add_option("--out", m_out, "Folder for the store and the outputs")->required()->type_name("DIR");
        m_options.add(app);
    }

    int run() override {
        fs::path file = m_dir;
        if (fs::is_directory(file)) file /= "programme.toml";
        const auto programme = estimate::load_programme(file);
        auto evidence = estimate::read_evidence(programme);
        std::error_code ec;
        fs::create_directories(m_out, ec);
        if (ec) throw Error(fmt::format("cannot create {}", m_out), "check the path and its permissions");
        const fs::path db = fs::path(m_out) / "reckon.db";
        store::Store store(db);
        const auto gazetteer = load_gazetteer("");
        ProgressBar bar;
        std::size_t stored = 0, documents = 0;
        for (const auto& [f, published] : programme_documents(programme)) {
            auto tally = ingest_files(store, {f}, gazetteer, published, bar);
            stored += tally.stored;
            documents += tally.stored + tally.unchanged;
        }
        fmt::print(stderr, "reckon: {}: {} document(s) in the store ({} new)\n", db.string(), documents, stored);
        bar.clear();
        const auto extracted = stored_claims(store, evidence);
        estimate_and_write(programme, std::move(evidence), extracted, m_options, m_out);
        return EXIT_OK;
    }

private:
    std::string m_dir, m_out;
    SamplingOptions m_options;
};

}  // namespace

std::unique_ptr<Command> make_estimate_command() { return std::make_unique<EstimateCommand>(); }
std::unique_ptr<Command> make_run_command() { return std::make_unique<RunCommand>(); }

}  // namespace reckon::app
