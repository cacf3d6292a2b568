// Boilerplate removal for every document format: which paragraphs are the article and
// which are section labels, bylines, teaser and related-story lists, share bars and the
// like. The scoring follows jusText (Pomikálek 2011, "Removing Boilerplate and Duplicate
// Content from Web Corpora", ch. 4): class each block alone by length, link density and
// stop words, then let short and borderline blocks take their neighbours' class. Written
// here rather than taken from a library because no maintained C/C++ library does it.
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cctype>

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

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// A line of only dashes, bullets and similar marks ("-", "•", "* * *", "—").
bool is_bullet_only(std::string_view t) {
    static constexpr std::array<std::string_view, 12> marks = {
        "-", "*", "|", ">", "~", "_", "=", "\xE2\x80\x93" /* – */, "\xE2\x80\x94" /* — */,
        "\xE2\x80\xA2" /* • */, "\xC2\xB7" /* · */, "\xC2\xBB" /* » */};
    while (!t.empty()) {
        if (is_ascii_space(t.front())) {
            t.remove_prefix(1);
            continue;
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
    static const RE2 relative(
        R"((?i)^[^0-9]{0,40}?[0-9]{1,4}\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|d|)"
        R"(weeks?|wks?|w|months?|mos?|years?|yrs?|y)\s+ago\.?$)");
    static const RE2 read_time(R"((?i)^[0-9]{1,3}\s*(?:min|mins|minutes?)\s+read$)");
    static const RE2 bare(R"((?i)^(?:updated|published|posted)?\s*(?:yesterday|today|just now)$)");
    re2::StringPiece s(t.data(), t.size());
    return RE2::FullMatch(s, relative) || RE2::FullMatch(s, read_time) || RE2::FullMatch(s, bare);
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return out;
}

// Page furniture that carries no content whatever its neighbours.
bool is_label(std::string_view t) {
    if (t.size() > 40) return false;
    std::string l = lower_ascii(t);
    while (!l.empty() && (l.back() == ':' || l.back() == ' ')) l.pop_back();
    static constexpr std::array<std::string_view, 40> labels = {
        "advertisement", "advertising", "sponsored", "sponsored content", "share", "share this",
        "share this article", "share this story", "read more", "read next", "read also",
        "see also", "related", "related stories", "related articles", "related content",
        "more stories", "more news", "recommended", "recommended for you", "trending",
        "most read", "most popular", "popular", "subscribe", "sign up", "newsletter",
        "comments", "leave a comment", "skip to content", "skip to main content", "menu",
        "search", "back to top", "print", "email", "follow us", "accept", "accept all",
        "cookie settings"};
    return std::find(labels.begin(), labels.end(), l) != labels.end();
}

bool is_copyright(std::string_view t) {
    if (t.size() > 200) return false;
    std::string l = lower_ascii(t);
    return l.starts_with("\xC2\xA9") || l.starts_with("copyright") ||
           l.find("all rights reserved") != std::string::npos;
}

struct WordStats {
    std::size_t words = 0;
    std::size_t stop_words = 0;
    std::size_t capitalised = 0;  // among words of 4+ letters
    std::size_t long_words = 0;
};

WordStats word_stats(std::string_view t) {
    // A short list of the commonest English function words; enough to tell running
    // prose from lists of names and headlines (jusText uses full per-language lists).
    static constexpr std::array<std::string_view, 56> stop = {
        "a",    "about", "after", "all",  "also",  "an",   "and",   "are",   "as",    "at",
        "be",   "been",  "but",   "by",   "can",   "could", "for",  "from",  "had",   "has",
        "have", "he",    "her",   "his",  "if",    "in",   "into",  "is",    "it",    "its",
        "more", "not",   "of",    "on",   "or",    "other", "over", "said",  "she",   "such",
        "than", "that",  "the",   "their", "there", "these", "they", "this",  "to",    "was",
        "were", "which", "while", "who",  "will",  "with"};
    WordStats s;
    std::size_t i = 0;
    while (i < t.size()) {
        while (i < t.size() && !std::isalnum(static_cast<unsigned char>(t[i])) &&
               static_cast<unsigned char>(t[i]) < 0x80) {
            ++i;
        }
        std::size_t start = i;
        while (i < t.size() && (std::isalnum(static_cast<unsigned char>(t[i])) ||
                                static_cast<unsigned char>(t[i]) >= 0x80 || t[i] == '\'')) {
            ++i;
        }
        if (i == start) continue;
        std::string_view w = t.substr(start, i - start);
        ++s.words;
        if (w.size() >= 4) {
            ++s.long_words;
            if (std::isupper(static_cast<unsigned char>(w[0]))) ++s.capitalised;
        }
        if (w.size() <= 5) {
            char buf[5];
            for (std::size_t k = 0; k < w.size(); ++k) buf[k] = (w[k] >= 'A' && w[k] <= 'Z') ? static_cast<char>(w[k] + 32) : w[k];
            if (std::find(stop.begin(), stop.end(), std::string_view(buf, w.size())) != stop.end()) ++s.stop_words;
        }
    }
    return s;
}

// A headline set in title case: most of its longer words capitalised, no sentence end.
bool is_title_case_line(std::string_view t) {
    if (ends_sentence(t)) return false;
    WordStats s = word_stats(t);
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
    std::string_view t = trim(c.block.text);
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

void BoilerplateFilter::push(Candidate c) {
    Kind k = classify(c);
    if (k == Kind::good || k == Kind::bad) {
        resolve(k);
        m_prev = k;
        if (k == Kind::good) {
            m_seen_good = true;
            m_emit(std::move(c.block));
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
        std::string_view t = trim(h.c.block.text);
        if (h.kind != Kind::short_text || t.size() > MAX_HEADLINE_BYTES || ends_sentence(t)) continue;
        if (word_stats(t).words < 3 || !looks_like_headline_start(t) || t.ends_with(",") || t.ends_with(";")) continue;
        if (h.c.heading) {  // a marked heading beats a long byline
            if (!best || !best->c.heading) best = &h;
            continue;
        }
        if (!best || (!best->c.heading && t.size() > trim(best->c.block.text).size())) best = &h;
    }
    if (best) m_headline = std::string(trim(best->c.block.text));
}

void BoilerplateFilter::resolve(Kind next) {
    if (m_held.empty()) return;
    if (!m_seen_good && next == Kind::good) pick_headline();
    // Runs of short title-case lines are link lists even between two paragraphs.
    std::vector<bool> in_headline_run(m_held.size(), false);
    for (std::size_t i = 0; i < m_held.size();) {
        std::size_t j = i;
        while (j < m_held.size() && m_held[j].kind == Kind::short_text &&
               is_title_case_line(trim(m_held[j].c.block.text))) {
            ++j;
        }
        if (j - i >= HEADLINE_RUN) std::fill(in_headline_run.begin() + i, in_headline_run.begin() + j, true);
        i = std::max(j, i + 1);
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
