// Tests of text/document.hpp: format sniffing, plain-text streaming, HTML and PDF
// extraction, boilerplate removal and the errors a user sees. The seed article's HTML and
// PDF versions are built at run time by seed_documents.hpp.
#include "reckon/text/document.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <set>
#include <sstream>

#include "reckon/core/date.hpp"
#include "reckon/core/error.hpp"
#include "seed_documents.hpp"

namespace reckon::text {
namespace {

namespace fs = std::filesystem;

// Two body paragraphs in the style of the articles reckon reads.
const std::string PARA_A =
    "The plant made 5,500 drones a month in 2025, according to the ministry of defence.";
const std::string PARA_B = "Officials said the unit cost fell to about $70,000, down from $200,000 in 2022.";

// A scratch directory per test, removed afterwards.
class DocumentTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_dir = fs::temp_directory_path() / (std::string("reckon_doc_") + info->test_suite_name() + "_" +
                                             info->name() + "_" + std::to_string(::getpid()));
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }

    fs::path write(const std::string& name, std::string_view bytes) {
        fs::path p = m_dir / name;
        std::ofstream(p, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return p;
    }

    fs::path m_dir;
};

struct ReadResult {
    std::vector<TextBlock> blocks;
    core::DocumentInfo info;
    std::vector<std::string> warnings;
    DocumentFormat format = DocumentFormat::text;
};

ReadResult read_all(const fs::path& p) {
    DocumentReader r(p);
    ReadResult out;
    EXPECT_TRUE(r.read([&out](const TextBlock& b) { out.blocks.push_back(b); }));
    out.info = r.info();
    out.warnings = r.warnings();
    out.format = r.format();
    return out;
}

std::vector<std::string> texts(const std::vector<TextBlock>& blocks) {
    std::vector<std::string> out;
    out.reserve(blocks.size());
    for (const TextBlock& b : blocks) out.push_back(b.text);
    return out;
}

std::vector<std::string> words(const std::vector<std::string>& paragraphs) {
    std::vector<std::string> out;
    for (const std::string& p : paragraphs) {
        std::istringstream in(p);
        std::string w;
        while (in >> w) out.push_back(w);
    }
    return out;
}

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& s : v) out += s + "\n";
    return out;
}

// The message of the InputError `fn` throws, or "" when it throws none.
template <class Fn>
std::string input_error(Fn&& fn) {
    try {
        fn();
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

bool contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

// ---------------------------------------------------------------------------------------
// The seed article in its three formats.

using DocumentSeedTest = DocumentTest;

TEST_F(DocumentSeedTest, PlainTextKeepsBodyDropsLabelHeadlineAndTeasers) {
    const seed::SeedArticle a = seed::seed_article();
    ASSERT_GE(a.body.size(), 5u);
    ASSERT_GE(a.teasers.size(), 5u);
    ReadResult r = read_all(seed::seed_article_path());
    EXPECT_EQ(r.format, DocumentFormat::text);
    EXPECT_EQ(texts(r.blocks), a.body);
    EXPECT_EQ(r.info.title, a.headline);
    EXPECT_EQ(r.info.sha256, sha256_hex(seed::seed_article_text()));
    EXPECT_TRUE(r.warnings.empty()) << joined(r.warnings);
    // Offsets point at the paragraph in the file.
    const std::string bytes = seed::seed_article_text();
    for (const TextBlock& b : r.blocks) {
        EXPECT_EQ(bytes.substr(b.offset, b.text.size()), b.text);
    }
}

TEST_F(DocumentSeedTest, TitleIsKnownBeforeReading) {
    DocumentReader r(seed::seed_article_path());
    EXPECT_EQ(r.info().title, seed::seed_article().headline);
    EXPECT_EQ(r.info().format, "text");
    EXPECT_EQ(r.info().size_bytes, seed::seed_article_text().size());
}

TEST_F(DocumentSeedTest, HtmlPageGivesTheSameBodyAndMetadata) {
    const seed::SeedArticle a = seed::seed_article();
    const std::string html = seed::seed_article_html();
    ReadResult r = read_all(write("article.html", html));
    EXPECT_EQ(r.format, DocumentFormat::html);
    const std::vector<std::string> got = texts(r.blocks);
    EXPECT_EQ(std::set<std::string>(got.begin(), got.end()),
              std::set<std::string>(a.body.begin(), a.body.end()))
        << joined(got);
    EXPECT_EQ(got, a.body);
    EXPECT_EQ(r.info.title, a.headline);
    ASSERT_TRUE(r.info.published.has_value());
    EXPECT_EQ(core::to_iso(*r.info.published), seed::SEED_PUBLISHED_ISO);
    EXPECT_EQ(r.info.publisher, "The Daily Ledger");
    EXPECT_TRUE(r.info.url.starts_with("https://www.dailyledger.example/health/")) << r.info.url;
    EXPECT_EQ(r.info.sha256, sha256_hex(html));
    const std::string all = joined(got);
    for (const char* furniture : {"cookies", "Privacy policy", "Business", "Staff Writer", "Share on X",
                                  "Advertisement", "More stories", "weeks ago", "All rights reserved"}) {
        EXPECT_FALSE(contains(all, furniture)) << furniture;
    }
    for (const seed::SeedTeaser& t : a.teasers) EXPECT_FALSE(contains(all, t.headline)) << t.headline;
    // Offsets count in the extracted text, blocks joined by "\n".
    std::uint64_t expect = 0;
    for (const TextBlock& b : r.blocks) {
        EXPECT_EQ(b.offset, expect);
        expect += b.text.size() + 1;
    }
}

TEST_F(DocumentSeedTest, PdfGivesTheBodyWordsAndNoTeasers) {
    const seed::SeedArticle a = seed::seed_article();
    const fs::path pdf = m_dir / "article.pdf";
    seed::write_seed_article_pdf(pdf);
    ReadResult r = read_all(pdf);
    EXPECT_EQ(r.format, DocumentFormat::pdf);
    EXPECT_EQ(words(texts(r.blocks)), words(a.body)) << joined(texts(r.blocks));
    EXPECT_EQ(r.info.title, a.headline);
    ASSERT_TRUE(r.info.published.has_value());
    EXPECT_EQ(core::to_iso(*r.info.published), seed::SEED_PUBLISHED_ISO);
    const std::string all = joined(texts(r.blocks));
    EXPECT_FALSE(contains(all, "weeks ago"));
    for (const seed::SeedTeaser& t : a.teasers) EXPECT_FALSE(contains(all, t.headline)) << t.headline;
}

TEST_F(DocumentSeedTest, SeedPdfSpansSeveralPages) {
    const fs::path pdf = m_dir / "article.pdf";
    seed::write_seed_article_pdf(pdf);
    const std::string bytes = seed::read_bytes(pdf);
    std::size_t pages = 0;
    for (std::size_t at = bytes.find("/Type /Page\n"); at != std::string::npos;
         at = bytes.find("/Type /Page\n", at + 1))
        ++pages;
    for (std::size_t at = bytes.find("/Type /Page "); at != std::string::npos;
         at = bytes.find("/Type /Page ", at + 1))
        ++pages;
    EXPECT_GE(pages, 2u);
}

// ---------------------------------------------------------------------------------------
// Errors a user sees.

using DocumentErrorTest = DocumentTest;

TEST_F(DocumentErrorTest, EmptyFile) {
    fs::path p = write("empty.txt", "");
    std::string msg = input_error([&] { DocumentReader r(p); });
    EXPECT_TRUE(contains(msg, "empty")) << msg;
    EXPECT_TRUE(contains(msg, "empty.txt")) << msg;
}

TEST_F(DocumentErrorTest, MissingFileNamesPathAndErrno) {
    std::string msg = input_error([&] { DocumentReader r(m_dir / "nowhere.txt"); });
    EXPECT_TRUE(contains(msg, "nowhere.txt")) << msg;
    EXPECT_TRUE(contains(msg, "No such file or directory")) << msg;
}

TEST_F(DocumentErrorTest, DirectoryIsNotAFile) {
    std::string msg = input_error([&] { DocumentReader r(m_dir); });
    EXPECT_TRUE(contains(msg, m_dir.string())) << msg;
    EXPECT_TRUE(contains(msg, "directory")) << msg;
}

TEST_F(DocumentErrorTest, BinaryFileNamesFirstNul) {
    std::string bytes = "PK\x03\x04 some zip header";
    bytes[10] = '\0';
    bytes += std::string(100, '\x01');
    fs::path p = write("archive.zip", bytes);
    try {
        DocumentReader r(p);
        FAIL() << "no error";
    } catch (const InputError& e) {
        std::string msg = e.what();
        EXPECT_TRUE(contains(msg, "archive.zip")) << msg;
        EXPECT_TRUE(contains(
            msg, "looks like a binary file (not text, HTML or PDF); reckon reads .txt, .html and .pdf"))
            << msg;
        ASSERT_TRUE(e.where().byte.has_value());
        EXPECT_EQ(*e.where().byte, 10u);
    }
}

TEST_F(DocumentErrorTest, BinaryWithoutNulsIsCaughtByItsBadUtf8) {
    // 8-bit radio samples: no NUL, few control bytes, but almost nothing valid UTF-8.
    std::string bytes;
    for (int i = 0; i < 4096; ++i) bytes += static_cast<char>(0x80 + (i * 37) % 0x7F);
    std::string msg = input_error([&] { DocumentReader r(write("samples.bin", bytes)); });
    EXPECT_TRUE(contains(msg, "samples.bin (byte 0): looks like a binary file")) << msg;
}

TEST_F(DocumentErrorTest, TruncatedPdf) {
    fs::path whole = m_dir / "whole.pdf";
    seed::write_seed_article_pdf(whole);
    std::string bytes = seed::read_bytes(whole);
    fs::path p = write("half.pdf", bytes.substr(0, bytes.size() / 2));
    std::string msg = input_error([&] { DocumentReader r(p); });
    EXPECT_TRUE(contains(msg, "half.pdf")) << msg;
    EXPECT_TRUE(contains(msg, "cannot read this PDF (truncated or damaged); re-save or re-download it"))
        << msg;
}

TEST_F(DocumentErrorTest, DamagedPdfBytesNeverCrash) {
    fs::path whole = m_dir / "whole.pdf";
    seed::write_seed_article_pdf(whole);
    const std::string bytes = seed::read_bytes(whole);
    // Header only; header and trailer with the body gone; every 7th byte flipped.
    std::string flipped = bytes;
    for (std::size_t i = 200; i < flipped.size(); i += 7) flipped[i] = static_cast<char>(~flipped[i]);
    for (const std::string& damaged :
         {std::string("%PDF-1.5\n"), bytes.substr(0, 20) + bytes.substr(bytes.size() - 200), flipped}) {
        std::string msg = input_error([&] { parse_pdf(damaged, "bad.pdf"); });
        if (!msg.empty()) {
            EXPECT_TRUE(contains(msg, "bad.pdf")) << msg;
        }
    }
}

// Regression (fuzz/pdf_fuzz.cpp): a few kilobytes whose trailer claims twenty million
// objects made poppler allocate gigabytes.
TEST_F(DocumentErrorTest, PdfClaimingMillionsOfObjectsIsRefused) {
    fs::path whole = m_dir / "whole.pdf";
    seed::write_pdf(whole, {{PARA_A}});
    std::string bytes = seed::read_bytes(whole);
    const std::size_t at = bytes.rfind("/Size ");
    ASSERT_NE(at, std::string::npos);
    bytes.insert(at + 6, "20100");  // "/Size 12" -> "/Size 2010012"
    std::string msg = input_error([&] { parse_pdf(bytes, "bloated.pdf"); });
    EXPECT_TRUE(contains(msg, "bloated.pdf: cannot read this PDF (truncated or damaged)")) << msg;
}

// A PDF is no longer read whole, so size alone is no reason to refuse one: a 300 MB file
// with no end-of-file marker is checked in bounded memory and named as cut short.
TEST_F(DocumentErrorTest, HugeTruncatedPdfIsNamedAsCutShort) {
    fs::path p = m_dir / "huge.pdf";
    {
        std::ofstream out(p, std::ios::binary);
        out << "%PDF-1.7\n";
    }
    fs::resize_file(p, 300u << 20);  // sparse: no disk used
    std::string msg = input_error([&] { DocumentReader r(p); });
    EXPECT_TRUE(contains(msg, "huge.pdf")) << msg;
    EXPECT_TRUE(contains(msg, "truncated or damaged")) << msg;
}

// ---------------------------------------------------------------------------------------
// Long HTML pages, parsed in pieces (issue 12).

TEST(HtmlSegmentCut, EndsAfterTheLastBlockEndTagBeforeTheLimit) {
    const std::string html = "<p>one</p><p>two</p><p>three</p>";
    const HtmlCut cut = html_segment_cut(html, 25);
    EXPECT_EQ(html.substr(0, cut.at), "<p>one</p><p>two</p>");
    EXPECT_EQ(cut.reopen, "");
    EXPECT_EQ(html_segment_cut(html, html.size()).at, html.size());
}

TEST(HtmlSegmentCut, NeverEndsInsideAScriptOrCommentThatStartsLater) {
    const std::string script = "<p>one</p><script>if (a</p>) {}</script><p>two</p>";
    EXPECT_EQ(script.substr(0, html_segment_cut(script, 30).at), "<p>one</p>");
    const std::string comment = "<p>one</p><!-- <p>x</p> --><p>two</p>";
    EXPECT_EQ(comment.substr(0, html_segment_cut(comment, 20).at), "<p>one</p>");
}

TEST(HtmlSegmentCut, AScriptLongerThanAPieceIsReopenedInTheNext) {
    const std::string html = "<script>" + std::string(100, 'x') + "</script><p>after</p>";
    const HtmlCut cut = html_segment_cut(html, 50);
    EXPECT_GT(cut.at, 0u);
    EXPECT_LE(cut.at, 50u);
    EXPECT_EQ(cut.reopen, "<script>");
    const std::string comment = "<!--" + std::string(100, 'x') + "--><p>after</p>";
    EXPECT_EQ(html_segment_cut(comment, 50).reopen, "<!--");
}

TEST(HtmlSegmentCut, TextWithoutTagsIsCutAtASpaceAndNeverInsideACodePoint) {
    std::string text;
    while (text.size() < 200) text += "d\xC3\xA9j\xC3\xA0 vu ";
    const HtmlCut cut = html_segment_cut(text, 101);
    EXPECT_GT(cut.at, 0u);
    EXPECT_LE(cut.at, 101u);
    EXPECT_EQ(text[cut.at - 1], ' ');
    const std::string accents(300, '\xA9');  // continuation bytes only: still progress
    EXPECT_GT(html_segment_cut("\xC3" + accents, 100).at, 0u);
}

// A page longer than HTML_WHOLE_PAGE_BYTES, streamed in pieces, gives the paragraphs, offsets,
// hash and title that parsing it whole gives.
TEST_F(DocumentTest, LongHtmlPageInPiecesMatchesTheWholeParse) {
    std::string page = "<!doctype html><html><head><title>Long page</title></head><body><article>";
    for (int i = 0; page.size() < HTML_WHOLE_PAGE_BYTES + (3u << 20); ++i) {
        page += "<p>Paragraph " + std::to_string(i) + " \xE2\x80\x94 " + PARA_A + "</p>\n";
        if (i % 997 == 0) page += "<script>var s = '</p> 12 drones';</script><!-- 34 drones -->\n";
        if (i % 4999 == 0) page += "<div><p>" + std::string(PARA_B) + " caf\xE9.</p></div>\n";  // bad UTF-8
    }
    page += "</article></body></html>\n";
    const fs::path p = write("long.html", page);
    const ReadResult streamed = read_all(p);
    const ParsedPage whole = parse_html(repair_utf8(page, 0, nullptr));
    EXPECT_EQ(streamed.format, DocumentFormat::html);
    EXPECT_EQ(streamed.info.title, "Long page");
    EXPECT_EQ(streamed.info.sha256, sha256_hex(page));
    ASSERT_EQ(streamed.blocks.size(), whole.blocks.size());
    for (std::size_t i = 0; i < whole.blocks.size(); ++i) {
        ASSERT_EQ(streamed.blocks[i].text, whole.blocks[i].text) << "block " << i;
        ASSERT_EQ(streamed.blocks[i].offset, whole.blocks[i].offset) << "block " << i;
    }
    EXPECT_FALSE(streamed.warnings.empty());  // the repaired bytes
    EXPECT_TRUE(contains(streamed.warnings.front(), "invalid UTF-8 at byte")) << streamed.warnings.front();
}

// ---------------------------------------------------------------------------------------
// Plain text.

using DocumentTextTest = DocumentTest;

TEST_F(DocumentTextTest, InvalidUtf8IsRepairedWithOffset) {
    std::string bytes =
        PARA_A + "\n" +
        "Bad byte \xFF here and a cut \xE2\x82 sequence in a sentence that is long enough.\n" + PARA_B + "\n";
    const std::uint64_t bad1 = PARA_A.size() + 1 + 9;
    const std::uint64_t bad2 = bytes.find("\xE2\x82");
    ReadResult r = read_all(write("bad.txt", bytes));
    ASSERT_EQ(r.blocks.size(), 3u) << joined(texts(r.blocks));
    EXPECT_EQ(
        r.blocks[1].text,
        "Bad byte \xEF\xBF\xBD here and a cut \xEF\xBF\xBD sequence in a sentence that is long enough.");
    ASSERT_EQ(r.warnings.size(), 2u);
    EXPECT_EQ(r.warnings[0], (m_dir / "bad.txt").string() + ": invalid UTF-8 at byte " +
                                 std::to_string(bad1) + ", replaced with U+FFFD");
    EXPECT_TRUE(contains(r.warnings[1], "byte " + std::to_string(bad2))) << r.warnings[1];
    EXPECT_EQ(r.info.sha256, sha256_hex(bytes));
}

TEST_F(DocumentTextTest, Utf8WarningsAreCapped) {
    std::string line = "Broken \xC0 line with many bad bytes in it, one after another, in the text.\n";
    std::string bytes;
    for (int i = 0; i < 25; ++i) bytes += line;
    ReadResult r = read_all(write("many.txt", bytes));
    ASSERT_EQ(r.warnings.size(), 11u);
    EXPECT_TRUE(contains(r.warnings.back(), "15 more invalid UTF-8 sequences")) << r.warnings.back();
}

TEST_F(DocumentTextTest, CrlfAndBom) {
    std::string bytes = "\xEF\xBB\xBF" + PARA_A + "\r\n\r\n" + PARA_B + "\r\n";
    ReadResult r = read_all(write("crlf.txt", bytes));
    ASSERT_EQ(r.blocks.size(), 2u);
    EXPECT_EQ(r.blocks[0].text, PARA_A);
    EXPECT_EQ(r.blocks[0].offset, 3u);
    EXPECT_EQ(r.blocks[1].text, PARA_B);
    EXPECT_EQ(r.blocks[1].offset, 3u + PARA_A.size() + 4);
    EXPECT_TRUE(r.warnings.empty());
}

TEST_F(DocumentTextTest, HardWrappedLinesAreJoined) {
    std::string bytes =
        "The factory in the special economic zone has grown quickly and\n"
        "now employs thousands of workers, many of them students.\n"
        "\n" +
        PARA_B + "\n";
    ParsedPage p = parse_text(bytes, "wrapped.txt", nullptr);
    ASSERT_EQ(p.blocks.size(), 2u) << joined(texts(p.blocks));
    EXPECT_EQ(p.blocks[0].text,
              "The factory in the special economic zone has grown quickly and now employs thousands of "
              "workers, many of "
              "them students.");
}

TEST_F(DocumentTextTest, StreamsTwentyMegabytesWithSha) {
    std::string bytes;
    bytes.reserve(21u << 20);
    for (int i = 0; bytes.size() < (20u << 20); ++i) {
        for (const std::string& part : {std::string("Paragraph "), std::to_string(i), std::string(": "),
                                        std::string(PARA_A), std::string(" "), std::string(PARA_B)})
            bytes += part;
        bytes += '\n';
    }
    fs::path p = write("big.txt", bytes);
    DocumentReader r(p);
    std::size_t blocks = 0;
    std::uint64_t last_offset = 0;
    bool ordered = true;
    std::vector<double> fractions;
    ASSERT_TRUE(r.read(
        [&](const TextBlock& b) {
            ordered &= blocks == 0 || b.offset > last_offset;
            last_offset = b.offset;
            ++blocks;
        },
        [&](double f, std::string_view) {
            fractions.push_back(f);
            return true;
        }));
    EXPECT_GT(blocks, 100000u);
    EXPECT_TRUE(ordered);
    EXPECT_EQ(r.info().sha256, sha256_hex(bytes));
    EXPECT_EQ(r.info().sha256, sha256_file(p));
    ASSERT_GE(fractions.size(), 20u);
    EXPECT_DOUBLE_EQ(fractions.back(), 1.0);
}

TEST_F(DocumentTextTest, ProgressCanCancel) {
    std::string bytes;
    for (int i = 0; bytes.size() < (3u << 20); ++i) bytes += PARA_A + "\n";
    DocumentReader r(write("cancel.txt", bytes));
    int calls = 0;
    EXPECT_FALSE(r.read([](const TextBlock&) {}, [&](double, std::string_view) { return ++calls < 2; }));
    EXPECT_EQ(calls, 2);
}

TEST_F(DocumentTextTest, EnormousLineIsCutAtSafeBoundaries) {
    // 3 MiB on one line of multi-byte text with sentence ends now and then.
    std::string sentence = "Die Produktion stieg auf über 5500 Drohnen im Monat. ";
    std::string bytes;
    while (bytes.size() < (3u << 20)) bytes += sentence;
    ParsedPage p = parse_text(bytes, "oneline.txt", nullptr);
    ASSERT_GE(p.blocks.size(), 3u);
    std::uint64_t covered = 0;
    for (const TextBlock& b : p.blocks) {
        EXPECT_LE(b.text.size(), 1u << 20);
        EXPECT_TRUE(b.text.ends_with(".")) << b.text.substr(b.text.size() - 20);
        EXPECT_EQ(repair_utf8(b.text, 0, nullptr), b.text);
        covered += b.text.size();
    }
    EXPECT_GT(covered, bytes.size() - p.blocks.size() * 2);
}

// ---------------------------------------------------------------------------------------
// Format sniffing, table-driven.

using DocumentSniffTest = DocumentTest;

TEST_F(DocumentSniffTest, FormatFromContent) {
    struct Case {
        const char* name;
        std::string bytes;
        DocumentFormat format;
    };
    const std::vector<Case> cases = {
        {"plain.txt", PARA_A + "\n", DocumentFormat::text},
        {"page.txt", "<!DOCTYPE html><html><body><p>" + PARA_A + "</p></body></html>", DocumentFormat::html},
        {"bom.htm", "\xEF\xBB\xBF  \n<html><p>" + PARA_A, DocumentFormat::html},
        {"frag.dat", "<p>" + PARA_A + "</p>", DocumentFormat::html},
        {"lt.txt", "<3 is a heart. " + PARA_A + "\n", DocumentFormat::text},
    };
    for (const Case& c : cases) {
        DocumentReader r(write(c.name, c.bytes));
        EXPECT_EQ(r.format(), c.format) << c.name;
    }
    fs::path pdf = m_dir / "doc.bin";
    seed::write_pdf(pdf, {{PARA_A}});
    EXPECT_EQ(DocumentReader(pdf).format(), DocumentFormat::pdf);
}

// ---------------------------------------------------------------------------------------
// Boilerplate, table-driven.

TEST(DocumentBoilerplate, Cases) {
    struct Case {
        const char* name;
        std::vector<std::string> in;
        std::vector<std::string> body;
        std::string headline;
    };
    const std::vector<Case> cases = {
        {"label and headline before body",
         {"World", "Plant Expands as Orders Grow", PARA_A, PARA_B},
         {PARA_A, PARA_B},
         "Plant Expands as Orders Grow"},
        {"short sentence between paragraphs survives",
         {PARA_A, "He declined to comment.", PARA_B},
         {PARA_A, "He declined to comment.", PARA_B},
         ""},
        {"short sentence at the end survives",
         {PARA_A, PARA_B, "Talks continue."},
         {PARA_A, PARA_B, "Talks continue."},
         ""},
        {"subheading between paragraphs survives",
         {PARA_A, "Costs are falling", PARA_B},
         {PARA_A, "Costs are falling", PARA_B},
         ""},
        {"teaser tail with bullets and stamps",
         {PARA_A, PARA_B, "\xE2\x80\xA2", "Sport 2 days ago", "Local Team Wins Cup Final", "\xE2\x80\xA2",
          "Business1 hour ago", "Markets Rally on Rate Hopes"},
         {PARA_A, PARA_B},
         ""},
        {"run of title-case headlines between paragraphs",
         {PARA_A, "Markets Rally on Rate Hopes", "Local Team Wins Cup Final", "New Bridge Opens Downtown",
          PARA_B},
         {PARA_A, PARA_B},
         ""},
        {"a note of short sentences only is kept whole",
         {"The plant made 1,200 drones in 2024.", "Output doubled."},
         {"The plant made 1,200 drones in 2024.", "Output doubled."},
         ""},
        {"labels and stamps anywhere",
         {PARA_A, "Advertisement", "Read more:", "5 min read", PARA_B,
          "\xC2\xA9 2025 Example News. All rights reserved."},
         {PARA_A, PARA_B},
         ""},
    };
    for (const Case& c : cases) {
        std::vector<TextBlock> blocks;
        for (const std::string& s : c.in) blocks.push_back({s, 0});
        std::string headline;
        EXPECT_EQ(texts(drop_boilerplate(blocks, &headline)), c.body) << c.name;
        EXPECT_EQ(headline, c.headline) << c.name;
    }
}

// ---------------------------------------------------------------------------------------
// HTML.

TEST(DocumentHtml, LinkDenseListsAndFurnitureDropped) {
    const std::string html =
        "<html><head><title>Plant grows | Example News</title>"
        "<meta property=\"og:site_name\" content=\"Example News\">"
        "<meta name=\"DC.date\" content=\"2024-03-05\"></head><body>"
        "<div class=\"menu\"><a href=/>Home</a> <a href=/w>World</a></div>"
        "<div><p>" +
        PARA_A +
        "</p><p>Prices &amp; costs fell&nbsp;fast  \n  this year, the   report said.</p>"
        "<ul><li><a href=/1>Another story about something else entirely</a></li>"
        "<li><a href=/2>Yet another story about something</a></li></ul>"
        "<p>" +
        PARA_B +
        "</p><div id=\"comments\"><p>Great article, thanks for writing it, I learned a lot.</p></div>"
        "<p hidden>" +
        PARA_A + " hidden copy</p><script>var x = 'not text';</script></div></body></html>";
    ParsedPage p = parse_html(html);
    EXPECT_EQ(texts(p.blocks), (std::vector<std::string>{
                                   PARA_A, "Prices & costs fell fast this year, the report said.", PARA_B}));
    EXPECT_EQ(p.info.title, "Plant grows");
    ASSERT_TRUE(p.info.published.has_value());
    EXPECT_EQ(core::to_iso(*p.info.published), "2024-03-05");
}

TEST(DocumentHtml, DateFromJsonLdAndTitleFromH1) {
    const std::string html =
        "<html><head><script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"NewsArticle\","
        "\"datePublished\":\"2023-11-30T10:00:00Z\"}]}</script></head><body><h1>Drone Plant Doubles "
        "Output</h1><p>" +
        PARA_A + "</p></body></html>";
    ParsedPage p = parse_html(html);
    EXPECT_EQ(p.info.title, "Drone Plant Doubles Output");
    ASSERT_TRUE(p.info.published.has_value());
    EXPECT_EQ(core::to_iso(*p.info.published), "2023-11-30");
    EXPECT_EQ(texts(p.blocks), std::vector<std::string>{PARA_A});
}

TEST(DocumentHtml, MalformedInputNeverCrashes) {
    const std::vector<std::string> inputs = {
        "",
        "<",
        "<html",
        "<p>unclosed <b>bold <i>italic",
        "</p></div></html>",
        "<table><td><p>x</table>",
        std::string(20000, '<'),
        "<div>" + std::string(5000, 'x') + std::string(3000, '>'),
        [] {
            std::string s;
            for (int i = 0; i < 20000; ++i) s += "<div>";
            return s + PARA_A;
        }(),
        R"(<meta property="article:published_time" content="garbage"><p>)" + PARA_A,
        R"(<script type="application/ld+json">{not json</script><p>)" + PARA_A,
    };
    for (const std::string& in : inputs) {
        ParsedPage p = parse_html(in);
        for (const TextBlock& b : p.blocks) EXPECT_FALSE(b.text.empty());
    }
}

// ---------------------------------------------------------------------------------------
// PDF.

TEST_F(DocumentTest, PdfJoinsHyphenatedLinesAndSplitsParagraphs) {
    fs::path pdf = m_dir / "hyphen.pdf";
    seed::write_pdf(
        pdf, {{"The factory raised its produc-\ntion to over 5,500 drones a month in 2025, officials said."},
              {PARA_B}});
    ParsedPage p = parse_pdf(seed::read_bytes(pdf), "hyphen.pdf");
    EXPECT_EQ(texts(p.blocks),
              (std::vector<std::string>{
                  "The factory raised its production to over 5,500 drones a month in 2025, officials said.",
                  PARA_B}));
}

// A PDF is read page by page once its layout is measured on the first PDF_LAYOUT_PAGES pages:
// a longer one must read as if measured whole. Here 2,000 paragraphs in large type fill over
// 300 pages, each page headed "Annual plant survey N" (the page number grows from one to three
// digits); every paragraph must come back whole and in order, paragraphs that run on to the
// next page joined, and no running head anywhere, on the pages measured or after them.
TEST_F(DocumentTest, PdfLongerThanItsLayoutPagesReadsLikeAShortOne) {
    constexpr int PARAGRAPHS = 2000;
    constexpr double LARGE_TYPE_PT = 20.0;
    std::vector<seed::PdfParagraph> paragraphs;
    std::vector<std::string> expected;
    // Words vary as well as numbers: lines that differ only in their digits at the foot of
    // many pages would rightly be taken for a running foot.
    const std::array<std::string, 7> goods = {"drones", "trucks", "engines", "hulls",
                                              "wings",  "motors", "frames"};
    const std::array<std::string, 5> days = {"most days", "every weekday", "six days", "all week",
                                             "each shift"};
    for (int i = 1; i <= PARAGRAPHS; ++i) {
        const auto k = static_cast<std::size_t>(i);
        expected.push_back("Section " + std::to_string(i) + " of the survey. In month " + std::to_string(i) +
                           " the plant made " + std::to_string(i * 7) + " " + goods.at(k % goods.size()) +
                           " and " + std::to_string(i * 3) + " " + goods.at((k / 7) % goods.size()) +
                           ", and the line ran " + days.at(k % days.size()) + ", the survey said.");
        paragraphs.push_back({expected.back(), LARGE_TYPE_PT});
    }
    const fs::path pdf = m_dir / "long.pdf";
    seed::PdfOptions options;
    options.running_head = "Annual plant survey";
    seed::write_pdf(pdf, paragraphs, options);

    DocumentReader reader(pdf);
    std::vector<TextBlock> blocks;
    int calls = 0;
    double last = 0;
    ASSERT_TRUE(reader.read([&blocks](const TextBlock& b) { blocks.push_back(b); },
                            [&](double done, std::string_view) {
                                ++calls;
                                EXPECT_GE(done, last);
                                last = done;
                                return true;
                            }));
    const std::vector<std::string> got = texts(blocks);
    const auto differ = std::mismatch(got.begin(), got.end(), expected.begin(), expected.end());
    EXPECT_TRUE(differ.first == got.end() && differ.second == expected.end())
        << "paragraph " << (differ.second - expected.begin()) << " reads\n  "
        << (differ.first == got.end() ? "(nothing)" : *differ.first) << "\nnot\n  "
        << (differ.second == expected.end() ? "(nothing)" : *differ.second);
    EXPECT_GT(calls, 10) << "progress is reported page by page";
    EXPECT_EQ(reader.info().sha256, sha256_file(pdf));
    ASSERT_FALSE(blocks.empty());
    EXPECT_EQ(blocks.back().offset + blocks.back().text.size() + 1, [&] {
        std::uint64_t n = 0;
        for (const std::string& t : expected) n += t.size() + 1;
        return n;
    }()) << "offsets run on through the pages read after the layout pages";
}

// Regression (fuzz/pdf_fuzz.cpp): a creation date past 2262 overflowed a nanosecond clock.
TEST_F(DocumentTest, PdfFarFutureCreationDate) {
    fs::path pdf = m_dir / "future.pdf";
    seed::write_pdf(pdf, {{PARA_A}}, {"", "4051-03-02T00:00:00"});
    ParsedPage p = parse_pdf(seed::read_bytes(pdf), "future.pdf");
    ASSERT_TRUE(p.info.published.has_value());
    EXPECT_EQ(core::to_iso(*p.info.published), "4051-03-02");
}

// ---------------------------------------------------------------------------------------
// UTF-8 repair, table-driven.

TEST(DocumentUtf8, Repair) {
    struct Case {
        std::string in;
        std::string out;
        std::vector<std::uint64_t> bad;
    };
    const std::string repl = "\xEF\xBF\xBD";
    const std::vector<Case> cases = {
        {"plain ascii", "plain ascii", {}},
        {"caf\xC3\xA9 \xE2\x80\x99 \xF0\x9F\x98\x80", "caf\xC3\xA9 \xE2\x80\x99 \xF0\x9F\x98\x80", {}},
        {"a\xFF"
         "b",
         "a" + repl + "b",
         {101}},
        {"\xC0\x80", repl, {100}},                                     // overlong NUL
        {"x\xED\xA0\x80y", "x" + repl + "y", {101}},                   // surrogate
        {"\xE2\x82", repl, {100}},                                     // cut at the end
        {"\x80\x80 \xF4\x90\x80\x80", repl + " " + repl, {100, 103}},  // stray continuation; past U+10FFFF
    };
    for (const Case& c : cases) {
        std::vector<std::uint64_t> bad;
        EXPECT_EQ(repair_utf8(c.in, 100, &bad), c.out);
        EXPECT_EQ(bad, c.bad);
    }
}

}  // namespace
}  // namespace reckon::text
