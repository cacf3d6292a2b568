// UTF-8 repair and the small string helpers the document readers share. Decoding goes
// through utf8proc, which rejects overlong forms, surrogates and code points past U+10FFFF.
#include <utf8proc.h>

#include <cctype>

#include "document_internal.hpp"
#include "reckon/core/date.hpp"

namespace reckon::text {
namespace docread {
namespace {

constexpr std::string_view REPLACEMENT = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view NBSP = "\xC2\xA0";

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

std::string_view trim(std::string_view s) {
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
    s = trim(s);
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
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                              static_cast<utf8proc_ssize_t>(std::min<std::size_t>(s.size(), 4)), &cp);
    return n > 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

std::optional<core::Date> date_prefix(std::string_view s) {
    s = trim(s);
    if (s.size() < 10) return std::nullopt;
    return core::parse_iso_date(s.substr(0, 10));
}

}  // namespace docread

std::string repair_utf8(std::string_view bytes, std::uint64_t base_offset,
                        std::vector<std::uint64_t>* bad_offsets) {
    std::string out;
    out.reserve(bytes.size());
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    while (i < n) {
        // Fast path over ASCII runs, the bulk of most files.
        std::size_t run = i;
        while (run < n && p[run] < 0x80) ++run;
        if (run > i) {
            out.append(bytes.data() + i, run - i);
            i = run;
            continue;
        }
        utf8proc_int32_t cp = 0;
        auto len = utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(std::min<std::size_t>(n - i, 4)), &cp);
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
    return out;
}

}  // namespace reckon::text
