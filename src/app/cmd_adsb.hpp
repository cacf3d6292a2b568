// `reckon adsb`: the ADS-B / Mode S commands, a table of sub-commands (decode, flights), each a
// Command of its own.
#pragma once

#include <string>
#include <string_view>

#include "command.hpp"
#include "reckon/adsb/input.hpp"

namespace reckon::app {

class AdsbCommand : public CommandGroup {
public:
    // Adds every adsb sub-command and requires one of them.
    void setup(CLI::App& app) override;
};

// How `adsb decode` and `adsb flights` read their inputs: --format, --start-time, --select and
// --sample-rate, declared and checked in one place.
struct AdsbInputOptions {
    std::string format = "auto";
    std::string start_time;   // undated captures (Beast, AVR, IQ)
    std::string select;       // archives: icao=, type=, operator=, area=
    std::string sample_rate;  // raw IQ, MS/s

    // Declares the four options; `extra_formats` (e.g. "trajectory-json, ") is listed after
    // "auto" among the --format choices.
    void add(CLI::App& app, std::string_view extra_formats = {});
    // The reader's options from these (a UsageError for a bad rate, time or selection), with
    // `format` as the command resolved it.
    adsb::ReadOptions read_options(const adsb::ReadFormat& format) const;
};

}  // namespace reckon::app
