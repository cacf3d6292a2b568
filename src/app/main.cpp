// reckon's entry point: registers the subcommands, parses the command line, runs one, and
// turns every error into a message on stderr and an exit code (0 ok, 1 bad input or a
// failed run, 2 bad usage). This is the only place exceptions are caught.
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "command.hpp"
#include "reckon/core/error.hpp"
#include "reckon/core/version.hpp"

namespace {

void print_error(const std::string& message, const std::string& hint) {
    fmt::print(stderr, "reckon: error: {}\n", message);
    if (!hint.empty()) fmt::print(stderr, "reckon: hint: {}\n", hint);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace reckon::app;
    CLI::App app{
        "reckon measures a production programme from public evidence: it reads reports,\n"
        "keeps every figure with its source, and (in later stages) reconciles them into\n"
        "estimates with honest uncertainty.\n\n"
        "Typical start:\n"
        "  reckon extract article.txt --published 2025-07-24   # see the claims in one file\n"
        "  reckon ingest reports/ --db reckon.db                 # store a folder's claims\n"
        "  reckon claims --db reckon.db --metric production_rate --format csv\n",
        "reckon"};
    app.set_version_flag("--version", std::string("reckon ") + reckon::VERSION);
    app.require_subcommand(1);
    app.fallthrough();

    struct Entry {
        const char* name;
        const char* description;
        std::unique_ptr<Command> command;
    };
    Entry entries[] = {
        {"extract", "Print the claims and events found in documents (txt, html, pdf)", make_extract_command()},
        {"ingest", "Extract documents and keep their claims in the evidence store", make_ingest_command()},
        {"claims", "Query the claims kept in the evidence store", make_claims_command()},
        {"adsb", "Decode ADS-B / Mode S recordings and feeds, and find flights", make_adsb_command()},
        {"estimate", "Reconcile a programme's evidence into monthly production with intervals", make_estimate_command()},
        {"run", "Ingest a programme folder's documents and estimate it, end to end", make_run_command()},
        {"simulate", "Write a synthetic programme with its known truth (tests, calibration)", make_simulate_command()},
        {"report", "Estimate a programme and write its report: an offline page, PNG charts and CSVs", make_report_command()},
        {"serve", "Serve the local web workbench: the estimate live, claim review, re-estimate", make_serve_command()},
    };
    std::map<CLI::App*, Command*> by_app;
    for (auto& e : entries) {
        CLI::App* sub = app.add_subcommand(e.name, e.description);
        e.command->setup(*sub);
        by_app[sub] = e.command.get();
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        fmt::print(stderr, "Run 'reckon --help' or 'reckon COMMAND --help' for usage.\n");
        return EXIT_USAGE;
    }

    try {
        for (auto* sub : app.get_subcommands())
            if (auto it = by_app.find(sub); it != by_app.end()) return it->second->run();
        return EXIT_USAGE;
    } catch (const reckon::UsageError& e) {
        print_error(e.what(), e.hint());
        return EXIT_USAGE;
    } catch (const reckon::Error& e) {
        print_error(e.what(), e.hint());
        return EXIT_INPUT;
    } catch (const std::bad_alloc&) {
        print_error("out of memory", "process fewer or smaller files at a time");
        return EXIT_INPUT;
    } catch (const std::exception& e) {
        print_error(std::string("unexpected failure: ") + e.what(),
                    "this is a bug in reckon; please report it with the input that caused it");
        return EXIT_INPUT;
    }
}
