// Shared machinery of the text formats: splitting chunks into lines (a line may straddle two
// chunks), dropping a UTF-8 BOM and CR, bounding line length, and small field helpers.
// Internal to the adsb library.
#pragma once

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "parse_number.hpp"
#include "reckon/adsb/formats.hpp"
#include "reckon/core/text.hpp"

namespace reckon::adsb::detail {

inline constexpr std::size_t MAX_LINE_BYTES = 4096;

class LineParser : public InputParser {
public:
    void feed(std::span<const std::uint8_t> data, RecordSink& sink) override;
    void finish(RecordSink& sink) override;

protected:
    // One line without its end-of-line characters; never empty.
    virtual void line(std::string_view text, RecordSink& sink) = 0;
    std::uint64_t line_number() const { return m_line_number; }

private:
    void dispatch(std::string_view text, RecordSink& sink);
    std::string m_partial;
    bool m_overflow = false;
    std::uint64_t m_line_number = 0;
};

// Value of a hex digit, or -1.
inline int hex_digit(char c) {
    static constexpr auto TABLE = [] {
        std::array<signed char, 256> t{};
        t.fill(-1);
        for (int i = 0; i < 10; ++i) t.at('0' + i) = static_cast<signed char>(i);
        for (int i = 0; i < 6; ++i) {
            t.at('a' + i) = static_cast<signed char>(10 + i);
            t.at('A' + i) = static_cast<signed char>(10 + i);
        }
        return t;
    }();
    return TABLE[static_cast<unsigned char>(c)];
}

inline bool all_hex(std::string_view s) {
    for (char c : s)
        if (hex_digit(c) < 0) return false;
    return !s.empty();
}

// Splits on ',' into at most fields.size() fields; returns the count (fields beyond the last
// are joined into it).
inline std::size_t split_csv(std::string_view line, std::span<std::string_view> fields) {
    if (fields.empty()) return 0;
    std::size_t n = 0;
    while (n + 1 < fields.size()) {
        const auto comma = line.find(',');
        fields[n++] = line.substr(0, comma);
        if (comma == std::string_view::npos) return n;
        line.remove_prefix(comma + 1);
    }
    fields[n++] = line;
    return n;
}

// Bytes read from a file seen as text, and text seen as bytes. char and unsigned char may alias
// any object, so the casts are well defined; they are kept here, in one place.
inline std::string_view as_text(std::span<const std::uint8_t> bytes) {
    // NOLINTNEXTLINE(*-reinterpret-cast): see above
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}
inline std::span<const std::uint8_t> as_bytes(std::string_view text) {
    // NOLINTNEXTLINE(*-reinterpret-cast): see above
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}
inline std::span<std::uint8_t> as_writable_bytes(std::string& text) {
    // NOLINTNEXTLINE(*-reinterpret-cast): see above
    return {reinterpret_cast<std::uint8_t*>(text.data()), text.size()};
}

// Squawk text "7700" → 7700; nullopt unless four octal digits.
inline std::optional<std::uint16_t> parse_squawk(std::string_view s) {
    s = core::unquote(s);
    if (s.size() != 4) return std::nullopt;
    unsigned v = 0;
    for (char c : s) {
        if (c < '0' || c > '7') return std::nullopt;
        v = v * 10 + static_cast<unsigned>(c - '0');
    }
    return static_cast<std::uint16_t>(v);
}

}  // namespace reckon::adsb::detail
