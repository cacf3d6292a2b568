// `reckon simulate --seed S --out DIR`: a synthetic programme with its known truth.
#pragma once

#include <cstdint>
#include <string>

#include "command.hpp"

namespace reckon::app {

class SimulateCommand : public Command {
public:
    // What setup() declares; --seed and --out are required.
    struct Options {
        std::uint64_t seed = 0;
        std::string out;
        bool overwrite = false;
    };

    void setup(CLI::App& app) override;
    int run() override;
    // What the last parse gave (defaults before one).
    const Options& options() const;

private:
    Options m_options;
};

}  // namespace reckon::app
