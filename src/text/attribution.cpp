// Attribution: find a reporting verb or phrase, take the noun phrase that is its subject
// (or object, for "according to"), and classify that phrase by keyword. Word lists, not
// patterns: sentences are short and this runs only on sentences that hold a figure.
#include "reckon/text/attribution.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace reckon::text {

namespace {

std::string lower_copy(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; }

// Finds `word` in `lower` on word boundaries at or after `from`.
std::size_t find_word(const std::string& lower, std::string_view word, std::size_t from = 0) {
    for (std::size_t p = lower.find(word, from); p != std::string::npos; p = lower.find(word, p + 1)) {
        bool left = p == 0 || !is_word_char(lower[p - 1]);
        bool right = p + word.size() >= lower.size() || !is_word_char(lower[p + word.size()]);
        if (left && right) return p;
    }
    return std::string::npos;
}

struct ClassCue {
    std::string_view word;
    core::SourceClass source_class;
};

// Checked in order; the first cue found in the source's words decides. Intelligence before
// official ("intelligence official"), company before official ("company official").
constexpr std::array<ClassCue, 52> CLASS_CUES = {{
    {"intelligence", core::SourceClass::intelligence}, {"hur", core::SourceClass::intelligence},
    {"gur", core::SourceClass::intelligence},          {"sbu", core::SourceClass::intelligence},
    {"cia", core::SourceClass::intelligence},          {"mi6", core::SourceClass::intelligence},
    {"spy", core::SourceClass::intelligence},          {"budanov", core::SourceClass::intelligence},
    {"skibitskyi", core::SourceClass::intelligence},   {"ceo", core::SourceClass::company},
    {"company", core::SourceClass::company},           {"manufacturer", core::SourceClass::company},
    {"executive", core::SourceClass::company},         {"director general", core::SourceClass::company},
    {"firm", core::SourceClass::company},              {"analyst", core::SourceClass::analyst},
    {"analysts", core::SourceClass::analyst},          {"expert", core::SourceClass::analyst},
    {"experts", core::SourceClass::analyst},           {"researcher", core::SourceClass::analyst},
    {"researchers", core::SourceClass::analyst},       {"think tank", core::SourceClass::analyst},
    {"institute", core::SourceClass::analyst},         {"isis", core::SourceClass::analyst},
    {"csis", core::SourceClass::analyst},              {"inspector", core::SourceClass::analyst},
    {"official", core::SourceClass::official},         {"officials", core::SourceClass::official},
    {"minister", core::SourceClass::official},         {"ministry", core::SourceClass::official},
    {"government", core::SourceClass::official},       {"president", core::SourceClass::official},
    {"spokesperson", core::SourceClass::official},     {"spokesman", core::SourceClass::official},
    {"pentagon", core::SourceClass::official},         {"kremlin", core::SourceClass::official},
    {"air force", core::SourceClass::official},        {"military", core::SourceClass::official},
    {"general", core::SourceClass::official},          {"media", core::SourceClass::media},
    {"reuters", core::SourceClass::media},             {"bloomberg", core::SourceClass::media},
    {"newspaper", core::SourceClass::media},           {"journal", core::SourceClass::media},
    {"times", core::SourceClass::media},               {"associated press", core::SourceClass::media},
    {"outlet", core::SourceClass::media},              {"magazine", core::SourceClass::media},
    {"news agency", core::SourceClass::media},         {"broadcaster", core::SourceClass::media},
    {"television", core::SourceClass::media},          {"cnn", core::SourceClass::media},
}};

// Reporting verbs whose subject is the source: "X said", "analysts estimate".
constexpr std::array<std::string_view, 28> REPORTING_VERBS = {
    "said",      "says",     "say",       "stated",  "states",    "noted",    "notes",   "estimate",
    "estimates", "estimated", "told",     "claimed", "claims",    "reported", "reports", "believe",
    "believes",  "suggested", "suggests", "indicated", "argued",  "according", "assessed", "wrote",
    "warned",    "calculated", "concluded", "found"};

// Hedges that report without naming a source.
constexpr std::array<std::string_view, 5> HEDGES = {"reportedly", "allegedly", "purportedly",
                                                    "is said to", "are said to"};

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
        if (e == 0 || lower[e - 1] == ',' || lower[e - 1] == '.' || lower[e - 1] == ';' || lower[e - 1] == ':') break;
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
    std::string lower = lower_copy(source_words);
    for (const auto& cue : CLASS_CUES)
        if (find_word(lower, cue.word) != std::string::npos) return cue.source_class;
    return core::SourceClass::unattributed;
}

std::optional<core::Attribution> find_attribution(std::string_view sentence) {
    std::string lower = lower_copy(sentence);
    for (auto verb : REPORTING_VERBS) {
        std::size_t p = find_word(lower, verb);
        if (p == std::string::npos) continue;
        if (verb == "according") {
            if (lower.compare(p, 12, "according to") != 0) continue;
            std::string_view who = words_after(sentence, p + 12, 6);
            std::string text = "according to " + std::string(who);
            return core::Attribution{text, classify_source(who)};
        }
        std::string_view who = words_before(sentence, lower, p, 10);
        if (who.empty()) {
            // "Andrii Yusov, a representative of Ukraine's military intelligence, said":
            // the source is the name before the appositive and the appositive itself.
            std::size_t comma = p;
            while (comma > 0 && sentence[comma - 1] == ' ') --comma;
            if (comma == 0 || sentence[comma - 1] != ',') continue;
            std::size_t open = sentence.rfind(',', comma - 1 == 0 ? 0 : comma - 2);
            if (open == std::string_view::npos) continue;
            std::string_view name = words_before(sentence, lower, open, 4);
            if (name.empty()) continue;
            std::size_t b = static_cast<std::size_t>(name.data() - sentence.data());
            std::string text(sentence.substr(b, p + verb.size() - b));
            return core::Attribution{text, classify_source(sentence.substr(b, p - b))};
        }
        auto cls = classify_source(who);
        std::string text = std::string(who) + " " + std::string(sentence.substr(p, verb.size()));
        return core::Attribution{text, cls};
    }
    for (auto hedge : HEDGES) {
        std::size_t p = find_word(lower, hedge);
        if (p != std::string::npos)
            return core::Attribution{std::string(sentence.substr(p, hedge.size())), core::SourceClass::unattributed};
    }
    return std::nullopt;
}

}  // namespace reckon::text
