// `reckon ingest FILE|DIR...`: extract documents and keep them, with their claims and
// events, in the evidence store. Each document is one transaction; a document already
// stored (same SHA-256) is skipped without being read again. Files that cannot be read get
// a message each; the exit code is 1 only when nothing at all could be read.
#include <algorithm>
#include <filesystem>
#include <system_error>

#include <fmt/core.h>

#include "command.hpp"
#include "common.hpp"
#include "progress_bar.hpp"
#include "reckon/core/error.hpp"
#include "reckon/store/store.hpp"
#include "reckon/text/document.hpp"
#include "reckon/text/extract.hpp"

namespace fs = std::filesystem;

namespace reckon::app {

namespace {

// Regular files under the given paths, directories walked recursively in name order,
// hidden files and folders skipped. Problems are reported and counted, not thrown.
std::vector<fs::path> collect_files(const std::vector<std::string>& inputs, std::size_t& problems) {
    std::vector<fs::path> files;
    for (const auto& input : inputs) {
        std::error_code ec;
        fs::file_status st = fs::status(input, ec);
        if (ec || !fs::exists(st)) {
            fmt::print(stderr, "reckon: skipped: {}: no such file or folder\n", input);
            ++problems;
            continue;
        }
        if (!fs::is_directory(st)) {
            files.emplace_back(input);
            continue;
        }
        std::vector<fs::path> found;
        fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, ec), end;
        if (ec) {
            fmt::print(stderr, "reckon: skipped: {}: cannot read folder ({})\n", input, ec.message());
            ++problems;
            continue;
        }
        for (; it != end; it.increment(ec)) {
            if (ec) {
                fmt::print(stderr, "reckon: skipped: {}: {}\n", it->path().string(), ec.message());
                ++problems;
                break;
            }
            const auto name = it->path().filename().string();
            if (!name.empty() && name[0] == '.') {
                if (it->is_directory(ec)) it.disable_recursion_pending();
                continue;
            }
            if (it->is_regular_file(ec)) {
                found.push_back(it->path());
            } else if (!it->is_directory(ec)) {
                // Pipes, devices, sockets and dangling links: say so, never open them.
                try {
                    text::require_regular_file(it->path());
                } catch (const InputError& e) {
                    fmt::print(stderr, "reckon: skipped: {}\n", e.what());
                    ++problems;
                }
            }
        }
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

class IngestCommand : public Command {
public:
    void setup(CLI::App& app) override {
        app.description(
            "Read documents (files, or folders walked recursively) and keep each one with its\n"
            "claims and events in the evidence store, a SQLite file. A document is keyed by the\n"
            "SHA-256 of its bytes, so ingesting it again changes nothing.\n\n"
            "Examples:\n"
            "  reckon ingest examples/alabuga/documents --db reckon.db\n"
            "  reckon ingest saved_page.html --published 2025-07-24\n");
        app.add_option("inputs", m_inputs, "Files or folders to read")->required()->type_name("FILE|DIR");
        app.add_option("--db", m_db, "The evidence store (created if absent)")->capture_default_str();
        app.add_option("--published", m_published, "Publication date for all inputs (YYYY-MM-DD)")->type_name("DATE");
        app.add_option("--entities", m_entities, "Extra entities and aliases (see docs/cli.md)")->type_name("FILE");
    }

    int run() override {
        auto published = parse_date_option(m_published, "--published");
        auto gazetteer = load_gazetteer(m_entities);
        std::size_t problems = 0;
        std::vector<fs::path> files = collect_files(m_inputs, problems);
        store::Store store(m_db);
        ProgressBar bar;
        std::size_t stored = 0, unchanged = 0, claims = 0, events = 0;
        for (std::size_t i = 0; i < files.size(); ++i) {
            const std::string name = files[i].string();
            auto progress = [&](double f, std::string_view) {
                return bar.update((static_cast<double>(i) + f) / static_cast<double>(files.size()), name);
            };
            try {
                text::require_regular_file(files[i]);
                if (store.has_document(text::sha256_file(files[i]))) {
                    ++unchanged;
                    continue;
                }
                auto doc = text::extract_file(files[i], gazetteer, published, progress);
                bar.clear();
                for (const auto& w : doc.warnings) fmt::print(stderr, "reckon: warning: {}\n", w);
                auto result = store.ingest(doc.info, doc.claims, doc.events);
                if (result.already_present) {
                    ++unchanged;
                } else {
                    ++stored;
                    claims += result.claims;
                    events += result.events;
                }
            } catch (const InputError& e) {
                bar.clear();
                fmt::print(stderr, "reckon: skipped: {}\n", e.what());
                ++problems;
            }
        }
        bar.clear();
        fmt::print(stderr, "reckon: {}: {} document(s) stored ({} claims, {} events), {} already present, {} skipped\n",
                   m_db, stored, claims, events, unchanged, problems);
        if (stored + unchanged == 0)
            throw InputError({m_inputs.size() == 1 ? m_inputs[0] : std::string("input")}, "no document could be read",
                             "see the messages above");
        return EXIT_OK;
    }

private:
    std::vector<std::string> m_inputs;
    std::string m_db = "reckon.db", m_published, m_entities;
};

}  // namespace

std::unique_ptr<Command> make_ingest_command() { return std::make_unique<IngestCommand>(); }

}  // namespace reckon::app
