// The conformance runner's contract: one checker per Recognizers-Text model file. A
// checker runs reckon's recognizers on one spec case and judges it (see docs/conformance.md
// for the rules and for which kinds of case are left out, and why).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace reckon::conformance {

struct CaseResult {
    bool in_scope = true;     // false: a kind of case reckon leaves out by design (documented)
    bool passed = false;      // every expected result found with the right value and unit
    bool false_find = false;  // a negative case (Results: []) where reckon found something
    std::string detail;       // why it failed, for --verbose
};

// Model checkers, one per spec file. Each gets the whole case object.
CaseResult check_number_case(const nlohmann::json& test_case);        // NumberModel
CaseResult check_number_range_case(const nlohmann::json& test_case);  // NumberRangeModel
CaseResult check_percent_case(const nlohmann::json& test_case);       // PercentModel
CaseResult check_currency_case(const nlohmann::json& test_case);      // CurrencyModel
CaseResult check_dimension_case(const nlohmann::json& test_case);     // DimensionModel
CaseResult check_datetime_case(const nlohmann::json& test_case);      // DateTimeModel

// True when `found` is `expected` give or take surrounding spaces and punctuation.
bool same_span(std::string_view expected, std::string_view found);

// Spec results spell the type key "TypeName" or "Typename".
std::string type_name(const nlohmann::json& result);

}  // namespace reckon::conformance
