// `reckon serve`: the local web workbench over a data folder made by `reckon run`.
#pragma once

#include <string>
#include <vector>

#include "command.hpp"
#include "programme_run.hpp"

namespace reckon::app {

class ServeCommand : public Command {
public:
    // What setup() declares. The sampling options given override those recorded in the data
    // folder's estimate.json; the others come from there (run() asks which were given).
    struct Options {
        std::string db = "reckon.db", data, programme, host = "127.0.0.1", token_file;
        std::vector<std::string> allowed_hosts;
        int port = 8080;
        SamplingOptions sampling;
    };

    void setup(CLI::App& app) override;
    // Listens, estimates in the background, serves until SIGINT or SIGTERM; throws InputError
    // when there is no store file at --db, UsageError when a PostgreSQL store comes without
    // --data, when the programme is neither given nor recorded, or when a non-loopback --host
    // comes without --allow-host; and the first estimate's error when it fails.
    int run() override;
    // What the last parse gave (defaults before one).
    const Options& options() const;

private:
    Options m_options;
    // Whether a sampling option was given, or is to be taken from estimate.json.
    CLI::Option *m_chains = nullptr, *m_warmup = nullptr, *m_draws = nullptr, *m_seed = nullptr;
};

}  // namespace reckon::app
