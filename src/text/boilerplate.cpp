// Boilerplate removal for every document format: which paragraphs are the article and
// which are section labels, bylines, teaser and related-story lists, share bars and the
// like. The scoring follows jusText (Pomikálek 2011, "Removing Boilerplate and Duplicate
// Content from Web Corpora", ch. 4): class each block alone by length, link density and
// stop words, then let short and borderline blocks take their neighbours' class. Written
// here rather than taken from a library because no maintained C/C++ library does it.
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "document_internal.hpp"

namespace reckon::text {
namespace docread {
namespace {

// jusText's thresholds (length_low = 70, length_high = 200, max_link_density = 0.2),
// loosened for news pages where a paragraph may quote a link or two.
constexpr std::size_t LENGTH_LOW = 70;
constexpr std::size_t LENGTH_HIGH = 200;
constexpr std::size_t LENGTH_BORDERLINE = 100;  // no sentence end, yet long: keep if near text
constexpr double LINK_DENSITY_BAD = 0.5;
constexpr double LINK_DENSITY_NOT_GOOD = 0.25;
constexpr double STOPWORD_DENSITY_LOW = 0.15;
// Short title-case lines in a row at least this long are a list of links (teasers).
constexpr std::size_t HEADLINE_RUN = 3;
// How much a run of undecided paragraphs may hold before it is let through as text.
constexpr std::size_t MAX_HELD_BYTES = 8u << 20;
constexpr std::size_t MAX_HELD_BLOCKS = 100000;
constexpr std::size_t MAX_HEADLINE_BYTES = 300;
// Spent paragraph strings kept for reuse: enough for a run of held lines, small enough
// (with the size cap) that memory stays flat.
constexpr std::size_t MAX_SPARES = 64;
constexpr std::size_t MAX_SPARE_CAPACITY = 4096;

bool is_ascii_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
char lower_ascii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }

// True when `s` equals `lower` (lowercase ASCII) ignoring ASCII case; no copy is made.
bool iequals(std::string_view s, std::string_view lower) {
    if (s.size() != lower.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (lower_ascii(s[i]) != lower[i]) return false;
    return true;
}
bool iends_with(std::string_view s, std::string_view lower) {
    return s.size() >= lower.size() && iequals(s.substr(s.size() - lower.size()), lower);
}
// Case-blind search for a fixed phrase (Horspool: skips ahead by up to its length, so a
// paragraph is mostly not read byte by byte).
class CaseBlindPhrase {
public:
    explicit CaseBlindPhrase(std::string_view lower) : m_lower(lower) {
        std::array<std::uint8_t, 256> by_lower{};
        by_lower.fill(static_cast<std::uint8_t>(lower.size()));
        for (std::size_t k = 0; k + 1 < lower.size(); ++k)
            by_lower[static_cast<unsigned char>(lower[k])] = static_cast<std::uint8_t>(lower.size() - 1 - k);
        for (std::size_t c = 0; c < 256; ++c)
            m_skip[c] = by_lower[static_cast<unsigned char>(lower_ascii(static_cast<char>(c)))];
    }
    bool found_in(std::string_view s) const {
        const std::size_t m = m_lower.size();
        for (std::size_t i = 0; i + m <= s.size(); i += m_skip[static_cast<unsigned char>(s[i + m - 1])]) {
            if (iequals(s.substr(i, m), m_lower)) return true;
        }
        return false;
    }

private:
    std::string_view m_lower;
    std::array<std::uint8_t, 256> m_skip{};
};

// A line of only dashes, bullets and similar marks ("-", "•", "* * *", "—").
bool is_bullet_only(std::string_view t) {
    static constexpr std::array<std::string_view, 12> marks = {"-",
                                                               "*",
                                                               "|",
                                                               ">",
                                                               "~",
                                                               "_",
                                                               "=",
                                                               "\xE2\x80\x93" /* – */,
                                                               "\xE2\x80\x94" /* — */,
                                                               "\xE2\x80\xA2" /* • */,
                                                               "\xC2\xB7" /* · */,
                                                               "\xC2\xBB" /* » */};
    while (!t.empty()) {
        if (is_ascii_space(t.front())) {
            t.remove_prefix(1);
            continue;
        }
        // Every mark starts with one of these bytes; most text fails here at once.
        const char c = t.front();
        if (c != '-' && c != '*' && c != '|' && c != '>' && c != '~' && c != '_' && c != '=' && c != '\xE2' &&
            c != '\xC2') {
            return false;
        }
        bool matched = false;
        for (std::string_view m : marks) {
            if (t.starts_with(m)) {
                t.remove_prefix(m.size());
                matched = true;
                break;
            }
        }
        if (!matched) return false;
    }
    return true;
}

// "Technology3 weeks ago", "Updated 5 hours ago", "4 min read", "Yesterday".
bool is_stamp(std::string_view t) {
    if (t.size() > 80) return false;
    // Each pattern is anchored at the end on a word whose letters have no case-folding
    // partners outside ASCII ("ago", "read", "...day", "now"), so an ASCII case-blind test
    // of the ending picks the one pattern that can match and skips RE2 for nearly all text.
    static const RE2 relative(
        R"((?i)^[^0-9]{0,40}?[0-9]{1,4}\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|d|)"
        R"(weeks?|wks?|w|months?|mos?|years?|yrs?|y)\s+ago\.?$)");
    static const RE2 read_time(R"((?i)^[0-9]{1,3}\s*(?:min|mins|minutes?)\s+read$)");
    static const RE2 bare(R"((?i)^(?:updated|published|posted)?\s*(?:yesterday|today|just now)$)");
    if (t.empty()) return false;
    const RE2* re = nullptr;
    switch (lower_ascii(t.back())) {
        case 'o':
        case '.':
            re = iends_with(t, "ago") || iends_with(t, "ago.") ? &relative : nullptr;
            break;
        case 'd':
            re = iends_with(t, "read") ? &read_time : nullptr;
            break;
        case 'y':
            re = iends_with(t, "day") ? &bare : nullptr;
            break;
        case 'w':
            re = iends_with(t, "now") ? &bare : nullptr;
            break;
        default:
            break;
    }
    if (!re) return false;
    return RE2::FullMatch(re2::StringPiece(t.data(), t.size()), *re);
}

// Page furniture that carries no content whatever its neighbours.
bool is_label(std::string_view t) {
    if (t.size() > 40) return false;
    while (!t.empty() && (t.back() == ':' || t.back() == ' ')) t.remove_suffix(1);
    static constexpr std::array<std::string_view, 40> labels = {"advertisement",
                                                                "advertising",
                                                                "sponsored",
                                                                "sponsored content",
                                                                "share",
                                                                "share this",
                                                                "share this article",
                                                                "share this story",
                                                                "read more",
                                                                "read next",
                                                                "read also",
                                                                "see also",
                                                                "related",
                                                                "related stories",
                                                                "related articles",
                                                                "related content",
                                                                "more stories",
                                                                "more news",
                                                                "recommended",
                                                                "recommended for you",
                                                                "trending",
                                                                "most read",
                                                                "most popular",
                                                                "popular",
                                                                "subscribe",
                                                                "sign up",
                                                                "newsletter",
                                                                "comments",
                                                                "leave a comment",
                                                                "skip to content",
                                                                "skip to main content",
                                                                "menu",
                                                                "search",
                                                                "back to top",
                                                                "print",
                                                                "email",
                                                                "follow us",
                                                                "accept",
                                                                "accept all",
                                                                "cookie settings"};
    static constexpr std::uint64_t label_sizes = [] {
        std::uint64_t bits = 0;
        for (std::string_view l : labels) bits |= std::uint64_t{1} << l.size();
        return bits;
    }();
    if (!((label_sizes >> t.size()) & 1)) return false;
    return std::any_of(labels.begin(), labels.end(), [t](std::string_view l) { return iequals(t, l); });
}

bool is_copyright(std::string_view t) {
    if (t.size() > 200) return false;
    static const CaseBlindPhrase reserved("all rights reserved");
    return t.starts_with("\xC2\xA9") || (t.size() >= 9 && iequals(t.substr(0, 9), "copyright")) ||
           reserved.found_in(t);
}

struct WordStats {
    std::size_t words = 0;
    std::size_t stop_words = 0;
    std::size_t capitalised = 0;  // among words of 4+ letters
    std::size_t long_words = 0;
};

// A word of up to 8 bytes packed into an integer, first byte highest, so that packed
// words compare as the words do.
constexpr std::uint64_t pack_word(std::string_view w) {
    std::uint64_t key = 0;
    for (char c : w) key = (key << 8) | static_cast<unsigned char>(c);
    return key;
}

// A short list of the commonest English function words; enough to tell running prose
// from lists of names and headlines (jusText uses full per-language lists). Sorted, packed.
constexpr std::array<std::string_view, 56> STOP_WORDS = {
    "a",    "about", "after", "all",   "also",  "an",   "and",  "are",   "as",    "at",    "be",   "been",
    "but",  "by",    "can",   "could", "for",   "from", "had",  "has",   "have",  "he",    "her",  "his",
    "if",   "in",    "into",  "is",    "it",    "its",  "more", "not",   "of",    "on",    "or",   "other",
    "over", "said",  "she",   "such",  "than",  "that", "the",  "their", "there", "these", "they", "this",
    "to",   "was",   "were",  "which", "while", "who",  "will", "with"};
constexpr std::size_t MAX_STOP_WORD_BYTES = 5;
constexpr auto STOP_KEYS = [] {
    std::array<std::uint64_t, STOP_WORDS.size()> keys{};
    for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = pack_word(STOP_WORDS[i]);
    std::sort(keys.begin(), keys.end());
    return keys;
}();

bool is_stop_word(std::string_view w) {
    std::uint64_t key = 0;
    for (char c : w) key = (key << 8) | static_cast<unsigned char>(lower_ascii(c));
    return std::binary_search(STOP_KEYS.begin(), STOP_KEYS.end(), key);
}

// Byte classes for the word scan: a word starts at an ASCII letter or digit or any
// non-ASCII byte, and goes on through those and apostrophes.
constexpr std::uint8_t WORD_START = 1;
constexpr std::uint8_t WORD_PART = 2;
constexpr std::uint8_t UPPER = 4;  // A-Z: a capitalised word starts with one
constexpr auto WORD_CLASS = [] {
    std::array<std::uint8_t, 256> cls{};
    for (std::size_t c = 0; c < 256; ++c) {
        const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (alnum || c >= 0x80) cls[c] = WORD_START | WORD_PART;
        if (c >= 'A' && c <= 'Z') cls[c] |= UPPER;
    }
    cls['\''] = WORD_PART;
    return cls;
}();

// word_stats without stop words for a line of at most 64 bytes, one bit per byte and no
// branch per word: short lines are the many, and their word lengths defeat prediction.
WordStats word_stats_short(std::string_view t) {
    std::uint64_t part = 0, start = 0, upper = 0;
#if defined(__SSE2__)
    // The same classes as WORD_CLASS, 16 bytes at a time; zero padding is no word.
    alignas(16) unsigned char buf[64] = {};
    std::memcpy(buf, t.data(), t.size());
    // x - lo < n for unsigned bytes, as min(x - lo, n - 1) == x - lo.
    auto in_range = [](__m128i x, char lo, char n) {
        const __m128i d = _mm_sub_epi8(x, _mm_set1_epi8(lo));
        return _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(static_cast<char>(n - 1))), d);
    };
    for (int k = 0; k < 4; ++k) {
        const __m128i c = _mm_load_si128(reinterpret_cast<const __m128i*>(buf) + k);
        const __m128i alnum =
            _mm_or_si128(in_range(c, '0', 10), in_range(_mm_or_si128(c, _mm_set1_epi8(0x20)), 'a', 26));
        const auto bits = [](__m128i m) {
            return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(m)));
        };
        const std::uint64_t starts = bits(alnum) | bits(c);  // the sign bit: non-ASCII bytes
        start |= starts << (16 * k);
        part |= (starts | bits(_mm_cmpeq_epi8(c, _mm_set1_epi8('\'')))) << (16 * k);
        upper |= bits(in_range(c, 'A', 26)) << (16 * k);
    }
#else
    for (std::size_t i = 0; i < t.size(); ++i) {
        const std::uint64_t c = WORD_CLASS[static_cast<unsigned char>(t[i])];
        start |= (c & WORD_START) << i;
        part |= std::uint64_t{(c & WORD_PART) != 0} << i;
        upper |= std::uint64_t{(c & UPPER) != 0} << i;
    }
#endif
    // Each run of word bytes holds at most one word, from its first WORD_START byte on;
    // the apostrophes before that are dropped (the addition carries through them).
    const std::uint64_t run_start = part & ~(part << 1);
    const std::uint64_t apostrophes = part & ~start;
    const std::uint64_t leading = ((apostrophes + (run_start & apostrophes)) ^ apostrophes) & apostrophes;
    const std::uint64_t in_word = part & ~leading;
    const std::uint64_t word_start = in_word & ~(in_word << 1);
    const std::uint64_t four_on = in_word & (in_word >> 1) & (in_word >> 2) & (in_word >> 3);
    WordStats s;
    s.words = static_cast<std::size_t>(std::popcount(word_start));
    s.long_words = static_cast<std::size_t>(std::popcount(word_start & four_on));
    s.capitalised = static_cast<std::size_t>(std::popcount(word_start & four_on & upper));
    return s;
}

// Counts words; stop words only when asked (title-case tests do not need them).
template <bool CountStopWords = true>
WordStats word_stats(std::string_view t) {
    if (!CountStopWords && t.size() <= 64) return word_stats_short(t);
    WordStats s;
    const auto* p = reinterpret_cast<const unsigned char*>(t.data());
    const std::size_t n = t.size();
    std::size_t i = 0;
    while (i < n) {
        if (!(WORD_CLASS[p[i]] & WORD_START)) {
            ++i;
            continue;
        }
        const std::size_t start = i++;
        while (i < n && (WORD_CLASS[p[i]] & WORD_PART)) ++i;
        const std::size_t len = i - start;
        ++s.words;
        if (len >= 4) {
            ++s.long_words;
            if (p[start] >= 'A' && p[start] <= 'Z') ++s.capitalised;
        }
        if (CountStopWords && len <= MAX_STOP_WORD_BYTES && is_stop_word(t.substr(start, len)))
            ++s.stop_words;
    }
    return s;
}

// A headline set in title case: most of its longer words capitalised, no sentence end.
bool is_title_case_line(std::string_view t) {
    if (ends_sentence(t)) return false;
    WordStats s = word_stats<false>(t);
    return s.words >= 2 && s.long_words > 0 && s.capitalised * 10 >= s.long_words * 7;
}

// Headlines start with a capital, a digit or an opening quote, not "(" or lowercase.
bool looks_like_headline_start(std::string_view t) {
    unsigned char c = static_cast<unsigned char>(t.front());
    return std::isupper(c) || std::isdigit(c) || c == '"' || c == '\'' || c >= 0x80;
}

}  // namespace

BoilerplateFilter::BoilerplateFilter(Emit emit) : m_emit(std::move(emit)) {}

BoilerplateFilter::Kind BoilerplateFilter::classify(const Candidate& c) {
    std::string_view t = trim_space_and_nbsp(c.block.text);
    if (t.empty() || is_bullet_only(t) || is_stamp(t) || is_label(t) || is_copyright(t)) return Kind::bad;
    if (c.link_density > LINK_DENSITY_BAD) return Kind::bad;
    if (c.heading || c.link_density > LINK_DENSITY_NOT_GOOD) return Kind::short_text;
    const bool sentence = ends_sentence(t);
    if (sentence && t.size() >= LENGTH_LOW) return Kind::good;
    if (t.size() >= LENGTH_HIGH) {
        WordStats s = word_stats(t);
        bool prose = s.words > 0 && static_cast<double>(s.stop_words) >= STOPWORD_DENSITY_LOW * s.words;
        return prose ? Kind::good : Kind::near_good;
    }
    if (sentence || t.size() >= LENGTH_BORDERLINE) return Kind::near_good;
    return Kind::short_text;
}

std::string BoilerplateFilter::take_spare() {
    if (m_spares.empty()) return {};
    std::string s = std::move(m_spares.back());
    m_spares.pop_back();
    return s;
}

void BoilerplateFilter::recycle(std::string&& s) {
    // A string the receiver moved from is empty and has no room worth keeping.
    if (m_spares.size() >= MAX_SPARES || s.capacity() > MAX_SPARE_CAPACITY || s.capacity() < 32) return;
    s.clear();
    m_spares.push_back(std::move(s));
}

void BoilerplateFilter::push(Candidate c) {
    Kind k = classify(c);
    if (k == Kind::good || k == Kind::bad) {
        resolve(k);
        m_prev = k;
        if (k == Kind::good) {
            m_seen_good = true;
            m_emit(std::move(c.block));
            recycle(std::move(c.block.text));
        }
        return;
    }
    m_held_bytes += c.block.text.size();
    m_held.push_back({std::move(c), k});
    // A huge run with no clear paragraph either way: let it through rather than hold it.
    if (m_held_bytes > MAX_HELD_BYTES || m_held.size() > MAX_HELD_BLOCKS) resolve(Kind::good);
}

void BoilerplateFilter::finish() {
    // A document made only of short paragraphs (a note, a one-line report) has no
    // "good" block to anchor on; its sentences are still its body, so keep them rather
    // than drop the whole document as furniture.
    if (!m_seen_good) {
        for (Held& h : m_held)
            if (h.kind == Kind::near_good) m_emit(std::move(h.c.block));
        m_held.clear();
        m_held_bytes = 0;
        return;
    }
    resolve(Kind::bad);
}

void BoilerplateFilter::pick_headline() {
    const Held* best = nullptr;
    for (const Held& h : m_held) {
        std::string_view t = trim_space_and_nbsp(h.c.block.text);
        if (h.kind != Kind::short_text || t.size() > MAX_HEADLINE_BYTES || ends_sentence(t)) continue;
        if (word_stats<false>(t).words < 3 || !looks_like_headline_start(t) || t.ends_with(",") ||
            t.ends_with(";"))
            continue;
        if (h.c.heading) {  // a marked heading beats a long byline
            if (!best || !best->c.heading) best = &h;
            continue;
        }
        if (!best || (!best->c.heading && t.size() > trim_space_and_nbsp(best->c.block.text).size()))
            best = &h;
    }
    if (best) m_headline = std::string(trim_space_and_nbsp(best->c.block.text));
}

void BoilerplateFilter::resolve(Kind next) {
    if (m_held.empty()) return;
    if (!m_seen_good && next == Kind::good) pick_headline();
    // Runs of short title-case lines are link lists even between two paragraphs. Only
    // short text between two good paragraphs can be kept, so only then do runs matter.
    const bool between_good = m_prev == Kind::good && next == Kind::good;
    std::vector<bool> in_headline_run(m_held.size(), false);
    for (std::size_t i = 0; between_good && i < m_held.size();) {
        // A run lies within a stretch of short text; one too short for a run is skipped
        // without reading its lines.
        std::size_t end = i;
        while (end < m_held.size() && m_held[end].kind == Kind::short_text) ++end;
        if (end - i < HEADLINE_RUN) {
            i = end + 1;
            continue;
        }
        std::size_t j = i;
        while (j < end && is_title_case_line(trim_space_and_nbsp(m_held[j].c.block.text))) ++j;
        if (j - i >= HEADLINE_RUN) std::fill(in_headline_run.begin() + i, in_headline_run.begin() + j, true);
        // Block j failed the test (or is not short text); it cannot start a run either.
        i = j + 1;
    }
    for (std::size_t i = 0; i < m_held.size(); ++i) {
        Held& h = m_held[i];
        bool keep = false;
        if (h.kind == Kind::near_good) {
            keep = !(m_prev == Kind::bad && next == Kind::bad);
        } else {
            keep = m_prev == Kind::good && next == Kind::good && !in_headline_run[i];
        }
        if (keep) m_emit(std::move(h.c.block));
        recycle(std::move(h.c.block.text));
    }
    m_held.clear();
    m_held_bytes = 0;
}

}  // namespace docread

std::vector<TextBlock> drop_boilerplate(std::vector<TextBlock> blocks, std::string* headline) {
    std::vector<TextBlock> kept;
    docread::BoilerplateFilter filter([&kept](TextBlock&& b) { kept.push_back(std::move(b)); });
    for (TextBlock& b : blocks) filter.push({std::move(b)});
    filter.finish();
    if (headline) *headline = filter.headline();
    return kept;
}

std::vector<TextBlock> drop_boilerplate(std::vector<TextBlock> blocks) {
    return drop_boilerplate(std::move(blocks), nullptr);
}

}  // namespace reckon::text
