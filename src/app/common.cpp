// Shared option handling.
#include "common.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <system_error>

#include "reckon/core/error.hpp"

namespace reckon::app {

CLI::Validator not_negative() {
    return {[](const std::string& text) {
                const auto first = text.find_first_not_of(" \t");
                return first != std::string::npos && text[first] == '-'
                           ? fmt::format("{} is negative; give a whole number of 0 or more", text)
                           : std::string();
            },
            ""};  // no word in --help: UINT says it already
}

std::optional<core::Date> parse_date_option(const std::string& value, const char* option) {
    if (value.empty()) return std::nullopt;
    auto d = core::parse_iso_date(value);
    if (!d)
        throw UsageError(std::string(option) + " '" + value + "' is not a date",
                         "write it as YYYY-MM-DD, e.g. 2025-07-24");
    return d;
}

text::Gazetteer load_gazetteer(const std::string& entities_file) {
    auto g = text::Gazetteer::builtin();
    if (!entities_file.empty()) g.load_file(entities_file);
    return g;
}

evidence::Reporting cli_reporting(ProgressBar& bar) {
    evidence::Reporting r;
    r.progress = [&bar](double f, std::string_view stage) { return bar.update(f, stage); };
    r.note = [&bar](const std::string& line) {
        bar.clear();
        fmt::print(stderr, "reckon: {}\n", line);
    };
    return r;
}

bool read_each_input(const std::vector<std::string>& inputs, ProgressBar& bar,
                     const std::function<void(const std::string&)>& read, const std::function<bool()>& stop) {
    std::size_t read_ok = 0;
    bool failed = false;
    for (const auto& input : inputs) {
        if (stop && stop()) break;
        try {
            read(input);
            ++read_ok;
        } catch (const InputError& e) {
            bar.clear();
            fmt::print(stderr, "reckon: error: {}\n", e.what());
            if (!e.hint().empty()) fmt::print(stderr, "reckon: hint: {}\n", e.hint());
            failed = true;
        }
    }
    bar.clear();
    if (read_ok == 0 && failed)
        throw InputError({inputs.size() == 1 ? inputs[0] : std::string("input")}, "no input could be read",
                         "see the messages above");
    return failed;
}

adsb::LatLon parse_receiver_option(const std::string& text) {
    const auto comma = text.find(',');
    try {
        if (comma != std::string::npos) {
            std::size_t a = 0;
            std::size_t b = 0;
            const double lat = std::stod(text.substr(0, comma), &a);
            const double lon = std::stod(text.substr(comma + 1), &b);
            if (a == comma && b == text.size() - comma - 1 && std::abs(lat) <= 90 && std::abs(lon) <= 180)
                return {lat, lon};
        }
    } catch (const std::exception&) {  // not a number, or out of double's range
    }
    throw UsageError("bad --receiver '" + text + "'",
                     "write it as LAT,LON in degrees, e.g. --receiver 52.31,4.76");
}

}  // namespace reckon::app
