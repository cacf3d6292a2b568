// String forms of the claim vocabulary's enums.
#include "reckon/core/claim.hpp"

#include <algorithm>
#include <array>

namespace reckon::core {

namespace {
constexpr std::array<std::string_view, 6> QUALIFIER_NAMES = {"exact", "approx", "over",
                                                             "under", "range",  "average"};
constexpr std::array<std::string_view, 3> FIGURE_KIND_NAMES = {"actual", "target", "capability"};
constexpr std::array<std::string_view, 6> SOURCE_CLASS_NAMES = {"official", "intelligence", "analyst",
                                                                "company",  "media",        "unattributed"};
}  // namespace

std::string_view to_string(Qualifier q) { return QUALIFIER_NAMES[static_cast<size_t>(q)]; }

std::optional<Qualifier> parse_qualifier(std::string_view s) {
    for (size_t i = 0; i < QUALIFIER_NAMES.size(); ++i)
        if (QUALIFIER_NAMES[i] == s) return static_cast<Qualifier>(i);
    return std::nullopt;
}

std::string_view to_string(FigureKind k) { return FIGURE_KIND_NAMES[static_cast<size_t>(k)]; }

std::optional<FigureKind> parse_figure_kind(std::string_view s) {
    for (size_t i = 0; i < FIGURE_KIND_NAMES.size(); ++i)
        if (FIGURE_KIND_NAMES[i] == s) return static_cast<FigureKind>(i);
    return std::nullopt;
}

std::string_view to_string(SourceClass c) { return SOURCE_CLASS_NAMES[static_cast<size_t>(c)]; }

std::optional<SourceClass> parse_source_class(std::string_view s) {
    for (size_t i = 0; i < SOURCE_CLASS_NAMES.size(); ++i)
        if (SOURCE_CLASS_NAMES[i] == s) return static_cast<SourceClass>(i);
    return std::nullopt;
}

std::string metric_list() {
    std::string out;
    for (std::string_view m : METRICS) {
        if (!out.empty()) out += ", ";
        out += m;
    }
    return out;
}

bool is_known_metric(std::string_view metric) {
    return std::find(std::begin(METRICS), std::end(METRICS), metric) != std::end(METRICS);
}

}  // namespace reckon::core
