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

Period whole_year(int year);
Period whole_month(int year, unsigned month);
Period single_day(const Date& d);

}  // namespace reckon::core
