// The evidence vocabulary shared by every module: documents, claims and events, as
// DESIGN.md's data model defines them. Plain structs; reading and writing them as JSON,
// CSV or tables lives in claim_format.hpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "reckon/core/date.hpp"

namespace reckon::core {

// How a figure is bounded. `over` = the value is a lower bound, `under` = an upper bound.
enum class Qualifier { exact, approx, over, under, range, average };
std::string_view to_string(Qualifier q);
std::optional<Qualifier> parse_qualifier(std::string_view s);

// What a figure states: a fact of the past or present (`actual`), an aim, order or plan
// (`target`), or what can be done (`capability`: capacity, "can produce", a weapon's range).
enum class FigureKind { actual, target, capability };
std::string_view to_string(FigureKind k);
std::optional<FigureKind> parse_figure_kind(std::string_view s);

// Who stands behind a figure, coarsest first-hand class.
enum class SourceClass { official, intelligence, analyst, company, media, unattributed };
inline constexpr std::size_t SOURCE_CLASS_COUNT = 6;
std::string_view to_string(SourceClass c);
std::optional<SourceClass> parse_source_class(std::string_view s);

struct Attribution {
    std::string text;  // the words that attribute, e.g. "Analysts estimate"
    SourceClass source_class = SourceClass::unattributed;
};

// Metric vocabulary (DESIGN.md). Anything else is "other" and still reported.
inline constexpr std::array<std::string_view, 18> METRICS = {
    "production_rate", "production_total", "capacity",  "plan",      "contract_value", "contract_quantity",
    "unit_cost",       "unit_price",       "share",     "workforce", "floor_area",     "launches",
    "distance",        "deliveries",       "stockpile", "budget",    "growth",         "other"};
bool is_known_metric(std::string_view metric);
// The vocabulary as text for messages: "production_rate, production_total, ..., other".
std::string metric_list();

// Where the sentence of a claim or event lies in its document's text, in bytes, end exclusive:
// the whole sentence [start, end), and the part [clip_start, clip_end) that the claim's `sentence`
// shows, the same unless a long sentence was clipped around the figure. All zero when the
// sentence's place is not known (claims not made by the extractor); known() is then false and
// the store places the sentence by the claim's own span (docs/store.md, sentences).
struct SentencePlace {
    std::uint64_t start = 0, end = 0;
    std::uint64_t clip_start = 0, clip_end = 0;
    bool known() const { return end > start; }
};

// One figure from one place in one document.
struct Claim {
    std::string metric;   // one of METRICS
    std::string subject;  // canonical entity name, e.g. "Shahed-136"; empty if none found
    std::string object;   // second entity where the metric relates two (distance: to where)
    std::string what;     // what the figure counts or measures, as written: "Shahed-type
                          // drones", "rounds of ammunition"; empty where the words do not say
    std::optional<FigureKind> figure_kind;  // absent where it was not read (older stores, CSV files)
    std::string change;                     // for growth: "up" or "down"; else empty
    double value = 0;                       // canonical unit
    std::optional<double> low, high;        // bounds, canonical unit
    std::string unit;                       // canonical: USD, unit, unit/month, percent, km, m2, person, ...
    Qualifier qualifier = Qualifier::exact;
    std::optional<Period> period;  // what the figure describes
    bool time_unresolved = false;  // a relative time was written but no reference date was known
    std::optional<Period> said;    // the dates the figure was reported on, if the text gives them
    std::optional<Date> due;       // deadline, for plans and contracts ("by September 2025")
    Attribution attribution;
    std::string quantity_text;     // the words of the figure, e.g. "over 5,500 units per month"
    std::string sentence;          // the sentence it came from, clipped around the figure when long
    SentencePlace sentence_place;  // where that sentence lies in the document's text
    std::uint64_t start = 0;       // byte offsets of quantity_text in the document's text,
    std::uint64_t end = 0;         // end exclusive
    std::string document;          // path (extract) or SHA-256 (store) of the source document
};

// A dated happening with named roles, e.g. a flight: aircraft_type, operator, from, to.
struct Event {
    std::string kind;  // "flight", ...
    std::optional<Date> date;
    bool time_unresolved = false;
    std::map<std::string, std::string> roles;
    Attribution attribution;
    std::string sentence;
    SentencePlace sentence_place;      // the whole sentence; start/end below: the piece read
    std::uint64_t start = 0, end = 0;  // byte offsets of the sentence in the document's text
    std::string document;
};

// A source document's identity and metadata.
struct DocumentInfo {
    std::string path;    // as given by the user
    std::string sha256;  // hex, of the file's bytes
    std::string format;  // "text", "html", "pdf"
    std::string title;
    std::string url;
    std::string publisher;
    std::optional<Date> published;
    std::uint64_t size_bytes = 0;
};

}  // namespace reckon::core
