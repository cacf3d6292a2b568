// The evidence store: one SQLite file in WAL mode holding documents (keyed by SHA-256),
// their claims and events. The schema is versioned SQL (src/store/schema/NNN_*.sql,
// compiled in); opening checks the version and applies pending migrations in a
// transaction, and refuses a file written by a newer reckon. Each ingest is one
// transaction: a crash half-way leaves the store as it was.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "reckon/core/claim.hpp"

namespace reckon::store {

// The schema version this build writes and reads.
int schema_version();

struct IngestResult {
    std::int64_t document_id = 0;
    bool already_present = false;  // same SHA-256 seen before: nothing was changed
    std::size_t claims = 0, events = 0;
};

struct ClaimFilter {
    std::optional<std::string> metric;
    std::optional<std::string> subject;  // matches the canonical subject name
};

class Store {
public:
    // Opens (creating if absent) the store at `path`. Throws StoreError naming the file when
    // it is not a SQLite database, is from a newer reckon, or cannot be written.
    explicit Store(const std::filesystem::path& path);
    ~Store();
    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;

    bool has_document(const std::string& sha256) const;

    // Stores a document with its claims and events in one transaction. A document whose
    // SHA-256 is already stored is left as it is (already_present = true).
    IngestResult ingest(const core::DocumentInfo& document, const std::vector<core::Claim>& claims,
                        const std::vector<core::Event>& events);

    // Claims in ingest order; Claim::document holds the document's SHA-256.
    std::vector<core::Claim> claims(const ClaimFilter& filter = {}) const;
    std::vector<core::Event> events() const;
    std::vector<core::DocumentInfo> documents() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace reckon::store
