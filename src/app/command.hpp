// A subcommand of `reckon`: setup() declares its options on a CLI11 sub-app and does
// nothing else; run() does the work through the libraries and returns the exit code.
// Errors are thrown (reckon::Error family) and turned into messages once, in main().
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace reckon::app {

// Exit codes (DESIGN.md): success, bad input or a failed run, bad usage.
inline constexpr int EXIT_OK = 0;
inline constexpr int EXIT_INPUT = 1;
inline constexpr int EXIT_USAGE = 2;

class Command {
public:
    virtual ~Command() = default;
    virtual void setup(CLI::App& app) = 0;
    virtual int run() = 0;
};

// A factory for a command table (commands.cpp, cmd_adsb.cpp).
template <class C>
std::unique_ptr<Command> make_command() {
    return std::make_unique<C>();
}

// A command made of sub-commands (`reckon adsb`, `reckon site`): a table of names,
// descriptions and factories; run() runs the sub-command the parse selected.
class CommandGroup : public Command {
public:
    struct Entry {
        const char* name;
        const char* description;
        std::unique_ptr<Command> (*make)();
    };
    int run() override;
    // The sub-command that was parsed, or nullptr before a successful parse.
    Command* selected() const;

protected:
    // Adds each entry as a sub-command of `app`, sets it up, and requires one of them.
    void add_subcommands(CLI::App& app, std::span<const Entry> entries);

private:
    std::vector<std::pair<CLI::App*, std::unique_ptr<Command>>> m_subcommands;
};

}  // namespace reckon::app
