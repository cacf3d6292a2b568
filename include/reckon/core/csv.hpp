// A small RFC 4180 CSV reader that knows where it is: every record carries the line it
// starts on, so callers can name the file and line of a bad value. Quoted fields may hold
// commas, doubled quotes and line breaks; a UTF-8 byte-order mark is skipped.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reckon::core {

struct CsvRecord {
    std::vector<std::string> fields;
    std::uint64_t line = 0;  // 1-based line where the record starts
};

// A whole CSV file read into records, with its header mapped to column indices.
class CsvTable {
public:
    // Reads and parses `path`. Throws InputError (file and line) on an unterminated quote,
    // text after a closing quote, an empty file or a file that cannot be read.
    static CsvTable read(const std::filesystem::path& path);
    // Parses `text` as if it were the file `name` (tests, stdin).
    static CsvTable parse(std::string_view text, const std::string& name);

    const std::string& name() const { return m_name; }
    const std::vector<std::string>& header() const { return m_header; }
    const std::vector<CsvRecord>& rows() const { return m_rows; }

    // Index of a header column, nullopt if absent (names compare exactly, after trimming).
    std::optional<std::size_t> column(std::string_view name) const;
    // Index of a column the caller cannot do without; throws InputError naming it.
    std::size_t require_column(std::string_view name, std::string_view hint = {}) const;
    // The field of `row` in `column`, or "" when the row is short.
    static std::string_view field(const CsvRecord& row, std::optional<std::size_t> column);

private:
    std::string m_name;
    std::vector<std::string> m_header;
    std::vector<CsvRecord> m_rows;
};

}  // namespace reckon::core
