// Splits a paragraph into sentences, keeping byte offsets. A full stop ends a sentence
// unless it belongs to a number ("1.75"), an abbreviation ("Dr.", "U.S.", "Jan.") or an
// initial; closing quotes and brackets after the stop stay with the sentence.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace reckon::text {

struct SentenceSpan {
    std::size_t start = 0;  // byte offset of the first non-space byte
    std::size_t end = 0;    // one past the last byte (terminal punctuation included)
};

std::vector<SentenceSpan> split_sentences(std::string_view paragraph);

}  // namespace reckon::text
