// reckon's entry point: parses the command line (commands.hpp builds it), runs the one
// subcommand given, and turns every error into a message on stderr and an exit code (0 ok,
// 1 bad input or a failed run, 2 bad usage). This is the only place exceptions are caught.
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <new>
#include <optional>
#include <string>
#include <string_view>

#include "commands.hpp"
#include "reckon/core/error.hpp"

namespace {

void print_error(const std::string& message, const std::string& hint) {
    fmt::print(stderr, "reckon: error: {}\n", message);
    if (!hint.empty()) fmt::print(stderr, "reckon: hint: {}\n", hint);
}

// The first word that is not an option, when it names no command. CLI11 would take it for a
// stray argument ("A subcommand is required") or, with --help, print the main help and exit 0;
// the main program has only flags (--help, --version), so its first word is the command.
std::optional<std::string> unknown_command(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view word = argv[i];
        if (word.empty() || word.front() == '-') continue;
        const auto commands = reckon::app::command_table();
        const bool known = std::any_of(commands.begin(), commands.end(),
                                       [&](const reckon::app::CommandEntry& c) { return word == c.name; });
        if (known) return std::nullopt;
        return std::string(word);
    }
    return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace reckon::app;
    CommandLine cli;
    CLI::App& app = cli.app();

    if (const auto word = unknown_command(argc, argv)) {
        print_error(fmt::format("unknown command '{}'", *word),
                    "run 'reckon --help' for the list of commands");
        return EXIT_USAGE;
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
        if (Command* command = cli.selected()) return command->run();
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
