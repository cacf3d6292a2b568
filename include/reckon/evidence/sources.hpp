// Sources into the store: the files under the paths a user gives, read and extracted one by
// one into the evidence store, each document once (keyed by the SHA-256 of its bytes). A file
// that cannot be read is reported and skipped; the rest are stored.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "reckon/core/date.hpp"
#include "reckon/core/progress.hpp"
#include "reckon/store/store.hpp"
#include "reckon/text/entities.hpp"

namespace reckon::evidence {

// How a caller hears about long work: progress (stage = the file being read) and one line
// for each file skipped or warned about ("skipped: FILE: why", "warning: ...").
struct Reporting {
    core::ProgressFn progress;
    std::function<void(const std::string& line)> note;
};

// Regular files under the given paths, folders walked recursively in name order, hidden
// files and folders skipped. Missing paths, unreadable folders, pipes and devices are
// reported through `reporting.note` and counted in `problems`, not thrown.
std::vector<std::filesystem::path> collect_files(const std::vector<std::filesystem::path>& inputs,
                                                 const Reporting& reporting, std::size_t& problems);

struct IngestTally {
    std::size_t stored = 0, unchanged = 0, claims = 0, events = 0, problems = 0;
    bool cancelled = false;  // the progress callback asked to stop; what was stored stays
};

// Extracts each file and keeps it in the store, one transaction per document; a document
// already stored (same SHA-256) is not read again. A file that cannot be read (InputError, or
// not enough memory for it) is reported and counted, and the next one is read. `published`
// dates documents that carry no date.
IngestTally ingest_files(store::Store& store, const std::vector<std::filesystem::path>& files,
                         const text::Gazetteer& gazetteer, const std::optional<core::Date>& published,
                         const Reporting& reporting);

}  // namespace reckon::evidence
