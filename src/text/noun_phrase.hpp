// Private to the text module: what a figure counts or measures, read from the words around it
// (issue 11, item 1). "2,700 Shahed-type drones every month" counts "Shahed-type drones",
// "about 1.2 million rounds of ammunition annually" counts "rounds of ammunition", "10,000
// tonnes of powder" weighs "powder", "a €8.5 billion order" is the price of an "order" and "30%
// of the drones" is a share of "drones". The phrase is found from the figure's own noun phrase
// only, never from cue words elsewhere in the sentence; when the words do not say, there is
// no phrase. Hand-written rather than a parser: the phrase is the figure's head noun with
// its modifiers and one "of" complement, which word classes closed by a list can find
// (docs/extraction.md, What a figure counts).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

#include "reckon/text/quantities.hpp"

namespace reckon::text::detail {

// The byte span [first, second) of `sentence` that names what the figure `q` (found in this
// sentence) counts or measures, or nullopt. The span never includes the number itself, its
// qualifier or its rate words, nor a leading article or possessive ("the", "its").
std::optional<std::pair<std::size_t, std::size_t>> what_span(std::string_view sentence, const Quantity& q);

// The run of capitalised words (up to four) nearest before byte `pos` of `sentence` that is a
// name, not a word that opens a sentence, a title, a month or a day: "Rheinmetall",
// "ZALA Aero", "Uralvagonzavod" in "Uralvagonzavod delivered 200 tanks". A possessive's "'s"
// is left out. nullopt when there is none.
std::optional<std::pair<std::size_t, std::size_t>> name_before(std::string_view sentence, std::size_t pos);

}  // namespace reckon::text::detail
