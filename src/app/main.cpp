// reckon's entry point: parses the command line (commands.hpp builds it), runs the one
// subcommand given, and turns every error into a message on stderr and an exit code (0 ok,
// 1 bad input or a failed run, 2 bad usage). This is the only place exceptions are caught.
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <new>
#include <string>

#include "commands.hpp"
#include "reckon/core/error.hpp"

namespace {

void print_error(const std::string& message, const std::string& hint) {
    fmt::print(stderr, "reckon: error: {}\n", message);
    if (!hint.empty()) fmt::print(stderr, "reckon: hint: {}\n", hint);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace reckon::app;
    CommandLine cli;
    CLI::App& app = cli.app();

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
