// `reckon claims`: the evidence in the store, filtered, as JSON lines, CSV or a table.
#include "cmd_claims.hpp"

#include <fmt/core.h>

#include <filesystem>

#include "output.hpp"
#include "reckon/core/claim.hpp"
#include "reckon/core/claim_format.hpp"
#include "reckon/core/error.hpp"
#include "reckon/store/store.hpp"

namespace reckon::app {

void ClaimsCommand::setup(CLI::App& app) {
    app.description(
        "List the claims kept in the evidence store. Each row carries its sentence and the\n"
        "SHA-256 of the document it came from.\n\n"
        "Examples:\n"
        "  reckon claims --db reckon.db\n"
        "  reckon claims --metric unit_cost --subject Shahed-136 --format csv > costs.csv\n");
    app.add_option("--db", m_options.db, "The evidence store")->capture_default_str();
    app.add_option("--metric", m_options.metric,
                   "Only claims of this metric (e.g. production_rate, unit_cost)");
    app.add_option("--subject", m_options.subject,
                   "Only claims about this subject (canonical name, e.g. Alabuga)");
    app.add_flag("--events", m_options.events, "List events (flights) instead of claims");
    app.add_option("--format", m_options.format, "jsonl, csv, or table (default on a terminal)")
        ->type_name("FORMAT");
    app.add_option("-o,--output", m_options.output, "Write to this file instead of stdout")
        ->type_name("FILE");
    app.add_flag("--overwrite", m_options.overwrite, "Replace the --output file if it exists");
}

int ClaimsCommand::run() {
    if (!m_options.metric.empty() && !core::is_known_metric(m_options.metric))
        throw UsageError("unknown --metric '" + m_options.metric + "'", "use one of: " + core::metric_list());
    Format format = m_options.format.empty() ? default_format() : parse_format(m_options.format);
    if (!store::is_server_location(m_options.db) && !std::filesystem::exists(m_options.db))
        throw InputError({m_options.db}, "no evidence store here",
                         "create one with 'reckon ingest FILE --db " + m_options.db + "'");
    store::Store store(m_options.db);
    store::ClaimFilter filter;
    if (!m_options.metric.empty()) filter.metric = m_options.metric;
    if (!m_options.subject.empty()) filter.subject = m_options.subject;
    Output output(m_options.output, m_options.overwrite);
    if (m_options.events) {
        auto events = store.events();
        if (format == Format::csv) {
            output.stream() << core::events_csv_header() << '\n';
            for (const auto& e : events) output.stream() << core::to_csv_row(e) << '\n';
        } else {
            write_evidence(output.stream(), format, {}, events);
        }
    } else {
        write_evidence(output.stream(), format, store.claims(filter), {});
    }
    output.commit();
    return EXIT_OK;
}

const ClaimsCommand::Options& ClaimsCommand::options() const { return m_options; }

}  // namespace reckon::app
