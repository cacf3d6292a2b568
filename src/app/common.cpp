// Shared option handling.
#include "common.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <system_error>

#include <fmt/core.h>

#include "reckon/core/error.hpp"
#include "reckon/text/document.hpp"
#include "reckon/text/extract.hpp"

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

std::vector<std::filesystem::path> collect_files(const std::vector<std::string>& inputs, std::size_t& problems) {
    std::vector<std::filesystem::path> files;
    for (const auto& input : inputs) {
        std::error_code ec;
        std::filesystem::file_status st = std::filesystem::status(input, ec);
        if (ec || !std::filesystem::exists(st)) {
            fmt::print(stderr, "reckon: skipped: {}: no such file or folder\n", input);
            ++problems;
            continue;
        }
        if (!std::filesystem::is_directory(st)) {
            files.emplace_back(input);
            continue;
        }
        std::vector<std::filesystem::path> found;
        std::filesystem::recursive_directory_iterator it(input, std::filesystem::directory_options::skip_permission_denied, ec), end;
        if (ec) {
            fmt::print(stderr, "reckon: skipped: {}: cannot read folder ({})\n", input, ec.message());
            ++problems;
            continue;
        }
        for (; it != end; it.increment(ec)) {
            if (ec) {
                fmt::print(stderr, "reckon: skipped: {}: {}\n", it->path().string(), ec.message());
                ++problems;
                break;
            }
            const auto name = it->path().filename().string();
            if (!name.empty() && name[0] == '.') {
                if (it->is_directory(ec)) it.disable_recursion_pending();
                continue;
            }
            if (it->is_regular_file(ec)) {
                found.push_back(it->path());
            } else if (!it->is_directory(ec)) {
                // Pipes, devices, sockets and dangling links: say so, never open them.
                try {
                    text::require_regular_file(it->path());
                } catch (const InputError& e) {
                    fmt::print(stderr, "reckon: skipped: {}\n", e.what());
                    ++problems;
                }
            }
        }
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}


IngestTally ingest_files(store::Store& store, const std::vector<std::filesystem::path>& files,
                         const text::Gazetteer& gazetteer, const std::optional<core::Date>& published,
                         ProgressBar& bar) {
    IngestTally tally;
    for (std::size_t i = 0; i < files.size(); ++i) {
        const std::string name = files[i].string();
        auto progress = [&](double f, std::string_view) {
            return bar.update((static_cast<double>(i) + f) / static_cast<double>(files.size()), name);
        };
        try {
            text::require_regular_file(files[i]);
            if (store.has_document(text::sha256_file(files[i]))) {
                ++tally.unchanged;
                continue;
            }
            auto doc = text::extract_file(files[i], gazetteer, published, progress);
            bar.clear();
            for (const auto& w : doc.warnings) fmt::print(stderr, "reckon: warning: {}\n", w);
            auto result = store.ingest(doc.info, doc.claims, doc.events);
            if (result.already_present) {
                ++tally.unchanged;
            } else {
                ++tally.stored;
                tally.claims += result.claims;
                tally.events += result.events;
            }
        } catch (const InputError& e) {
            bar.clear();
            fmt::print(stderr, "reckon: skipped: {}\n", e.what());
            ++tally.problems;
        }
    }
    bar.clear();
    return tally;
}

bool read_or_report(ProgressBar& bar, const std::function<void()>& read) {
    try {
        read();
        return true;
    } catch (const InputError& e) {
        bar.clear();
        fmt::print(stderr, "reckon: error: {}\n", e.what());
        if (!e.hint().empty()) fmt::print(stderr, "reckon: hint: {}\n", e.hint());
        return false;
    }
}

adsb::LatLon parse_receiver_option(const std::string& text) {
    const auto comma = text.find(',');
    try {
        if (comma != std::string::npos) {
            std::size_t a = 0, b = 0;
            const double lat = std::stod(text.substr(0, comma), &a);
            const double lon = std::stod(text.substr(comma + 1), &b);
            if (a == comma && b == text.size() - comma - 1 && std::abs(lat) <= 90 && std::abs(lon) <= 180)
                return {lat, lon};
        }
    } catch (const std::exception&) {  // not a number, or out of double's range
    }
    throw UsageError("bad --receiver '" + text + "'", "write it as LAT,LON in degrees, e.g. --receiver 52.31,4.76");
}

}  // namespace reckon::app
