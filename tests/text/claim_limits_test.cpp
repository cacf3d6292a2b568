// The limits on one document's claims (issue 12): long sentences stored clipped around their
// figure at code point boundaries, claims capped per sentence and per document and counted,
// overlong sentences read in pieces with the figures' offsets still in the whole document.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "example_gazetteer.hpp"
#include "reckon/text/claims.hpp"
#include "reckon/text/document.hpp"

namespace {

using reckon::text::clip_sentence;
using reckon::text::MAX_CLAIMS_PER_DOCUMENT;
using reckon::text::MAX_CLAIMS_PER_SENTENCE;
using reckon::text::MAX_WHOLE_SENTENCE_BYTES;
using reckon::text::SENTENCE_CONTEXT_BYTES;

const std::string ELLIPSIS = "\xE2\x80\xA6";

bool valid_utf8(const std::string& s) { return reckon::text::repair_utf8(s, 0, nullptr) == s; }

TEST(ClipSentence, ShortSentencesAreKeptWhole) {
    const std::string s = "Alabuga produced 5,500 drones per month in 2024.";
    EXPECT_EQ(clip_sentence(s, 17, 22), s);
    const std::string limit(MAX_WHOLE_SENTENCE_BYTES, 'a');
    EXPECT_EQ(clip_sentence(limit, 10, 20), limit);
}

TEST(ClipSentence, LongSentencesAreClippedAroundTheFigureAtCodePoints) {
    // Two-byte letters (é) everywhere, so that most byte positions are inside a code point.
    std::string before, after;
    while (before.size() < 5000) before += "d\xC3\xA9j\xC3\xA0 ";
    while (after.size() < 5000) after += " \xC3\xA9t\xC3\xA9";
    const std::string figure = "5,500 drones";
    for (std::size_t shift = 0; shift < 4; ++shift) {
        const std::string s = before.substr(shift) + figure + after;
        const std::size_t start = before.size() - shift;
        const std::string clipped = clip_sentence(s, start, start + figure.size());
        EXPECT_TRUE(valid_utf8(clipped)) << shift;
        EXPECT_NE(clipped.find(figure), std::string::npos);
        EXPECT_EQ(clipped.rfind(ELLIPSIS + " ", 0), 0u);
        EXPECT_TRUE(clipped.ends_with(" " + ELLIPSIS));
        EXPECT_LE(clipped.size(), figure.size() + 2 * SENTENCE_CONTEXT_BYTES + 2 * (ELLIPSIS.size() + 1));
        EXPECT_GE(clipped.size(), figure.size() + 2 * (SENTENCE_CONTEXT_BYTES - 3));
    }
    // At the start of a sentence there is nothing to mark before the figure.
    const std::string s = figure + after;
    const std::string clipped = clip_sentence(s, 0, figure.size());
    EXPECT_EQ(clipped.rfind(figure, 0), 0u);
    EXPECT_TRUE(clipped.ends_with(" " + ELLIPSIS));
}

struct Extracted {
    std::vector<reckon::core::Claim> claims;
    std::vector<reckon::core::Event> events;
    reckon::text::DroppedByLimits dropped;
};

Extracted extract(const std::vector<std::string>& paragraphs) {
    static const auto gazetteer = reckon::test::alabuga_gazetteer();
    reckon::text::ExtractOptions options;
    options.gazetteer = &gazetteer;
    options.published = reckon::core::make_date(2024, 3, 15);
    reckon::text::ClaimExtractor extractor(options);
    Extracted out;
    std::uint64_t offset = 0;
    for (const auto& p : paragraphs) {
        extractor.add_paragraph(p, offset, out.claims, out.events);
        offset += p.size() + 1;
    }
    out.dropped = extractor.limits();
    return out;
}

TEST(ClaimLimits, ClaimsPerSentenceAreCapped) {
    std::string s = "Alabuga produced";
    for (std::size_t i = 0; i < MAX_CLAIMS_PER_SENTENCE + 36; ++i) s += " 5,500 drones per month and";
    s += " more.";
    const auto got = extract({s});
    EXPECT_EQ(got.claims.size(), MAX_CLAIMS_PER_SENTENCE);
    EXPECT_EQ(got.dropped.claims_over_sentence_limit, 36u);
    EXPECT_EQ(got.dropped.claims_over_document_limit, 0u);
    EXPECT_EQ(got.dropped.long_sentences, 0u);
    for (const auto& c : got.claims) {
        EXPECT_LE(c.sentence.size(), 2 * SENTENCE_CONTEXT_BYTES + 64);
        // The offsets still point into the whole paragraph.
        EXPECT_EQ(s.substr(c.start, c.end - c.start), c.quantity_text);
        EXPECT_NE(c.sentence.find(c.quantity_text), std::string::npos);
    }
}

TEST(ClaimLimits, OverlongSentencesAreReadInPiecesWithDocumentOffsets) {
    std::string s = "Alabuga";
    while (s.size() < 3 * reckon::text::MAX_SENTENCE_BYTES) s += " keeps on";
    s += " producing 5,500 drones per month and";
    while (s.size() < 5 * reckon::text::MAX_SENTENCE_BYTES) s += " keeps on";
    s += " more.";
    const std::string para = "A first sentence. " + s;
    const auto got = extract({"Heading line of the document.", para});
    ASSERT_EQ(got.claims.size(), 1u);
    EXPECT_EQ(got.dropped.long_sentences, 1u);
    const std::size_t para_offset = std::string("Heading line of the document.").size() + 1;
    const auto& c = got.claims[0];
    EXPECT_EQ(para.substr(c.start - para_offset, c.end - c.start), c.quantity_text);
    EXPECT_EQ(c.metric, "production_rate");
}

TEST(ClaimLimits, ClaimsPerDocumentAreCapped) {
    const std::string sentence = "Alabuga produced 5,500 drones per month in 2024. ";
    std::string para;
    std::vector<std::string> paragraphs;
    for (std::size_t i = 0; i < MAX_CLAIMS_PER_DOCUMENT + 10; ++i) paragraphs.push_back(sentence);
    const auto got = extract(paragraphs);
    EXPECT_EQ(got.claims.size(), MAX_CLAIMS_PER_DOCUMENT);
    EXPECT_EQ(got.dropped.claims_over_document_limit, 10u);
}

}  // namespace
