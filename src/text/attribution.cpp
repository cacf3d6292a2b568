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
// to X", and hedges that report without naming a source.
enum ReportCue : std::uint32_t { cue_verb = 1, cue_according = 2, cue_hedge = 4 };

const detail::CueLexicon& report_lexicon() {
    static const detail::CueLexicon lexicon{
        {"said", cue_verb},        {"says", cue_verb},       {"say", cue_verb},
        {"stated", cue_verb},      {"states", cue_verb},     {"noted", cue_verb},
        {"notes", cue_verb},       {"estimate", cue_verb},   {"estimates", cue_verb},
        {"estimated", cue_verb},   {"told", cue_verb},       {"claimed", cue_verb},
        {"claims", cue_verb},      {"reported", cue_verb},   {"reports", cue_verb},
        {"believe", cue_verb},     {"believes", cue_verb},   {"suggested", cue_verb},
        {"suggests", cue_verb},    {"indicated", cue_verb},  {"argued", cue_verb},
        {"assessed", cue_verb},    {"wrote", cue_verb},      {"warned", cue_verb},
        {"calculated", cue_verb},  {"concluded", cue_verb},  {"found", cue_verb},
        {"added", cue_verb},       {"revealed", cue_verb},   {"informed", cue_verb},
        {"cited", cue_verb},       {"citing", cue_verb},     {"announced", cue_verb},
        {"emphasized", cue_verb},  {"emphasised", cue_verb}, {"reiterated", cue_verb},
        {"explained", cue_verb},   {"confirmed", cue_verb},  {"according to", cue_according},
        {"reportedly", cue_hedge}, {"allegedly", cue_hedge}, {"purportedly", cue_hedge},
        {"is said", cue_hedge},    {"are said", cue_hedge},
    };
    return lexicon;
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

// Up to `max_words` words after `p`, stopping at a comma or stop.
std::string_view words_after(std::string_view s, std::size_t p, int max_words) {
    std::size_t e = p;
    int words = 0;
    while (e < s.size() && s[e] == ' ') ++e;
    std::size_t b = e;
    while (e < s.size() && words < max_words) {
        if (s[e] == ',' || s[e] == '.' || s[e] == ';') break;
        while (e < s.size() && s[e] != ' ' && s[e] != ',' && s[e] != '.') ++e;
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

std::optional<core::Attribution> find_attribution(std::string_view sentence) {
    const std::string lower = detail::ascii_lower(sentence);
    struct Found {
        std::size_t start, end;
        std::uint32_t bits;
    };
    std::vector<Found> found;
    report_lexicon().for_each(lower, [&found](std::size_t b, std::size_t e, std::uint32_t bits) {
        found.push_back({b, e, bits});
    });
    // The first reporting verb (or "according to") that has a source wins.
    for (const auto& f : found) {
        if (f.bits & cue_according) {
            std::string_view who = words_after(sentence, f.end, 6);
            return core::Attribution{
                std::string(sentence.substr(f.start, f.end - f.start)) + " " + std::string(who),
                classify_source(who)};
        }
        if (!(f.bits & cue_verb)) continue;
        const std::size_t p = f.start;
        std::string_view verb = sentence.substr(f.start, f.end - f.start);
        std::string_view who = words_before(sentence, lower, p, 10);
        if (who.empty()) {
            // "Andrii Yusov, a representative of Ukraine's military intelligence, said":
            // the source is the name before the appositive and the appositive itself.
            std::size_t comma = p;
            while (comma > 0 && sentence[comma - 1] == ' ') --comma;
            if (comma < 2 || sentence[comma - 1] != ',') continue;
            std::size_t open = sentence.rfind(',', comma - 2);
            if (open == std::string_view::npos) continue;
            std::string_view name = words_before(sentence, lower, open, 4);
            if (name.empty()) continue;
            auto b = static_cast<std::size_t>(name.data() - sentence.data());
            return core::Attribution{std::string(sentence.substr(b, f.end - b)),
                                     classify_source(sentence.substr(b, p - b))};
        }
        return core::Attribution{std::string(who) + " " + std::string(verb), classify_source(who)};
    }
    for (const auto& f : found)
        if (f.bits & cue_hedge)
            return core::Attribution{std::string(sentence.substr(f.start, f.end - f.start)),
                                     core::SourceClass::unattributed};
    return std::nullopt;
}

}  // namespace reckon::text
