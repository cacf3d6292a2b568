// `reckon claims`: the evidence in the store, filtered, as JSON lines, CSV or a table.
#include <fmt/core.h>

#include <filesystem>

#include "command.hpp"
#include "output.hpp"
#include "reckon/core/claim.hpp"
#include "reckon/core/claim_format.hpp"
#include "reckon/core/error.hpp"
#include "reckon/store/store.hpp"

namespace reckon::app {

namespace {

class ClaimsCommand : public Command {
public:
    void setup(CLI::App& app) override {
        app.description(
            "List the claims kept in the evidence store. Each row carries its sentence and the\n"
            "SHA-256 of the document it came from.\n\n"
            "Examples:\n"
            "  reckon claims --db reckon.db\n"
            "  reckon claims --metric unit_cost --subject Shahed-136 --format csv > costs.csv\n");
        app.add_option("--db", m_db, "The evidence store")->capture_default_str();
        app.add_option("--metric", m_metric, "Only claims of this metric (e.g. production_rate, unit_cost)");
        app.add_option("--subject", m_subject, "Only claims about this subject (canonical name, e.g. Alabuga)");
        app.add_flag("--events", m_events, "List events (flights) instead of claims");
        app.add_option("--format", m_format, "jsonl, csv, or table (default on a terminal)")->type_name("FORMAT");
        app.add_option("-o,--output", m_output, "Write to this file instead of stdout")->type_name("FILE");
        app.add_flag("--overwrite", m_overwrite, "Replace the --output file if it exists");
    }

    int run() override {
        if (!m_metric.empty() && !core::is_known_metric(m_metric))
            throw UsageError("unknown --metric '" + m_metric + "'",
                             "use one of: production_rate, production_total, capacity, plan, contract_value, "
                             "contract_quantity, unit_cost, unit_price, share, workforce, floor_area, launches, "
                             "distance, other");
        Format format = m_format.empty() ? default_format() : parse_format(m_format);
        if (!std::filesystem::exists(m_db))
            throw InputError({m_db}, "no evidence store here", "create one with 'reckon ingest FILE --db " + m_db + "'");
        store::Store store(m_db);
        store::ClaimFilter filter;
        if (!m_metric.empty()) filter.metric = m_metric;
        if (!m_subject.empty()) filter.subject = m_subject;
        Output output(m_output, m_overwrite);
        if (m_events) {
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

private:
    std::string m_db = "reckon.db", m_metric, m_subject, m_format, m_output;
    bool m_events = false, m_overwrite = false;
};

}  // namespace

std::unique_ptr<Command> make_claims_command() { return std::make_unique<ClaimsCommand>(); }

}  // namespace reckon::app
