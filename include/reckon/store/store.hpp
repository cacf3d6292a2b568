// The evidence store: one SQLite file in WAL mode holding documents (keyed by SHA-256),
// their claims and events. The schema is versioned SQL (src/store/schema/NNN_*.sql,
// compiled in); opening checks the version and applies pending migrations in a
// transaction, and refuses a file written by a newer reckon. Each ingest is one
// transaction: a crash half-way leaves the store as it was. A Store is one connection: use
// it from one thread at a time; several Stores (or processes) may share a file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/core/claim.hpp"
#include "reckon/core/progress.hpp"
#include "reckon/core/review.hpp"

namespace reckon::store {

// The schema version this build writes and reads.
int schema_version();

struct IngestResult {
    std::int64_t document_id = 0;
    bool already_present = false;  // same SHA-256 seen before: nothing was changed
    std::size_t claims = 0, events = 0;
    bool cancelled = false;  // the progress callback returned false: nothing was stored
};

// The current UTC time as ISO 8601 text, e.g. "2025-06-01T12:00:00Z"; recorded as
// documents.ingested_at and schema_migrations.applied_at. Tests inject a fixed clock.
using NowFn = std::function<std::string()>;
std::string utc_now_iso();

struct ClaimFilter {
    std::optional<std::string> metric;
    std::optional<std::string> subject;  // matches the canonical subject name
};

// The path that names a store held in memory by one Store, gone when it closes: what
// `reckon estimate` and `reckon report` use when they are given no --db.
inline constexpr std::string_view IN_MEMORY = ":memory:";

class Store {
public:
    // Opens (creating if absent) the store at `path`. Throws StoreError naming the file when
    // it is not a SQLite database, is from a newer reckon, or cannot be written.
    explicit Store(const std::filesystem::path& path);
    // As above, with the clock injected (an empty function means utc_now_iso).
    Store(const std::filesystem::path& path, NowFn now);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;
    Store(Store&& other) noexcept;
    Store& operator=(Store&& other) noexcept;

    bool has_document(const std::string& sha256) const;

    // Stores a document with its claims and events in one transaction. A document whose
    // SHA-256 is already stored is left as it is (already_present = true). The SHA-256 must
    // be 64 hex digits (stored lower-case); Claim::document and Event::document are ignored.
    // Throws StoreError naming the store and the document when it cannot be written.
    IngestResult ingest(const core::DocumentInfo& document, const std::vector<core::Claim>& claims,
                        const std::vector<core::Event>& events);
    // As above, reporting progress (stage "store"); a false return rolls the ingest back
    // and gives cancelled = true.
    IngestResult ingest(const core::DocumentInfo& document, const std::vector<core::Claim>& claims,
                        const std::vector<core::Event>& events, const core::ProgressFn& progress);

    // Claims in ingest order; Claim::document holds the document's SHA-256.
    std::vector<core::Claim> claims(const ClaimFilter& filter = {}) const;
    // Events and documents in ingest order; Event::document holds the SHA-256.
    std::vector<core::Event> events() const;
    std::vector<core::DocumentInfo> documents() const;
    // The document with this SHA-256 (any case), or nullopt: one lookup in the unique index.
    std::optional<core::DocumentInfo> document(std::string_view sha256) const;

    // Adds an analyst's review of a claim and returns it as stored (id and `at` filled in).
    // Reviews are history: nothing is ever updated or deleted. Corrected figures of an action
    // other than `correct` are dropped. Throws InputError with core::review_problem()'s reason
    // when the review is not valid, and StoreError when it cannot be written.
    core::Review add_review(core::Review review);
    // Reviews oldest first: all of them, or those of one claim. `who` and `note` of a row
    // stored before add_review checked them come with each refused character replaced by U+FFFD.
    std::vector<core::Review> reviews(const std::optional<std::string>& claim_key = std::nullopt) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace reckon::store
