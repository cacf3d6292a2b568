// Reads a source document (plain text, saved HTML page, PDF) and streams its body text
// paragraph by paragraph, with navigation, teaser/related-story lists and other
// boilerplate dropped. The format is found from the content, not the file name. Plain
// text is streamed in bounded memory, so a 1 GB file is fine; so is HTML, parsed whole up
// to HTML_WHOLE_PAGE_BYTES and in pieces beyond; PDF is read from disk page by page.
// Invalid UTF-8 is repaired (U+FFFD) with a warning naming the
// byte offset.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/core/claim.hpp"
#include "reckon/core/progress.hpp"

namespace reckon::text {

enum class DocumentFormat { text, html, pdf };
std::string_view to_string(DocumentFormat f);

// A PDF's layout (line pitch, body type size, left edge, running heads and feet) is measured
// on its first pages, up to this many; its text is then read page by page. Documents of up
// to this many pages are read exactly as if measured whole.
inline constexpr int PDF_LAYOUT_PAGES = 256;

// One paragraph of body text, valid UTF-8, no trailing newline.
struct TextBlock {
    std::string text;
    // Byte offset of text[0]: in the file itself for plain text; in the extracted text
    // (body blocks joined by "\n") for HTML and PDF.
    std::uint64_t offset = 0;
};

class DocumentReader {
public:
    // Opens `path` and finds its format. Throws InputError (naming the file) when it is
    // missing or unreadable, empty, binary (neither text, HTML nor PDF), or a PDF or HTML
    // that cannot be parsed (a truncated PDF, say).
    explicit DocumentReader(const std::filesystem::path& path);
    ~DocumentReader();
    DocumentReader(const DocumentReader& other) = delete;
    DocumentReader& operator=(const DocumentReader& other) = delete;
    DocumentReader(DocumentReader&& other) noexcept;
    DocumentReader& operator=(DocumentReader&& other) noexcept;

    DocumentFormat format() const;
    // Title, URL, publisher and published date from HTML meta tags or PDF metadata where
    // present; path and size always. sha256 is filled in once read() has finished.
    const core::DocumentInfo& info() const;

    // Calls on_block for each body paragraph in document order. Returns false if the
    // progress callback asked to stop. May throw InputError on a read error.
    bool read(const std::function<void(const TextBlock&)>& on_block, const core::ProgressFn& progress = {});

    // Warnings gathered so far (repaired bytes, dropped sections), each naming the file
    // and, where known, the byte offset.
    const std::vector<std::string>& warnings() const;

private:
    struct Impl;
    bool read_html_in_pieces(const std::function<void(const TextBlock&)>& on_block,
                             const core::ProgressFn& progress);
    void open_pdf(std::FILE* f, std::string head);
    std::unique_ptr<Impl> m_impl;
};

// Hex SHA-256 of a file's bytes, read in chunks. Throws InputError if unreadable.
std::string sha256_file(const std::filesystem::path& path);
// Hex SHA-256 of bytes in memory.
std::string sha256_hex(std::string_view bytes);

// Lower-level pieces, exposed for tests and fuzzing. Each takes the document's bytes.
// Body paragraphs of an HTML page (boilerplate dropped) and its metadata.
struct ParsedPage {
    std::vector<TextBlock> blocks;
    core::DocumentInfo info;       // title, url, publisher, published
    std::size_t dropped_tags = 0;  // HTML: tags dropped by bound_html_nesting
};
// Never crashes, and takes time and memory linear in the page, however deeply it nests.
ParsedPage parse_html(std::string_view html);

// Elements an HTML page may nest before its tags are dropped (issue 12). Real pages stay far
// below: the example pages nest at most 6.
inline constexpr std::size_t MAX_HTML_DEPTH = 256;
struct BoundedHtml {
    std::string html;              // the page with the tags dropped; empty when none was
    std::size_t dropped_tags = 0;  // start and end tags dropped
};
// One linear pass over the tags of `html` that follows how the HTML standard's tree builder
// opens and closes elements, and drops the start tag (and its end tag) of every element that
// would be opened at depth MAX_HTML_DEPTH or deeper. Text, comments and the content of script,
// style and the like are kept as they are. parse_html calls it first.
BoundedHtml bound_html_nesting(std::string_view html);
// Pages up to this size are parsed whole; longer ones in pieces of about HTML_PIECE_BYTES, so
// that gumbo's tree (about 20 bytes per byte of HTML) stays within the memory budget.
inline constexpr std::size_t HTML_WHOLE_PAGE_BYTES = 8u << 20;
inline constexpr std::size_t HTML_PIECE_BYTES = 4u << 20;
// Where a long page's next piece ends: html[0, at) is parsed alone. `at` is just past the last
// end tag of a block element (p, div, li, tr, ...) before `limit`, so no paragraph is split;
// else before the last tag; never inside a comment, tag or script when it can be helped. When
// a comment or raw-text element (script, style, ...) runs past the limit from the piece's
// start, the piece ends inside it and `reopen` ("<!--", "<script>") is what the next piece
// starts with so that its rest stays out of the text. Always 0 < at <= html.size() for a
// non-empty page.
struct HtmlCut {
    std::size_t at = 0;
    std::string reopen;
};
HtmlCut html_segment_cut(std::string_view html, std::size_t limit);
// Text of a PDF held in memory, one block per paragraph, read as DocumentReader reads a PDF
// file. Throws InputError when poppler cannot open it.
ParsedPage parse_pdf(std::string_view pdf_bytes, const std::string& name_for_errors);
// Valid UTF-8 copy of `bytes`, each invalid sequence replaced by U+FFFD; `bad_offsets`
// receives the offset (relative to base_offset) of each repair.
std::string repair_utf8(std::string_view bytes, std::uint64_t base_offset,
                        std::vector<std::uint64_t>* bad_offsets);
// Drops boilerplate paragraphs (teaser and related-story lists, section labels, "N weeks
// ago" stamps, navigation) from a document's paragraphs, keeping the body in order.
std::vector<TextBlock> drop_boilerplate(std::vector<TextBlock> blocks);
// As above; `headline` (if not null) receives the headline-like line found before the
// first body paragraph (what DocumentReader reports as a plain-text file's title), or "".
std::vector<TextBlock> drop_boilerplate(std::vector<TextBlock> blocks, std::string* headline);
// Plain text held in memory, read exactly as DocumentReader streams a file (lines, joins
// of hard-wrapped lines, cuts of enormous lines, UTF-8 repair with warnings appended to
// `warnings` if not null, boilerplate dropped). Offsets are into `bytes`; info.title is
// the headline. For tests and fuzzing.
ParsedPage parse_text(std::string_view bytes, const std::string& name_for_warnings,
                      std::vector<std::string>* warnings);

}  // namespace reckon::text
