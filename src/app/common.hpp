// Option handling shared by several subcommands.
#pragma once

#include <optional>
#include <string>

#include "reckon/core/date.hpp"
#include "reckon/text/entities.hpp"

namespace reckon::app {

// Parses --published YYYY-MM-DD; empty → nullopt; otherwise throws UsageError.
std::optional<core::Date> parse_date_option(const std::string& value, const char* option);

// The built-in gazetteer, extended from `entities_file` when given.
text::Gazetteer load_gazetteer(const std::string& entities_file);

}  // namespace reckon::app
