// `reckon report PROGRAMME.toml --out DIR`: estimate a programme and write its report beside the
// estimate (index.html, view.json, PNG charts, CSVs).
#pragma once

#include <string>

#include "command.hpp"
#include "programme_run.hpp"

namespace reckon::app {

class ReportCommand : public Command {
public:
    // What setup() declares; the programme and --out are required.
    struct Options {
        std::string programme, out, db;
        SamplingOptions sampling;
    };

    void setup(CLI::App& app) override;
    // Refuses an --out that holds a report before sampling, unless --overwrite.
    int run() override;
    // What the last parse gave (defaults before one).
    const Options& options() const;

private:
    Options m_options;
};

}  // namespace reckon::app
