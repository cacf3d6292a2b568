// `reckon extract FILE...`: the claims and events in documents, to stdout or --output.
#pragma once

#include <string>
#include <vector>

#include "command.hpp"

namespace reckon::app {

class ExtractCommand : public Command {
public:
    // What setup() declares; run() checks --published, --format and --entities.
    struct Options {
        std::vector<std::string> files;
        std::string published, format, output, entities;
        bool overwrite = false;
    };

    void setup(CLI::App& app) override;
    // Exit code 1 only when no file could be read; each unreadable file gets a message.
    int run() override;
    // What the last parse gave (defaults before one).
    const Options& options() const;

private:
    Options m_options;
};

}  // namespace reckon::app
