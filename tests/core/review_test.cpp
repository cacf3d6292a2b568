// core::review_problem, the one check of a review before it is stored (issue 12, item 4):
// corrections must be valid claims, text must not carry control or bidi characters, and the
// limits count characters, not bytes.
#include "reckon/core/review.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace {

using reckon::core::Review;
using reckon::core::ReviewAction;

Review correction(double value, std::optional<double> low = {}, std::optional<double> high = {}) {
    Review r;
    r.claim_key = "doc:0123456789abcdef:10-20:production_rate";
    r.action = ReviewAction::correct;
    r.who = "analyst";
    r.value_after = value;
    r.low_after = low;
    r.high_after = high;
    return r;
}

Review with_text(std::string who, std::string note) {
    Review r;
    r.claim_key = "csv:claims.csv:0123456789abcdef";
    r.action = ReviewAction::accept;
    r.who = std::move(who);
    r.note = std::move(note);
    return r;
}

// The UTF-8 of one code point: bidi controls built at run time, so that no literal of this
// file holds one (clang-tidy's misc-misleading-bidirectional).
std::string utf8(char32_t cp) {
    std::string out;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

std::string repeat(std::string_view s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

TEST(ReviewProblem, CorrectionsMustBeValidClaims) {
    struct Case {
        Review review;
        std::string expected;  // "" = valid
    };
    const std::vector<Case> cases = {
        {correction(5500), ""},
        {correction(5500, 5000, 6000), ""},
        {correction(5000, 5000, 5000), ""},
        {correction(0), "the corrected value must be greater than 0, not 0"},
        {correction(-3), "the corrected value must be greater than 0, not -3"},
        {correction(std::nan("")), "a figure is not a finite number"},
        {correction(HUGE_VAL), "a figure is not a finite number"},
        {correction(10, 20, 5), "the corrected low bound 20 is above the high bound 5"},
        {correction(50, 1, 5), "the corrected value 50 is above its high bound 5"},
        {correction(1, 5, 50), "the corrected value 1 is below its low bound 5"},
        {correction(5, 0), "the corrected low bound must be greater than 0, not 0"},
        {correction(5, {}, -1), "the corrected high bound must be greater than 0, not -1"},
    };
    for (const auto& c : cases) {
        const auto problem = reckon::core::review_problem(c.review);
        EXPECT_EQ(problem.value_or(""), c.expected) << "value " << *c.review.value_after;
        EXPECT_EQ(reckon::core::correction_problem(c.review).value_or(""), c.expected);
    }
    Review no_value = correction(1);
    no_value.value_after.reset();
    EXPECT_EQ(reckon::core::review_problem(no_value).value_or(""), "a correction needs the corrected value");
    Review reject_with_value = correction(1);
    reject_with_value.action = ReviewAction::reject;
    EXPECT_EQ(reckon::core::review_problem(reject_with_value).value_or(""),
              "only a correction gives corrected figures");
}

TEST(ReviewProblem, RefusesControlAndBidiCharactersInWhoAndNote) {
    struct Case {
        std::string who, note, expected;
    };
    using namespace std::string_literals;
    const std::vector<Case> cases = {
        {"Ана Ćirić 分析", "checked against the PDF, p. 3 — fine", ""},
        {"a\0b"s, "", "the reviewer's name contains a control character (U+0000) at character 2"},
        {"x", "\x1b[2Jclean", "the note contains a control character (U+001B) at character 1"},
        {"x", "line\nbreak", "the note contains a control character (U+000A) at character 5"},
        {"x", "del\x7f", "the note contains a control character (U+007F) at character 4"},
        {"x", "c1 \xc2\x9b", "the note contains a control character (U+009B) at character 4"},
        {utf8(0x202E) + "evil", "",
         "the reviewer's name contains a bidirectional override or isolate (U+202E) at character 1"},
        {"x", "ab" + utf8(0x202A),
         "the note contains a bidirectional override or isolate (U+202A) at character 3"},
        {"x", utf8(0x2066) + "isolated" + utf8(0x2069),
         "the note contains a bidirectional override or isolate (U+2066) at character 1"},
        {"x", "end " + utf8(0x2069),
         "the note contains a bidirectional override or isolate (U+2069) at character 5"},
        {"bad \xff byte", "", "the reviewer's name is not valid UTF-8 (byte 5)"},
        {"overlong \xc0\xaf", "", "the reviewer's name is not valid UTF-8 (byte 10)"},
        {"", "", "the reviewer's name is empty"},
    };
    for (const auto& c : cases)
        EXPECT_EQ(reckon::core::review_problem(with_text(c.who, c.note)).value_or(""), c.expected)
            << c.who << " / " << c.note;
}

TEST(ReviewProblem, LimitsCountCharactersNotBytes) {
    using reckon::core::MAX_NOTE_CHARS;
    using reckon::core::MAX_REVIEWER_CHARS;
    EXPECT_FALSE(reckon::core::review_problem(with_text(repeat("é", MAX_REVIEWER_CHARS), "")));
    EXPECT_EQ(reckon::core::review_problem(with_text(repeat("é", MAX_REVIEWER_CHARS + 1), "")).value_or(""),
              "the reviewer's name is longer than 100 characters (101)");
    EXPECT_FALSE(reckon::core::review_problem(with_text("x", repeat("分", MAX_NOTE_CHARS))));
    EXPECT_EQ(reckon::core::review_problem(with_text("x", repeat("a", MAX_NOTE_CHARS + 1))).value_or(""),
              "the note is longer than 2000 characters (2001)");
    Review no_key = with_text("x", "");
    no_key.claim_key.clear();
    EXPECT_EQ(reckon::core::review_problem(no_key).value_or(""), "the claim key is empty");
}

TEST(ReviewProblem, PrintableTextReplacesWhatIsRefused) {
    EXPECT_EQ(reckon::core::printable_review_text("a\x1b[2Jb" + utf8(0x202E) + "c\xff"),
              "a\xEF\xBF\xBD[2Jb\xEF\xBF\xBD"
              "c\xEF\xBF\xBD");
    EXPECT_EQ(reckon::core::printable_review_text("Ćirić 分析"), "Ćirić 分析");
}

}  // namespace
