// Quantities with units, built on the number scanner: for each number it looks a few bytes
// back for a currency sign or code and a qualifier ("about", "over", "between"), and a few
// words forward for a unit, a counted noun and a rate ("per month", "each"). Unit phrases
// live in small tables keyed by the lower-cased words; no regex, one pass, linear time.
// Conversion factors: 1 mi = 1.609344 km, 1 ft = 0.3048 m, 1 in = 2.54 cm, 1 yd = 0.9144 m,
// 1 nmi = 1.852 km, 1 lb = 0.45359237 kg, 1 oz = 28.349523125 g, 1 acre = 4046.8564224 m2,
// 1 US gal = 3.785411784 l (NIST SP 811, appendix B).
#include "reckon/text/quantities.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>

#include "number_scan.hpp"

namespace reckon::text {

namespace {

using detail::at;
using detail::is_alnum;
using detail::is_alpha;
using detail::is_digit;
using detail::is_space;
using detail::lower;
using detail::ScannedNumber;
using detail::word_is;

constexpr double MILE_KM = 1.609344;
constexpr double FOOT_KM = 0.0003048;
constexpr double INCH_KM = 0.0000254;
constexpr double YARD_KM = 0.0009144;
constexpr double NAUTICAL_MILE_KM = 1.852;
constexpr double POUND_KG = 0.45359237;
constexpr double OUNCE_KG = 0.028349523125;
constexpr double ACRE_M2 = 4046.8564224;
constexpr double GALLON_L = 3.785411784;
constexpr double BARREL_L = 158.987294928;  // 42 US gallons

struct Unit {
    QuantityKind kind;
    const char* unit;         // canonical
    double factor;            // canonical per source unit
    const char* source_unit;  // spec-style name
};

struct Currency {
    const char* iso;          // reckon's unit
    const char* source_unit;  // spec-style name
    double factor = 1;        // cents are 1/100 of the unit
    double magnitude = 1;     // "MUSD": millions
};

// ---- tables -------------------------------------------------------------------------------

// A read-only map from lower-case words or phrases to T. Most words looked up are in no
// table, so a mask of (first byte, length) pairs answers "no" before any hashing.
template <class T>
class WordMap {
public:
    WordMap() = default;
    WordMap(std::initializer_list<std::pair<std::string_view, T>> entries) {
        for (const auto& [key, value] : entries) add(key, value);
    }
    // The first value added for a key wins.
    void add(std::string_view key, const T& value) {
        if (key.empty()) return;
        m_map.emplace(key, value);
        m_shapes[static_cast<unsigned char>(key[0])] |= std::uint64_t{1}
                                                        << std::min<std::size_t>(key.size(), 63);
        m_max_len = std::max(m_max_len, key.size());
    }
    // False when no key starts with `first` and has `len` bytes.
    bool may_contain(char first, std::size_t len) const {
        return len != 0 && len <= m_max_len &&
               ((m_shapes[static_cast<unsigned char>(first)] >> std::min<std::size_t>(len, 63)) & 1u);
    }
    const T* find(std::string_view word) const {
        if (word.empty() || !may_contain(word[0], word.size())) return nullptr;
        auto it = m_map.find(word);
        return it == m_map.end() ? nullptr : &it->second;
    }
    std::size_t max_len() const { return m_max_len; }

private:
    // FNV-1a, inline: the keys are a few bytes, and the library's out-of-line hash showed in
    // the profile.
    struct Hash {
        std::size_t operator()(std::string_view w) const {
            std::uint64_t h = 14695981039346656037ull;  // 64-bit FNV offset basis and prime
            for (char c : w) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
            return static_cast<std::size_t>(h);
        }
    };
    std::unordered_map<std::string_view, T, Hash> m_map;
    std::array<std::uint64_t, 256> m_shapes{};
    std::size_t m_max_len = 0;
};

using UnitMap = WordMap<Unit>;
using CurrencyMap = WordMap<Currency>;

const UnitMap& unit_words() {
    static const UnitMap m = [] {
        UnitMap u;
        auto add = [&](std::initializer_list<const char*> names, Unit unit) {
            for (const char* n : names) u.add(n, unit);
        };
        const auto L = QuantityKind::length, A = QuantityKind::area, W = QuantityKind::weight,
                   V = QuantityKind::volume;
        add({"mile", "miles", "mi"}, {L, "km", MILE_KM, "Mile"});
        add({"km", "kms", "kilometer", "kilometers", "kilometre", "kilometres"}, {L, "km", 1, "Kilometer"});
        add({"m", "meter", "meters", "metre", "metres"}, {L, "km", 1e-3, "Meter"});
        add({"cm", "centimeter", "centimeters", "centimetre", "centimetres"}, {L, "km", 1e-5, "Centimeter"});
        add({"mm", "millimeter", "millimeters", "millimetre", "millimetres"}, {L, "km", 1e-6, "Millimeter"});
        add({"dm", "decimeter", "decimeters", "decimetre", "decimetres"}, {L, "km", 1e-4, "Decimeter"});
        add({"ft", "foot", "feet"}, {L, "km", FOOT_KM, "Foot"});
        add({"inch", "inches", "in"}, {L, "km", INCH_KM, "Inch"});
        add({"yd", "yds", "yard", "yards"}, {L, "km", YARD_KM, "Yard"});
        add({"nautical mile", "nautical miles", "nmi"}, {L, "km", NAUTICAL_MILE_KM, "Nautical mile"});
        add({"square meter", "square meters", "square metre", "square metres", "sq m", "sq meters",
             "sq metres", "m2", "m\xC2\xB2", "sqm"},
            {A, "m2", 1, "Square meter"});
        add({"square kilometer", "square kilometers", "square kilometre", "square kilometres", "sq km", "km2",
             "km\xC2\xB2"},
            {A, "m2", 1e6, "Square kilometer"});
        add({"square mile", "square miles", "sq mi", "sq miles"},
            {A, "m2", MILE_KM * MILE_KM * 1e6, "Square mile"});
        add({"square foot", "square feet", "sq ft", "sq feet", "ft2", "ft\xC2\xB2"},
            {A, "m2", 0.09290304, "Square foot"});
        add({"square yard", "square yards", "sq yd"}, {A, "m2", 0.83612736, "Square yard"});
        add({"acre", "acres"}, {A, "m2", ACRE_M2, "Acre"});
        add({"hectare", "hectares", "ha"}, {A, "m2", 1e4, "Hectare"});
        add({"kg", "kgs", "kilogram", "kilograms", "kilogramme", "kilogrammes", "kilo", "kilos"},
            {W, "kg", 1, "Kilogram"});
        add({"g", "gram", "grams", "gramme", "grammes"}, {W, "kg", 1e-3, "Gram"});
        add({"mg", "milligram", "milligrams", "milligramme", "milligrammes"}, {W, "kg", 1e-6, "Milligram"});
        add({"microgram", "micrograms", "microgramme", "microgrammes", "mcg", "\xCE\xBCg", "\xC2\xB5g"},
            {W, "kg", 1e-9, "Microgram"});
        add({"lb", "lbs", "pound", "pounds"}, {W, "kg", POUND_KG, "Pound"});
        add({"oz", "ounce", "ounces"}, {W, "kg", OUNCE_KG, "Ounce"});
        add({"ton", "tons", "tonne", "tonnes", "t"}, {W, "kg", 1000, "Ton"});
        add({"metric ton", "metric tons", "metric tonne", "metric tonnes"}, {W, "kg", 1000, "Metric ton"});
        add({"l", "liter", "liters", "litre", "litres"}, {V, "l", 1, "Liter"});
        add({"ml", "milliliter", "milliliters", "millilitre", "millilitres"}, {V, "l", 1e-3, "Milliliter"});
        add({"gallon", "gallons", "gal"}, {V, "l", GALLON_L, "Gallon"});
        add({"barrel", "barrels", "bbl"}, {V, "l", BARREL_L, "Barrel"});
        add({"cubic meter", "cubic meters", "cubic metre", "cubic metres", "m3", "m\xC2\xB3"},
            {V, "l", 1000, "Cubic meter"});
        add({"cubic foot", "cubic feet", "cu ft"}, {V, "l", 28.316846592, "Cubic foot"});
        add({"cup", "cups"}, {V, "l", 0.2365882365, "Cup"});
        add({"tablespoon", "tablespoons", "tbsp"}, {V, "l", 0.01478676478125, "Tablespoon"});
        add({"teaspoon", "teaspoons", "tsp"}, {V, "l", 0.00492892159375, "Teaspoon"});
        return u;
    }();
    return m;
}

// Length units that can start a speed ("km/h", "miles per hour"): name, km per unit.
struct SpeedLength {
    const char* name;
    double km;
};
const WordMap<SpeedLength>& speed_lengths() {
    static const WordMap<SpeedLength> m = {
        {"km", {"Kilometer", 1}},
        {"kilometer", {"Kilometer", 1}},
        {"kilometers", {"Kilometer", 1}},
        {"kilometre", {"Kilometer", 1}},
        {"kilometres", {"Kilometer", 1}},
        {"m", {"Meter", 1e-3}},
        {"meter", {"Meter", 1e-3}},
        {"meters", {"Meter", 1e-3}},
        {"metre", {"Meter", 1e-3}},
        {"metres", {"Meter", 1e-3}},
        {"cm", {"Centimeter", 1e-5}},
        {"centimeter", {"Centimeter", 1e-5}},
        {"centimeters", {"Centimeter", 1e-5}},
        {"centimetres", {"Centimeter", 1e-5}},
        {"mile", {"Mile", MILE_KM}},
        {"miles", {"Mile", MILE_KM}},
        {"mi", {"Mile", MILE_KM}},
        {"ft", {"Foot", FOOT_KM}},
        {"feet", {"Foot", FOOT_KM}},
        {"foot", {"Foot", FOOT_KM}},
    };
    return m;
}
// Time units that end a speed: name, hours per unit.
const WordMap<SpeedLength>& speed_times() {
    static const WordMap<SpeedLength> m = {
        {"h", {"hour", 1}},
        {"hr", {"hour", 1}},
        {"hour", {"hour", 1}},
        {"hours", {"hour", 1}},
        {"s", {"second", 1 / 3600.0}},
        {"sec", {"second", 1 / 3600.0}},
        {"second", {"second", 1 / 3600.0}},
        {"min", {"minute", 1 / 60.0}},
        {"minute", {"minute", 1 / 60.0}},
        {"ms", {"millisecond", 1 / 3.6e6}},
        {"millisecond", {"millisecond", 1 / 3.6e6}},
    };
    return m;
}

const CurrencyMap& currency_words() {
    static const CurrencyMap m = [] {
        CurrencyMap c;
        auto add = [&](std::initializer_list<const char*> names, Currency cur) {
            for (const char* n : names) c.add(n, cur);
        };
        add({"dollar", "dollars"}, {"USD", "Dollar"});
        add({"us dollar", "us dollars", "u.s. dollars", "u.s. dollar", "american dollars", "usd",
             "united states dollars"},
            {"USD", "United States dollar"});
        add({"australian dollar", "australian dollars", "aud"}, {"AUD", "Australian dollar"});
        add({"canadian dollar", "canadian dollars", "cad"}, {"CAD", "Canadian dollar"});
        add({"hong kong dollar", "hong kong dollars", "hkd"}, {"HKD", "Hong Kong dollar"});
        add({"new zealand dollar", "new zealand dollars", "nzd"}, {"NZD", "New Zealand dollar"});
        add({"singapore dollar", "singapore dollars", "sgd"}, {"SGD", "Singapore dollar"});
        add({"euro", "euros", "eur"}, {"EUR", "Euro"});
        add({"pound", "pounds", "quid"}, {"GBP", "Pound"});
        add({"pound sterling", "pounds sterling", "sterling"}, {"GBP", "Pound"});
        add({"british pound", "british pounds", "gbp"}, {"GBP", "British pound"});
        add({"yen", "japanese yen", "jpy"}, {"JPY", "Japanese yen"});
        add({"yuan", "chinese yuan", "renminbi", "rmb", "cny"}, {"CNY", "Chinese yuan"});
        add({"ruble", "rubles", "rouble", "roubles", "russian ruble", "russian rubles", "russian rouble",
             "russian roubles", "rub"},
            {"RUB", "Russian ruble"});
        add({"rial", "rials", "iranian rial", "iranian rials", "irr"}, {"IRR", "Iranian rial"});
        add({"riyal", "riyals", "saudi riyal", "saudi riyals", "sar"}, {"SAR", "Saudi riyal"});
        add({"rupee", "rupees"}, {"INR", "Rupee"});
        add({"indian rupee", "indian rupees", "inr"}, {"INR", "Indian rupee"});
        add({"franc", "francs"}, {"FRF", "Franc"});
        add({"swiss franc", "swiss francs", "chf"}, {"CHF", "Swiss franc"});
        add({"peseta", "pesetas"}, {"ESP", "Peseta"});
        add({"finnish markka", "markka"}, {"FIM", "Finnish markka"});
        add({"dutch guilder", "dutch guilders", "guilder", "guilders"}, {"NLG", "Netherlands guilder"});
        add({"turkish lira", "try"}, {"TRY", "Turkish lira"});
        add({"lira"}, {"TRY", "Lira"});
        add({"peso", "pesos"}, {"MXN", "Peso"});
        add({"mexican peso", "mexican pesos", "mxn"}, {"MXN", "Mexican peso"});
        add({"hryvnia", "hryvnias", "hryvnas", "uah"}, {"UAH", "Ukrainian hryvnia"});
        add({"shekel", "shekels", "ils"}, {"ILS", "Israeli new shekel"});
        add({"dirham", "dirhams", "aed"}, {"AED", "UAE dirham"});
        // Added for issue 11 (money as written in English news of other regions).
        add({"ringgit", "ringgits", "malaysian ringgit", "malaysian ringgits", "malaysia ringgit",
             "malaysia ringgits", "myr", "rm"},
            {"MYR", "Malaysian ringgit"});
        add({"rs", "rs."}, {"INR", "Rupee"});
        add({"kuwaiti dinar", "kuwaiti dinars", "kwd"}, {"KWD", "Kuwaiti dinar"});
        add({"iraqi dinar", "iraqi dinars", "iqd"}, {"IQD", "Iraqi dinar"});
        add({"qatari riyal", "qatari riyals", "qar"}, {"QAR", "Qatari riyal"});
        add({"egyptian pound", "egyptian pounds", "egp", "le"}, {"EGP", "Egyptian pound"});
        add({"lebanese pound", "lebanese pounds", "lbp"}, {"LBP", "Lebanese pound"});
        add({"bgn", "lev", "leva"}, {"BGN", "Bulgarian lev"});
        // Central and northern Europe's crowns and the zloty; a bare "crowns" after an amount is
        // the Czech one, as the Swedish and Danish ones are written kronor and kroner.
        add({"crown", "crowns", "czech crown", "czech crowns", "koruna", "korunas", "koruny", "czk"},
            {"CZK", "Czech koruna"});
        add({"swedish krona", "swedish kronor", "swedish crowns", "krona", "kronor", "sek"},
            {"SEK", "Swedish krona"});
        add({"norwegian krone", "norwegian kroner", "norwegian crowns", "nok"}, {"NOK", "Norwegian krone"});
        add({"danish krone", "danish kroner", "danish crowns", "dkk"}, {"DKK", "Danish krone"});
        add({"zloty", "zlotys", "zlotych", "polish zloty", "polish zlotys", "pln"}, {"PLN", "Polish zloty"});
        add({"tugrik", "tugriks", "mnt"}, {"MNT", "Mongolian tugrik"});
        add({"rand", "zar"}, {"ZAR", "South African rand"});
        add({"won"}, {"KRW", "South Korean won"});
        add({"buck", "bucks"}, {"USD", "Dollar"});
        add({"pennies"}, {"GBP", "Penny", 0.01});
        add({"cent", "cents"}, {"USD", "Cent", 0.01});
        add({"pence"}, {"GBP", "Pence", 0.01});
        add({"penny"}, {"GBP", "Penny", 0.01});
        add({"bitcoin", "bitcoins", "btc"}, {"BTC", "Bitcoin"});
        add({"satoshi", "satoshis"}, {"BTC", "Satoshi", 1e-8});
        add({"sek"}, {"SEK", "Swedish krona"});
        add({"nok"}, {"NOK", "Norwegian krone"});
        add({"krw"}, {"KRW", "South Korean won"});
        add({"musd"}, {"USD", "United States dollar", 1, 1e6});
        add({"meur"}, {"EUR", "Euro", 1, 1e6});
        add({"mgbp"}, {"GBP", "British pound", 1, 1e6});
        add({"maud"}, {"AUD", "Australian dollar", 1, 1e6});
        return c;
    }();
    return m;
}

// Currency signs written before or after the number (UTF-8).
struct Sign {
    std::string_view bytes;
    Currency cur;
};
const Sign SIGNS[] = {
    {"\xE2\x82\xAC", {"EUR", "Euro"}},
    {"\xC2\xA3", {"GBP", "Pound"}},
    {"\xC2\xA5", {"JPY", "Japanese yen"}},
    {"\xE2\x82\xB9", {"INR", "Indian rupee"}},
    {"\xE2\x82\xBD", {"RUB", "Russian ruble"}},
    {"\xE2\x82\xBF", {"BTC", "Bitcoin"}},
    {"\xE2\x82\xA1", {"CRC", "Costa Rican col\xC3\xB3n"}},
    {"\xE2\x82\xBE", {"GEL", "Georgian lari"}},
    {"\xE2\x82\xAD", {"LAK", "Lao kip"}},
    {"\xE5\x85\x83", {"CNY", "Chinese yuan"}},
    {"\xE0\xAE\xB0\xE0\xAF\x82", {"LKR", "Sri Lankan rupee"}},
    {"\xE2\x82\xA9", {"KRW", "South Korean won"}},
    {"\xE2\x82\xAA", {"ILS", "Israeli new shekel"}},
    {"\xE2\x82\xB4", {"UAH", "Ukrainian hryvnia"}},
    {"$", {"USD", "Dollar"}},
};

// The bytes a sign can start or end with ('$' or a UTF-8 byte): most numbers have a plain
// letter or space next to them, and this rules out comparing them with every sign.
struct SignEdges {
    std::array<bool, 256> first{}, last{};
};
const SignEdges& sign_edges() {
    static const SignEdges e = [] {
        SignEdges t;
        for (const auto& sign : SIGNS) {
            t.first[static_cast<unsigned char>(sign.bytes.front())] = true;
            t.last[static_cast<unsigned char>(sign.bytes.back())] = true;
        }
        return t;
    }();
    return e;
}

// Letters written before '$': "US$", "C$", "HK$", "Mex$".
const WordMap<Currency>& dollar_prefixes() {
    static const WordMap<Currency> m = {
        {"us", {"USD", "United States dollar"}},   {"u.s", {"USD", "United States dollar"}},
        {"u.s.", {"USD", "United States dollar"}}, {"usd", {"USD", "United States dollar"}},
        {"c", {"CAD", "Canadian dollar"}},         {"ca", {"CAD", "Canadian dollar"}},
        {"cad", {"CAD", "Canadian dollar"}},       {"a", {"AUD", "Australian dollar"}},
        {"au", {"AUD", "Australian dollar"}},      {"aud", {"AUD", "Australian dollar"}},
        {"nz", {"NZD", "New Zealand dollar"}},     {"nzd", {"NZD", "New Zealand dollar"}},
        {"hk", {"HKD", "Hong Kong dollar"}},       {"hkd", {"HKD", "Hong Kong dollar"}},
        {"mex", {"MXN", "Mexican peso"}},          {"mxn", {"MXN", "Mexican peso"}},
        {"s", {"SGD", "Singapore dollar"}},        {"sgd", {"SGD", "Singapore dollar"}},
    };
    return m;
}

// A fixed set of lower-case words: membership is a mask test and a hash look-up instead of a
// comparison with every word.
class WordSet {
public:
    WordSet(std::initializer_list<std::string_view> words) {
        for (auto w : words) m_words.add(w, true);
    }
    bool contains(std::string_view w) const { return m_words.find(w) != nullptr; }

private:
    WordMap<bool> m_words;
};

// Words a count must not be: function words, time words and units handled elsewhere.
bool stop_noun(std::string_view w) {
    static const WordSet STOP = {
        "of",    "in",      "on",      "at",      "to",     "and",       "or",      "the",    "a",
        "an",    "by",      "for",     "from",    "with",   "per",       "than",    "as",     "is",
        "are",   "was",     "were",    "be",      "been",   "has",       "have",    "had",    "will",
        "would", "that",    "which",   "who",     "year",   "years",     "month",   "months", "day",
        "days",  "week",    "weeks",   "hour",    "hours",  "minute",    "minutes", "second", "seconds",
        "times", "time",    "percent", "more",    "less",   "times",     "it",      "its",    "this",
        "these", "those",   "but",     "not",     "into",   "about",     "after",   "before", "since",
        "until", "when",    "while",   "each",    "apiece", "out",       "up",      "over",   "under",
        "only",  "also",    "so",      "too",     "than",   "am",        "pm",      "i",      "we",
        "you",   "he",      "she",     "they",    "said",   "says",      "new",     "other",  "points",
        "point", "between", "through", "via",     "under",  "all",       "than",    "if",     "then",
        "there", "here",    "what",    "where",   "do",     "did",       "does",    "can",    "could",
        "may",   "might",   "must",    "shall",   "should", "just",      "even",    "still",  "yet",
        "ago",   "later",   "earlier", "decades", "decade", "centuries", "century", "or",     "nor",
        "per",   "cent",    "x",       "by",      "vs",     "versus",    "degrees", "degree", "bit",
        "bits",  "mb",      "gb",      "kb"};
    return STOP.contains(w);
}

bool people_noun(std::string_view w) {
    static const WordSet PEOPLE = {
        "people",      "persons",    "person",   "workers",    "worker",    "employees",   "employee",
        "staff",       "soldiers",   "troops",   "engineers",  "students",  "civilians",   "residents",
        "specialists", "personnel",  "men",      "women",      "children",  "technicians", "labourers",
        "laborers",    "migrants",   "refugees", "officers",   "pilots",    "experts",     "scientists",
        "staffers",    "volunteers", "recruits", "conscripts", "teenagers", "apprentices", "contractors",
        "members",     "citizens",   "victims",  "casualties", "fighters",  "mercenaries", "operators"};
    return PEOPLE.contains(w);
}

// A word lower-cased on the stack: the recognizer compares many short words per number, and
// building a std::string for each was a large share of its time. Longer text falls back to
// the heap. Not copyable: the view may point into the object itself.
class Lower {
public:
    Lower() = default;
    explicit Lower(std::string_view s) { assign(s); }
    Lower(const Lower&) = delete;
    Lower& operator=(const Lower&) = delete;
    void assign(std::string_view s) {
        char* out = m_buf;
        if (s.size() > sizeof m_buf) {
            m_long.assign(s);
            out = m_long.data();
        }
        for (std::size_t i = 0; i < s.size(); ++i) out[i] = lower(s[i]);
        m_view = std::string_view(out, s.size());
    }
    std::string_view view() const { return m_view; }
    operator std::string_view() const { return m_view; }  // NOLINT: used where words are compared
    std::size_t size() const { return m_view.size(); }
    friend bool operator==(const Lower& a, std::string_view b) { return a.m_view == b; }

private:
    char m_buf[32];
    std::string m_long;
    std::string_view m_view;
};

bool is_month_name(std::string_view w) {
    static const WordSet MONTHS = {"january", "february", "march",     "april",   "may",      "june",
                                   "july",    "august",   "september", "october", "november", "december",
                                   "jan",     "feb",      "mar",       "apr",     "jun",      "jul",
                                   "aug",     "sep",      "sept",      "oct",     "nov",      "dec"};
    return MONTHS.contains(w);
}

// ---- forward words ------------------------------------------------------------------------

struct FWord {
    std::size_t b = 0, e = 0;
};

// Bytes of a word for words_after: letters and UTF-8 anywhere, '2', '3' and '/' after its
// first byte ("m2", "km/h").
enum : std::uint8_t { WORD_NONE = 0, WORD_ANY = 1, WORD_INNER = 2 };
constexpr std::array<std::uint8_t, 256> WORD_BYTE = [] {
    std::array<std::uint8_t, 256> t{};
    for (int c = 'a'; c <= 'z'; ++c) t[c] = WORD_ANY;
    for (int c = 'A'; c <= 'Z'; ++c) t[c] = WORD_ANY;
    for (int c = 0x80; c < 256; ++c) t[c] = WORD_ANY;
    t['2'] = t['3'] = t['/'] = WORD_INNER;
    return t;
}();

// Up to `max` words after pos, each a run of letters, '.', '/', '2', '3' or a few UTF-8
// unit bytes; words are separated by single spaces (a comma or other punctuation stops).
std::size_t words_after(std::string_view s, std::size_t pos, FWord* out, std::size_t max,
                        bool first_glued_ok) {
    std::size_t n = 0, p = pos;
    while (n < max) {
        std::size_t q = p, gap = 0, g;
        while ((g = detail::space_len(s, q)) && gap < 3) q += g, gap += g;
        if (gap == 0 && !(n == 0 && first_glued_ok)) break;
        std::size_t e = q;
        while (e < s.size()) {
            const std::uint8_t c = WORD_BYTE[static_cast<unsigned char>(s[e])];
            if (c == WORD_ANY || (c == WORD_INNER && e > q)) {
                ++e;
            } else if (s[e] == '.' && e > q && is_alpha(at(s, e + 1)) && e + 2 < s.size() &&
                       at(s, e + 2) == '.') {
                ++e;  // "u.s."
            } else {
                break;
            }
        }
        if (e == q || is_digit(at(s, e))) break;
        out[n++] = {q, e};
        p = e;
    }
    return n;
}

// Looks up the longest phrase of 1..n words starting at words[0] in a map. Returns words used.
template <class T>
std::size_t longest_phrase(std::string_view s, const FWord* w, std::size_t n, const WordMap<T>& map,
                           const T** found) {
    char buf[64];
    const char first = lower(s[w[0].b]);
    for (std::size_t k = std::min<std::size_t>(n, 3); k >= 1; --k) {
        // the phrase's length and first byte rule out most candidates before it is built
        std::size_t total = k - 1;
        for (std::size_t i = 0; i < k; ++i) total += w[i].e - w[i].b;
        if (total >= sizeof buf || !map.may_contain(first, total)) continue;
        std::size_t len = 0;
        bool fits = true;
        for (std::size_t i = 0; i < k && fits; ++i) {
            if (i) buf[len++] = ' ';
            if (len + (w[i].e - w[i].b) >= sizeof buf) {
                fits = false;
                break;
            }
            for (std::size_t j = w[i].b; j < w[i].e; ++j) buf[len++] = lower(s[j]);
        }
        if (!fits) continue;
        if (const T* v = map.find(std::string_view(buf, len))) {
            *found = v;
            return k;
        }
    }
    return 0;
}

// ---- qualifiers and rates -----------------------------------------------------------------

struct Qual {
    core::Qualifier q = core::Qualifier::exact;
    std::size_t start = 0;
};

// Words before a quantity that qualify it.
Qual qualifier_before(std::string_view s, std::size_t start) {
    Qual out{core::Qualifier::exact, start};
    std::size_t p = start;
    while (p > 0 && is_space(s[p - 1])) --p;
    if (p > 0 && s[p - 1] == '~') return {core::Qualifier::approx, p - 1};
    detail::Bound b = detail::prefix_bound(s, start);
    if (b.kind == detail::BoundKind::low_exclusive || b.kind == detail::BoundKind::low_inclusive)
        return {core::Qualifier::over, b.pos};
    if (b.kind == detail::BoundKind::high_exclusive || b.kind == detail::BoundKind::high_inclusive)
        return {core::Qualifier::under, b.pos};
    std::size_t ws = 0;
    std::string_view w1 = detail::word_before(s, start, ws);
    const Lower w(w1);
    static const WordSet APPROX = {"about",   "approximately", "around",    "nearly", "almost",
                                   "roughly", "some",          "estimated", "approx", "circa",
                                   "ca",      "reportedly",    "close"};
    if (APPROX.contains(w)) {
        std::size_t ws2 = 0;
        const Lower w2(detail::word_before(s, ws, ws2));
        if (w == "estimated" && (w2 == "an" || w2 == "a")) return {core::Qualifier::approx, ws2};
        if (w == "close") return out;
        return {core::Qualifier::approx, ws};
    }
    if (w == "of" || w == "averaging" || w == "average") {
        std::size_t ws2 = 0;
        const Lower w2(detail::word_before(s, ws, ws2));
        if (w == "averaging") return {core::Qualifier::average, ws};
        if (w == "of" && w2 == "average") {
            std::size_t ws3 = 0;
            const Lower w3(detail::word_before(s, ws2, ws3));
            return {core::Qualifier::average, (w3 == "an" || w3 == "the") ? ws3 : ws2};
        }
        if (w == "of" && (w2 == "upwards" || w2 == "excess")) return out;
    }
    if (w == "to") {
        std::size_t ws2 = 0;
        const Lower w2(detail::word_before(s, ws, ws2));
        if (w2 == "close") return {core::Qualifier::approx, ws2};
    }
    return out;
}

const char* time_unit(std::string_view w) {
    if (w == "month" || w == "months" || w == "mo") return "month";
    if (w == "day" || w == "days") return "day";
    if (w == "week" || w == "weeks" || w == "wk") return "week";
    if (w == "year" || w == "years" || w == "annum" || w == "yr") return "year";
    if (w == "hour" || w == "hr") return "hour";
    return nullptr;
}

struct Rate {
    std::string_view per;      // "month", ... or "unit" for per item (a literal)
    std::string_view counted;  // the item for per-item money (a slice of the text)
    std::size_t end = 0;
};

// "per month", "a day", "each year", "monthly", "/month"; with items allowed, "per drone",
// "each", "apiece", "a share".
std::optional<Rate> rate_after(std::string_view s, std::size_t end, bool items) {
    std::size_t p = end;
    if (at(s, p) == '/' && is_alpha(at(s, p + 1))) {
        std::size_t e = detail::word_end(s, p + 1);
        if (const char* t = time_unit(Lower(s.substr(p + 1, e - p - 1)))) return Rate{t, "", e};
        return std::nullopt;
    }
    if (at(s, p) == ' ' && at(s, p + 1) == '-' && at(s, p + 2) == ' ') p += 2;  // "$ 70 - a - share"
    FWord w[3];
    std::size_t n = words_after(s, p, w, 3, false);
    if (n == 0) return std::nullopt;
    // "$4M per-missile", "$1.1B per-battery": per item, glued by a hyphen
    if (const std::string_view raw = s.substr(w[0].b);
        items && raw.size() > 4 && (raw.starts_with("per-") || raw.starts_with("Per-")) && is_alpha(raw[4])) {
        const std::size_t e = detail::word_end(s, w[0].b + 4);
        return Rate{"unit", s.substr(w[0].b + 4, e - w[0].b - 4), e};
    }
    const Lower w0(s.substr(w[0].b, w[0].e - w[0].b));
    // the only words a rate can start with; most numbers are followed by something else
    static const WordSet FIRST = {"monthly", "daily", "weekly", "annually", "yearly", "each",
                                  "apiece",  "per",   "a",      "an",       "every",  "-a-"};
    if (!FIRST.contains(w0)) return std::nullopt;
    if (w0 == "monthly") return Rate{"month", "", w[0].e};
    if (w0 == "daily") return Rate{"day", "", w[0].e};
    if (w0 == "weekly") return Rate{"week", "", w[0].e};
    if (w0 == "annually" || w0 == "yearly") return Rate{"year", "", w[0].e};
    if (items && (w0 == "each" || w0 == "apiece")) return Rate{"unit", "", w[0].e};
    if (n >= 2 && (w0 == "per" || w0 == "a" || w0 == "an" || w0 == "each" || w0 == "every" || w0 == "-a-")) {
        std::size_t k = 1;
        Lower w1(s.substr(w[1].b, w[1].e - w[1].b));
        if (w1 == "calendar" && n >= 3) w1.assign(s.substr(w[2].b, w[2].e - w[2].b)), k = 2;
        if (const char* t = time_unit(w1)) return Rate{t, "", w[k].e};
        if (items && (w0 == "per" || w0 == "each" || w0 == "a") && !stop_noun(w1) && !is_month_name(w1) &&
            w1 != "few" && w1 != "lot" && w1 != "total" && w1 != "result" && w1 != "deal" &&
            w1 != "contract" && w1 != "cent" && w1 != "capita" && w1 != "dozen") {
            if (w0 == "a" &&
                !(w1 == "share" || w1 == "piece" || w1 == "unit" || w1 == "head" || w1 == "barrel" ||
                  w1 == "ton" || w1 == "tonne" || w1 == "drone" || w1 == "missile" || w1 == "gallon" ||
                  w1 == "pound" || w1 == "kilogram" || w1 == "kg" || w1 == "litre" || w1 == "liter"))
                return std::nullopt;
            return Rate{"unit", s.substr(w[1].b, w[1].e - w[1].b), w[1].e};
        }
    }
    // "a-share" glued by hyphens
    return std::nullopt;
}

// ---- the recognizer -------------------------------------------------------------------------

// A quantity while it is read: Quantity's fields, but its names are views of static tables
// or of the text, so the candidates built and dropped per number allocate nothing; the
// strings are made once, for the quantities returned.
struct Draft {
    static constexpr std::size_t FIRST_CAPACITY = 4;
    std::size_t start = 0, end = 0;
    QuantityKind kind = QuantityKind::number;
    double value = 0;
    std::optional<double> low, high;
    std::string_view unit;       // canonical unit without its rate
    std::string_view unit_rate;  // when set, Quantity::unit is unit + "/" + unit_rate
    std::string_view per;
    std::string_view source_unit;  // for speeds, the length part when source_time is set
    std::string_view source_time;  // speeds: Quantity::source_unit is source_unit + " per " + source_time
    double source_value = 0;
    std::string_view counted;
    core::Qualifier qualifier = core::Qualifier::exact;
    std::size_t value_start = 0, value_end = 0;

    void add_rate(std::string_view rate) { unit_rate = rate; }
    std::string unit_text() const {
        std::string u;
        write_unit(u);
        return u;
    }
    void write_unit(std::string& u) const {
        u.assign(unit);
        if (!unit_rate.empty()) u.append(1, '/').append(unit_rate);
    }
    bool same_unit(const Draft& o) const {
        if (unit_rate.empty() && o.unit_rate.empty()) return unit == o.unit;
        return unit_text() == o.unit_text();
    }
    // Appends the finished quantity to out, building its strings in place.
    void emit_to(std::vector<Quantity>& out) const {
        // Calls are per sentence, which rarely holds more than a few: one allocation, not
        // three reallocations moving every string.
        if (out.capacity() == 0) out.reserve(FIRST_CAPACITY);
        Quantity& q = out.emplace_back();
        q.start = start;
        q.end = end;
        q.kind = kind;
        q.value = value;
        q.low = low;
        q.high = high;
        write_unit(q.unit);
        q.per = per;
        q.source_unit = source_unit;
        if (!source_time.empty()) q.source_unit.append(" per ").append(source_time);
        q.source_value = source_value;
        q.counted = counted;
        q.qualifier = qualifier;
        q.value_start = value_start;
        q.value_end = value_end;
    }
};

struct Raw {
    Draft q;
    bool has_unit = false;
    bool year = false;
    const ScannedNumber* num = nullptr;

    // Back to the default state, field by field: `*this = Raw{}` compiled to a `rep stos`
    // whose start-up cost showed in the profile once per number.
    void reset(const ScannedNumber* n) {
        q.start = q.end = q.value_start = q.value_end = 0;
        q.kind = QuantityKind::number;
        q.value = q.source_value = 0;
        q.low.reset();
        q.high.reset();
        q.unit = q.unit_rate = q.per = q.source_unit = q.source_time = q.counted = {};
        q.qualifier = core::Qualifier::exact;
        has_unit = year = false;
        num = n;
    }
};

// A currency sign or code written right before `start` ("$", "US$", "€", "USD ", "c $").
std::optional<std::pair<Currency, std::size_t>> currency_before(std::string_view s, std::size_t start) {
    std::size_t p = start;
    std::size_t gap = 0;
    while (p > 0 && s[p - 1] == ' ' && gap < 2) --p, ++gap;
    const bool sign_possible = p > 0 && sign_edges().last[static_cast<unsigned char>(s[p - 1])];
    for (const auto& sign : sign_possible ? std::span(SIGNS) : std::span<const Sign>()) {
        std::size_t n = sign.bytes.size();
        if (p >= n && s.substr(p - n, n) == sign.bytes) {
            std::size_t b = p - n;
            if (sign.bytes == "$") {
                // letters before the dollar sign: "US$", "c $", "HK $", "u.s $", "usd$"
                std::size_t q = b;
                std::size_t g2 = 0;
                while (q > 0 && s[q - 1] == ' ' && g2 < 1) --q, ++g2;
                std::size_t w = q;
                while (w > 0 && (is_alpha(s[w - 1]) || (s[w - 1] == '.' && w >= 2 && is_alpha(s[w - 2]))))
                    --w;
                // one-letter prefixes ("A$", "S$") only when glued; "a $5 deal" is US dollars
                if (w < q && (w == 0 || !is_alnum(s[w - 1])) &&
                    (q == b || q - w >= 2 || lower(s[w]) == 'c')) {
                    const Lower pre(s.substr(w, q - w));
                    if (const Currency* c = dollar_prefixes().find(pre)) return std::pair{*c, w};
                }
                if (b > 0 && is_alnum(s[b - 1])) return std::nullopt;
            }
            return std::pair{sign.cur, b};
        }
    }
    // a code or word: "USD 200", "EUR 125", "rmb 10", "dollar 22.5 million", "MAUD 60", "RM 42",
    // "Rs. 2,000 crore"; glued to the digits only as an upper-case code: "USD3.14", "RM42", "Rs20"
    std::size_t word_end = start - gap;
    if (gap > 0 && word_end > 2 && s[word_end - 1] == '.' && lower(s[word_end - 2]) == 's' &&
        lower(s[word_end - 3]) == 'r' && (word_end == 3 || !is_alnum(s[word_end - 4])))
        return std::pair{*currency_words().find("rs"), word_end - 3};  // "Rs. 20"
    std::size_t ws = word_end;
    while (ws > 0 && is_alpha(s[ws - 1]) && word_end - ws <= 7) --ws;
    std::string_view w = s.substr(ws, word_end - ws);
    if (w.empty() || w.size() > 7 || (ws > 0 && (is_alnum(s[ws - 1]) || s[ws - 1] == '-')))
        return std::nullopt;
    if (w.size() < 2 && !(ws > 0 && s[ws - 1] == '$')) return std::nullopt;
    const Lower lw(w);
    if (ws > 0 && s[ws - 1] == '$')  // "$US160 million", "$A5"
        if (const Currency* c = dollar_prefixes().find(lw)) return std::pair{*c, ws - 1};
    bool upper = true;
    for (char c : w) upper = upper && c >= 'A' && c <= 'Z';
    const bool capitalised = w[0] >= 'A' && w[0] <= 'Z';
    if (gap == 0 && !(upper && w.size() >= 2) && !(lw == "rs" && capitalised)) return std::nullopt;
    if (!upper && (lw == "try" || lw == "cad" || lw == "sar" || lw == "ils" || lw == "nok" || lw == "sek" ||
                   lw == "rm" || lw == "bgn" || lw == "mnt" || lw == "qar"))
        return std::nullopt;
    if (lw == "rs" && !capitalised) return std::nullopt;
    static const WordSet PREFIX_WORDS = {
        "usd", "eur", "gbp", "jpy", "cny",    "rmb",  "rub",  "irr",  "inr",  "chf",     "aud", "cad", "hkd",
        "nzd", "mxn", "uah", "btc", "dollar", "musd", "meur", "mgbp", "maud", "sgd",     "try", "sek", "nok",
        "myr", "rm",  "rs",  "kwd", "qar",    "egp",  "lbp",  "bgn",  "mnt",  "ringgit", "zar", "krw"};
    if (PREFIX_WORDS.contains(lw))
        if (const Currency* c = currency_words().find(lw)) return std::pair{*c, ws};
    return std::nullopt;
}

bool year_like(std::string_view s, const ScannedNumber& n) {
    return n.plain_digits && n.end - n.start == 4 && n.value >= 1800 && n.value <= 2100 &&
           !is_alpha(at(s, n.end));
}

// Reads what follows a number: a unit, currency word, percent sign or counted noun.
void attach_unit(std::string_view s, Raw& r, const std::optional<std::pair<Currency, std::size_t>>& pre) {
    const ScannedNumber& n = *r.num;
    Draft& q = r.q;
    q.value_start = n.start;
    q.value_end = n.end;
    q.source_value = n.value;
    q.value = n.value;
    std::size_t p = n.end;

    auto set_currency = [&](const Currency& c, double magnitude, std::size_t vs, std::size_t ve) {
        q.kind = QuantityKind::currency;
        q.source_value = n.value * magnitude * c.magnitude;
        q.value = q.source_value * c.factor;
        q.unit = c.iso;
        q.source_unit = c.source_unit;
        q.value_start = vs;
        q.value_end = ve;
        r.has_unit = true;
    };

    if (pre) {
        double mag = 1;
        std::size_t ve = n.end;
        if (n.glued_unit) {  // "€30m", "$5bn" handled by the scanner; lower-case "m" here
            std::size_t e = detail::word_end(s, p);
            const Lower w(s.substr(p, e - p));
            double m = detail::magnitude_word(w);
            if (m == 0) return;
            mag = m;
            ve = e;
        } else {
            FWord w[2];
            std::size_t k = words_after(s, p, w, 1, false);
            if (k == 1) {
                const Lower w0(s.substr(w[0].b, w[0].e - w[0].b));
                if (w0 == "m" || w0 == "bn" || w0 == "mn" || w0 == "b" || w0 == "tn") {
                    mag = detail::magnitude_word(w0);
                    ve = w[0].e;
                }
            }
        }
        set_currency(pre->first, mag, pre->second, ve);
        // "$ 10 dollars": a repeated currency word belongs to the amount
        FWord w[2];
        std::size_t k = words_after(s, q.value_end, w, 2, false);
        const Currency* c = nullptr;
        if (k && longest_phrase(s, w, k, currency_words(), &c) == 1 &&
            std::string_view(c->iso) == pre->first.iso && c->factor == 1)
            q.value_end = w[0].e;
        return;
    }

    // percent
    {
        std::size_t t = p;
        while (at(s, t) == ' ' && t - p < 2) ++t;
        char before = n.start > 0 ? s[n.start - 1] : ' ';
        auto percent_to = [&](std::size_t end) {
            q.kind = QuantityKind::percent;
            q.unit = "percent";
            q.source_unit = "Percent";
            q.value_end = end;
            r.has_unit = true;
        };
        // "24pc", "24 pc" (British news): per cent
        if (lower(at(s, t)) == 'p' && lower(at(s, t + 1)) == 'c' && !is_alnum(at(s, t + 2)) &&
            !is_alnum(before)) {
            percent_to(t + 2);
            return;
        }
        if (at(s, t) == '%' && !is_alnum(at(s, t + 1)) && before != '%' && before != '=' &&
            !is_alnum(before)) {
            percent_to(t + 1);
            return;
        }
    }
    // currency signs after the number: "10 $", "100 €", "100元"
    {
        std::size_t t = p;
        while (at(s, t) == ' ' && t - p < 2) ++t;
        const bool sign_possible = t < s.size() && sign_edges().first[static_cast<unsigned char>(s[t])];
        for (const auto& sign : sign_possible ? std::span(SIGNS) : std::span<const Sign>()) {
            if (s.substr(t, sign.bytes.size()) == sign.bytes) {
                std::size_t e = t + sign.bytes.size();
                if (sign.bytes == "$" && is_digit(at(s, e))) break;
                set_currency(sign.cur, 1, n.start, e);
                return;
            }
        }
    }
    FWord w[4];
    const bool hyphen = n.hyphen_follows;
    std::size_t nw = 0;
    if (hyphen) {
        nw = words_after(s, p + 1, w, 3, true);
    } else {
        nw = words_after(s, p, w, 4, n.glued_unit);
        // brackets around a unit: "20 (kg)", "20 [kg]"
        if (nw == 0) {
            std::size_t t = p;
            while (at(s, t) == ' ' && t - p < 2) ++t;
            char o = at(s, t);
            if (o == '(' || o == '[' || o == '{' || o == '<') {
                std::size_t e = detail::word_end(s, t + 1);
                char cl = at(s, e);
                if (e > t + 1 && (cl == ')' || cl == ']' || cl == '}' || cl == '>')) {
                    if (const Unit* found = unit_words().find(Lower(s.substr(t + 1, e - t - 1)))) {
                        const Unit& u = *found;
                        q.kind = u.kind;
                        q.unit = u.unit;
                        q.source_unit = u.source_unit;
                        q.value = n.value * u.factor;
                        q.value_end = e + 1;
                        r.has_unit = true;
                        return;
                    }
                }
            }
        }
    }
    if (nw == 0) return;
    const Lower w0(s.substr(w[0].b, w[0].e - w[0].b));
    if (n.glued_unit && !hyphen) {
        // the glued word must stand alone: "180ml" yes, "1.8million" is not ours
        if (w[0].b != p) return;
    }

    // percent words
    if (w0 == "percent" || w0 == "percents" || w0 == "percentage" || w0 == "pct" || w0 == "per" ||
        w0 == "percentages") {
        std::size_t e = w[0].e;
        if (w0 == "per") {
            if (nw < 2 || !word_is(s, w[1].b, w[1].e, "cent")) goto not_percent;
            e = w[1].e;
        }
        q.kind = QuantityKind::percent;
        q.unit = "percent";
        q.source_unit = "Percent";
        q.value_end = e;
        r.has_unit = true;
        return;
    }
not_percent:

    // speed: "km/h", "kph", "mph", "knots", "miles per hour", "km/ms"
    {
        static const WordMap<std::pair<double, const char*>> SPEED_WORDS = {
            {"kph", {1, "Kilometer per hour"}},   {"kmph", {1, "Kilometer per hour"}},
            {"kmh", {1, "Kilometer per hour"}},   {"mph", {MILE_KM, "Mile per hour"}},
            {"knot", {NAUTICAL_MILE_KM, "Knot"}}, {"knots", {NAUTICAL_MILE_KM, "Knot"}},
            {"kn", {NAUTICAL_MILE_KM, "Knot"}},   {"kts", {NAUTICAL_MILE_KM, "Knot"}},
        };
        if (const auto* sw = SPEED_WORDS.find(w0)) {
            q.kind = QuantityKind::speed;
            q.unit = "km/h";
            q.source_unit = sw->second;
            q.value = n.value * sw->first;
            q.value_end = w[0].e;
            r.has_unit = true;
            return;
        }
        // "<length>/<time>" in one word, or "<length> per|an|a <time>"
        std::string_view len_word = w0, time_word;
        Lower time_buf;
        std::size_t end = 0;
        auto slash = len_word.find('/');
        if (slash != std::string_view::npos) {
            time_word = len_word.substr(slash + 1);
            len_word = len_word.substr(0, slash);
            end = w[0].e;
        } else if (nw >= 3 && (word_is(s, w[1].b, w[1].e, "per") || word_is(s, w[1].b, w[1].e, "an") ||
                               word_is(s, w[1].b, w[1].e, "a"))) {
            time_buf.assign(s.substr(w[2].b, w[2].e - w[2].b));
            time_word = time_buf;
            end = w[2].e;
        }
        const SpeedLength* ti = time_word.empty() ? nullptr : speed_times().find(time_word);
        const SpeedLength* li = ti ? speed_lengths().find(len_word) : nullptr;
        if (li && ti) {
            q.kind = QuantityKind::speed;
            q.unit = "km/h";
            q.source_unit = li->name;
            q.source_time = ti->name;
            q.value = n.value * li->km / ti->km;
            q.value_end = end;
            r.has_unit = true;
            return;
        }
    }

    // currency words after the number: "420 million finnish markka", "50 cents", "75 USD million"
    {
        const Currency* c = nullptr;
        std::size_t k = hyphen ? 0 : longest_phrase(s, w, nw, currency_words(), &c);
        if (hyphen && (w0 == "cent" || w0 == "yen" || w0 == "dollar" || w0 == "euro")) {
            k = 1;
            c = currency_words().find(w0);
        }
        bool pounds = c && std::string_view(c->source_unit) == "Pound";
        if (c && pounds && !n.magnitude) c = nullptr;  // "25 pounds" weighs; "361 million pounds" pays
        // a glued code must be upper case or a known abbreviation: "115USD", "42MYR", "20Rs";
        // "75ml" is not money
        bool upper = true;
        for (std::size_t i = w[0].b; i < w[0].e; ++i) upper = upper && s[i] >= 'A' && s[i] <= 'Z';
        const bool capitalised = s[w[0].b] >= 'A' && s[w[0].b] <= 'Z';
        if (c && n.glued_unit && w0 != "usd" && w0 != "eur" && w0 != "gbp" && w0 != "btc" && w0 != "rmb" &&
            !(upper && w0.size() >= 2) && !(w0 == "rs" && capitalised))
            c = nullptr;
        if (c && !upper &&
            (w0 == "try" || w0 == "cad" || w0 == "sar" || w0 == "ils" || w0 == "nok" || w0 == "sek" ||
             w0 == "rm" || w0 == "bgn" || w0 == "mnt" || w0 == "qar" || w0 == "le"))
            c = nullptr;
        if (c && w0 == "rs" && !capitalised) c = nullptr;
        if (c) {
            double mag = 1;
            std::size_t ve = w[k - 1].e;
            if (k < nw) {  // "75 USD million"
                double m = detail::magnitude_word(Lower(s.substr(w[k].b, w[k].e - w[k].b)));
                if (m >= 1e3 && !n.magnitude) mag = m, ve = w[k].e;
            }
            set_currency(*c, mag, n.start, ve);
            return;
        }
    }

    // dimensions
    {
        const Unit* u = nullptr;
        std::size_t k = longest_phrase(s, w, std::min<std::size_t>(nw, 3), unit_words(), &u);
        if (u) {
            // one-letter and ambiguous abbreviations need to be written next to the number
            const bool short_word = w0 == "m" || w0 == "t" || w0 == "g" || w0 == "l" || w0 == "mi" ||
                                    w0 == "ha" || w0 == "dm" || w0 == "gal";
            if (short_word && k == 1 && !n.glued_unit) {
                // spaced "m", "g" are still units when nothing word-like follows them
                std::size_t e = w[0].e;
                if (w0 == "t" || w0 == "l" || w0 == "gal" ||
                    (nw > 1 && w0 == "m" && is_alpha(at(s, w[1].b)) && !word_is(s, w[1].b, w[1].e, "x")))
                    u = nullptr;
                (void)e;
            }
            // "in" after a number is inches only where the phrase ends: "5 in", not "5 in 10"
            // or "3 in the north".
            if (u && w0 == "in" && k == 1 && !n.glued_unit) {
                std::size_t t = w[0].e;
                while (at(s, t) == ' ') ++t;
                if (is_alnum(at(s, t))) u = nullptr;
            }
            if (u && n.glued_unit && k > 1) k = 1, u = nullptr;
        }
        if (u && !(k == 1 && w0 == "pound" && false)) {
            q.kind = u->kind;
            q.unit = u->unit;
            q.source_unit = u->source_unit;
            q.value = n.value * u->factor;
            q.value_end = w[k - 1].e;
            r.has_unit = true;
            // "5 ft 2 in", "5 feet and 2 inches"
            if (std::string_view(u->source_unit) == "Foot" && !hyphen) {
                std::size_t t = q.value_end;
                while (at(s, t) == ' ') ++t;
                if (word_is(s, t, detail::word_end(s, t), "and")) {
                    t = detail::word_end(s, t);
                    while (at(s, t) == ' ') ++t;
                }
                if (is_digit(at(s, t))) {
                    auto inch = detail::scan_number_at(s, t, detail::ScanOptions{});
                    if (inch && inch->value < 12) {
                        FWord iw[1];
                        if (words_after(s, inch->end, iw, 1, false) == 1) {
                            const Lower iu(s.substr(iw[0].b, iw[0].e - iw[0].b));
                            if (iu == "in" || iu == "inch" || iu == "inches") {
                                q.source_value = n.value + inch->value / 12;
                                q.value = q.source_value * FOOT_KM;
                                q.value_end = iw[0].e;
                            }
                        }
                    }
                }
            }
            return;
        }
    }
    if (n.glued_unit || hyphen) return;

    // counted things: "6,000 drones", "41,000 workers", "6,000 Shahed-136 drones"
    if (year_like(s, n) || n.kind != NumberMatch::Kind::integer || n.value <= 0) return;
    std::size_t k = 0;
    if (is_alpha(s[w[0].b]) && s[w[0].b] >= 'A' && s[w[0].b] <= 'Z' && nw >= 2) {
        // one proper-noun modifier ("Shahed", "Shahed-136") before a lower-case noun
        std::size_t e = w[0].e;
        while (at(s, e) == '-' || is_alnum(at(s, e))) ++e;
        if (at(s, e) != ' ') return;
        FWord w2[1];
        if (words_after(s, e, w2, 1, false) != 1) return;
        w[1] = w2[0];
        k = 1;
    }
    const Lower noun_buf(s.substr(w[k].b, w[k].e - w[k].b));
    const std::string_view noun = noun_buf;
    if (noun.size() < 3 || stop_noun(noun) || is_month_name(noun) || s[w[k].b] < 'a' || s[w[k].b] > 'z')
        return;
    for (char c : noun)
        if (!is_alpha(c)) return;
    // adverbs and adjectives that do not name the thing counted
    if (noun.ends_with("ly") || noun == "such" || noun == "several" || noun == "some") return;
    q.kind = QuantityKind::count;
    q.unit = people_noun(noun) ? "person" : "unit";
    q.source_unit = q.unit == "person" ? "Person" : "Unit";
    q.counted = s.substr(w[k].b, w[k].e - w[k].b);
    q.value_end = w[k].e;
    r.has_unit = true;
}

// "3 dollars 50 cents", "thirteen dollars and forty-five cents", "15 USD 50".
void attach_cents(std::string_view s, Raw& r) {
    Draft& q = r.q;
    if (q.kind != QuantityKind::currency || r.num->kind != NumberMatch::Kind::integer || r.num->magnitude)
        return;
    if (q.source_unit == "Cent" || q.source_unit == "Pence" || q.source_unit == "Penny") return;
    std::size_t t = q.value_end;
    while (at(s, t) == ' ') ++t;
    std::size_t and_end = detail::word_end(s, t);
    if (word_is(s, t, and_end, "and")) {
        t = and_end;
        while (at(s, t) == ' ') ++t;
    }
    if (t == q.value_end) return;
    // "43c": one or two digits with the cent letter glued on
    if (is_digit(at(s, t))) {
        std::size_t d = t;
        while (d < t + 3 && is_digit(at(s, d))) ++d;
        if (d - t <= 2 && lower(at(s, d)) == 'c' && !is_alnum(at(s, d + 1))) {
            const double cents = std::stod(std::string(s.substr(t, d - t)));
            q.source_value += cents / 100;
            q.value += cents / 100;
            q.value_end = d + 1;
            return;
        }
    }
    auto c = detail::scan_number_at(s, t, detail::ScanOptions{});
    if (!c || c->kind != NumberMatch::Kind::integer || c->value <= 0 || c->value >= 100 || c->magnitude)
        return;
    FWord w[1];
    std::size_t end = c->end;
    if (words_after(s, c->end, w, 1, true) == 1) {
        const Lower wl(s.substr(w[0].b, w[0].e - w[0].b));
        // "$20 and 43c", "3 GBP 1 pence", "20 ringgit 43 sen"
        if (wl == "cent" || wl == "cents" || wl == "c" || wl == "pence" || wl == "p" || wl == "sen" ||
            wl == "sens" || wl == "kopiykas" || wl == "kopecks" || wl == "kopeks") {
            end = w[0].e;
        } else if (wl == "more" || wl == "and" || wl == "or" || wl == "is" || wl == "only") {
        } else {
            return;
        }
    } else {
        std::size_t u = c->end;
        while (at(s, u) == ' ') ++u;
        if (static_cast<unsigned char>(at(s, u)) >= 0x80 || at(s, u) == '$') return;  // "10 $ 30 $"
    }
    q.source_value += c->value / 100;
    q.value += c->value / 100;
    q.value_end = end;
}

// "1.2m tons", "35m devices", "3m people": a lower-case "m" glued to the digits and followed by
// a plural noun is "million"; metres are "35m long", "a 35m tower", "at 35m". Rewrites `n`
// to end after the "m", scaled, so the noun after it is read as what is counted or weighed.
void million_not_metres(std::string_view s, ScannedNumber& n) {
    if (!n.glued_unit || at(s, n.end) != 'm' || is_alnum(at(s, n.end + 1))) return;
    std::array<FWord, 1> w{};
    if (words_after(s, n.end + 1, w.data(), 1, false) != 1) return;
    const Lower noun(s.substr(w[0].b, w[0].e - w[0].b));
    const std::string_view v = noun;
    static const WordSet NOT_PLURAL = {"is",     "was",    "has",     "as",        "this",    "its",
                                       "across", "plus",   "less",    "thus",      "towards", "us",
                                       "yes",    "always", "perhaps", "afterwards"};
    const bool plural =
        (v.size() > 3 && v.back() == 's' && v[v.size() - 2] != 's' && !NOT_PLURAL.contains(noun)) ||
        v == "people" || v == "children" || v == "personnel" || v == "staff" || v == "men";
    if (!plural) return;
    n.value *= 1e6;
    n.end += 1;
    n.glued_unit = false;
    n.magnitude = true;
    n.plain_digits = false;
}

// Pass one, number by number: the unit, currency and percent read around each number that
// the previous quantity did not swallow. Read lazily, so only two are held at a time.
class RawReader {
public:
    explicit RawReader(std::string_view text)
        : m_text(text), m_scanner(text, detail::ScanOptions{.allow_glued_unit = true}) {}
    // The next number's reading, or false at the end. r.num stays valid until two more reads.
    bool next(Raw& r) {
        ScannedNumber& n = m_slots[m_reads % m_slots.size()];
        while (m_scanner.next(n)) {
            if (n.start < m_last_end) continue;  // swallowed by the previous quantity's unit
            ++m_reads;
            r.reset(&n);
            million_not_metres(m_text, n);
            auto pre = currency_before(m_text, n.start);
            if (pre && pre->second < m_last_end) pre.reset();
            // "percent of 10", "per cent of twenty-two"
            attach_unit(m_text, r, pre);
            attach_cents(m_text, r);
            if (!r.has_unit) {
                std::size_t ws = 0;
                const Lower w(detail::word_before(m_text, n.start, ws));
                if (w == "of") {
                    std::size_t ws2 = 0;
                    const Lower w2(detail::word_before(m_text, ws, ws2));
                    std::size_t ws3 = 0;
                    const Lower w3(detail::word_before(m_text, ws2, ws3));
                    if (w2 == "percent" || w2 == "percents" || w2 == "percentage") {
                        r.q.kind = QuantityKind::percent, r.q.unit = "percent", r.q.source_unit = "Percent";
                        r.q.value_start = ws2, r.has_unit = true;
                    } else if (w2 == "cent" && w3 == "per") {
                        r.q.kind = QuantityKind::percent, r.q.unit = "percent", r.q.source_unit = "Percent";
                        r.q.value_start = ws3, r.has_unit = true;
                    }
                }
            }
            r.year = year_like(m_text, n) && !r.has_unit;
            r.q.start = r.q.value_start;
            r.q.end = r.q.value_end;
            m_last_end = r.q.value_end;
            return true;
        }
        return false;
    }

private:
    std::string_view m_text;
    detail::NumberScanner m_scanner;
    // The caller holds at most the two latest readings (the current one and its successor),
    // so a third slot is always free for the next number.
    std::array<ScannedNumber, 3> m_slots{};
    std::size_t m_reads = 0;
    std::size_t m_last_end = 0;
};

// The magnitude word or suffix a number ends with ("15 billion", "15bn", "2.5m"), or 1.
double trailing_magnitude(std::string_view s, const ScannedNumber& n) {
    std::size_t b = n.end;
    while (b > n.start && is_alpha(s[b - 1])) --b;
    if (b == n.end) return 1;
    const double m = detail::magnitude_word(Lower(s.substr(b, n.end - b)));
    return m > 0 ? m : 1;
}

// Pass two: joins r with the number after it into a range, or adds its qualifier and rate,
// and appends the result to out. Returns true when `next` was used up by a range.
bool emit(std::string_view text, Raw& r, const Raw* next, std::vector<Quantity>& out) {
    Draft& q = r.q;
    // ranges: "between X and Y unit", "from X to Y unit", "X-Y unit", "X to Y unit"
    if (next && !r.year && !next->year) {
        const Raw& b = *next;
        std::size_t ws = 0;
        const Lower before(detail::word_before(text, q.value_start, ws));
        std::size_t gap_b = q.value_end, gap_e = b.q.value_start;
        Lower mid_buf;
        std::string_view mid;
        if (gap_e > gap_b && gap_e - gap_b < 12)
            mid_buf.assign(text.substr(gap_b, gap_e - gap_b)), mid = mid_buf;
        std::string_view t = mid;
        while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
        while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
        const bool between = before == "between" && (t == "and" || t == "and about" || t == "and around");
        const bool from_to = before == "from" && (t == "to" || t == "until");
        // "increased by $43.6 billion to $419.2 billion" is a change and a level, not a range
        const bool dash = t == "-" || t == "\xE2\x80\x93" || (t == "to" && before != "by") || t == "~";
        const bool same_or_unitless = !r.has_unit || (b.has_unit && r.q.same_unit(b.q));
        // "$1-2 billion", "€3–4bn", "$5-10": the currency of the first, the magnitude of the second
        if (!mid.empty() && dash && t != "to" && r.has_unit && !b.has_unit &&
            r.q.kind == QuantityKind::currency && !r.num->magnitude && r.q.source_value != 0) {
            const double mag = trailing_magnitude(text, *b.num);
            const double factor = r.q.value / r.q.source_value;
            const double lo_src = r.q.source_value * mag;
            const double hi_src = b.num->value;
            if (lo_src < hi_src && std::isfinite(factor)) {
                Draft m = r.q;
                m.value_end = b.q.value_end;
                m.end = m.value_end;
                m.low = lo_src * factor;
                m.high = hi_src * factor;
                m.value = (*m.low + *m.high) / 2;
                m.source_value = (lo_src + hi_src) / 2;
                m.qualifier = core::Qualifier::range;
                if (auto rt = rate_after(text, m.value_end, true)) {
                    m.per = rt->per;
                    m.add_rate(rt->per);
                    m.end = rt->end;
                }
                if (!out.empty() && m.start < out.back().end) return false;
                m.emit_to(out);
                return true;
            }
        }
        if (!mid.empty() && (between || from_to || dash) && same_or_unitless && b.has_unit &&
            r.num->value < b.num->value && !(t == "-" && (r.num->hyphen_follows && mid == "-" && false))) {
            double factor = b.num->value != 0 ? b.q.value / b.q.source_value : 1;
            if (b.q.source_value == 0 || !std::isfinite(factor)) factor = 1;
            double lo_src = r.has_unit
                                ? r.q.source_value
                                : r.num->value * (b.q.source_value / (b.num->value != 0 ? b.num->value : 1));
            // magnitude of the second applies to the first: "$1-2 billion", "$10 to $15 billion"
            if (r.has_unit && b.num->magnitude && !r.num->magnitude && r.q.kind == QuantityKind::currency) {
                const double mag = trailing_magnitude(text, *b.num);
                if (mag > 1 && r.q.source_value * mag < b.q.source_value) lo_src = r.q.source_value * mag;
            } else if (!r.has_unit && b.num->magnitude && !r.num->magnitude)
                lo_src = r.num->value * (b.q.source_value / b.num->value);
            else if (!r.has_unit)
                lo_src = r.num->value * (b.q.source_value / b.num->value);
            Draft m = b.q;
            m.start = (between || from_to) ? ws : q.value_start;
            m.value_start = q.value_start;
            m.low = lo_src * factor;
            m.high = b.q.value;
            m.value = (*m.low + *m.high) / 2;
            m.source_value = (lo_src + b.q.source_value) / 2;
            m.qualifier = core::Qualifier::range;
            if (auto rt = rate_after(text, m.value_end, m.kind == QuantityKind::currency)) {
                if (m.kind == QuantityKind::count || m.kind == QuantityKind::currency) {
                    m.per = rt->per;
                    m.add_rate(rt->per);
                    m.end = rt->end;
                }
            }
            if (m.end < m.value_end) m.end = m.value_end;
            if (!out.empty() && m.start < out.back().end) m.start = m.value_start;
            if (!out.empty() && m.start < out.back().end) return false;
            m.emit_to(out);
            return true;
        }
    }
    // qualifier
    Qual ql = qualifier_before(text, q.value_start);
    q.qualifier = ql.q;
    // "a few hundred", "dozens of": an order of magnitude, not a count.
    if (q.qualifier == core::Qualifier::exact && r.num && r.num->vague) q.qualifier = core::Qualifier::approx;
    q.start = ql.start;
    if (ql.q == core::Qualifier::over) q.low = q.value;
    if (ql.q == core::Qualifier::under) q.high = q.value;
    // rate or per item
    if (!r.year) {
        std::size_t from = q.value_end;
        const bool money = q.kind == QuantityKind::currency;
        if (auto rt = rate_after(text, from, money)) {
            if (q.kind == QuantityKind::count || q.kind == QuantityKind::number) {
                if (rt->per != "unit" && r.num->kind == NumberMatch::Kind::integer) {
                    if (q.kind == QuantityKind::number) {
                        q.kind = QuantityKind::count;
                        q.unit = "unit";
                        q.source_unit = "Unit";
                    }
                    q.per = rt->per;
                    q.add_rate(rt->per);
                    q.end = rt->end;
                }
            } else if (money) {
                q.per = rt->per;
                q.add_rate(rt->per);
                if (rt->per == "unit") q.counted = rt->counted;
                q.end = rt->end;
            } else if (q.kind == QuantityKind::percent && rt->per != "unit") {
                q.per = rt->per;
                q.end = rt->end;
            }
        }
        // "on average" after the figure
        std::size_t t = q.end;
        FWord w[2];
        if (words_after(text, t, w, 2, false) == 2 && word_is(text, w[0].b, w[0].e, "on") &&
            word_is(text, w[1].b, w[1].e, "average") && q.qualifier == core::Qualifier::exact) {
            q.qualifier = core::Qualifier::average;
            q.end = w[1].e;
        }
        // A bound after the unit: "1 000 km or more", "30 tonnes or less", "70-kilometer-plus".
        if (q.qualifier == core::Qualifier::exact) {
            const detail::Bound b = detail::suffix_bound(text, q.end);
            if (b.kind == detail::BoundKind::low_inclusive) {
                q.qualifier = core::Qualifier::over;
                q.low = q.value;
                q.end = b.pos;
            } else if (b.kind == detail::BoundKind::high_inclusive) {
                q.qualifier = core::Qualifier::under;
                q.high = q.value;
                q.end = b.pos;
            } else if (text.substr(q.end).starts_with("-plus") || text.substr(q.end).starts_with(" plus")) {
                const std::size_t e = q.end + 5;
                if (e >= text.size() || !std::isalnum(static_cast<unsigned char>(text[e]))) {
                    q.qualifier = core::Qualifier::over;
                    q.low = q.value;
                    q.end = e;
                }
            }
        }
    }
    if (r.year) {  // a year is a bare number, whatever surrounds it
        q.kind = QuantityKind::number;
        q.unit = {};
        q.unit_rate = {};
        q.per = {};
        q.qualifier = core::Qualifier::exact;
        q.start = q.value_start;
        q.end = q.value_end;
        q.low.reset();
        q.high.reset();
    }
    if (!std::isfinite(q.value) || !std::isfinite(q.source_value)) return false;
    if (!out.empty() && q.start < out.back().end) {  // qualifier words already used
        if (q.value_start < out.back().end) return false;
        q.start = q.value_start;
        q.qualifier = core::Qualifier::exact;
        q.low.reset();
        q.high.reset();
    }
    q.emit_to(out);
    return false;
}

}  // namespace

// "7 feet, 10 inches", "2 km and 1 metre", "10 kms, 8 metres and 6 cm", "a dollar and 42 cents":
// a length (or sum of money) followed by one in a smaller unit, joined by nothing, a comma or
// "and", is one figure (the sum).
bool composite_measure(std::string_view text, Raw& a, const Raw& b) {
    const bool money = a.q.kind == QuantityKind::currency;
    if ((a.q.kind != QuantityKind::length && !money) || b.q.kind != a.q.kind || a.year || b.year)
        return false;
    if (a.q.source_value <= 0 || b.q.source_value <= 0 || b.num->magnitude || a.q.low || b.q.low)
        return false;
    if (money && (a.q.unit != b.q.unit || !a.q.per.empty() || !b.q.per.empty())) return false;
    const double fa = a.q.value / a.q.source_value;
    const double fb = b.q.value / b.q.source_value;
    if (!(fb < fa * 0.999)) return false;
    if (b.q.value_start < a.q.value_end || b.q.value_start - a.q.value_end > 7) return false;
    std::string_view gap = text.substr(a.q.value_end, b.q.value_start - a.q.value_end);
    while (!gap.empty() && gap.front() == ' ') gap.remove_prefix(1);
    while (!gap.empty() && gap.back() == ' ') gap.remove_suffix(1);
    const bool gap_is_plain = gap.empty();
    if (!gap.empty() && gap.front() == ',') {
        gap.remove_prefix(1);
        while (!gap.empty() && gap.front() == ' ') gap.remove_prefix(1);
    }
    if (!(gap.empty() || gap == "and")) return false;
    // Unseparated, only feet and inches compose ("7 feet 10 inches"): "12 m 2 dm" is read as two
    // figures, as Recognizers-Text reads it (Duckling reads one; English rarely writes either).
    const std::string_view unit_b = b.q.source_unit;
    if (gap.empty() && gap_is_plain && unit_b != "Inch" && unit_b != "Foot") return false;
    a.q.value += b.q.value;
    a.q.source_value = a.q.value / fb;  // in the smaller unit, as written last
    a.q.source_unit = b.q.source_unit;
    a.q.value_end = b.q.value_end;
    a.q.end = b.q.end;
    return true;
}

std::vector<Quantity> find_quantities(std::string_view text) {
    std::vector<Quantity> out;
    RawReader reader(text);
    Raw cur, next;
    bool has_cur = reader.next(cur);
    bool has_next = has_cur && reader.next(next);
    while (has_cur) {
        while (has_next && composite_measure(text, cur, next)) has_next = reader.next(next);
        if (emit(text, cur, has_next ? &next : nullptr, out)) {
            has_cur = has_next && reader.next(cur);
        } else {
            cur = next;
            has_cur = has_next;
        }
        has_next = has_cur && reader.next(next);
    }
    return out;
}

}  // namespace reckon::text
