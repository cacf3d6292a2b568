// Test helper: turns the seed article (RECKON_SHARED_DIR/seed/article.txt) into the other
// formats reckon reads — a saved HTML page with a realistic page around the article, and a
// PDF — at test run time, so none of the article's sentences live in the project. Also a
// small PDF writer (cairo) for tests that need PDFs of their own.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace reckon::seed {

// One entry of the teaser list after the article ("-", "Technology3 weeks ago", headline).
struct SeedTeaser {
    std::string category;    // "Technology"
    std::string stamp;       // "3 weeks ago"
    std::string stamp_line;  // the line as written: "Technology3 weeks ago"
    std::string headline;
};

// The seed article cut into its parts by its known layout: section label, headline, blank
// line, body paragraphs (one a line), then the teaser list after the first lone "-" line.
struct SeedArticle {
    std::string section;  // "Health"
    std::string headline;
    std::vector<std::string> body;  // the article's paragraphs, in order
    std::vector<SeedTeaser> teasers;
};

// Path of the seed article. Throws std::runtime_error (naming it) when it is missing.
std::filesystem::path seed_article_path();
// The seed article's bytes, as stored.
std::string seed_article_text();
// The seed article cut into its parts.
SeedArticle seed_article();

// A saved web page carrying the article: head with <title>, og:title, og:site_name,
// og:url, canonical link and article:published_time 2025-07-24T...; a nav bar, site
// header, cookie banner, breadcrumb with the section label, the article (h1 headline,
// byline, <time>, one <p> per paragraph), a "More stories" teaser list of links with
// "N weeks ago" stamps, and a footer.
std::string seed_article_html();
// The same published date as seed_article_html() puts in its meta tags.
inline constexpr const char* SEED_PUBLISHED_ISO = "2025-07-24";

// A PDF of the article (A4, several pages, wrapped lines): section label, headline, body
// paragraphs, and the teaser tail line by line as in the text. Metadata title = headline,
// creation date 2025-07-24.
void write_seed_article_pdf(const std::filesystem::path& out);

// One paragraph of a generated PDF. '\n' in text forces a line break.
struct PdfParagraph {
    std::string text;
    double font_size_pt = 11.0;
    bool bold = false;
};
struct PdfOptions {
    std::string title;        // Info dict Title; none when empty
    std::string created_iso;  // Info dict CreationDate, e.g. "2025-07-24T09:00:00"
    double paragraph_gap_pt = 8.0;
    // Drawn at the top of every page with " N" (the page number) after it; none when empty.
    std::string running_head = {};
};
// Writes paragraphs with cairo to an A4 PDF, wrapping words at the text width and starting
// new pages as needed. Throws std::runtime_error when cairo fails.
void write_pdf(const std::filesystem::path& out, const std::vector<PdfParagraph>& paragraphs,
               const PdfOptions& options = {});

// Reads a whole file's bytes (for tests that cut or inspect generated files).
std::string read_bytes(const std::filesystem::path& path);

}  // namespace reckon::seed
