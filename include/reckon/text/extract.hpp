// One document in, its claims and events out: reads the file (any format DocumentReader
// knows), streams its paragraphs through a ClaimExtractor, and returns everything with the
// document's identity. This is what `reckon extract` and `reckon ingest` call.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "reckon/core/claim.hpp"
#include "reckon/core/progress.hpp"
#include "reckon/text/entities.hpp"

namespace reckon::text {

struct ExtractedDocument {
    core::DocumentInfo info;          // sha256 filled in
    std::vector<core::Claim> claims;  // Claim::document = the path as given
    std::vector<core::Event> events;
    std::vector<std::string> warnings;  // repaired bytes etc., each naming the file
    bool cancelled = false;             // the progress callback asked to stop
};

// Throws InputError unless `path` names a regular file (following links): folders, pipes,
// devices and sockets are refused up front, since reading them could block or never end.
void require_regular_file(const std::filesystem::path& path);

// Throws InputError when the file cannot be read at all (missing, empty, binary, broken
// PDF). `published` overrides a date found in the document's metadata.
ExtractedDocument extract_file(const std::filesystem::path& path, const Gazetteer& gazetteer,
                               std::optional<core::Date> published, const core::ProgressFn& progress = {});

}  // namespace reckon::text
