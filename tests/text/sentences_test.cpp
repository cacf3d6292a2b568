// Sentence splitting: table of paragraphs and the sentences expected from them.
#include "reckon/text/sentences.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

std::vector<std::string> split(std::string_view text) {
    std::vector<std::string> out;
    for (auto s : reckon::text::split_sentences(text))
        out.emplace_back(text.substr(s.start, s.end - s.start));
    return out;
}

struct Case {
    std::string text;
    std::vector<std::string> sentences;
};

TEST(Sentences, SplitsAtStopsButNotInsideNumbersOrAbbreviations) {
    const std::vector<Case> cases = {
        {"", {}},
        {"One. Two.", {"One.", "Two."}},
        {"It cost $1.75 billion. Then more.", {"It cost $1.75 billion.", "Then more."}},
        {"Dr. Smith said so. He left.", {"Dr. Smith said so.", "He left."}},
        {"Output rose in Jan. and fell later.", {"Output rose in Jan. and fell later."}},
        {"He said, \u201cThis is done.\u201d Then he went.",
         {"He said, \u201cThis is done.\u201d", "Then he went."}},
        {"Really? Yes! Fine", {"Really?", "Yes!", "Fine"}},
        {"  leading spaces. ", {"leading spaces."}},
        {"Version 2.0 shipped. Wait...  then", {"Version 2.0 shipped.", "Wait...", "then"}},
        {"J. R. Tolkien wrote. End.", {"J. R. Tolkien wrote.", "End."}},
    };
    for (const auto& c : cases) EXPECT_EQ(split(c.text), c.sentences) << c.text;
}

TEST(Sentences, OffsetsPointIntoTheParagraph) {
    std::string text = "First one. Second one.";
    auto spans = reckon::text::split_sentences(text);
    ASSERT_EQ(spans.size(), 2u);
    EXPECT_EQ(spans[1].start, 11u);
    EXPECT_EQ(spans[1].end, text.size());
}

}  // namespace
