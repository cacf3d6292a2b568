// The date and period recognizer. Why hand-written and not RE2 patterns: the grammar needs
// context on both sides (is "2025" a year or a count? is "may" a month?), year
// inheritance across ranges ("from March to September 2024") and calendar arithmetic,
// and it must run at well over 100 MB/s; a token scanner that only looks closer at digits
// and lexicon words does all of that in one linear pass.
//
// Structure: date_lexicon.cpp cuts a line into tokens; here, at each trigger token (a
// number or a date word), `Parser::expression` tries a few start positions just before it
// and parses the longest expression: [modifier] [from|between] atom [connector atom]
// [suffix]. Atoms are partially specified dates (a month without a year, a day without a
// month) that `resolve` turns into inclusive periods against the reference date.
#include "reckon/text/dates.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <climits>

#include "date_lexicon.hpp"
#include "reckon/core/date.hpp"

namespace reckon::text {

namespace {

using namespace date_detail;
using core::Date;
using core::Period;
using G = DateMatch::Granularity;
using Mod = DateMatch::Modifier;

constexpr int NO_YEAR = INT_MIN;
// How far before a trigger token an expression may start ("no later than the end of").
constexpr int MAX_LOOKBACK_TOKENS = 8;
// Years a two-digit year maps to the 2000s ("12/12/30" -> 2030, "03/18/40" -> 1940).
constexpr int TWO_DIGIT_PIVOT = 40;

// --- calendar arithmetic -------------------------------------------------------------------
int day_number(const Date& d) { return static_cast<int>(core::days_since_epoch(d)); }
Date from_day_number(int n) { return core::date_from_days(n); }
int year_of(const Date& d) { return static_cast<int>(d.year()); }
int month_of(const Date& d) { return static_cast<int>(static_cast<unsigned>(d.month())); }
int mday_of(const Date& d) { return static_cast<int>(static_cast<unsigned>(d.day())); }
bool valid_ymd(int y, int m, int d) {
    if (y < -30000 || y > 30000 || m < 1 || m > 12 || d < 1 || d > 31) return false;
    return core::make_date(y, static_cast<unsigned>(m), static_cast<unsigned>(d)).ok();
}
Date ymd(int y, int m, int d) {
    return core::make_date(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}
Date month_end(int y, int m) { return core::end_of_month(y, static_cast<unsigned>(m)); }
int iso_weekday(const Date& d) {
    return static_cast<int>(std::chrono::weekday{std::chrono::sys_days{d}}.iso_encoding());
}
Date monday_of(const Date& d) { return core::add_days(d, -(iso_weekday(d) - 1)); }
// The first weekday `wd` (ISO, Monday = 1) strictly after `d`, and strictly before it.
Date weekday_after(const Date& d, int wd) { return core::add_days(d, (wd - iso_weekday(d) + 6) % 7 + 1); }
Date weekday_before(const Date& d, int wd) { return core::add_days(d, -((iso_weekday(d) - wd + 6) % 7 + 1)); }
Date add_months(const Date& d, int k) { return core::add_months(d, k); }
Date add_units(const Date& d, int unit, int k) {
    switch (unit) {
        case U_DAY:
            return core::add_days(d, k);
        case U_WEEK:
            return core::add_days(d, 7 * k);
        case U_FORTNIGHT:
            return core::add_days(d, 14 * k);
        case U_MONTH:
            return add_months(d, k);
        case U_QUARTER:
            return add_months(d, 3 * k);
        case U_YEAR:
            return add_months(d, 12 * k);
        case U_DECADE:
            return add_months(d, 120 * k);
        case U_CENTURY:
            return add_months(d, 1200 * k);
        case U_WEEKEND:
            return core::add_days(d, 7 * k);
        default:
            return d;
    }
}
// The calendar unit containing `d` (ISO weeks start on Monday).
Period unit_around(const Date& d, int unit) {
    int y = year_of(d);
    int m = month_of(d);
    switch (unit) {
        case U_WEEK: {
            Date mon = monday_of(d);
            return {mon, core::add_days(mon, 6)};
        }
        case U_FORTNIGHT: {
            Date mon = monday_of(d);
            return {mon, core::add_days(mon, 13)};
        }
        case U_WEEKEND: {
            Date sat = core::add_days(monday_of(d), 5);
            return {sat, core::add_days(sat, 1)};
        }
        case U_MONTH:
            return core::whole_month(y, static_cast<unsigned>(m));
        case U_QUARTER: {
            int q0 = (m - 1) / 3 * 3 + 1;
            return {ymd(y, q0, 1), month_end(y, q0 + 2)};
        }
        case U_YEAR:
            return core::whole_year(y);
        case U_DECADE: {
            int d0 = y - ((y % 10) + 10) % 10;
            return {ymd(d0, 1, 1), ymd(d0 + 9, 12, 31)};
        }
        case U_CENTURY: {
            int c0 = y - ((y % 100) + 100) % 100;
            return {ymd(c0, 1, 1), ymd(c0 + 99, 12, 31)};
        }
        default:
            return core::single_day(d);
    }
}
G unit_granularity(int unit) {
    switch (unit) {
        case U_DAY:
            return G::day;
        case U_WEEK:
            return G::week;
        case U_MONTH:
            return G::month;
        case U_QUARTER:
            return G::quarter;
        case U_YEAR:
            return G::year;
        case U_DECADE:
            return G::decade;
        default:
            return G::other;
    }
}
// ISO 8601 week `w` of year `y`: week 1 holds the year's first Thursday.
std::optional<Period> iso_week(int y, int w) {
    if (w < 1 || w > 53) return std::nullopt;
    Date start = core::add_days(monday_of(ymd(y, 1, 4)), 7 * (w - 1));
    if (year_of(core::add_days(start, 3)) != y) return std::nullopt;
    return Period{start, core::add_days(start, 6)};
}
// Week `n` of a month, counting the weeks whose Thursday falls in it; n = -1 is the last.
std::optional<Period> month_week(int y, int m, int n) {
    Date first = ymd(y, m, 1);
    int to_thu = (4 - iso_weekday(first) + 7) % 7;
    Date thu = core::add_days(first, to_thu);
    if (n < 0) {  // -1: the last week, -2: the one before it
        while (month_of(core::add_days(thu, 7)) == m) thu = core::add_days(thu, 7);
        thu = core::add_days(thu, 7 * (n + 1));
        if (month_of(thu) != m) return std::nullopt;
    } else {
        if (n < 1 || n > 5) return std::nullopt;
        thu = core::add_days(thu, 7 * (n - 1));
        if (month_of(thu) != m) return std::nullopt;
    }
    Date mon = core::add_days(thu, -3);
    return Period{mon, core::add_days(mon, 6)};
}
// Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus, Astronomical
// Algorithms ch. 8).
Date easter(int y) {
    int a = y % 19;
    int b = y / 100;
    int c = y % 100;
    int d = b / 4;
    int e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4;
    int k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = (h + l - 7 * m + 114) % 31 + 1;
    return ymd(y, month, day);
}
// Early / mid / late thirds of a period: Jan-Apr, May-Aug, Sep-Dec of a year; days 1-10,
// 11-20, 21-end of a month; otherwise thirds by days.
Period part_of(const Period& p, int part, G g) {
    if (part < 1 || part > 3) return p;
    int y = year_of(p.first);
    int m = month_of(p.first);
    if (g == G::year) {
        int m0 = (part - 1) * 4 + 1;
        return {ymd(y, m0, 1), month_end(y, m0 + 3)};
    }
    if (g == G::month) {
        if (part == 1) return {ymd(y, m, 1), ymd(y, m, 10)};
        if (part == 2) return {ymd(y, m, 11), ymd(y, m, 20)};
        return {ymd(y, m, 21), p.last};
    }
    if (g == G::decade) {
        static constexpr std::array<int, 4> FIRST_YEAR = {0, 0, 4, 7};
        static constexpr std::array<int, 4> LAST_YEAR = {0, 3, 6, 9};
        return {ymd(y + FIRST_YEAR[part], 1, 1), ymd(y + LAST_YEAR[part], 12, 31)};
    }
    int a = day_number(p.first);
    int len = day_number(p.last) - a + 1;
    int s = a + len * (part - 1) / 3;
    int e = a + len * part / 3 - 1;
    return {from_day_number(s), from_day_number(std::max(s, e))};
}

// --- atoms: partially specified dates ------------------------------------------------------
enum class AK : std::uint8_t {
    none,
    day,
    dayonly,
    month,
    year,
    quarter,
    half,
    season,
    decade,
    century,
    isoweek,
    monthweek,
    nthweekday,  // the n-th (n = -1: last) `weekday` of month m: "the first Tuesday of October"
    fixed,
    unresolved
};

struct Atom {
    AK k = AK::none;
    int y = NO_YEAR, m = 0, d = 0, n = 0;  // n: quarter, half, season, week number
    int part = 0;                          // 1 early, 2 mid, 3 late
    int weekday = 0;                       // required weekday of a day (1 = Monday), 0 = any
    bool standalone = false;               // a day of the month that may stand alone ("on the 18th")
    Period fixed{};                        // AK::fixed: already resolved
    G g = G::day;
    bool relative = false;
    std::optional<Date> anchor;
    bool has_year() const { return y != NO_YEAR; }
};

struct Parsed {
    int end = -1;  // token index after the expression; -1 = no parse
    Atom a;
    explicit operator bool() const { return end >= 0; }
};

G kind_granularity(AK k) {
    switch (k) {
        case AK::day:
        case AK::dayonly:
        case AK::nthweekday:
            return G::day;
        case AK::month:
            return G::month;
        case AK::year:
            return G::year;
        case AK::quarter:
            return G::quarter;
        case AK::half:
            return G::half;
        case AK::decade:
            return G::decade;
        case AK::isoweek:
        case AK::monthweek:
            return G::week;
        default:
            return G::other;
    }
}

// The period an atom names in year `y` (its own year when it has one).
std::optional<Period> calendar_period(const Atom& a, int y) {
    if (y < 1 || y > 9999) return std::nullopt;
    std::optional<Period> p;
    switch (a.k) {
        case AK::day:
            if (!valid_ymd(y, a.m, a.d)) return std::nullopt;
            if (a.weekday && iso_weekday(ymd(y, a.m, a.d)) != a.weekday) return std::nullopt;
            p = core::single_day(ymd(y, a.m, a.d));
            break;
        case AK::month:
            if (a.m < 1 || a.m > 12) return std::nullopt;
            p = core::whole_month(y, static_cast<unsigned>(a.m));
            break;
        case AK::year:
        case AK::decade:
        case AK::century: {
            int span = a.k == AK::year ? 0 : a.k == AK::decade ? 9 : 99;
            if (y + span > 9999) return std::nullopt;
            p = Period{ymd(y, 1, 1), ymd(y + span, 12, 31)};
            break;
        }
        case AK::quarter:
            if (a.n < 1 || a.n > 4) return std::nullopt;
            p = Period{ymd(y, 3 * a.n - 2, 1), month_end(y, 3 * a.n)};
            break;
        case AK::half:
            if (a.n < 1 || a.n > 2) return std::nullopt;
            p = Period{ymd(y, 6 * a.n - 5, 1), month_end(y, 6 * a.n)};
            break;
        case AK::season:
            // Meteorological seasons (northern hemisphere); winter runs December to February
            // and is named by its December.
            if (a.n < 1 || a.n > 4) return std::nullopt;
            if (a.n == 4)
                p = Period{ymd(y, 12, 1), month_end(y + 1, 2)};
            else
                p = Period{ymd(y, 3 * a.n, 1), month_end(y, 3 * a.n + 2)};
            break;
        case AK::isoweek:
            p = iso_week(y, a.n);
            break;
        case AK::monthweek:
            p = month_week(y, a.m, a.n);
            break;
        case AK::nthweekday: {
            if (a.m < 1 || a.m > 12 || a.weekday < 1 || a.weekday > 7) return std::nullopt;
            Date d;
            if (a.n < 0) {  // "the last Friday", "the second last Friday"
                Date last = month_end(y, a.m);
                d = core::add_days(last, -((iso_weekday(last) - a.weekday + 7) % 7) + 7 * (a.n + 1));
                if (month_of(d) != a.m) return std::nullopt;
            } else {
                Date first = ymd(y, a.m, 1);
                d = core::add_days(first, (a.weekday - iso_weekday(first) + 7) % 7 + 7 * (a.n - 1));
                if (month_of(d) != a.m) return std::nullopt;
            }
            p = core::single_day(d);
            break;
        }
        default:
            return std::nullopt;
    }
    if (p && a.part) p = part_of(*p, a.part, kind_granularity(a.k));
    return p;
}

// Resolves an atom: its own year, or the latest matching period starting on or before the
// reference (news reports past events: "On July 11" published July 24 is July 11). With
// `future` (DateDirection::future), the earliest matching period not over before the
// reference instead ("on March 1" said of a plan in February is this March 1).
std::optional<Period> resolve(const Atom& a, const std::optional<Date>& ref, bool future,
                              int* year_used = nullptr) {
    if (a.k == AK::fixed) return a.fixed;
    if (a.k == AK::none || a.k == AK::unresolved) return std::nullopt;
    if (a.k == AK::dayonly) {
        if (!ref) return std::nullopt;
        int y = year_of(*ref);
        int m = month_of(*ref);
        for (int step = 0; step < 15; ++step) {
            if (valid_ymd(y, m, a.d)) {
                Date d = ymd(y, m, a.d);
                if ((future ? d >= *ref : d <= *ref) && (!a.weekday || iso_weekday(d) == a.weekday))
                    return core::single_day(d);
            }
            if (future) {
                if (++m == 13) m = 1, ++y;
            } else if (--m == 0) {
                m = 12, --y;
            }
        }
        return std::nullopt;
    }
    if (a.has_year()) {
        if (year_used) *year_used = a.y;
        return calendar_period(a, a.y);
    }
    if (!ref) return std::nullopt;
    int y0 = year_of(*ref);
    if (a.k == AK::day && a.weekday) {
        // A weekday beside a day and month ("Sunday, Feb 10"). Looking ahead, it confirms the
        // reference's year or moves the date to the next (a schedule for next summer). Looking
        // back, it changes nothing: the default is the latest such day on or before the
        // reference, and a past fact never moves after it. When no year fits, the date
        // resolves as if the weekday were not written (a slip of the writer's).
        if (future)
            for (int y : {y0, y0 + 1})
                if (auto p = calendar_period(a, y)) {
                    if (year_used) *year_used = y;
                    return p;
                }
        Atom plain = a;
        plain.weekday = 0;
        return resolve(plain, ref, future, year_used);
    }
    if (future) {
        // The period holding the reference or the first after it; seasons (winter spans two
        // years) and weekday-constrained days may sit in the year before or up to 28 after.
        for (int y = y0 - 1; y < y0 + 29; ++y) {
            auto p = calendar_period(a, y);
            if (p && p->last >= *ref) {
                if (year_used) *year_used = y;
                return p;
            }
        }
        return std::nullopt;
    }
    // Up to 28 years back: the calendar repeats by then, so a weekday-constrained or leap
    // day date that exists at all is found.
    for (int y = y0; y > y0 - 29; --y) {
        auto p = calendar_period(a, y);
        if (p && p->first <= *ref) {
            if (year_used) *year_used = y;
            return p;
        }
    }
    return std::nullopt;
}

bool is_calendar_kind(AK k) {
    return k != AK::none && k != AK::fixed && k != AK::unresolved && k != AK::dayonly;
}

// Function words that can open an expression: Parser::expression's modifiers ("by",
// "no later than", "as early as", "prior to", ...), "from"/"between", "to date", and the
// function words Parser::atom starts on. Keep in step with those two.
constexpr std::uint64_t fw_bit(int f) { return std::uint64_t{1} << f; }
constexpr std::uint64_t OPENING_FUNCTION_WORDS =
    fw_bit(F_BY) | fw_bit(F_NO) | fw_bit(F_NOT) | fw_bit(F_SINCE) | fw_bit(F_STARTING) | fw_bit(F_AS) |
    fw_bit(F_BEFORE) | fw_bit(F_PRIOR) | fw_bit(F_AFTER) | fw_bit(F_GREATER) | fw_bit(F_UNTIL) |
    fw_bit(F_TILL) | fw_bit(F_THROUGH) | fw_bit(F_TO) | fw_bit(F_FROM) | fw_bit(F_BETWEEN) | fw_bit(F_THE) |
    fw_bit(F_WEEK_OF) | fw_bit(F_Q) | fw_bit(F_H) | fw_bit(F_IN) | fw_bit(F_WITHIN) | fw_bit(F_CY) |
    fw_bit(F_CALENDAR);
static_assert(F_UP < 64, "function word values must fit the OPENING_FUNCTION_WORDS mask");

// False when no expression can start at token `s`, so the parser need not be asked: most
// tokens in a lookback window are ordinary words and punctuation, and most of the function
// words, determiners, units and "a"/"an" that are left are followed by an ordinary word
// ("the company", "in March" aside). Those need a number or a lexicon word right after
// them for any of the parses that start on them (a count, a unit, a month, "than", "date",
// another function word) - a superset, so nothing the parser would find is skipped.
bool may_open_expression(const std::vector<Tok>& toks, int s) {
    const Tok& x = toks[static_cast<std::size_t>(s)];
    if (x.kind == Kind::num) return true;
    if (x.kind == Kind::punct) return x.val == '<' || x.val == '>';
    bool needs_next = false;
    switch (x.cat) {
        case C_NONE:
            return false;
        case C_FUNC:
            if (!((OPENING_FUNCTION_WORDS >> x.val) & 1)) return false;
            needs_next = x.val != F_WEEK_OF;  // "w/c" continues with punctuation
            break;
        case C_NUMW:
            needs_next = x.lflags & LF_WEAK;
            break;
        case C_DET:
        case C_UNIT:
            needs_next = true;
            break;
        default:
            break;
    }
    if (!needs_next) return true;
    if (static_cast<std::size_t>(s) + 1 >= toks.size()) return false;
    const Tok& y = toks[static_cast<std::size_t>(s) + 1];
    return y.kind == Kind::num || (y.kind == Kind::word && y.cat != C_NONE);
}

// --- the parser ----------------------------------------------------------------------------
class Parser {
public:
    Parser(std::string_view text, const std::vector<Tok>& toks, std::optional<Date> ref, bool future)
        : m_text(text), m_t(toks), m_n(static_cast<int>(toks.size())), m_ref(ref), m_future(future) {}

    struct Expr {
        int begin = 0, end = -1;
        Atom a;                 // single atom, or the first of a range
        std::optional<Atom> b;  // second atom of a range
        Mod mod = Mod::none;
    };

    // The longest expression starting exactly at token `i`, or end = -1.
    Expr expression(int i, int prev_year_end) const;

private:
    std::string_view m_text;
    const std::vector<Tok>& m_t;
    int m_n;
    std::optional<Date> m_ref;
    bool m_future = false;             // DateDirection::future: dates without a year resolve forward
    mutable int m_list_year_end = -1;  // end of the previous year match, for "2007 and 2009"
    mutable int m_connector_at = -1;   // a range dash being parsed across ("2014-2018")

    // The token tests below run dozens of times per parse attempt; GCC leaves some of them
    // out of line in the large parse functions, which cost more than the tests themselves.
    [[gnu::always_inline]] bool in(int i) const { return i >= 0 && i < m_n; }
    [[gnu::always_inline]] bool word(int i) const { return in(i) && m_t[i].kind == Kind::word; }
    [[gnu::always_inline]] bool fw(int i, int f) const {
        return word(i) && m_t[i].cat == C_FUNC && m_t[i].val == f;
    }
    [[gnu::always_inline]] bool wc(int i, Cat c) const { return word(i) && m_t[i].cat == c; }
    [[gnu::always_inline]] bool pc(int i, char c) const {
        return in(i) && m_t[i].kind == Kind::punct && m_t[i].val == c;
    }
    [[gnu::always_inline]] bool num(int i) const {
        return in(i) && m_t[i].kind == Kind::num && !(m_t[i].flags & TF_LONGNUM);
    }
    [[gnu::always_inline]] bool plain_num(int i) const {
        return num(i) && !(m_t[i].flags & (TF_ORD | TF_DECADE));
    }
    [[gnu::always_inline]] bool adj(int i) const { return in(i) && !(m_t[i].flags & TF_SPACE); }
    [[gnu::always_inline]] bool unit(int i, int u) const { return wc(i, C_UNIT) && m_t[i].val == u; }
    [[gnu::always_inline]] bool sep_dash(int i) const { return pc(i, '-') || pc(i, '/'); }
    char text_last(int i) const { return static_cast<char>(m_text[m_t[i].e - 1] | 0x20); }
    char text_prev_last(int i) const { return static_cast<char>(m_text[m_t[i].e - 2] | 0x20); }
    // "19-20", "2014-2018": a dash that continues into the second half of a range.
    bool range_dash(int e) const {
        return (pc(e, '-') || pc(e, '~')) && adj(e) && plain_num(e + 1) && adj(e + 1) && right_clean(e + 2);
    }

    // "after next" at i ("Friday after next", "March after next").
    bool after_next(int i) const {
        return fw(i, F_AFTER) && wc(i + 1, C_DET) && m_t[i + 1].val == 1 && m_t[i + 1].e - m_t[i + 1].b == 4;
    }
    bool left_clean(int i) const;
    bool right_clean(int e) const;
    bool count_noun(int e) const;
    bool year_context(int i) const;
    bool month_context(int i) const;

    struct Num {
        int end = -1, val = 0;
        bool ord = false, digits = false;
    };
    Num small_number(int i, bool words) const;
    Num count_number(int i) const;
    Num words_1_99(int i) const;
    Num year_at(int i, bool two_digit_ok) const;
    Num month_at(int i) const;

    Parsed atom(int i, bool ctx, bool second) const;
    Parsed month_first(int i) const;
    Parsed day_first(int i, bool ctx) const;
    Parsed numeric(int i, bool ctx) const;
    Parsed bare_year(int i, bool ctx) const;
    Parsed quarter_half(int i) const;
    Parsed ordinal_of(int i) const;
    Parsed day_of_month(int k, int ord) const;
    Parsed part(int i) const;
    Parsed relative(int i) const;
    Parsed weekday(int i) const;
    Parsed season(int i) const;
    Parsed decade(int i) const;
    Parsed holiday(int i) const;
    Parsed of_year(int i, Atom a) const;  // "of 2025" / "of next year" after an atom
    Parsed year_like(int i) const;        // YEAR, "this/last/next year", "the year"
    Parsed offset(int i) const;
    int plural_weekday(int i) const;
    Parsed week_of(int i) const;

    static Parsed fixed(int end, Period p, G g, bool relative = true) {
        Parsed r;
        r.end = end;
        r.a.k = AK::fixed;
        r.a.fixed = p;
        r.a.g = g;
        r.a.relative = relative;
        return r;
    }
    static Parsed unresolved(int end, G g) {
        Parsed r;
        r.end = end;
        r.a.k = AK::unresolved;
        r.a.g = g;
        r.a.relative = true;
        return r;
    }
    static void keep_longer(Parsed& best, Parsed cand) {
        if (cand && cand.end > best.end) best = cand;
    }
};

// A number starting an expression must not continue a larger token: "$2025", "138-2010",
// "A1B2". A hyphen or slash after a word is fine ("report-2002-10-09").
bool Parser::left_clean(int i) const {
    if (!in(i - 1) || i - 1 == m_connector_at) return true;
    const Tok& p = m_t[i - 1];
    if (p.kind == Kind::punct && (p.val == '$' || p.val == '#')) return false;
    if (m_t[i].flags & TF_SPACE) return true;
    if (p.kind != Kind::punct) return false;
    if (p.val == '+' || p.val == '@' || p.val == '_' || p.val == '\\') return false;
    if (p.val == '-' || p.val == '/' || p.val == '.' || p.val == ':' || p.val == ',' || p.val == '~')
        return !in(i - 2) || (p.flags & TF_SPACE) || m_t[i - 2].kind == Kind::word;
    return true;
}

// A number ending an expression must not continue into a larger number: "2,000", "6.45",
// "2010-2015-86", "2025%", "3pm".
bool Parser::right_clean(int e) const {
    if (!in(e) || (m_t[e].flags & TF_SPACE)) return true;
    const Tok& x = m_t[e];
    if (x.kind == Kind::word) return false;
    if (x.kind == Kind::num) return false;
    if (x.val == '%' || x.val == '$') return false;
    if (x.val == ',' || x.val == '.' || x.val == ':' || x.val == '/' || x.val == '-' || x.val == '~')
        return !(num(e + 1) && adj(e + 1));
    return true;
}

// "2000 pieces", "2025 units": a plural noun right after a number makes it a count.
bool Parser::count_noun(int e) const {
    if (!word(e)) return false;
    const Tok& x = m_t[e];
    if (x.cat == C_UNIT && (x.lflags & LF_PLURAL)) return true;
    if (x.cat != C_NONE || (x.flags & TF_CAP)) return false;
    char before_s = text_prev_last(e);
    return x.e - x.b > 3 && text_last(e) == 's' && before_s != 's' && before_s != 'u' && before_s != 'i';
}

// Words before a bare four-digit number that make it a year: "in 2022", "of 2025", "since
// 2019", "year 2008", ...
bool Parser::year_context(int i) const {
    if (!in(i - 1)) return false;
    const Tok& p = m_t[i - 1];
    if (p.kind == Kind::punct) {
        if (p.val == '=' || p.val == '>' || p.val == '<') return true;
        if (p.val == '(' && pc(i + 1, ')')) return true;
        if ((p.val == ',') && m_list_year_end == i - 1) return true;
        return false;
    }
    if (p.kind != Kind::word) return false;
    if (p.cat == C_UNIT && p.val == U_YEAR && !(p.lflags & LF_PLURAL)) return true;
    if (p.cat == C_PART) return true;
    if (p.cat != C_FUNC) return false;
    switch (p.val) {
        case F_IN:
        case F_OF:
        case F_SINCE:
        case F_BY:
        case F_FROM:
        case F_TO:
        case F_TILL:
        case F_UNTIL:
        case F_THROUGH:
        case F_DURING:
        case F_BEFORE:
        case F_AFTER:
        case F_BETWEEN:
        case F_FOR:
        case F_THAN:
        case F_CIRCA:
        case F_CY:
        case F_STARTING:
        case F_BEGINNING:
        case F_ONWARDS:
            return true;
        case F_AND:
        case F_OR:
            return m_list_year_end == i - 1;
        default:
            return false;
    }
}

// Words before a month name that make an ambiguous one ("may", "Jan") a month.
bool Parser::month_context(int i) const {
    if (!in(i - 1)) return false;
    const Tok& p = m_t[i - 1];
    if (p.kind != Kind::word) return false;
    if (p.cat == C_PART) return true;
    if (p.cat == C_DET) return !(m_t[i].lflags & LF_WEAK) || (m_t[i].flags & TF_CAP);
    if (p.cat != C_FUNC) return false;
    switch (p.val) {
        case F_IN:
        case F_OF:
        case F_SINCE:
        case F_BY:
        case F_FROM:
        case F_TO:
        case F_TILL:
        case F_UNTIL:
        case F_THROUGH:
        case F_DURING:
        case F_BEFORE:
        case F_AFTER:
        case F_BETWEEN:
        case F_STARTING:
        case F_BEGINNING:
            return true;
        default:
            return false;
    }
}

Parser::Num Parser::words_1_99(int i) const {
    Num r;
    if (!wc(i, C_NUMW) || (m_t[i].lflags & LF_WEAK)) return r;
    int v = m_t[i].val;
    if (v >= 20 && v <= 90 && v % 10 == 0) {
        int j = i + 1;
        if (pc(j, '-') && adj(j) && adj(j + 1)) ++j;
        if (wc(j, C_NUMW) && !(m_t[j].lflags & LF_WEAK) && m_t[j].val >= 1 && m_t[j].val <= 9)
            return {j + 1, v + m_t[j].val, false, false};
        if (wc(j, C_ORDW) && m_t[j].val >= 1 && m_t[j].val <= 9) return {j + 1, v + m_t[j].val, true, false};
        return {i + 1, v, false, false};
    }
    if (v >= 1 && v <= 19) return {i + 1, v, false, false};
    return r;
}

// A day-sized number: "11", "11th", "eleventh", "twenty-first", "twenty five".
Parser::Num Parser::small_number(int i, bool words) const {
    if (num(i) && m_t[i].nd <= 2 && !(m_t[i].flags & TF_DECADE))
        return {i + 1, m_t[i].val, bool(m_t[i].flags & TF_ORD), true};
    if (!words) return {};
    if (wc(i, C_ORDW)) return {i + 1, m_t[i].val, true, false};
    return words_1_99(i);
}

// A count: "3", "three", "a", "a couple of", "twenty-one".
Parser::Num Parser::count_number(int i) const {
    if (plain_num(i) && m_t[i].nd <= 4) {
        if (!left_clean(i)) return {};
        return {i + 1, m_t[i].val, false, true};
    }
    if (wc(i, C_NUMW) && (m_t[i].lflags & LF_WEAK)) {  // a, an, couple
        int j = i + 1;
        if (wc(j, C_NUMW) && m_t[j].val == 2 && (m_t[j].lflags & LF_WEAK)) {  // "a couple (of)"
            ++j;
            if (fw(j, F_OF)) ++j;
            return {j, 2, false, false};
        }
        if (m_t[i].val == 2) {  // "couple (of)"
            if (fw(j, F_OF)) ++j;
            return {j, 2, false, false};
        }
        return {i + 1, 1, false, false};
    }
    return words_1_99(i);
}

// A year: "2022", "'87"/"87" (when allowed), "nineteen ninety six", "two thousand and five".
Parser::Num Parser::year_at(int i, bool two_digit_ok) const {
    if (plain_num(i) && m_t[i].nd == 4 && m_t[i].val >= 1000 && m_t[i].val <= 2999)
        return {i + 1, m_t[i].val, false, true};
    if (two_digit_ok) {
        int j = i;
        if (pc(j, '\'') && adj(j + 1)) ++j;
        if (plain_num(j) && m_t[j].nd == 2) {
            int v = m_t[j].val;
            return {j + 1, v < TWO_DIGIT_PIVOT ? 2000 + v : 1900 + v, false, true};
        }
    }
    // Years in words.
    if (!wc(i, C_NUMW) || (m_t[i].lflags & LF_WEAK)) return {};
    int hi = m_t[i].val;
    if (hi == 2 && wc(i + 1, C_NUMW) && m_t[i + 1].val == 1000) {
        int j = i + 2;
        int y = 2000;
        int k = fw(j, F_AND) ? j + 1 : j;
        Num lo = words_1_99(k);
        if (lo.end > 0 && !lo.ord) return {lo.end, y + lo.val, false, false};
        return {j, y, false, false};
    }
    if (hi < 10 || hi > 29) return {};
    if (hi >= 20 && hi % 10 != 0) return {};
    int j = i + 1;
    if (wc(j, C_NUMW) && m_t[j].val == 100) {
        ++j;
        int k = fw(j, F_AND) ? j + 1 : j;
        Num lo = words_1_99(k);
        if (lo.end > 0 && !lo.ord) return {lo.end, hi * 100 + lo.val, false, false};
        return {j, hi * 100, false, false};
    }
    Num lo = words_1_99(j);
    if (lo.end > 0 && !lo.ord && lo.val >= 10) return {lo.end, hi * 100 + lo.val, false, false};
    return {};
}

// A month name, with the full stop of an abbreviation.
Parser::Num Parser::month_at(int i) const {
    if (!wc(i, C_MONTH)) return {};
    int e = i + 1;
    if ((m_t[i].lflags & LF_ABBR) && pc(e, '.') && adj(e)) ++e;
    return {e, m_t[i].val, false, false};
}

// "of 2025", ", 2025", "2025", "in 2025", "of next year", "of the year" after a month or
// ordinal atom; fills its year.
Parsed Parser::of_year(int i, Atom a) const {
    int j = i;
    if (pc(j, ',')) ++j;
    if (fw(j, F_OF) || fw(j, F_IN)) ++j;
    if (pc(j, ',')) ++j;
    Num y = year_at(j, fw(j - 1, F_OF));
    if (y.end > 0 && (!y.digits || right_clean(y.end)) && !count_noun(y.end)) {
        a.y = y.val;
        return {y.end, a};
    }
    // "of next year", "of this year", "of the year", "of last month"
    if (fw(i, F_OF) && m_ref) {
        int k = i + 1;
        int delta = 0;
        bool ok = false;
        if (wc(k, C_DET))
            delta = m_t[k].val, ok = true;
        else if (fw(k, F_THE))
            ok = true;
        if (ok && unit(k + 1, U_YEAR)) {
            a.y = year_of(*m_ref) + delta;
            a.relative = true;
            return {k + 2, a};
        }
        if (ok && unit(k + 1, U_MONTH) && a.k == AK::dayonly) {
            Date m = add_months(ymd(year_of(*m_ref), month_of(*m_ref), 1), delta);
            a.k = AK::day;
            a.y = year_of(m);
            a.m = month_of(m);
            a.relative = true;
            return {k + 2, a};
        }
    }
    return {};
}

// MONTH [day] [year]: "July 11", "July 11, 2025", "Sept. 2025", "Dec31 , 1994", "Oct/2",
// "Sep-23-2020", "june of 1992", "Dec-2018", "June the 28th 2020", "february twenty second".
Parsed Parser::month_first(int i) const {
    Num m = month_at(i);
    if (m.end < 0) return {};
    bool weak = m_t[i].lflags & (LF_WEAK | LF_ABBR);
    Atom a;
    a.m = m.val;
    int j = m.end;
    bool dashed = false;
    if (sep_dash(j) && adj(j) && adj(j + 1))
        ++j, dashed = true;
    else if (pc(j, ',') && small_number(j + 1, false).end > 0)
        ++j;
    if (dashed && wc(j, C_MONTH)) {  // "June-August 1992": the dash is a range connector
        a.k = AK::month;
        return {m.end, a};
    }
    if (!dashed) {  // "August two thousand and fifteen"
        Num yw = year_at(j, false);
        if (yw.end > 0 && !yw.digits) {
            a.k = AK::month, a.y = yw.val;
            return {yw.end, a};
        }
    }
    int dj = j;
    if (!dashed && fw(dj, F_THE)) ++dj;
    Num d = small_number(dj, !dashed);
    bool day_ok = d.end > 0 && d.val >= 1 && d.val <= 31 &&
                  (!d.digits || right_clean(d.end) || pc(d.end, ',') || range_dash(d.end) ||
                   (dashed && sep_dash(d.end)));
    // A capitalised month inside a sentence is a month, even an ambiguous one ("go back May 29").
    if (weak && (m_t[i].flags & TF_CAP) && in(i - 1) && m_t[i - 1].kind == Kind::word &&
        !(m_t[i - 1].flags & TF_CAP))
        weak = false;
    if (day_ok && d.digits && !d.ord && m_t[dj].nd == 2 && !dashed && (m_t[dj].flags & TF_SPACE) != 0) {
        // "May 25" fine; a two-digit number followed by a count noun is a count ("March 15 drones").
        if (count_noun(d.end)) day_ok = false;
    }
    if (day_ok && !d.digits && weak && !d.ord) {
        // "may twenty nine" only with a following year or a month context; "may one day" no.
        if (!month_context(i) && year_at(d.end, false).end < 0) day_ok = false;
    }
    if (day_ok) {
        a.k = AK::day;
        a.d = d.val;
        int e = d.end;
        // year: ", 2025" / " 2025" / "-2020" / " of 2020" / " in 2020"
        int k = e;
        if (dashed && sep_dash(k) && adj(k)) ++k;
        Parsed y = of_year(k, a);
        if (y && (!dashed || y.end > k)) return y;
        if (weak && !month_context(i) && !d.digits && !d.ord) return {};
        return {e, a};
    }
    // MONTH YEAR
    a.k = AK::month;
    Parsed y = of_year(j, a);
    if (y) return y;
    if (dashed) return {};
    if (weak && !month_context(i)) return {};
    // A capitalised weak month at the start of a line is a verb or a name ("May I ask").
    return {m.end, a};
}

// DAY [of] MONTH [year]: "11 July 2025", "the 09th of May", "05-Aug-2016", "23/Sep/2020",
// "fourth of july, 1995", "twenty five January nineteen eighty six".
Parsed Parser::day_first(int i, bool ctx) const {
    int j = i;
    bool the = fw(j, F_THE);
    if (the) ++j;
    Num d = small_number(j, true);
    if (d.end < 0 || d.val < 1 || d.val > 31) return {};
    if (d.digits && !left_clean(j)) return {};
    int k = d.end;
    bool dashed = false;
    if (sep_dash(k) && adj(k) && d.digits)
        ++k, dashed = true;
    else if (fw(k, F_OF))
        ++k;
    Num m = month_at(k);
    if (m.end < 0 || (dashed && !adj(k))) return {};
    Atom a;
    a.k = AK::day;
    a.d = d.val;
    a.m = m.val;
    int e = m.end;
    int yk = e;
    if (dashed && sep_dash(yk) && adj(yk)) ++yk;
    Parsed y = of_year(yk, a);
    if (y) return y;
    if (dashed && yk != e) return {};
    // A cardinal number word before a month needs a year: "one may ask" is no date.
    if (!d.digits && !d.ord) return {};
    if ((m_t[k].lflags & (LF_WEAK | LF_ABBR)) && !d.ord && !d.digits) return {};
    (void)ctx;
    (void)the;
    return {e, a};
}

// Expressions that start with digits: ISO and slashed dates, "2015-12", "12-2015",
// "20161016", "2016 10 16", "2019-Q1", "2019 H2", "2017 april", "2019/aug/01".
Parsed Parser::numeric(int i, bool ctx) const {
    if (!plain_num(i) || !left_clean(i)) return {};
    const Tok& a0 = m_t[i];
    Atom a;
    // YYYYMMDD
    if (a0.nd == 8) {
        int y = a0.val / 10000;
        int m = a0.val / 100 % 100;
        int d = a0.val % 100;
        if (y >= 1900 && y <= 2100 && valid_ymd(y, m, d) && right_clean(i + 1)) {
            a.k = AK::day, a.y = y, a.m = m, a.d = d;
            return {i + 1, a};
        }
        return {};
    }
    if (a0.nd == 4) {
        int y = a0.val;
        int j = i + 1;
        if (sep_dash(j) && adj(j) && adj(j + 1)) {
            char sep = static_cast<char>(m_t[j].val);
            // YYYY-MM-DD, YYYY/MM/DD, YYYY-MM
            if (plain_num(j + 1) && m_t[j + 1].nd <= 2) {
                int m = m_t[j + 1].val;
                if (pc(j + 2, sep) && adj(j + 2) && plain_num(j + 3) && adj(j + 3) && m_t[j + 3].nd <= 2) {
                    int d = m_t[j + 3].val;
                    if (valid_ymd(y, m, d) && right_clean(j + 4)) {
                        a.k = AK::day, a.y = y, a.m = m, a.d = d;
                        return {j + 4, a};
                    }
                    return {};
                }
                // "2022-23" is a span of years (handled as a range); "2015-12", "2015-3" a month.
                bool year_span = m_t[j + 1].nd == 2 && m > y % 100;
                if (!year_span && m >= 1 && m <= 12 && right_clean(j + 2)) {
                    a.k = AK::month, a.y = y, a.m = m;
                    return {j + 2, a};
                }
                return {};
            }
            // YYYY-Mon-DD, YYYY/Mon/DD
            Num mm = month_at(j + 1);
            if (mm.end > 0 && pc(mm.end, sep) && adj(mm.end) && plain_num(mm.end + 1) && adj(mm.end + 1)) {
                int d = m_t[mm.end + 1].val;
                if (valid_ymd(y, mm.val, d) && right_clean(mm.end + 2)) {
                    a.k = AK::day, a.y = y, a.m = mm.val, a.d = d;
                    return {mm.end + 2, a};
                }
                return {};
            }
            // YYYY-Q1, YYYY-H2
            if ((fw(j + 1, F_Q) || fw(j + 1, F_H)) && num(j + 2) && adj(j + 2)) {
                a.k = fw(j + 1, F_Q) ? AK::quarter : AK::half, a.y = y, a.n = m_t[j + 2].val;
                if (right_clean(j + 3) && calendar_period(a, y)) return {j + 3, a};
                return {};
            }
            return {};
        }
        // "2019 q1", "2019 H2"
        if ((fw(j, F_Q) || fw(j, F_H)) && num(j + 1) && adj(j + 1) && y >= 1900 && y <= 2100) {
            a.k = fw(j, F_Q) ? AK::quarter : AK::half, a.y = y, a.n = m_t[j + 1].val;
            if (right_clean(j + 2) && calendar_period(a, y)) return {j + 2, a};
            return {};
        }
        // "2016 10 16"
        if (plain_num(j) && m_t[j].nd == 2 && plain_num(j + 1) && m_t[j + 1].nd == 2 &&
            (m_t[j + 1].flags & TF_SPACE) && valid_ymd(y, m_t[j].val, m_t[j + 1].val) && right_clean(j + 2) &&
            !count_noun(j + 2)) {
            a.k = AK::day, a.y = y, a.m = m_t[j].val, a.d = m_t[j + 1].val;
            return {j + 2, a};
        }
        // "2017 april" (only where a year is expected)
        if ((ctx || year_context(i)) && wc(j, C_MONTH) && !(m_t[j].lflags & LF_WEAK) && right_clean(i + 1)) {
            Num mm = month_at(j);
            a.k = AK::month, a.y = y, a.m = mm.val;
            return {mm.end, a};
        }
        return {};
    }
    if (a0.nd > 2) return {};
    // Day/month first: M/D/YYYY (US), D/M/YYYY when the first part cannot be a month,
    // M/D, MM-YYYY, DD-Mon-YYYY handled in day_first.
    int j = i + 1;
    if (!(sep_dash(j) || pc(j, '.')) || !adj(j) || !adj(j + 1)) return {};
    char sep = static_cast<char>(m_t[j].val);
    if (!plain_num(j + 1)) return {};
    int x = a0.val;
    int yv = m_t[j + 1].val;
    if (m_t[j + 1].nd == 4) {  // MM-YYYY, MM/YYYY
        if (sep == '.' || x < 1 || x > 12 || !right_clean(j + 2)) return {};
        a.k = AK::month, a.y = yv, a.m = x;
        return {j + 2, a};
    }
    if (m_t[j + 1].nd > 2) return {};
    int m = x;
    int d = yv;
    if (pc(j + 2, sep) && adj(j + 2) && plain_num(j + 3) && adj(j + 3) &&
        (m_t[j + 3].nd == 4 || m_t[j + 3].nd == 2)) {
        int y = m_t[j + 3].val;
        if (m_t[j + 3].nd == 2) y += y < TWO_DIGIT_PIVOT ? 2000 : 1900;
        if (!right_clean(j + 4)) return {};
        if (!valid_ymd(y, m, d)) std::swap(m, d);
        if (!valid_ymd(y, m, d)) return {};
        a.k = AK::day, a.y = y, a.m = m, a.d = d;
        return {j + 4, a};
    }
    // M/D without a year: only after a word that introduces a date, to keep fractions
    // ("1/2 of") and scores out.
    if (sep == '.' || !right_clean(j + 2)) return {};
    if (pc(j + 2, sep) && adj(j + 2)) return {};
    bool intro = !in(i - 1);
    if (in(i - 1)) {
        const Tok& p = m_t[i - 1];
        if (p.kind == Kind::word && (p.cat == C_WEEKDAY || p.cat == C_DET)) intro = true;
        if (p.kind == Kind::word && p.cat == C_FUNC &&
            (p.val == F_ON || p.val == F_FROM || p.val == F_TO || p.val == F_TILL || p.val == F_UNTIL ||
             p.val == F_BY || p.val == F_SINCE || p.val == F_BEFORE || p.val == F_AFTER || p.val == F_OR ||
             p.val == F_AND || p.val == F_THROUGH || p.val == F_BETWEEN))
            intro = true;
        if (p.kind == Kind::punct && p.val == ',' && in(i - 2) && m_t[i - 2].kind == Kind::num) intro = true;
    }
    if (sep == '-' && !(in(i - 1) && m_t[i - 1].kind == Kind::word && m_t[i - 1].cat == C_WEEKDAY))
        intro = false;
    if (!intro) return {};
    if (!valid_ymd(2000, m, d)) std::swap(m, d);
    if (!valid_ymd(2000, m, d)) return {};
    a.k = AK::day, a.m = m, a.d = d;
    return {j + 2, a};
}

// A year on its own, where the words around it say it is one, and decades.
Parsed Parser::bare_year(int i, bool ctx) const {
    if (!num(i) || !left_clean(i)) return {};
    const Tok& x = m_t[i];
    Atom a;
    if (x.flags & TF_DECADE) {  // "1990s", "90s", "'90s"
        if (x.nd == 4 && x.val % 10 == 0 && x.val >= 1000 && x.val <= 2990)
            a.y = x.val;
        else if (x.nd == 2 && x.val % 10 == 0)
            a.y = (x.val <= 20 ? 2000 : 1900) + x.val;
        else
            return {};
        if (!right_clean(i + 1)) return {};
        a.k = AK::decade;
        return {i + 1, a};
    }
    if (x.flags & TF_ORD) return {};
    if ((x.nd == 4 || x.nd == 2) && x.val % 10 == 0 && fw(i + 1, F_S) && right_clean(i + 2)) {  // "1990 s"
        a.k = AK::decade, a.y = x.nd == 4 ? x.val : (x.val <= 20 ? 2000 : 1900) + x.val;
        return {i + 2, a};
    }
    if (x.nd != 4 || !(right_clean(i + 1) || range_dash(i + 1)) || count_noun(i + 1)) return {};
    int y = x.val;
    bool possessive = pc(i + 1, '\'') && adj(i + 1) && fw(i + 2, F_S) && adj(i + 2);
    bool suffix = (fw(i + 1, F_OR) || fw(i + 1, F_AND)) && wc(i + 2, C_PART) && m_t[i + 2].val >= 4 &&
                  !fw(i + 3, F_THAN);
    bool strong = ctx || year_context(i) || possessive || suffix;
    if (!strong) return {};
    bool plausible =
        (y >= 1900 && y <= 2100) || (y >= 1000 && y <= 2999 && in(i - 1) && m_t[i - 1].kind == Kind::word);
    if (!plausible) return {};
    a.k = AK::year, a.y = y;
    return {i + 1, a};
}

// "Q3 2025", "q1-2019", "q1 of 2017", "H1 2024", "the third quarter of 2025", "the first
// half of 2024", "1st quarter of 2013", "the first quarter of the year", "Q3".
Parsed Parser::quarter_half(int i) const {
    Atom a;
    int j = i;
    if ((fw(j, F_Q) || fw(j, F_H)) && num(j + 1) && adj(j + 1) && !(m_t[j + 1].flags & TF_DECADE) &&
        m_t[j + 1].nd == 1) {
        if (in(j - 1) && adj(j) && m_t[j - 1].kind != Kind::punct) return {};
        a.k = fw(j, F_Q) ? AK::quarter : AK::half;
        a.n = m_t[j + 1].val;
        if (a.n < 1 || a.n > (a.k == AK::quarter ? 4 : 2)) return {};
        int e = j + 2;
        int k = e;
        if (pc(k, '-') && adj(k)) ++k;
        Parsed y = of_year(k, a);
        if (y) return y;
        if (!right_clean(e)) return {};
        if (a.k == AK::half) return {};  // a bare "H1" is too often something else
        return {e, a};
    }
    return {};
}

// After an ordinal `ord` (-1: "last") ending before k: "20th of next month", "the 5th day of
// the previous month", "the last day of October 2015", "the last day of the month".
Parsed Parser::day_of_month(int k, int ord) const {
    if (ord == 0 || ord < -31 || ord > 31) return {};                  // -1: the last day, -5: the fifth last
    if (wc(k - 1, C_ORDW) && pc(k - 2, '-') && adj(k - 2)) return {};  // "forty-first": no day
    int q = k;
    if (unit(q, U_DAY) && !(m_t[q].lflags & LF_PLURAL))
        ++q;
    else if (ord < 0)
        return {};
    if (!fw(q, F_OF) && !(ord < 0 && fw(q, F_IN))) return {};
    ++q;
    const bool the = fw(q, F_THE);
    if (the) ++q;
    auto day_in = [&](int y, int m, int end) -> Parsed {
        const int d = ord < 0 ? mday_of(month_end(y, m)) + ord + 1 : ord;
        if (!valid_ymd(y, m, d)) return {};
        return fixed(end, core::single_day(ymd(y, m, d)), G::day);
    };
    if (ord < 0) {  // "the last day of October 2015", "the 5th last day of May"
        Num m = month_at(q);
        if (m.end > 0) {
            Atom a;
            a.k = AK::month, a.m = m.val;
            Parsed y = of_year(m.end, a);
            if (y && y.a.has_year()) return day_in(y.a.y, m.val, y.end);
            if (plain_num(m.end) && m_t[m.end].nd == 4) return day_in(m_t[m.end].val, m.val, m.end + 1);
            // No year: a day of the month like "May 27", resolved as yearless days are (the
            // month's length from the reference's year, or a common year without one).
            const int len = mday_of(month_end(m_ref ? year_of(*m_ref) : 2001, m.val));
            if (len + ord + 1 < 1) return {};
            Atom day;
            day.k = AK::day, day.m = m.val, day.d = len + ord + 1;
            return {m.end, day};
        }
    }
    int delta = 0;
    const bool det = wc(q, C_DET);
    if (det) delta = m_t[q].val, ++q;
    if (!unit(q, U_MONTH) || (m_t[q].lflags & LF_PLURAL) || !(det || the)) return {};
    if (!m_ref) return unresolved(q + 1, G::day);
    const Date first = add_months(ymd(year_of(*m_ref), month_of(*m_ref), 1), delta);
    return day_in(year_of(first), month_of(first), q + 1);
}

// "the first week of 2021", "the last week of July", "3rd week of Jan", "the third month of
// 2021", "the first half of 2024", "the third quarter of 2025", "week 31", "week 3 of 2027",
// "21st century".
Parsed Parser::ordinal_of(int i) const {
    int j = i;
    if (fw(j, F_THE)) ++j;
    int ord = 0;
    int k = j;
    if (wc(k, C_ORDW) || (num(k) && (m_t[k].flags & TF_ORD) && m_t[k].nd <= 2))  // "first", "1st"
        ord = m_t[k].val, ++k;
    else if (wc(k, C_NUMW) && (m_t[k].val == 20 || m_t[k].val == 30) && pc(k + 1, '-') && adj(k + 1) &&
             wc(k + 2, C_ORDW) && m_t[k + 2].val < 10)  // "thirty-first", "twenty-sixth"
        ord = m_t[k].val + m_t[k + 2].val, k += 3;
    else if (wc(k, C_DET) && m_t[k].val == -1 && m_t[k].e - m_t[k].b == 4 &&
             ((unit(k + 1, U_WEEK) && fw(k + 2, F_OF)) ||                        // "the last week of"
              (wc(k + 1, C_WEEKDAY) && (fw(k + 2, F_OF) || fw(k + 2, F_IN))) ||  // "the last Friday of"
              (unit(k + 1, U_DAY) && (fw(k + 2, F_OF) || fw(k + 2, F_IN)))))     // "the last day of"
        ord = -1, ++k;
    // "the third last week of 2018", "the 5th last day of May": counted from the end.
    if (ord >= 2 && ord <= 31 && wc(k, C_DET) && m_t[k].val == -1 && m_t[k].e - m_t[k].b == 4 &&
        (unit(k + 1, U_WEEK) || unit(k + 1, U_DAY) || wc(k + 1, C_WEEKDAY)))
        ord = -ord, ++k;
    if (ord == 0 && j != i) return {};
    Atom a;
    if (ord == 1) {
        // "the first nine months of 2024", "the first six months of the year": January to
        // the end of the N-th month.
        Num cnt = count_number(k);
        if (cnt.end > 0 && cnt.val >= 2 && cnt.val <= 11 && unit(cnt.end, U_MONTH) && fw(cnt.end + 1, F_OF)) {
            Atom yr;
            yr.k = AK::year;
            Parsed y = of_year(cnt.end + 1, yr);
            if (y && y.a.has_year() && y.a.y >= 1 && y.a.y <= 9999)
                return fixed(y.end, Period{ymd(y.a.y, 1, 1), month_end(y.a.y, cnt.val)}, G::other,
                             y.a.relative);
        }
    }
    if (ord != 0 && (unit(k, U_CENTURY))) {
        if (ord < 1) return {};
        a.k = AK::century, a.y = (ord - 1) * 100;
        if (a.y < 1) a.y = 1;
        return {k + 1, a};
    }
    if (ord == 0) {
        // "week 31", "week 3 of 2027"
        if (unit(k, U_WEEK) && plain_num(k + 1) && m_t[k + 1].nd <= 2 && right_clean(k + 2) &&
            !count_noun(k + 2)) {
            a.k = AK::isoweek, a.n = m_t[k + 1].val;
            if (a.n < 1 || a.n > 53) return {};
            Parsed y = of_year(k + 2, a);
            if (y) return y;
            if (!m_ref) return unresolved(k + 2, G::week);
            a.y = year_of(*m_ref);
            a.relative = true;
            if (!calendar_period(a, a.y)) return {};
            return {k + 2, a};
        }
        return {};
    }
    if (Parsed day = day_of_month(k, ord)) return day;
    if (wc(k, C_WEEKDAY) && !(m_t[k].lflags & LF_ABBR) && (fw(k + 1, F_OF) || fw(k + 1, F_IN)) &&
        (ord >= -5 && ord != 0 && ord <= 5)) {
        // "the first Tuesday of October", "last Friday in March 2014", "the second Monday of
        // last month", "the first Monday of the month".
        a.k = AK::nthweekday, a.n = ord, a.weekday = m_t[k].val;
        int q = k + 2;
        if (fw(q, F_THE)) ++q;
        Num m = month_at(q);
        if (m.end > 0) {
            a.m = m.val;
            Parsed y = of_year(m.end, a);
            if (y) return y;
            return {m.end, a};
        }
        int delta = 0;
        if (wc(q, C_DET))
            delta = m_t[q].val, ++q;
        else if (!fw(q - 1, F_THE))
            return {};
        if (!unit(q, U_MONTH)) return {};
        if (!m_ref) return unresolved(q + 1, G::day);
        Date d = add_months(ymd(year_of(*m_ref), month_of(*m_ref), 1), delta);
        a.m = month_of(d), a.y = year_of(d), a.relative = true;
        if (!calendar_period(a, a.y)) return {};
        return {q + 1, a};
    }
    int u = wc(k, C_UNIT) ? m_t[k].val : 0;
    if (u == U_QUARTER && !fw(k + 1, F_OF)) {
        // "4th quarter 2018", "the third quarter": a quarter with its year after it, or
        // without one (resolved against the reference like a month without a year).
        if (ord < 1 || ord > 4) return {};
        a.k = AK::quarter, a.n = ord;
        Parsed y = of_year(k + 1, a);
        if (y) return y;
        if (!right_clean(k + 1)) return {};
        return {k + 1, a};
    }
    if (!fw(k + 1, F_OF)) return {};
    if (fw(k, F_HALF)) {
        if (ord < 1 || ord > 2) return {};
        a.k = AK::half, a.n = ord;
        return of_year(k + 1, a);
    }
    if (u == U_QUARTER || u == U_WEEK || u == U_MONTH) {
        if (u == U_QUARTER) {
            if (ord < 1 || ord > 4) return {};
            a.k = AK::quarter, a.n = ord;
            Parsed y = of_year(k + 1, a);
            if (y) return y;
            return {};
        }
        if (u == U_MONTH) {
            if (ord < 1 || ord > 12) return {};
            a.k = AK::month, a.m = ord;
            return of_year(k + 1, a);
        }
        // week of a month or of a year
        if (ord > 5 || ord == 0 || ord < -5) return {};
        if (wc(k + 2, C_DET) && unit(k + 3, U_MONTH)) {
            if (!m_ref) return unresolved(k + 4, G::week);
            Date d = add_months(ymd(year_of(*m_ref), month_of(*m_ref), 1), m_t[k + 2].val);
            a.k = AK::monthweek, a.m = month_of(d), a.n = ord, a.y = year_of(d), a.relative = true;
            if (!calendar_period(a, a.y)) return {};
            return {k + 4, a};
        }
        Num m = month_at(k + 2);
        if (m.end > 0) {
            a.k = AK::monthweek, a.m = m.val, a.n = ord;
            Parsed y = of_year(m.end, a);
            if (y) return y;
            return {m.end, a};
        }
        a.k = AK::isoweek;
        a.n = ord;
        Parsed y = of_year(k + 1, a);
        if (!y) return {};
        if (ord < 0) {  // the last week of the year, or the one -ord - 1 weeks before it
            y.a.n = (iso_week(y.a.y, 53) ? 53 : 52) + ord + 1;
        }
        return y;
    }
    return {};
}

// early/mid/late/beginning/middle/end [of] [the] X: "early 2023", "mid-2025", "the end of
// 2024", "mid-November", "end of this year", "the middle of 2000", "the early 1990s".
Parsed Parser::part(int i) const {
    int j = i;
    if (!wc(j, C_PART) || m_t[j].val > 3) return {};
    int p = m_t[j].val;
    int k = j + 1;
    if ((pc(k, '-') && adj(k)) || fw(k, F_OF)) ++k;
    if (fw(k, F_THE)) ++k;
    Parsed best;
    Parsed y = year_like(k);
    keep_longer(best, y);
    Parsed m = month_first(k);
    if (m && m.a.k == AK::month)
        keep_longer(best, m);
    else if (wc(k, C_MONTH)) {
        Num mm = month_at(k);
        Atom a;
        a.k = AK::month, a.m = mm.val;
        keep_longer(best, {mm.end, a});
    }
    keep_longer(best, bare_year(k, true));
    if (!best) {
        // "end of this month", "end of the month"
        int q = k;
        int delta = 0;
        if (wc(q, C_DET))
            delta = m_t[q].val, ++q;
        else if (fw(k - 1, F_THE) || fw(k - 1, F_OF)) {
        } else
            return {};
        if (unit(q, U_WEEK) && m_ref) {
            // "end of this week", "beginning of next week": Monday to Wednesday, Wednesday
            // to Friday, Friday to Sunday of the week.
            Date mon = core::add_days(monday_of(*m_ref), 7 * delta);
            const int first_day = 2 * (p - 1);  // Monday, Wednesday or Friday
            return fixed(q + 1, Period{core::add_days(mon, first_day), core::add_days(mon, first_day + 2)},
                         G::other);
        }
        if (unit(q, U_MONTH) && m_ref) {
            Date d = add_months(*m_ref, delta);
            Atom a;
            a.k = AK::month, a.y = year_of(d), a.m = month_of(d), a.relative = true;
            best = {q + 1, a};
        } else if (unit(q, U_YEAR) && m_ref) {
            Atom a;
            a.k = AK::year, a.y = year_of(*m_ref) + delta, a.relative = true;
            best = {q + 1, a};
        } else {
            return {};
        }
    }
    if (best.a.k != AK::year && best.a.k != AK::month && best.a.k != AK::decade) return {};
    if (best.a.part) return {};
    best.a.part = p;
    return best;
}

// YEAR or a year named relative to the reference.
Parsed Parser::year_like(int i) const {
    Num y = year_at(i, false);
    Atom a;
    if (y.end > 0 && (!y.digits || (left_clean(i) && right_clean(y.end))) && !count_noun(y.end)) {
        a.k = AK::year, a.y = y.val;
        if (y.digits && pc(y.end, '\'') && adj(y.end) && fw(y.end + 1, F_S)) return {y.end + 2, a};
        return {y.end, a};
    }
    int d = 0;
    int k = i;
    if (wc(k, C_DET))
        d = m_t[k].val, ++k;
    else
        return {};
    if (!unit(k, U_YEAR)) return {};
    if (!m_ref) return unresolved(k + 1, G::year);
    a.k = AK::year, a.y = year_of(*m_ref) + d, a.relative = true;
    return {k + 1, a};
}

// Relative expressions resolved against the reference date.
Parsed Parser::relative(int i) const {
    Parsed best;
    // today, tomorrow, yesterday, now, currently
    if (wc(i, C_RELDAY)) {
        if (!m_ref) return unresolved(i + 1, G::day);
        Parsed r = fixed(i + 1, core::single_day(core::add_days(*m_ref, m_t[i].val)), G::day);
        return r;
    }
    // "(the) day after tomorrow", "(the) day before yesterday", found from "day" (atom() never
    // calls this at "the")
    if (unit(i, U_DAY) && !(m_t[i].lflags & LF_PLURAL) && wc(i + 2, C_RELDAY) &&
        ((fw(i + 1, F_AFTER) && m_t[i + 2].val == 1) || (fw(i + 1, F_BEFORE) && m_t[i + 2].val == -1))) {
        if (!m_ref) return unresolved(i + 3, G::day);
        return fixed(i + 3, core::single_day(core::add_days(*m_ref, 2 * m_t[i + 2].val)), G::day);
    }
    // "year to date", "ytd"
    if (unit(i, U_YEAR) && fw(i + 1, F_TO) && fw(i + 2, F_DATE)) {
        if (!m_ref) return unresolved(i + 3, G::other);
        return fixed(i + 3, Period{ymd(year_of(*m_ref), 1, 1), *m_ref}, G::other);
    }
    // earlier/later this week|month|year, earlier/later in the year
    if (wc(i, C_PART) && (m_t[i].val == 4 || m_t[i].val == 5)) {
        int k = i + 1;
        if (fw(k, F_IN) && fw(k + 1, F_THE))
            k += 2;
        else if (wc(k, C_DET) && m_t[k].val == 0)
            ++k;
        else
            return {};
        int u = wc(k, C_UNIT) ? m_t[k].val : 0;
        if (u != U_WEEK && u != U_MONTH && u != U_YEAR && u != U_QUARTER) return {};
        if (!m_ref) return unresolved(k + 1, unit_granularity(u));
        Period p = unit_around(*m_ref, u);
        if (m_t[i].val == 4) {
            if (p.first == *m_ref) return {};
            return fixed(k + 1, Period{p.first, core::add_days(*m_ref, -1)}, G::other);
        }
        return fixed(k + 1, Period{*m_ref, p.last}, G::other);
    }
    // DET UNIT / DET N UNITS / DET WEEKDAY / DET MONTH / DET SEASON
    if (wc(i, C_DET)) {
        int dv = m_t[i].val;
        int k = i + 1;
        Num cnt = count_number(k);
        if (cnt.end > 0 && wc(cnt.end, C_UNIT) && cnt.val > 0 && cnt.val <= 1000 &&
            !(m_t[cnt.end].lflags & LF_PLURAL) == (cnt.val == 1)) {
            int u = m_t[cnt.end].val;
            int e = cnt.end + 1;
            if (dv == 0 || u == U_WEEKEND || u == U_CENTURY) return {};
            if (!m_ref) return unresolved(e, G::other);
            if (u == U_QUARTER || u == U_DECADE) {
                Period cur = unit_around(*m_ref, u);
                if (dv < 0)
                    return fixed(e, Period{add_units(cur.first, u, -cnt.val), core::add_days(cur.first, -1)},
                                 G::other);
                Date s = core::add_days(cur.last, 1);
                return fixed(e, Period{s, core::add_days(add_units(s, u, cnt.val), -1)}, G::other);
            }
            if (dv < 0)
                return fixed(e, Period{add_units(*m_ref, u, -cnt.val), core::add_days(*m_ref, -1)}, G::other);
            Date s = core::add_days(*m_ref, 1);
            return fixed(e, Period{s, core::add_days(add_units(s, u, cnt.val), -1)}, G::other);
        }
        if (wc(k, C_UNIT) && !(m_t[k].lflags & LF_PLURAL)) {
            int u = m_t[k].val;
            if (u == U_DAY) return {};
            if (!m_ref) return unresolved(k + 1, unit_granularity(u));
            // "in the past year", "over the past month": the span that ends on the day of
            // writing, as news means it, not the calendar year before.
            if (dv < 0 && i > 0 && fw(i - 1, F_THE) && (u == U_YEAR || u == U_MONTH || u == U_WEEK) &&
                m_t[i].e - m_t[i].b == 4 && (m_text[m_t[i].b] | 0x20) == 'p')  // "past", not "last"
                return fixed(k + 1, Period{add_units(*m_ref, u, -1), *m_ref}, G::other);
            Date d = add_units(*m_ref, u, dv);
            if (u == U_FORTNIGHT) d = core::add_days(*m_ref, 14 * dv);
            Period p = unit_around(d, u);
            Parsed r = fixed(k + 1, p, unit_granularity(u));
            // "next week Monday", "this week monday", "previous week - monday"
            if (u == U_WEEK) {
                int w = k + 1;
                if (pc(w, '-')) ++w;
                if (fw(w, F_ON)) ++w;
                if (wc(w, C_WEEKDAY) &&
                    !(m_t[w].lflags & LF_ABBR && !(in(w + 1) && (m_t[w + 1].kind != Kind::word)))) {
                    return fixed(w + 1, core::single_day(core::add_days(p.first, m_t[w].val - 1)), G::day);
                }
            }
            return r;
        }
        if (wc(k, C_WEEKDAY) && (!(m_t[k].lflags & LF_ABBR) || num(k + 1))) {
            if (!m_ref) return unresolved(k + 1, G::day);
            Date mon = core::add_days(monday_of(*m_ref), 7 * dv);
            return fixed(k + 1, core::single_day(core::add_days(mon, m_t[k].val - 1)), G::day);
        }
        if (wc(k, C_MONTH) && (!(m_t[k].lflags & LF_WEAK) || (m_t[k].flags & TF_CAP))) {
            Num m = month_at(k);
            if (!m_ref) return unresolved(m.end, G::month);
            // "next March" said in February is this year's, and "last March" said in April.
            int y = year_of(*m_ref) + dv;
            if (dv == 0 || (dv < 0 && m.val < month_of(*m_ref)) || (dv > 0 && m.val > month_of(*m_ref)))
                y = year_of(*m_ref);
            Parsed r = fixed(m.end, core::whole_month(y, static_cast<unsigned>(m.val)), G::month);
            return r;
        }
        if (wc(k, C_HOLIDAY) && dv != 0) {
            Parsed h = holiday(k);
            if (!h || !m_ref) return m_ref ? Parsed{} : unresolved(k + 1, G::day);
            bool is_easter = m_t[k].val == H_EASTER;
            if (h.a.k == AK::fixed && !is_easter) return {};
            int easter_offset = is_easter && h.a.fixed.first != easter(year_of(h.a.fixed.first)) ? 1 : 0;
            // Latest occurrence before the reference (last) or first after it (next).
            std::optional<Date> pick;
            for (int y = year_of(*m_ref) + 1; y >= year_of(*m_ref) - 1; --y) {
                std::optional<Date> day;
                if (is_easter)
                    day = core::add_days(easter(y), easter_offset);
                else if (auto p = calendar_period(h.a, y))
                    day = p->first;
                if (!day) continue;
                if (dv < 0 && *day < *m_ref && !pick) pick = day;
                if (dv > 0 && *day > *m_ref) pick = day;
            }
            if (!pick) return {};
            return fixed(h.end, core::single_day(*pick), G::day);
        }
        if (wc(k, C_SEASON)) {
            if (!m_ref) return unresolved(k + 1, G::other);
            Atom a;
            a.k = AK::season, a.n = m_t[k].val;
            // "this winter" in February is the winter that began in December; "last" is the
            // latest one over before the reference, "next" the first that starts after it.
            const int y = year_of(*m_ref);
            std::optional<Period> pick;
            for (int c = y - 2; c <= y + 1; ++c) {
                auto p = calendar_period(a, c);
                if (!p) continue;
                if (dv == 0 && p->first <= *m_ref && *m_ref <= p->last) pick = p;
                if (dv < 0 && p->last < *m_ref) pick = p;
                if (dv > 0 && p->first > *m_ref && !pick) pick = p;
            }
            if (dv == 0 && !pick) pick = calendar_period(a, y);
            if (!pick) return {};
            return fixed(k + 1, *pick, G::other);
        }
        return {};
    }
    // "within N units"
    if (fw(i, F_WITHIN)) {
        int k = i + 1;
        if (wc(k, C_DET) && m_t[k].val == 1) ++k;
        Num cnt = count_number(k);
        if (cnt.end < 0 || !wc(cnt.end, C_UNIT) || cnt.val <= 0 || cnt.val > 1000) return {};
        int u = m_t[cnt.end].val;
        if (!m_ref) return unresolved(cnt.end + 1, G::other);
        return fixed(cnt.end + 1, Period{*m_ref, core::add_days(add_units(*m_ref, u, cnt.val), -1)},
                     G::other);
    }
    keep_longer(best, offset(i));
    // "N past years", "2 next days", "5 upcoming years"
    {
        Num cnt = count_number(i);
        if (cnt.end > 0 && wc(cnt.end, C_DET) && m_t[cnt.end].val != 0 && wc(cnt.end + 1, C_UNIT) &&
            cnt.val > 0 && cnt.val <= 1000 && bool(m_t[cnt.end + 1].lflags & LF_PLURAL) == (cnt.val != 1)) {
            int dv = m_t[cnt.end].val;
            int u = m_t[cnt.end + 1].val;
            int e = cnt.end + 2;
            if (!m_ref) {
                keep_longer(best, unresolved(e, G::other));
            } else if (dv < 0) {
                keep_longer(best, fixed(e, Period{add_units(*m_ref, u, -cnt.val), core::add_days(*m_ref, -1)},
                                        G::other));
            } else {
                Date s = core::add_days(*m_ref, 1);
                keep_longer(best,
                            fixed(e, Period{s, core::add_days(add_units(s, u, cnt.val), -1)}, G::other));
            }
        }
    }
    return best;
}

// Token i as a weekday in the plural ("Fridays", "tuesdays"): its ISO number, else 0. The
// lexicon holds the singular only, so that "on Fridays" (a habit) is never read as a date.
int Parser::plural_weekday(int i) const {
    if (!word(i)) return 0;
    const std::size_t len = m_t[i].e - m_t[i].b;
    if (len < 4 || len > 10 || text_last(i) != 's') return 0;
    std::array<char, 10> lower{};
    for (std::size_t c = 0; c + 1 < len; ++c) lower[c] = static_cast<char>(m_text[m_t[i].b + c] | 0x20);
    const LexEntry w = lookup_word(std::string_view(lower.data(), len - 1));
    return w.cat == C_WEEKDAY && !(w.flags & LF_ABBR) ? w.val : 0;
}

// "3 weeks ago", "two days ago", "in 2 weeks", "3 days from today", "2 weeks from January
// 15", "a fortnight later", "two days before yesterday"; "3 Fridays from now", "two
// Thursdays ago" (the third Friday after the day, the second Thursday before it).
Parsed Parser::offset(int i) const {
    int k = i;
    bool in_prefix = fw(k, F_IN);
    if (in_prefix) ++k;
    Num cnt = count_number(k);
    if (cnt.end < 0 || cnt.val <= 0 || cnt.val > 10000) return {};
    int ue = cnt.end;
    const int weekdays =
        !wc(ue, C_UNIT) && cnt.val > 1 && cnt.val <= 60 && !in_prefix ? plural_weekday(ue) : 0;
    if (!weekdays && !wc(ue, C_UNIT)) return {};
    int u = weekdays ? U_DAY : m_t[ue].val;
    if (u == U_WEEKEND || u == U_CENTURY) return {};
    if (!weekdays && (cnt.val == 1) == bool(m_t[ue].lflags & LF_PLURAL) && cnt.digits) return {};
    int e = ue + 1;
    int sign = 0;
    std::optional<Date> base = m_ref;
    if (in_prefix) {
        sign = 1;
        if (fw(e, F_FROM) || fw(e, F_AFTER) || fw(e, F_BEFORE)) return {};
    } else if (fw(e, F_AGO)) {
        sign = -1, ++e;
    } else if (fw(e, F_HENCE) || (wc(e, C_PART) && m_t[e].val == 5)) {
        sign = 1, ++e;
    } else if (fw(e, F_FROM) || fw(e, F_AFTER) || fw(e, F_BEFORE)) {
        sign = fw(e, F_BEFORE) ? -1 : 1;
        Parsed b = atom(e + 1, true, false);
        if (!b) return {};
        if (!m_ref && b.a.k != AK::day) return unresolved(b.end, G::day);
        auto bp = resolve(b.a, m_ref, m_future);
        if (!bp || bp->first != bp->last) return {};
        base = bp->first;
        e = b.end;
    } else {
        return {};
    }
    if (!base) return unresolved(e, unit_granularity(u));
    Date point = add_units(*base, u, sign * cnt.val);
    if (weekdays) {
        const Date first = sign > 0 ? weekday_after(*base, weekdays) : weekday_before(*base, weekdays);
        point = core::add_days(first, sign * 7 * (cnt.val - 1));
    }
    Parsed r;
    r.end = e;
    r.a.k = AK::fixed;
    r.a.relative = true;
    r.a.anchor = point;
    if (u == U_DAY || base != m_ref) {
        r.a.fixed = core::single_day(point);
        r.a.g = G::day;
    } else {
        r.a.fixed = unit_around(point, u == U_FORTNIGHT ? U_WEEK : u);
        r.a.g = unit_granularity(u == U_FORTNIGHT ? U_WEEK : u);
    }
    return r;
}

// "Friday", "on Tuesday", "Tue May 9", "Friday 7/6", "tuesday the eleventh", "Mon 13th".
Parsed Parser::weekday(int i) const {
    if (!wc(i, C_WEEKDAY)) return {};
    int wd = m_t[i].val;
    bool abbr = m_t[i].lflags & LF_ABBR;
    int k = i + 1;
    if (abbr && pc(k, '.') && adj(k)) ++k;
    int j = k;
    if (pc(j, ',')) ++j;
    if (pc(j, '-') || pc(j, '(')) ++j;
    Parsed d = month_first(j);
    if (!d) d = day_first(j, true);
    if (!d) d = numeric(j, true);
    if (d && d.a.k == AK::day) {
        int e = d.end;
        if (pc(e, ')')) ++e;
        // "Sunday, Feb 10": the weekday picks the year of a date written without one.
        if (!d.a.has_year()) d.a.weekday = wd;
        return {e, d.a};
    }
    // "tuesday the eleventh", "Mon 13th"
    int q = j;
    if (fw(q, F_THE)) ++q;
    Num dn = small_number(q, true);
    if (dn.end > 0 && (dn.ord || fw(q - 1, F_THE)) && dn.val >= 1 && dn.val <= 31 &&
        (!dn.digits || right_clean(dn.end))) {
        Atom a;
        a.k = AK::dayonly, a.d = dn.val, a.weekday = wd;
        // Search forward as well: "tuesday the eleventh" said on the 10th means tomorrow.
        if (m_ref) {
            for (int delta = 0; delta < 7; ++delta) {
                Date c = core::add_days(*m_ref, delta);
                if (mday_of(c) == dn.val && iso_weekday(c) == wd)
                    return fixed(dn.end, core::single_day(c), G::day);
            }
        }
        return {dn.end, a};
    }
    // An abbreviation alone is a weekday when its dot is written ("Mon.", "sat.") or it is no
    // other word ("thu", "tues", "fri"); "Mon State", "they wed", "the Sun" are not dates.
    if (abbr && k == i + 1 && !(wd == 2 || wd == 4 || wd == 5)) return {};
    if (abbr && (wd == 3 || wd == 6 || wd == 7) && word(i - 1)) return {};  // "he sat."
    if (abbr && j < m_n && word(j)) return {};
    // "Monday of next week", "tuesday of last week"
    if (fw(k, F_OF)) {
        int w = k + 1;
        if (fw(w, F_THE)) ++w;
        if (wc(w, C_DET) && unit(w + 1, U_WEEK)) {
            if (!m_ref) return unresolved(w + 2, G::day);
            Date mon = core::add_days(monday_of(*m_ref), 7 * m_t[w].val);
            return fixed(w + 2, core::single_day(core::add_days(mon, wd - 1)), G::day);
        }
    }
    if (after_next(k)) {  // "Friday after next": the second Friday after the reference
        if (!m_ref) return unresolved(k + 2, G::day);
        return fixed(k + 2, core::single_day(core::add_days(weekday_after(*m_ref, wd), 7)), G::day);
    }
    if (!m_ref) return unresolved(k, G::day);
    // Past: the latest such weekday on or before the reference; future: the next one after
    // it ("Tuesday" said on a Tuesday of a plan is a week later).
    Date d0 = m_future ? weekday_after(*m_ref, wd) : weekday_before(core::add_days(*m_ref, 1), wd);
    return fixed(k, core::single_day(d0), G::day, true);
}

// "the summer of 2022", "summer 2022", "winter": seasons with a year resolve; without one
// they are found but left unresolved.
Parsed Parser::season(int i) const {
    int j = i;
    if (fw(j, F_THE)) ++j;
    if (!wc(j, C_SEASON)) return {};
    Atom a;
    a.k = AK::season, a.n = m_t[j].val;
    int k = j + 1;
    Parsed y = of_year(k, a);
    if (y) return y;
    if (m_t[j].lflags & LF_WEAK) {
        // "spring", "fall" alone are too often other words.
        bool ctx = fw(j - 1, F_THE) && (fw(j - 2, F_IN) || fw(j - 2, F_DURING));
        if (!ctx) return {};
    }
    return unresolved(k, G::other);
}

// "the nineties", "the twentieth century", "21st century".
Parsed Parser::decade(int i) const {
    int j = i;
    if (fw(j, F_THE)) ++j;
    if (wc(j, C_DECADEW)) {
        Atom a;
        a.k = AK::decade, a.y = 1900 + 10 * m_t[j].val;
        return {j + 1, a};
    }
    return {};
}

// Fixed-date holidays and Easter: "Christmas", "Christmas Eve 2020", "Easter 2018",
// "Halloween".
Parsed Parser::holiday(int i) const {
    if (!wc(i, C_HOLIDAY)) return {};
    int h = m_t[i].val;
    int e = i + 1;
    Atom a;
    if (h == H_CHRISTMAS) {
        a.k = AK::day, a.m = 12, a.d = 25;
        if (fw(e, F_EVE))
            a.d = 24, ++e;
        else if (unit(e, U_DAY))
            ++e;
    } else if (h == H_HALLOWEEN) {
        a.k = AK::day, a.m = 10, a.d = 31;
    } else if (h == H_VICTORY) {
        if (!unit(e, U_DAY)) return {};  // "victory" alone is no date
        a.k = AK::day, a.m = 5, a.d = 9;
        ++e;
    } else if (h == H_THANKSGIVING) {
        a.k = AK::nthweekday, a.m = 11, a.n = 4, a.weekday = 4;
        if (unit(e, U_DAY)) ++e;
    } else if (h == H_EASTER) {
        int off = 0;
        if (wc(e, C_WEEKDAY) && m_t[e].val == 1 && !(m_t[e].lflags & LF_ABBR))
            off = 1, ++e;
        else if (wc(e, C_WEEKDAY) && m_t[e].val == 7 && !(m_t[e].lflags & LF_ABBR))
            ++e;
        Num y = year_at(e, false);
        int year = 0;
        if (y.end > 0 && y.digits && right_clean(y.end)) year = y.val, e = y.end;
        if (year) return fixed(e, core::single_day(core::add_days(easter(year), off)), G::day, false);
        if (!m_ref) return unresolved(e, G::day);
        int ry = year_of(*m_ref);
        Date c = core::add_days(easter(ry), off);
        if (m_future && c < *m_ref) c = core::add_days(easter(ry + 1), off);
        if (!m_future && c > *m_ref) c = core::add_days(easter(ry - 1), off);
        return fixed(e, core::single_day(c), G::day);
    } else {
        return {};
    }
    Parsed y = of_year(e, a);
    if (y) return y;
    return {e, a};
}

// "the week of April 10th", "the week beginning February 4", "w/c Feb 4": the Monday-to-
// Sunday week holding that day.
Parsed Parser::week_of(int i) const {
    int j = i;
    if (fw(j, F_THE)) ++j;
    int k = 0;
    if (fw(j, F_WEEK_OF) && pc(j + 1, '/') && adj(j + 1) && word(j + 2) && adj(j + 2) &&
        m_t[j + 2].e - m_t[j + 2].b == 1 && (m_text[m_t[j + 2].b] | 0x20) == 'c') {
        k = j + 3;
    } else if (unit(j, U_WEEK) && !(m_t[j].lflags & LF_PLURAL)) {
        k = j + 1;
        if (fw(k, F_OF) || fw(k, F_COMMENCING) || fw(k, F_STARTING) ||
            (wc(k, C_PART) && m_t[k].val == 1 && m_t[k].e - m_t[k].b == 9))
            ++k;
        else
            return {};
        if (fw(k, F_ON)) ++k;
    } else {
        return {};
    }
    Parsed d = month_first(k);
    if (!d || d.a.k != AK::day) d = day_first(k, true);
    if (!d || d.a.k != AK::day) {
        int q = k;
        if (fw(q, F_THE)) ++q;
        Num dn = small_number(q, true);
        if (dn.end < 0 || !dn.ord || fw(dn.end, F_OF)) return {};
        Atom a;
        a.k = AK::dayonly, a.d = dn.val;
        d = {dn.end, a};
    }
    auto p = resolve(d.a, m_ref, m_future);
    if (!p) return d.a.has_year() ? Parsed{} : unresolved(d.end, G::week);
    Parsed r = fixed(d.end, unit_around(p->first, U_WEEK), G::week, !d.a.has_year());
    return r;
}

// One date atom at token i (the longest of the alternatives).
Parsed Parser::atom(int i, bool ctx, bool second) const {
    if (!in(i)) return {};
    Parsed best;
    const Tok& x = m_t[i];
    if (x.kind == Kind::num) {
        keep_longer(best, numeric(i, ctx));
        keep_longer(best, day_first(i, ctx));
        keep_longer(best, bare_year(i, ctx));
        keep_longer(best, relative(i));
        keep_longer(best, ordinal_of(i));
        if (!best && (second || (fw(i - 1, F_ON) && (x.flags & TF_ORD)))) {
            Num d = small_number(i, false);
            // "1-8 September": the first day of a range glued to the second by a dash.
            const bool dash_to_day = second && (pc(d.end, '-') || pc(d.end, '~')) && adj(d.end) &&
                                     plain_num(d.end + 1) && adj(d.end + 1);
            if (d.end > 0 && d.val >= 1 && d.val <= 31 && (right_clean(d.end) || dash_to_day)) {
                Atom a;
                a.k = AK::dayonly, a.d = d.val, a.standalone = !second;
                best = {d.end, a};
            }
        }
        return best;
    }
    if (x.kind != Kind::word) return {};
    switch (x.cat) {
        case C_MONTH:
            keep_longer(best, month_first(i));
            break;
        case C_WEEKDAY:
            keep_longer(best, weekday(i));
            break;
        case C_RELDAY:
            keep_longer(best, relative(i));
            break;
        case C_DET:
            keep_longer(best, relative(i));
            keep_longer(best, ordinal_of(i));
            break;
        case C_PART:
            keep_longer(best, part(i));
            keep_longer(best, relative(i));
            break;
        case C_ORDW:
            keep_longer(best, day_first(i, ctx));
            keep_longer(best, ordinal_of(i));
            if (!best && second) {
                Num d = small_number(i, true);
                Atom a;
                a.k = AK::dayonly, a.d = d.val;
                if (d.end > 0 && d.val <= 31) best = {d.end, a};
            }
            break;
        case C_NUMW:
            keep_longer(best, day_first(i, ctx));
            keep_longer(best, relative(i));
            if (ctx || second || year_context(i)) {
                Num y = year_at(i, false);
                if (y.end > 0 && y.end > i + 1) {
                    Atom a;
                    a.k = AK::year, a.y = y.val;
                    keep_longer(best, {y.end, a});
                }
            }
            break;
        case C_SEASON:
            keep_longer(best, season(i));
            break;
        case C_DECADEW:
            keep_longer(best, decade(i));
            break;
        case C_HOLIDAY:
            keep_longer(best, holiday(i));
            break;
        case C_UNIT:
            keep_longer(best, relative(i));
            keep_longer(best, week_of(i));
            keep_longer(best, ordinal_of(i));
            if (x.val == U_YEAR && !(x.lflags & LF_PLURAL)) keep_longer(best, bare_year(i + 1, true));
            break;
        case C_FUNC:
            if (x.val == F_THE) {
                keep_longer(best, day_first(i, ctx));
                keep_longer(best, week_of(i));
                if (second || fw(i - 1, F_ON)) {
                    Num d = small_number(i + 1, true);
                    if (d.end > 0 && d.ord && d.val >= 1 && d.val <= 31 &&
                        (!d.digits || right_clean(d.end)) && !wc(d.end, C_UNIT) && !fw(d.end, F_OF)) {
                        Atom a;
                        a.k = AK::dayonly, a.d = d.val, a.standalone = !second;
                        keep_longer(best, {d.end, a});
                    }
                }
                keep_longer(best, ordinal_of(i));
                keep_longer(best, part(i));
                keep_longer(best, season(i));
                keep_longer(best, decade(i));
                // "the 1990s", "the year 2008"
                if (num(i + 1) && (m_t[i + 1].flags & TF_DECADE)) keep_longer(best, bare_year(i + 1, true));
                if (unit(i + 1, U_YEAR) && !(m_t[i + 1].lflags & LF_PLURAL)) {
                    Parsed y = bare_year(i + 2, true);
                    if (y) {
                        keep_longer(best, y);
                    }
                }
            } else if (x.val == F_WEEK_OF) {
                keep_longer(best, week_of(i));
            } else if (x.val == F_Q || x.val == F_H) {
                keep_longer(best, quarter_half(i));
            } else if (x.val == F_IN || x.val == F_WITHIN) {
                keep_longer(best, relative(i));
            } else if (x.val == F_CY || x.val == F_CALENDAR) {
                int k = i + 1;
                if (x.val == F_CALENDAR && unit(k, U_YEAR))
                    ++k;
                else if (x.val == F_CALENDAR)
                    break;
                keep_longer(best, bare_year(k, true));
                if (x.val == F_CY && num(k) && adj(k) && m_t[k].nd == 2) {
                    Atom a;
                    a.k = AK::year, a.y = 2000 + m_t[k].val;
                    keep_longer(best, {k + 1, a});
                }
            }
            break;
        default:
            break;
    }
    // "March after next": the second March after the reference.
    if (best && best.a.k == AK::month && !best.a.has_year() && after_next(best.end)) {
        if (!m_ref) return unresolved(best.end + 2, G::month);
        const int y = year_of(*m_ref) + (best.a.m > month_of(*m_ref) ? 1 : 2);
        return fixed(best.end + 2, core::whole_month(y, static_cast<unsigned>(best.a.m)), G::month);
    }
    // "Jul 18, Fri", "18 July (Friday)": a weekday after a date written without a year picks
    // the year.
    if (best && best.a.k == AK::day && !best.a.has_year() && !best.a.weekday) {
        int k = best.end;
        if (pc(k, ',') || pc(k, '(')) ++k;
        if (wc(k, C_WEEKDAY) && (!(m_t[k].lflags & LF_ABBR) || !word(k + 1))) {
            best.a.weekday = m_t[k].val;
            best.end = k + 1;
            if ((m_t[k].lflags & LF_ABBR) && pc(best.end, '.') && adj(best.end)) ++best.end;
            if (pc(best.end, ')')) ++best.end;
        }
    }
    return best;
}

Parser::Expr Parser::expression(int i, int prev_year_end) const {
    m_list_year_end = prev_year_end;
    Expr out;
    out.begin = i;
    int j = i;
    Mod mod = Mod::none;
    bool ctx = false;
    // Modifier words.
    auto take = [&](int len, Mod m) {
        j += len;
        mod = m;
        ctx = true;
    };
    if (pc(j, '>') || pc(j, '<')) {  // ">= 2020", "> = 2020", "<= 2020", "> 2020", "< 2020"
        const bool greater = pc(j, '>');
        if (pc(j + 1, '='))
            take(2, greater ? Mod::since : Mod::until);
        else if (greater && pc(j + 1, ' ') && pc(j + 2, '='))
            take(3, Mod::since);
        else
            take(1, greater ? Mod::after : Mod::before);
    } else if (fw(j, F_BY)) {
        take(1, Mod::by);
    } else if ((fw(j, F_NO) || fw(j, F_NOT)) && wc(j + 1, C_PART) && m_t[j + 1].val == 5 && fw(j + 2, F_THAN))
        take(3, Mod::by);  // no / not later than
    else if (fw(j, F_SINCE))
        take(1, Mod::since);
    else if (fw(j, F_STARTING) ||
             (wc(j, C_PART) && m_t[j].val == 1 && m_t[j].e - m_t[j].b == 9 && !fw(j + 1, F_OF))) {
        take(1, Mod::since);
        if (fw(j, F_ON) || fw(j, F_FROM) || fw(j, F_IN)) ++j;
    } else if (fw(j, F_AS) && wc(j + 1, C_PART) && m_t[j + 1].val == 1 && fw(j + 2, F_AS))
        take(3, Mod::since);
    else if (fw(j, F_AS) && wc(j + 1, C_PART) && m_t[j + 1].val == 3 && fw(j + 2, F_AS))
        take(3, Mod::until);
    else if (fw(j, F_BEFORE))
        take(1, Mod::before);
    else if ((fw(j, F_PRIOR) && fw(j + 1, F_TO)) || (wc(j, C_PART) && m_t[j].val == 4 && fw(j + 1, F_THAN)))
        take(2, Mod::before);  // prior to, earlier than
    else if (fw(j, F_AFTER) || (wc(j, C_DET) && m_t[j].val == 1 && m_t[j].e - m_t[j].b == 9 &&
                                ((plain_num(j + 1) && m_t[j + 1].nd == 4) || wc(j + 1, C_MONTH))))
        take(1, Mod::after);
    else if ((wc(j, C_PART) && m_t[j].val == 5 && fw(j + 1, F_THAN)) ||
             (fw(j, F_GREATER) && fw(j + 1, F_THAN)))
        take(2, Mod::after);  // later than, greater than
    else if (fw(j, F_UNTIL) || fw(j, F_TILL) || fw(j, F_THROUGH))
        take(1, Mod::until);
    // "to date", "till date": everything up to the reference day.
    if (mod == Mod::none && (fw(j, F_TO) || fw(j, F_TILL)) && fw(j + 1, F_DATE) && !fw(j - 1, F_UP) &&
        !(pc(j - 1, '-') && adj(j)) && !num(j + 2) && !fw(j + 2, F_FROM)) {
        out.end = j + 2;
        out.mod = Mod::until;
        out.a = m_ref ? fixed(j + 2, core::single_day(*m_ref), G::day).a : unresolved(j + 2, G::day).a;
        return out;
    }
    bool from = false;
    bool between = false;
    if (mod == Mod::none) {
        if (fw(j, F_FROM))
            from = true, ++j;
        else if (fw(j, F_BETWEEN))
            between = true, ++j;
        if (from || between) ctx = true;
    }
    bool connector_next = in(j + 1) && (fw(j + 1, F_TO) || fw(j + 1, F_TILL) || fw(j + 1, F_THROUGH) ||
                                        ((pc(j + 1, '-') || pc(j + 1, '~')) && adj(j + 1)));
    Parsed a = atom(j, ctx, from || between || connector_next);
    if (!a && (mod != Mod::none || from || between) && fw(j, F_THE)) a = atom(j + 1, ctx, from || between);
    // A year that opens a range ("2014-2018", "2014 to 2018") needs no other context.
    bool tentative = false;
    if ((!a || a.a.k == AK::dayonly) && plain_num(j) && m_t[j].nd == 4) {
        Parsed y = bare_year(j, true);
        if (y) a = y, tentative = true;
    }
    if (!a) return out;
    int k = a.end;
    std::optional<Parsed> b;
    bool conn = fw(k, F_TO) || fw(k, F_TILL) || fw(k, F_UNTIL) || fw(k, F_THROUGH) || pc(k, '-') ||
                pc(k, '~') || (between && fw(k, F_AND));
    if (conn && in(k + 1)) {
        int bj = k + 1;
        if (fw(bj, F_THE) && (wc(bj + 1, C_ORDW) || num(bj + 1))) {
        }
        m_connector_at = k;
        Parsed pb = atom(bj, true, true);
        if ((!pb || pb.a.k == AK::dayonly) && a.a.k == AK::year && plain_num(bj) && m_t[bj].nd == 2 &&
            pc(k, '-') && adj(k) && adj(bj) && right_clean(bj + 1)) {
            Atom yb;
            yb.k = AK::year;
            yb.y = a.a.y / 100 * 100 + m_t[bj].val;
            pb = {bj + 1, yb};
        }
        // "to date", "till date", "till current date"
        if (!pb && (fw(bj, F_DATE) || (wc(bj, C_DET) && m_t[bj].val == 0 && fw(bj + 1, F_DATE)))) {
            pb = m_ref ? fixed(fw(bj, F_DATE) ? bj + 1 : bj + 2, core::single_day(*m_ref), G::day)
                       : unresolved(fw(bj, F_DATE) ? bj + 1 : bj + 2, G::day);
        }
        if (!pb && fw(bj, F_THE)) pb = atom(bj + 1, true, true);
        m_connector_at = -1;
        if (pb) b = pb;
    }
    if (b) {
        // A bare year range must be plausible: "2014-2018", not "1900-2000 drones".
        if (a.a.k == AK::year && b->a.k == AK::year &&
            (b->a.y <= a.a.y || b->a.y - a.a.y > 200 || count_noun(b->end) ||
             (m_t[b->end - 1].nd == 2 && b->a.y - a.a.y > 10)))
            b.reset();
    }
    if (!b) {
        if (between || from) return out;
        if (tentative) return out;
        if (a.a.k == AK::dayonly && !a.a.weekday && !a.a.standalone) return out;
    }
    if (b && a.a.k == AK::dayonly && !(b->a.k == AK::day)) return out;
    int end = b ? b->end : a.end;
    // Suffixes: "or later", "and later", "onwards", "or earlier".
    if (mod == Mod::none) {
        const bool or_and = fw(end, F_OR) || fw(end, F_AND);
        if (or_and && ((wc(end + 1, C_PART) && m_t[end + 1].val == 5 && !fw(end + 2, F_THAN)) ||
                       fw(end + 1, F_GREATER) || (fw(end + 1, F_AFTER) && !in(end + 2))))
            mod = Mod::since, end += 2;  // or later, and greater, or after
        else if (fw(end, F_ONWARDS))
            mod = Mod::since, end += 1;
        else if ((fw(end, F_OR) || fw(end, F_AND)) && (wc(end + 1, C_PART) && m_t[end + 1].val == 4))
            mod = Mod::until, end += 2;
    }
    out.end = end;
    out.a = a.a;
    if (b) out.b = b->a;
    out.mod = mod;
    return out;
}

// --- turning expressions into matches ---------------------------------------------------------
// TIMEX text is built by appending to one string: snprintf and core::to_iso's temporaries
// were the largest cost of building a match. The output is what printf's "%0Nd" gives.
void append_int(std::string& s, int v, int width) {
    std::array<char, 12> digits{};
    int nd = 0;
    unsigned u = v < 0 ? 0u - static_cast<unsigned>(v) : static_cast<unsigned>(v);
    do {
        digits[nd++] = static_cast<char>('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) s += '-', --width;
    if (width > nd) s.append(static_cast<std::size_t>(width - nd), '0');
    while (nd) s += digits[--nd];
}
// core::to_iso(d), "%04d-%02u-%02u".
void append_iso(std::string& s, const Date& d) {
    append_int(s, static_cast<int>(d.year()), 4);
    s += '-';
    append_int(s, static_cast<int>(static_cast<unsigned>(d.month())), 2);
    s += '-';
    append_int(s, static_cast<int>(static_cast<unsigned>(d.day())), 2);
}
// "(first,last)", the TIMEX of a span that is no single calendar unit.
std::string timex_span(const Date& first, const Date& last) {
    std::string s;
    s.reserve(23);
    s += '(';
    append_iso(s, first);
    s += ',';
    append_iso(s, last);
    s += ')';
    return s;
}

std::string timex_of(const Atom& a, const std::optional<Period>& p, G g) {
    std::string s;
    if (!p) {
        if (a.k == AK::day) {
            s = "XXXX-";
            append_int(s, a.m, 2);
            s += '-';
            append_int(s, a.d, 2);
        } else if (a.k == AK::month) {
            s = "XXXX-";
            append_int(s, a.m, 2);
        } else if (a.k == AK::dayonly) {
            s = "XXXX-XX-";
            append_int(s, a.d, 2);
        } else if (a.k == AK::season) {
            static constexpr std::array<const char*, 5> NAMES = {"", "SP", "SU", "FA", "WI"};
            s = NAMES[a.n & 3 ? a.n : (a.n == 4 ? 4 : 0)];
        }
        return s;
    }
    int y = year_of(p->first);
    int m = month_of(p->first);
    switch (g) {
        case G::day:
            append_iso(s, p->first);
            return s;
        case G::month:
            if (p->first == ymd(y, m, 1) && p->last == month_end(y, m)) {
                append_int(s, y, 4);
                s += '-';
                append_int(s, m, 2);
                return s;
            }
            break;
        case G::year:
            if (p->first == ymd(y, 1, 1) && p->last == ymd(y, 12, 31)) {
                append_int(s, y, 4);
                return s;
            }
            break;
        case G::quarter:
            if (a.k == AK::quarter && !a.part) {
                append_int(s, y, 4);
                s += "-Q";
                append_int(s, (m - 1) / 3 + 1, 0);
                return s;
            }
            break;
        case G::half:
            append_int(s, y, 4);
            s += m <= 6 ? "-H1" : "-H2";
            return s;
        case G::decade:
            if (!a.part) {
                append_int(s, y / 10, 3);
                s += 'X';
                return s;
            }
            break;
        case G::week: {
            if (iso_weekday(p->first) == 1 && day_number(p->last) - day_number(p->first) == 6) {
                Date thu = core::add_days(p->first, 3);
                int wy = year_of(thu);
                int w = (day_number(thu) - day_number(ymd(wy, 1, 1))) / 7 + 1;
                append_int(s, wy, 4);
                s += "-W";
                append_int(s, w, 2);
                return s;
            }
            break;
        }
        default:
            break;
    }
    return timex_span(p->first, p->last);
}

// Fills the missing parts of a range's ends from each other ("from March to September
// 2024", "9 to 12 of June", "April 9th through 17th") and resolves it.
bool resolve_range(Atom a, Atom b, const std::optional<Date>& ref, bool future, DateMatch& m) {
    if (b.k == AK::dayonly && (a.k == AK::day)) {
        b.k = AK::day, b.m = a.m, b.y = a.y;
        if (b.d < a.d) {
            if (++b.m == 13) {
                b.m = 1;
                if (b.has_year()) ++b.y;
            }
        }
    }
    if (a.k == AK::dayonly && b.k == AK::day) {
        a.k = AK::day, a.m = b.m, a.y = b.y;
        if (a.d > b.d) {
            if (--a.m == 0) {
                a.m = 12;
                if (a.has_year()) --a.y;
            }
        }
    }
    if (a.k == AK::dayonly || b.k == AK::dayonly) return false;
    std::optional<Period> pa;
    std::optional<Period> pb;
    bool cal_a = is_calendar_kind(a.k);
    bool cal_b = is_calendar_kind(b.k);
    if (cal_a && cal_b && !a.has_year() && b.has_year()) {
        a.y = b.y;
        auto t1 = calendar_period(a, a.y);
        auto t2 = calendar_period(b, b.y);
        if (t1 && t2 && t1->first > t2->first) --a.y;
    }
    int ya = NO_YEAR;
    pa = resolve(a, ref, future, &ya);
    if (!pa) return false;
    if (cal_b && !b.has_year()) {
        int y = ya != NO_YEAR ? ya : year_of(pa->first);
        auto t2 = calendar_period(b, y);
        if (!t2 || t2->last < pa->first) {
            t2 = calendar_period(b, y + 1);
        }
        pb = t2;
    } else {
        pb = resolve(b, ref, future);
    }
    if (!pb || pb->last < pa->first) return false;
    m.period = Period{pa->first, pb->last};
    m.upper_first = pb->first;
    G ga = a.k == AK::fixed ? a.g : kind_granularity(a.k);
    G gb = b.k == AK::fixed ? b.g : kind_granularity(b.k);
    m.granularity = ga == gb ? ga : G::other;
    m.relative =
        a.relative || b.relative || !a.has_year() || !b.has_year() || a.k == AK::fixed || b.k == AK::fixed;
    if (a.k == AK::fixed) m.relative = a.relative;
    m.timex = timex_span(pa->first, pb->first);
    return true;
}

}  // namespace

std::vector<DateMatch> find_dates(std::string_view text, std::optional<core::Date> reference) {
    return find_dates(text, reference, DateDirection::past);
}

std::vector<DateMatch> find_dates(std::string_view text, std::optional<core::Date> reference,
                                  DateDirection direction) {
    const bool future = direction == DateDirection::future;
    std::vector<DateMatch> out;
    if (reference && !reference->ok()) reference.reset();
    // Token storage is kept per thread: claims call this once per sentence, and allocating
    // it afresh each time cost more than tokenizing a short sentence. Every use clears it.
    thread_local std::vector<Tok> toks;
    std::size_t pos = 0;
    while (pos < text.size()) {
        toks.clear();
        tokenize_segment(text, pos, toks);
        const int n = static_cast<int>(toks.size());
        if (n == 0) continue;
        Parser parser(text, toks, reference, future);
        int covered = 0;  // tokens before this index are inside an emitted match
        int last_year_end = -1;
        // Start positions below this one already failed for an earlier trigger. An
        // expression's end depends only on its start (and on last_year_end, which changes
        // only when a match is emitted, past every start tried so far), so a start that
        // ended at or before an earlier trigger ends before this one too: each start is
        // parsed once instead of once per trigger within MAX_LOOKBACK_TOKENS after it.
        int tried_end = 0;
        for (int k = 0; k < n; ++k) {
            const Tok& x = toks[k];
            bool trigger =
                x.kind == Kind::num ||
                (x.kind == Kind::word &&
                 (x.cat == C_MONTH || x.cat == C_WEEKDAY || x.cat == C_RELDAY || x.cat == C_UNIT ||
                  x.cat == C_SEASON || x.cat == C_DECADEW || x.cat == C_HOLIDAY ||
                  (x.cat == C_NUMW && !(x.lflags & LF_WEAK)) || (x.cat == C_FUNC && x.val == F_DATE) ||
                  (x.cat == C_FUNC &&
                   (x.val == F_Q || x.val == F_H || x.val == F_CY || x.val == F_WEEK_OF))));
            if (!trigger || k < covered) continue;
            Parser::Expr best;
            for (int s = std::max({covered, k - MAX_LOOKBACK_TOKENS, tried_end}); s <= k; ++s) {
                if (!may_open_expression(toks, s)) continue;
                Parser::Expr e = parser.expression(s, last_year_end);
                if (e.end > k) {
                    best = e;
                    break;
                }
            }
            if (best.end <= k) {
                tried_end = k + 1;
                continue;
            }
            DateMatch m;
            m.start = toks[best.begin].b;
            m.end = toks[best.end - 1].e;
            m.modifier = best.mod;
            bool keep = true;
            if (best.b) {
                keep = resolve_range(best.a, *best.b, reference, future, m);
                if (!keep) {
                    // Found but not resolvable (no reference): keep the span, unresolved.
                    bool any_unresolved =
                        best.a.k == AK::unresolved || best.b->k == AK::unresolved || !reference;
                    keep = any_unresolved;
                    m.granularity = G::other;
                    m.relative = true;
                }
            } else {
                const Atom& a = best.a;
                m.period = resolve(a, reference, future);
                m.granularity = a.k == AK::fixed || a.k == AK::unresolved ? a.g : kind_granularity(a.k);
                m.relative = a.relative || a.k == AK::fixed || a.k == AK::unresolved ||
                             (is_calendar_kind(a.k) && !a.has_year()) || a.k == AK::dayonly;
                if (a.k == AK::fixed && !a.relative) m.relative = false;
                m.anchor = a.anchor;
                m.timex = timex_of(a, m.period, m.granularity);
                if (!m.period) {
                    // Unresolved is only acceptable where a reference is what is missing or
                    // the expression names no year at all (a season); impossible dates go.
                    bool missing_ref = !reference && (m.relative || a.k == AK::unresolved);
                    keep = missing_ref || a.k == AK::unresolved;
                }
                if (a.k == AK::year) last_year_end = best.end;
            }
            if (keep && m.period &&
                !(m.period->first.ok() && m.period->last.ok() && m.period->first <= m.period->last))
                keep = false;
            if (keep) out.push_back(std::move(m));
            covered = best.end;
            k = best.end - 1;
        }
    }
    return out;
}

}  // namespace reckon::text
