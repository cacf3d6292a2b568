// The evidence store: one SQLite file in WAL mode (the default), or a database on a PostgreSQL
// server for a team (a location postgresql://…), holding documents (keyed by SHA-256),
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

// True when `location` names a PostgreSQL server (postgresql://… or postgres://…) rather
// than a file: there is then no file to look for before opening it.
bool is_server_location(std::string_view location);
// `location` fit to print: a PostgreSQL URI without its password (user:secret@ and
// password=… are dropped); a path as it is.
std::string display_location(std::string_view location);

// One candidate polygon of changed ground from `reckon site compare --store`: an observation of
// site area (metric floor_area, in m2 on the WGS84 ellipsoid), dated by the comparison's second
// image. Reviewed like a claim, under its key.
struct SitePolygon {
    std::string key;  // "site:<16 hex of the comparison's SHA-256>:<polygon>", set by the store
    int polygon = 0;  // 1-based, largest first
    std::string metric = "floor_area";
    double value = 0;  // area in `unit`
    std::string unit = "m2";
    std::string change_class = "other";  // new_roof, cleared_ground, vegetation_lost, other
    double confidence = 0;               // of the change method, in [0, 1]
    std::uint64_t pixels = 0;
    std::string geometry;  // a GeoJSON geometry (RFC 7946), WGS84 longitude/latitude
};

// One comparison of two images of a site, with its polygons.
struct SiteComparison {
    std::string sha256;  // 64 hex: identifies the comparison (the images' bytes, method, AOI)
    std::string site;    // the site's name, as the analyst or the programme file gave it
    std::string before_image, after_image;  // paths as given
    std::optional<core::Date> before_date;
    core::Date after_date{};  // the date every polygon's observation carries
    std::string method, threshold_rule;
    std::string aoi;        // the AOI file, or "" for the whole overlap
    std::string quicklook;  // the overlay PNG written beside the polygons, or ""
    double pixel_area_m2 = 0;
    double changed_area_m2 = 0;
    std::string recorded_at;  // UTC ISO 8601, stamped by the store
    std::vector<SitePolygon> polygons;
};

// The key of polygon `polygon` (1-based) of the comparison with this SHA-256.
std::string site_polygon_key(std::string_view comparison_sha256, int polygon);

struct SiteResult {
    std::int64_t comparison_id = 0;
    bool already_present = false;  // the same comparison was stored before: nothing was changed
    std::size_t polygons = 0;
};

class Store {
public:
    // Opens (creating if absent) the store at `path`: a file (SQLite), or a PostgreSQL URI
    // (postgresql://USER@HOST:PORT/DATABASE?host=/socket/folder…, as libpq reads it) whose
    // database exists; its tables are created on first use. Throws StoreError naming the file
    // (or the URI without its password) when it is not a reckon store, is from a newer
    // reckon, cannot be written, or the server cannot be reached.
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
    // Each distinct sentence (or clip of a long one) is stored once per document and the claims
    // and events refer to it: by its SentencePlace when known, else by its text (docs/store.md).
    // Two different sentences given the same place are refused (StoreError, nothing stored).
    // Throws StoreError naming the store and the document when it cannot be written.
    IngestResult ingest(const core::DocumentInfo& document, const std::vector<core::Claim>& claims,
                        const std::vector<core::Event>& events);
    // As above, reporting progress (stage "store"); a false return rolls the ingest back
    // and gives cancelled = true.
    IngestResult ingest(const core::DocumentInfo& document, const std::vector<core::Claim>& claims,
                        const std::vector<core::Event>& events, const core::ProgressFn& progress);

    // Claims in ingest order; Claim::document holds the document's SHA-256. Each comes back as it
    // was stored: its sentence's text, and its SentencePlace when the ingest gave one.
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

    // Stores a site comparison and its polygons in one transaction (keys and recorded_at are
    // filled in). A comparison whose SHA-256 is stored already is left as it was. Throws
    // StoreError when a figure is not finite or negative, a geometry is not JSON, or it cannot
    // be written; nothing is then stored.
    SiteResult add_site_comparison(const SiteComparison& comparison);
    // Site comparisons in the order they were stored, each with its polygons (largest first).
    std::vector<SiteComparison> site_comparisons() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace reckon::store
