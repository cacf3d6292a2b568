// `reckon estimate PROGRAMME.toml --out DIR`: sample a programme's model from its evidence and
// write estimate.json, the CSVs and the summary.
#pragma once

#include <string>

#include "command.hpp"
#include "programme_run.hpp"

namespace reckon::app {

class EstimateCommand : public Command {
public:
    // What setup() declares; the programme and --out are required.
    struct Options {
        std::string programme, out, db;
        SamplingOptions sampling;
    };

    void setup(CLI::App& app) override;
    // Refuses an --out that holds an estimate before sampling, unless --overwrite.
    int run() override;
    // What the last parse gave (defaults before one).
    const Options& options() const;

private:
    Options m_options;
};

}  // namespace reckon::app
