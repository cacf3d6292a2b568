// Option handling and reporting shared by several subcommands.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "progress_bar.hpp"
#include "reckon/adsb/cpr.hpp"
#include "reckon/core/date.hpp"
#include "reckon/evidence/sources.hpp"
#include "reckon/text/entities.hpp"

namespace reckon::app {

// For an unsigned option: CLI11 reads "-1" into one as 2^64 - 1; this refuses a leading minus
// ("--seed: -1 is negative; give a whole number of 0 or more").
CLI::Validator not_negative();

// Parses --published YYYY-MM-DD; empty → nullopt; otherwise throws UsageError.
std::optional<core::Date> parse_date_option(const std::string& value, const char* option);

// Runs `read` for each input in turn. An input that fails with an InputError is reported on
// stderr with its hint (clearing `bar` first) and the run goes on with the next; `stop`, when
// given, ends the loop early. Throws InputError when no input could be read; returns whether
// any input failed.
bool read_each_input(const std::vector<std::string>& inputs, ProgressBar& bar,
                     const std::function<void(const std::string&)>& read,
                     const std::function<bool()>& stop = {});

// Parses --receiver LAT,LON (degrees); throws UsageError with an example otherwise.
adsb::LatLon parse_receiver_option(const std::string& text);

// The built-in gazetteer, extended from `entities_file` when given.
text::Gazetteer load_gazetteer(const std::string& entities_file);

// Progress on `bar`, and each note as a "reckon: ..." line on stderr (clearing the bar first).
evidence::Reporting cli_reporting(ProgressBar& bar);

}  // namespace reckon::app
