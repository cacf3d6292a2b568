// Attribution: find a reporting verb or phrase, take the noun phrase that is its subject
// (or object, for "according to"), and classify that phrase by keyword. Word lists, not
// patterns: sentences are short and this runs only on sentences that hold a figure.
#include "reckon/text/attribution.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "cue_words.hpp"
#include "names.hpp"

namespace reckon::text {

namespace {

// Words that say which class a source belongs to. When a source's words hold cues of
// several classes the first class of CLASS_PRIORITY wins ("intelligence official" is
// intelligence, "company official" is company).
const detail::CueLexicon& class_lexicon() {
    using core::SourceClass;
    auto bit = [](SourceClass c) { return 1u << static_cast<unsigned>(c); };
    static const detail::CueLexicon lexicon{
        {"intelligence", bit(SourceClass::intelligence)},
        {"hur", bit(SourceClass::intelligence)},
        {"gur", bit(SourceClass::intelligence)},
        {"sbu", bit(SourceClass::intelligence)},
        {"cia", bit(SourceClass::intelligence)},
        {"mi6", bit(SourceClass::intelligence)},
        {"spy", bit(SourceClass::intelligence)},
        {"budanov", bit(SourceClass::intelligence)},
        {"skibitskyi", bit(SourceClass::intelligence)},
        {"skibitsky", bit(SourceClass::intelligence)},
        {"ceo", bit(SourceClass::company)},
        {"company", bit(SourceClass::company)},
        {"manufacturer", bit(SourceClass::company)},
        {"executive", bit(SourceClass::company)},
        {"director general", bit(SourceClass::company)},
        {"firm", bit(SourceClass::company)},
        {"analyst", bit(SourceClass::analyst)},
        {"analysts", bit(SourceClass::analyst)},
        {"expert", bit(SourceClass::analyst)},
        {"experts", bit(SourceClass::analyst)},
        {"researcher", bit(SourceClass::analyst)},
        {"researchers", bit(SourceClass::analyst)},
        {"think tank", bit(SourceClass::analyst)},
        {"institute", bit(SourceClass::analyst)},
        {"isis", bit(SourceClass::analyst)},
        {"csis", bit(SourceClass::analyst)},
        {"inspector", bit(SourceClass::analyst)},
        {"official", bit(SourceClass::official)},
        {"officials", bit(SourceClass::official)},
        {"minister", bit(SourceClass::official)},
        {"ministry", bit(SourceClass::official)},
        {"government", bit(SourceClass::official)},
        {"president", bit(SourceClass::official)},
        {"spokesperson", bit(SourceClass::official)},
        {"spokesman", bit(SourceClass::official)},
        {"pentagon", bit(SourceClass::official)},
        {"kremlin", bit(SourceClass::official)},
        {"air force", bit(SourceClass::official)},
        {"military", bit(SourceClass::official)},
        {"general", bit(SourceClass::official)},
        {"media", bit(SourceClass::media)},
        {"reuters", bit(SourceClass::media)},
        {"bloomberg", bit(SourceClass::media)},
        {"newspaper", bit(SourceClass::media)},
        {"journal", bit(SourceClass::media)},
        {"times", bit(SourceClass::media)},
        {"associated press", bit(SourceClass::media)},
        {"outlet", bit(SourceClass::media)},
        {"magazine", bit(SourceClass::media)},
        {"news agency", bit(SourceClass::media)},
        {"broadcaster", bit(SourceClass::media)},
        {"television", bit(SourceClass::media)},
        {"cnn", bit(SourceClass::media)},
        // Issue 11: agencies, think tanks, titles and outlets that name themselves.
        {"mod", bit(SourceClass::official)},
        {"isw", bit(SourceClass::analyst)},
        {"rusi", bit(SourceClass::analyst)},
        {"c4ads", bit(SourceClass::analyst)},
        {"iiss", bit(SourceClass::analyst)},
        {"sipri", bit(SourceClass::analyst)},
        {"janes", bit(SourceClass::analyst)},
        {"commissioner", bit(SourceClass::official)},
        {"undersecretary", bit(SourceClass::official)},
        {"secretary", bit(SourceClass::official)},
        {"chancellor", bit(SourceClass::official)},
        {"commander*", bit(SourceClass::official)},
        {"spokeswoman", bit(SourceClass::official)},
        {"parliament", bit(SourceClass::official)},
        {"duma", bit(SourceClass::official)},
        {"leaders", bit(SourceClass::official)},
        {"budget", bit(SourceClass::official)},
        {"ambassador", bit(SourceClass::official)},
        {"corporation", bit(SourceClass::company)},
        {"concern", bit(SourceClass::company)},
        {"maker", bit(SourceClass::company)},
        {"makers", bit(SourceClass::company)},
        {"manufacturers", bit(SourceClass::company)},
        {"producer", bit(SourceClass::company)},
        {"contractor", bit(SourceClass::company)},
        {"conglomerate", bit(SourceClass::company)},
        {"shipbuilder", bit(SourceClass::company)},
        {"representative", bit(SourceClass::official)},
        {"representatives", bit(SourceClass::official)},
        {"nato", bit(SourceClass::official)},
        {"press release", bit(SourceClass::company)},
        {"journalists", bit(SourceClass::media)},
        {"politico", bit(SourceClass::media)},
        {"forbes", bit(SourceClass::media)},
        {"tass", bit(SourceClass::media)},
        {"guardian", bit(SourceClass::media)},
        {"post", bit(SourceClass::media)},
        {"nhk", bit(SourceClass::media)},
        {"independent", bit(SourceClass::media)},
        {"bbc", bit(SourceClass::media)},
        {"afp", bit(SourceClass::media)},
        {"interfax", bit(SourceClass::media)},
        {"ukrinform", bit(SourceClass::media)},
        {"noviny", bit(SourceClass::media)},
        {"express", bit(SourceClass::media)},
        {"economist", bit(SourceClass::media)},
    };
    return lexicon;
}

constexpr std::array<core::SourceClass, 5> CLASS_PRIORITY = {
    core::SourceClass::intelligence, core::SourceClass::company, core::SourceClass::analyst,
    core::SourceClass::official, core::SourceClass::media};

// Reporting verbs whose subject is the source ("X said", "analysts estimate"), "according
// to X", hedges that report without naming a source, and the words with which a reporter
// cites the source it took the figure from ("Reuters reports, citing ...").
enum ReportCue : std::uint32_t { cue_verb = 1, cue_according = 2, cue_hedge = 4, cue_citing = 8 };

const detail::CueLexicon& report_lexicon() {
    static const detail::CueLexicon lexicon{
        {"said", cue_verb},
        {"says", cue_verb},
        {"say", cue_verb},
        {"stated", cue_verb},
        {"states", cue_verb},
        {"noted", cue_verb},
        {"notes", cue_verb},
        {"estimate", cue_verb},
        {"estimates", cue_verb},
        {"estimated", cue_verb},
        {"told", cue_verb},
        {"claimed", cue_verb},
        {"claims", cue_verb},
        {"reported", cue_verb},
        {"reports", cue_verb},
        {"believe", cue_verb},
        {"believes", cue_verb},
        {"suggested", cue_verb},
        {"suggests", cue_verb},
        {"indicated", cue_verb},
        {"argued", cue_verb},
        {"assessed", cue_verb},
        {"wrote", cue_verb},
        {"writes", cue_verb},
        {"warned", cue_verb},
        {"calculated", cue_verb},
        {"concluded", cue_verb},
        {"found", cue_verb},
        {"added", cue_verb},
        {"revealed", cue_verb},
        {"informed", cue_verb},
        {"cited", cue_verb},
        {"announced", cue_verb},
        {"emphasized", cue_verb},
        {"emphasised", cue_verb},
        {"reiterated", cue_verb},
        {"explained", cue_verb},
        {"confirmed", cue_verb},
        {"clarified", cue_verb},
        {"declared", cue_verb},
        {"quoted", cue_verb},
        {"specified", cue_verb},
        {"stressed", cue_verb},
        {"admitted", cue_verb},
        {"admits", cue_verb},
        {"conceded", cue_verb},
        {"disclosed", cue_verb},
        {"boasted", cue_verb},
        {"according to", cue_according},
        {"as per", cue_according},
        {"reportedly", cue_hedge},
        {"allegedly", cue_hedge},
        {"purportedly", cue_hedge},
        {"is said", cue_hedge},
        {"are said", cue_hedge},
        {"citing", cue_citing},
        {"reference to", cue_citing},
        {"referring to", cue_citing},
        {"quoting", cue_citing},
    };
    return lexicon;
}

// Words that may stand between a source and its verb: "Rheinmetall has announced", "Molfar
// also estimates", "Manturov recently claimed", "Shoigu was quoted".
bool is_auxiliary(std::string_view w) {
    static constexpr std::array<std::string_view, 16> WORDS = {
        "has",      "have",    "had", "also", "now", "later", "earlier", "previously",
        "recently", "further", "was", "were", "is",  "are",   "then",    "separately"};
    return std::find(WORDS.begin(), WORDS.end(), w) != WORDS.end();
}

bool is_stop_word(std::string_view w) {
    static constexpr std::array<std::string_view, 12> STOP = {
        "that", "but", "while", "as", "which", "who", "this", "it", "however", "so", "has", "have"};
    return std::find(STOP.begin(), STOP.end(), w) != STOP.end();
}

// Up to `max_words` words before position `p` in `s`, stopping at punctuation that closes a
// clause and at function words that start one.
std::string_view words_before(std::string_view s, const std::string& lower, std::size_t p, int max_words) {
    std::size_t b = p;
    int words = 0;
    while (b > 0 && words < max_words) {
        std::size_t e = b;
        while (e > 0 && lower[e - 1] == ' ') --e;
        if (e == 0 || lower[e - 1] == ',' || lower[e - 1] == '.' || lower[e - 1] == ';' ||
            lower[e - 1] == ':')
            break;
        std::size_t w = e;
        while (w > 0 && lower[w - 1] != ' ' && lower[w - 1] != ',') --w;
        if (is_stop_word(std::string_view(lower).substr(w, e - w))) break;
        b = w;
        ++words;
    }
    while (b < p && s[b] == ' ') ++b;
    std::size_t e = p;
    while (e > b && s[e - 1] == ' ') --e;
    return s.substr(b, e - b);
}

// Up to `max_words` words after `p`, stopping at a comma or stop, and at a word that starts
// what the source said or when ("... Defense One on June 17", "... the ministry that ...").
std::string_view words_after(std::string_view s, std::size_t p, int max_words) {
    std::size_t e = p;
    int words = 0;
    while (e < s.size() && s[e] == ' ') ++e;
    std::size_t b = e;
    while (e < s.size() && words < max_words) {
        if (s[e] == ',' || s[e] == '.' || s[e] == ';') break;
        std::size_t we = e;
        while (we < s.size() && s[we] != ' ' && s[we] != ',' && s[we] != '.') ++we;
        const std::string_view w = s.substr(e, we - e);
        if (words > 0 && (w == "on" || w == "that" || w == "which" || w == "who" || w == "when")) break;
        e = we;
        ++words;
        while (e < s.size() && s[e] == ' ') ++e;
    }
    while (e > b && s[e - 1] == ' ') --e;
    return s.substr(b, e - b);
}

}  // namespace

core::SourceClass classify_source(std::string_view source_words) {
    std::uint32_t bits = class_lexicon().scan(detail::ascii_lower(source_words));
    for (auto c : CLASS_PRIORITY)
        if (bits & (1u << static_cast<unsigned>(c))) return c;
    return core::SourceClass::unattributed;
}

namespace {

struct Cue {
    std::size_t start, end;
    std::uint32_t bits;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

// The word that ends just before `p` (spaces skipped): its [begin, end) in `lower`.
std::pair<std::size_t, std::size_t> word_ending_at(const std::string& lower, std::size_t p) {
    std::size_t e = p;
    while (e > 0 && is_space(lower[e - 1])) --e;
    std::size_t b = e;
    while (b > 0 && std::isalpha(static_cast<unsigned char>(lower[b - 1]))) --b;
    return {b, e};
}

// The word that starts at or after `p`.
std::pair<std::size_t, std::size_t> word_starting_at(const std::string& lower, std::size_t p) {
    std::size_t b = p;
    while (b < lower.size() && is_space(lower[b])) ++b;
    std::size_t e = b;
    while (e < lower.size() && std::isalpha(static_cast<unsigned char>(lower[e]))) ++e;
    return {b, e};
}

std::size_t end_of(std::string_view sentence, std::string_view part) {
    return static_cast<std::size_t>(part.data() - sentence.data()) + part.size();
}

// `who` is a name and nothing else up to the end of its clause: "Ceske Noviny." or "Defence
// Minister Shmyhal, adding ..." but not "Russia plans to produce ...".
bool is_name_to_clause_end(std::string_view sentence, std::string_view who) {
    if (who.empty()) return false;
    std::size_t after = end_of(sentence, who);
    while (after < sentence.size() && is_space(sentence[after])) ++after;
    if (after < sentence.size() && std::string_view(",.;").find(sentence[after]) == std::string_view::npos)
        return false;
    std::size_t p = 0;
    while (p < who.size()) {
        std::size_t e = who.find(' ', p);
        if (e == std::string_view::npos) e = who.size();
        const std::string_view w = who.substr(p, e - p);
        if (!w.empty() && !detail::starts_with_capital(w, 0) && w != "of" && w != "the" && w != "for" &&
            w != "and")
            return false;
        p = e + 1;
    }
    return true;
}

// A source found in the sentence: its words run over [begin, end).
struct Source {
    std::size_t begin = 0, end = 0;
    core::SourceClass source_class = core::SourceClass::unattributed;
};

Source make(std::size_t b, std::size_t e, std::string_view who) { return {b, e, classify_source(who)}; }

// The source a reporting verb or "according to" introduces, or nullopt when it names none.
std::optional<Source> source_of_cue(std::string_view sentence, const std::string& lower, const Cue& f) {
    if (f.bits & cue_according) {
        std::string_view who = words_after(sentence, f.end, 9);
        if (who.empty()) return std::nullopt;
        return make(f.start, end_of(sentence, who), who);
    }
    if (!(f.bits & cue_verb)) return std::nullopt;
    // A capitalised verb inside the sentence is part of a name: "the United States".
    if (f.start > 0 && std::isupper(static_cast<unsigned char>(sentence[f.start]))) return std::nullopt;
    // After an article it is an adjective: "an estimated €40 billion", "a specified period".
    if (auto [ab, ae] = word_ending_at(lower, f.start); ae == f.start || lower[ae] == ' ') {
        const std::string_view article = std::string_view(lower).substr(ab, ae - ab);
        if (article == "a" || article == "an" || article == "the") return std::nullopt;
    }
    // Passive: "This was reported by the Minister of Defense ...".
    if (auto [bb, be] = word_starting_at(lower, f.end); std::string_view(lower).substr(bb, be - bb) == "by") {
        std::string_view who = words_after(sentence, be, 6);
        if (!who.empty()) {
            return make(f.start, end_of(sentence, who), who);
        }
    }
    // Inverted after a clause: "..., reports Ceske Noviny." / "...,\" said Defence Minister X".
    std::size_t before = f.start;
    while (before > 0 && is_space(sentence[before - 1])) --before;
    const bool after_clause = before > 0 && (sentence[before - 1] == ',' || sentence[before - 1] == '"' ||
                                             sentence.substr(0, before).ends_with("\xE2\x80\x9D"));
    if (after_clause) {
        std::size_t n = f.end;
        while (n < sentence.size() && is_space(sentence[n])) ++n;
        if (detail::starts_with_capital(sentence, n)) {
            std::string_view who = words_after(sentence, f.end, 6);
            if (is_name_to_clause_end(sentence, who)) return make(f.start, end_of(sentence, who), who);
        }
    }
    // The subject, over the auxiliaries and adverbs between it and the verb.
    std::size_t p = f.start;
    for (int skipped = 0; skipped < 3; ++skipped) {
        auto [wb, we] = word_ending_at(lower, p);
        if (wb == we || !is_auxiliary(std::string_view(lower).substr(wb, we - wb))) break;
        p = wb;
    }
    std::string_view who = words_before(sentence, lower, p, 10);
    if (!who.empty()) {
        return make(static_cast<std::size_t>(who.data() - sentence.data()), f.end, who);
    }
    // "Andrii Yusov, a representative of Ukraine's military intelligence, said": the source
    // is the name before the appositive and the appositive itself.
    std::size_t comma = p;
    while (comma > 0 && sentence[comma - 1] == ' ') --comma;
    if (comma < 2 || sentence[comma - 1] != ',') return std::nullopt;
    const std::size_t open = sentence.rfind(',', comma - 2);
    if (open == std::string_view::npos) return std::nullopt;
    std::string_view name = words_before(sentence, lower, open, 4);
    if (name.empty()) return std::nullopt;
    const auto b = static_cast<std::size_t>(name.data() - sentence.data());
    return make(b, f.end, sentence.substr(b, p - b));
}

// A reporter that cites its own source ("reported by CNN with reference to intelligence
// assessments", "Reuters reports, citing a ministry official"): the cited source's class is
// the figure's, when its words say one; the attribution's words run on to the cited source.
void take_cited_source(std::string_view sentence, const std::vector<Cue>& cues, const Cue& reporter,
                       Source& source) {
    for (const auto& c : cues) {
        if (!(c.bits & cue_citing) || c.start < reporter.end) continue;
        std::string_view cited = words_after(sentence, c.end, 8);
        const core::SourceClass cls = classify_source(cited);
        if (cls == core::SourceClass::unattributed) return;
        source.end = std::max(source.end, end_of(sentence, cited));
        source.source_class = cls;
        return;
    }
}

}  // namespace

std::optional<core::Attribution> find_attribution(std::string_view sentence, const SourceRefiner& refine) {
    const std::string lower = detail::ascii_lower(sentence);
    std::vector<Cue> cues;
    report_lexicon().for_each(lower, [&cues](std::size_t b, std::size_t e, std::uint32_t bits) {
        cues.push_back({b, e, bits});
    });
    // A credit line: "Source: President Volodymyr Zelenskyy, speaking at ...".
    if (std::size_t b = lower.find_first_not_of(' ');
        b != std::string::npos && lower.compare(b, 7, "source:") == 0) {
        std::string_view who = words_after(sentence, b + 7, 9);
        if (!who.empty()) {
            core::Attribution a{std::string(who), classify_source(who)};
            if (refine) refine(a);
            return a;
        }
    }
    // The first source whose class is known wins; failing that, the first source named.
    std::optional<core::Attribution> first;
    for (const auto& f : cues) {
        std::optional<Source> source = source_of_cue(sentence, lower, f);
        if (!source) continue;
        take_cited_source(sentence, cues, f, *source);
        core::Attribution a{std::string(sentence.substr(source->begin, source->end - source->begin)),
                            source->source_class};
        if (refine) refine(a);
        if (a.source_class != core::SourceClass::unattributed) return a;
        if (!first) first = std::move(a);
    }
    if (first) return first;
    for (const auto& f : cues)
        if (f.bits & cue_hedge)
            return core::Attribution{std::string(sentence.substr(f.start, f.end - f.start)),
                                     core::SourceClass::unattributed};
    return std::nullopt;
}

}  // namespace reckon::text
