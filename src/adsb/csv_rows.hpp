// Private to the adsb module: walking a CSV text row by row (RFC 4180 quoting, CRLF or LF,
// comma or another separator),
// for the OurAirports and aircraft tables. Written by hand because no Debian C++ CSV library
// is among the project's dependencies and the need is small.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace reckon::adsb::detail {

class CsvRows {
public:
    explicit CsvRows(std::string_view text, char separator = ',') : m_text(text), m_separator(separator) {
        // A UTF-8 byte order mark is not part of the first field.
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF") m_pos = 3;
    }

    // Reads the next row into `fields`; false at the end of the text. A quoted field may
    // span lines; an unterminated quote ends at the end of the text (the row is still given,
    // and unterminated_quote() says so).
    bool next(std::vector<std::string>& fields);

    std::uint64_t line() const { return m_row_line; }  // 1-based line where the row began
    std::uint64_t byte() const { return m_row_byte; }  // 0-based offset where it began
    bool unterminated_quote() const { return m_unterminated; }

private:
    std::string_view m_text;
    char m_separator;
    std::size_t m_pos = 0;
    std::uint64_t m_line = 1, m_row_line = 0, m_row_byte = 0;
    bool m_unterminated = false;
};

// Index of `name` in a header row, or -1.
int column_index(const std::vector<std::string>& header, std::string_view name);

}  // namespace reckon::adsb::detail
