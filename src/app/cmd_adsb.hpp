// `reckon adsb`: the ADS-B / Mode S commands, a table of sub-commands (decode, flights), each a
// Command of its own.
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include "command.hpp"

namespace reckon::app {

class AdsbCommand : public Command {
public:
    // Adds every adsb sub-command and requires one of them.
    void setup(CLI::App& app) override;
    // Runs the sub-command that was parsed.
    int run() override;
    // The sub-command that was parsed, or nullptr before a successful parse.
    Command* selected() const;

private:
    std::vector<std::pair<CLI::App*, std::unique_ptr<Command>>> m_subcommands;
};

}  // namespace reckon::app
