// The date recognizer's tokenizer and word table. The tokenizer is the only code that
// touches every byte of a document, so it is a plain byte loop with one hash lookup per
// word; the table is built once into an open-addressing array of words packed into two
// machine words each.
#include "date_lexicon.hpp"

#include <array>
#include <bit>
#include <cstring>

namespace reckon::text::date_detail {

namespace {

struct Word {
    const char* text;
    Cat cat;
    int val;
    std::uint8_t flags;
};

// clang-format off
constexpr Word WORDS[] = {
    {"january", C_MONTH, 1, 0}, {"february", C_MONTH, 2, 0}, {"march", C_MONTH, 3, LF_WEAK},
    {"april", C_MONTH, 4, 0}, {"may", C_MONTH, 5, LF_WEAK}, {"june", C_MONTH, 6, 0},
    {"july", C_MONTH, 7, 0}, {"august", C_MONTH, 8, 0}, {"september", C_MONTH, 9, 0},
    {"october", C_MONTH, 10, 0}, {"november", C_MONTH, 11, 0}, {"december", C_MONTH, 12, 0},
    {"jan", C_MONTH, 1, LF_ABBR}, {"feb", C_MONTH, 2, LF_ABBR}, {"mar", C_MONTH, 3, LF_ABBR},
    {"apr", C_MONTH, 4, LF_ABBR}, {"jun", C_MONTH, 6, LF_ABBR}, {"jul", C_MONTH, 7, LF_ABBR},
    {"aug", C_MONTH, 8, LF_ABBR}, {"sep", C_MONTH, 9, LF_ABBR}, {"sept", C_MONTH, 9, LF_ABBR},
    {"oct", C_MONTH, 10, LF_ABBR}, {"nov", C_MONTH, 11, LF_ABBR}, {"dec", C_MONTH, 12, LF_ABBR},
    {"monday", C_WEEKDAY, 1, 0}, {"tuesday", C_WEEKDAY, 2, 0}, {"wednesday", C_WEEKDAY, 3, 0},
    {"thursday", C_WEEKDAY, 4, 0}, {"friday", C_WEEKDAY, 5, 0}, {"saturday", C_WEEKDAY, 6, 0},
    {"sunday", C_WEEKDAY, 7, 0},
    {"mon", C_WEEKDAY, 1, LF_ABBR}, {"tue", C_WEEKDAY, 2, LF_ABBR}, {"tues", C_WEEKDAY, 2, LF_ABBR},
    {"wed", C_WEEKDAY, 3, LF_ABBR}, {"thu", C_WEEKDAY, 4, LF_ABBR}, {"thur", C_WEEKDAY, 4, LF_ABBR},
    {"thurs", C_WEEKDAY, 4, LF_ABBR}, {"fri", C_WEEKDAY, 5, LF_ABBR}, {"sat", C_WEEKDAY, 6, LF_ABBR},
    {"sun", C_WEEKDAY, 7, LF_ABBR},
    {"today", C_RELDAY, 0, 0}, {"tomorrow", C_RELDAY, 1, 0}, {"tmrw", C_RELDAY, 1, 0},
    {"yesterday", C_RELDAY, -1, 0}, {"now", C_RELDAY, 0, LF_NOW}, {"currently", C_RELDAY, 0, LF_NOW},
    {"day", C_UNIT, U_DAY, 0}, {"days", C_UNIT, U_DAY, LF_PLURAL},
    {"week", C_UNIT, U_WEEK, 0}, {"weeks", C_UNIT, U_WEEK, LF_PLURAL},
    {"fortnight", C_UNIT, U_FORTNIGHT, 0}, {"fortnights", C_UNIT, U_FORTNIGHT, LF_PLURAL},
    {"month", C_UNIT, U_MONTH, 0}, {"months", C_UNIT, U_MONTH, LF_PLURAL},
    {"quarter", C_UNIT, U_QUARTER, 0}, {"quarters", C_UNIT, U_QUARTER, LF_PLURAL},
    {"qtr", C_UNIT, U_QUARTER, 0},
    {"year", C_UNIT, U_YEAR, 0}, {"years", C_UNIT, U_YEAR, LF_PLURAL},
    {"yr", C_UNIT, U_YEAR, 0}, {"yrs", C_UNIT, U_YEAR, LF_PLURAL},
    {"wk", C_UNIT, U_WEEK, 0}, {"wks", C_UNIT, U_WEEK, LF_PLURAL},
    {"decade", C_UNIT, U_DECADE, 0}, {"decades", C_UNIT, U_DECADE, LF_PLURAL},
    {"century", C_UNIT, U_CENTURY, 0}, {"centuries", C_UNIT, U_CENTURY, LF_PLURAL},
    {"weekend", C_UNIT, U_WEEKEND, 0}, {"weekends", C_UNIT, U_WEEKEND, LF_PLURAL},
    {"this", C_DET, 0, 0}, {"current", C_DET, 0, 0}, {"last", C_DET, -1, 0}, {"past", C_DET, -1, 0},
    {"previous", C_DET, -1, 0}, {"next", C_DET, 1, 0}, {"coming", C_DET, 1, 0},
    {"following", C_DET, 1, 0}, {"upcoming", C_DET, 1, 0},
    {"early", C_PART, 1, 0}, {"beginning", C_PART, 1, 0}, {"start", C_PART, 1, 0},
    {"mid", C_PART, 2, 0}, {"middle", C_PART, 2, 0}, {"late", C_PART, 3, 0}, {"end", C_PART, 3, 0},
    {"earlier", C_PART, 4, 0}, {"later", C_PART, 5, 0},
    {"first", C_ORDW, 1, 0}, {"second", C_ORDW, 2, 0}, {"third", C_ORDW, 3, 0},
    {"fourth", C_ORDW, 4, 0}, {"fifth", C_ORDW, 5, 0}, {"sixth", C_ORDW, 6, 0},
    {"seventh", C_ORDW, 7, 0}, {"eighth", C_ORDW, 8, 0}, {"ninth", C_ORDW, 9, 0},
    {"tenth", C_ORDW, 10, 0}, {"eleventh", C_ORDW, 11, 0}, {"twelfth", C_ORDW, 12, 0},
    {"thirteenth", C_ORDW, 13, 0}, {"fourteenth", C_ORDW, 14, 0}, {"fifteenth", C_ORDW, 15, 0},
    {"sixteenth", C_ORDW, 16, 0}, {"seventeenth", C_ORDW, 17, 0}, {"eighteenth", C_ORDW, 18, 0},
    {"nineteenth", C_ORDW, 19, 0}, {"twentieth", C_ORDW, 20, 0}, {"thirtieth", C_ORDW, 30, 0},
    {"a", C_NUMW, 1, LF_WEAK}, {"an", C_NUMW, 1, LF_WEAK}, {"one", C_NUMW, 1, 0}, {"two", C_NUMW, 2, 0},
    {"three", C_NUMW, 3, 0}, {"four", C_NUMW, 4, 0}, {"five", C_NUMW, 5, 0}, {"six", C_NUMW, 6, 0},
    {"seven", C_NUMW, 7, 0}, {"eight", C_NUMW, 8, 0}, {"nine", C_NUMW, 9, 0}, {"ten", C_NUMW, 10, 0},
    {"eleven", C_NUMW, 11, 0}, {"twelve", C_NUMW, 12, 0}, {"thirteen", C_NUMW, 13, 0},
    {"fourteen", C_NUMW, 14, 0}, {"fifteen", C_NUMW, 15, 0}, {"sixteen", C_NUMW, 16, 0},
    {"seventeen", C_NUMW, 17, 0}, {"eighteen", C_NUMW, 18, 0}, {"nineteen", C_NUMW, 19, 0},
    {"twenty", C_NUMW, 20, 0}, {"thirty", C_NUMW, 30, 0}, {"forty", C_NUMW, 40, 0},
    {"fifty", C_NUMW, 50, 0}, {"sixty", C_NUMW, 60, 0}, {"seventy", C_NUMW, 70, 0},
    {"eighty", C_NUMW, 80, 0}, {"ninety", C_NUMW, 90, 0}, {"hundred", C_NUMW, 100, 0},
    {"thousand", C_NUMW, 1000, 0}, {"couple", C_NUMW, 2, LF_WEAK},
    {"spring", C_SEASON, 1, LF_WEAK}, {"summer", C_SEASON, 2, 0}, {"autumn", C_SEASON, 3, 0},
    {"fall", C_SEASON, 3, LF_WEAK}, {"winter", C_SEASON, 4, 0},
    {"twenties", C_DECADEW, 2, 0}, {"thirties", C_DECADEW, 3, 0}, {"forties", C_DECADEW, 4, 0},
    {"fifties", C_DECADEW, 5, 0}, {"sixties", C_DECADEW, 6, 0}, {"seventies", C_DECADEW, 7, 0},
    {"eighties", C_DECADEW, 8, 0}, {"nineties", C_DECADEW, 9, 0},
    {"christmas", C_HOLIDAY, H_CHRISTMAS, 0}, {"xmas", C_HOLIDAY, H_CHRISTMAS, 0},
    {"easter", C_HOLIDAY, H_EASTER, 0}, {"halloween", C_HOLIDAY, H_HALLOWEEN, 0},
    {"victory", C_HOLIDAY, H_VICTORY, 0}, {"thanksgiving", C_HOLIDAY, H_THANKSGIVING, 0},
    {"of", C_FUNC, F_OF, 0}, {"the", C_FUNC, F_THE, 0}, {"in", C_FUNC, F_IN, 0}, {"on", C_FUNC, F_ON, 0},
    {"to", C_FUNC, F_TO, 0}, {"till", C_FUNC, F_TILL, 0}, {"til", C_FUNC, F_TILL, 0},
    {"until", C_FUNC, F_UNTIL, 0}, {"through", C_FUNC, F_THROUGH, 0}, {"thru", C_FUNC, F_THROUGH, 0},
    {"and", C_FUNC, F_AND, 0}, {"or", C_FUNC, F_OR, 0}, {"from", C_FUNC, F_FROM, 0},
    {"between", C_FUNC, F_BETWEEN, 0}, {"by", C_FUNC, F_BY, 0}, {"since", C_FUNC, F_SINCE, 0},
    {"before", C_FUNC, F_BEFORE, 0}, {"after", C_FUNC, F_AFTER, 0}, {"prior", C_FUNC, F_PRIOR, 0},
    {"starting", C_FUNC, F_STARTING, 0}, {"ago", C_FUNC, F_AGO, 0}, {"than", C_FUNC, F_THAN, 0},
    {"no", C_FUNC, F_NO, 0}, {"not", C_FUNC, F_NOT, 0}, {"as", C_FUNC, F_AS, 0},
    {"during", C_FUNC, F_DURING, 0}, {"within", C_FUNC, F_WITHIN, 0}, {"for", C_FUNC, F_FOR, 0},
    {"greater", C_FUNC, F_GREATER, 0}, {"onwards", C_FUNC, F_ONWARDS, 0},
    {"onward", C_FUNC, F_ONWARDS, 0}, {"beyond", C_FUNC, F_BEYOND, 0}, {"date", C_FUNC, F_DATE, 0},
    {"back", C_FUNC, F_BACK, 0}, {"s", C_FUNC, F_S, 0}, {"q", C_FUNC, F_Q, 0}, {"h", C_FUNC, F_H, 0},
    {"cy", C_FUNC, F_CY, 0}, {"calendar", C_FUNC, F_CALENDAR, 0}, {"hence", C_FUNC, F_HENCE, 0},
    {"circa", C_FUNC, F_CIRCA, 0}, {"eve", C_FUNC, F_EVE, 0}, {"new", C_FUNC, F_NEW, 0},
    {"commencing", C_FUNC, F_COMMENCING, 0}, {"half", C_FUNC, F_HALF, 0}, {"w", C_FUNC, F_WEEK_OF, 0}, {"up", C_FUNC, F_UP, 0},
};
// clang-format on

constexpr std::size_t TABLE_SIZE = 1024;  // power of two, > 3x the word count
constexpr std::size_t MAX_WORD = 16;      // longest word in WORDS is shorter

// A lower-case word of fewer than MAX_WORD letters, zero-padded into two machine words, so
// hashing and comparing it cost a few multiplications and two compares instead of a loop
// over bytes and a strcmp.
struct Packed {
    std::uint64_t lo = 0, hi = 0;
    bool operator==(const Packed&) const = default;
};

// Adds letter `len` (0-based, < MAX_WORD) of a word. Shifts, not a byte buffer read back
// as words: that read would stall on store forwarding for every word of the text.
void pack_letter(Packed& p, std::size_t len, unsigned char c) {
    if (len < 8)
        p.lo |= std::uint64_t{c} << (8 * len);
    else
        p.hi |= std::uint64_t{c} << (8 * (len - 8));
}

Packed pack(std::string_view w) {
    Packed p;
    for (std::size_t i = 0; i < w.size(); ++i) pack_letter(p, i, static_cast<unsigned char>(w[i]));
    return p;
}

std::size_t slot_of(const Packed& p) {
    // Multiply-xorshift mixing (constants from splitmix64); the top bits index the table.
    std::uint64_t h = p.lo * 0x9E3779B97F4A7C15ull ^ p.hi * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 29;
    h *= 0x94D049BB133111EBull;
    return static_cast<std::size_t>(h >> 54) & (TABLE_SIZE - 1);
}

// Open addressing: `slot` holds indices into `entry` (-1 = empty); both stay small enough
// to live in L1 while a document is scanned.
struct Table {
    struct Entry {
        Packed word;
        LexEntry lex;
    };
    std::array<std::int16_t, TABLE_SIZE> slot{};
    std::array<Entry, std::size(WORDS)> entry{};
    // Bit (c - 'a') of initials[len]: some word of `len` letters starts with c. Rejects most
    // ordinary words before hashing, and the probe's hard-to-predict branches with them.
    std::array<std::uint32_t, MAX_WORD> initials{};
    Table() {
        slot.fill(-1);
        for (std::size_t i = 0; i < std::size(WORDS); ++i) {
            const std::string_view w = WORDS[i].text;
            initials[w.size()] |= std::uint32_t{1} << (w[0] - 'a');
            entry[i] = {pack(w), {WORDS[i].cat, WORDS[i].flags, WORDS[i].val}};
            std::size_t h = slot_of(entry[i].word);
            while (slot[h] >= 0) h = (h + 1) & (TABLE_SIZE - 1);
            slot[h] = static_cast<std::int16_t>(i);
        }
    }
    // `p` packs a word of `len` (1 .. MAX_WORD - 1) lower-case letters.
    LexEntry find(const Packed& p, std::size_t len) const {
        const std::uint64_t initial = (p.lo & 0xFF) - 'a';
        if (initial >= 26 || !((initials[len] >> initial) & 1)) return {};
        std::size_t h = slot_of(p);
        while (slot[h] >= 0) {
            const Entry& e = entry[static_cast<std::size_t>(slot[h])];
            if (e.word == p) return e.lex;
            h = (h + 1) & (TABLE_SIZE - 1);
        }
        return {};
    }
};

const Table& table() {
    static const Table t;
    return t;
}

bool is_alpha(unsigned char c) { return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

// The packed lower-case form of the `len` (< MAX_WORD) ASCII letters at `w`, when 16 bytes
// from `w` on may be read: two loads and masks instead of a shift per letter.
Packed pack_letters_fast(const unsigned char* w, std::size_t len) {
    constexpr std::uint64_t LOWER = 0x2020202020202020ull;  // ASCII letters: bit 5 set = lower case
    Packed p;
    std::memcpy(&p.lo, w, 8);
    std::memcpy(&p.hi, w + 8, 8);
    if (len < 8) {
        p.lo = (p.lo | LOWER) & ((std::uint64_t{1} << (8 * len)) - 1);
        p.hi = 0;
    } else {
        p.lo |= LOWER;
        p.hi = (p.hi | LOWER) & ((std::uint64_t{1} << (8 * (len - 8))) - 1);
    }
    return p;
}

Packed pack_letters(const unsigned char* w, std::size_t len, bool sixteen_readable) {
    if constexpr (std::endian::native == std::endian::little) {
        if (sixteen_readable) return pack_letters_fast(w, len);
    }
    Packed p;
    for (std::size_t i = 0; i < len; ++i) pack_letter(p, i, w[i] | 0x20);
    return p;
}

// Cap on tokens per segment, so one huge line without breaks keeps memory bounded.
constexpr std::size_t MAX_SEGMENT_TOKENS = 4096;

}  // namespace

LexEntry lookup_word(std::string_view lower) {
    if (lower.empty() || lower.size() >= MAX_WORD) return {};
    return table().find(pack(lower), lower.size());
}

void tokenize_segment(std::string_view text, std::size_t& pos, std::vector<Tok>& out) {
    const std::size_t n = text.size();
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    bool space = true;
    std::size_t count = 0;
    const Table& lex = table();
    while (pos < n) {
        unsigned char c = s[pos];
        if (c == '\n') {
            ++pos;
            if (count) return;
            space = true;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            space = true;
            ++pos;
            continue;
        }
        if (count >= MAX_SEGMENT_TOKENS) return;
        // Filled in place: a Tok built on the stack and copied in would be read back as
        // vectors right after its byte-sized fields were written, stalling each token.
        Tok& t = out.emplace_back();
        t.b = pos;
        if (space) t.flags |= TF_SPACE;
        space = false;
        if (is_alpha(c)) {
            std::size_t e = pos + 1;
            while (e < n && is_alpha(s[e])) ++e;
            const std::size_t len = e - pos;
            t.kind = Kind::word;
            t.e = e;
            if (c <= 'Z') t.flags |= TF_CAP;
            if (len < MAX_WORD) {
                LexEntry le = lex.find(pack_letters(s + pos, len, n - pos >= MAX_WORD), len);
                t.cat = le.cat;
                t.lflags = le.flags;
                t.val = le.val;
            }
            pos = e;
        } else if (is_digit(c)) {
            std::size_t e = pos;
            long long v = 0;
            while (e < n && is_digit(s[e])) {
                if (e - pos < 9) v = v * 10 + (s[e] - '0');
                ++e;
            }
            t.kind = Kind::num;
            std::size_t nd = e - pos;
            t.nd = static_cast<std::uint8_t>(nd > 255 ? 255 : nd);
            if (nd > 9) t.flags |= TF_LONGNUM;
            t.val = static_cast<int>(v);
            // Ordinal suffix ("1st", "04th") or plural decade ("1990s"), when the letters end there.
            std::size_t le = e;
            while (le < n && is_alpha(s[le])) ++le;
            std::size_t ll = le - e;
            bool end_ok = le >= n || !is_digit(s[le]);
            if (end_ok && ll == 2) {
                char a = static_cast<char>(s[e] | 0x20), b = static_cast<char>(s[e + 1] | 0x20);
                if ((a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
                    (a == 't' && b == 'h')) {
                    t.flags |= TF_ORD;
                    e = le;
                }
            } else if (end_ok && ll == 1 && (s[e] | 0x20) == 's') {
                t.flags |= TF_DECADE;
                e = le;
            }
            t.e = e;
            pos = e;
        } else if (c >= 0x80) {
            // UTF-8: en/em dashes act as '-', the right single quote as an apostrophe; any
            // other character is opaque punctuation.
            std::size_t e = pos + 1;
            while (e < n && (s[e] & 0xC0) == 0x80 && e - pos < 4) ++e;
            t.kind = Kind::punct;
            t.val = 'u';
            if (e - pos == 3 && s[pos] == 0xE2 && s[pos + 1] == 0x80) {
                if (s[pos + 2] == 0x93 || s[pos + 2] == 0x94)
                    t.val = '-';
                else if (s[pos + 2] == 0x99)
                    t.val = '\'';
            } else if ((e - pos == 3 && s[pos] == 0xE2 && s[pos + 1] == 0x82 && s[pos + 2] == 0xAC) ||
                       (e - pos == 2 && s[pos] == 0xC2 && s[pos + 1] == 0xA3)) {
                t.val = '$';  // euro and pound signs: a currency amount, never a year
            }
            t.e = e;
            pos = e;
        } else {
            t.kind = Kind::punct;
            t.val = c;
            t.e = pos + 1;
            ++pos;
        }
        ++count;
    }
}

}  // namespace reckon::text::date_detail
