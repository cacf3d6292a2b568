// Names of review actions, as the store, the CLI and the web workbench write them, and the
// one check of a review before it is stored or applied.
#include "reckon/core/review.hpp"

#include <fmt/format.h>

#include <cmath>

namespace reckon::core {

namespace {

// One character of UTF-8: its code point, or nullopt for a byte that does not start a
// well-formed sequence (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
struct Decoded {
    std::optional<char32_t> code_point;
    std::size_t bytes = 1;
};

Decoded decode_utf8(std::string_view s, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) return {b0, 1};
    std::size_t n = 0;
    char32_t cp = 0;
    char32_t min = 0;  // the least code point of this length: below it, an overlong form
    if ((b0 & 0xE0) == 0xC0) {
        n = 2;
        cp = b0 & 0x1F;
        min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        n = 3;
        cp = b0 & 0x0F;
        min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        n = 4;
        cp = b0 & 0x07;
        min = 0x10000;
    } else {
        return {};
    }
    if (i + n > s.size()) return {};
    for (std::size_t k = 1; k < n; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) return {};
        cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
    return {cp, n};
}

// What a character would do to a line of the audit trail, or "" when it is harmless.
std::string_view refused_kind(char32_t cp) {
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return "a control character";
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
        return "a bidirectional override or isolate";
    return "";
}

std::optional<std::string> text_problem(std::string_view what, std::string_view text, std::size_t max_chars,
                                        bool required) {
    if (required && text.empty()) return fmt::format("{} is empty", what);
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size();) {
        const Decoded d = decode_utf8(text, i);
        ++chars;
        if (!d.code_point) return fmt::format("{} is not valid UTF-8 (byte {})", what, i + 1);
        if (const auto kind = refused_kind(*d.code_point); !kind.empty())
            return fmt::format("{} contains {} (U+{:04X}) at character {}", what, kind,
                               static_cast<std::uint32_t>(*d.code_point), chars);
        i += d.bytes;
    }
    if (chars > max_chars) return fmt::format("{} is longer than {} characters ({})", what, max_chars, chars);
    return std::nullopt;
}

}  // namespace

std::string_view to_string(ReviewAction a) {
    switch (a) {
        case ReviewAction::accept:
            return "accept";
        case ReviewAction::reject:
            return "reject";
        case ReviewAction::correct:
            return "correct";
    }
    return "accept";
}

std::optional<ReviewAction> parse_review_action(std::string_view text) {
    if (text == "accept") return ReviewAction::accept;
    if (text == "reject") return ReviewAction::reject;
    if (text == "correct") return ReviewAction::correct;
    return std::nullopt;
}

std::optional<std::string> correction_problem(const Review& r) {
    for (const auto& v : {r.value_after, r.low_after, r.high_after})
        if (v && !std::isfinite(*v)) return "a figure is not a finite number";
    if (r.action != ReviewAction::correct) {
        if (r.value_after || r.low_after || r.high_after) return "only a correction gives corrected figures";
        return std::nullopt;
    }
    if (!r.value_after) return "a correction needs the corrected value";
    const double value = *r.value_after;
    if (!(value > 0)) return fmt::format("the corrected value must be greater than 0, not {}", value);
    if (r.low_after && !(*r.low_after > 0))
        return fmt::format("the corrected low bound must be greater than 0, not {}", *r.low_after);
    if (r.high_after && !(*r.high_after > 0))
        return fmt::format("the corrected high bound must be greater than 0, not {}", *r.high_after);
    if (r.low_after && r.high_after && *r.low_after > *r.high_after)
        return fmt::format("the corrected low bound {} is above the high bound {}", *r.low_after,
                           *r.high_after);
    if (r.low_after && value < *r.low_after)
        return fmt::format("the corrected value {} is below its low bound {}", value, *r.low_after);
    if (r.high_after && value > *r.high_after)
        return fmt::format("the corrected value {} is above its high bound {}", value, *r.high_after);
    return std::nullopt;
}

std::optional<std::string> review_problem(const Review& r) {
    if (auto p = text_problem("the claim key", r.claim_key, MAX_CLAIM_KEY_CHARS, true)) return p;
    if (auto p = text_problem("the reviewer's name", r.who, MAX_REVIEWER_CHARS, true)) return p;
    if (auto p = text_problem("the note", r.note, MAX_NOTE_CHARS, false)) return p;
    for (const auto& v : {r.value_before, r.low_before, r.high_before})
        if (v && !std::isfinite(*v)) return "a figure is not a finite number";
    return correction_problem(r);
}

std::string printable_review_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const Decoded d = decode_utf8(text, i);
        if (d.code_point && refused_kind(*d.code_point).empty())
            out.append(text.substr(i, d.bytes));
        else
            out.append("\xEF\xBF\xBD");  // U+FFFD REPLACEMENT CHARACTER
        i += d.bytes;
    }
    return out;
}

}  // namespace reckon::core
