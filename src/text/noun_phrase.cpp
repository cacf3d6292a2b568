// What a figure counts or measures; see noun_phrase.hpp.
#include "noun_phrase.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "number_scan.hpp"
#include "reckon/core/ascii.hpp"

namespace reckon::text::detail {

namespace {

// A token of the sentence: a word (letters, digits, hyphens, apostrophes and any non-ASCII byte
// that is not a space, so "Geran‑2" with a non-breaking hyphen and “Proryv” stay one token) or
// one byte of punctuation.
struct Token {
    std::size_t b = 0, e = 0;
    bool word = false;
};

bool word_byte(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    return (CHAR_CLASS[c] != 0) || c == '-' || c == '\'' || c == '"' || (c >= 0x80 && space_len(s, i) == 0);
}

// The token starting at or after `p` (spaces skipped); an empty token at the end of `s`.
Token token_at(std::string_view s, std::size_t p) {
    for (std::size_t g = 0; p < s.size() && (g = space_len(s, p)) != 0;) p += g;
    if (p >= s.size()) return {s.size(), s.size(), false};
    if (!word_byte(s, p)) return {p, p + 1, false};
    std::size_t e = p;
    while (e < s.size() && word_byte(s, e)) ++e;
    return {p, e, true};
}

// A token's letters in lower case, with quotation marks around it dropped.
std::string lower_core(std::string_view s, const Token& t) {
    std::string_view w = s.substr(t.b, t.e - t.b);
    static constexpr std::array<std::string_view, 8> QUOTES = {
        "'", "\"", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98", "\xE2\x80\x99", "\xC2\xAB", "\xC2\xBB"};
    for (bool changed = true; changed && !w.empty();) {
        changed = false;
        for (std::string_view q : QUOTES) {
            if (w.starts_with(q)) w.remove_prefix(q.size()), changed = true;
            if (w.ends_with(q)) w.remove_suffix(q.size()), changed = true;
        }
    }
    return core::ascii_lower(w);
}

// Word lists are sorted when compiled and searched by bisection: a figure's phrase is read
// word by word, and a linear search of the longer lists cost more than the rest of it.
template <std::size_t N>
constexpr std::array<std::string_view, N> sorted(std::array<std::string_view, N> words) {
    std::sort(words.begin(), words.end());
    return words;
}

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& sorted_words, std::string_view w) {
    return std::binary_search(sorted_words.begin(), sorted_words.end(), w);
}

// Articles, possessives and quantifiers that open a noun phrase but say nothing of the thing.
bool determiner(std::string_view w) {
    static constexpr auto WORDS = sorted(
        std::array<std::string_view, 17>{"the", "a", "an", "its", "their", "his", "her", "our", "this",
                                         "these", "those", "that", "all", "such", "both", "your", "my"});
    return one_of(WORDS, w);
}

// Closed word classes and common verbs: a noun phrase never runs through one of these.
bool ends_phrase(std::string_view w) {
    static constexpr auto WORDS = sorted(std::to_array<std::string_view>(
        {// prepositions (not "of", which is read on its own), conjunctions, relatives
         "per", "in", "on", "at", "by", "for", "from", "to", "with", "within", "without", "into", "onto",
         "over", "under", "since", "until", "till", "than", "as", "about", "after", "before", "during",
         "between", "against", "across", "through", "via", "toward", "towards", "among", "around", "near",
         "and", "or", "but", "nor", "so", "yet", "which", "who", "whom", "whose", "what", "where", "when",
         "while", "if", "because", "though", "although", "whereas",
         // pronouns and quantifiers
         "it", "they", "them", "he", "she", "we", "you", "i", "each", "every", "some", "any", "other",
         "another",
         // auxiliaries and the verbs figures sit beside most
         "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "do", "does", "did",
         "will", "would", "shall", "should", "can", "could", "may", "might", "must", "not", "no", "says",
         "said", "make", "makes", "made", "cost", "costs", "go", "goes", "went", "came", "rose", "fell",
         "grew", "stood", "saw", "took", "gave", "got", "hit", "put", "kept", "left", "became",
         // words of time: "drones last year", "shells next month"
         "last", "next", "year", "years", "month", "months", "week", "weeks", "day", "days", "today",
         "tomorrow", "yesterday", "january", "february", "march", "april", "june", "july", "august",
         "september", "october", "november", "december",
         // adverbs of time and degree
         "now", "already", "still", "also", "only", "just", "ago", "annually", "daily", "weekly",
         "monthly"}));
    return determiner(w) || one_of(WORDS, w);
}

// A word written as a number, or the scale or currency of one: such a token is part of the
// figure, never of what it counts.
bool number_word(std::string_view w) {
    if (w.empty()) return false;
    if (std::all_of(w.begin(), w.end(),
                    [](char c) { return (c >= '0' && c <= '9') || c == '.' || c == ','; }))
        return true;
    static constexpr auto WORDS = sorted(std::array<std::string_view, 47>{
        "one",       "two",      "three",    "four",     "five",     "six",      "seven",     "eight",
        "nine",      "ten",      "eleven",   "twelve",   "thirteen", "fourteen", "fifteen",   "sixteen",
        "seventeen", "eighteen", "nineteen", "twenty",   "thirty",   "forty",    "fifty",     "sixty",
        "seventy",   "eighty",   "ninety",   "hundred",  "hundreds", "thousand", "thousands", "million",
        "millions",  "billion",  "billions", "trillion", "m",        "mn",       "mln",       "bn",
        "bln",       "k",        "tn",       "dozen",    "dozens",   "lakh",     "crore"});
    if (one_of(WORDS, w)) return true;
    // "twenty-five", "forty-two"
    const std::size_t dash = w.find('-');
    return dash != std::string_view::npos && one_of(WORDS, w.substr(0, dash)) &&
           one_of(WORDS, w.substr(dash + 1));
}

bool adverb(std::string_view w) { return w.size() > 4 && w.ends_with("ly"); }

// A verb form that ends a noun phrase once it has its head: "drones produced", "shells using".
bool verb_form(std::string_view w) { return w.size() > 4 && (w.ends_with("ed") || w.ends_with("ing")); }

bool looks_plural(std::string_view w) {
    static constexpr auto NOT_PLURAL = sorted(
        std::array<std::string_view, 8>{"this", "plus", "thus", "less", "unless", "its", "was", "has"});
    return w.size() >= 4 && w.back() == 's' && !w.ends_with("ss") && !w.ends_with("us") &&
           !one_of(NOT_PLURAL, w);
}

// A word that may stand in a noun phrase: not closed-class, not a number, not an adverb.
bool phrase_word(std::string_view s, const Token& t) {
    if (!t.word) return false;
    const std::string w = lower_core(s, t);
    return !w.empty() && !ends_phrase(w) && !number_word(w) && !adverb(w);
}

// The noun phrase starting at `p`: determiners skipped, then up to MAX_WORDS words that may
// stand in one, ending before a verb form. nullopt when no word is there.
std::optional<std::pair<std::size_t, std::size_t>> phrase_at(std::string_view s, std::size_t p) {
    constexpr int MAX_WORDS = 5;
    Token t = token_at(s, p);
    while (t.word && determiner(lower_core(s, t))) t = token_at(s, t.e);
    const std::size_t b = t.b;
    std::size_t e = b;
    for (int n = 0; n < MAX_WORDS && phrase_word(s, t); ++n) {
        if (n > 0 && verb_form(lower_core(s, t))) break;
        e = t.e;
        t = token_at(s, t.e);
    }
    if (e == b) return std::nullopt;
    return std::pair{b, e};
}

// The head noun's phrase grown to the right: a plural noun after a singular one ("drone
// engines", "Geran-2 drones") and one "of" complement ("rounds of ammunition").
std::size_t grow_right(std::string_view s, std::size_t head_b, std::size_t head_e) {
    constexpr int MAX_COMPOUND = 2;
    // The head is a whole word: "Shahed" in "Shahed-type" is "Shahed-type".
    while (head_e < s.size() && word_byte(s, head_e)) ++head_e;
    std::size_t e = head_e;
    std::string last = lower_core(s, {head_b, head_e, true});
    for (int n = 0; n < MAX_COMPOUND && !looks_plural(last); ++n) {
        const Token t = token_at(s, e);
        if (!phrase_word(s, t)) break;
        const std::string w = lower_core(s, t);
        if (!looks_plural(w) || verb_form(w) || s[t.b] < 'a' || s[t.b] > 'z') break;
        e = t.e;
        last = w;
    }
    const Token of = token_at(s, e);
    if (of.word && lower_core(s, of) == "of")
        if (auto np = phrase_at(s, of.e)) e = np->second;
    return e;
}

// The words between the figure's number and its head noun that say which ("new", "main
// battle", "Shahed-type"): the phrase starts after the last token of the number.
std::size_t modifiers_start(std::string_view s, std::size_t from, std::size_t head_b) {
    std::size_t start = head_b;
    std::vector<Token> tokens;
    for (Token t = token_at(s, from); t.b < head_b; t = token_at(s, t.e)) tokens.push_back(t);
    for (std::size_t k = tokens.size(); k-- > 0;) {
        const Token& t = tokens[k];
        if (!t.word) break;
        const std::string w = lower_core(s, t);
        if (number_word(w) || (ends_phrase(w) && w != "and")) break;
        start = t.b;
    }
    // A phrase never opens with "and" ("T-72B and T-72B1 tanks" keeps its inner one).
    while (start < head_b) {
        const Token t = token_at(s, start);
        if (!t.word || lower_core(s, t) != "and") break;
        start = token_at(s, t.e).b;
    }
    return start;
}

// The noun just before "of" in "a budget of €300 million", "a contract of $1.75 billion".
std::optional<std::pair<std::size_t, std::size_t>> noun_before_of(std::string_view s,
                                                                  std::size_t figure_start) {
    std::vector<Token> tokens;
    const std::size_t from = figure_start > 64 ? figure_start - 64 : 0;
    for (Token t = token_at(s, from); t.b < figure_start; t = token_at(s, t.e)) tokens.push_back(t);
    if (tokens.size() < 2) return std::nullopt;
    const Token& of = tokens.back();
    const Token& noun = tokens[tokens.size() - 2];
    if (!of.word || lower_core(s, of) != "of" || !phrase_word(s, noun) || noun.b == from) return std::nullopt;
    const std::string w = lower_core(s, noun);
    if (verb_form(w) || s[noun.b] < 'a' || s[noun.b] > 'z') return std::nullopt;
    return std::pair{noun.b, noun.e};
}

// A capitalised word that opens sentences or names a title, a month or a day, never a thing a
// figure is about on its own.
bool common_capitalised(std::string_view w) {
    static constexpr auto WORDS = sorted(std::to_array<std::string_view>(
        {"the",          "a",         "an",         "in",        "on",       "at",         "by",
         "for",          "from",      "it",         "its",       "this",     "that",       "these",
         "those",        "according", "but",        "and",       "however",  "meanwhile",  "as",
         "after",        "before",    "during",     "since",     "while",    "when",       "he",
         "she",          "they",      "we",         "i",         "mr",       "mrs",        "ms",
         "dr",           "president", "minister",   "prime",     "deputy",   "each",       "every",
         "general",      "chief",     "head",       "ceo",       "director", "spokesman",  "spokeswoman",
         "spokesperson", "secretary", "chancellor", "commander", "colonel",  "lieutenant", "january",
         "february",     "march",     "april",      "may",       "june",     "july",       "august",
         "september",    "october",   "november",   "december",  "monday",   "tuesday",    "wednesday",
         "thursday",     "friday",    "saturday",   "sunday",    "there",    "last",       "next",
         "so",           "if",        "with",       "about",     "some",     "over",       "more",
         "up",           "now",       "today",      "yesterday", "earlier",  "later",      "also",
         "all",          "of",        "to",         "or",        "his",      "her",        "their",
         "our"}));
    return one_of(WORDS, w);
}

// The end of "workshop" in "Kazan workshop", "defence budget" in "Russian defence budget": up
// to MAX_WORDS lower-case words after a name, the last an institution's noun, ending at or
// before `limit`; else `p`.
std::size_t institution_after(std::string_view s, std::size_t p, std::size_t limit) {
    constexpr int MAX_WORDS = 3;
    static constexpr auto NOUNS = sorted(std::to_array<std::string_view>(
        {"plant",   "plants",      "factory",  "factories", "workshop",  "facility",   "facilities",
         "works",   "shipyard",    "complex",  "company",   "group",     "initiative", "programme",
         "program", "budget",      "industry", "sector",    "army",      "forces",     "ministry",
         "agency",  "corporation", "concern",  "holding",   "enterprise"}));
    std::size_t at = p;
    Token t = token_at(s, p);
    for (int n = 0; n < MAX_WORDS && t.word && t.e <= limit && s[t.b] >= 'a' && s[t.b] <= 'z'; ++n) {
        const std::string w = lower_core(s, t);
        if (ends_phrase(w) || number_word(w) || verb_form(w)) break;
        if (one_of(NOUNS, w)) at = t.e;
        t = token_at(s, t.e);
    }
    return at;
}

bool capitalised(std::string_view s, const Token& t) {
    std::size_t b = t.b;
    while (b < t.e && (s[b] == '"' || s[b] == '\'')) ++b;
    return b < t.e && s[b] >= 'A' && s[b] <= 'Z';
}

}  // namespace

std::optional<std::pair<std::size_t, std::size_t>> name_before(std::string_view sentence, std::size_t pos) {
    constexpr std::size_t MAX_NAME_WORDS = 4;
    std::vector<Token> tokens;
    for (Token t = token_at(sentence, 0); t.b < pos; t = token_at(sentence, t.e)) tokens.push_back(t);
    // The run of capitalised words nearest before `pos`.
    for (std::size_t i = tokens.size(); i-- > 0;) {
        const Token& t = tokens[i];
        if (!t.word || !capitalised(sentence, t)) continue;
        const std::string w = lower_core(sentence, t);
        if (common_capitalised(w) || number_word(w)) continue;
        // The sentence's first word is capitalised by its place: a plural or an adverb there
        // ("Volumes", "Secondly") is a common word.
        if (i == 0 && (looks_plural(w) || adverb(w))) continue;
        std::size_t first = i;
        while (first > 0 && i - first + 1 < MAX_NAME_WORDS && tokens[first - 1].word &&
               capitalised(sentence, tokens[first - 1]) &&
               !common_capitalised(lower_core(sentence, tokens[first - 1])) &&
               !number_word(lower_core(sentence, tokens[first - 1])))
            --first;
        // Part of a longer name joined by "for", "of" or "and" ("Institute for Science and
        // International Security"): a source or an institution, not read in pieces.
        auto joiner = [&](std::size_t k) {
            if (!tokens[k].word) return false;
            const std::string j = lower_core(sentence, tokens[k]);
            return j == "for" || j == "of" || j == "and" || j == "de";
        };
        if (first >= 2 && joiner(first - 1) && capitalised(sentence, tokens[first - 2])) {
            std::size_t k = first - 1;
            while (k > 0 && tokens[k - 1].word &&
                   (capitalised(sentence, tokens[k - 1]) || (k >= 2 && joiner(k - 1))))
                --k;
            i = k;  // the loop steps to the word before the whole name
            continue;
        }
        // A possessive names its owner: "Rheinmetall's" is "Rheinmetall".
        std::size_t e = t.e;
        const std::string_view last = sentence.substr(t.b, t.e - t.b);
        bool possessive = false;
        for (std::string_view s : {std::string_view("'s"), std::string_view("\xE2\x80\x99s")})
            if (last.ends_with(s)) e -= s.size(), possessive = true;
        // A name that qualifies a plant, a programme or a budget is that thing: "its Kazan
        // workshop", "the Czech ammunition initiative", "Russian defence budget".
        if (!possessive) e = std::max(e, institution_after(sentence, t.e, pos));
        return std::pair{tokens[first].b, e};
    }
    return std::nullopt;
}

std::optional<std::pair<std::size_t, std::size_t>> what_span(std::string_view sentence, const Quantity& q) {
    const std::size_t end = std::min(q.end, sentence.size());
    const std::size_t value_end = std::clamp(q.value_end, q.start, end);
    // A counted noun (or the item of a price per item) is inside the figure's words: its last
    // occurrence there is the head.
    if (!q.counted.empty() && (q.kind == QuantityKind::count || q.per == "unit")) {
        const std::size_t at = sentence.substr(q.start, end - q.start).rfind(q.counted);
        if (at == std::string_view::npos) return std::nullopt;
        const std::size_t head_b = q.start + at;
        const std::size_t head_e = head_b + q.counted.size();
        const std::size_t b =
            q.kind == QuantityKind::count ? modifiers_start(sentence, q.start, head_b) : head_b;
        return std::pair{b, grow_right(sentence, head_b, head_e)};
    }
    const Token next = token_at(sentence, value_end);
    const std::string next_word = next.word ? lower_core(sentence, next) : std::string();
    switch (q.kind) {
        case QuantityKind::currency: {
            // "$5 million worth of parts", "a $1.75 billion contract", "a budget of €300 million"
            if (next_word == "worth") {
                const Token of = token_at(sentence, next.e);
                if (of.word && lower_core(sentence, of) == "of") return phrase_at(sentence, of.e);
                return std::nullopt;
            }
            // "$6 billion for interceptor drones", "€18 billion in funding"
            if (next_word == "for" || next_word == "in") return phrase_at(sentence, next.e);
            if (phrase_word(sentence, next) && !verb_form(next_word) && sentence[next.b] >= 'a' &&
                sentence[next.b] <= 'z') {
                if (auto np = phrase_at(sentence, value_end)) return np;
            }
            return noun_before_of(sentence, q.start);
        }
        case QuantityKind::percent:
        case QuantityKind::weight:
        case QuantityKind::area:
        case QuantityKind::volume:
        case QuantityKind::length:
            // "30% of the drones", "10,000 tonnes of powder", "1.2 million square metres of floor space"
            if (next_word == "of") return phrase_at(sentence, next.e);
            return std::nullopt;
        default:
            return std::nullopt;
    }
}

}  // namespace reckon::text::detail
