// CommandGroup: the sub-command tables of `reckon adsb` and `reckon site`.
#include "command.hpp"

namespace reckon::app {

void CommandGroup::add_subcommands(CLI::App& app, std::span<const Entry> entries) {
    app.require_subcommand(1);
    for (const auto& e : entries) {
        CLI::App* sub = app.add_subcommand(e.name, e.description);
        auto command = e.make();
        command->setup(*sub);
        m_subcommands.emplace_back(sub, std::move(command));
    }
}

int CommandGroup::run() {
    if (Command* command = selected()) return command->run();
    return EXIT_USAGE;
}

Command* CommandGroup::selected() const {
    for (const auto& [sub, command] : m_subcommands) {
        if (sub->parsed()) return command.get();
    }
    return nullptr;
}

}  // namespace reckon::app
