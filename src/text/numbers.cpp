// Number and number-range recognition over raw UTF-8 bytes. Hand-written rather than regex:
// the extractor must run at tens of MB/s, the grammar of English number words ("one hundred
// and three and two thirds", "twenty twenty fifths") is not regular enough for one pattern,
// and every input must stay linear in time. A number is read in two steps: a tokenizer
// turns digits and number words into tokens (at most MAX_TOKENS per number), then a small
// grammar folds the tokens into a value.
#include "reckon/text/numbers.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <span>
#include <type_traits>

#include "number_scan.hpp"

namespace reckon::text::detail {

bool word_is(std::string_view s, std::size_t b, std::size_t e, std::string_view word) {
    if (e < b || e - b != word.size() || e > s.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
        if (lower(s[b + i]) != word[i]) return false;
    return true;
}

std::size_t word_end(std::string_view s, std::size_t i) {
    while (i < s.size() && is_alpha(s[i])) ++i;
    return i;
}

namespace {

constexpr std::size_t MAX_TOKENS = 40;   // longest number phrase considered
constexpr std::size_t MAX_DIGITS = 310;  // longer digit runs are not numbers (and would overflow)
constexpr std::size_t MAX_WORD = 15;     // longest number word ("seventeenths" etc.)

enum class Cls : std::uint8_t {
    none,
    zero,
    unit,
    teen,
    tens,
    hundred,
    mag,
    dozen,
    ord,
    half,
    quarter,
    a,
    and_,
    point,
    neg,
    over,
    out,
    of,
    in,
    tens_vague,
    dig
};

struct WordInfo {
    Cls cls = Cls::none;
    double value = 0;
    bool plural = false;
    bool unit_ord = false;  // first..ninth: may close a compound denominator ("twenty-first")
};

// Open-addressed table of number words keyed by the lower-cased word; built once, read-only.
class WordTable {
public:
    WordTable() {
        static const char* const UNITS[] = {"one", "two",   "three", "four", "five",
                                            "six", "seven", "eight", "nine"};
        static const char* const TEENS[] = {"ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                            "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
        static const char* const TENS[] = {"twenty", "thirty",  "forty",  "fifty",
                                           "sixty",  "seventy", "eighty", "ninety"};
        static const char* const ORDS[] = {
            "first",     "second",    "third",       "fourth",     "fifth",     "sixth",      "seventh",
            "eighth",    "ninth",     "tenth",       "eleventh",   "twelfth",   "thirteenth", "fourteenth",
            "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"};
        static const char* const TENS_ORDS[] = {"twentieth", "thirtieth",  "fortieth",  "fiftieth",
                                                "sixtieth",  "seventieth", "eightieth", "ninetieth"};
        for (int i = 0; i < 9; ++i) add(UNITS[i], {Cls::unit, double(i + 1)});
        for (int i = 0; i < 10; ++i) add(TEENS[i], {Cls::teen, double(i + 10)});
        for (int i = 0; i < 8; ++i) add(TENS[i], {Cls::tens, double(20 + 10 * i)});
        add("forty", {Cls::tens, 40});
        add("fourty", {Cls::tens, 40});
        for (int i = 0; i < 19; ++i) add_ord(ORDS[i], double(i + 1), i < 9);
        for (int i = 0; i < 8; ++i) add_ord(TENS_ORDS[i], double(20 + 10 * i), false);
        add_ord("hundredth", 100, false);
        add_ord("thousandth", 1e3, false);
        add_ord("millionth", 1e6, false);
        add_ord("billionth", 1e9, false);
        add_ord("trillionth", 1e12, false);
        add("zero", {Cls::zero, 0});
        add("nought", {Cls::zero, 0});
        add("naught", {Cls::zero, 0});
        add("hundred", {Cls::hundred, 100});
        add("hundreds", {Cls::hundred, 100, true});
        add("thousand", {Cls::mag, 1e3});
        add("thousands", {Cls::mag, 1e3, true});
        add("million", {Cls::mag, 1e6});
        add("millions", {Cls::mag, 1e6, true});
        add("billion", {Cls::mag, 1e9});
        add("billions", {Cls::mag, 1e9, true});
        add("trillion", {Cls::mag, 1e12});
        add("trillions", {Cls::mag, 1e12, true});
        add("lakh", {Cls::mag, 1e5});
        add("lakhs", {Cls::mag, 1e5});
        add("crore", {Cls::mag, 1e7});
        add("crores", {Cls::mag, 1e7});
        // South Asian spellings: "12 lac", "3 lacs", "300 krores", "300 koti".
        for (const char* w : {"lac", "lacs"}) add(w, {Cls::mag, 1e5});
        for (const char* w : {"krore", "krores", "koti"}) add(w, {Cls::mag, 1e7});
        for (const char* w : {"bn", "bln", "mn", "mln", "tn", "tln", "trn", "lkh", "lkhs", "cr", "crs"})
            add(w, {Cls::mag, 0});
        add("dozen", {Cls::dozen, 12});
        for (const char* w : {"dozens", "dz", "dzs", "doz", "dozs"}) add(w, {Cls::dozen, 12, true});
        add("half", {Cls::half, 2});
        add("halves", {Cls::half, 2, true});
        add("quarter", {Cls::quarter, 4});
        add("quarters", {Cls::quarter, 4, true});
        add("a", {Cls::a, 1});
        add("an", {Cls::a, 1});
        add("and", {Cls::and_, 0});
        add("point", {Cls::point, 0});
        add("minus", {Cls::neg, 0});
        add("negative", {Cls::neg, 0});
        add("over", {Cls::over, 0});
        add("out", {Cls::out, 0});
        add("of", {Cls::of, 0});
        add("in", {Cls::in, 0});
        add("tens", {Cls::tens_vague, 10, true});
    }

    const WordInfo* find(std::string_view s, std::size_t b, std::size_t e) const {
        std::size_t n = e - b;
        // Cheap pre-check: is there any table word with these two first letters and this
        // length? It turns away nearly all the words of running text before hashing.
        if (n == 0 || n > MAX_WORD) return nullptr;
        const std::size_t c0 = LETTER_INDEX[static_cast<unsigned char>(s[b])];
        const std::size_t c1 = n > 1 ? LETTER_INDEX[static_cast<unsigned char>(s[b + 1])] : 26;
        if (c0 >= 26 || c1 > 26 || !((m_shapes[c0][c1] >> n) & 1u)) return nullptr;
        char buf[MAX_WORD];
        std::uint32_t h = HASH_SEED;
        for (std::size_t i = 0; i < n; ++i) {
            buf[i] = lower(s[b + i]);
            h = (h ^ static_cast<unsigned char>(buf[i])) * HASH_PRIME;
        }
        for (std::size_t probe = 0; probe < SLOTS; ++probe) {
            const Slot& slot = m_slots[(h + probe) & (SLOTS - 1)];
            if (slot.len == 0) return nullptr;
            if (slot.len == n && std::memcmp(slot.key, buf, n) == 0) return &slot.info;
        }
        return nullptr;
    }

private:
    static constexpr std::size_t SLOTS = 512;
    struct Slot {
        char key[MAX_WORD + 1] = {};
        std::size_t len = 0;
        WordInfo info;
    };
    static constexpr std::uint32_t HASH_SEED = 2166136261u;  // 32-bit FNV-1a
    static constexpr std::uint32_t HASH_PRIME = 16777619u;
    static std::size_t hash(const char* p, std::size_t n) {
        std::uint32_t h = HASH_SEED;
        for (std::size_t i = 0; i < n; ++i) h = (h ^ static_cast<unsigned char>(p[i])) * HASH_PRIME;
        return h;
    }
    // 0..25 for a lower-case letter, 27 for anything else (26 stands for "no second letter").
    static std::size_t shape_index(char c) {
        return c >= 'a' && c <= 'z' ? static_cast<std::size_t>(c - 'a') : 27;
    }
    // shape_index of the lower-cased byte, by table: find runs once per word of the text.
    static constexpr std::array<std::uint8_t, 256> LETTER_INDEX = [] {
        std::array<std::uint8_t, 256> t{};
        for (int c = 0; c < 256; ++c) {
            const int l = c >= 'A' && c <= 'Z' ? c + 32 : c;
            t[c] = static_cast<std::uint8_t>(l >= 'a' && l <= 'z' ? l - 'a' : 27);
        }
        return t;
    }();
    void add(const char* word, WordInfo info) {
        std::size_t n = std::strlen(word);
        const std::size_t c0 = shape_index(word[0]), c1 = n > 1 ? shape_index(word[1]) : 26;
        if (c0 < 26 && c1 <= 26) m_shapes[c0][c1] |= 1u << n;
        std::size_t h = hash(word, n);
        for (std::size_t probe = 0; probe < SLOTS; ++probe) {
            Slot& slot = m_slots[(h + probe) & (SLOTS - 1)];
            if (slot.len == 0 || (slot.len == n && std::memcmp(slot.key, word, n) == 0)) {
                std::memcpy(slot.key, word, n);
                slot.len = n;
                slot.info = info;
                return;
            }
        }
    }
    void add_ord(const char* word, double den, bool unit_ord) {
        add(word, {Cls::ord, den, false, unit_ord});
        std::string_view w(word);
        char buf[MAX_WORD + 1] = {};
        std::memcpy(buf, w.data(), w.size());
        buf[w.size()] = 's';
        add(buf, {Cls::ord, den, true, unit_ord});
    }
    std::array<Slot, SLOTS> m_slots{};
    // [first letter][second letter or 26]: bit n set when some word of length n starts so
    std::array<std::array<std::uint32_t, 27>, 26> m_shapes{};
};

const WordTable& words() {
    static const WordTable table;
    return table;
}

// ---- digits -------------------------------------------------------------------------------

struct DigitNum {
    std::size_t end = 0;
    double value = 0;
    NumberMatch::Kind kind = NumberMatch::Kind::integer;
    bool is_int = true;
    bool grouped = false;
    bool magnitude = false;
    bool glued_unit = false;
    bool reject = false;  // a token that must not be read as a number at all
};

// Value of a Unicode vulgar fraction at i and its byte length, or 0 length.
std::size_t vulgar_fraction(std::string_view s, std::size_t i, double& value) {
    auto u = [&](std::size_t k) { return static_cast<unsigned char>(at(s, i + k)); };
    if (u(0) == 0xC2) {
        if (u(1) == 0xBC) return value = 0.25, 2;
        if (u(1) == 0xBD) return value = 0.5, 2;
        if (u(1) == 0xBE) return value = 0.75, 2;
    }
    if (u(0) == 0xE2 && u(1) == 0x85 && u(2) >= 0x90 && u(2) <= 0x9E) {
        static const double V[] = {1.0 / 7, 1.0 / 9, 0.1,     1.0 / 3, 2.0 / 3, 0.2,   0.4,  0.6,
                                   0.8,     1.0 / 6, 5.0 / 6, 0.125,   0.375,   0.625, 0.875};
        value = V[u(2) - 0x90];
        return 3;
    }
    return 0;
}

std::size_t count_digits(std::string_view s, std::size_t i) {
    std::size_t j = i;
    while (j < s.size() && is_digit(s[j])) ++j;
    return j - i;
}

bool finite_value(double v) { return std::isfinite(v) && std::fabs(v) < 1e300; }

double to_double(const char* b, const char* e) {
    // Clinger's fast path: up to 15 significant digits are exact in a double, as is 10^k for
    // k <= 22, so one correctly rounded division gives what from_chars gives, for less.
    constexpr std::size_t EXACT_DIGITS = 15;
    static constexpr double POW10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                       1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    if (b < e && static_cast<std::size_t>(e - b) <= EXACT_DIGITS + 1) {
        std::uint64_t mantissa = 0;
        std::size_t digits = 0, frac = 0;
        bool point = false, fast = true;
        for (const char* p = b; p < e && fast; ++p) {
            if (is_digit(*p)) {
                mantissa = mantissa * 10 + static_cast<std::uint64_t>(*p - '0');
                ++digits;
                frac += point;
            } else if (*p == '.' && !point) {
                point = true;
            } else {
                fast = false;
            }
        }
        if (fast && digits > 0 && digits <= EXACT_DIGITS && !(point && frac == 0))
            return static_cast<double>(mantissa) / POW10[frac];
    }
    double v = 0;
    auto r = std::from_chars(b, e, v);
    if (r.ec != std::errc()) return std::numeric_limits<double>::infinity();
    return v;
}

// Magnitude letters glued to digits: "10k", "3bn", "1.2b", "10M", "1MM", "2mil".
double glued_magnitude(std::string_view s, std::size_t b, std::size_t e) {
    std::size_t n = e - b;
    if (n == 1) {
        char c = s[b];
        if (c == 'k' || c == 'K') return 1e3;
        if (c == 'M') return 1e6;
        if (c == 'b' || c == 'B') return 1e9;
        return 0;
    }
    if ((s[b] == 'M' && s[b + 1] == 'M') || word_is(s, b, e, "mn") || word_is(s, b, e, "mil") ||
        word_is(s, b, e, "mln"))
        return 1e6;
    if (word_is(s, b, e, "bn") || word_is(s, b, e, "bln")) return 1e9;
    if (word_is(s, b, e, "tn") || word_is(s, b, e, "tln") || word_is(s, b, e, "trn")) return 1e12;
    return 0;
}

bool ordinal_suffix(std::string_view s, std::size_t b, std::size_t e) {
    return word_is(s, b, e, "st") || word_is(s, b, e, "nd") || word_is(s, b, e, "rd") ||
           word_is(s, b, e, "th");
}

// Reads digits at p: separators, decimals, digit fractions, exponents, glued magnitudes.
std::optional<DigitNum> parse_digits(std::string_view s, std::size_t p, const ScanOptions& opt) {
    DigitNum d;
    double vf = 0;
    if (std::size_t n = vulgar_fraction(s, p, vf)) {
        d.end = p + n;
        d.value = vf;
        d.kind = NumberMatch::Kind::fraction;
        d.is_int = false;
        return d;
    }
    char buf[MAX_DIGITS + 8];
    std::size_t len = 0;
    auto push = [&](std::size_t b, std::size_t e) {
        for (std::size_t i = b; i < e && len < MAX_DIGITS; ++i) buf[len++] = s[i];
    };
    bool decimal = false;
    std::size_t q = p;
    // The decimal part after the mark at q (whatever the mark: '.' or ','), as ".digits".
    auto take_fraction = [&] {
        std::size_t k = count_digits(s, q + 1);
        buf[len++] = '.';
        push(q + 1, q + 1 + k);
        q += 1 + k;
        decimal = true;
    };
    // Thousands groups "<sep>ddd" starting at q.
    auto take_groups = [&](char sep) {
        while (at(s, q) == sep && count_digits(s, q + 1) == 3) {
            push(q + 1, q + 4);
            q += 4;
        }
        d.grouped = true;
    };
    const bool after_dotted = p >= 2 && s[p - 1] == '.' && is_digit(s[p - 2]);
    const bool after_list = p >= 2 && s[p - 1] == ',' && is_digit(s[p - 2]);
    std::size_t l1 = count_digits(s, q);
    if (l1 > MAX_DIGITS) return std::nullopt;
    push(q, q + l1);
    q += l1;
    if (l1 == 0) {  // ".08"
        std::size_t k = count_digits(s, q + 1);
        if (at(s, q) != '.' || k == 0 || k > MAX_DIGITS) return std::nullopt;
        buf[len++] = '0';
        buf[len++] = '.';
        push(q + 1, q + 1 + k);
        q += 1 + k;
        decimal = true;
    } else if (at(s, q) == ',' && l1 <= 3 && count_digits(s, q + 1) == 3) {  // 1,234,567.89
        take_groups(',');
        if (at(s, q) == '.' && count_digits(s, q + 1) > 0) take_fraction();
    } else if (at(s, q) == ',' && !after_list &&
               (count_digits(s, q + 1) == 1 || count_digits(s, q + 1) == 2) &&
               !(at(s, q + 1 + count_digits(s, q + 1)) == ',' &&
                 is_digit(at(s, q + 2 + count_digits(s, q + 1))))) {  // decimal comma: "1,3", "5,00"
        take_fraction();
    } else if (at(s, q) == '.' && l1 <= 3 && count_digits(s, q + 1) == 3 &&
               ((at(s, q + 4) == ',' && is_digit(at(s, q + 5))) ||
                (at(s, q + 4) == '.' && count_digits(s, q + 5) == 3))) {  // 1.111,11 (European)
        take_groups('.');
        if (at(s, q) == ',' && count_digits(s, q + 1) > 0) take_fraction();
    } else if (std::size_t sp = space_len(s, q); sp && l1 <= 3 && count_digits(s, q + sp) == 3 &&
                                                 !is_alpha(at(s, q + sp + 3)) && at(s, q + sp + 3) != '-' &&
                                                 at(s, q + sp + 3) != '/' && at(s, q + sp + 3) != ',') {
        // "1 234 567", "40 000": groups of exactly three digits after spaces
        while (true) {
            std::size_t g = space_len(s, q);
            if (!g || count_digits(s, q + g) != 3 || is_alpha(at(s, q + g + 3)) || at(s, q + g + 3) == '-')
                break;
            push(q + g, q + g + 3);
            q += g + 3;
        }
        d.grouped = true;
        if (at(s, q) == '.' && count_digits(s, q + 1) > 0) take_fraction();
    } else if (at(s, q) == '.' && is_digit(at(s, q + 1)) && !after_dotted) {
        std::size_t k = count_digits(s, q + 1);
        std::size_t e = q + 1 + k;
        if (!(at(s, e) == '.' && is_digit(at(s, e + 1)))) {  // "192.168.1.2" stays four integers
            buf[len++] = '.';
            push(q + 1, e);
            q = e;
            decimal = true;
        }
    }
    if (len >= MAX_DIGITS) return std::nullopt;
    double value = to_double(buf, buf + len);
    if (!finite_value(value)) return std::nullopt;
    d.kind = decimal ? NumberMatch::Kind::decimal : NumberMatch::Kind::integer;
    d.is_int = !decimal;

    // Digit fractions: "3/4", "10 1/2", "1 / 4"; proper, short, and not part of a date.
    auto fraction_at = [&](std::size_t i, double& num, double& den, std::size_t& end) {
        std::size_t a = count_digits(s, i);
        if (a == 0 || a > 3) return false;
        std::size_t j = i + a;
        while (at(s, j) == ' ') ++j;
        if (at(s, j) != '/' || j - (i + a) > 1) return false;
        ++j;
        std::size_t k = j;
        while (at(s, k) == ' ' && k - j < 1) ++k;
        std::size_t b = count_digits(s, k);
        if (b == 0 || b > 3) return false;
        if ((at(s, k + b) == '/' || at(s, k + b) == '-' || at(s, k + b) == '.') && is_digit(at(s, k + b + 1)))
            return false;
        if (is_alpha(at(s, k + b)) || (i > 0 && at(s, i - 1) == '/')) return false;
        num = to_double(s.data() + i, s.data() + i + a);
        den = to_double(s.data() + k, s.data() + k + b);
        if (den == 0 || num >= den) return false;
        end = k + b;
        return true;
    };
    if (!decimal && !d.grouped && l1 > 0) {
        double num = 0, den = 0;
        std::size_t fe = 0;
        if (fraction_at(p, num, den, fe)) {
            d.end = fe;
            d.value = num / den;
            d.kind = NumberMatch::Kind::fraction;
            d.is_int = false;
            return d;
        }
        std::size_t sp = 0, g;
        while ((g = space_len(s, q + sp)) && sp < 4) sp += g;
        if (sp && l1 <= 3 && fraction_at(q + sp, num, den, fe)) {
            d.end = fe;
            d.value = value + num / den;
            d.kind = NumberMatch::Kind::fraction;
            d.is_int = false;
            return d;
        }
    }

    // Exponents: "1e10", "12.32e+14", "1.1^23", "-1.1^--23", "1.3x10^6".
    if (!d.grouped && l1 + len > 0) {
        auto read_exp = [&](std::size_t i, double& ex, std::size_t& end) {
            bool negative = false;
            std::size_t j = i;
            while ((at(s, j) == '+' || at(s, j) == '-') && j - i < 3) {
                if (at(s, j) == '-') negative = !negative;
                ++j;
            }
            std::size_t k = count_digits(s, j);
            if (k == 0 || k > 4 || is_alpha(at(s, j + k))) return false;
            ex = to_double(s.data() + j, s.data() + j + k);
            if (negative) ex = -ex;
            end = j + k;
            return true;
        };
        double ex = 0;
        std::size_t ee = 0;
        double v = 0;
        bool power = false;
        if ((at(s, q) == 'e' || at(s, q) == 'E') && read_exp(q + 1, ex, ee)) {
            v = value * std::pow(10.0, ex);
            power = true;
        } else if (at(s, q) == '^' && read_exp(q + 1, ex, ee)) {
            v = std::pow(value, ex);
            power = true;
        } else if ((at(s, q) == 'x' || at(s, q) == 'X') && at(s, q + 1) == '1' && at(s, q + 2) == '0' &&
                   at(s, q + 3) == '^' && read_exp(q + 4, ex, ee)) {
            v = value * std::pow(10.0, ex);
            power = true;
        }
        if (power) {
            if (!finite_value(v)) return std::nullopt;
            d.end = ee;
            d.value = v;
            d.kind = NumberMatch::Kind::power;
            d.is_int = false;
            return d;
        }
    }

    d.end = q;
    d.value = value;
    // Letters glued to the digits: a magnitude ("3bn"), an ordinal ("4th") or a unit ("29km").
    if (is_alpha(at(s, q))) {
        std::size_t r = word_end(s, q);
        if (opt.allow_glued_unit && (at(s, r) == '2' || at(s, r) == '3') && !is_alnum(at(s, r + 1))) {
            d.glued_unit = true;  // "24703m2", "5km2"
            return d;
        }
        if (is_digit(at(s, r))) {
            d.reject = true;
            d.end = r;
            return d;
        }
        double m = glued_magnitude(s, q, r);
        if (m > 0) {
            d.value = value * m;
            d.end = r;
            d.magnitude = true;
            d.is_int = std::floor(d.value) == d.value;
            if (d.is_int) d.kind = NumberMatch::Kind::integer;
            return d;
        }
        if (ordinal_suffix(s, q, r) || !opt.allow_glued_unit) {
            d.reject = true;
            d.end = r;
            return d;
        }
        d.glued_unit = true;
        return d;
    }
    // Spaced one-letter magnitudes: "2.33 k", "- 10  k", "1,674,200.5 M".
    std::size_t sp = 0, g;
    while ((g = space_len(s, q + sp)) && sp < 3) sp += g;
    if (sp) {
        char c = at(s, q + sp);
        if ((c == 'k' || c == 'K' || c == 'M') && !is_alnum(at(s, q + sp + 1)) && at(s, q + sp + 1) != '-' &&
            at(s, q + sp + 1) != '\'') {
            d.value = value * (c == 'M' ? 1e6 : 1e3);
            d.end = q + sp + 1;
            d.magnitude = true;
        }
    }
    return d;
}

// ---- tokens -------------------------------------------------------------------------------

struct Tok {
    Cls cls = Cls::none;
    double value = 0;
    std::size_t start = 0, end = 0;
    bool plural = false, unit_ord = false, hyphen_before = false;
    DigitNum dig;
};

// Tokens of one phrase. The slots are left uninitialised: every number start in dense text
// builds one of these, and zeroing 40 tokens cost more than reading the phrase. Only the
// first n slots are ever read (callers go through cls(), which checks n, or index below n).
struct Toks {
    Toks() {}  // NOLINT: no member initialisation on purpose
    union {
        Tok t[MAX_TOKENS];
    };
    std::size_t n = 0;
    const Tok& operator[](std::size_t i) const { return t[i]; }
    Cls cls(std::size_t i) const { return i < n ? t[i].cls : Cls::none; }
    // A fresh token in the next free slot; it counts once n is incremented.
    Tok& emplace() { return *std::construct_at(&t[n]); }
};
static_assert(std::is_trivially_destructible_v<Tok>);

// The token starting exactly at p, written into t (default-constructed), or cls none. Written
// in place: building a Tok and copying it stalled on store forwarding.
void token_at(std::string_view s, std::size_t p, const ScanOptions& opt, Tok& t) {
    t.start = p;
    char c = at(s, p);
    double vf = 0;
    if (is_digit(c) || (c == '.' && is_digit(at(s, p + 1))) || vulgar_fraction(s, p, vf)) {
        auto d = parse_digits(s, p, opt);
        if (!d || d->reject) {
            t.end = d ? d->end : p;
            return;
        }
        t.cls = Cls::dig;
        t.value = d->value;
        t.end = d->end;
        t.dig = *d;
        return;
    }
    if (!is_alpha(c)) return;
    std::size_t e = word_end(s, p);
    t.end = e;
    if (is_digit(at(s, e))) return;
    const WordInfo* w = words().find(s, p, e);
    if (!w) return;
    t.cls = w->cls;
    t.value = w->value;
    t.plural = w->plural;
    t.unit_ord = w->unit_ord;
    if (t.cls == Cls::mag && w->value == 0) {
        // abbreviations: only after digits, value from magnitude_word
        char buf[8] = {};
        std::size_t n = std::min<std::size_t>(e - p, 7);
        for (std::size_t i = 0; i < n; ++i) buf[i] = lower(s[p + i]);
        t.value = magnitude_word(std::string_view(buf, n));
    }
    return;
}

// Tokens of a number phrase from p: words and digits separated by spaces or one hyphen.
void tokenize(std::string_view s, std::size_t p, const ScanOptions& opt, Toks& out) {
    out.n = 0;
    std::size_t pos = p;
    bool hyphen = false;
    while (out.n < MAX_TOKENS) {
        Tok& t = out.emplace();
        token_at(s, pos, opt, t);
        if (t.cls == Cls::none) break;
        t.hyphen_before = hyphen;
        // digits never continue a digit token ("4000 3 hundred" are two numbers) unless a word links them
        ++out.n;
        if (t.cls == Cls::dig && t.dig.glued_unit) break;
        std::size_t q = t.end, g;
        std::size_t gap = 0;
        while ((g = space_len(s, q)) && gap < 8) q += g, gap += g;
        hyphen = false;
        if (at(s, q) == '-' && t.cls != Cls::dig) {
            hyphen = true;
            ++q;
            std::size_t gap2 = 0;
            while ((g = space_len(s, q)) && gap2 < 4) q += g, gap2 += g;
        } else if (gap == 0) {
            break;
        }
        pos = q;
    }
}

bool is_small(Cls c) { return c == Cls::unit || c == Cls::teen || c == Cls::tens; }

// Integer part: a run of tokens folded the usual way (hundreds, then magnitudes).
struct IntParse {
    bool ok = false;
    double value = 0;
    std::size_t end_tok = 0;  // one past the last token used
    bool words = false, digits_only = true, magnitude = false;
    double max_mag = 0;
    bool ended_with_mag = false;
    double last_mag = 0;
    // the last "and" inside the number: where a fraction may split it
    std::size_t last_and = SIZE_MAX;
    double value_before_and = 0;
    bool mag_before_and = false;
    double mag_value_before_and = 0;
    bool last_tens_compound = false;  // last token is tens right after hundred/mag (no "and")
    double last_tens = 0;
};

IntParse parse_int(const Toks& tk, std::size_t i0, bool words_only) {
    IntParse r;
    // min_mult: the smallest multiplier (hundred or magnitude) since the last magnitude; min_mag:
    // the smallest magnitude, which the next must be below ("three million two hundred thousand
    // seven hundred").
    double total = 0, cur = 0, seg = 0, min_mult = 1e300;  // NOLINT(readability-isolate-declaration)
    double min_mag = 1e300;
    Cls last = Cls::none;
    std::size_t and_idx = SIZE_MAX;
    double before_and = 0;
    bool mag_before = false;
    double mag_val_before = 0;
    bool seg_from_dig = false;
    for (std::size_t k = i0; k < tk.n; ++k) {
        const Tok& t = tk[k];
        bool accept = false;
        bool after_and = last == Cls::and_;
        switch (t.cls) {
            case Cls::a:
                if (k == i0 && (tk.cls(k + 1) == Cls::hundred || tk.cls(k + 1) == Cls::dozen ||
                                (tk.cls(k + 1) == Cls::mag && !tk[k + 1].plural && tk[k + 1].value >= 1e3))) {
                    seg = cur = 1;
                    accept = true;
                }
                break;
            case Cls::zero:
                if (k == i0) {
                    r.ok = true;
                    r.value = 0;
                    r.end_tok = k + 1;
                    r.words = true;
                    r.digits_only = false;
                    return r;
                }
                break;
            case Cls::unit:
                accept = last == Cls::none || last == Cls::hundred || last == Cls::mag ||
                         (last == Cls::tens && seg >= 20 && std::fmod(seg, 10) == 0) ||
                         (after_and && (seg == 0 || (seg >= 20 && std::fmod(seg, 10) == 0)));
                if (after_and && seg_from_dig) accept = false;
                if (accept) seg += t.value, cur += t.value;
                break;
            case Cls::teen:
            case Cls::tens:
                accept =
                    last == Cls::none || last == Cls::hundred || last == Cls::mag || (after_and && seg == 0);
                if (accept) seg += t.value, cur += t.value;
                break;
            case Cls::dig:
                if (words_only) break;
                if (last == Cls::none) {
                    accept = true;
                } else if ((last == Cls::mag || last == Cls::hundred || after_and) && t.dig.is_int &&
                           !t.dig.magnitude && !t.dig.grouped && t.value > 0 && t.value < min_mult &&
                           seg == 0 && !t.hyphen_before && min_mult < 1e300) {
                    accept = true;
                }
                if (accept) seg += t.value, cur += t.value, seg_from_dig = true;
                break;
            case Cls::hundred:
                if (last == Cls::none && k == i0) seg = cur = 1;
                if (seg > 0 && (seg < 100 || (seg_from_dig && last == Cls::dig)) && cur == seg &&
                    min_mult > 100 && (last != Cls::dig || !tk[k - 1].dig.magnitude)) {
                    cur = seg * 100;
                    seg = 0;
                    min_mult = 100;
                    accept = true;
                    seg_from_dig = false;
                }
                break;
            case Cls::mag: {
                // A plural magnitude scales only a number right before it ("three billions",
                // "three thousand millions"); alone it is vague ("millions of").
                if (last == Cls::none || last == Cls::and_ || (t.value <= 0)) break;
                if (last == Cls::dig && tk[k - 1].dig.magnitude) break;
                double m = t.value;
                if (cur > 0 && m > r.max_mag) {
                    total = (total + cur) * m;
                    accept = true;
                } else if (cur > 0 && m < min_mag) {
                    total += cur * m;
                    accept = true;
                } else if (cur == 0 && last == Cls::mag && m > r.max_mag) {  // "three lakh crore"
                    total *= m;
                    accept = true;
                }
                if (accept) {
                    cur = seg = 0;
                    min_mult = m;
                    min_mag = std::min(min_mag, m);
                    r.max_mag = std::max(r.max_mag, m);
                    r.last_mag = m;
                    r.magnitude = true;
                    seg_from_dig = false;
                }
                break;
            }
            case Cls::dozen:
                if (seg > 0 && last != Cls::and_) {
                    cur = cur - seg + seg * 12;
                    seg = 0;
                    accept = true;
                } else if (last == Cls::hundred && cur > 0 && total == 0) {  // "two hundred dozens"
                    cur *= 12;
                    accept = true;
                }
                break;
            case Cls::and_: {
                Cls nx = tk.cls(k + 1);
                if ((last == Cls::hundred || last == Cls::mag || is_small(last) || last == Cls::dig) &&
                    (is_small(nx) || nx == Cls::dig)) {
                    and_idx = k;
                    before_and = total + cur;
                    mag_before = last == Cls::mag;
                    mag_val_before = last == Cls::mag ? tk[k - 1].value : 0;
                    last = Cls::and_;
                    continue;
                }
                break;
            }
            default:
                break;
        }
        if (!accept) {
            // "3 hundred and 2 hundred": the multiplier belongs to a second number
            if ((t.cls == Cls::hundred || t.cls == Cls::mag) && r.last_and != SIZE_MAX &&
                r.last_and + 2 == k) {
                r.value = r.value_before_and;
                r.end_tok = r.last_and;
                r.last_and = SIZE_MAX;
                r.ended_with_mag = r.mag_before_and;
            }
            break;
        }
        if (t.cls != Cls::dig) r.words = true, r.digits_only = false;
        if (and_idx != SIZE_MAX && last == Cls::and_) {
            r.last_and = and_idx;
            r.value_before_and = before_and;
            r.mag_before_and = mag_before;
            r.mag_value_before_and = mag_val_before;
        }
        r.last_tens_compound =
            t.cls == Cls::tens && k > i0 && !t.hyphen_before && (last == Cls::hundred || last == Cls::mag);
        r.last_tens = t.value;
        last = t.cls;
        r.ok = true;
        r.value = total + cur;
        r.end_tok = k + 1;
        r.ended_with_mag = last == Cls::mag;
        if (t.cls == Cls::dozen) break;
    }
    if (r.ok && r.end_tok == i0 + 1 && tk[i0].cls == Cls::a) r.ok = false;
    return r;
}

struct Frac {
    bool ok = false;
    double value = 0;
    std::size_t end_tok = 0;
};

// A denominator at i: an ordinal ("fifths"), a compound ("twenty-firsts", "hundred fifth"),
// or half / quarter. `numerator_is_one` asks for the singular form.
Frac parse_denominator(const Toks& tk, std::size_t i, bool numerator_is_one) {
    Frac f;
    auto number_ok = [&](const Tok& t) {
        if (t.cls == Cls::half || t.cls == Cls::quarter) return true;  // "three quarter" is common
        return numerator_is_one ? !t.plural : t.plural;
    };
    Cls c = tk.cls(i);
    if (c == Cls::ord || c == Cls::half || c == Cls::quarter) {
        const Tok& t = tk[i];
        if (c == Cls::ord && t.unit_ord && t.value <= 2) return f;  // "first", "second" alone
        if (!number_ok(t)) return f;
        f.ok = true;
        f.value = t.value;
        f.end_tok = i + 1;
        return f;
    }
    if (c == Cls::tens && tk.cls(i + 1) == Cls::ord && tk[i + 1].unit_ord) {
        if (!number_ok(tk[i + 1])) return f;
        f.ok = true;
        f.value = tk[i].value + tk[i + 1].value;
        f.end_tok = i + 2;
        return f;
    }
    IntParse d = parse_int(tk, i, true);
    if (d.ok && d.value >= 100) {
        std::size_t j = d.end_tok;
        if (tk.cls(j) == Cls::and_) ++j;
        if (tk.cls(j) == Cls::ord && tk[j].unit_ord && number_ok(tk[j])) {
            f.ok = true;
            f.value = d.value + tk[j].value;
            f.end_tok = j + 1;
        }
    }
    return f;
}

// A word fraction at i with a numerator in words: "a half", "two thirds", "three twenty-firsts".
Frac parse_word_fraction(const Toks& tk, std::size_t i) {
    Frac f;
    Cls c = tk.cls(i);
    if (c == Cls::a && tk.cls(i + 1) != Cls::hundred && tk.cls(i + 1) != Cls::mag) {
        Frac d = parse_denominator(tk, i + 1, true);
        if (!d.ok) return d;
        f.ok = true;
        f.value = 1.0 / d.value;
        f.end_tok = d.end_tok;
        return f;
    }
    if (c == Cls::half || c == Cls::quarter) {
        if (tk[i].plural) return f;
        f.ok = true;
        f.value = 1.0 / tk[i].value;
        f.end_tok = i + 1;
        return f;
    }
    IntParse n = parse_int(tk, i, true);
    if (!n.ok) return f;
    // "one hundred thirty fifths" = 100/35: a trailing tens word joins the ordinal
    if (n.last_tens_compound && tk.cls(n.end_tok) == Cls::ord && tk[n.end_tok].unit_ord &&
        tk[n.end_tok].plural == (n.value - n.last_tens != 1)) {
        f.ok = true;
        f.value = (n.value - n.last_tens) / (n.last_tens + tk[n.end_tok].value);
        f.end_tok = n.end_tok + 1;
        return f;
    }
    Frac d = parse_denominator(tk, n.end_tok, n.value == 1);
    if (!d.ok) return f;
    f.ok = true;
    f.value = n.value / d.value;
    f.end_tok = d.end_tok;
    return f;
}

// Digits after "point": "zero three" -> 03, "seventy-one" -> 71, "eleven" -> 11.
bool parse_point_digits(const Toks& tk, std::size_t i, double& frac, std::size_t& end_tok) {
    char buf[64];
    std::size_t n = 0;
    buf[n++] = '0';
    buf[n++] = '.';
    std::size_t k = i;
    while (k < tk.n && n < 60) {
        Cls c = tk.cls(k);
        if (c == Cls::zero || c == Cls::unit) {
            buf[n++] = static_cast<char>('0' + static_cast<int>(tk[k].value));
            ++k;
        } else if ((c == Cls::teen || c == Cls::tens) && k == i) {
            int v = static_cast<int>(tk[k].value);
            if (c == Cls::tens && tk.cls(k + 1) == Cls::unit) v += static_cast<int>(tk[++k].value);
            buf[n++] = static_cast<char>('0' + v / 10);
            buf[n++] = static_cast<char>('0' + v % 10);
            ++k;
            break;
        } else {
            break;
        }
    }
    if (k == i) return false;
    frac = to_double(buf, buf + n);
    end_tok = k;
    return finite_value(frac);
}

// Words before `pos` that make a lone "one" a pronoun ("the one", "which one").
bool pronoun_one(std::string_view s, std::size_t pos) {
    std::size_t e = pos;
    while (e > 0 && is_space(s[e - 1])) --e;
    std::size_t b = e;
    while (b > 0 && is_alpha(s[b - 1])) --b;
    if (b == e) return false;
    static const std::string_view DET[] = {"the",   "this",      "that", "which",   "each",
                                           "every", "any",       "no",   "another", "one",
                                           "some",  "whichever", "only", "last",    "other"};
    for (auto w : DET)
        if (word_is(s, b, e, w)) return true;
    return false;
}

// The word of letters starting at or after the spaces at p: [b, e), or b == e when none.
std::pair<std::size_t, std::size_t> next_word(std::string_view s, std::size_t p) {
    while (is_space(at(s, p))) ++p;
    std::size_t e = p;
    while (is_alpha(at(s, e))) ++e;
    return {p, e};
}

// Units of measure and money that "a" counts as one: "a kilogram", "a kg", "a mile", "a dollar
// and 42 cents". Not "a ton", which is mostly "a lot".
bool measure_unit(std::string_view w) {
    static constexpr std::array<std::string_view, 20> UNITS = {
        "kilogram", "kilogramme", "kg",        "gram",      "gramme", "pound", "litre",
        "liter",    "tonne",      "kilometre", "kilometer", "km",     "metre", "meter",
        "mile",     "yard",       "dollar",    "euro",      "rouble", "ruble"};
    for (auto u : UNITS)
        if (w.size() == u.size() &&
            std::equal(w.begin(), w.end(), u.begin(), [](char a, char b) { return lower(a) == b; }))
            return true;
    return false;
}

// "a couple (of)" and "a pair (of)" are two, "a few" about three; a magnitude after them scales
// the amount ("a couple of hundred", "a few thousand"). `after_article` is where "a" ends.
std::optional<ScannedNumber> article_amount(std::string_view s, std::size_t pos, std::size_t after_article,
                                            const ScanOptions& opt) {
    const auto [b, e] = next_word(s, after_article);
    if (b == after_article) return std::nullopt;  // "a" glued to something
    ScannedNumber out;
    out.start = pos;
    out.words = true;
    if (word_is(s, b, e, "couple")) {
        out.value = 2, out.vague = true;
    } else if (word_is(s, b, e, "pair")) {
        out.value = 2;
    } else if (word_is(s, b, e, "few")) {
        out.value = 3, out.vague = true;
    } else if (measure_unit(s.substr(b, e - b))) {  // "a kilogram", "a mile": one of the unit
        out.value = 1;
        out.end = after_article;
        return out;
    } else {
        return std::nullopt;
    }
    out.end = e;
    std::size_t q = e;
    if (const auto [ob, oe] = next_word(s, e); word_is(s, ob, oe, "of")) q = oe;
    while (is_space(at(s, q))) ++q;
    Toks tk;
    tokenize(s, q, opt, tk);
    if (tk.n > 0 && (tk.cls(0) == Cls::hundred || tk.cls(0) == Cls::mag) && !tk[0].plural &&
        tk[0].value >= 100) {
        out.value *= tk[0].value;
        out.magnitude = true;
        out.end = tk[0].end;
    }
    return out;
}

// Words before a leading "point" after which it starts a number ("point 77", "is point five");
// after other words it is a noun ("at that point 77 drones").
bool point_can_start(std::string_view s, std::size_t pos) {
    std::size_t e = pos;
    while (e > 0 && is_space(s[e - 1])) --e;
    std::size_t b = e;
    while (b > 0 && is_alpha(s[b - 1])) --b;
    if (b == e) return true;  // start of text or after punctuation
    static constexpr std::array<std::string_view, 14> BEFORE = {"is",   "was",  "be",    "by",      "to",
                                                                "of",   "from", "about", "around",  "just",
                                                                "only", "or",   "minus", "negative"};
    return std::any_of(BEFORE.begin(), BEFORE.end(), [&](std::string_view w) { return word_is(s, b, e, w); });
}

}  // namespace

double magnitude_word(std::string_view w) {
    if (w == "k" || w == "thousand" || w == "thousands") return 1e3;
    if (w == "m" || w == "mn" || w == "mln" || w == "mm" || w == "mil" || w == "million" || w == "millions")
        return 1e6;
    if (w == "b" || w == "bn" || w == "bln" || w == "billion" || w == "billions") return 1e9;
    if (w == "tn" || w == "tln" || w == "trn" || w == "trillion" || w == "trillions") return 1e12;
    if (w == "lakh" || w == "lakhs" || w == "lac" || w == "lacs" || w == "lkh" || w == "lkhs") return 1e5;
    if (w == "crore" || w == "crores" || w == "cr" || w == "crs") return 1e7;
    return 0;
}

std::optional<ScannedNumber> scan_number_at(std::string_view s, std::size_t pos, const ScanOptions& opt) {
    if (pos >= s.size()) return std::nullopt;
    // Sign: '-', '+', U+2212, "minus", "negative".
    bool negative = false;
    std::size_t body = pos;
    char c = s[pos];
    const bool minus_sign = c == '-' || (static_cast<unsigned char>(c) == 0xE2 && at(s, pos + 1) == '\x88' &&
                                         at(s, pos + 2) == '\x92');
    if (minus_sign || c == '+') {
        std::size_t b = pos;
        while (b > 0 && is_space(s[b - 1])) --b;
        char prev = b > 0 ? s[b - 1] : ' ';
        // "fell -1.3%", "at −2.5": a sign after a word and a space, glued to its digits, is a
        // sign; after a digit it is a range dash ("10 -20").
        const std::size_t sign_len = c == '-' || c == '+' ? 1 : 3;
        const bool word_then_sign = b < pos && is_alpha(prev) && is_digit(at(s, pos + sign_len));
        if ((is_alnum(prev) && !word_then_sign) || prev == ')' || prev == '%' || prev == '.' || prev == ',' ||
            prev == '/' || prev == '-' || prev == '+' || static_cast<unsigned char>(prev) >= 0x80)
            return std::nullopt;
        std::size_t q = pos + (c == '-' || c == '+' ? 1 : 3);
        std::size_t gap = 0;
        while (at(s, q) == ' ' && gap < 2) ++q, ++gap;
        if (!is_digit(at(s, q)) && !(at(s, q) == '.' && is_digit(at(s, q + 1)))) return std::nullopt;
        if (c == '+') {
            pos = q;  // a plus sign is not part of the number's text
        } else {
            negative = true;
        }
        body = q;
    } else if (is_alpha(c)) {
        std::size_t e = word_end(s, pos);
        if (word_is(s, pos, e, "minus") || word_is(s, pos, e, "negative")) {
            std::size_t q = e, g, gap = 0;
            while ((g = space_len(s, q)) && gap < 3) q += g, gap += g;
            if (!gap) return std::nullopt;
            body = q;
            negative = true;
        }
    }

    Toks tk;
    tokenize(s, body, opt, tk);
    if (tk.n == 0) return std::nullopt;
    // "point 77", "point five": a decimal with no integer part.
    if (tk.cls(0) == Cls::point && point_can_start(s, pos)) {
        double frac = 0;
        std::size_t e = 0;
        const bool plain_digits = tk.cls(1) == Cls::dig && tk[1].dig.is_int && !tk[1].dig.grouped &&
                                  !tk[1].dig.magnitude && !tk[1].dig.glued_unit &&
                                  tk[1].end - tk[1].start < 40;
        if (plain_digits) {
            const std::string text = "0." + std::string(s.substr(tk[1].start, tk[1].end - tk[1].start));
            frac = to_double(text.data(), text.data() + text.size());
            e = 2;
        } else if (!parse_point_digits(tk, 1, frac, e)) {
            return std::nullopt;
        }
        ScannedNumber out;
        out.start = pos;
        out.end = tk[e - 1].end;
        out.value = negative ? -frac : frac;
        out.kind = NumberMatch::Kind::decimal;
        out.words = true;
        return out;
    }
    // A lone article ("a", "an" before a non-number word) is the commonest false start in
    // prose; the grammar below rejects it too, only slower. A few words make it an amount.
    if (tk.n == 1 && tk.cls(0) == Cls::a)
        return negative ? std::nullopt : article_amount(s, pos, tk[0].end, opt);

    ScannedNumber out;
    out.start = pos;
    double value = 0;
    std::size_t end_tok = 0;
    NumberMatch::Kind kind = NumberMatch::Kind::integer;
    bool done = false;

    // Vague amounts: "hundreds of", "dozens of", "tens of thousands of".
    if (!negative && tk[0].plural &&
        (tk.cls(0) == Cls::hundred || tk.cls(0) == Cls::mag || tk.cls(0) == Cls::dozen ||
         tk.cls(0) == Cls::tens_vague) &&
        tk.cls(1) == Cls::of) {
        double v = tk[0].value;
        std::size_t k = 1;
        while (tk.cls(k) == Cls::of && (tk.cls(k + 1) == Cls::mag || tk.cls(k + 1) == Cls::hundred) &&
               tk[k + 1].plural && tk[k + 1].value > v) {
            v *= tk[k + 1].value;
            k += 2;
        }
        out.end = tk[k - 1].end;
        out.value = v;
        out.vague = true;
        out.words = true;
        out.kind = NumberMatch::Kind::integer;
        return out;
    }

    // Leading fraction words: "a half", "half a dozen", "quarter million", "two thirds of a million".
    auto scale_after = [&](std::size_t k, double v, std::size_t& end) {
        if (tk.cls(k) == Cls::mag && !tk[k].plural && tk[k].value >= 1e3) {
            end = k + 1;
            return v * tk[k].value;
        }
        if (tk.cls(k) == Cls::a && (tk.cls(k + 1) == Cls::dozen || tk.cls(k + 1) == Cls::mag) &&
            !tk[k + 1].plural && tk[k + 1].value >= 12) {
            end = k + 2;
            return v * tk[k + 1].value;
        }
        if (tk.cls(k) == Cls::of && tk.cls(k + 1) == Cls::a && tk.cls(k + 2) == Cls::mag &&
            !tk[k + 2].plural && tk[k + 2].value >= 1e3) {
            end = k + 3;
            return v * tk[k + 2].value;
        }
        end = k;
        return v;
    };

    // A lone digit token is the commonest number; the grammar would fold it to itself.
    IntParse ip;
    if (tk.n == 1 && tk.cls(0) == Cls::dig) {
        value = tk[0].value;
        end_tok = 1;
        kind = tk[0].dig.kind;
        out.magnitude = tk[0].dig.magnitude;
        out.glued_unit = tk[0].dig.glued_unit;
        done = true;
    } else {
        ip = parse_int(tk, 0, false);
    }
    if (!done && !ip.ok) {
        Frac f = parse_word_fraction(tk, 0);
        if (!f.ok) return std::nullopt;
        // "quarter" alone is mostly a period of the year; it needs a magnitude or an article
        std::size_t e2 = f.end_tok;
        value = scale_after(f.end_tok, f.value, e2);
        if (tk.cls(0) == Cls::quarter && e2 == f.end_tok) return std::nullopt;
        end_tok = e2;
        kind = NumberMatch::Kind::fraction;
        out.words = true;
        done = true;
    }
    if (!done) {
        value = ip.value;
        end_tok = ip.end_tok;
        out.words = ip.words;
        out.magnitude = ip.magnitude;
        if (ip.end_tok == 1 && tk.cls(0) == Cls::dig) {
            kind = tk[0].dig.kind;
            out.magnitude = tk[0].dig.magnitude;
            out.glued_unit = tk[0].dig.glued_unit;
        } else if (std::floor(value) != value) {
            kind = NumberMatch::Kind::decimal;
        }
        std::size_t j = ip.end_tok;
        const bool word_numerator = !ip.digits_only;
        // (a) "two hundred point zero three"
        if (tk.cls(j) == Cls::point && word_numerator) {
            double frac = 0;
            std::size_t e = 0;
            if (parse_point_digits(tk, j + 1, frac, e)) {
                value += frac;
                // "two point two million"
                if (tk.cls(e) == Cls::mag && tk[e].value >= 1e3 && value < 1000) value *= tk[e++].value;
                end_tok = e;
                kind = NumberMatch::Kind::decimal;
                j = SIZE_MAX;
            }
        }
        // (b) an ordinal straight after: "two thirds", "one hundred and three quarters"
        if (j != SIZE_MAX && word_numerator) {
            if (ip.last_and != SIZE_MAX) {
                Frac tail = parse_word_fraction(tk, ip.last_and + 1);
                if (tail.ok && tail.value < 1 && tail.end_tok > j) {
                    double base = ip.value_before_and;
                    double v =
                        ip.mag_before_and ? base + tail.value * ip.mag_value_before_and : base + tail.value;
                    std::size_t e2 = tail.end_tok;
                    if (tk.cls(e2) == Cls::mag && !tk[e2].plural && tk[e2].value >= 1e3) {
                        v = ip.max_mag > tk[e2].value ? base + tail.value * tk[e2].value
                                                      : (base + tail.value) * tk[e2].value;
                        ++e2;
                    }
                    value = v;
                    end_tok = e2;
                    kind = NumberMatch::Kind::fraction;
                    j = SIZE_MAX;
                }
            }
            if (j != SIZE_MAX) {
                Frac f = parse_word_fraction(tk, 0);
                if (f.ok && f.end_tok > j) {
                    std::size_t e2 = f.end_tok;
                    value = scale_after(f.end_tok, f.value, e2);
                    end_tok = e2;
                    kind = NumberMatch::Kind::fraction;
                    j = SIZE_MAX;
                }
            }
        }
        // (c) "one and a half", "3 million and a quarter", "five and a half million"
        if (j != SIZE_MAX && tk.cls(j) == Cls::and_) {
            Frac f = parse_word_fraction(tk, j + 1);
            if (f.ok && f.value < 1) {
                double base = ip.value;
                double v = ip.ended_with_mag ? base + f.value * ip.last_mag : base + f.value;
                std::size_t e2 = f.end_tok;
                if (tk.cls(e2) == Cls::mag && !tk[e2].plural && tk[e2].value >= 1e3) {
                    v = ip.max_mag > tk[e2].value ? base + f.value * tk[e2].value
                                                  : (base + f.value) * tk[e2].value;
                    ++e2;
                }
                value = v;
                end_tok = e2;
                kind = NumberMatch::Kind::fraction;
                j = SIZE_MAX;
            }
        }
        // (d) "one over three", "2000 over 3", "one out of three", "1 in twenty-one"
        if (j != SIZE_MAX && (tk.cls(j) == Cls::over || tk.cls(j) == Cls::in ||
                              (tk.cls(j) == Cls::out && tk.cls(j + 1) == Cls::of))) {
            std::size_t k = tk.cls(j) == Cls::out ? j + 2 : j + 1;
            IntParse den = parse_int(tk, k, false);
            if (den.ok && den.value > 0 &&
                (tk[den.end_tok - 1].cls != Cls::dig || !tk[den.end_tok - 1].dig.glued_unit)) {
                std::size_t after = tk[den.end_tok - 1].end;
                std::size_t q = after;
                while (at(s, q) == ' ') ++q;
                bool word_follows = is_alpha(at(s, q));
                bool ok = tk.cls(j) == Cls::over ? !word_follows : value < den.value;
                if (tk.cls(j) == Cls::in && (!word_follows ? false : true) && value >= den.value) ok = false;
                if (tk.cls(j) == Cls::in && ip.digits_only && den.digits_only) ok = ok && value < den.value;
                if (ok && den.end_tok <= tk.n) {
                    value = value / den.value;
                    end_tok = den.end_tok;
                    kind = NumberMatch::Kind::fraction;
                    out.words = true;
                }
            }
        }
    }
    if (end_tok == 0 || !finite_value(value)) return std::nullopt;
    const Tok& last = tk[end_tok - 1];
    out.end = last.end;
    if (end_tok == 1 && tk.cls(0) == Cls::dig) {
        out.plain_digits = !negative && !tk[0].dig.grouped && tk[0].dig.is_int && !tk[0].dig.magnitude &&
                           tk[0].dig.kind == NumberMatch::Kind::integer && s[body] != '.';
        out.glued_unit = tk[0].dig.glued_unit;
    }
    // A lone "one" after a determiner is a pronoun: "the one you mentioned".
    if (!negative && end_tok == 1 && tk.cls(0) == Cls::unit && tk[0].value == 1 && pronoun_one(s, pos))
        return std::nullopt;
    // Hyphenated adjective: "3-inch", "six-mile".
    if (at(s, out.end) == '-' && is_alpha(at(s, out.end + 1))) out.hyphen_follows = true;
    out.value = negative ? -value : value;
    if (out.value == 0) out.value = 0;  // no negative zero
    out.kind = kind;
    return out;
}

namespace {
// True when the alphanumeric run ending at `pos` starts with a letter ("Shahed" in "Shahed-136").
bool word_before_hyphen(std::string_view s, std::size_t pos) {
    std::size_t b = pos;
    while (b > 0 && is_alnum(s[b - 1])) --b;
    return b < pos && is_alpha(s[b]);
}

// Where the run of ASCII letters and digits starting at i ends.
std::size_t alnum_end(std::string_view s, std::size_t i) {
    while (i < s.size() && is_alnum(s[i])) ++i;
    return i;
}

// What a byte can begin, for the scanner's main loop: most bytes are letters or spaces.
enum : std::uint8_t { START_NONE = 0, START_ALPHA = 1, START_OTHER = 2 };
inline constexpr std::array<std::uint8_t, 256> START_CLASS = [] {
    std::array<std::uint8_t, 256> t{};
    for (int c = 'a'; c <= 'z'; ++c) t[c] = START_ALPHA;
    for (int c = 'A'; c <= 'Z'; ++c) t[c] = START_ALPHA;
    for (int c = '0'; c <= '9'; ++c) t[c] = START_OTHER;
    for (int c : {int{'.'}, int{'-'}, int{'+'}, 0xE2, 0xC2}) t[c] = START_OTHER;
    return t;
}();

}  // namespace

// Where the digits start when the alphanumeric run [b, e) is a currency code glued to them
// ("USD3.14", "GBP3.01", "RM42", "Rs20"), else 0.
std::size_t glued_currency_code(std::string_view s, std::size_t b, std::size_t e) {
    std::size_t d = b;
    while (d < e && d - b < 4 && is_alpha(s[d])) ++d;
    if (d == e || !is_digit(s[d]) || d - b < 1 || (b > 0 && (s[b - 1] == '-' || s[b - 1] == '.'))) return 0;
    const std::string_view code = s.substr(b, d - b);
    if (code == "Rs" || (b > 0 && s[b - 1] == '$' && (code == "US" || code == "A" || code == "NZ"))) return d;
    static constexpr std::array<std::string_view, 26> CODES = {
        "USD", "EUR", "GBP", "CNY", "JPY", "RUB", "UAH", "MYR", "RM",  "INR", "CHF", "CAD", "AUD",
        "HKD", "SGD", "NZD", "IRR", "KWD", "QAR", "SAR", "EGP", "AED", "TRY", "KRW", "ZAR", "RMB"};
    for (auto c : CODES)
        if (code == c) return d;
    return 0;
}

bool NumberScanner::next(ScannedNumber& out) {
    const std::string_view s = m_text;
    const ScanOptions& opt = m_opt;
    const WordTable& table = words();
    const std::size_t n = s.size();
    std::size_t i = m_pos;
    while (i < n) {
        const char c = s[i];
        const std::uint8_t start = START_CLASS[static_cast<unsigned char>(c)];
        if (start == START_NONE) {
            ++i;
            continue;
        }
        if (start == START_ALPHA) {
            const std::size_t e = alnum_end(s, i + 1);
            // Only a word in the number table can start a number; one look-up per word.
            const WordInfo* w = (e - i <= MAX_WORD) ? table.find(s, i, e) : nullptr;
            if (w && w->cls != Cls::and_ && w->cls != Cls::over && w->cls != Cls::out && w->cls != Cls::of &&
                w->cls != Cls::in && !(w->cls == Cls::mag && w->value == 0)) {
                if (auto m = scan_number_at(s, i, opt)) {
                    out = *m;
                    m_pos = m->end;
                    return true;
                }
            }
            // A currency code glued to the digits ("USD3.14", "RM42", "Rs20"): the number starts
            // after the code. Other letters glued before digits are names ("MP3", "F16").
            if (const std::size_t d = glued_currency_code(s, i, e); d != 0) {
                i = d;
                continue;
            }
            i = e;
            continue;
        }
        const bool digit_start =
            is_digit(c) || (c == '.' && is_digit(at(s, i + 1)) &&
                            (i == 0 || (!is_alnum(s[i - 1]) && s[i - 1] != '.' && s[i - 1] != ',')));
        const bool sign_start = c == '-' || c == '+' || static_cast<unsigned char>(c) == 0xE2 ||
                                static_cast<unsigned char>(c) == 0xC2;
        if (digit_start || sign_start) {
            // A digit run glued to a word by a hyphen is part of a name: "Shahed-136", "Il-76".
            if (is_digit(c) && i >= 2 && s[i - 1] == '-' && word_before_hyphen(s, i - 1)) {
                while (i < n && (is_alnum(s[i]) || ((s[i] == '.' || s[i] == ',') && is_digit(at(s, i + 1)))))
                    ++i;
                continue;
            }
            if (auto m = scan_number_at(s, i, opt)) {
                out = *m;
                m_pos = m->end > i ? m->end : i + 1;
                return true;
            }
            if (digit_start) {
                while (i < n && (is_alnum(s[i]) || ((s[i] == '.' || s[i] == ',') && is_digit(at(s, i + 1)))))
                    ++i;
                continue;
            }
        }
        ++i;
    }
    m_pos = n;
    return false;
}

std::vector<ScannedNumber> scan_numbers(std::string_view s, const ScanOptions& opt) {
    std::vector<ScannedNumber> out;
    NumberScanner scanner(s, opt);
    ScannedNumber m;
    while (scanner.next(m)) out.push_back(m);
    return out;
}

}  // namespace reckon::text::detail

namespace reckon::text {

std::vector<NumberMatch> find_numbers(std::string_view text) {
    std::vector<NumberMatch> out;
    for (const auto& m : detail::scan_numbers(text, detail::ScanOptions{})) {
        NumberMatch nm;
        nm.start = m.start;
        nm.end = m.end;
        nm.value = m.value;
        nm.kind = m.kind;
        nm.vague = m.vague;
        out.push_back(nm);
    }
    return out;
}

}  // namespace reckon::text

// ---- ranges -----------------------------------------------------------------------------------

namespace reckon::text::detail {

namespace {

// Backward tokens: alphabetic words or runs of comparison symbols, nearest first.
struct BackTok {
    std::size_t b = 0, e = 0;
};

std::size_t back_tokens(std::string_view s, std::size_t pos, BackTok* out, std::size_t max) {
    std::size_t n = 0;
    std::size_t p = pos;
    auto is_sym = [](char c) { return c == '<' || c == '>' || c == '=' || c == '~'; };
    while (n < max) {
        std::size_t q = p;
        while (q > 0 && is_space(s[q - 1])) --q;
        if (q == 0) break;
        std::size_t b = q;
        if (is_alpha(s[q - 1])) {
            while (b > 0 && is_alpha(s[b - 1])) --b;
            if (b > 0 && (is_digit(s[b - 1]) || s[b - 1] == '-')) {
                out[n++] = {b, q};
                break;  // "Il-76"-like names end the phrase
            }
        } else if (is_sym(s[q - 1])) {
            while (b > 0 && is_sym(s[b - 1])) --b;
        } else {
            break;
        }
        out[n++] = {b, q};
        p = b;
    }
    return n;
}

struct Phrase {
    const char* words;  // space-separated, lower case
    BoundKind kind;
};

// Longest first within each family does not matter: the matcher prefers the most words.
const Phrase PREFIXES[] = {
    {"more than", BoundKind::low_exclusive},
    {"greater than", BoundKind::low_exclusive},
    {"larger than", BoundKind::low_exclusive},
    {"bigger than", BoundKind::low_exclusive},
    {"higher than", BoundKind::low_exclusive},
    {"over", BoundKind::low_exclusive},
    {"above", BoundKind::low_exclusive},
    {"exceed", BoundKind::low_exclusive},
    {"exceeds", BoundKind::low_exclusive},
    {"exceeded", BoundKind::low_exclusive},
    {"exceeding", BoundKind::low_exclusive},
    {"surpass", BoundKind::low_exclusive},
    {"surpasses", BoundKind::low_exclusive},
    {"surpassing", BoundKind::low_exclusive},
    {"in excess of", BoundKind::low_exclusive},
    {"upwards of", BoundKind::low_exclusive},
    {">", BoundKind::low_exclusive},
    {"at least", BoundKind::low_inclusive},
    {"no less than", BoundKind::low_inclusive},
    {"not less than", BoundKind::low_inclusive},
    {"no fewer than", BoundKind::low_inclusive},
    {"not fewer than", BoundKind::low_inclusive},
    {"greater than or equal to", BoundKind::low_inclusive},
    {"more than or equal to", BoundKind::low_inclusive},
    {"larger than or equal to", BoundKind::low_inclusive},
    {"higher than or equal to", BoundKind::low_inclusive},
    {"bigger or equal than", BoundKind::low_inclusive},
    {"greater or equal than", BoundKind::low_inclusive},
    {"higher or equal than", BoundKind::low_inclusive},
    {"larger or equal than", BoundKind::low_inclusive},
    {"more or equal than", BoundKind::low_inclusive},
    {"bigger or equal to", BoundKind::low_inclusive},
    {"greater or equal to", BoundKind::low_inclusive},
    {"at least or equal to", BoundKind::low_inclusive},
    {"equal to or more than", BoundKind::low_inclusive},
    {"equal to or greater than", BoundKind::low_inclusive},
    {"equal to or higher than", BoundKind::low_inclusive},
    {"equal or more than", BoundKind::low_inclusive},
    {"equal or greater than", BoundKind::low_inclusive},
    {">=", BoundKind::low_inclusive},
    {"> =", BoundKind::low_inclusive},
    {"a minimum of", BoundKind::low_inclusive},
    {"minimum of", BoundKind::low_inclusive},
    {"less than", BoundKind::high_exclusive},
    {"fewer than", BoundKind::high_exclusive},
    {"smaller than", BoundKind::high_exclusive},
    {"lower than", BoundKind::high_exclusive},
    {"below", BoundKind::high_exclusive},
    {"under", BoundKind::high_exclusive},
    {"<", BoundKind::high_exclusive},
    {"at most", BoundKind::high_inclusive},
    {"no more than", BoundKind::high_inclusive},
    {"not more than", BoundKind::high_inclusive},
    {"up to", BoundKind::high_inclusive},
    {"no greater than", BoundKind::high_inclusive},
    {"not exceeding", BoundKind::high_inclusive},
    {"smaller or equal than", BoundKind::high_inclusive},
    {"less or equal than", BoundKind::high_inclusive},
    {"lower or equal than", BoundKind::high_inclusive},
    {"smaller or equal to", BoundKind::high_inclusive},
    {"less or equal to", BoundKind::high_inclusive},
    {"less than or equal to", BoundKind::high_inclusive},
    {"fewer than or equal to", BoundKind::high_inclusive},
    {"smaller than or equal to", BoundKind::high_inclusive},
    {"lower than or equal to", BoundKind::high_inclusive},
    {"equal to or less than", BoundKind::high_inclusive},
    {"equal to or fewer than", BoundKind::high_inclusive},
    {"equal to or smaller than", BoundKind::high_inclusive},
    {"equal to or lower than", BoundKind::high_inclusive},
    {"equal or less than", BoundKind::high_inclusive},
    {"<=", BoundKind::high_inclusive},
    {"< =", BoundKind::high_inclusive},
    {"a maximum of", BoundKind::high_inclusive},
    {"maximum of", BoundKind::high_inclusive},
    {"as many as", BoundKind::high_inclusive},
    {"as much as", BoundKind::high_inclusive},
    {"equal to", BoundKind::equal},
    {"equals", BoundKind::equal},
    {"equals to", BoundKind::equal},
    {"equaling to", BoundKind::equal},
    {"equalling to", BoundKind::equal},
    {"equaling", BoundKind::equal},
    {"equalling", BoundKind::equal},
};

const Phrase SUFFIXES[] = {
    {"or more", BoundKind::low_inclusive},       {"and more", BoundKind::low_inclusive},
    {"or greater", BoundKind::low_inclusive},    {"or higher", BoundKind::low_inclusive},
    {"or above", BoundKind::low_inclusive},      {"or over", BoundKind::low_inclusive},
    {"and above", BoundKind::low_inclusive},     {"and over", BoundKind::low_inclusive},
    {"or more than", BoundKind::low_inclusive},  {"or greater than", BoundKind::low_inclusive},
    {"or less", BoundKind::high_inclusive},      {"or fewer", BoundKind::high_inclusive},
    {"or lower", BoundKind::high_inclusive},     {"or below", BoundKind::high_inclusive},
    {"and below", BoundKind::high_inclusive},    {"and under", BoundKind::high_inclusive},
    {"or less than", BoundKind::high_inclusive}, {"or fewer than", BoundKind::high_inclusive},
    {"or under", BoundKind::high_inclusive},     {"or equal", BoundKind::equal},
    {"or equal to", BoundKind::equal},
};

// A phrase split into words once.
struct Prepared {
    std::array<std::string_view, 6> w{};
    std::size_t n = 0;
    BoundKind kind = BoundKind::none;
};

std::size_t count_words(const char* w);
std::string_view phrase_word(const char* w, std::size_t i);

template <std::size_t N>
std::array<Prepared, N> prepare(const Phrase (&phrases)[N]) {
    std::array<Prepared, N> t{};
    for (std::size_t i = 0; i < N; ++i) {
        t[i].n = std::min<std::size_t>(count_words(phrases[i].words), 6);
        t[i].kind = phrases[i].kind;
        for (std::size_t k = 0; k < t[i].n; ++k) t[i].w[k] = phrase_word(phrases[i].words, k);
    }
    return t;
}

// Phrases grouped by the word that touches the number (a prefix's last word, a suffix's
// first): a look-up lower-cases that one word, binary-searches it and tries only the few
// phrases of its group, in table order, instead of comparing every phrase.
template <std::size_t N>
class PhraseIndex {
public:
    struct Key {
        std::string_view word;
        std::size_t index = 0;
    };

    PhraseIndex(const Phrase (&phrases)[N], bool key_is_last) : m_phrases(prepare(phrases)) {
        for (std::size_t i = 0; i < N; ++i) {
            const Prepared& ph = m_phrases[i];
            m_keys[i] = {ph.w[key_is_last ? ph.n - 1 : 0], i};
            m_max_key = std::max(m_max_key, m_keys[i].word.size());
            m_shapes[static_cast<unsigned char>(m_keys[i].word[0])] |= std::uint64_t{1}
                                                                       << m_keys[i].word.size();
        }
        std::stable_sort(m_keys.begin(), m_keys.end(),
                         [](const Key& a, const Key& b) { return a.word < b.word; });
    }

    // The phrases whose key word is s[b, e) (ASCII case ignored), in table order (the sort
    // was stable); empty for most words after a (first byte, length) check.
    std::span<const Key> group(std::string_view s, std::size_t b, std::size_t e) const {
        const std::size_t n = e - b;
        if (n == 0 || n > m_max_key || !((m_shapes[static_cast<unsigned char>(lower(s[b]))] >> n) & 1u))
            return {};
        char buf[MAX_KEY];
        for (std::size_t i = b; i < e; ++i) buf[i - b] = lower(s[i]);
        const std::string_view word(buf, n);
        auto cmp = [](const Key& k, std::string_view w) { return k.word < w; };
        auto first = std::lower_bound(m_keys.begin(), m_keys.end(), word, cmp);
        auto last = first;
        while (last != m_keys.end() && last->word == word) ++last;
        return {first, last};
    }
    const Prepared& phrase(const Key& k) const { return m_phrases[k.index]; }

private:
    static constexpr std::size_t MAX_KEY = 32;  // longer key words are not supported
    std::array<Prepared, N> m_phrases;
    std::array<Key, N> m_keys{};
    std::array<std::uint64_t, 256> m_shapes{};  // bit n: a key word of n bytes starts with this byte
    std::size_t m_max_key = 0;
};

const auto& prefix_index() {
    static const PhraseIndex table(PREFIXES, true);
    return table;
}

const auto& suffix_index() {
    static const PhraseIndex table(SUFFIXES, false);
    return table;
}

std::size_t count_words(const char* w) {
    std::size_t n = 1;
    for (const char* p = w; *p; ++p)
        if (*p == ' ') ++n;
    return n;
}

// The i-th space-separated word of a phrase.
std::string_view phrase_word(const char* w, std::size_t i) {
    std::string_view all(w);
    std::size_t b = 0;
    for (std::size_t k = 0; k < i; ++k) b = all.find(' ', b) + 1;
    std::size_t e = all.find(' ', b);
    return all.substr(b, e == std::string_view::npos ? all.size() - b : e - b);
}

// Forward words after pos (letters only) up to max; returns count.
std::size_t fwd_tokens(std::string_view s, std::size_t pos, BackTok* out, std::size_t max,
                       std::size_t& after) {
    std::size_t n = 0, p = pos;
    after = pos;
    while (n < max) {
        std::size_t q = p, g;
        std::size_t gap = 0;
        while ((g = space_len(s, q)) && gap < 6) q += g, gap += g;
        if ((!gap && n > 0) || !is_alpha(at(s, q))) break;
        if (!gap && n == 0 && q != pos) break;
        std::size_t e = word_end(s, q);
        if (is_digit(at(s, e))) break;
        out[n++] = {q, e};
        p = e;
    }
    after = p;
    return n;
}

}  // namespace

std::string_view word_before(std::string_view s, std::size_t pos, std::size_t& word_start) {
    std::size_t q = pos;
    while (q > 0 && is_space(s[q - 1])) --q;
    std::size_t b = q;
    while (b > 0 && is_alpha(s[b - 1])) --b;
    word_start = b;
    return s.substr(b, q - b);
}

Bound prefix_bound(std::string_view s, std::size_t number_start) {
    BackTok toks[6];
    // the word nearest the number decides which phrases can match; most words are in none
    if (back_tokens(s, number_start, toks, 1) == 0) return {};
    const auto& index = prefix_index();
    const auto group = index.group(s, toks[0].b, toks[0].e);
    if (group.empty()) return {};
    std::size_t n = back_tokens(s, number_start, toks, 6);
    Bound best;
    std::size_t best_words = 0;
    for (const auto& key : group) {
        const Prepared& ph = index.phrase(key);
        if (ph.n > n || ph.n <= best_words) continue;
        bool ok = true;  // toks[0] matched the key word already
        for (std::size_t i = ph.n - 1; i-- > 0 && ok;) {
            const BackTok& t = toks[ph.n - 1 - i];
            ok = word_is(s, t.b, t.e, ph.w[i]);
        }
        if (ok) {
            best = {ph.kind, toks[ph.n - 1].b};
            best_words = ph.n;
        }
    }
    return best;
}

Bound suffix_bound(std::string_view s, std::size_t number_end) {
    BackTok toks[4];
    std::size_t after = 0;
    std::size_t n = fwd_tokens(s, number_end, toks, 4, after);
    if (n == 0) return {};
    const auto& index = suffix_index();
    Bound best;
    std::size_t best_words = 0;
    for (const auto& key : index.group(s, toks[0].b, toks[0].e)) {
        const Prepared& ph = index.phrase(key);
        const std::size_t w = ph.n;
        if (w > n || w <= best_words) continue;
        bool ok = true;  // toks[0] matched the key word already
        for (std::size_t i = 1; i < w && ok; ++i) ok = word_is(s, toks[i].b, toks[i].e, ph.w[i]);
        if (!ok) continue;
        // "200 or greater than 190" compares with 190, not 200
        std::size_t q = toks[w - 1].e;
        while (at(s, q) == ' ') ++q;
        if (is_digit(at(s, q)) || scan_number_at(s, q, ScanOptions{})) continue;
        if (w < n && (word_is(s, toks[w].b, toks[w].e, "than") || word_is(s, toks[w].b, toks[w].e, "to"))) {
            std::size_t r = toks[w].e;
            while (at(s, r) == ' ') ++r;
            if (is_digit(at(s, r)) || scan_number_at(s, r, ScanOptions{})) continue;
        }
        best = {ph.kind, toks[w - 1].e};
        best_words = w;
    }
    return best;
}

}  // namespace reckon::text::detail

namespace reckon::text {

namespace {

using detail::Bound;
using detail::BoundKind;
using detail::ScannedNumber;

// Text between two positions is exactly one of the given connector words (spaces around).
bool joined_by(std::string_view s, std::size_t a, std::size_t b,
               std::initializer_list<std::string_view> words) {
    if (b <= a) return false;
    std::size_t p = a;
    while (p < b && detail::is_space(s[p])) ++p;
    std::size_t q = b;
    while (q > p && detail::is_space(s[q - 1])) --q;
    if (p == a || q == b) return false;
    for (auto w : words)
        if (detail::word_is(s, p, q, w)) return true;
    return false;
}

// "1000-5000", "1000 – 5000", "20~100": a dash-like joint between two numbers.
bool dash_joined(std::string_view s, std::size_t a, std::size_t b) {
    if (b <= a || b - a > 7) return false;
    std::size_t p = a;
    while (p < b && s[p] == ' ') ++p;
    std::size_t q = b;
    while (q > p && s[q - 1] == ' ') --q;
    std::string_view mid = s.substr(p, q - p);
    return mid == "-" || mid == "~" || mid == "\xE2\x80\x93" || mid == "\xE2\x80\x94" || mid == "to";
}

NumberRangeMatch from_bound(BoundKind k, double v, std::size_t start, std::size_t end) {
    NumberRangeMatch r;
    r.start = start;
    r.end = end;
    switch (k) {
        case BoundKind::low_exclusive:
            r.low = v, r.low_inclusive = false;
            break;
        case BoundKind::low_inclusive:
            r.low = v;
            break;
        case BoundKind::high_exclusive:
            r.high = v, r.high_inclusive = false;
            break;
        case BoundKind::high_inclusive:
            r.high = v;
            break;
        case BoundKind::equal:
            r.low = v, r.high = v;
            break;
        case BoundKind::none:
            break;
    }
    return r;
}

// A one-sided or equal bound around number i, or nullopt.
std::optional<NumberRangeMatch> single_bound(std::string_view s, const ScannedNumber& m) {
    Bound pre = detail::prefix_bound(s, m.start);
    Bound suf = detail::suffix_bound(s, m.end);
    if (pre.kind == BoundKind::none && suf.kind == BoundKind::none) return std::nullopt;
    if (pre.kind == BoundKind::none) {
        if (suf.kind == BoundKind::equal) return std::nullopt;
        return from_bound(suf.kind, m.value, m.start, suf.pos);
    }
    BoundKind k = pre.kind;
    std::size_t end = m.end;
    if (suf.kind == BoundKind::equal) {  // "less than 5000 or equal"
        if (k == BoundKind::low_exclusive) k = BoundKind::low_inclusive;
        if (k == BoundKind::high_exclusive) k = BoundKind::high_inclusive;
        end = suf.pos;
    } else if (pre.kind == BoundKind::equal && suf.kind != BoundKind::none) {  // "equal to 5000 or less"
        k = suf.kind;
        end = suf.pos;
    }
    return from_bound(k, m.value, pre.pos, end);
}

bool is_low(const NumberRangeMatch& r) { return r.low && !r.high; }
bool is_high(const NumberRangeMatch& r) { return r.high && !r.low; }

}  // namespace

std::vector<NumberRangeMatch> find_number_ranges(std::string_view text) {
    std::vector<NumberRangeMatch> out;
    auto nums = detail::scan_numbers(text, detail::ScanOptions{});
    const std::size_t n = nums.size();
    for (std::size_t i = 0; i < n; ++i) {
        const auto& a = nums[i];
        if (!out.empty() && a.start < out.back().end) continue;
        if (i + 1 < n) {
            const auto& b = nums[i + 1];
            std::size_t ws = 0;
            std::string_view before = detail::word_before(text, a.start, ws);
            const bool between = detail::word_is(before, 0, before.size(), "between") &&
                                 joined_by(text, a.end, b.start, {"and"});
            const bool from_to = detail::word_is(before, 0, before.size(), "from") &&
                                 joined_by(text, a.end, b.start, {"to", "through", "until", "till"});
            const bool through = joined_by(text, a.end, b.start, {"through", "thru"});
            const bool dash = dash_joined(text, a.end, b.start) && !joined_by(text, a.end, b.start, {"to"});
            bool ok = (between || from_to || through || dash) && a.value < b.value;
            if (dash) {
                // dates and codes: "1995-01", "+1-222-2222-2222"
                if (text[b.start] == '0' ||
                    (b.start + 1 < text.size() && b.plain_digits && text[b.start] == '0'))
                    ok = false;
                char pre = a.start > 0 ? text[a.start - 1] : ' ';
                if (pre == '+' || pre == '-' || pre == '/' || detail::is_alnum(pre)) ok = false;
                char post = detail::at(text, b.end);
                if ((post == '-' || post == '/') && detail::is_digit(detail::at(text, b.end + 1))) ok = false;
                if (a.vague || b.vague) ok = false;
            }
            if (ok && !out.empty() && ((between || from_to) ? ws : a.start) < out.back().end) ok = false;
            if (ok) {
                NumberRangeMatch r;
                r.start = (between || from_to) ? ws : a.start;
                r.end = b.end;
                r.low = a.value;
                r.high = b.value;
                r.high_inclusive = false;
                out.push_back(r);
                ++i;
                continue;
            }
        }
        auto r1 = single_bound(text, a);
        if (!r1 || (!out.empty() && r1->start < out.back().end)) continue;
        // "more than 10 and less than 20", "at most 100 and at least 20": join opposite bounds
        if (i + 1 < n && !r1->low != !r1->high) {
            auto r2 = single_bound(text, nums[i + 1]);
            if (r2 && r2->start >= r1->end &&
                (joined_by(text, r1->end, r2->start, {"and", "but", "and also"}) ||
                 (text.substr(r1->end, r2->start - r1->end).find_first_not_of(" ,") ==
                      std::string_view::npos &&
                  text.substr(r1->end, r2->start - r1->end).find(',') != std::string_view::npos))) {
                const NumberRangeMatch* lo = is_low(*r1) ? &*r1 : (is_low(*r2) ? &*r2 : nullptr);
                const NumberRangeMatch* hi = is_high(*r1) ? &*r1 : (is_high(*r2) ? &*r2 : nullptr);
                if (lo && hi && lo != hi && *lo->low < *hi->high) {
                    NumberRangeMatch r;
                    r.start = r1->start;
                    r.end = r2->end;
                    r.low = lo->low;
                    r.low_inclusive = lo->low_inclusive;
                    r.high = hi->high;
                    r.high_inclusive = hi->high_inclusive;
                    out.push_back(r);
                    ++i;
                    continue;
                }
            }
        }
        out.push_back(*r1);
    }
    return out;
}

}  // namespace reckon::text
