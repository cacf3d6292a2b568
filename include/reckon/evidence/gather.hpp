// A programme's evidence, gathered the one way every command does it (estimate, run, report
// and the workbench): the programme's documents ingested into an evidence store (a file, or a
// store in memory), then the CSV evidence read, the store's claims about the product, its
// flights and documents taken, the analysts' reviews applied and the claims classified.
#pragma once

#include <filesystem>
#include <optional>
#include <utility>
#include <vector>

#include "reckon/evidence/evidence.hpp"
#include "reckon/evidence/programme.hpp"
#include "reckon/evidence/sources.hpp"
#include "reckon/store/store.hpp"
#include "reckon/text/entities.hpp"

namespace reckon::evidence {

// The programme file of a folder (DIR/programme.toml), or the path itself for a file.
std::filesystem::path programme_file(const std::filesystem::path& dir_or_file);

// The gazetteer the programme's documents are read with: the built-in entries and the
// programme's own entities file, if it names one. Throws InputError naming a bad line.
text::Gazetteer programme_gazetteer(const Programme& programme);

// Files under the programme's [[evidence.documents]] paths, each with the publication date its
// entry gives. An optional path that is absent is noted and skipped; a required one that is
// absent is an InputError naming the programme file.
std::vector<std::pair<std::filesystem::path, std::optional<core::Date>>> programme_documents(
    const Programme& programme, const Reporting& reporting);

// Ingests the programme's documents into `store` (documents already there are not read again).
IngestTally ingest_programme_documents(const Programme& programme, store::Store& store,
                                       const Reporting& reporting);

// The programme's evidence: its CSV files (each hashed as an input), the store's documents
// and their claims about the product, the store's flights, and the store's reviews applied;
// then classify(). Throws InputError on bad CSV input and StoreError when the store cannot be
// read.
Evidence gather(const Programme& programme, const store::Store& store);

}  // namespace reckon::evidence
