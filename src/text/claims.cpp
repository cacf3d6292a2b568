// Claim assembly. The recognizers (quantities, dates, entities, attribution) find the
// pieces; this file decides how they fit: which metric a figure measures, what it is
// about, and when. The rules are word lists and distances within the sentence, stated
// in docs/extraction.md; each is a guess an analyst can see and correct in review.
#include "reckon/text/claims.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <utility>

#include "cue_words.hpp"
#include "document_internal.hpp"
#include "names.hpp"
#include "noun_phrase.hpp"
#include "number_scan.hpp"
#include "reckon/text/attribution.hpp"
#include "reckon/text/dates.hpp"
#include "reckon/text/quantities.hpp"
#include "reckon/text/sentences.hpp"

namespace reckon::text {

namespace {

using core::Claim;
using core::Period;

// What cue words say a figure measures, as bits of one mask; a sentence's cues are collected in
// one pass.
constexpr std::uint32_t CONTRACT = 1U << 0;
constexpr std::uint32_t PLAN = 1U << 1;
constexpr std::uint32_t CAPACITY = 1U << 2;
constexpr std::uint32_t LAUNCH = 1U << 3;
constexpr std::uint32_t PRODUCTION = 1U << 4;
constexpr std::uint32_t COST = 1U << 5;
constexpr std::uint32_t PRICE = 1U << 6;
constexpr std::uint32_t PER_ITEM = 1U << 7;
constexpr std::uint32_t SHARE = 1U << 8;
constexpr std::uint32_t FLIGHT = 1U << 9;
constexpr std::uint32_t SAME_DEAL = 1U << 10;  // refers back to a deal named before
constexpr std::uint32_t PEOPLE = 1U << 11;
constexpr std::uint32_t TITLE = 1U << 12;           // a title that may introduce a named source
constexpr std::uint32_t MULTIPLIER = 1U << 13;      // "tenfold", "tripled": a multiplier in one word
constexpr std::uint32_t FUTURE = 1U << 14;          // the sentence speaks of the future
constexpr std::uint32_t FUTURE_IN_PAST = 1U << 15;  // ... as seen from the past ("would")
constexpr std::uint32_t DELIVERY = 1U << 16;        // delivered, supplied, shipped, received
constexpr std::uint32_t STOCK = 1U << 17;           // stocks, stockpiles, fleets, arsenals
constexpr std::uint32_t BUDGET = 1U << 18;          // money allocated, invested, spent or needed
constexpr std::uint32_t GROWTH = 1U << 19;          // a change: rose, increased, fell, cut
constexpr std::uint32_t DECLINE = 1U << 20;         // ... downwards: fell, cut, decreased
constexpr std::uint32_t ABILITY = 1U << 21;         // can, could, able to, potential
constexpr std::uint32_t ABOUT_IT = 1U << 22;        // "writes about it": a source of what came before

// The cue words, each with the bits it sets. A table rather than code: it only grows.
constexpr auto CUES = std::to_array<std::pair<std::string_view, std::uint32_t>>({
    {"about it", ABOUT_IT},
    {"about this", ABOUT_IT},
    {"deal", CONTRACT},
    {"deals", CONTRACT},
    {"contract*", CONTRACT},
    {"agreement*", CONTRACT},
    {"stipulat*", CONTRACT},
    {"signed", CONTRACT},
    {"worth", CONTRACT},
    {"orders", CONTRACT},
    {"ordered", CONTRACT},
    {"plan", PLAN},
    {"plans", PLAN},
    {"planned", PLAN},
    {"planning", PLAN},
    {"aim", PLAN},
    {"aims", PLAN},
    {"aimed", PLAN},
    {"aiming", PLAN},
    {"target", PLAN},
    {"targets", PLAN},
    {"goal", PLAN},
    {"goals", PLAN},
    {"intend*", PLAN},
    {"expected to", PLAN},
    {"expects to", PLAN},
    {"projected", PLAN},
    {"will produce", PLAN},
    {"seeks", PLAN},
    {"wants", PLAN},
    {"capacity", CAPACITY},
    {"capable", CAPACITY},
    {"could produce", CAPACITY},
    {"can produce", CAPACITY},
    {"launch*", LAUNCH},
    {"fired", LAUNCH},
    {"firing", LAUNCH},
    {"attack*", LAUNCH},
    {"struck", LAUNCH},
    {"shot down", LAUNCH},
    {"used", LAUNCH},
    {"deployed", LAUNCH},
    {"produc*", PRODUCTION},
    {"manufactur*", PRODUCTION},
    {"build", PRODUCTION},
    {"builds", PRODUCTION},
    {"building", PRODUCTION},
    {"built", PRODUCTION},
    {"assembl*", PRODUCTION},
    {"output", PRODUCTION},
    {"make", PRODUCTION},
    {"makes", PRODUCTION},
    {"made", PRODUCTION},
    {"making", PRODUCTION},
    {"churn*", PRODUCTION},
    {"rolled", PRODUCTION},
    {"rolls", PRODUCTION},
    {"turn out", PRODUCTION},
    {"turning out", PRODUCTION},
    {"cost*", COST},
    {"cheaper", COST},
    {"expensive", COST},
    {"to produce", COST},
    {"to make", COST},
    {"price*", PRICE},
    {"sold", PRICE},
    {"sell*", PRICE},
    {"sale", PRICE},
    {"sales", PRICE},
    {"paid", PRICE},
    {"pay", PRICE},
    {"pays", PRICE},
    {"paying", PRICE},
    {"charg*", PRICE},
    {"bought", PRICE},
    {"buy*", PRICE},
    {"purchas*", PRICE},
    {"per drone", PER_ITEM},
    {"per unit", PER_ITEM},
    {"each", PER_ITEM},
    {"apiece", PER_ITEM},
    {"a piece", PER_ITEM},
    {"unit cost", PER_ITEM},
    {"locali*", SHARE},
    {"component*", SHARE},
    {"domestic*", SHARE},
    {"stages", SHARE},
    {"share", SHARE},
    {"proportion", SHARE},
    {"part", SHARE},
    {"parts", SHARE},
    {"produced locally", SHARE},
    {"flew", FLIGHT},
    {"flown", FLIGHT},
    {"landed", FLIGHT},
    {"departed", FLIGHT},
    {"flight", FLIGHT},
    {"flights", FLIGHT},
    {"arrived", FLIGHT},
    {"this", SAME_DEAL},
    {"the deal", SAME_DEAL},
    {"the contract", SAME_DEAL},
    {"partnership", SAME_DEAL},
    {"workers", PEOPLE},
    {"employees", PEOPLE},
    {"staff", PEOPLE},
    {"people", PEOPLE},
    {"students", PEOPLE},
    {"engineers", PEOPLE},
    {"personnel", PEOPLE},
    {"labourers", PEOPLE},
    {"laborers", PEOPLE},
    {"workforce", PEOPLE},
    // Titles that introduce a named source ("Defense Minister Denys Shmyhal", "Army
    // Undersecretary Gabe Camarillo") or follow one in apposition ("Denis Manturov, the deputy
    // prime minister"): learn_people reads the names around them.
    {"president", TITLE},
    {"minister", TITLE},
    {"commissioner", TITLE},
    {"undersecretary", TITLE},
    {"secretary", TITLE},
    {"spokesperson", TITLE},
    {"spokesman", TITLE},
    {"spokeswoman", TITLE},
    {"chancellor", TITLE},
    {"commander", TITLE},
    {"general", TITLE},
    {"ceo", TITLE},
    {"chief", TITLE},
    {"director", TITLE},
    {"head", TITLE},
    {"analyst", TITLE},
    // Words that introduce a firm ("German defense concern Rheinmetall", "the Czech company
    // STV Group", "Rheinmetall is a German defense concern").
    {"concern", TITLE},
    {"company", TITLE},
    {"manufacturer", TITLE},
    {"maker", TITLE},
    {"producer", TITLE},
    {"contractor", TITLE},
    {"corporation", TITLE},
    {"conglomerate", TITLE},
    {"double", MULTIPLIER},
    {"doubles", MULTIPLIER},
    {"doubling", MULTIPLIER},
    {"triple", MULTIPLIER},
    {"triples", MULTIPLIER},
    {"tripling", MULTIPLIER},
    {"treble", MULTIPLIER},
    {"trebles", MULTIPLIER},
    {"trebling", MULTIPLIER},
    {"quadruple*", MULTIPLIER},
    {"quintuple*", MULTIPLIER},
    {"sextuple*", MULTIPLIER},
    {"doubled", MULTIPLIER},
    {"tripled", MULTIPLIER},
    {"trebled", MULTIPLIER},
    {"twofold", MULTIPLIER},
    {"threefold", MULTIPLIER},
    {"fourfold", MULTIPLIER},
    {"fivefold", MULTIPLIER},
    {"sixfold", MULTIPLIER},
    {"sevenfold", MULTIPLIER},
    {"eightfold", MULTIPLIER},
    {"ninefold", MULTIPLIER},
    {"tenfold", MULTIPLIER},
    {"twentyfold", MULTIPLIER},
    {"fiftyfold", MULTIPLIER},
    {"hundredfold", MULTIPLIER},
    {"deliver*", DELIVERY},
    {"supplied", DELIVERY},
    {"supplies", DELIVERY},
    {"supply", DELIVERY},
    {"supplying", DELIVERY},
    {"shipped", DELIVERY},
    {"shipment*", DELIVERY},
    {"shipping", DELIVERY},
    {"transferred", DELIVERY},
    {"transfer*", DELIVERY},
    {"handed over", DELIVERY},
    {"sent", DELIVERY},
    {"send", DELIVERY},
    {"sending", DELIVERY},
    {"received", DELIVERY},
    {"receive", DELIVERY},
    {"provided", DELIVERY},
    {"provide", DELIVERY},
    {"donated", DELIVERY},
    {"stock", STOCK},
    {"stocks", STOCK},
    {"stockpile*", STOCK},
    {"inventory", STOCK},
    {"inventories", STOCK},
    {"fleet", STOCK},
    {"arsenal*", STOCK},
    {"reserve", STOCK},
    {"reserves", STOCK},
    {"in service", STOCK},
    {"in storage", STOCK},
    {"budget*", BUDGET},
    {"spending", BUDGET},
    {"spend", BUDGET},
    {"spends", BUDGET},
    {"spent", BUDGET},
    {"allocat*", BUDGET},
    {"invest*", BUDGET},
    {"funding", BUDGET},
    {"funds", BUDGET},
    {"fund", BUDGET},
    {"funded", BUDGET},
    {"financ*", BUDGET},
    {"earmark*", BUDGET},
    {"expenditure*", BUDGET},
    {"increase*", GROWTH},
    {"increasing", GROWTH},
    {"grew", GROWTH},
    {"grow", GROWTH},
    {"grows", GROWTH},
    {"growth", GROWTH},
    {"rose", GROWTH},
    {"risen", GROWTH},
    {"rise", GROWTH},
    {"rises", GROWTH},
    {"jump*", GROWTH},
    {"surg*", GROWTH},
    {"soar*", GROWTH},
    {"climb*", GROWTH},
    {"boost*", GROWTH},
    {"rais*", GROWTH},
    {"fell", GROWTH | DECLINE},
    {"fall", GROWTH | DECLINE},
    {"falls", GROWTH | DECLINE},
    {"fallen", GROWTH | DECLINE},
    {"decreas*", GROWTH | DECLINE},
    {"drop*", GROWTH | DECLINE},
    {"declin*", GROWTH | DECLINE},
    {"reduc*", GROWTH | DECLINE},
    {"shrank", GROWTH | DECLINE},
    {"down", DECLINE},
    {"lower", DECLINE},
    {"can", ABILITY},
    {"able", ABILITY},
    {"potential", ABILITY},
    {"will", FUTURE},
    {"would", FUTURE | FUTURE_IN_PAST},
    {"plans to", FUTURE},
    {"plan to", FUTURE},
    {"aims to", FUTURE},
    {"intends to", FUTURE},
    {"expected to", FUTURE},
    {"going to", FUTURE},
    {"wants to", FUTURE},
    {"is to", FUTURE},
    {"are to", FUTURE},
});

const detail::CueLexicon& cue_lexicon() {
    static const detail::CueLexicon lexicon{std::span(CUES)};
    return lexicon;
}

bool is_rate(const Quantity& q) { return !q.per.empty() && q.per != "unit"; }

std::string rate_unit(const Quantity& q) { return "unit/" + q.per; }

// What a figure is, beyond its own words: a multiplier compared with something ("three times
// more than the USA") is a comparison, not growth; a percentage after "by" ("rose by 23 per
// cent", "by 25% next year") is a change.
struct FigureContext {
    bool compared = false;  // "than" follows the figure within a few words
    bool after_by = false;  // the word before the figure is "by"
    bool of_after = false;  // "of" follows the figure: "40% of this potential"
};

// Sums this large are not the cost of one item unless the sentence says "each" or "per".
constexpr double LEAST_PROGRAMME_SUM = 1e7;

// Counted nouns that are occasions of use: "135 strikes", "38 missions".
bool occasions_of_use(std::string_view counted) {
    const std::string w = detail::ascii_lower(counted);
    return w == "strikes" || w == "missions" || w == "sorties" || w == "attacks" || w == "launches";
}

// Which metric a figure measures, from its kind and the cues of its clause or sentence.
std::string classify(const Quantity& q, std::uint32_t cues, const FigureContext& context) {
    if (q.unit == "x") return context.compared ? "other" : "growth";
    switch (q.kind) {
        case QuantityKind::currency: {
            bool per_item = q.per == "unit" || (cues & PER_ITEM);
            if ((cues & CONTRACT) && !per_item) return "contract_value";
            // A programme's sum in a sentence about money set aside: "the budget includes ... funds
            // for weapon purchases, amounting to almost $7 billion".
            if ((cues & BUDGET) && !per_item && q.value >= LEAST_PROGRAMME_SUM) return "budget";
            if (cues & PRICE) return per_item ? "unit_price" : "other";
            if ((cues & COST) && !per_item && q.value >= LEAST_PROGRAMME_SUM) return "budget";
            if (cues & COST) return per_item || (cues & PRODUCTION) ? "unit_cost" : "other";
            // What an industry can make, counted in money: "a production capacity of €34
            // billion", "production potential could reach US$20 billion".
            if (!per_item && ((cues & CAPACITY) || ((cues & ABILITY) && (cues & PRODUCTION))))
                return "capacity";
            if (cues & BUDGET) return "budget";
            return "other";
        }
        case QuantityKind::percent:
            if ((cues & SHARE) || (context.of_after && !context.after_by)) return "share";
            if (context.after_by || (cues & GROWTH)) return "growth";
            return "other";
        case QuantityKind::length:
            return "distance";
        case QuantityKind::area:
            return "floor_area";
        case QuantityKind::count: {
            if (q.unit == "person" || (cue_lexicon().scan(detail::ascii_lower(q.counted)) & PEOPLE))
                return "workforce";
            if (occasions_of_use(q.counted)) return "launches";
            if (cues & CONTRACT) return "contract_quantity";
            if (cues & DELIVERY) return "deliveries";
            // "The annual capacity is planned to be ...": a capacity, of kind target.
            if (cues & CAPACITY) return "capacity";
            if (cues & PLAN) return "plan";
            if (cues & LAUNCH) return "launches";
            if (cues & STOCK) return "stockpile";
            if (cues & PRODUCTION) return is_rate(q) ? "production_rate" : "production_total";
            return "other";
        }
        default:
            return "other";
    }
}

// The canonical unit a claim of `metric` carries.
std::string claim_unit(const std::string& metric, const Quantity& q) {
    if (metric == "unit_cost" || metric == "unit_price")
        return q.unit.find('/') == std::string::npos ? q.unit + "/unit" : q.unit;
    if (q.kind == QuantityKind::count) {
        if (metric == "workforce") return "person";
        return is_rate(q) ? rate_unit(q) : "unit";
    }
    return q.unit;
}

// Metrics whose claims describe a time; a distance does not.
bool is_timed(const std::string& metric) { return metric != "distance"; }

bool is_target(const std::string& metric) {
    return metric == "contract_quantity" || metric == "contract_value" || metric == "plan";
}

// Clause breaks: punctuation that separates a figure from a date that belongs elsewhere.
bool is_clause_break(char c) { return c == ',' || c == ';' || c == ':' || c == '(' || c == ')'; }

// The clause breaks of one sentence, counted once so that each question about them costs
// O(1) however many figures and dates the sentence holds (issue 12: linear time).
class ClauseBreaks {
public:
    explicit ClauseBreaks(std::string_view s) : m_before(s.size() + 1, 0) {
        for (std::size_t i = 0; i < s.size(); ++i) {
            // The comma of "1,000" groups digits; it separates nothing.
            const bool grouping = s[i] == ',' && i > 0 && i + 1 < s.size() && detail::is_digit(s[i - 1]) &&
                                  detail::is_digit(s[i + 1]);
            m_before[i + 1] = m_before[i] + (is_clause_break(s[i]) && !grouping ? 1u : 0u);
        }
    }
    // Is there a break in [a, b) (or [b, a))?
    bool between(std::size_t a, std::size_t b) const {
        if (a > b) std::swap(a, b);
        b = std::min(b, m_before.size() - 1);
        return a < b && m_before[b] != m_before[a];
    }
    // The clause holding [start, end): from the clause break before it to the one after.
    std::pair<std::size_t, std::size_t> around(std::size_t start, std::size_t end) const {
        // The last position <= start with the same count before it, and the first >= end.
        auto b = std::lower_bound(m_before.begin(), m_before.begin() + static_cast<std::ptrdiff_t>(start) + 1,
                                  m_before[start]);
        auto e = std::upper_bound(m_before.begin() + static_cast<std::ptrdiff_t>(end), m_before.end(),
                                  m_before[end]);
        return {static_cast<std::size_t>(b - m_before.begin()),
                static_cast<std::size_t>(e - m_before.begin()) - 1};
    }

private:
    std::vector<std::uint32_t> m_before;  // m_before[i] = breaks in s[0, i)
};

// The words of the clause that holds position `p`, lower-cased, from its start to `p`.
std::string clause_prefix(const std::string& lower, std::size_t p) {
    std::size_t b = p;
    while (b > 0 && lower[b - 1] != ',' && lower[b - 1] != ';' && lower[b - 1] != ':') --b;
    while (b < p && lower[b] == ' ') ++b;
    return lower.substr(b, p - b);
}

// "Following X in February 2022, ..." → from the start of that period to the end of its
// year: the event came after the date, within what the sentence lets us bound.
Period after_period(const Period& p) {
    return {p.first, core::make_date(static_cast<int>(p.first.year()), 12, 31)};
}

// After "2,700 Geran-2", an optional generic noun and a rate: "drones per month".
void extend_with_rate(std::string_view sentence, Quantity& q) {
    static constexpr std::array<std::string_view, 6> NOUNS = {" drones",   " units", " aircraft",
                                                              " missiles", " uavs",  " decoys"};
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> RATES = {{
        {" per month", "month"},
        {" a month", "month"},
        {" each month", "month"},
        {" monthly", "month"},
        {" per day", "day"},
        {" a day", "day"},
        {" each day", "day"},
        {" daily", "day"},
        {" per year", "year"},
        {" a year", "year"},
        {" annually", "year"},
        {" per week", "week"},
    }};
    auto starts_at = [&](std::size_t pos, std::string_view word) {
        if (pos + word.size() > sentence.size()) return false;
        for (std::size_t k = 0; k < word.size(); ++k)
            if (detail::ascii_lower(sentence.substr(pos + k, 1))[0] != word[k]) return false;
        std::size_t after = pos + word.size();
        return after == sentence.size() || !std::isalnum(static_cast<unsigned char>(sentence[after]));
    };
    std::size_t end = q.end;
    for (auto noun : NOUNS)
        if (starts_at(end, noun)) {
            end += noun.size();
            break;
        }
    for (const auto& [phrase, per] : RATES)
        if (starts_at(end, phrase)) {
            q.per = std::string(per);
            end += phrase.size();
            break;
        }
    q.end = end;
}

// "250 000 artillery pieces per month", "400 new tanks every year", "eight million drones
// of various types annually": a count stays a rate when a few words of its noun phrase stand
// between it and the period. Looks at most six words ahead and never past punctuation, a digit,
// a verb-like break ("was", "were") or a preposition of time ("in", "within", "over"), so the
// period belongs to the same phrase.
void extend_rate_over_words(std::string_view sentence, Quantity& q) {
    if (q.kind != QuantityKind::count || !q.per.empty()) return;
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> SINGLE = {{
        {"monthly", "month"},
        {"daily", "day"},
        {"weekly", "week"},
        {"annually", "year"},
        {"yearly", "year"},
        {"day", "day"},
        {"week", "week"},
        {"month", "month"},
        {"year", "year"},
        {"annum", "year"},
    }};
    static constexpr std::array<std::string_view, 5> RATE_WORDS = {"per", "a", "an", "each", "every"};
    // A preposition of time starts a span, not a rate: "one million rounds within a year".
    static constexpr std::array<std::string_view, 19> STOPS = {
        "was", "were", "is",     "are",  "has",    "have", "had",   "in",     "by",   "than",
        "and", "or",   "within", "over", "during", "for",  "after", "before", "since"};
    auto word_at = [&](std::size_t b) {
        std::size_t e = b;
        while (e < sentence.size() && (std::isalnum(static_cast<unsigned char>(sentence[e])) ||
                                       sentence[e] == '-' || sentence[e] == '\''))
            ++e;
        return e;
    };
    // Lower-cased into a small buffer, without allocating; longer words are never rate words
    // and come back as "-" (a filler word).
    struct Small {
        std::array<char, 12> buf{};
        std::size_t n = 0;
        std::string_view view() const { return {buf.data(), n}; }
    };
    auto lower_word = [&](std::size_t b, std::size_t e) {
        Small w;
        if (e - b > w.buf.size()) {
            w.buf[0] = '-';
            w.n = 1;
            return w;
        }
        for (std::size_t k = b; k < e; ++k)
            w.buf.at(w.n++) = static_cast<char>(std::tolower(static_cast<unsigned char>(sentence[k])));
        return w;
    };
    auto find_single = [&](std::string_view w) -> std::string_view {
        for (const auto& [word, per] : SINGLE)
            if (w == word) return per;
        return {};
    };
    std::size_t p = q.end;
    for (int words = 0; words < 7; ++words) {
        std::size_t b = p;
        while (b < sentence.size() && sentence[b] == ' ') ++b;
        if (b == p || b >= sentence.size()) return;
        const std::size_t e = word_at(b);
        if (e == b) return;  // punctuation: the phrase ends
        const Small small = lower_word(b, e);
        const std::string_view w = small.view();
        if (std::isdigit(static_cast<unsigned char>(w[0]))) return;
        if (w == "monthly" || w == "daily" || w == "weekly" || w == "annually" || w == "yearly") {
            q.per = std::string(find_single(w));
            q.end = e;
            return;
        }
        if (std::find(RATE_WORDS.begin(), RATE_WORDS.end(), w) != RATE_WORDS.end()) {
            std::size_t b2 = e;
            while (b2 < sentence.size() && sentence[b2] == ' ') ++b2;
            const std::size_t e2 = word_at(b2);
            if (b2 > e && e2 > b2) {
                const Small per_word = lower_word(b2, e2);
                std::string_view per = find_single(per_word.view());
                const std::size_t after = word_at(std::min(sentence.size(), e2 + 1));
                const Small next_word = e2 < sentence.size() ? lower_word(e2 + 1, after) : Small{};
                const std::string_view next = next_word.view();
                const bool time_anchor = next == "ago" || next == "earlier" || next == "later" ||
                                         next == "before" || next == "after";  // "a year ago"
                if (!per.empty() && !time_anchor) {
                    q.per = std::string(per);
                    q.end = e2;
                    return;
                }
            }
            if (w == "per") return;
        }
        if (std::find(STOPS.begin(), STOPS.end(), w) != STOPS.end()) return;
        p = e;
    }
}

using detail::bare_name;

// Byte ranges of the words of `s` (letters, digits, hyphens, apostrophes and any non-ASCII byte,
// so "Umierov" and "Zelenskyy’s" stay one word).
std::vector<std::pair<std::size_t, std::size_t>> word_spans(std::string_view s) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    std::size_t i = 0;
    auto in_word = [&](std::size_t k) {
        const auto c = static_cast<unsigned char>(s[k]);
        return std::isalnum(c) || c == '-' || c == '\'' || c >= 0x80;
    };
    while (i < s.size()) {
        while (i < s.size() && !in_word(i)) ++i;
        std::size_t b = i;
        while (i < s.size() && in_word(i)) ++i;
        if (i > b) out.emplace_back(b, i);
    }
    return out;
}

// Multipliers written as one word: "tenfold", "fiftyfold", "doubled", "tripled", "quadrupled".
// Their value, or 0. `w` is lower case.
double multiplier_word(std::string_view w) {
    static constexpr std::array<std::pair<std::string_view, double>, 24> VERBS = {{
        {"doubled", 2},     {"tripled", 3},    {"trebled", 3},    {"quadrupled", 4},  {"quintupled", 5},
        {"sextupled", 6},   {"double", 2},     {"doubles", 2},    {"doubling", 2},    {"triple", 3},
        {"triples", 3},     {"tripling", 3},   {"treble", 3},     {"quadruple", 4},   {"quadruples", 4},
        {"quadrupling", 4}, {"quintuple", 5},  {"quintuples", 5}, {"quintupling", 5}, {"sextuple", 6},
        {"sextuples", 6},   {"sextupling", 6}, {"trebles", 3},    {"trebling", 3},
    }};
    for (const auto& [verb, v] : VERBS)
        if (w == verb) return v;
    static constexpr std::array<std::pair<std::string_view, double>, 12> FOLD = {{
        {"two", 2},
        {"three", 3},
        {"four", 4},
        {"five", 5},
        {"six", 6},
        {"seven", 7},
        {"eight", 8},
        {"nine", 9},
        {"ten", 10},
        {"twenty", 20},
        {"fifty", 50},
        {"hundred", 100},
    }};
    constexpr std::string_view SUFFIX = "fold";
    if (w.size() <= SUFFIX.size() || w.substr(w.size() - SUFFIX.size()) != SUFFIX) return 0;
    std::string_view stem = w.substr(0, w.size() - SUFFIX.size());
    if (!stem.empty() && stem.back() == '-') stem.remove_suffix(1);
    for (const auto& [word, v] : FOLD)
        if (stem == word) return v;
    return 0;
}

// A one-word multiplier ("tenfold", "tripled") at [b, e) joins the figures unless one of them
// already covers it.
void add_word_multiplier(std::string_view sentence, std::size_t b, std::size_t e,
                         std::vector<Quantity>& candidates) {
    const double v = multiplier_word(detail::ascii_lower(sentence.substr(b, e - b)));
    if (v == 0) return;
    // "double-digit", "a double agent", "the triple alliance": adjectives, not multipliers.
    if (e < sentence.size() && sentence[e] == '-') return;
    {
        std::size_t pe = b;
        while (pe > 0 && sentence[pe - 1] == ' ') --pe;
        std::size_t pb = pe;
        while (pb > 0 && std::isalpha(static_cast<unsigned char>(sentence[pb - 1]))) --pb;
        const std::string before = detail::ascii_lower(sentence.substr(pb, pe - pb));
        if (before == "a" || before == "an" || before == "the") return;
    }
    if (std::any_of(candidates.begin(), candidates.end(),
                    [&](const Quantity& c) { return c.start < e && b < c.end; }))
        return;
    Quantity m;
    m.start = m.value_start = b;
    m.end = m.value_end = e;
    m.kind = QuantityKind::number;
    m.value = m.source_value = v;
    m.unit = "x";
    // "more than double"
    constexpr std::string_view MORE_THAN = "more than ";
    if (b >= MORE_THAN.size() &&
        detail::ascii_lower(sentence.substr(b - MORE_THAN.size(), MORE_THAN.size())) == MORE_THAN) {
        m.start = b - MORE_THAN.size();
        m.qualifier = core::Qualifier::over;
        m.low = v;
    }
    candidates.push_back(std::move(m));
}

// Whether one of the two words before byte `p` is a verb of growth: "grew almost 22 times",
// "increased tenfold".
bool after_growth_verb(std::string_view sentence, std::size_t p) {
    constexpr int WORDS_BACK = 2;
    std::size_t e = p;
    for (int n = 0; n < WORDS_BACK; ++n) {
        while (e > 0 && sentence[e - 1] == ' ') --e;
        std::size_t b = e;
        while (b > 0 && std::isalpha(static_cast<unsigned char>(sentence[b - 1]))) --b;
        if (b == e) return false;
        const std::string w = detail::ascii_lower(sentence.substr(b, e - b));
        for (std::string_view stem : {"grew", "grow", "rose", "risen", "increas", "jump", "multipl", "expand",
                                      "soar", "surg", "boost", "rais"})
            if (w.starts_with(stem)) return true;
        e = b;
    }
    return false;
}

// Growth and multipliers as figures in unit "x": "50 times", "three times higher", "a factor of
// 22", "50-fold", "tenfold", "tripled". Frequencies ("three times a day") are not multipliers.
// Returns true when `q` (a bare number) was taken as one.
bool take_multiplier(std::string_view sentence, Quantity& q) {
    if (q.value < 1.1 || q.value > 10000) return false;
    // The ASCII letters at `b`, and whether they spell `word` in any case; no allocation.
    auto word_end_at = [&](std::size_t b) {
        std::size_t e = b;
        while (e < sentence.size() && std::isalpha(static_cast<unsigned char>(sentence[e]))) ++e;
        return e;
    };
    auto is = [&](std::size_t b, std::size_t e, std::string_view word) {
        if (e - b != word.size()) return false;
        for (std::size_t k = 0; k < word.size(); ++k)
            if (std::tolower(static_cast<unsigned char>(sentence[b + k])) != word[k]) return false;
        return true;
    };
    std::size_t t = q.end;
    if (t < sentence.size() && sentence[t] == '-') {
        const std::size_t e = word_end_at(t + 1);
        if (!is(t + 1, e, "fold")) return false;
        q.end = e;
        q.unit = "x";
        return true;
    }
    while (t < sentence.size() && sentence[t] == ' ') ++t;
    const std::size_t e = word_end_at(t);
    if (is(t, e, "times") || is(t, e, "fold")) {
        std::size_t n = e;
        while (n < sentence.size() && sentence[n] == ' ') ++n;
        const std::size_t ne = word_end_at(n);
        // "three times a day", "five times since 2022": a frequency or a count of occasions,
        // unless a verb of growth stands before the number ("grew 22 times in two years").
        if (!after_growth_verb(sentence, q.start))
            for (std::string_view frequency :
                 {"a", "per", "each", "every", "daily", "since", "before", "in", "during"})
                if (is(n, ne, frequency)) return false;
        q.end = e;
        q.unit = "x";
        return true;
    }
    // "by a factor of 22"
    constexpr std::string_view FACTOR = "factor of";
    std::size_t b = q.start;
    while (b > 0 && sentence[b - 1] == ' ') --b;
    if (b >= FACTOR.size() && is(b - FACTOR.size(), b, FACTOR)) {
        q.unit = "x";
        return true;
    }
    return false;
}

// Whether "than" follows the figure within MAX_WORDS words of its clause, and whether "by"
// stands just before it.
FigureContext figure_context(std::string_view sentence, const Quantity& q) {
    constexpr int MAX_WORDS = 3;
    FigureContext out;
    std::size_t p = q.end;
    for (int n = 0; n < MAX_WORDS; ++n) {
        while (p < sentence.size() && sentence[p] == ' ') ++p;
        std::size_t e = p;
        while (e < sentence.size() && std::isalpha(static_cast<unsigned char>(sentence[e]))) ++e;
        if (e == p) break;
        const std::string w = detail::ascii_lower(sentence.substr(p, e - p));
        if (w == "than") out.compared = true;
        if (w == "of" && n == 0) out.of_after = true;
        p = e;
    }
    std::size_t b = q.start;
    while (b > 0 && sentence[b - 1] == ' ') --b;
    out.after_by = b >= 3 && detail::ascii_lower(sentence.substr(b - 3, 3)) == " by";
    if (b == 2) out.after_by = detail::ascii_lower(sentence.substr(0, 2)) == "by";
    return out;
}

struct Figure {
    Quantity q;
    std::string metric;
    std::uint32_t clause_cues = 0;  // the cues of the figure's own clause
};

// What a figure states, from its metric and the words of its clause: plans, orders and
// contracts are targets, and so is anything the clause puts in the future ("will", "plans
// to", "would" reported); capacity and a weapon's range are capabilities, and so is what a
// clause says can be done; the rest is actual. A plant's capacity still to come is a target.
core::FigureKind figure_kind(const std::string& metric, std::uint32_t clause_cues) {
    using core::FigureKind;
    const bool future = (clause_cues & (FUTURE | PLAN)) != 0;
    if (metric == "plan" || metric == "contract_value" || metric == "contract_quantity")
        return FigureKind::target;
    if (metric == "capacity") return future ? FigureKind::target : FigureKind::capability;
    if (metric == "distance") return FigureKind::capability;
    if (future) return FigureKind::target;
    if (clause_cues & (ABILITY | CAPACITY)) return FigureKind::capability;
    return FigureKind::actual;
}

const Entity* most_salient(const std::map<const Entity*, int>& counts, EntityKind kind) {
    const Entity* best = nullptr;
    int best_count = 0;
    for (const auto& [e, n] : counts)
        if (e->kind == kind && (n > best_count || (n == best_count && best && e->name < best->name))) {
            best = e;
            best_count = n;
        }
    return best;
}

// Degrees with four decimals (about 10 m), as event roles hold text.
std::string degrees_text(double deg) { return fmt::format("{:.4f}", deg); }

// Aircraft families reckon names in flight events: written forms → canonical type.
struct AircraftType {
    std::string_view written;  // lower case, as it starts in text
    std::string_view canonical;
};
constexpr std::array<AircraftType, 12> AIRCRAFT_TYPES = {{
    {"ilyushin-76", "Il-76"},
    {"ilyushin il-76", "Il-76"},
    {"il-76", "Il-76"},
    {"il76", "Il-76"},
    {"antonov-124", "An-124"},
    {"an-124", "An-124"},
    {"an-12", "An-12"},
    {"il-62", "Il-62"},
    {"tu-204", "Tu-204"},
    {"boeing 747", "B747"},
    {"il-96", "Il-96"},
    {"antonov an-124", "An-124"},
}};
constexpr std::array<std::string_view, 6> OPERATOR_WORDS = {"Airlines", "Airline", "Airways",
                                                            "Aviation", "Cargo",   "Air"};

bool is_capitalised_word_at(std::string_view s, std::size_t p) {
    return p < s.size() && std::isupper(static_cast<unsigned char>(s[p]));
}

// Capitalised words starting at `p` ("Tehran", "New Delhi"), up to 3.
std::string capitalised_run(std::string_view s, std::size_t p) {
    std::size_t e = p;
    int words = 0;
    while (words < 3 && is_capitalised_word_at(s, e)) {
        while (e < s.size() && (std::isalnum(static_cast<unsigned char>(s[e])) || s[e] == '-')) ++e;
        ++words;
        if (e + 1 < s.size() && s[e] == ' ' && is_capitalised_word_at(s, e + 1))
            ++e;
        else
            break;
    }
    return std::string(s.substr(p, e - p));
}

}  // namespace

namespace {

// The bytes [b, e) of `sentence` that clip_sentence keeps for a figure at [start, end).
std::pair<std::size_t, std::size_t> clip_bounds(std::string_view sentence, std::size_t start,
                                                std::size_t end) {
    if (sentence.size() <= MAX_WHOLE_SENTENCE_BYTES) return {0, sentence.size()};
    end = std::min(end, sentence.size());
    start = std::min(start, end);
    auto is_continuation = [&](std::size_t i) {
        return i < sentence.size() && (static_cast<unsigned char>(sentence[i]) & 0xC0) == 0x80;
    };
    std::size_t b = start > SENTENCE_CONTEXT_BYTES ? start - SENTENCE_CONTEXT_BYTES : 0;
    std::size_t e = std::min(sentence.size(), end + SENTENCE_CONTEXT_BYTES);
    while (b < start && is_continuation(b)) ++b;  // never cut a code point
    while (e > end && is_continuation(e)) --e;
    return {b, e};
}

// The place of a sentence read at `offset` whose clip for a figure at [start, end) is kept:
// the whole-sentence span is the piece's until add_paragraph sets the sentence's own.
core::SentencePlace clip_place(std::string_view sentence, std::uint64_t offset, std::size_t start,
                               std::size_t end) {
    const auto [b, e] = clip_bounds(sentence, start, end);
    return {
        .start = offset, .end = offset + sentence.size(), .clip_start = offset + b, .clip_end = offset + e};
}

}  // namespace

std::string clip_sentence(std::string_view sentence, std::size_t start, std::size_t end) {
    if (sentence.size() <= MAX_WHOLE_SENTENCE_BYTES) return std::string(sentence);
    static constexpr std::string_view ELLIPSIS = "\xE2\x80\xA6";  // U+2026
    const auto [b, e] = clip_bounds(sentence, start, end);
    std::string out;
    out.reserve(e - b + 2 * (ELLIPSIS.size() + 1));
    if (b > 0) {
        out += ELLIPSIS;
        out += ' ';
    }
    out += sentence.substr(b, e - b);
    if (e < sentence.size()) {
        out += ' ';
        out += ELLIPSIS;
    }
    return out;
}

namespace {

// "He said", "she added", "\" he said" after a closing quote, "he now says": a pronoun that
// stands for the source named last.
bool is_pronoun_source(std::string_view t) {
    static constexpr std::array<std::string_view, 5> QUOTES = {"\"", "'", "\xE2\x80\x9D", "\xE2\x80\x9C",
                                                               "\xE2\x80\x99"};
    for (bool skipped = true; skipped;) {
        skipped = false;
        while (!t.empty() && (t.front() == ' ' || t.front() == ',')) t.remove_prefix(1), skipped = true;
        for (std::string_view q : QUOTES)
            if (t.starts_with(q)) t.remove_prefix(q.size()), skipped = true;
    }
    constexpr std::string_view ACCORDING_TO = "according to ";  // "According to him"
    if (detail::ascii_lower(t.substr(0, ACCORDING_TO.size())) == ACCORDING_TO)
        t.remove_prefix(ACCORDING_TO.size());
    const std::string w = detail::ascii_lower(t.substr(0, t.find(' ')));
    return w == "he" || w == "she" || w == "they" || w == "him" || w == "her" || w == "them";
}

// A capitalised word that opens a clause and is not a name ("It is a ...", "This was ...").
bool is_pronoun_word(std::string_view w) {
    static constexpr std::array<std::string_view, 13> WORDS = {
        "It", "This", "That", "He", "She", "They", "There", "What", "Which", "Who", "The", "Its", "These"};
    return std::find(WORDS.begin(), WORDS.end(), w) != WORDS.end();
}

}  // namespace

ClaimExtractor::ClaimExtractor(ExtractOptions options) : m_options(std::move(options)) {}

void ClaimExtractor::add_paragraph(std::string_view paragraph, std::uint64_t offset,
                                   std::vector<Claim>& claims, std::vector<core::Event>& events) {
    // An overlong sentence is cut at a sentence end or a space within this many bytes before
    // MAX_SENTENCE_BYTES, else at a code point; each piece is read as a sentence of its own.
    constexpr std::size_t PIECE_LOOK_BACK_BYTES = 256;
    const std::size_t first_claim = claims.size();
    const std::vector<SentenceSpan> spans = split_sentences(paragraph);
    for (const auto& span : spans) {
        m_sentence_claims_kept = 0;
        std::string_view sentence = paragraph.substr(span.start, span.end - span.start);
        std::uint64_t at = offset + span.start;
        const std::size_t first_claim_here = claims.size();
        const std::size_t first_event_here = events.size();
        if (sentence.size() > MAX_SENTENCE_BYTES) ++m_dropped.long_sentences;
        while (sentence.size() > MAX_SENTENCE_BYTES) {
            const std::size_t cut = docread::safe_cut(sentence, MAX_SENTENCE_BYTES, PIECE_LOOK_BACK_BYTES);
            add_sentence(sentence.substr(0, cut), at, claims, events);
            sentence.remove_prefix(cut);
            at += cut;
        }
        add_sentence(sentence, at, claims, events);
        // Each piece's claims and events refer to the whole sentence, not the piece.
        auto set_whole = [&](core::SentencePlace& place) {
            place.start = offset + span.start;
            place.end = offset + span.end;
        };
        for (std::size_t i = first_claim_here; i < claims.size(); ++i) set_whole(claims[i].sentence_place);
        for (std::size_t i = first_event_here; i < events.size(); ++i) set_whole(events[i].sentence_place);
    }
    attribute_from_neighbours(paragraph, offset, spans, first_claim, claims);
    // A source the paragraph's last figure took from a neighbouring sentence is now the one
    // the document named last ("The representative of NATO reported that ... . About 3.5
    // million people ...").
    for (std::size_t i = claims.size(); i-- > first_claim;) {
        const core::Attribution& a = claims[i].attribution;
        if (a.text.empty()) continue;
        if (a.source_class != core::SourceClass::unattributed) {
            m_last_source = a;
            m_unsourced.clear();
        }
        break;
    }
    // A figure with no source in its paragraph takes the one the document named last before
    // it: a report's source ("This is reported by CNN with reference to ...") covers the
    // paragraphs after it until another is named.
    for (const auto& [index, source] : m_earlier_source)
        if (index < claims.size() && claims[index].attribution.text.empty())
            claims[index].attribution = source;
    m_earlier_source.clear();
    for (std::size_t i = first_claim; i < claims.size(); ++i)
        if (claims[i].attribution.source_class == core::SourceClass::unattributed &&
            m_unsourced.size() < MAX_CLAIMS_PER_DOCUMENT)
            m_unsourced.push_back(i);
}

namespace {

// A sentence that gives the source of what came before it or of the article ("Source:
// President Volodymyr Zelenskyy, speaking at ..."): "This was reported by the
// Minister of Defense ...", "The press service of Rheinmetall writes about it.", "Deutsche
// Welle writes about this with reference to the company's press release." (`lower` is the
// sentence lower-cased, `cues` its cue bits.)
bool reports_what_came_before(std::string_view lower, std::uint32_t cues) {
    if (cues & ABOUT_IT) return true;
    while (!lower.empty() && (lower.front() == ' ' || lower.front() == '"')) lower.remove_prefix(1);
    static constexpr std::array<std::string_view, 6> OPENINGS = {"this is ", "this was ", "this has been ",
                                                                 "it was ",  "that was ", "source:"};
    return std::ranges::any_of(OPENINGS, [lower](std::string_view o) { return lower.starts_with(o); });
}

}  // namespace

// The source such a sentence names covers the figures read before it whose source has no class
// ("Seoul found 10,000 containers ... . This was reported by the Minister of Defence ..."),
// back to the last source of known class, and the figures after it until another is named.
void ClaimExtractor::source_earlier_claims(std::string_view sentence, std::vector<Claim>& claims) {
    std::optional<core::Attribution> a =
        find_attribution(sentence, [this](core::Attribution& s) { refine_source(s); });
    if (!a || a->source_class == core::SourceClass::unattributed) return;
    for (std::size_t i : m_unsourced)
        if (i < claims.size() && claims[i].attribution.source_class == core::SourceClass::unattributed)
            claims[i].attribution = *a;
    m_unsourced.clear();
    m_last_source = std::move(a);
}

// A figure whose own sentence names no source takes the source named in the same paragraph:
// the sentence before, else the one after ("..., he said." / "The report says ..."), else the
// nearest earlier one. Sentences are only read again for paragraphs with such a figure.
void ClaimExtractor::attribute_from_neighbours(std::string_view paragraph, std::uint64_t offset,
                                               const std::vector<SentenceSpan>& spans,
                                               std::size_t first_claim, std::vector<Claim>& claims) {
    if (spans.size() < 2 || first_claim >= claims.size()) return;
    std::vector<std::optional<std::optional<core::Attribution>>> cache(spans.size());
    auto source_of = [&](std::size_t i) -> const std::optional<core::Attribution>& {
        if (!cache[i]) {
            std::string_view sentence = paragraph.substr(spans[i].start, spans[i].end - spans[i].start);
            if (sentence.size() > MAX_SENTENCE_BYTES) sentence = sentence.substr(0, MAX_SENTENCE_BYTES);
            std::optional<core::Attribution> a =
                find_attribution(sentence, [this](core::Attribution& s) { refine_source(s); });
            if (a && a->text.empty()) a.reset();
            if (a && a->source_class == core::SourceClass::unattributed && m_last_source) {
                if (is_pronoun_source(a->text)) a->source_class = m_last_source->source_class;
            }
            cache[i] = std::move(a);
        }
        return *cache[i];
    };
    // Claims come in document order, so the sentence of each is found by walking forward once;
    // earlier sentences are looked at only this far back, to keep the work linear.
    constexpr std::size_t LOOK_BACK_SENTENCES = 6;
    std::size_t si = 0;
    std::vector<std::size_t> order;
    for (std::size_t ci = first_claim; ci < claims.size(); ++ci) {
        Claim& c = claims[ci];
        if (!c.attribution.text.empty()) continue;
        const std::uint64_t at = c.start - std::min(c.start, offset);
        while (si + 1 < spans.size() && spans[si + 1].start <= at) ++si;
        order.clear();
        if (si > 0) order.push_back(si - 1);
        if (si + 1 < spans.size()) order.push_back(si + 1);
        for (std::size_t k = si > 1 ? si - 1 : 0; k-- > 0 && si - k <= LOOK_BACK_SENTENCES;)
            order.push_back(k);
        for (std::size_t k : order) {
            const auto& a = source_of(k);
            if (a) {
                c.attribution = *a;
                break;
            }
        }
    }
}

namespace {

// A number written as a year ("2024"): four plain digits from 1800 to 2100.
bool year_like(std::string_view sentence, const Quantity& q) {
    constexpr double FIRST_YEAR = 1800;
    constexpr double LAST_YEAR = 2100;
    constexpr std::size_t YEAR_DIGITS = 4;
    const std::string_view text = sentence.substr(q.start, q.end - q.start);
    return text.size() == YEAR_DIGITS &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
           q.value >= FIRST_YEAR && q.value <= LAST_YEAR;
}

// A token of a noun phrase after a number: letters, digits, hyphens and UTF-8 (model codes
// written with any hyphen character), ending at a space or punctuation.
std::size_t noun_token_end(std::string_view s, std::size_t b) {
    std::size_t e = b;
    while (e < s.size()) {
        const auto c = static_cast<unsigned char>(s[e]);
        if (std::isalnum(c) || c == '-' || c == '"' || (c >= 0x80 && detail::space_len(s, e) == 0))
            ++e;
        else
            break;
    }
    return e;
}

// A token without the quotation marks around a name ("Proryv", “Proryv”, «Proryv»).
std::string_view strip_quotes(std::string_view t) {
    static constexpr std::array<std::string_view, 6> QUOTES = {"\"",       "\xE2\x80\x9C", "\xE2\x80\x9D",
                                                               "\xC2\xAB", "\xC2\xBB",     "\xE2\x80\x9E"};
    for (bool changed = true; changed && !t.empty();) {
        changed = false;
        for (std::string_view q : QUOTES) {
            if (t.starts_with(q)) t.remove_prefix(q.size()), changed = true;
            if (t.ends_with(q)) t.remove_suffix(q.size()), changed = true;
        }
    }
    return t;
}

// Words ending in s that are not plural nouns.
bool is_s_word(std::string_view w) {
    static constexpr std::array<std::string_view, 16> WORDS = {
        "this",    "plus",    "thus",    "less", "unless", "across", "always", "perhaps",
        "whereas", "towards", "besides", "does", "was",    "has",    "its",    "his"};
    return std::find(WORDS.begin(), WORDS.end(), w) != WORDS.end();
}

// What a bare number counts when words stand between it and the noun: words that say which
// ("400 new tanks", "400,000 more workers", "newly-made", "state-owned") and model names or
// codes ("150 T-80BVM tanks", "1,970 PAC-3 MSE missiles", "250 T-90M \"Proryv\" tanks"). The
// noun is the first plain lower-case word after one to MAX_NOUN_MODIFIERS such words, and is a
// plural or names people; its span, or nullopt.
std::optional<std::pair<std::size_t, std::size_t>> noun_after_modifiers(std::string_view s, std::size_t p) {
    constexpr int MAX_NOUN_MODIFIERS = 4;
    static constexpr std::array<std::string_view, 6> PLAIN_MODIFIERS = {"new",   "more",    "other",
                                                                        "extra", "further", "additional"};
    for (int modifiers = 0; modifiers <= MAX_NOUN_MODIFIERS; ++modifiers) {
        std::size_t b = p;
        for (std::size_t g = 0; (g = detail::space_len(s, b)) != 0;) b += g;
        if (b == p) return std::nullopt;
        const std::size_t e = noun_token_end(s, b);
        const std::string_view token = strip_quotes(s.substr(b, e - b));
        if (token.empty()) return std::nullopt;
        const bool lower_word =
            std::all_of(token.begin(), token.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        const bool lower_compound = token.find('-') != std::string_view::npos &&
                                    std::all_of(token.begin(), token.end(),
                                                [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; });
        const bool name_or_code =
            (token[0] >= 'A' && token[0] <= 'Z') ||
            std::any_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (lower_word &&
            std::find(PLAIN_MODIFIERS.begin(), PLAIN_MODIFIERS.end(), token) == PLAIN_MODIFIERS.end()) {
            const bool plural =
                token.size() >= 4 && token.back() == 's' && !token.ends_with("ss") && !is_s_word(token);
            const bool people = (cue_lexicon().scan(token) & PEOPLE) != 0;
            if (modifiers == 0 || !(plural || people)) return std::nullopt;
            return std::pair{b, e};
        }
        if (!lower_word && !lower_compound && !name_or_code) return std::nullopt;
        p = e;
    }
    return std::nullopt;
}

// "60 to 80 newly-made tanks": a bare number joined by "to" or a dash to the count after it
// is the low end of a range of that count.
void join_range_before(std::string_view sentence, const Quantity& prev, Quantity& q) {
    if (prev.kind != QuantityKind::number || prev.low || prev.high || q.low || q.high || prev.end > q.start ||
        prev.value >= q.value || prev.qualifier != core::Qualifier::exact)
        return;
    std::string_view mid = sentence.substr(prev.end, q.value_start - prev.end);
    while (!mid.empty() && mid.front() == ' ') mid.remove_prefix(1);
    while (!mid.empty() && mid.back() == ' ') mid.remove_suffix(1);
    if (mid != "to" && mid != "-" && mid != "\xE2\x80\x93") return;
    q.low = prev.value;
    q.high = q.value;
    q.value = (prev.value + q.value) / 2;
    q.qualifier = core::Qualifier::range;
    q.start = prev.start;
}

// The figures a sentence may hold, from its quantities alone (most sentences have none): bare
// numbers only where a product names what they count, no ranks, no small counts in words.
// The count a bare number repeats, when it stands in a coordinated clause after one ("10 000
// shells ..., and Ukraine only 2 000", "500 drones in May, and 650 in June") with nothing
// but a date or the clause's end after it; nullptr otherwise.
const Quantity* elided_count_before(std::string_view sentence, const std::vector<Quantity>& candidates,
                                    const Quantity& q) {
    if (q.low || q.high || q.value < 2 || q.value != std::floor(q.value) || year_like(sentence, q))
        return nullptr;
    const Quantity* like = nullptr;
    for (auto it = candidates.rbegin(); it != candidates.rend() && !like; ++it)
        if (it->kind == QuantityKind::count && !it->counted.empty()) like = &*it;
    if (!like) return nullptr;
    // After: the end of the clause, or a date ("in June", "last year").
    std::size_t a = q.end;
    while (a < sentence.size() && sentence[a] == ' ') ++a;
    const bool clause_end =
        a >= sentence.size() || std::string_view(",.;)").find(sentence[a]) != std::string_view::npos;
    std::size_t ae = a;
    while (ae < sentence.size() && std::isalpha(static_cast<unsigned char>(sentence[ae]))) ++ae;
    const std::string after = detail::ascii_lower(sentence.substr(a, ae - a));
    if (!clause_end && after != "in" && after != "last" && after != "this" && after != "by") return nullptr;
    // Before: a coordinating word or a comma.
    std::size_t be = q.start;
    while (be > 0 && sentence[be - 1] == ' ') --be;
    // "June 6, 7" lists days: a comma counts only after a word.
    if (be > 1 && sentence[be - 1] == ',')
        return std::isalpha(static_cast<unsigned char>(sentence[be - 2])) ? like : nullptr;
    std::size_t bb = be;
    while (bb > 0 && std::isalpha(static_cast<unsigned char>(sentence[bb - 1]))) --bb;
    const std::string before = detail::ascii_lower(sentence.substr(bb, be - bb));
    // "June 6, 7 and 8": a list of numbers, not a clause.
    std::size_t pb = bb;
    while (pb > 0 && (sentence[pb - 1] == ' ' || sentence[pb - 1] == ',')) --pb;
    if (pb > 0 && detail::is_digit(sentence[pb - 1])) return nullptr;
    for (std::string_view w : {"and", "only", "just", "while", "but", "versus", "vs"})
        if (before == w) return like;
    return nullptr;
}

std::vector<Quantity> figure_candidates(std::string_view sentence,
                                        const std::vector<EntityMention>& mentions) {
    std::vector<Quantity> candidates;
    std::vector<Quantity> found = find_quantities(sentence);
    // A length in millimetres is a calibre ("155 mm", "152-mm", "120mm"), never a figure of
    // its own; a count may stand before it ("500,000 155 mm shells").
    auto is_calibre = [](const Quantity& q) {
        return q.kind == QuantityKind::length && q.source_unit == "Millimeter";
    };
    for (std::size_t qi = 0; qi < found.size(); ++qi) {
        Quantity& q = found[qi];
        if (is_calibre(q)) continue;
        if (q.kind == QuantityKind::number && qi + 1 < found.size() && is_calibre(found[qi + 1]) &&
            q.value >= 10 && q.low == std::nullopt) {
            const Quantity& cal = found[qi + 1];
            std::size_t gap = q.end;
            while (gap < cal.start && sentence[gap] == ' ') ++gap;
            std::size_t b = cal.end;
            while (b < sentence.size() && sentence[b] == ' ') ++b;
            std::size_t e = b;
            while (e < sentence.size() && std::islower(static_cast<unsigned char>(sentence[e]))) ++e;
            if (gap == cal.start && e > b) {
                q.kind = QuantityKind::count;
                q.unit = "unit";
                q.counted = std::string(sentence.substr(b, e - b));
                q.end = e;
                ++qi;  // the calibre is part of this figure
            }
        }
        if (q.kind == QuantityKind::number && q.low == std::nullopt && q.high == std::nullopt &&
            take_multiplier(sentence, q)) {
            candidates.push_back(std::move(q));
            continue;
        }
        if (q.kind == QuantityKind::number) {
            // A bare number says nothing by itself, unless a product names what it counts:
            // "more than 4,000 Shaheds", "2,700 Geran-2 drones".
            std::size_t next = q.end;
            while (next < sentence.size() && sentence[next] == ' ') ++next;
            // Mentions come in order: find the one starting at `next` by bisection.
            auto product =
                std::lower_bound(mentions.begin(), mentions.end(), next,
                                 [](const EntityMention& m, std::size_t p) { return m.start < p; });
            std::pair<std::size_t, std::size_t> counted{};
            if (product != mentions.end() && product->start == next && next > q.end &&
                product->entity->kind == EntityKind::product) {
                counted = {product->start, product->end};
            } else if (auto noun = noun_after_modifiers(sentence, q.end); noun && !year_like(sentence, q)) {
                counted = *noun;
            } else {
                // "the Russians fire 10 000 shells ..., and Ukraine only 2 000": a number in a
                // coordinated clause counts what the count before it counted.
                if (const Quantity* like = elided_count_before(sentence, candidates, q)) {
                    q.kind = QuantityKind::count;
                    q.unit = like->unit;
                    q.per = like->per;
                    q.counted = like->counted;
                    candidates.push_back(std::move(q));
                }
                continue;
            }
            q.kind = QuantityKind::count;
            q.unit = "unit";
            q.counted = std::string(sentence.substr(counted.first, counted.second - counted.first));
            q.end = counted.second;
            if (qi > 0) join_range_before(sentence, found[qi - 1], q);
            extend_with_rate(sentence, q);
        }
        // "Top 10", "No. 3": ranks, not counts.
        std::string_view before = sentence.substr(0, q.start);
        while (!before.empty() && before.back() == ' ') before.remove_suffix(1);
        if (before.size() >= 3) {
            std::string last3 = detail::ascii_lower(before.substr(before.size() - 3));
            if (last3 == "top" || last3 == "no.") continue;
        }
        // Small counts in words ("the two nations", "one of them") are not figures.
        bool has_digit = std::any_of(sentence.begin() + static_cast<std::ptrdiff_t>(q.start),
                                     sentence.begin() + static_cast<std::ptrdiff_t>(q.end),
                                     [](char ch) { return ch >= '0' && ch <= '9'; });
        if (q.kind == QuantityKind::count && q.value < 10 && !has_digit) continue;
        extend_rate_over_words(sentence, q);
        candidates.push_back(std::move(q));
    }
    return candidates;
}

// Which date belongs to which figure (the figure's index, or -1): the nearest date in the same
// clause, not reaching past another figure. Dates no figure takes belong to the whole sentence.
// Only the dates between a figure's neighbours can be its own: they are found by bisection over
// the dates in order of start, so the work is linear in the dates.
std::vector<int> date_owners(const std::vector<Figure>& figures, const std::vector<DateMatch>& dates,
                             const ClauseBreaks& breaks, std::size_t sentence_size) {
    std::vector<int> date_owner(dates.size(), -1);
    std::vector<std::size_t> by_start(dates.size());
    for (std::size_t di = 0; di < dates.size(); ++di) by_start[di] = di;
    std::stable_sort(by_start.begin(), by_start.end(),
                     [&](std::size_t a, std::size_t b) { return dates[a].start < dates[b].start; });
    for (std::size_t fi = 0; fi < figures.size(); ++fi) {
        const auto& q = figures[fi].q;
        std::size_t next_start = fi + 1 < figures.size() ? figures[fi + 1].q.start : sentence_size;
        std::size_t prev_end = fi > 0 ? figures[fi - 1].q.end : 0;
        int best = -1;
        std::size_t best_gap = 0;
        // A date before the figure ends by q.start, so starts before it; one after starts
        // before next_start. Dates start after prev_end's figure began, less their length:
        // start the scan at the first date that could end at or after prev_end.
        const std::size_t earliest = fi > 0 ? figures[fi - 1].q.start : 0;
        auto first = std::lower_bound(by_start.begin(), by_start.end(), earliest,
                                      [&](std::size_t di, std::size_t p) { return dates[di].start < p; });
        std::vector<std::size_t> in_reach;
        for (auto it = first; it != by_start.end() && dates[*it].start < next_start; ++it)
            in_reach.push_back(*it);
        std::sort(in_reach.begin(), in_reach.end());  // the original order decides ties
        for (std::size_t di : in_reach) {
            if (date_owner[di] != -1) continue;
            const auto& d = dates[di];
            bool after = d.start >= q.end && d.start < next_start;
            bool before = d.end <= q.start && d.end >= prev_end;
            if (!after && !before) continue;
            if (breaks.between(after ? q.end : d.end, after ? d.start : q.start)) continue;
            std::size_t gap = after ? d.start - q.end : q.start - d.end;
            if (best == -1 || gap < best_gap) {
                best = static_cast<int>(di);
                best_gap = gap;
            }
        }
        if (best != -1) date_owner[best] = static_cast<int>(fi);
    }
    return date_owner;
}

// The flight a sentence reports ("an Il-76 flew from Moscow to Tehran"): an aircraft type with
// "from" and "to" after it; nullopt when one of them is missing.
std::optional<core::Event> flight_event(std::string_view sentence, const std::string& lower,
                                        const std::vector<DateMatch>& dates,
                                        const std::optional<core::Attribution>& attribution,
                                        std::uint64_t offset, const ExtractOptions& options) {
    const AircraftType* type = nullptr;
    std::size_t type_pos = std::string::npos;
    for (const auto& t : AIRCRAFT_TYPES) {
        std::size_t p = lower.find(t.written);
        if (p != std::string::npos && (type_pos == std::string::npos || p < type_pos ||
                                       (p == type_pos && t.written.size() > type->written.size()))) {
            type = &t;
            type_pos = p;
        }
    }
    std::size_t from = lower.find(" from ");
    std::size_t to = from == std::string::npos ? std::string::npos : lower.find(" to ", from + 6);
    if (!type || from == std::string::npos || to == std::string::npos) return std::nullopt;
    core::Event e;
    e.kind = "flight";
    e.roles["aircraft_type"] = std::string(type->canonical);
    std::string origin = capitalised_run(sentence, from + 6);
    std::string destination = capitalised_run(sentence, to + 4);
    if (!origin.empty()) e.roles["from"] = origin;
    if (!destination.empty()) e.roles["to"] = destination;
    for (const auto& [end, place] :
         std::vector<std::pair<std::string, std::string>>{{"from", origin}, {"to", destination}}) {
        const Entity* ent = place.empty() ? nullptr : options.gazetteer->lookup(place);
        if (!ent) continue;
        if (!ent->country.empty()) e.roles[end + "_country"] = ent->country;
        if (auto where = options.gazetteer->position(*ent)) {  // for maps of the flights
            e.roles[end + "_lat"] = degrees_text(where->lat_deg);
            e.roles[end + "_lon"] = degrees_text(where->lon_deg);
        }
    }
    // Operator: "<Name> Airlines" just before the aircraft type, e.g. "a Gelix Airlines Il-76".
    std::vector<std::string_view> head_words;
    for (std::size_t i = 0; i < type_pos;) {
        std::size_t j = sentence.find(' ', i);
        if (j == std::string_view::npos || j > type_pos) j = type_pos;
        if (j > i) head_words.push_back(sentence.substr(i, j - i));
        i = j + 1;
    }
    if (!head_words.empty() &&
        std::find(OPERATOR_WORDS.begin(), OPERATOR_WORDS.end(), head_words.back()) != OPERATOR_WORDS.end()) {
        std::size_t first = head_words.size() - 1;
        while (first > 0 && head_words.size() - first < 4 && is_capitalised_word_at(head_words[first - 1], 0))
            --first;
        std::string name;
        for (std::size_t w = first; w < head_words.size(); ++w)
            name += (name.empty() ? "" : " ") + std::string(head_words[w]);
        if (first < head_words.size() - 1) e.roles["operator"] = name;
    }
    for (const auto& d : dates) {
        if (d.period) {
            e.date = d.period->first;
            break;
        }
        e.time_unresolved = true;
    }
    if (!e.date && dates.empty()) e.time_unresolved = !options.published.has_value();
    e.attribution = attribution.value_or(core::Attribution{});
    e.sentence = clip_sentence(sentence, type_pos, type_pos + type->written.size());
    e.sentence_place = clip_place(sentence, offset, type_pos, type_pos + type->written.size());
    e.start = offset;
    e.end = offset + sentence.size();
    e.document = options.document;
    return e;
}

// The nearest name before byte `pos` that is not a place and not a person: "Uralvagonzavod",
// "Rheinmetall", a country the gazetteer knows (by its canonical name); not "Prague", not
// "Volodymyr Zelensky said" nor a surname the document introduced with a title. A company
// that states a figure is still its subject.
std::optional<std::string> name_subject_before(std::string_view sentence, std::size_t pos,
                                               const std::vector<EntityMention>& mentions,
                                               const core::Attribution& attribution,
                                               const PeopleMap& people) {
    while (auto span = detail::name_before(sentence, pos)) {
        const std::size_t b = span->first;
        const std::size_t e = span->second;
        pos = b;
        auto known = std::find_if(mentions.begin(), mentions.end(),
                                  [&](const EntityMention& m) { return m.start < e && b < m.end; });
        // The gazetteer's entities were weighed by the steps before, a country only as its
        // clause's subject; here a country anywhere before the figure names whose it is.
        if (known != mentions.end()) {
            if (known->entity->kind == EntityKind::country) return known->entity->name;
            continue;
        }
        const std::string name(sentence.substr(b, e - b));
        const bool two_words = name.find(' ') != std::string::npos;
        const bool source = attribution.text.find(name) != std::string::npos;
        if (source && two_words && attribution.source_class != core::SourceClass::company) continue;
        bool person = false;
        for (std::size_t w = 0; w < name.size();) {
            std::size_t we = name.find(' ', w);
            if (we == std::string::npos) we = name.size();
            // Firms are learned beside people (learn_people) but remain subjects.
            auto it = people.find(bare_name(std::string_view(name).substr(w, we - w)));
            if (it != people.end() && it->second != core::SourceClass::company) person = true;
            w = we + 1;
        }
        if (person) continue;
        return name;
    }
    return std::nullopt;
}

// A claim's subject (and, for a distance, its object). The metric says which kinds of thing it
// is about, in order of preference, each looked for in the sentence (nearest wins) or in the
// document so far (most mentioned wins). A contract is the deal between the countries the
// document names most, or the deal named before when the sentence refers back to it.
void find_subject(Claim& c, std::string_view sentence, const Quantity& q,
                  const std::vector<EntityMention>& mentions, const PeopleMap& people,
                  const std::map<const Entity*, int>& counts, const ClauseBreaks& breaks, bool same_deal,
                  std::string& last_contract_subject) {
    enum class Scope { sentence, document };
    std::vector<std::pair<EntityKind, Scope>> steps;
    const bool product_metric =
        c.metric == "unit_cost" || c.metric == "unit_price" || c.metric == "share" || c.metric == "launches";
    if (product_metric)
        steps = {{EntityKind::product, Scope::sentence},
                 {EntityKind::product, Scope::document},
                 {EntityKind::site, Scope::sentence},
                 {EntityKind::site, Scope::document}};
    else if (c.metric == "distance")
        steps = {{EntityKind::site, Scope::sentence}, {EntityKind::city, Scope::sentence}};
    else
        steps = {{EntityKind::site, Scope::sentence},
                 {EntityKind::country, Scope::sentence},
                 {EntityKind::site, Scope::document},
                 {EntityKind::product, Scope::sentence},
                 {EntityKind::product, Scope::document}};
    if (c.metric == "contract_value" || c.metric == "contract_quantity") {
        steps.clear();
        std::vector<std::pair<int, const Entity*>> countries;
        for (const auto& [e, n] : counts)
            if (e->kind == EntityKind::country) countries.emplace_back(n, e);
        std::sort(countries.begin(), countries.end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first > b.first : a.second->name < b.second->name;
        });
        if (same_deal && !last_contract_subject.empty())
            c.subject = last_contract_subject;
        else if (countries.size() >= 2)
            c.subject = countries[0].second->name + "-" + countries[1].second->name + " deal";
        else if (!countries.empty())
            c.subject = countries[0].second->name + " deal";
        last_contract_subject = c.subject;
    }
    // The sentence's own entities first; then a name in the sentence that the gazetteer does
    // not know, or what the figure counts when its words say which ("interceptor drones",
    // "artillery shells"; a bare "drones" is left to the document); only then the entity the
    // document mentions most.
    for (const auto& [kind, scope] : steps) {
        if (!c.subject.empty() || scope != Scope::sentence) continue;
        const EntityMention* nearest = nullptr;
        std::size_t nearest_gap = 0;
        for (const auto& m : mentions) {
            if (m.entity->kind != kind) continue;
            if (c.metric == "distance" && m.start > q.start) continue;  // "X, located 600 miles east of Y"
            // A country is the producer only as the clause's subject: "Russia can produce ...".
            if (kind == EntityKind::country && (m.start > q.start || breaks.between(m.end, q.start)))
                continue;
            std::size_t gap = m.start > q.end ? m.start - q.end : q.start - std::min(q.start, m.end);
            if (!nearest || gap < nearest_gap) {
                nearest = &m;
                nearest_gap = gap;
            }
        }
        if (nearest) c.subject = nearest->entity->name;
    }
    bool own_phrase_tried = false;
    for (const auto& [kind, scope] : steps) {
        if (!c.subject.empty()) break;
        if (scope != Scope::document) continue;
        // A price or a share is the document's product's before it is anyone else's.
        if (!own_phrase_tried && !(product_metric && kind == EntityKind::product)) {
            own_phrase_tried = true;
            if (auto name = name_subject_before(sentence, q.start, mentions, c.attribution, people))
                c.subject = std::move(*name);
            else if (c.what.find(' ') != std::string::npos)
                c.subject = c.what;
            if (!c.subject.empty()) break;
        }
        if (const Entity* e = most_salient(counts, kind)) c.subject = e->name;
    }
    if (c.subject.empty() && c.metric != "distance")
        if (const Entity* e = most_salient(counts, EntityKind::country)) c.subject = e->name;
    if (c.subject.empty()) c.subject = c.what;
    if (c.metric == "distance") {
        for (const auto& m : mentions)
            if (m.start >= q.end && m.entity->name != c.subject) {
                c.object = m.entity->name;
                break;
            }
    }
}

// A cue word found in a sentence: where it starts and what it says (the bits above).
struct CueHit {
    std::size_t start;
    std::uint32_t bits;
};

// A date in a clause about the future resolves forward: "will deliver 1,000 by March" written in
// July is next March. Not after "would" (a future seen from the past: "a November announcement
// that it would deliver") nor in another clause ("published on Monday, the budget will grow").
// `cue_hits` are sorted by start; `dates` were found looking back.
void resolve_future_clauses(std::string_view sentence, std::optional<core::Date> published,
                            const ClauseBreaks& breaks, const std::vector<CueHit>& cue_hits,
                            std::vector<DateMatch>& dates) {
    if (dates.empty()) return;
    const std::vector<DateMatch> ahead = find_dates(sentence, published, DateDirection::future);
    for (auto& d : dates) {
        auto [clause_start, clause_end] = breaks.around(d.start, d.end);
        auto hit = std::lower_bound(cue_hits.begin(), cue_hits.end(), clause_start,
                                    [](const CueHit& h, std::size_t p) { return h.start < p; });
        bool future_clause = false;
        for (; hit != cue_hits.end() && hit->start < clause_end; ++hit)
            future_clause = future_clause || ((hit->bits & FUTURE) != 0 && (hit->bits & FUTURE_IN_PAST) == 0);
        if (!future_clause) continue;
        for (const auto& f : ahead)
            if (f.start == d.start && f.end == d.end) d = f;
    }
}

}  // namespace

namespace {

// What a claim's time is read from: the sentence's dates, the one the figure owns (or took
// from the figure before it), the one no figure took, and the clause's tense.
struct TimeContext {
    const std::vector<DateMatch>& dates;
    std::optional<std::size_t> own, sentence_date;
    const std::string& lower;  // the sentence, lower-cased
    bool aim = false, future = false;
    std::optional<core::Date> published;
};

// Sets a timed claim's period, due date or date said, or marks its time unresolved.
void set_time(Claim& c, const TimeContext& t) {
    auto resolve = [&](const DateMatch& d) -> std::optional<Period> {
        if (!d.period) c.time_unresolved = true;
        // "since September 2022": from then to when it was said, for a fact: the day
        // of writing, or the end of the sentence's other date ("said last year that it
        // had delivered 4,000 engines since 2022").
        if (d.period && d.modifier == DateMatch::Modifier::since && !t.aim && !is_target(c.metric) &&
            t.published && d.period->first <= *t.published) {
            core::Date end = *t.published;
            if (t.sentence_date && &t.dates[*t.sentence_date] != &d && t.dates[*t.sentence_date].period) {
                const core::Date said_end = t.dates[*t.sentence_date].period->last;
                if (d.period->first <= said_end && said_end < end) end = said_end;
            }
            return Period{d.period->first, end};
        }
        return d.period;
    };
    if (t.own) {
        const DateMatch& d = t.dates[*t.own];
        auto p = resolve(d);
        if (p && d.modifier == DateMatch::Modifier::by && (t.aim || is_target(c.metric)))
            c.due = p->last;
        else
            c.period = p;
    }
    if (t.sentence_date) {
        const DateMatch& d = t.dates[*t.sentence_date];
        std::string before = clause_prefix(t.lower, d.start);
        bool following = before.rfind("following", 0) == 0 || before.rfind("after", 0) == 0;
        if (auto p = resolve(d)) {
            if (d.modifier == DateMatch::Modifier::by) {
                if (!c.period && !t.aim && !is_target(c.metric))
                    c.period = p;
                else
                    c.said = p;
            } else if (!c.period && !c.due) {
                c.period = following ? after_period(*p) : *p;
            }
        }
    }
    if (!c.period && !c.due && !c.said) {
        // Present-tense statements describe the time of writing; a figure of the future
        // with no date ("will produce", "plans to"), or a target of any tense (an order,
        // a plan), has no period that can be read, and says so rather than take the
        // publication day.
        if (!t.future && !t.aim && t.published)
            c.period = core::single_day(*t.published);
        else
            c.time_unresolved = true;
    }
}

}  // namespace

void ClaimExtractor::add_sentence(std::string_view sentence, std::uint64_t offset, std::vector<Claim>& claims,
                                  std::vector<core::Event>& events) {
    ++m_sentence_index;
    std::vector<EntityMention> mentions = m_options.gazetteer->find(sentence);
    for (const auto& m : mentions) {
        auto& s = m_salience[m.entity];
        ++s.count;
        s.last_sentence = m_sentence_index;
    }

    // --- figures -------------------------------------------------------------------------
    // Candidates first, from the quantities alone: most sentences stop here.
    std::vector<Quantity> candidates = figure_candidates(sentence, mentions);
    const std::string lower = detail::ascii_lower(sentence);
    // One pass collects every cue with its place; the sentence's cues are their union and a
    // clause's cues the union of those inside it.
    std::vector<CueHit> cue_hits;
    std::uint32_t cues = 0;
    std::vector<std::pair<std::size_t, std::size_t>> titles;
    cue_lexicon().for_each(lower, [&](std::size_t b, std::size_t e, std::uint32_t bits) {
        cue_hits.push_back({b, bits});
        cues |= bits;
        if (bits & MULTIPLIER) add_word_multiplier(sentence, b, e, candidates);
        if (bits & TITLE) titles.emplace_back(b, e);
    });
    if (cues & MULTIPLIER)
        std::sort(candidates.begin(), candidates.end(),
                  [](const Quantity& a, const Quantity& b) { return a.start < b.start; });
    if (cues & TITLE) {
        std::sort(titles.begin(), titles.end());
        learn_people(sentence, titles);
    }
    if (candidates.empty() && !(cues & FLIGHT)) {
        if (reports_what_came_before(lower, cues)) source_earlier_claims(sentence, claims);
        return;
    }

    std::vector<DateMatch> dates = find_dates(sentence, m_options.published);
    const ClauseBreaks breaks(sentence);
    // Bytes inside a date expression, so that telling a figure from a date is linear.
    std::vector<std::uint32_t> date_bytes_before(dates.empty() ? 0 : sentence.size() + 1, 0);
    if (!dates.empty()) {
        std::vector<int> starts(sentence.size() + 1, 0);
        for (const auto& d : dates) {
            ++starts[std::min(d.start, sentence.size())];
            --starts[std::min(d.end, sentence.size())];
        }
        int inside = 0;
        for (std::size_t i = 0; i < sentence.size(); ++i) {
            inside += starts[i];
            date_bytes_before[i + 1] = date_bytes_before[i] + (inside > 0 ? 1u : 0u);
        }
    }
    std::sort(cue_hits.begin(), cue_hits.end(),
              [](const CueHit& a, const CueHit& b) { return a.start < b.start; });
    if ((cues & FUTURE) != 0) resolve_future_clauses(sentence, m_options.published, breaks, cue_hits, dates);
    std::vector<Figure> figures;
    for (auto& q : candidates) {
        const bool is_date = !dates.empty() && q.start < q.end &&
                             date_bytes_before[std::min(q.end, sentence.size())] !=
                                 date_bytes_before[std::min(q.start, sentence.size())];
        if (is_date) continue;
        // The figure's own clause speaks first ("..., a year ahead of the contract" does not
        // make a production figure a contract figure); the sentence fills in when the
        // clause alone says nothing ("the cost ..., from $200,000 per drone").
        auto [clause_start, clause_end] = breaks.around(q.start, q.end);
        std::uint32_t clause_cues = 0;
        auto hit = std::lower_bound(cue_hits.begin(), cue_hits.end(), clause_start,
                                    [](const CueHit& h, std::size_t p) { return h.start < p; });
        for (; hit != cue_hits.end() && hit->start < clause_end; ++hit) clause_cues |= hit->bits;
        const FigureContext context = figure_context(sentence, q);
        std::string metric = classify(q, clause_cues, context);
        if (metric == "other") metric = classify(q, cues, context);
        figures.push_back({std::move(q), std::move(metric), clause_cues});
    }
    std::optional<core::Attribution> attribution;
    if (!figures.empty() || (cues & FLIGHT))
        attribution = find_attribution(sentence, [this](core::Attribution& a) {
            if (!is_pronoun_source(a.text)) refine_source(a);
        });
    if (attribution) {
        // "He said" / "She added" / "The outlet added": the source is the one named last.
        const bool pronoun = is_pronoun_source(attribution->text);
        if (pronoun && attribution->source_class == core::SourceClass::unattributed && m_last_source)
            attribution->source_class = m_last_source->source_class;
        if (!pronoun && attribution->source_class != core::SourceClass::unattributed) {
            m_last_source = attribution;
            m_unsourced.clear();
        }
    }

    // Which date belongs to which figure: the nearest date in the same clause, not
    // reaching past another figure. Dates no figure takes belong to the whole sentence.
    // Only the dates between a figure's neighbours can be its own: they are found by
    // bisection over the dates in order of start, so the work is linear in the dates.
    const std::vector<int> date_owner = date_owners(figures, dates, breaks, sentence.size());
    std::optional<std::size_t> sentence_date;
    for (std::size_t di = 0; di < dates.size(); ++di)
        if (date_owner[di] == -1 && !sentence_date) sentence_date = di;

    std::map<const Entity*, int> counts;
    for (const auto& [e, s] : m_salience) counts[e] = s.count;
    const bool future = (cues & FUTURE) != 0;
    std::optional<std::size_t> carried_date;  // the date of the last figure that had one

    for (std::size_t fi = 0; fi < figures.size(); ++fi) {
        const Quantity& q = figures[fi].q;
        if (m_sentence_claims_kept >= MAX_CLAIMS_PER_SENTENCE) {
            ++m_dropped.claims_over_sentence_limit;
            continue;
        }
        if (m_claims_kept >= MAX_CLAIMS_PER_DOCUMENT) {
            ++m_dropped.claims_over_document_limit;
            continue;
        }
        ++m_sentence_claims_kept;
        ++m_claims_kept;
        Claim c;
        c.metric = figures[fi].metric;
        if (c.metric == "growth")
            c.change = (figures[fi].clause_cues & DECLINE) != 0 || q.value < 0 ? "down" : "up";
        c.unit = claim_unit(c.metric, q);
        c.value = q.value;
        c.low = q.low;
        c.high = q.high;
        c.qualifier = q.qualifier;
        c.quantity_text = std::string(sentence.substr(q.start, q.end - q.start));
        if (auto what = detail::what_span(sentence, q))
            c.what = std::string(sentence.substr(what->first, what->second - what->first));
        c.sentence = clip_sentence(sentence, q.start, q.end);
        c.sentence_place = clip_place(sentence, offset, q.start, q.end);
        c.start = offset + q.start;
        c.end = offset + q.end;
        c.document = m_options.document;
        c.attribution = attribution.value_or(core::Attribution{});
        if (c.attribution.text.empty() && m_last_source) m_earlier_source[claims.size()] = *m_last_source;

        c.figure_kind = figure_kind(c.metric, figures[fi].clause_cues);
        const bool aim = c.figure_kind == core::FigureKind::target;
        find_subject(c, sentence, q, mentions, m_people, counts, breaks, (cues & SAME_DEAL) != 0,
                     m_last_contract_subject);

        // Time.
        if (is_timed(c.metric)) {
            std::optional<std::size_t> own;
            for (std::size_t di = 0; di < dates.size(); ++di)
                if (date_owner[di] == static_cast<int>(fi)) own = di;
            // A figure with no date of its own, in a sentence whose every date belongs to a
            // figure, takes the date of the figure before it: "increase by 23 per cent in 2025
            // to 13.5 trillion roubles ($145.32 billion)", "€34 billion ... in 2025, which
            // requires €18 billion".
            if (own)
                carried_date = own;
            else if (!sentence_date)
                own = carried_date;
            set_time(c, {dates, own, sentence_date, lower, aim, future, m_options.published});
        }
        // A figure about a time wholly after the writing is one to come ("the 2026 budget").
        if (c.figure_kind == core::FigureKind::actual && c.period && m_options.published &&
            *m_options.published < c.period->first)
            c.figure_kind = core::FigureKind::target;
        claims.push_back(std::move(c));
    }

    // --- flights ---------------------------------------------------------------------------
    if (!(cues & FLIGHT)) return;
    auto flight = flight_event(sentence, lower, dates, attribution, offset, m_options);
    if (!flight) return;
    if (m_events_kept >= MAX_EVENTS_PER_DOCUMENT) {
        ++m_dropped.events_over_document_limit;
        return;
    }
    ++m_events_kept;
    events.push_back(std::move(*flight));
}

// Names introduced with a title earn that title's class for the rest of the document, so a
// later "Camarillo said" is official and "Chemezov said" company. The surname (last capitalised
// word of the name) is remembered.
void ClaimExtractor::learn_people(std::string_view sentence,
                                  const std::vector<std::pair<std::size_t, std::size_t>>& titles) {
    // Called only for sentences whose cue words hold a title (TITLE), with the titles' spans in
    // text order, so that no other word is lower-cased or compared.
    const auto words = word_spans(sentence);
    constexpr std::size_t MAX_NAME_WORDS = 8;
    auto remember = [&](std::size_t last, std::string_view title_words) {
        const core::SourceClass cls = classify_source(title_words);
        if (cls == core::SourceClass::unattributed) return;
        const auto [b, e] = words[last];
        const std::string_view name = bare_name(sentence.substr(b, e - b));
        if (name.size() < 3 || m_people.size() >= MAX_PEOPLE) return;
        m_people[std::string(name)] = cls;
    };
    for (const auto& title : titles) {
        // The title must be a word of its own, as the name's words are counted from it.
        const auto at = std::lower_bound(words.begin(), words.end(), title);
        if (at == words.end() || *at != title) continue;
        const auto i = static_cast<std::size_t>(at - words.begin());
        // Forward: title, connectors and capitalised words; the name is the last capitalised one.
        std::size_t last = i;
        std::size_t k = i + 1;
        for (; k < words.size() && k <= i + MAX_NAME_WORDS; ++k) {
            const auto [kb, ke] = words[k];
            const std::string_view kw = sentence.substr(kb, ke - kb);
            if (detail::starts_with_capital(sentence, kb))
                last = k;
            else if (kw != "of" && kw != "for" && kw != "the")
                break;
            if (sentence.substr(words[k - 1].second, kb - words[k - 1].second).find_first_of(",;(") !=
                std::string_view::npos)
                break;
        }
        if (last > i) {
            std::size_t tb = i >= 3 ? words[i - 3].first : words[0].first;
            remember(last, sentence.substr(tb, words[i].second - tb));
        }
        // A quoted name just before a firm's title: the “Rheinmetall” company.
        if (i > 0 && detail::starts_with_capital(sentence, words[i - 1].first) &&
            bare_name(sentence.substr(words[i - 1].first, words[i - 1].second - words[i - 1].first)).size() <
                words[i - 1].second - words[i - 1].first &&
            classify_source(sentence.substr(words[i].first, words[i].second - words[i].first)) ==
                core::SourceClass::company)
            remember(i - 1, sentence.substr(words[i].first, words[i].second - words[i].first));
        // Backward, in apposition ("Denis Manturov, the Russian deputy prime minister") or
        // after a copula ("Rheinmetall is a German defense concern").
        std::size_t j = i;
        int back = 0;
        while (j > 0 && back < 6) {
            --j;
            ++back;
            const std::size_t gap_b = words[j].second;
            const std::size_t gap_e = words[j + 1].first;
            if (sentence.substr(gap_b, gap_e - gap_b).find(',') != std::string_view::npos) {
                if (detail::starts_with_capital(sentence, words[j].first) && j > 0 &&
                    detail::starts_with_capital(sentence, words[j - 1].first))
                    remember(j, sentence.substr(words[j + 1].first, words[i].second - words[j + 1].first));
                break;
            }
            const std::string_view wj = sentence.substr(words[j].first, words[j].second - words[j].first);
            if (wj == "is" || wj == "was") {
                if (j > 0 && detail::starts_with_capital(sentence, words[j - 1].first) &&
                    !is_pronoun_word(
                        sentence.substr(words[j - 1].first, words[j - 1].second - words[j - 1].first)))
                    remember(j - 1,
                             sentence.substr(words[j + 1].first, words[i].second - words[j + 1].first));
                break;
            }
        }
    }
}

// An attribution whose words did not say its class: a person named earlier with a title, or a
// country speaking ("Russia claims", "the Czech Republic announced") as its government.
void ClaimExtractor::refine_source(core::Attribution& a) const {
    if (a.source_class != core::SourceClass::unattributed || a.text.empty()) return;
    for (const auto& [b, e] : word_spans(a.text)) {
        if (!detail::starts_with_capital(a.text, b)) continue;
        auto it = m_people.find(bare_name(std::string_view(a.text).substr(b, e - b)));
        if (it != m_people.end()) {
            a.source_class = it->second;
            return;
        }
    }
    for (const auto& m : m_options.gazetteer->find(a.text))
        if (m.entity->kind == EntityKind::country) {
            a.source_class = core::SourceClass::official;
            return;
        }
}

}  // namespace reckon::text
