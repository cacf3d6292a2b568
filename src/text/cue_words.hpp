// Private to the text module: a lexicon of cue words for the claim and attribution rules.
// Each cue — a word ("deal"), a prefix ("produc*") or a two-word phrase ("shot down") —
// carries bits; one pass over a sentence's words collects them. This replaces searching
// the sentence once per cue word, which dominated extraction time on figure-dense text.
#pragma once

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "reckon/core/ascii.hpp"

namespace reckon::text::detail {

using core::ascii_lower;

class CueLexicon {
public:
    // Each entry: "word", "prefix*" or "two words", and its bits.
    explicit CueLexicon(std::span<const std::pair<std::string_view, std::uint32_t>> cues);
    CueLexicon(std::initializer_list<std::pair<std::string_view, std::uint32_t>> cues)
        : CueLexicon(std::span(cues.begin(), cues.size())) {}

    // The OR of the bits of every cue in `lower_text` (already lower-cased).
    std::uint32_t scan(std::string_view lower_text) const;

    // Calls `on_cue(start, end, bits)` for each cue found, in text order; `start`/`end` are
    // byte offsets of the cue's words (both words for a phrase).
    template <typename OnCue>
    void for_each(std::string_view lower_text, OnCue&& on_cue) const;

private:
    struct Hash {
        using is_transparent = void;  // NOLINT(readability-identifier-naming): the standard's name
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::uint32_t word_bits(std::string_view word) const;

    // Cheap filters before any hashing: which first two bytes start a cue word, a prefix,
    // or the first word of a phrase. Most words of a sentence fail them.
    static std::size_t two_bytes(std::string_view word) {
        return static_cast<std::size_t>(static_cast<unsigned char>(word[0])) << 8 |
               (word.size() > 1 ? static_cast<unsigned char>(word[1]) : 0u);
    }
    std::bitset<65536> m_word_start, m_prefix_start, m_phrase_start;
    // For words: which lengths (bit n = length n, up to 31) occur after each first byte.
    std::array<std::uint32_t, 256> m_word_lengths{};
    static std::uint32_t length_bit(std::size_t n) { return n < 32 ? 1u << n : 1u << 31; }
    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> m_words;
    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> m_phrases;  // "w1 w2"
    // Prefixes by their first two bytes (two_bytes()): a word is compared with the few that
    // start as it does, not with every prefix.
    std::unordered_map<std::size_t, std::vector<std::pair<std::string, std::uint32_t>>> m_prefixes;
};

template <typename OnCue>
void CueLexicon::for_each(std::string_view text, OnCue&& on_cue) const {
    auto is_word_byte = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    std::string pair;
    std::size_t prev_start = std::string_view::npos;
    std::size_t prev_end = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        if (!is_word_byte(text[i])) {
            ++i;
            continue;
        }
        std::size_t start = i;
        while (i < text.size() && is_word_byte(text[i])) ++i;
        std::string_view word = text.substr(start, i - start);
        if (std::uint32_t bits = word_bits(word)) on_cue(start, i, bits);
        // A phrase's words are separated by one space exactly.
        if (prev_start != std::string_view::npos &&
            m_phrase_start.test(two_bytes(text.substr(prev_start, prev_end - prev_start))) &&
            prev_end + 1 == start && text[prev_end] == ' ') {
            pair.assign(text.substr(prev_start, i - prev_start));
            if (auto it = m_phrases.find(pair); it != m_phrases.end()) on_cue(prev_start, i, it->second);
        }
        prev_start = start;
        prev_end = i;
    }
}

}  // namespace reckon::text::detail
