// The claim extractor: turns body paragraphs into claims and events. For each sentence
// that holds a quantity it decides the metric (from cue words around the figure), the
// subject (the nearest fitting entity, else the document's most salient one), the period
// (the date expression attached to the figure, else the sentence's, else the published
// date for present-tense statements), and the attribution. Dated flights become events.
// Sentences with no figure cost one quantity scan and nothing more. The cost of one document
// is linear in its length (issue 12): a "sentence" longer than MAX_SENTENCE_BYTES is read in
// pieces, claims are capped per sentence and per document, and a claim carries its sentence
// clipped to a window around the figure when the sentence is long (docs/extraction.md, Limits).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reckon/core/claim.hpp"
#include "reckon/text/entities.hpp"
#include "reckon/text/sentences.hpp"

namespace reckon::text {

// Limits on one document's claims (docs/extraction.md). Real sentences are short: in the 40
// articles of the news development set, the seed and the examples, the longest sentence has
// 367 bytes, no sentence gives more than 4 claims and no document more than 22.
// A longer "sentence" is a table, a list or a hostile input: it is read in pieces of at most
// this many bytes (cut at a space or a code point), so each recognizer sees bounded text.
inline constexpr std::size_t MAX_SENTENCE_BYTES = 4096;
// Claims kept from one sentence (its pieces together) and from one document; the rest are
// counted and reported (ClaimExtractor::limits()).
inline constexpr std::size_t MAX_CLAIMS_PER_SENTENCE = 64;
inline constexpr std::size_t MAX_CLAIMS_PER_DOCUMENT = 10'000;
// Flight events kept from one document.
inline constexpr std::size_t MAX_EVENTS_PER_DOCUMENT = 10'000;
// A sentence up to this long is stored whole with each claim; a longer one is clipped to
// SENTENCE_CONTEXT_BYTES either side of the figure, cut at code points, with "…" marking each
// cut. Claim::start/end keep the figure's place in the whole document either way.
inline constexpr std::size_t MAX_WHOLE_SENTENCE_BYTES = 1024;
inline constexpr std::size_t SENTENCE_CONTEXT_BYTES = 300;

// The sentence text a claim stores for a figure at [start, end) of `sentence` (see above).
std::string clip_sentence(std::string_view sentence, std::size_t start, std::size_t end);

// What the limits left out of one document.
struct DroppedByLimits {
    std::size_t claims_over_sentence_limit = 0;  // beyond MAX_CLAIMS_PER_SENTENCE
    std::size_t claims_over_document_limit = 0;  // beyond MAX_CLAIMS_PER_DOCUMENT
    std::size_t events_over_document_limit = 0;  // beyond MAX_EVENTS_PER_DOCUMENT
    std::size_t long_sentences = 0;              // sentences read in pieces
};

struct ExtractOptions {
    std::optional<core::Date> published;   // reference for relative dates; absent = unresolved
    const Gazetteer* gazetteer = nullptr;  // required; must outlive the extractor
    std::string document;                  // copied into Claim::document / Event::document
};

// Surnames introduced with a title ("Defense Minister Denys Shmyhal") and the class of that title.
using PeopleMap = std::map<std::string, core::SourceClass, std::less<>>;

class ClaimExtractor {
public:
    explicit ClaimExtractor(ExtractOptions options);

    // Extracts from one paragraph whose first byte is at `offset` in the document's text,
    // appending to `claims` and `events`. Paragraphs must be fed in document order: the
    // extractor remembers which entities the document has been talking about.
    void add_paragraph(std::string_view paragraph, std::uint64_t offset, std::vector<core::Claim>& claims,
                       std::vector<core::Event>& events);

    // What the limits have left out so far.
    const DroppedByLimits& limits() const { return m_dropped; }

private:
    void add_sentence(std::string_view sentence, std::uint64_t offset, std::vector<core::Claim>& claims,
                      std::vector<core::Event>& events);
    void attribute_from_neighbours(std::string_view paragraph, std::uint64_t offset,
                                   const std::vector<SentenceSpan>& spans, std::size_t first_claim,
                                   std::vector<core::Claim>& claims);

    void learn_people(std::string_view sentence,
                      const std::vector<std::pair<std::size_t, std::size_t>>& titles);
    void refine_source(core::Attribution& a) const;
    void source_earlier_claims(std::string_view sentence, std::vector<core::Claim>& claims);

    DroppedByLimits m_dropped;
    std::size_t m_claims_kept = 0;           // in the document
    std::size_t m_events_kept = 0;           // in the document
    std::size_t m_sentence_claims_kept = 0;  // in the current sentence, all its pieces

    ExtractOptions m_options;
    // How often, and how recently (sentence index), each entity has been mentioned.
    struct Salience {
        int count = 0;
        int last_sentence = -1;
    };
    std::map<const Entity*, Salience> m_salience;
    int m_sentence_index = 0;
    std::string m_last_contract_subject;
    std::optional<core::Attribution> m_last_source;  // last named source, for "he said"
    // Claims of the current paragraph (index in the output) with no source of their own, and
    // the source the document had named last when each was read.
    std::map<std::size_t, core::Attribution> m_earlier_source;
    // Claims of earlier paragraphs (index in the output) whose source has no class, since the
    // last source of known class: a later "This was reported by ..." covers them.
    std::vector<std::size_t> m_unsourced;
    // Surnames introduced with a title ("Defense Minister Denys Shmyhal") and the class of that
    // title, for later "Shmyhal said"; bounded so that a document of names stays small.
    static constexpr std::size_t MAX_PEOPLE = 4096;
    PeopleMap m_people;
};

}  // namespace reckon::text
