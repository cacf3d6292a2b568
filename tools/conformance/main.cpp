// Runs reckon's recognizers over the English Recognizers-Text specs and prints, per file,
// "<file> <passed>/<run>", then "RESULT conformance_<model> <percent> %" lines and the
// false-find rate on negative cases. Usage: reckon_conformance SPEC_DIR [--verbose]
#include <fmt/core.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "conformance.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace reckon::conformance {

bool same_span(std::string_view expected, std::string_view found) {
    // Spans compare without the white space and punctuation around them.
    auto strip_space_and_punct = [](std::string_view s) {
        auto junk = [](char c) {
            return std::isspace(static_cast<unsigned char>(c)) || std::ispunct(static_cast<unsigned char>(c));
        };
        while (!s.empty() && junk(s.front())) s.remove_prefix(1);
        while (!s.empty() && junk(s.back())) s.remove_suffix(1);
        return s;
    };
    auto a = strip_space_and_punct(expected), b = strip_space_and_punct(found);
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

std::string type_name(const json& result) {
    if (result.contains("TypeName")) return result["TypeName"].get<std::string>();
    if (result.contains("Typename")) return result["Typename"].get<std::string>();
    return {};
}

}  // namespace reckon::conformance

namespace {

using Checker = reckon::conformance::CaseResult (*)(const json&);

struct ModelFile {
    const char* relative_path;
    const char* model;  // name in the RESULT line
    Checker check;
};

const ModelFile MODEL_FILES[] = {
    {"Number/English/NumberModel.json", "NumberModel", reckon::conformance::check_number_case},
    {"Number/English/NumberRangeModel.json", "NumberRangeModel",
     reckon::conformance::check_number_range_case},
    {"Number/English/PercentModel.json", "PercentModel", reckon::conformance::check_percent_case},
    {"NumberWithUnit/English/CurrencyModel.json", "CurrencyModel", reckon::conformance::check_currency_case},
    {"NumberWithUnit/English/DimensionModel.json", "DimensionModel",
     reckon::conformance::check_dimension_case},
    {"DateTime/English/DateTimeModel.json", "DateTimeModel", reckon::conformance::check_datetime_case},
};

json read_spec(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // UTF-8 BOM
    return json::parse(text);
}

bool not_supported_by_design(const json& test_case) {
    return test_case.contains("NotSupportedByDesign") && !test_case["NotSupportedByDesign"].is_null() &&
           !test_case["NotSupportedByDesign"].get<std::string>().empty();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: reckon_conformance SPEC_DIR [--verbose]\n");
        return 2;
    }
    const fs::path spec_dir = argv[1];
    const bool verbose = argc > 2 && std::string(argv[2]) == "--verbose";
    std::vector<std::string> results;
    std::size_t negatives = 0, false_finds = 0;
    for (const auto& mf : MODEL_FILES) {
        json cases;
        try {
            cases = read_spec(spec_dir / mf.relative_path);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "reckon_conformance: %s: %s\n", mf.relative_path, e.what());
            return 1;
        }
        std::size_t run = 0, passed = 0, left_out = 0;
        for (const auto& c : cases) {
            if (not_supported_by_design(c)) continue;
            auto r = mf.check(c);
            if (!r.in_scope) {
                ++left_out;
                continue;
            }
            ++run;
            if (c["Results"].empty()) {
                ++negatives;
                if (r.false_find) ++false_finds;
            }
            if (r.passed)
                ++passed;
            else if (verbose)
                fmt::print(stderr, "FAIL {}: {} -- {}\n", mf.model, c["Input"].get<std::string>(), r.detail);
        }
        fmt::print("{} {}/{}", mf.relative_path, passed, run);
        if (left_out) fmt::print(" ({} left out)", left_out);
        fmt::print("\n");
        results.push_back(
            fmt::format("RESULT conformance_{} {:.1f} %", mf.model, run ? 100.0 * passed / run : 0.0));
    }
    for (const auto& r : results) fmt::print("{}\n", r);
    fmt::print("RESULT conformance_negative_false_finds {:.1f} %\n",
               negatives ? 100.0 * false_finds / negatives : 0.0);
    return 0;
}
