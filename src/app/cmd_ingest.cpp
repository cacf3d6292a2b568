// `reckon ingest FILE|DIR...`: extract documents and keep them, with their claims and
// events, in the evidence store. Each document is one transaction; a document already
// stored (same SHA-256) is skipped without being read again. Files that cannot be read get
// a message each; the exit code is 1 only when nothing at all could be read.
#include "cmd_ingest.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "common.hpp"
#include "progress_bar.hpp"
#include "reckon/core/error.hpp"
#include "reckon/store/store.hpp"
#include "reckon/text/document.hpp"
#include "reckon/text/extract.hpp"

namespace reckon::app {

void IngestCommand::setup(CLI::App& app) {
    app.description(
        "Read documents (files, or folders walked recursively) and keep each one with its\n"
        "claims and events in the evidence store, a SQLite file. A document is keyed by the\n"
        "SHA-256 of its bytes, so ingesting it again changes nothing.\n\n"
        "Examples:\n"
        "  reckon ingest examples/alabuga/documents --db reckon.db\n"
        "  reckon ingest saved_page.html --published 2025-07-24\n");
    app.add_option("inputs", m_options.inputs, "Files or folders to read")->required()->type_name("FILE|DIR");
    app.add_option("--db", m_options.db, "The evidence store (created if absent)")->capture_default_str();
    app.add_option("--published", m_options.published, "Publication date for all inputs (YYYY-MM-DD)")
        ->type_name("DATE");
    app.add_option("--entities", m_options.entities, "Extra entities and aliases (see docs/cli.md)")
        ->type_name("FILE");
}

int IngestCommand::run() {
    auto published = parse_date_option(m_options.published, "--published");
    auto gazetteer = load_gazetteer(m_options.entities);
    ProgressBar bar;
    const auto reporting = cli_reporting(bar);
    std::size_t problems = 0;
    const auto files =
        evidence::collect_files({m_options.inputs.begin(), m_options.inputs.end()}, reporting, problems);
    store::Store store(m_options.db);
    const auto tally = evidence::ingest_files(store, files, gazetteer, published, reporting);
    bar.clear();
    problems += tally.problems;
    const std::size_t stored = tally.stored;
    const std::size_t unchanged = tally.unchanged;
    const std::size_t claims = tally.claims;
    const std::size_t events = tally.events;
    fmt::print(stderr,
               "reckon: {}: {} document(s) stored ({} claims, {} events), {} already present, {} skipped\n",
               store::display_location(m_options.db), stored, claims, events, unchanged, problems);
    if (stored + unchanged == 0)
        throw InputError({m_options.inputs.size() == 1 ? m_options.inputs[0] : std::string("input")},
                         "no document could be read", "see the messages above");
    return EXIT_OK;
}

const IngestCommand::Options& IngestCommand::options() const { return m_options; }

}  // namespace reckon::app
