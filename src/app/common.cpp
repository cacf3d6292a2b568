// Shared option handling.
#include "common.hpp"

#include "reckon/core/error.hpp"

namespace reckon::app {

std::optional<core::Date> parse_date_option(const std::string& value, const char* option) {
    if (value.empty()) return std::nullopt;
    auto d = core::parse_iso_date(value);
    if (!d) throw UsageError(std::string(option) + " '" + value + "' is not a date", "write it as YYYY-MM-DD, e.g. 2025-07-24");
    return d;
}

text::Gazetteer load_gazetteer(const std::string& entities_file) {
    auto g = text::Gazetteer::builtin();
    if (!entities_file.empty()) g.load_file(entities_file);
    return g;
}

}  // namespace reckon::app
