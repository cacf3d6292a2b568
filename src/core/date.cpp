// Date helpers over std::chrono's calendar types.
#include "reckon/core/date.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace reckon::core {

namespace {
constexpr double SECONDS_PER_DAY = 86400;  // UTC days, leap seconds not counted (POSIX time)

bool parse_int(std::string_view s, int& out) {
    if (s.empty()) return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}
}  // namespace

std::optional<Date> parse_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int y = 0, m = 0, d = 0;
    if (!parse_int(text.substr(0, 4), y) || !parse_int(text.substr(5, 2), m) ||
        !parse_int(text.substr(8, 2), d))
        return std::nullopt;
    Date date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
              std::chrono::day{static_cast<unsigned>(d)}};
    if (!date.ok()) return std::nullopt;
    return date;
}

std::string to_iso(const Date& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                  static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
    return buf;
}

Date make_date(int year, unsigned month, unsigned day) {
    return Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

Date end_of_month(int year, unsigned month) {
    std::chrono::year_month_day_last last{std::chrono::year{year},
                                          std::chrono::month_day_last{std::chrono::month{month}}};
    return Date{last};
}

Date add_days(const Date& d, int days) { return Date{std::chrono::sys_days{d} + std::chrono::days{days}}; }

Month Month::of(const Date& d) {
    return {static_cast<int>(d.year()) * 12 + static_cast<int>(static_cast<unsigned>(d.month())) - 1};
}

std::optional<Month> Month::parse(std::string_view text) {
    if (text.size() >= 10) {
        if (auto d = parse_iso_date(text.substr(0, 10))) return of(*d);
    }
    if (text.size() == 7 && text[4] == '-') {
        if (auto d = parse_iso_date(std::string(text) + "-01")) return of(*d);
    }
    return std::nullopt;
}

Date Month::first_day() const { return make_date(year(), month(), 1); }
Date Month::last_day() const { return end_of_month(year(), month()); }
int Month::days() const { return static_cast<int>(days_in_month(year(), month())); }
std::string Month::to_string() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u", year(), month());
    return buf;
}

Date add_months(const Date& d, int months) {
    const std::chrono::year_month ym =
        std::chrono::year_month{d.year(), d.month()} + std::chrono::months{months};
    const unsigned last = days_in_month(static_cast<int>(ym.year()), static_cast<unsigned>(ym.month()));
    return Date{ym.year(), ym.month(), std::chrono::day{std::min(static_cast<unsigned>(d.day()), last)}};
}

unsigned days_in_month(int year, unsigned month) {
    return static_cast<unsigned>(end_of_month(year, month).day());
}

std::int64_t days_since_epoch(const Date& d) { return std::chrono::sys_days{d}.time_since_epoch().count(); }

Date date_from_days(std::int64_t days_since_epoch) {
    return Date{std::chrono::sys_days{std::chrono::days{days_since_epoch}}};
}

double unix_seconds(const Date& d, double seconds_of_day) {
    return static_cast<double>(days_since_epoch(d)) * SECONDS_PER_DAY + seconds_of_day;
}

Date utc_date(double t_unix_s) {
    const auto seconds = static_cast<std::int64_t>(std::floor(t_unix_s));
    const auto per_day = static_cast<std::int64_t>(SECONDS_PER_DAY);
    return date_from_days(seconds / per_day - (seconds % per_day < 0 ? 1 : 0));
}

Period whole_year(int year) { return {make_date(year, 1, 1), make_date(year, 12, 31)}; }
Period whole_month(int year, unsigned month) {
    return {make_date(year, month, 1), end_of_month(year, month)};
}
Period single_day(const Date& d) { return {d, d}; }

}  // namespace reckon::core
