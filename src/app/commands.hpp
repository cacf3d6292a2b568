// The table of reckon's subcommands and the whole command line built from it, so that main()
// and the tests of each command's setup() parse with the same CLI::App.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "command.hpp"

namespace reckon::app {

// One row of the table: the subcommand's name, its one line in `reckon --help`, and its maker.
struct CommandEntry {
    const char* name;
    const char* description;
    std::unique_ptr<Command> (*make)();
};

// Every subcommand, in the order `reckon --help` lists them.
std::span<const CommandEntry> command_table();

// reckon's CLI::App with every subcommand of the table set up (parse-only: nothing is read or
// written), and the Command behind each. Parse with app(); then selected() is what to run.
class CommandLine {
public:
    CommandLine();
    CommandLine(const CommandLine&) = delete;
    CommandLine& operator=(const CommandLine&) = delete;

    CLI::App& app();
    // The command whose subcommand was parsed (for `adsb decode`, the adsb command), or nullptr
    // before a successful parse.
    Command* selected() const;

private:
    // Declared before m_app, so the options' targets outlive the app that writes them.
    std::vector<std::pair<CLI::App*, std::unique_ptr<Command>>> m_commands;
    CLI::App m_app;
};

}  // namespace reckon::app
