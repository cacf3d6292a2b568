// Private to the date recognizer: the tokens it scans and the small lexicon of date words
// (months, weekdays, units, ordinals, modifier words). Not part of reckon's public API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace reckon::text::date_detail {

// Word categories. Only tokens of a "trigger" category, and digits, make the recognizer
// look closer; everything else is skipped after one table lookup.
enum Cat : std::uint8_t {
    C_NONE,
    C_MONTH,    // val 1..12
    C_WEEKDAY,  // val 1..7, ISO (Monday = 1)
    C_RELDAY,   // today 0, tomorrow +1, yesterday -1, now/currently 0 (F_NOW flag)
    C_UNIT,     // val: Unit
    C_DET,      // this/current 0, last/past/previous -1, next/coming/following/upcoming +1
    C_PART,     // early 1, mid 2, late/end 3, earlier 4, later 5
    C_ORDW,     // first..thirty-first as words
    C_NUMW,     // one..ninety, hundred, thousand, a/an, couple
    C_SEASON,   // spring 1, summer 2, autumn 3, winter 4
    C_DECADEW,  // twenties..nineties: val = tens digit
    C_HOLIDAY,  // val: Holiday
    C_FUNC,     // function words: val = Fw
};

enum Unit : int {
    U_NONE,
    U_DAY,
    U_WEEK,
    U_FORTNIGHT,
    U_MONTH,
    U_QUARTER,
    U_YEAR,
    U_DECADE,
    U_CENTURY,
    U_WEEKEND
};

enum Holiday : int {
    H_CHRISTMAS = 1,
    H_EASTER,
    H_HALLOWEEN,
    H_NEWYEAR,
    H_INDEPENDENCE,
    H_VALENTINE,
    H_VICTORY,      // "Victory Day": 9 May (Russia, Ukraine until 2023 and the former Soviet states)
    H_THANKSGIVING  // the fourth Thursday of November (United States)
};

enum Fw : int {
    F_OF = 1,
    F_THE,
    F_IN,
    F_ON,
    F_TO,
    F_TILL,
    F_UNTIL,
    F_THROUGH,
    F_AND,
    F_OR,
    F_FROM,
    F_BETWEEN,
    F_BY,
    F_SINCE,
    F_BEFORE,
    F_AFTER,
    F_PRIOR,
    F_STARTING,
    F_BEGINNING,
    F_AGO,
    F_THAN,
    F_NO,
    F_NOT,
    F_AS,
    F_DURING,
    F_WITHIN,
    F_FOR,
    F_GREATER,
    F_ONWARDS,
    F_BEYOND,
    F_DATE,
    F_BACK,
    F_S,
    F_Q,
    F_H,
    F_CY,
    F_CALENDAR,
    F_HENCE,
    F_LATER_ADV,
    F_EARLIER_ADV,
    F_CIRCA,
    F_WEEK_OF,
    F_EVE,
    F_DAY,
    F_NEW,
    F_YEARS_POSS,
    F_COMMENCING,
    F_HALF,
    F_UP
};

// Lexicon entry flags.
enum : std::uint8_t {
    LF_ABBR = 1,    // abbreviation ("Sept", "Tue"): needs supporting context
    LF_WEAK = 2,    // also an ordinary word ("may", "march", "fall"): needs supporting context
    LF_PLURAL = 4,  // plural unit ("weeks")
    LF_NOW = 8,     // "now", "currently": the reference moment itself
};

// Token flags.
enum : std::uint8_t {
    TF_SPACE = 1,    // whitespace before this token
    TF_ORD = 2,      // number with an ordinal suffix ("04th", "1st")
    TF_DECADE = 4,   // number with a plural "s" ("1990s", "90s")
    TF_CAP = 8,      // word starts with a capital letter
    TF_LONGNUM = 16  // digit run too long to hold a value
};

enum class Kind : std::uint8_t { word, num, punct };

struct Tok {
    std::size_t b = 0, e = 0;  // byte offsets in the text
    Kind kind = Kind::punct;
    Cat cat = C_NONE;         // words only
    std::uint8_t lflags = 0;  // lexicon flags (words)
    std::uint8_t flags = 0;   // token flags
    std::uint8_t nd = 0;      // digit count (numbers)
    int val = 0;              // number value, lexicon value, or the punctuation character
};

struct LexEntry {
    Cat cat = C_NONE;
    std::uint8_t flags = 0;
    int val = 0;
};

// The entry for a lower-case ASCII word, or {C_NONE} when it is not a date word.
LexEntry lookup_word(std::string_view lower);

// Appends the tokens of `text` from `pos` up to the next line break (or a length cap) to
// `out`, and moves `pos` past them. Each byte is tokenized once.
void tokenize_segment(std::string_view text, std::size_t& pos, std::vector<Tok>& out);

}  // namespace reckon::text::date_detail
