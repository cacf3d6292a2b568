// Trimming for fields and lines read from files. ASCII only, so lengths and byte offsets of
// UTF-8 text stay valid; the document readers, which must also drop U+00A0, have their own
// (text/document_internal.hpp: trim_space_and_nbsp).
#pragma once

#include <string_view>

namespace reckon::core {

// True for the six ASCII white-space bytes: ' ', \t, \n, \v, \f, \r (std::isspace in the
// "C" locale, without its locale lookup).
constexpr bool is_ascii_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// `s` without ASCII white space at either end.
constexpr std::string_view trim(std::string_view s) {
    while (!s.empty() && is_ascii_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ascii_space(s.back())) s.remove_suffix(1);
    return s;
}

// `s` without ASCII white space and double quotes at either end: ` "406B90" ` → `406B90`.
// For line formats whose writers quote some fields but never escape a quote inside one
// (pyModeS's CSV, some SBS feeds); a CSV file with RFC 4180 quoting goes through
// core/csv.hpp instead.
constexpr std::string_view unquote(std::string_view s) {
    while (!s.empty() && (is_ascii_space(s.front()) || s.front() == '"')) s.remove_prefix(1);
    while (!s.empty() && (is_ascii_space(s.back()) || s.back() == '"')) s.remove_suffix(1);
    return s;
}

}  // namespace reckon::core
