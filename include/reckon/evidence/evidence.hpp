// Evidence: what every estimate, report and workbench view of a programme is made of. Claims
// (mapped claims-CSV rows and figures extracted from documents), launch counts per month,
// serial sightings and flights, each with one identity, the analysts' reviews applied and
// relays of one original grouped. Every claim keeps what became of it and why.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/core/claim.hpp"
#include "reckon/core/date.hpp"
#include "reckon/core/review.hpp"
#include "reckon/evidence/programme.hpp"

namespace reckon::evidence {

// What became of a claim. `pending` until classify() has looked at it; the estimate may set
// an `observation` aside later (its period is outside the model's months, say).
enum class ClaimStatus { pending, observation, relay, target, set_aside };
std::string_view to_string(ClaimStatus status);

// One claim as the estimate sees it.
struct EvidenceClaim {
    // The claim's identity, which reviews refer to (docs/store.md): "csv:<file name>:<16 hex of
    // the row's SHA-256>" for a claims-CSV row (it follows the row if rows are reordered, and
    // lets go of it if the row is edited), "doc:<16 hex of the document's SHA-256>:<start>-<end>:
    // <metric>" for a figure extracted from a document.
    std::string key;
    std::string file;        // the claims CSV, or the document's path as it was ingested
    std::string document;    // the document's SHA-256 (64 hex) for an extracted claim, else ""
    std::uint64_t line = 0;  // CSV line (0 for extracted claims)
    std::string metric;      // reckon metric
    std::string product;     // the claims CSV's product label ("" = the product itself)
    double value = 0;
    std::optional<double> low, high;
    std::string unit;
    core::Qualifier qualifier = core::Qualifier::exact;
    core::Period period{};
    core::SourceClass source_class = core::SourceClass::unattributed;
    std::string attribution;
    std::string origin;  // original source key; relays share it
    std::string url;
    std::string sentence;  // the words, where known
    core::Date reported{};
    bool use = true;  // the row's own `use` column (extracted claims: a metric the model reads)
    std::optional<core::Review> review;  // the latest review, applied by apply_reviews()
    std::vector<core::Review> history;   // every review of this key, oldest first
    ClaimStatus status = ClaimStatus::pending;
    std::string reason;    // why it was set aside, or the claim it relays ("file:line")
    int observation = -1;  // index into the model's observations (estimate::ModelData), or -1
    int relay_of = -1;     // index of the claim this one relays (counted once), or -1

    bool from_document() const { return !document.empty(); }
    // Counted in the estimate: an observation or a target.
    bool used() const { return status == ClaimStatus::observation || status == ClaimStatus::target; }
    // The status as the claims table prints it: "observation", "relay of FILE:LINE", "target",
    // "set aside: REASON".
    std::string status_text() const;
    // Sets the claim aside with its reason.
    void set_aside(std::string why);
};

struct LaunchMonth {
    core::Month month;
    double launched = 0;
    std::optional<double> product_counted;
    int rows = 0;
    std::string file;                  // the launch CSV ("" for a month without rows)
    std::vector<std::uint64_t> lines;  // the CSV lines summed into this month
};

// A serial number seen on an item (serials CSV).
struct SerialRow {
    std::string series;
    double serial = 0;  // the number within its series
    std::string text;   // as written, e.g. "И002"
    core::Date seen{};
    std::string place, source;
    std::uint64_t line = 0;
};

// A flight of interest: found in ADS-B data by `reckon adsb flights --db`, or reported in a
// document. Positions are WGS 84 degrees.
struct Flight {
    enum class Source { adsb, text };
    Source source = Source::text;
    std::optional<core::Date> date;
    std::string from, to, from_country, to_country;  // airports or cities, and their countries
    // ADS-B: the airport was not seen, but inferred from a descent (climb) toward it
    // (docs/adsb-flights.md, "Airports not seen").
    bool from_inferred = false, to_inferred = false;
    std::string aircraft_type, operator_name, registration, callsign, icao24, rule;
    std::string departure_time, arrival_time;  // ISO 8601 UTC, ADS-B flights only
    struct Position {
        double lat_deg = 0, lon_deg = 0;
    };
    std::optional<Position> from_position, to_position;
    std::string attribution, sentence;
    std::string document;  // SHA-256 of the document (or ADS-B record) it came from
};
std::string_view to_string(Flight::Source source);

struct Evidence {
    std::vector<EvidenceClaim> claims;
    std::vector<LaunchMonth> launches;  // one per programme month (rows = 0 where none)
    std::vector<SerialRow> serials;
    std::vector<Flight> flights;
    std::vector<core::DocumentInfo> documents;  // the documents behind extracted claims and flights
    std::vector<std::pair<std::string, std::string>> inputs;  // (path, sha256) of every file read
    std::vector<std::string> notes;                           // what was skipped and why

    // The document with this SHA-256, or null.
    const core::DocumentInfo* document(std::string_view sha256) const;
};

// A rate in `unit` (unit/month, unit/day, unit/week, unit/year) as units a month; nullopt
// when `unit` is not a rate of units.
std::optional<double> per_month(double value, std::string_view unit);

// Metrics that measure the programme itself (production, launches, imports, cost), and those
// that state a goal (plan, contract quantity).
bool is_measure_metric(std::string_view metric);
bool is_target_metric(std::string_view metric);

// Reads a claims CSV in the format of docs/programme.md (the source columns plus reckon_*
// mapping columns). Throws InputError naming the file and line of a bad row.
std::vector<EvidenceClaim> read_claims_csv(const std::filesystem::path& file);

// Sums a launch CSV per month of the programme, filtered as `spec` says. Throws InputError
// (file, line) on a bad date or a negative or non-numeric count.
std::vector<LaunchMonth> read_launches(const LaunchSpec& spec, const Programme& programme);

// Reads a serials CSV (serial, series, date_seen[, place, source]). Throws InputError (file,
// line) on a serial with no number, a bad date or an item listed twice.
std::vector<SerialRow> read_serials(const std::filesystem::path& file);

// Claims extracted from documents (as the store holds them: Claim::document is the SHA-256)
// that are about the product: those whose subject names the product, an alias or a producer.
// `documents` gives each document's path. Throws Error if a claim's document is not a SHA-256.
std::vector<EvidenceClaim> claims_from_documents(const std::vector<core::Claim>& claims,
                                                 const std::vector<core::DocumentInfo>& documents,
                                                 const Programme& programme);

// Flights from stored events of kind "flight"; `documents` tells ADS-B records (format
// "adsb-…") from text. An unreadable coordinate is left out with a note in `notes`.
std::vector<Flight> flights_from_events(const std::vector<core::Event>& events,
                                        const std::vector<core::DocumentInfo>& documents,
                                        std::vector<std::string>& notes);

// Reads everything the programme names except documents (claims CSV, launches, serials),
// hashing each file. Throws InputError on bad input, including a claims-CSV product label
// that [evidence.products] does not list.
Evidence read_evidence(const Programme& programme);

// Applies analysts' reviews (any order; the latest per claim key wins) to the claims:
// reject sets the claim aside, correct replaces its value (and its bounds where the review
// gives them; a range corrected to a single value becomes approximate), accept keeps it as
// read. Every review of a key is kept in its claim's history. Reviews of keys no claim has
// are ignored: the row they reviewed has been edited. A latest review whose figures cannot be
// applied (core::correction_problem: a stored correction to 0, say) sets its claim aside with
// that reason instead of failing the estimate, with a warning on stderr and in `notes`.
void apply_reviews(Evidence& evidence, const std::vector<core::Review>& reviews);

// Decides what each pending claim is: a target (plan or contract of the product), an
// observation, a relay of an earlier claim (same origin, or the same figure for the same
// thing and time), or set aside with its reason (use=no, not about the product, a metric
// the programme does not measure). Call after apply_reviews().
void classify(Evidence& evidence, const Programme& programme);

}  // namespace reckon::evidence
