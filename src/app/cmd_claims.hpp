// `reckon claims`: the evidence in the store, filtered, as JSON lines, CSV or a table.
#pragma once

#include <string>

#include "command.hpp"

namespace reckon::app {

class ClaimsCommand : public Command {
public:
    // What setup() declares; run() checks --metric and --format (a UsageError).
    struct Options {
        std::string db = "reckon.db", metric, subject, format, output;
        bool events = false, overwrite = false;
    };

    void setup(CLI::App& app) override;
    // Throws InputError when there is no store at --db.
    int run() override;
    // What the last parse gave (defaults before one).
    const Options& options() const;

private:
    Options m_options;
};

}  // namespace reckon::app
