// `reckon run PROGRAMME_DIR --out DIR`: ingest a programme folder's documents into DIR/reckon.db
// (or the store --db names: a team store on PostgreSQL), estimate, and write the report: the
// whole flow in one command.
#pragma once

#include <string>

#include "command.hpp"
#include "programme_run.hpp"

namespace reckon::app {

class RunCommand : public Command {
public:
    // What setup() declares; the programme folder and --out are required.
    struct Options {
        std::string programme_dir, out;
        std::string db;  // empty: OUT/reckon.db
        SamplingOptions sampling;
    };

    void setup(CLI::App& app) override;
    // Refuses an --out that holds a report before ingesting, unless --overwrite.
    int run() override;
    // What the last parse gave (defaults before one).
    const Options& options() const;

private:
    Options m_options;
};

}  // namespace reckon::app
