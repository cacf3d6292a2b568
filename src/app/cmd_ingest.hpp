// `reckon ingest FILE|DIR...`: documents and their claims and events into the evidence store.
#pragma once

#include <string>
#include <vector>

#include "command.hpp"

namespace reckon::app {

class IngestCommand : public Command {
public:
    // What setup() declares; run() checks --published and --entities.
    struct Options {
        std::vector<std::string> inputs;
        std::string db = "reckon.db", published, entities;
    };

    void setup(CLI::App& app) override;
    // One transaction per document; exit code 1 only when nothing at all could be read.
    int run() override;
    // What the last parse gave (defaults before one).
    const Options& options() const;

private:
    Options m_options;
};

}  // namespace reckon::app
