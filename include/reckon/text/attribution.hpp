// Who stands behind the figures of a sentence: "analysts estimate", "X said/stated/noted",
// "according to X", "reportedly", "a Western intelligence source", with a source class
// (official, intelligence, analyst, company, media, unattributed) judged from the words
// naming the source. Returns nullopt when the sentence names no source.
#pragma once

#include <optional>
#include <string_view>

#include "reckon/core/claim.hpp"

namespace reckon::text {

std::optional<core::Attribution> find_attribution(std::string_view sentence);

// The class a source description belongs to ("Ukraine's military intelligence" →
// intelligence, "the company's CEO" → company). unattributed when nothing matches.
core::SourceClass classify_source(std::string_view source_words);

}  // namespace reckon::text
