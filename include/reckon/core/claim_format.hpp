// Claims and events as JSON lines, CSV and a readable table: the one place their external
// forms are defined, used by `reckon extract`, `reckon claims` and the tests. JSON field
// names follow DESIGN.md's data model; absent values are omitted (JSON) or empty (CSV).
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "reckon/core/claim.hpp"

namespace reckon::core {

// {"kind":"claim","metric":...,"period":["2025-07-24","2025-07-24"],"attribution":{...},...}
// Fields keep the data model's order, so a line reads naturally.
nlohmann::ordered_json to_json(const Claim& c);
// {"kind":"event","type":"flight","date":"2025-07-11","roles":{...},...}
nlohmann::ordered_json to_json(const Event& e);

// CSV with a header row, RFC 4180 quoting. Events go to a separate table (events_csv_*).
std::string claims_csv_header();
std::string to_csv_row(const Claim& c);
std::string events_csv_header();
std::string to_csv_row(const Event& e);
// Quotes one CSV field when it needs it.
std::string csv_field(const std::string& s);

// Fixed-width table for people: metric, subject, value, unit, qualifier, period, source class,
// and the figure's words. Wide cells are cut with "…".
void write_table(std::ostream& out, const std::vector<Claim>& claims, const std::vector<Event>& events,
                 bool header = true);

// A value printed the way an analyst reads it: 1.75e9 → "1750000000", 965.6064 → "965.6064".
std::string format_value(double v);

}  // namespace reckon::core
