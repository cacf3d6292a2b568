// A subcommand of `reckon`: setup() declares its options on a CLI11 sub-app and does
// nothing else; run() does the work through the libraries and returns the exit code.
// Errors are thrown (reckon::Error family) and turned into messages once, in main().
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
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

}  // namespace reckon::app
