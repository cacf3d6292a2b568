// `reckon adsb`: the table of ADS-B / Mode S sub-commands. The decoding, the readers and the
// tracker live in reckon::adsb; each sub-command's file wires them to the command line.
#include "cmd_adsb.hpp"

#include "cmd_adsb_decode.hpp"
#include "cmd_adsb_flights.hpp"

namespace reckon::app {

void AdsbCommand::setup(CLI::App& app) {
    struct Entry {
        const char* name;
        const char* description;
        std::unique_ptr<Command> (*make)();
    };
    static const Entry entries[] = {
        {"decode", "Print every Mode S / ADS-B message of recordings and feeds",
         make_command<AdsbDecodeCommand>},
        {"flights", "Find flights, their airports and aircraft, and the watchlist's matches",
         make_command<AdsbFlightsCommand>},
    };
    app.require_subcommand(1);
    for (const auto& e : entries) {
        CLI::App* sub = app.add_subcommand(e.name, e.description);
        auto command = e.make();
        command->setup(*sub);
        m_subcommands.emplace_back(sub, std::move(command));
    }
}

int AdsbCommand::run() {
    if (Command* command = selected()) return command->run();
    return EXIT_USAGE;
}

Command* AdsbCommand::selected() const {
    for (const auto& [sub, command] : m_subcommands)
        if (sub->parsed()) return command.get();
    return nullptr;
}

}  // namespace reckon::app
