// Turning a programme's evidence into the model's data: the mapped claims CSV, the launch
// counts, the serial sightings and claims extracted from documents become months, weights
// and observations. Relays of one original figure are grouped so they count once; every
// claim is kept with the reason it was used or set aside, for the report.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "reckon/core/claim.hpp"
#include "reckon/core/review.hpp"
#include "reckon/estimate/model.hpp"
#include "reckon/estimate/programme.hpp"

namespace reckon::estimate {

// One claim as the estimate sees it.
struct EvidenceClaim {
    // A stable name for the claim, which reviews refer to: "csv:<file name>:<16 hex of the
    // row's SHA-256>" for a claims-CSV row (it follows the row if rows are reordered, and
    // lets go of it if the row is edited), "doc:<16 hex of the document's SHA-256>:<start>-
    // <end>:<metric>" for a figure extracted from a document.
    std::string key;
    std::string file;   // where it came from (claims CSV or document)
    std::uint64_t line = 0;  // CSV line (0 for extracted claims)
    std::string metric;      // reckon metric
    std::string product;     // geran2, all_long_range, iran, decoy, site, none ("" = the product)
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
    bool use = true;
    std::optional<core::Review> review;  // the latest review, applied by apply_reviews()
    // Filled by build_model_data():
    int observation = -1;     // index into ModelData::observations, or -1
    int relay_of = -1;        // index of the claim this one relays (counted once), or -1
    std::string status;       // "observation", "relay", "target", "set aside: <why>"
};

struct LaunchMonth {
    std::string month;
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

struct Evidence {
    std::vector<EvidenceClaim> claims;
    std::vector<LaunchMonth> launches;  // per programme month that has rows
    std::vector<SerialRow> serials;
    std::vector<std::pair<std::string, std::string>> inputs;  // (path, sha256) of every file read
    std::vector<std::string> notes;  // what was skipped and why
};

// A rate in `unit` (unit/month, unit/day, unit/week, unit/year) as units a month; nullopt
// when `unit` is not a rate of units.
std::optional<double> per_month(double value, std::string_view unit);

// Reads a claims CSV in the format of docs/programme.md (the source columns plus reckon_*
// mapping columns). Throws InputError naming the file and line of a bad row.
std::vector<EvidenceClaim> read_claims_csv(const std::filesystem::path& file);

// Sums a launch CSV per month of the programme, filtered as `spec` says. Throws InputError
// (file, line) on a bad date or a negative or non-numeric count.
std::vector<LaunchMonth> read_launches(const LaunchSpec& spec, const Programme& programme);

// Converts claims extracted from documents (reckon::text) into evidence claims for the
// product: those whose subject names the product, an alias or a producer.
std::vector<EvidenceClaim> claims_from_documents(const std::vector<core::Claim>& claims,
                                                 const Programme& programme);

// Reads everything the programme names except documents (claims CSV, launches, serials),
// hashing each file. Throws InputError on bad input.
Evidence read_evidence(const Programme& programme);

// Applies analysts' reviews (any order; the latest per claim key wins) to the claims:
// reject sets the claim aside, correct replaces its value (and its bounds where the review
// gives them; a range corrected to a single value becomes approximate), accept keeps it as
// read. Reviews of keys no claim has are ignored: the row they reviewed has been edited.
// Call before build_model_data().
void apply_reviews(Evidence& evidence, const std::vector<core::Review>& reviews);

// Builds the model's data from the programme and its evidence; marks each claim's status.
// Throws InputError if nothing in the evidence informs production.
ModelData build_model_data(const Programme& programme, Evidence& evidence);

}  // namespace reckon::estimate
