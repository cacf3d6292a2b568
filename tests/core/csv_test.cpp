// The one CSV reader: records and their line numbers for well-formed text, and the exact
// message (file, line, column) for malformed text.
#include "reckon/core/csv.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "reckon/core/error.hpp"

namespace reckon::core {
namespace {

struct Row {
    std::uint64_t line;
    std::vector<std::string> fields;
    bool operator==(const Row&) const = default;
};

std::vector<Row> read_all(std::string_view text, CsvOptions options = {}) {
    CsvReader reader(text, "t.csv", options);
    std::vector<Row> rows;
    for (CsvRecord r; reader.next(r);) rows.push_back({r.line, r.fields});
    return rows;
}

std::string show(const std::vector<Row>& rows) {
    std::string out;
    for (const auto& r : rows) {
        out += std::to_string(r.line) + ":";
        for (const auto& f : r.fields) out += "[" + f + "]";
        out += " ";
    }
    return out;
}

TEST(CsvReader, Records) {
    const struct {
        const char* name;
        std::string_view text;
        std::vector<Row> expected;
    } cases[] = {
        {"empty text", "", {}},
        {"one field, no line end", "a", {{1, {"a"}}}},
        {"LF", "a,b\nc,d\n", {{1, {"a", "b"}}, {2, {"c", "d"}}}},
        {"CRLF", "a,b\r\nc,d\r\n", {{1, {"a", "b"}}, {2, {"c", "d"}}}},
        {"lone CR", "a\rb\r", {{1, {"a"}}, {2, {"b"}}}},
        {"empty fields", ",a,,\n", {{1, {"", "a", "", ""}}}},
        {"trailing separator at the end", "a,", {{1, {"a", ""}}}},
        {"blank lines are skipped, lines still counted", "\n\na\n\r\n\nb", {{3, {"a"}}, {6, {"b"}}}},
        {"spaces are kept", " a , b ", {{1, {" a ", " b "}}}},
        {"quoted separator", "\"a,b\",c", {{1, {"a,b", "c"}}}},
        {"doubled quote", "\"say \"\"hi\"\"\",x", {{1, {"say \"hi\"", "x"}}}},
        {"quoted empty field", "\"\",\"\"\n", {{1, {"", ""}}}},
        {"a line break inside quotes moves the next record's line",
         "\"a\nb\",c\nd\n",
         {{1, {"a\nb", "c"}}, {3, {"d"}}}},
        {"a quote inside an unquoted field is text", "a\"b,c", {{1, {"a\"b", "c"}}}},
        {"byte-order mark", "\xEF\xBB\xBFid,name\n1,x\n", {{1, {"id", "name"}}, {2, {"1", "x"}}}},
    };
    for (const auto& c : cases)
        EXPECT_EQ(read_all(c.text), c.expected) << c.name << ": " << show(read_all(c.text));
}

TEST(CsvReader, SeparatorAndComments) {
    EXPECT_EQ(read_all("a;b,c\n", {.separator = ';'}), (std::vector<Row>{{1, {"a", "b,c"}}}));
    EXPECT_EQ(read_all("# kind | name\n  # indented\nproduct | X | y\n", {.separator = '|', .comment = '#'}),
              (std::vector<Row>{{3, {"product ", " X ", " y"}}}));
    // Without a comment character, '#' is data.
    EXPECT_EQ(read_all("#a,b\n"), (std::vector<Row>{{1, {"#a", "b"}}}));
    // A '#' after the start of a line is data.
    EXPECT_EQ(read_all("a|#b\n", {.separator = '|', .comment = '#'}), (std::vector<Row>{{1, {"a", "#b"}}}));
}

TEST(CsvReader, ErrorsNameFileLineAndColumn) {
    const struct {
        std::string_view text;
        const char* message;
    } cases[] = {
        {"a,\"b\n", "t.csv:1: a quoted field is never closed"},
        {"a\nb,\"c\nd\ne\n", "t.csv:2: a quoted field is never closed"},
        {"a\n\"b\"x,c\n", "t.csv:2:4: text after a closing quote ('x')"},
        {"\"a\nb\" ,c\n", "t.csv:2:3: text after a closing quote (' ')"},
    };
    for (const auto& c : cases) {
        try {
            read_all(c.text);
            ADD_FAILURE() << "no error for " << c.text;
        } catch (const InputError& e) {
            EXPECT_STREQ(e.what(), c.message);
            EXPECT_EQ(e.where().file, "t.csv");
            EXPECT_FALSE(e.hint().empty());
        }
    }
}

TEST(CsvTable, HeaderColumnsAndFields) {
    const auto t = CsvTable::parse(" id ,name\r\n1,\"Gelix, Airlines\"\n2\n", "t.csv");
    EXPECT_EQ(t.header(), (std::vector<std::string>{"id", "name"}));  // names are trimmed
    ASSERT_EQ(t.rows().size(), 2u);
    EXPECT_EQ(t.rows()[0].line, 2u);
    EXPECT_EQ(t.rows()[1].line, 3u);
    EXPECT_EQ(t.column("name"), 1u);
    EXPECT_EQ(t.column("missing"), std::nullopt);
    EXPECT_EQ(t.rows()[0].field(t.column("name")), "Gelix, Airlines");
    EXPECT_EQ(t.rows()[1].field(t.column("name")), "");  // a short row
    EXPECT_EQ(CsvTable::field(t.rows()[0], std::nullopt), "");
}

TEST(CsvTable, Errors) {
    try {
        CsvTable::parse("\n\n", "empty.csv");
        ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "empty.csv: the file is empty");
    }
    const auto t = CsvTable::parse("\nid,name\n", "t.csv");
    try {
        t.require_column("date", "add a date column (YYYY-MM-DD)");
        ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "t.csv:2: the header has no column 'date'");  // the header's own line
        EXPECT_EQ(e.hint(), "add a date column (YYYY-MM-DD)");
    }
    try {
        CsvTable::read("/nonexistent/t.csv");
        ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "/nonexistent/t.csv: cannot open the file");
    }
}

}  // namespace
}  // namespace reckon::core
