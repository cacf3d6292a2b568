// ASCII case folding for matching words and keys. Only A-Z change; every other byte (UTF-8
// included) is kept, so lengths and byte offsets stay the same.
#pragma once

#include <string>
#include <string_view>

namespace reckon::core {

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }

inline std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = ascii_lower(c);
    return out;
}

}  // namespace reckon::core
