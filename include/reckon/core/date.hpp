// Calendar dates and inclusive periods, the time vocabulary of claims. Dates are
// proleptic Gregorian days (std::chrono::year_month_day); a Period is inclusive at both
// ends, as DESIGN.md's data model says.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace reckon::core {

using Date = std::chrono::year_month_day;

// Parses "YYYY-MM-DD"; nullopt when malformed or not a real day.
std::optional<Date> parse_iso_date(std::string_view text);
// "YYYY-MM-DD".
std::string to_iso(const Date& d);

Date make_date(int year, unsigned month, unsigned day);
// Last day of the given month.
Date end_of_month(int year, unsigned month);
// Adds days (may be negative).
Date add_days(const Date& d, int days);

// An inclusive span of days.
struct Period {
    Date first;
    Date last;
    bool operator==(const Period&) const = default;
};

// Days in a period, both ends counted (a single day has 1).
int days_inclusive(const Period& p);

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
