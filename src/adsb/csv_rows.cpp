// CSV row splitting for the adsb tables (see csv_rows.hpp).
#include "csv_rows.hpp"

namespace reckon::adsb::detail {

bool CsvRows::next(std::vector<std::string>& fields) {
    fields.clear();
    if (m_pos >= m_text.size()) return false;
    m_row_line = m_line;
    m_row_byte = m_pos;
    m_unterminated = false;
    std::string field;
    for (;;) {
        field.clear();
        if (m_pos < m_text.size() && m_text[m_pos] == '"') {
            ++m_pos;
            for (;;) {
                if (m_pos >= m_text.size()) {
                    m_unterminated = true;
                    break;
                }
                const char c = m_text[m_pos++];
                if (c == '"') {
                    if (m_pos < m_text.size() && m_text[m_pos] == '"') {
                        field += '"';
                        ++m_pos;
                        continue;
                    }
                    break;
                }
                if (c == '\n') ++m_line;
                field += c;
            }
            // Anything between the closing quote and the separator is kept, as most readers do.
            while (m_pos < m_text.size() && m_text[m_pos] != m_separator && m_text[m_pos] != '\n' &&
                   m_text[m_pos] != '\r')
                field += m_text[m_pos++];
        } else {
            const std::size_t start = m_pos;
            while (m_pos < m_text.size() && m_text[m_pos] != m_separator && m_text[m_pos] != '\n' &&
                   m_text[m_pos] != '\r')
                ++m_pos;
            field.assign(m_text.substr(start, m_pos - start));
        }
        fields.push_back(field);
        if (m_pos >= m_text.size()) return true;
        const char sep = m_text[m_pos++];
        if (sep == m_separator) continue;
        if (sep == '\r' && m_pos < m_text.size() && m_text[m_pos] == '\n') ++m_pos;
        ++m_line;
        return true;
    }
}

int column_index(const std::vector<std::string>& header, std::string_view name) {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return static_cast<int>(i);
    return -1;
}

}  // namespace reckon::adsb::detail
