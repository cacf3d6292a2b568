// CSV reading with line numbers; see csv.hpp. Written by hand: no CSV library is among
// Debian's C++ packages the project uses, and the reader must report lines and columns.
#include "reckon/core/csv.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "reckon/core/error.hpp"
#include "reckon/core/read_file.hpp"
#include "reckon/core/text.hpp"

namespace reckon::core {
namespace {

constexpr std::string_view UTF8_BOM = "\xEF\xBB\xBF";

}  // namespace

CsvReader::CsvReader(std::string_view text, std::string name, CsvOptions options)
    : m_text(text), m_name(std::move(name)), m_options(options) {
    if (m_text.starts_with(UTF8_BOM)) m_pos = m_line_start = UTF8_BOM.size();
}

void CsvReader::skip_blank_and_comment_lines() {
    while (m_pos < m_text.size()) {
        const char c = m_text[m_pos];
        if (c == '\n' || c == '\r') {
            ++m_pos;
            if (c == '\r' && m_pos < m_text.size() && m_text[m_pos] == '\n') ++m_pos;
            ++m_line;
            m_line_start = m_pos;
            continue;
        }
        if (m_options.comment == '\0') return;
        std::size_t i = m_pos;
        while (i < m_text.size() && (m_text[i] == ' ' || m_text[i] == '\t')) ++i;
        if (i >= m_text.size() || m_text[i] != m_options.comment) return;
        while (i < m_text.size() && m_text[i] != '\n' && m_text[i] != '\r') ++i;
        m_pos = i;  // the loop then steps over the line end
    }
}

void CsvReader::read_quoted(std::string& field) {
    const std::uint64_t first_line = m_line;
    ++m_pos;  // the opening quote
    for (;;) {
        const std::size_t quote = m_text.find('"', m_pos);
        if (quote == std::string_view::npos)
            throw InputError({m_name, first_line}, "a quoted field is never closed",
                             "add the closing quote (\") of the field that starts on this line");
        const std::string_view chunk = m_text.substr(m_pos, quote - m_pos);
        for (std::size_t i = 0; i < chunk.size(); ++i) {
            // A line break inside the field: count it, so later records know their line.
            if (chunk[i] == '\n' || (chunk[i] == '\r' && (i + 1 == chunk.size() || chunk[i + 1] != '\n'))) {
                ++m_line;
                m_line_start = m_pos + i + 1;
            }
        }
        field.append(chunk);
        m_pos = quote + 1;
        if (m_pos < m_text.size() && m_text[m_pos] == '"') {  // "" stands for one quote
            field += '"';
            ++m_pos;
            continue;
        }
        break;
    }
    if (m_pos < m_text.size()) {
        const char c = m_text[m_pos];
        if (c != m_options.separator && c != '\n' && c != '\r')
            throw InputError({m_name, m_line, m_pos - m_line_start + 1},
                             fmt::format("text after a closing quote ('{}')", c),
                             fmt::format("a quoted field must end at a '{}' or the end of the line; "
                                         "double any quote inside it (\"\")",
                                         m_options.separator));
    }
}

bool CsvReader::next(CsvRecord& record) {
    record.fields.clear();
    skip_blank_and_comment_lines();
    if (m_pos >= m_text.size()) return false;
    record.line = m_line;
    const char separator = m_options.separator;
    for (;;) {
        std::string& field = record.fields.emplace_back();
        if (m_pos < m_text.size() && m_text[m_pos] == '"') {
            read_quoted(field);
        } else {
            const std::size_t start = m_pos;
            while (m_pos < m_text.size()) {
                const char c = m_text[m_pos];
                if (c == separator || c == '\n' || c == '\r') break;
                ++m_pos;
            }
            field.assign(m_text.substr(start, m_pos - start));
        }
        if (m_pos >= m_text.size()) return true;
        const char end = m_text[m_pos++];
        if (end == separator) continue;
        if (end == '\r' && m_pos < m_text.size() && m_text[m_pos] == '\n') ++m_pos;
        ++m_line;
        m_line_start = m_pos;
        return true;
    }
}

CsvHeader::CsvHeader(const CsvRecord& record, std::string file)
    : m_file(std::move(file)), m_line(record.line) {
    m_names.reserve(record.fields.size());
    for (const auto& name : record.fields) m_names.emplace_back(trim(name));
}

std::optional<std::size_t> CsvHeader::column(std::string_view name) const {
    const auto it = std::find(m_names.begin(), m_names.end(), name);
    if (it == m_names.end()) return std::nullopt;
    return static_cast<std::size_t>(it - m_names.begin());
}

std::size_t CsvHeader::require_column(std::string_view name, std::string_view hint) const {
    if (auto c = column(name)) return *c;
    throw InputError({m_file, m_line}, fmt::format("the header has no column '{}'", name),
                     hint.empty() ? std::string("add the column to the header line") : std::string(hint));
}

CsvTable CsvTable::read(const std::filesystem::path& path, CsvOptions options) {
    return parse(read_file(path), path.string(), options);
}

CsvTable CsvTable::parse(std::string_view text, const std::string& name, CsvOptions options) {
    CsvTable table;
    table.m_name = name;
    CsvReader reader(text, name, options);
    CsvRecord record;
    if (!reader.next(record))
        throw InputError({name}, "the file is empty", "a CSV file needs a header line and rows");
    table.m_header = CsvHeader(record, name);
    while (reader.next(record)) table.m_rows.push_back(std::move(record));
    return table;
}

}  // namespace reckon::core
