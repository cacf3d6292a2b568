// bound_html_nesting (issue 12): pages nested deeper than MAX_HTML_DEPTH lose the tags of the
// deep elements and keep every word; real page shapes (unclosed <p> and <li>, tables, inline
// SVG, scripts holding markup) lose nothing; parse_html reads the deep text without crashing.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "reckon/text/document.hpp"

namespace {

using reckon::text::bound_html_nesting;
using reckon::text::MAX_HTML_DEPTH;

std::string repeat(const std::string& s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

// The characters outside tags (a rough text of the page), to check that no word was lost.
std::string outside_tags(const std::string& html) {
    std::string out;
    bool in_tag = false;
    for (char c : html) {
        if (c == '<') in_tag = true;
        if (!in_tag) out += c;
        if (c == '>') in_tag = false;
    }
    return out;
}

// Any positive number of tags dropped: the model only promises to err on the deep side.
constexpr std::size_t SOME = static_cast<std::size_t>(-1);

struct Case {
    const char* what;
    std::string html;
    std::size_t dropped;  // tags dropped, or SOME
};

TEST(BoundHtmlNesting, DropsOnlyWhatIsTooDeep) {
    const std::size_t over = 300 - MAX_HTML_DEPTH;
    const std::vector<Case> cases = {
        {"a plain page", "<html><body><div><p>Text</p></div></body></html>", 0},
        {"300 closed nested div", repeat("<div>", 300) + "x" + repeat("</div>", 300), 2 * over},
        {"300 unclosed span", repeat("<span>", 300) + "x", over},
        {"mixed case names", repeat("<DIV class=a>", 300) + "x" + repeat("</Div>", 300), 2 * over},
        {"1000 unclosed <p>", repeat("<p>para", 1000), 0},
        {"1000 unclosed <li>", "<ul>" + repeat("<li><a href=x>item</a>", 1000) + "</ul>", 0},
        {"1000 unclosed <li> holding <p>", "<ul>" + repeat("<li><p>item", 1000) + "</ul>", 0},
        {"table of 1000 rows, cells unclosed", "<table>" + repeat("<tr><td>a<td>b", 1000) + "</table>", 0},
        {"1000 void elements", repeat("<br><img src=x><hr/>", 1000), 0},
        {"an inline SVG of 1000 self-closed paths", "<svg>" + repeat("<path d='M0 0'/>", 1000) + "</svg>", 0},
        {"markup inside a script", "<script>" + repeat("document.write('<div>');", 1000) + "</script><p>x",
         0},
        {"markup inside a comment", "<!--" + repeat("<div>", 1000) + "--><p>x", 0},
        {"markup inside a quoted attribute", repeat("<a title='<div>>'>x</a>", 1000), 0},
        {"headings closed by headings", repeat("<h2>title<h3>sub", 1000), 0},
        // gumbo ignores an end tag that would close a <div> without its own end tag: the
        // spans stay open, so the model must count them open too.
        {"end tags gumbo ignores", repeat("<span><div></span>", 200), SOME},
        // Formatting elements closed by </p> are reopened in the next paragraph by gumbo.
        {"formatting elements left open across paragraphs", repeat("<p><b id=1>x</p>", 300), SOME},
        // gumbo 0.10.1 fails an assertion (abort) on this page, found by fuzzing.
        {"a select inside svg inside a table", "<table><svg><select><title><select><td>", 2},
        {"markers clear reopened formatting", "<table><tr>" + repeat("<td><b>x</td>", 1000) + "</table>", 0},
    };
    for (const Case& c : cases) {
        const auto bounded = bound_html_nesting(c.html);
        if (c.dropped == SOME) {
            EXPECT_GT(bounded.dropped_tags, 0u) << c.what;
        } else {
            EXPECT_EQ(bounded.dropped_tags, c.dropped) << c.what;
        }
        if (bounded.dropped_tags == 0) {
            EXPECT_TRUE(bounded.html.empty()) << c.what;
        } else {
            EXPECT_EQ(outside_tags(bounded.html), outside_tags(c.html)) << c.what;
        }
    }
}

TEST(BoundHtmlNesting, UnfinishedTagsAndCommentsEndThePage) {
    for (const std::string html :
         {"<div", "<div title='x", "<!-- open", "<script>x", "</", "<", "<!x", "a < b"}) {
        const auto bounded = bound_html_nesting(html);
        EXPECT_EQ(bounded.dropped_tags, 0u) << html;
    }
}

// Pages that made gumbo 0.10.1 abort (a failed assertion), found by fuzzing.
TEST(ParseHtml, PagesThatAbortedGumboAreRead) {
    for (const std::string html :
         {"<table><svg><select><title><select><td>x", "<table><math><select><mi><select><td>x"}) {
        const auto page = reckon::text::parse_html(html);
        EXPECT_EQ(page.dropped_tags, 2u) << html;
    }
}

bool has_block(const reckon::text::ParsedPage& page, const std::string& words) {
    return std::any_of(page.blocks.begin(), page.blocks.end(),
                       [&](const auto& b) { return b.text.find(words) != std::string::npos; });
}

// The inputs of issue 12 through the whole HTML reader: no crash, the deep text is read.
TEST(ParseHtml, DeepPagesAreReadWithTheirText) {
    const std::string para =
        "<p>The plant in the special economic zone produced 5,500 drones per month in 2024, "
        "the ministry said on Tuesday.</p>";
    const std::string deep =
        "The deep text says that the workshop employs 1,200 workers on two shifts a day.";
    // <html> and <body> hold two levels.
    const std::string unclosed = "<html><body>" + para + repeat("<span>", 500'000) + deep + "</body></html>";
    auto page = reckon::text::parse_html(unclosed);
    EXPECT_EQ(page.dropped_tags, 500'000 - (MAX_HTML_DEPTH - 2));
    EXPECT_TRUE(has_block(page, "5,500 drones per month"));
    EXPECT_TRUE(has_block(page, "1,200 workers"));

    const std::string closed = "<html><body>" + repeat("<div>", 100'000) + para + deep +
                               repeat("</div>", 100'000) + "</body></html>";
    page = reckon::text::parse_html(closed);
    EXPECT_EQ(page.dropped_tags, 2 * (100'000 - (MAX_HTML_DEPTH - 2)) + 2);  // and the <p> inside
    EXPECT_TRUE(has_block(page, "5,500 drones per month"));
    EXPECT_TRUE(has_block(page, "1,200 workers"));
}

}  // namespace
