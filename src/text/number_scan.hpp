// Private to the text module: the byte-level number scanner that numbers.cpp and
// quantities.cpp share, and the small character and word helpers both use. Everything here
// is linear in the bytes it reads and never throws.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "reckon/text/numbers.hpp"

namespace reckon::text::detail {

// ASCII classes by table: these run on nearly every byte of the text, and one load beats
// the chain of range comparisons.
inline constexpr std::uint8_t CHAR_DIGIT = 1, CHAR_ALPHA = 2;
inline constexpr std::array<std::uint8_t, 256> CHAR_CLASS = [] {
    std::array<std::uint8_t, 256> t{};
    for (int c = '0'; c <= '9'; ++c) t[c] = CHAR_DIGIT;
    for (int c = 'a'; c <= 'z'; ++c) t[c] = CHAR_ALPHA;
    for (int c = 'A'; c <= 'Z'; ++c) t[c] = CHAR_ALPHA;
    return t;
}();
inline constexpr std::array<char, 256> CHAR_LOWER = [] {
    std::array<char, 256> t{};
    for (int c = 0; c < 256; ++c) t[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return t;
}();

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return CHAR_CLASS[static_cast<unsigned char>(c)] & CHAR_ALPHA; }
inline bool is_alnum(char c) { return CHAR_CLASS[static_cast<unsigned char>(c)] != 0; }
inline char lower(char c) { return CHAR_LOWER[static_cast<unsigned char>(c)]; }
inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Byte at i, or '\0' past either end.
inline char at(std::string_view s, std::size_t i) { return i < s.size() ? s[i] : '\0'; }

// True when s[b, e) equals `word` (lower case ASCII) ignoring ASCII case.
bool word_is(std::string_view s, std::size_t b, std::size_t e, std::string_view word);

// Length of the UTF-8 spacing sequence at i (space, tab, NBSP, narrow NBSP, thin space), or 0.
// Inline with an ASCII fast path: it runs after nearly every token.
inline std::size_t space_len(std::string_view s, std::size_t i) {
    const char c = at(s, i);
    if (c == ' ' || c == '\t') return 1;
    if (static_cast<unsigned char>(c) < 0x80) return 0;
    auto u = [&](std::size_t k) { return static_cast<unsigned char>(at(s, i + k)); };
    if (u(0) == 0xC2 && u(1) == 0xA0) return 2;                                    // NBSP
    if (u(0) == 0xE2 && u(1) == 0x80 && (u(2) == 0xAF || u(2) == 0x89)) return 3;  // NNBSP, thin
    return 0;
}

struct ScanOptions {
    // true: digits glued to a unit ("180ml", "29km", "1.8m") yield the number and set
    // `glued_unit`; false: such a token is not a number (the NumberModel rule).
    bool allow_glued_unit = false;
};

struct ScannedNumber {
    std::size_t start = 0, end = 0;
    double value = 0;
    NumberMatch::Kind kind = NumberMatch::Kind::integer;
    bool vague = false;
    bool words = false;           // some of it is written in words
    bool magnitude = false;       // a magnitude word or suffix scaled it ("million", "bn", "k")
    bool plain_digits = false;    // one run of digits only: no sign, separator, decimal or word
    bool glued_unit = false;      // letters follow the digits directly (allow_glued_unit only)
    bool hyphen_follows = false;  // "3-inch": the number is followed by '-' and a word
};

// The longest number that starts exactly at `pos`, or nullopt.
std::optional<ScannedNumber> scan_number_at(std::string_view text, std::size_t pos, const ScanOptions& opt);

// Every number in `text`, in order, non-overlapping, longest first. Words that cannot start a
// number are skipped after one table look-up.
std::vector<ScannedNumber> scan_numbers(std::string_view text, const ScanOptions& opt);

// scan_numbers one number at a time, without the vector: callers that read each number once
// (find_quantities, per sentence) skip its allocation and growth.
class NumberScanner {
public:
    NumberScanner(std::string_view text, const ScanOptions& opt) : m_text(text), m_opt(opt) {}
    // Writes the next number into `out`; false at the end of the text.
    bool next(ScannedNumber& out);

private:
    std::string_view m_text;
    ScanOptions m_opt;
    std::size_t m_pos = 0;
};

// Lower-case ASCII word starting at i (letters only) and its end; empty if none.
std::size_t word_end(std::string_view s, std::size_t i);

// A comparison written next to a number: "more than", "at least", "up to", "or more".
enum class BoundKind { none, low_exclusive, low_inclusive, high_exclusive, high_inclusive, equal };
struct Bound {
    BoundKind kind = BoundKind::none;
    std::size_t pos = 0;  // prefix: where the words start; suffix: where they end
};
// The comparator words ending right before `number_start` ("more than 5"), if any.
Bound prefix_bound(std::string_view text, std::size_t number_start);
// The comparator words starting right after `number_end` ("5 or more"), if any.
Bound suffix_bound(std::string_view text, std::size_t number_end);
// The lower-case word ending right before `pos` (spaces skipped) and its start, or empty.
std::string_view word_before(std::string_view text, std::size_t pos, std::size_t& word_start);

// Magnitude of a word written after a number ("million" 1e6, "bn" 1e9, "k" 1e3), or 0.
double magnitude_word(std::string_view word_lower);

}  // namespace reckon::text::detail
