// UTF-8 repair and the small string helpers the document readers share. Decoding goes
// through utf8proc, which rejects overlong forms, surrogates and code points past U+10FFFF.
#include <utf8proc.h>

#include <cctype>
#include <cstring>

#include "document_internal.hpp"
#include "reckon/core/date.hpp"

namespace reckon::text {
namespace docread {
namespace {

constexpr std::string_view REPLACEMENT = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view NBSP = "\xC2\xA0";

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }
// Length of the run of ASCII bytes at the start of p[0, n), 8 bytes at a time.
std::size_t ascii_prefix(const unsigned char* p, std::size_t n) {
    constexpr std::uint64_t HIGH_BITS = 0x8080808080808080ull;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t word;
        std::memcpy(&word, p + i, 8);
        if (word & HIGH_BITS) break;
    }
    while (i < n && p[i] < 0x80) ++i;
    return i;
}

// ' ', \t, \n, \v, \f, \r as one mask test.
constexpr std::uint64_t SPACE_BITS = (std::uint64_t{1} << ' ') | (std::uint64_t{1} << '\t') |
                                     (std::uint64_t{1} << '\n') | (std::uint64_t{1} << '\v') |
                                     (std::uint64_t{1} << '\f') | (std::uint64_t{1} << '\r');
bool is_space(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= ' ' && ((SPACE_BITS >> u) & 1);
}

}  // namespace

std::string_view trim_space_and_nbsp(std::string_view s) {
    // Nearly every line starts and ends on a character that is neither space nor NBSP.
    if (!s.empty() && !is_space(s.front()) && s.front() != NBSP[0] && !is_space(s.back()) &&
        s.back() != NBSP[1]) {
        return s;
    }
    for (;;) {
        if (!s.empty() && is_space(s.front())) {
            s.remove_prefix(1);
        } else if (s.starts_with(NBSP)) {
            s.remove_prefix(NBSP.size());
        } else {
            break;
        }
    }
    for (;;) {
        if (!s.empty() && is_space(s.back())) {
            s.remove_suffix(1);
        } else if (s.ends_with(NBSP)) {
            s.remove_suffix(NBSP.size());
        } else {
            break;
        }
    }
    return s;
}

bool ends_sentence(std::string_view s) {
    s = trim_space_and_nbsp(s);
    // Step back over closing quotes and brackets: ."  .”  .)  .’
    for (;;) {
        if (!s.empty() && (s.back() == '"' || s.back() == '\'' || s.back() == ')' || s.back() == ']')) {
            s.remove_suffix(1);
        } else if (s.ends_with("\xE2\x80\x9D") || s.ends_with("\xE2\x80\x99") || s.ends_with("\xC2\xBB")) {
            s.remove_suffix(s.ends_with("\xC2\xBB") ? 2 : 3);
        } else {
            break;
        }
    }
    if (s.empty()) return false;
    char c = s.back();
    return c == '.' || c == '!' || c == '?' || s.ends_with("\xE2\x80\xA6") /* … */ ||
           s.ends_with("\xE3\x80\x82") /* 。 */;
}

std::size_t safe_cut(std::string_view s, std::size_t limit, std::size_t look_back) {
    if (s.size() <= limit) return s.size();
    const std::size_t floor = limit > look_back ? limit - look_back : 0;
    // After ". " (or ! ?), then after any space, then at a code point boundary.
    for (std::size_t i = limit; i > floor + 1; --i) {
        char a = s[i - 2];
        if (s[i - 1] == ' ' && (a == '.' || a == '!' || a == '?')) return i;
    }
    for (std::size_t i = limit; i > floor; --i) {
        if (s[i - 1] == ' ') return i;
    }
    std::size_t i = limit;
    while (i > 0 && is_continuation(static_cast<unsigned char>(s[i]))) --i;
    return i > 0 ? i : limit;
}

bool starts_lowercase(std::string_view s) {
    if (s.empty()) return false;
    const auto first = static_cast<unsigned char>(s.front());
    if (first < 0x80) return first >= 'a' && first <= 'z';  // the only ASCII in category Ll
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                              static_cast<utf8proc_ssize_t>(std::min<std::size_t>(s.size(), 4)), &cp);
    return n > 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

std::optional<core::Date> date_prefix(std::string_view s) {
    s = trim_space_and_nbsp(s);
    if (s.size() < 10) return std::nullopt;
    return core::parse_iso_date(s.substr(0, 10));
}

}  // namespace docread

std::string repair_utf8(std::string_view bytes, std::uint64_t base_offset,
                        std::vector<std::uint64_t>* bad_offsets) {
    std::string out;
    docread::repair_utf8_to(bytes, base_offset, bad_offsets, out);
    return out;
}

void docread::repair_utf8_to(std::string_view bytes, std::uint64_t base_offset,
                             std::vector<std::uint64_t>* bad_offsets, std::string& out) {
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(bytes.data());
    const std::size_t n = bytes.size();
    // Most lines are valid: check first, then copy once.
    std::size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            i += docread::ascii_prefix(p + i, n - i);
            continue;
        }
        utf8proc_int32_t cp = 0;
        auto len =
            utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(std::min<std::size_t>(n - i, 4)), &cp);
        if (len <= 0) break;
        i += static_cast<std::size_t>(len);
    }
    if (i == n) {
        out.assign(bytes);
        return;
    }
    out.clear();
    out.reserve(bytes.size());
    out.append(bytes.data(), i);
    while (i < n) {
        // Fast path over ASCII runs, the bulk of most files.
        std::size_t run = i + docread::ascii_prefix(p + i, n - i);
        if (run > i) {
            out.append(bytes.data() + i, run - i);
            i = run;
            continue;
        }
        utf8proc_int32_t cp = 0;
        auto len =
            utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(std::min<std::size_t>(n - i, 4)), &cp);
        if (len > 0) {
            out.append(bytes.data() + i, static_cast<std::size_t>(len));
            i += static_cast<std::size_t>(len);
            continue;
        }
        // One U+FFFD for the bad byte and the continuation bytes that trail it.
        if (bad_offsets) bad_offsets->push_back(base_offset + i);
        out += docread::REPLACEMENT;
        ++i;
        for (int k = 0; k < 3 && i < n && docread::is_continuation(p[i]); ++k) ++i;
    }
}

}  // namespace reckon::text
