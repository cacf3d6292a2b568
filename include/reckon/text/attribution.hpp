// Who stands behind the figures of a sentence: "analysts estimate", "X said/stated/noted",
// "according to X", "reportedly", "a Western intelligence source", with a source class
// (official, intelligence, analyst, company, media, unattributed) judged from the words
// naming the source. Returns nullopt when the sentence names no source.
#pragma once

#include <functional>
#include <optional>
#include <string_view>

#include "reckon/core/claim.hpp"

namespace reckon::text {

// Gives a class to a source whose own words do not say it (a person or firm the document
// introduced earlier); called on each candidate source before one is chosen.
using SourceRefiner = std::function<void(core::Attribution&)>;

// A sentence may name several sources ("..., Reuters reports, citing the ministry"); the
// first whose class is known (after `refine`) wins, else the first named. A reporter citing
// a source of known class ("citing", "with reference to") takes the cited source's class.
std::optional<core::Attribution> find_attribution(std::string_view sentence,
                                                  const SourceRefiner& refine = {});

// The class a source description belongs to ("Ukraine's military intelligence" →
// intelligence, "the company's CEO" → company). unattributed when nothing matches.
core::SourceClass classify_source(std::string_view source_words);

}  // namespace reckon::text
