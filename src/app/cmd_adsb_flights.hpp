// `reckon adsb flights INPUT...`: tracks → flights with airports, aircraft and operators, the
// watchlist's matches, the output files and the store's events.
#pragma once

#include <string>
#include <vector>

#include "cmd_adsb.hpp"
#include "command.hpp"
#include "reckon/adsb/flights.hpp"

namespace reckon::app {

class AdsbFlightsCommand : public Command {
public:
    // What setup() declares (--airports is required); run() checks --format, --sample-rate,
    // --receiver, and that --db comes with --watch and --out (a UsageError each).
    struct Options {
        std::vector<std::string> inputs;
        AdsbInputOptions input;  // --format, --start-time, --select, --sample-rate
        std::string airports, aircraft, operators, watch, out, db, receiver;
        bool overwrite = false;
        adsb::FlightRules rules;  // --max-gap, --airport-radius, --low-agl
    };

    void setup(CLI::App& app) override;
    // Reads the tables first, so a wrong path fails before a long read; exit code 1 when an
    // input could not be read (after the others were used).
    int run() override;
    // What the last parse gave (defaults before one).
    const Options& options() const;

private:
    Options m_options;
};

}  // namespace reckon::app
