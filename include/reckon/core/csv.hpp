// reckon's one CSV reader (RFC 4180) that knows where it is: every record carries the line it
// starts on, so callers can name the file and line of a bad value. Quoted fields may hold
// separators, doubled quotes and line breaks; a UTF-8 byte-order mark is skipped; LF, CRLF
// and CR all end a line. CsvReader walks a text record by record (large tables: aircraft,
// runways); CsvTable reads a whole file with its header (programme inputs).
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

    // The field in `column`, or "" when the column is absent or the record is short.
    std::string_view field(std::optional<std::size_t> column) const {
        return column && *column < fields.size() ? std::string_view(fields[*column]) : std::string_view();
    }
};

struct CsvOptions {
    char separator = ',';
    // A line whose first byte other than space or tab is `comment` is skipped; '\0': none.
    char comment = '\0';
};

// Reads the records of a text one at a time, with no copy of the text.
class CsvReader {
public:
    // `text` must outlive the reader; `name` names the file in errors.
    CsvReader(std::string_view text, std::string name, CsvOptions options = {});

    // Reads the next record into `record` (replacing its fields); false at the end of the
    // text. Empty lines (and comment lines) are skipped, so a record has at least one field.
    // Throws InputError naming the file and line on a quoted field that is never closed or
    // on text after a closing quote (and the column of that text).
    bool next(CsvRecord& record);

    const std::string& name() const { return m_name; }

private:
    void skip_blank_and_comment_lines();
    void read_quoted(std::string& field);

    std::string_view m_text;
    std::string m_name;
    CsvOptions m_options;
    std::size_t m_pos = 0;
    std::size_t m_line_start = 0;  // offset of the first byte of the current line
    std::uint64_t m_line = 1;
};

// A header record: column names (trimmed of ASCII white space) looked up exactly.
class CsvHeader {
public:
    CsvHeader() = default;
    CsvHeader(const CsvRecord& record, std::string file);

    const std::vector<std::string>& names() const { return m_names; }
    // Index of a column, nullopt if absent.
    std::optional<std::size_t> column(std::string_view name) const;
    // Index of a column the caller cannot do without; throws InputError naming the file, the
    // header's line and the column.
    std::size_t require_column(std::string_view name, std::string_view hint = {}) const;

private:
    std::vector<std::string> m_names;
    std::string m_file;
    std::uint64_t m_line = 1;
};

// A whole CSV file read into records, with its first record as the header.
class CsvTable {
public:
    // Reads and parses `path`. Throws InputError (file and line) as CsvReader::next does,
    // and on an empty file or a file that cannot be read.
    static CsvTable read(const std::filesystem::path& path, CsvOptions options = {});
    // Parses `text` as if it were the file `name` (tests, stdin).
    static CsvTable parse(std::string_view text, const std::string& name, CsvOptions options = {});

    const std::string& name() const { return m_name; }
    const std::vector<std::string>& header() const { return m_header.names(); }
    const std::vector<CsvRecord>& rows() const { return m_rows; }

    // As CsvHeader::column and CsvHeader::require_column.
    std::optional<std::size_t> column(std::string_view name) const { return m_header.column(name); }
    std::size_t require_column(std::string_view name, std::string_view hint = {}) const {
        return m_header.require_column(name, hint);
    }
    // As CsvRecord::field.
    static std::string_view field(const CsvRecord& row, std::optional<std::size_t> column) {
        return row.field(column);
    }

private:
    std::string m_name;
    CsvHeader m_header;
    std::vector<CsvRecord> m_rows;
};

}  // namespace reckon::core
