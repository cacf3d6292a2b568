// CSV reading with line numbers; see csv.hpp.
#include "reckon/core/csv.hpp"

#include <fstream>
#include <sstream>

#include <fmt/core.h>

#include "reckon/core/error.hpp"

namespace reckon::core {
namespace {

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return std::string(s);
}

}  // namespace

CsvTable CsvTable::read(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError({path.string()}, "cannot open the file",
                         "check that it exists and that you may read it");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) throw InputError({path.string()}, "the file could not be read to its end");
    return parse(buffer.str(), path.string());
}

CsvTable CsvTable::parse(std::string_view text, const std::string& name) {
    CsvTable table;
    table.m_name = name;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);

    std::vector<CsvRecord> records;
    CsvRecord record;
    std::string field;
    std::uint64_t line = 1;
    record.line = 1;
    bool in_quotes = false, after_quote = false, record_has_content = false;
    auto end_field = [&] {
        record.fields.push_back(std::move(field));
        field.clear();
        after_quote = false;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_quotes) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    in_quotes = false;
                    after_quote = true;
                }
            } else {
                if (c == '\n') ++line;
                field += c;
            }
            continue;
        }
        if (c == ',') {
            end_field();
            record_has_content = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            if (record_has_content || !field.empty()) {
                end_field();
                records.push_back(std::move(record));
            }
            record = CsvRecord{};
            ++line;
            record.line = line;
            record_has_content = false;
            after_quote = false;
        } else if (c == '"' && field.empty() && !after_quote) {
            in_quotes = true;
            record_has_content = true;
        } else if (after_quote) {
            throw InputError({name, line}, fmt::format("text after a closing quote ('{}')", c),
                             "a quoted field must end at a comma or the end of the line; "
                             "double any quote inside it (\"\")");
        } else {
            field += c;
            record_has_content = true;
        }
    }
    if (in_quotes)
        throw InputError({name, record.line}, "a quoted field is never closed",
                         "add the closing quote (\") of the field that starts on this line");
    if (record_has_content || !field.empty()) {
        end_field();
        records.push_back(std::move(record));
    }
    if (records.empty())
        throw InputError({name}, "the file is empty", "a CSV file needs a header line and rows");

    for (const auto& h : records.front().fields) table.m_header.push_back(trim(h));
    records.erase(records.begin());
    table.m_rows = std::move(records);
    return table;
}

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
    for (std::size_t i = 0; i < m_header.size(); ++i)
        if (m_header[i] == name) return i;
    return std::nullopt;
}

std::size_t CsvTable::require_column(std::string_view name, std::string_view hint) const {
    if (auto c = column(name)) return *c;
    throw InputError({m_name, 1}, fmt::format("the header has no column '{}'", name),
                     hint.empty() ? std::string("add the column to the header line") : std::string(hint));
}

std::string_view CsvTable::field(const CsvRecord& row, std::optional<std::size_t> column) {
    if (!column || *column >= row.fields.size()) return {};
    return row.fields[*column];
}

}  // namespace reckon::core
