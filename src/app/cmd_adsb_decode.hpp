// `reckon adsb decode INPUT...`: every Mode S / ADS-B message of recordings and feeds, as JSON
// lines or CSV.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cmd_adsb.hpp"
#include "command.hpp"

namespace reckon::app {

class AdsbDecodeCommand : public Command {
public:
    // What setup() declares; run() checks --format, --sample-rate, --output-format and
    // --receiver (a UsageError each).
    struct Options {
        std::vector<std::string> inputs;
        AdsbInputOptions input;  // --format, --start-time, --select, --sample-rate
        std::string output_format = "jsonl", output, receiver;
        bool overwrite = false, no_repair = false, keep_unknown = false;
        double timeout_s = 30;
        std::uint64_t limit = 0;
    };

    void setup(CLI::App& app) override;
    // Exit code 1 when an input could not be read (after the others were decoded).
    int run() override;
    // What the last parse gave (defaults before one).
    const Options& options() const;

private:
    Options m_options;
};

}  // namespace reckon::app
