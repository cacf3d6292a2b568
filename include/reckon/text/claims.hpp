// The claim extractor: turns body paragraphs into claims and events. For each sentence
// that holds a quantity it decides the metric (from cue words around the figure), the
// subject (the nearest fitting entity, else the document's most salient one), the period
// (the date expression attached to the figure, else the sentence's, else the published
// date for present-tense statements), and the attribution. Dated flights become events.
// Sentences with no figure cost one quantity scan and nothing more.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/core/claim.hpp"
#include "reckon/text/entities.hpp"

namespace reckon::text {

struct ExtractOptions {
    std::optional<core::Date> published;   // reference for relative dates; absent = unresolved
    const Gazetteer* gazetteer = nullptr;  // required; must outlive the extractor
    std::string document;                  // copied into Claim::document / Event::document
};

class ClaimExtractor {
public:
    explicit ClaimExtractor(ExtractOptions options);

    // Extracts from one paragraph whose first byte is at `offset` in the document's text,
    // appending to `claims` and `events`. Paragraphs must be fed in document order: the
    // extractor remembers which entities the document has been talking about.
    void add_paragraph(std::string_view paragraph, std::uint64_t offset, std::vector<core::Claim>& claims,
                       std::vector<core::Event>& events);

private:
    void add_sentence(std::string_view sentence, std::uint64_t offset, std::vector<core::Claim>& claims,
                      std::vector<core::Event>& events);

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
};

}  // namespace reckon::text
