// `reckon extract FILE...`: the claims and events in documents, to stdout or --output.
// A file that cannot be read gets a message and is skipped; the exit code is 1 only when
// no file could be read at all.
#include "cmd_extract.hpp"

#include <fmt/core.h>

#include "common.hpp"
#include "output.hpp"
#include "progress_bar.hpp"
#include "reckon/core/error.hpp"
#include "reckon/text/extract.hpp"

namespace reckon::app {

void ExtractCommand::setup(CLI::App& app) {
    app.description(
        "Print every quantitative claim (value, unit, qualifier, period, subject, attribution)\n"
        "and every dated flight found in documents: plain text, saved HTML pages or PDF.\n"
        "Nothing is stored; use 'reckon ingest' for that.\n\n"
        "Examples:\n"
        "  reckon extract article.txt --published 2025-07-24\n"
        "  reckon extract page.html --format csv -o claims.csv\n");
    app.add_option("files", m_options.files,
                   "Documents to read (.txt, .html, .pdf; the format is found from the content)")
        ->required()
        ->type_name("FILE");
    app.add_option("--published", m_options.published,
                   "Date the documents were published (YYYY-MM-DD), for relative dates like 'last year'. "
                   "Without it, an HTML page's meta date is used, else such dates stay unresolved")
        ->type_name("DATE");
    app.add_option("--format", m_options.format,
                   "jsonl (one JSON object per line), csv, or table (default on a terminal)")
        ->type_name("FORMAT");
    app.add_option("-o,--output", m_options.output, "Write to this file instead of stdout")
        ->type_name("FILE");
    app.add_flag("--overwrite", m_options.overwrite, "Replace the --output file if it exists");
    app.add_option("--entities", m_options.entities,
                   "Extra entities and aliases (see docs/cli.md for the format)")
        ->type_name("FILE");
}

int ExtractCommand::run() {
    auto published = parse_date_option(m_options.published, "--published");
    Format format = m_options.format.empty() ? default_format() : parse_format(m_options.format);
    auto gazetteer = load_gazetteer(m_options.entities);
    Output output(m_options.output, m_options.overwrite);
    ProgressBar bar;
    std::size_t read_ok = 0, events_left_out = 0;
    bool first = true;
    for (std::size_t i = 0; i < m_options.files.size(); ++i) {
        const auto& file = m_options.files[i];
        text::ExtractedDocument doc;
        try {
            doc = text::extract_file(file, gazetteer, published, [&](double f, std::string_view) {
                return bar.update((static_cast<double>(i) + f) / static_cast<double>(m_options.files.size()),
                                  file);
            });
        } catch (const InputError& e) {
            bar.clear();
            fmt::print(stderr, "reckon: skipped: {}\n", e.what());
            if (!e.hint().empty()) fmt::print(stderr, "reckon: hint: {}\n", e.hint());
            continue;
        }
        bar.clear();
        ++read_ok;
        for (const auto& w : doc.warnings) fmt::print(stderr, "reckon: warning: {}\n", w);
        write_evidence(output.stream(), format, doc.claims, doc.events, first);
        // A table header waits for the first row; a CSV header comes first whatever follows.
        first = format == Format::table && first && doc.claims.empty() && doc.events.empty();
        if (format == Format::csv) events_left_out += doc.events.size();
    }
    if (read_ok == 0)
        throw InputError({m_options.files.size() == 1 ? m_options.files[0] : std::string("input")},
                         "no document could be read", "see the messages above");
    output.commit();
    if (events_left_out)
        fmt::print(stderr,
                   "reckon: note: {} event(s) are not in CSV output; use --format jsonl to see them\n",
                   events_left_out);
    return EXIT_OK;
}

const ExtractCommand::Options& ExtractCommand::options() const { return m_options; }

}  // namespace reckon::app
