// The subcommand table and the CLI::App built from it; see commands.hpp.
#include "commands.hpp"

#include <array>
#include <string>

#include "cmd_adsb.hpp"
#include "cmd_claims.hpp"
#include "cmd_estimate.hpp"
#include "cmd_extract.hpp"
#include "cmd_ingest.hpp"
#include "cmd_report.hpp"
#include "cmd_run.hpp"
#include "cmd_serve.hpp"
#include "cmd_simulate.hpp"
#include "cmd_site.hpp"  // imagery (issue 15)
#include "reckon/core/version.hpp"

namespace reckon::app {

namespace {

const auto COMMANDS = std::to_array<CommandEntry>({
    {"extract", "Print the claims and events found in documents (txt, html, pdf)",
     make_command<ExtractCommand>},
    {"ingest", "Extract documents and keep their claims in the evidence store", make_command<IngestCommand>},
    {"claims", "Query the claims kept in the evidence store", make_command<ClaimsCommand>},
    {"adsb", "Decode ADS-B / Mode S recordings and feeds, and find flights", make_command<AdsbCommand>},
    {"estimate", "Reconcile a programme's evidence into monthly production with intervals",
     make_command<EstimateCommand>},
    {"run", "Ingest a programme folder's documents and estimate it, end to end", make_command<RunCommand>},
    {"simulate", "Write a synthetic programme with its known truth (tests, calibration)",
     make_command<SimulateCommand>},
    {"report", "Estimate a programme and write its report: an offline page, PNG charts and CSVs",
     make_command<ReportCommand>},
    {"serve", "Serve the local web workbench: the estimate live, claim review, re-estimate",
     make_command<ServeCommand>},
    // imagery (issue 15)
    {"site", "Compare satellite images of a site: changed ground as polygons with areas",
     make_command<SiteCommand>},
});

}  // namespace

std::span<const CommandEntry> command_table() { return COMMANDS; }

CommandLine::CommandLine()
    : m_app{
          "reckon measures a production programme from public evidence: it reads reports,\n"
          "keeps every figure with its source, reconciles them into estimates with honest\n"
          "uncertainty, finds flights in ADS-B data and changed ground in site imagery.\n\n"
          "Typical start:\n"
          "  reckon run examples/alabuga --out alabuga-run   # the worked example, end to end\n"
          "  reckon extract article.txt --published 2025-07-24   # see the claims in one file\n"
          "  reckon ingest reports/ --db reckon.db                 # store a folder's claims\n"
          "  reckon claims --db reckon.db --metric production_rate --format csv\n",
          "reckon"} {
    m_app.set_version_flag("--version", std::string("reckon ") + reckon::VERSION);
    m_app.require_subcommand(1);
    m_app.fallthrough();
    for (const auto& entry : command_table()) {
        CLI::App* sub = m_app.add_subcommand(entry.name, entry.description);
        auto command = entry.make();
        command->setup(*sub);
        m_commands.emplace_back(sub, std::move(command));
    }
}

CLI::App& CommandLine::app() { return m_app; }

Command* CommandLine::selected() const {
    for (const auto& [sub, command] : m_commands)
        if (sub->parsed()) return command.get();
    return nullptr;
}

}  // namespace reckon::app
