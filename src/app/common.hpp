// Option handling shared by several subcommands.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "reckon/adsb/cpr.hpp"
#include "reckon/core/date.hpp"
#include "progress_bar.hpp"
#include "reckon/store/store.hpp"
#include "reckon/text/entities.hpp"

namespace reckon::app {

// Parses --published YYYY-MM-DD; empty → nullopt; otherwise throws UsageError.
std::optional<core::Date> parse_date_option(const std::string& value, const char* option);

// Runs `read` for one of several inputs. An InputError is printed on stderr with its hint
// (clearing `bar` first) and the run goes on with the next input; returns whether it read.
bool read_or_report(ProgressBar& bar, const std::function<void()>& read);

// Parses --receiver LAT,LON (degrees); throws UsageError with an example otherwise.
adsb::LatLon parse_receiver_option(const std::string& text);

// The built-in gazetteer, extended from `entities_file` when given.
text::Gazetteer load_gazetteer(const std::string& entities_file);

// Regular files under the given paths, directories walked recursively in name order,
// hidden files and folders skipped. Problems are reported on stderr and counted, not thrown.
std::vector<std::filesystem::path> collect_files(const std::vector<std::string>& inputs, std::size_t& problems);

struct IngestTally {
    std::size_t stored = 0, unchanged = 0, claims = 0, events = 0, problems = 0;
};
// Extracts each file and keeps it in the store, one transaction per document; a document
// already stored (same SHA-256) is not read again. Unreadable files are reported and counted.
IngestTally ingest_files(store::Store& store, const std::vector<std::filesystem::path>& files,
                         const text::Gazetteer& gazetteer, const std::optional<core::Date>& published,
                         ProgressBar& bar);

}  // namespace reckon::app
