// Cue lexicon: one pass over words, a hash lookup per word and per adjacent pair.
#include "cue_words.hpp"

#include <stdexcept>

namespace reckon::text::detail {

CueLexicon::CueLexicon(std::span<const std::pair<std::string_view, std::uint32_t>> cues) {
    for (const auto& [cue, bits] : cues) {
        if (cue.empty()) continue;
        if (cue.back() == '*') {
            std::string_view prefix = cue.substr(0, cue.size() - 1);
            m_prefixes[two_bytes(prefix)].emplace_back(std::string(prefix), bits);
            // A one-letter prefix would match any second byte; none is used, so refuse it.
            if (prefix.size() < 2) throw std::logic_error("cue prefix too short: " + std::string(cue));
            m_prefix_start.set(two_bytes(prefix));
        } else if (cue.find(' ') != std::string_view::npos) {
            m_phrases[std::string(cue)] |= bits;
            m_phrase_start.set(two_bytes(cue.substr(0, cue.find(' '))));
        } else {
            m_words[std::string(cue)] |= bits;
            m_word_start.set(two_bytes(cue));
            m_word_lengths[static_cast<unsigned char>(cue[0])] |= length_bit(cue.size());
        }
    }
}

std::uint32_t CueLexicon::word_bits(std::string_view word) const {
    std::uint32_t bits = 0;
    const std::size_t start = two_bytes(word);
    if (m_word_start.test(start) &&
        (m_word_lengths[static_cast<unsigned char>(word[0])] & length_bit(word.size())))
        if (auto it = m_words.find(word); it != m_words.end()) bits |= it->second;
    if (m_prefix_start.test(start))
        for (const auto& [prefix, b] : m_prefixes.find(start)->second)
            if (word.size() >= prefix.size() && word.compare(0, prefix.size(), prefix) == 0) bits |= b;
    return bits;
}

std::uint32_t CueLexicon::scan(std::string_view text) const {
    std::uint32_t bits = 0;
    for_each(text, [&bits](std::size_t, std::size_t, std::uint32_t b) { bits |= b; });
    return bits;
}

}  // namespace reckon::text::detail
