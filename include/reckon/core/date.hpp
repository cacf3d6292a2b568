// Calendar dates and inclusive periods, the time vocabulary of claims. Dates are
// proleptic Gregorian days (std::chrono::year_month_day); a Period is inclusive at both
// ends, as DESIGN.md's data model says.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace reckon::core {

using Date = std::chrono::year_month_day;

// 9999-12-31T23:59:59Z: the last instant ISO 8601's four-digit years can write.
inline constexpr double LAST_UNIX_SECOND_OF_9999 = 253402300799.0;

// Parses "YYYY-MM-DD"; nullopt when malformed or not a real day.
std::optional<Date> parse_iso_date(std::string_view text);
// "YYYY-MM-DD".
std::string to_iso(const Date& d);

Date make_date(int year, unsigned month, unsigned day);
// Last day of the given month.
Date end_of_month(int year, unsigned month);
// Adds days (may be negative).
Date add_days(const Date& d, int days);
// `months` calendar months after `d` (may be negative), the day kept unless the month is
// shorter: 2024-01-31 + 1 month = 2024-02-29.
Date add_months(const Date& d, int months);
// Days in a month (28 to 31), leap years included.
unsigned days_in_month(int year, unsigned month);

// The calendar as a count of days: 1970-01-01 is day 0, earlier days are negative. Every
// conversion between dates, day numbers and Unix time goes through these (std::chrono's
// sys_days), so no module keeps its own days-from-civil arithmetic.
std::int64_t days_since_epoch(const Date& d);
Date date_from_days(std::int64_t days_since_epoch);
// Unix time of `seconds_of_day` after midnight UTC on `d`.
double unix_seconds(const Date& d, double seconds_of_day = 0);
// The UTC day holding the instant `t_unix_s` (rounded down, so -0.5 is 1969-12-31). `t_unix_s`
// must be finite and within std::chrono's years (about ±32767).
Date utc_date(double t_unix_s);

// An inclusive span of days.
struct Period {
    Date first;
    Date last;
    bool operator==(const Period&) const = default;
    // Days in the period, both ends counted: 1 for a single day; 0 or less when last < first.
    std::int64_t days() const { return days_since_epoch(last) - days_since_epoch(first) + 1; }
};

// A calendar month, counted from year 0 so that months subtract and order.
struct Month {
    int index = 0;  // year * 12 + (month - 1)
    static Month of(const Date& d);
    // "YYYY-MM" (or a full date, whose month is taken); nullopt if malformed.
    static std::optional<Month> parse(std::string_view text);
    int year() const { return index / 12; }
    unsigned month() const { return static_cast<unsigned>(index % 12) + 1; }
    Date first_day() const;
    Date last_day() const;
    int days() const;
    std::string to_string() const;  // "YYYY-MM"
    auto operator<=>(const Month&) const = default;
};

Period whole_year(int year);
Period whole_month(int year, unsigned month);
Period single_day(const Date& d);

}  // namespace reckon::core
