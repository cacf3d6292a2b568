// Private to the text module: how a name looks in running text. A name may stand in quotation
// marks (“Rheinmetall”, «Rostec», "Ceske Noviny") and carry a possessive (Zelenskyy’s); the
// claim assembler and the attribution reader both ask whether a word opens a name and what the
// name is without its marks.
#pragma once

#include <array>
#include <cctype>
#include <cstddef>
#include <string_view>

namespace reckon::text::detail {

inline constexpr std::array<std::string_view, 4> OPENING_QUOTES = {"\xE2\x80\x9C", "\xE2\x80\x98", "\xC2\xAB",
                                                                   "\xE2\x80\x9E"};
inline constexpr std::array<std::string_view, 3> CLOSING_QUOTES = {"\xE2\x80\x9D", "\xE2\x80\x99",
                                                                   "\xC2\xBB"};

// Whether the text at `p` starts with a capital letter, after any quotation marks.
inline bool starts_with_capital(std::string_view s, std::size_t p) {
    while (p < s.size() && (s[p] == '"' || s[p] == '\'')) ++p;
    for (std::string_view q : OPENING_QUOTES)
        if (s.substr(p).starts_with(q)) p += q.size();
    return p < s.size() && std::isupper(static_cast<unsigned char>(s[p]));
}

// A name as learned and looked up: without the quotation marks around it and without its
// possessive ending (“Rheinmetall” → Rheinmetall, Zelenskyy’s → Zelenskyy).
inline std::string_view bare_name(std::string_view w) {
    for (std::string_view q : OPENING_QUOTES)
        if (w.starts_with(q)) w.remove_prefix(q.size());
    for (std::string_view suffix :
         {std::string_view("'s"), std::string_view("\xE2\x80\x99s"), std::string_view("\xCA\xBCs")})
        if (w.size() > suffix.size() && w.ends_with(suffix)) w.remove_suffix(suffix.size());
    for (std::string_view q : CLOSING_QUOTES)
        if (w.ends_with(q)) w.remove_suffix(q.size());
    return w;
}

}  // namespace reckon::text::detail
