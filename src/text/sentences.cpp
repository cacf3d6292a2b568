// Sentence splitting over bytes: one forward pass, no allocation beyond the result.
#include "reckon/text/sentences.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace reckon::text {

namespace {

// Abbreviations after which a full stop does not end a sentence (lower case, no dot).
constexpr std::array<std::string_view, 44> ABBREVIATIONS = {
    "mr",   "mrs", "ms",   "dr",     "prof", "sr",   "jr",  "st",  "gen", "col", "lt",
    "capt", "sgt", "gov",  "sen",    "rep",  "pres", "vs",  "etc", "inc", "ltd", "co",
    "corp", "no",  "fig",  "approx", "est",  "jan",  "feb", "mar", "apr", "jun", "jul",
    "aug",  "sep", "sept", "oct",    "nov",  "dec",  "e.g", "i.e", "u.s", "u.k", "a.m"};

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// The word (letters and inner dots) ending just before position `dot`, lower-cased.
bool ends_with_abbreviation(std::string_view text, std::size_t dot) {
    std::size_t b = dot;
    while (b > 0 && (std::isalpha(static_cast<unsigned char>(text[b - 1])) || text[b - 1] == '.')) --b;
    if (b == dot) return false;
    std::string_view word = text.substr(b, dot - b);
    if (word.size() == 1 && std::isupper(static_cast<unsigned char>(word[0]))) return true;  // initial
    if (word.size() > 6) return false;
    char lower[8];
    for (std::size_t i = 0; i < word.size(); ++i)
        lower[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(word[i])));
    std::string_view w(lower, word.size());
    return std::find(ABBREVIATIONS.begin(), ABBREVIATIONS.end(), w) != ABBREVIATIONS.end();
}

// Closing quotes/brackets (ASCII and the UTF-8 curly quotes) that follow a stop.
std::size_t skip_closers(std::string_view text, std::size_t i) {
    while (i < text.size()) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '"' || c == '\'' || c == ')' || c == ']') {
            ++i;
        } else if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(text[i + 2]) == 0x9D ||
                    static_cast<unsigned char>(text[i + 2]) == 0x99)) {
            i += 3;  // ” or ’
        } else {
            break;
        }
    }
    return i;
}

}  // namespace

std::vector<SentenceSpan> split_sentences(std::string_view text) {
    std::vector<SentenceSpan> out;
    std::size_t start = 0;
    auto emit = [&](std::size_t end) {
        while (start < end && is_space(static_cast<unsigned char>(text[start]))) ++start;
        std::size_t e = end;
        while (e > start && is_space(static_cast<unsigned char>(text[e - 1]))) --e;
        if (e > start) out.push_back({start, e});
        start = end;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c != '.' && c != '!' && c != '?') continue;
        // A stop inside a number ("1.75") or a dotted token ("U.S.") is not an end.
        if (c == '.' && i + 1 < text.size() && !is_space(static_cast<unsigned char>(text[i + 1])) &&
            text[i + 1] != '"' && static_cast<unsigned char>(text[i + 1]) != 0xE2)
            continue;
        std::size_t after = skip_closers(text, i + 1);
        if (after < text.size() && !is_space(static_cast<unsigned char>(text[after]))) continue;
        if (c == '.' && ends_with_abbreviation(text, i)) {
            // "Dr. Smith" continues; "in the U.S. The" ends only if a capital follows an
            // abbreviation that commonly ends sentences; keep it simple and continue.
            continue;
        }
        while (after < text.size() && (text[after] == '.' || text[after] == '!' || text[after] == '?'))
            ++after;
        emit(after);
    }
    emit(text.size());
    return out;
}

}  // namespace reckon::text
