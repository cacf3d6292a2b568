// DocumentReader: opens a file, tells plain text, HTML and PDF apart by content, and
// streams body paragraphs. Plain text is read in 1 MiB chunks with the SHA-256 taken in
// the same pass; lines become paragraphs (a hard-wrapped line continuing in lowercase is
// joined to the previous one), a line longer than MAX_BLOCK_BYTES is cut at a sentence
// end or space, and bad UTF-8 is repaired with a warning. PDF is read whole, and HTML
// up to HTML_WHOLE_PAGE_BYTES; a longer page is streamed and parsed in pieces.
#include "reckon/text/document.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <vector>

#include "document_internal.hpp"
#include "reckon/core/error.hpp"

namespace reckon::text {
namespace {

constexpr std::size_t CHUNK_BYTES = 1u << 20;
constexpr std::size_t SNIFF_BYTES = 64u << 10;
// Longest paragraph handed on; longer lines are cut (prose never has 1 MiB paragraphs).
constexpr std::size_t MAX_BLOCK_BYTES = 1u << 20;
constexpr std::size_t CUT_LOOK_BACK_BYTES = 64u << 10;
// A line this long or longer that ends mid-sentence may be hard-wrapped.
constexpr std::size_t MIN_WRAPPED_LINE_BYTES = 30;
// Over this share of control bytes in the sniffed prefix the file is binary.
constexpr double MAX_CONTROL_SHARE = 0.1;
// Over this share of invalid UTF-8 sequences in the sniffed prefix the file is binary.
constexpr double MAX_INVALID_UTF8_SHARE = 0.1;
constexpr std::size_t MAX_UTF8_WARNINGS = 10;
constexpr std::string_view BOM = "\xEF\xBB\xBF";

using FilePtr = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

std::string errno_text(int e) { return std::strerror(e); }

FilePtr open_file(const std::filesystem::path& path) {
    FilePtr f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f)
        throw InputError(docread::where(path.string()), "cannot open: " + errno_text(errno),
                         "check the path and permissions");
    return f;
}

// Reads up to n bytes; throws on a read error.
std::size_t read_some(std::FILE* f, char* buf, std::size_t n, const std::string& name) {
    std::size_t got = std::fread(buf, 1, n, f);
    if (got < n && std::ferror(f)) throw InputError(docread::where(name), "read error: " + errno_text(errno));
    return got;
}

std::optional<DocumentFormat> markup_format(std::string_view head) {
    constexpr std::size_t PDF_HEADER_WINDOW = 1024;  // PDF 32000-1 §7.5.2 readers allow junk before
    if (head.substr(0, PDF_HEADER_WINDOW).find("%PDF-") != std::string_view::npos) return DocumentFormat::pdf;
    if (head.starts_with(BOM)) head.remove_prefix(BOM.size());
    while (!head.empty() && std::isspace(static_cast<unsigned char>(head.front()))) head.remove_prefix(1);
    if (!head.starts_with("<")) return std::nullopt;
    constexpr std::size_t HTML_WINDOW = 1024;
    std::string window(head.substr(0, HTML_WINDOW));
    for (char& c : window) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::string_view marker :
         {"<!doctype html", "<html", "<head", "<body", "<p>", "<p ", "<title", "<meta", "<div"}) {
        if (window.find(marker) != std::string::npos) return DocumentFormat::html;
    }
    return std::nullopt;
}

// Byte offset of the first NUL, or of the first control byte when they are too many.
std::optional<std::uint64_t> binary_at(std::string_view head) {
    std::size_t controls = 0;
    std::optional<std::uint64_t> first_control;
    for (std::size_t i = 0; i < head.size(); ++i) {
        auto c = static_cast<unsigned char>(head[i]);
        if (c == 0) return i;
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' && c != 0x1B) {
            ++controls;
            if (!first_control) first_control = i;
        }
    }
    if (!head.empty() &&
        static_cast<double>(controls) > MAX_CONTROL_SHARE * static_cast<double>(head.size())) {
        return first_control;
    }
    // Raw samples, compressed or encrypted data have no NULs to give them away but are
    // mostly not UTF-8; text in a legacy 8-bit encoding has a few bad bytes, not this many.
    std::vector<std::uint64_t> bad;
    repair_utf8(head, 0, &bad);
    if (!bad.empty() &&
        static_cast<double>(bad.size()) > MAX_INVALID_UTF8_SHARE * static_cast<double>(head.size())) {
        return bad.front();
    }
    return std::nullopt;
}

// Turns a byte stream into paragraph candidates: lines, joined when hard-wrapped, cut
// when enormous, repaired when not UTF-8. Holds at most ~2 MiB whatever the input.
// Paragraphs go straight to the boilerplate filter (no std::function per line), whose
// spent strings are reused for the next lines instead of allocating one per line.
class TextSplitter {
public:
    TextSplitter(docread::BoilerplateFilter& filter, std::string name, std::vector<std::string>* warnings)
        : m_filter(filter), m_name(std::move(name)), m_warnings(warnings) {}

    // `bytes` continue the stream; `offset` is the file offset of bytes[0]. Whole lines
    // are read in place; only the unfinished last line is copied, to wait for its end.
    void feed(std::string_view bytes, std::uint64_t offset) {
        std::size_t nl = bytes.find('\n');
        if (nl == std::string_view::npos) {
            if (m_buf.empty()) m_buf_offset = offset;
            m_buf.append(bytes);
            cut_long_line();
            return;
        }
        if (m_buf.empty()) {
            line(bytes.substr(0, nl), offset);
        } else {
            m_buf.append(bytes.substr(0, nl));
            line(m_buf, m_buf_offset);
            m_buf.clear();
        }
        std::size_t start = nl + 1;
        for (;;) {
            nl = bytes.find('\n', start);
            if (nl == std::string_view::npos) break;
            line(bytes.substr(start, nl - start), offset + start);
            start = nl + 1;
        }
        m_buf.assign(bytes.substr(start));
        m_buf_offset = offset + start;
        cut_long_line();
    }

    void finish() {
        if (!m_buf.empty()) line(m_buf, m_buf_offset);
        m_buf.clear();
        end_paragraph();
        if (m_bad_count > MAX_UTF8_WARNINGS && m_warnings) {
            m_warnings->push_back(m_name + ": " + std::to_string(m_bad_count - MAX_UTF8_WARNINGS) +
                                  " more invalid UTF-8 sequences replaced with U+FFFD");
        }
    }

private:
    // A line with no end in sight: cut it at a sentence end, space or code point.
    void cut_long_line() {
        std::size_t start = 0;
        while (m_buf.size() - start > MAX_BLOCK_BYTES) {
            std::string_view rest = std::string_view(m_buf).substr(start);
            std::size_t cut = docread::safe_cut(rest, MAX_BLOCK_BYTES, CUT_LOOK_BACK_BYTES);
            line(rest.substr(0, cut), m_buf_offset + start);
            end_paragraph();
            start += cut;
        }
        if (start == 0) return;
        m_buf.erase(0, start);
        m_buf_offset += start;
    }

    void line(std::string_view raw, std::uint64_t offset) {
        if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
        std::string_view t = docread::trim_space_and_nbsp(raw);
        if (t.empty()) {
            end_paragraph();
            return;
        }
        offset += static_cast<std::uint64_t>(t.data() - raw.data());
        m_bad.clear();
        std::string& text = m_line;
        docread::repair_utf8_to(t, offset, &m_bad, text);
        for (std::uint64_t at : m_bad) {
            if (++m_bad_count <= MAX_UTF8_WARNINGS && m_warnings) {
                m_warnings->push_back(m_name + ": invalid UTF-8 at byte " + std::to_string(at) +
                                      ", replaced with U+FFFD");
            }
        }
        const bool wrapped = m_have_para && m_last_line_bytes >= MIN_WRAPPED_LINE_BYTES &&
                             !docread::ends_sentence(m_para.block.text) && docread::starts_lowercase(text) &&
                             m_para.block.text.size() + 1 + text.size() <= MAX_BLOCK_BYTES;
        m_last_line_bytes = text.size();
        if (wrapped) {
            m_para.block.text += ' ';
            m_para.block.text += text;
            return;
        }
        end_paragraph();
        m_para.block.text = std::move(m_line);
        m_line = m_filter.take_spare();
        m_para.block.offset = offset;
        m_have_para = true;
    }

    void end_paragraph() {
        if (!m_have_para) return;
        m_have_para = false;
        m_filter.push(std::move(m_para));
        m_para = {};
    }

    docread::BoilerplateFilter& m_filter;
    std::string m_line;  // the current line, repaired
    std::string m_name;
    std::vector<std::string>* m_warnings;
    std::string m_buf;
    std::uint64_t m_buf_offset = 0;
    docread::Candidate m_para;
    bool m_have_para = false;
    std::size_t m_last_line_bytes = 0;
    std::vector<std::uint64_t> m_bad;
    std::size_t m_bad_count = 0;
};

}  // namespace

ParsedPage parse_text(std::string_view bytes, const std::string& name_for_warnings,
                      std::vector<std::string>* warnings) {
    ParsedPage page;
    page.info.format = "text";
    page.info.size_bytes = bytes.size();
    docread::BoilerplateFilter filter([&page](TextBlock&& b) { page.blocks.push_back(std::move(b)); });
    TextSplitter splitter(filter, name_for_warnings, warnings);
    std::uint64_t start = bytes.starts_with(BOM) ? BOM.size() : 0;
    for (std::uint64_t at = start; at < bytes.size(); at += CHUNK_BYTES) {
        splitter.feed(bytes.substr(at, CHUNK_BYTES), at);
    }
    splitter.finish();
    filter.finish();
    page.info.title = filter.headline();
    return page;
}

std::string_view to_string(DocumentFormat f) {
    switch (f) {
        case DocumentFormat::text:
            return "text";
        case DocumentFormat::html:
            return "html";
        case DocumentFormat::pdf:
            return "pdf";
    }
    return "text";
}

struct DocumentReader::Impl {
    std::filesystem::path path;
    std::string name;
    DocumentFormat format = DocumentFormat::text;
    core::DocumentInfo info;
    std::vector<std::string> warnings;
    ParsedPage page;              // HTML, parsed when opened
    bool html_in_pieces = false;  // a long page: parsed piece by piece as read() streams it
    std::optional<PdfText> pdf;   // PDF, opened and its layout measured; read() reads the pages
    bool pdf_read = false;        // read() has used `pdf` up: a second read() opens it again
};

namespace {

// Length of the longest prefix of `bytes` that does not end inside a UTF-8 sequence, so that
// a sequence split across two reads is repaired (or kept) whole.
std::size_t utf8_complete_prefix(std::string_view bytes) {
    constexpr std::size_t MAX_SEQUENCE = 4;
    const std::size_t n = bytes.size();
    for (std::size_t back = 1; back <= std::min(n, MAX_SEQUENCE); ++back) {
        const auto c = static_cast<unsigned char>(bytes[n - back]);
        if ((c & 0xC0U) == 0x80U) continue;  // a continuation byte: look further back
        std::size_t len = 1;
        if ((c & 0xE0U) == 0xC0U) len = 2;
        if ((c & 0xF0U) == 0xE0U) len = 3;
        if ((c & 0xF8U) == 0xF0U) len = 4;
        return back < len ? n - back : n;
    }
    return n;
}

// Appends the valid UTF-8 of raw bytes (file offset `offset`) to `out`, counting repairs and
// warning about the first few.
void append_repaired(std::string_view raw, std::uint64_t offset, std::string& out, std::size_t& bad_count,
                     std::vector<std::string>& warnings, const std::string& name) {
    std::vector<std::uint64_t> bad;
    out += repair_utf8(raw, offset, &bad);
    for (std::uint64_t at : bad) {
        if (bad_count++ < MAX_UTF8_WARNINGS)
            warnings.push_back(name + ": invalid UTF-8 at byte " + std::to_string(at) +
                               ", replaced with U+FFFD");
    }
}

// A long page's title, address and dates come from its head, which is in its first piece.
core::DocumentInfo first_piece_meta(const core::DocumentInfo& file, std::FILE* f, std::string head) {
    std::string bytes = std::move(head);
    const std::size_t want = 2 * HTML_PIECE_BYTES;
    const std::size_t old = bytes.size();
    if (old < want) {
        bytes.resize(want);
        bytes.resize(old + read_some(f, bytes.data() + old, want - old, file.path));
    }
    bytes.resize(utf8_complete_prefix(bytes));
    const std::string html = repair_utf8(bytes, 0, nullptr);
    const HtmlCut cut = html_segment_cut(html, HTML_PIECE_BYTES);
    ParsedPage first = parse_html(std::string_view(html).substr(0, cut.at));
    first.info.path = file.path;
    first.info.size_bytes = file.size_bytes;
    return first.info;
}

}  // namespace

// A page longer than HTML_WHOLE_PAGE_BYTES, read in 1 MiB chunks, repaired, and parsed in
// pieces of about HTML_PIECE_BYTES cut between block elements: memory stays flat however
// long the page. Block offsets run on across the pieces as if the page had been parsed whole.
bool DocumentReader::read_html_in_pieces(const std::function<void(const TextBlock&)>& on_block,
                                         const core::ProgressFn& progress) {
    Impl& d = *m_impl;
    d.warnings.clear();
    FilePtr f = open_file(d.path);
    docread::Sha256 hash;
    std::string buf(CHUNK_BYTES, '\0');
    std::string raw;                // bytes read but not yet repaired: an unfinished UTF-8 sequence
    std::string pending;            // repaired HTML not yet parsed
    std::uint64_t offset = 0;       // file offset of the next byte read
    std::uint64_t text_offset = 0;  // offset of the next block in the extracted text
    std::size_t bad_count = 0;
    std::size_t dropped_tags = 0;
    auto parse_piece = [&](std::string_view piece) {
        ParsedPage page = parse_html(piece);
        dropped_tags += page.dropped_tags;
        for (TextBlock& b : page.blocks) {
            b.offset += text_offset;
            on_block(b);
        }
        if (!page.blocks.empty())
            text_offset = page.blocks.back().offset + page.blocks.back().text.size() + 1;
    };
    auto parse_ready = [&](std::size_t keep) {
        while (pending.size() > keep) {
            HtmlCut cut = html_segment_cut(pending, HTML_PIECE_BYTES);
            parse_piece(std::string_view(pending).substr(0, cut.at));
            pending.erase(0, cut.at);
            pending.insert(0, cut.reopen);
        }
    };
    const double total = static_cast<double>(std::max<std::uint64_t>(d.info.size_bytes, 1));
    for (;;) {
        const std::size_t got = read_some(f.get(), buf.data(), buf.size(), d.name);
        if (got == 0) break;
        const std::string_view chunk(buf.data(), got);
        hash.update(chunk);
        const std::uint64_t raw_offset = offset - raw.size();
        raw.append(chunk);
        const std::size_t complete = utf8_complete_prefix(raw);
        std::string_view ready(raw.data(), complete);
        std::uint64_t ready_offset = raw_offset;
        if (raw_offset == 0 && ready.starts_with(BOM)) {
            ready.remove_prefix(BOM.size());
            ready_offset = BOM.size();
        }
        append_repaired(ready, ready_offset, pending, bad_count, d.warnings, d.name);
        raw.erase(0, complete);
        offset += got;
        // Cut only with room past the limit, so a tag or paragraph near it is seen whole.
        parse_ready(2 * HTML_PIECE_BYTES);
        if (!core::report_progress(progress, std::min(1.0, static_cast<double>(offset) / total), "reading")) {
            return false;
        }
    }
    append_repaired(raw, offset - raw.size(), pending, bad_count, d.warnings, d.name);
    parse_ready(0);
    if (bad_count > MAX_UTF8_WARNINGS) {
        d.warnings.push_back(d.name + ": " + std::to_string(bad_count - MAX_UTF8_WARNINGS) +
                             " more invalid UTF-8 sequences replaced with U+FFFD");
    }
    if (dropped_tags > 0) {
        d.warnings.push_back(d.name + ": " + std::to_string(dropped_tags) +
                             " tags of elements nested deeper than " + std::to_string(MAX_HTML_DEPTH) +
                             " were dropped before parsing (their text is kept)");
    }
    d.info.size_bytes = offset;
    d.info.sha256 = hash.hex_digest();
    return core::report_progress(progress, 1.0, "reading");
}

DocumentReader::DocumentReader(const std::filesystem::path& path) : m_impl(std::make_unique<Impl>()) {
    Impl& d = *m_impl;
    d.path = path;
    d.name = path.string();
    d.info.path = d.name;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        throw InputError(docread::where(d.name), "is a directory, not a file", "pass the files inside it");
    }
    FilePtr f = open_file(path);
    std::string head(SNIFF_BYTES, '\0');
    head.resize(read_some(f.get(), head.data(), head.size(), d.name));
    auto size = std::filesystem::file_size(path, ec);
    d.info.size_bytes = ec ? head.size() : size;
    if (head.empty())
        throw InputError(docread::where(d.name), "file is empty", "check that it was saved completely");

    std::optional<DocumentFormat> markup = markup_format(head);
    d.format = markup.value_or(DocumentFormat::text);
    if (d.format != DocumentFormat::pdf) {
        if (auto at = binary_at(head)) {
            throw InputError(
                docread::where(d.name, at),
                "looks like a binary file (not text, HTML or PDF); reckon reads .txt, .html and .pdf");
        }
    }
    d.info.format = std::string(to_string(d.format));

    if (d.format == DocumentFormat::text) {
        // The headline is known once the first body paragraph is: look for it in the head.
        docread::BoilerplateFilter filter([](TextBlock&&) {});
        TextSplitter splitter(filter, d.name, nullptr);
        std::string_view view = head;
        std::uint64_t start = view.starts_with(BOM) ? BOM.size() : 0;
        view.remove_prefix(start);
        if (head.size() == d.info.size_bytes) {
            splitter.feed(view, start);
            splitter.finish();
        } else {
            std::size_t last_nl = view.rfind('\n');
            if (last_nl != std::string_view::npos) splitter.feed(view.substr(0, last_nl + 1), start);
        }
        d.info.title = filter.headline();
        return;
    }

    if (d.format == DocumentFormat::pdf) {
        open_pdf(f.get(), std::move(head));
        return;
    }
    if (d.format == DocumentFormat::html && d.info.size_bytes > HTML_WHOLE_PAGE_BYTES) {
        d.html_in_pieces = true;
        d.info = first_piece_meta(d.info, f.get(), std::move(head));
        return;
    }

    std::string bytes = std::move(head);
    for (;;) {
        std::size_t old = bytes.size();
        bytes.resize(old + CHUNK_BYTES);
        std::size_t got = read_some(f.get(), bytes.data() + old, CHUNK_BYTES, d.name);
        bytes.resize(old + got);
        if (got == 0) break;
        if (bytes.size() > 2 * HTML_WHOLE_PAGE_BYTES) {
            throw InputError(docread::where(d.name), "file grew while being read",
                             "read it again once it is written completely");
        }
    }
    d.info.size_bytes = bytes.size();
    {
        std::vector<std::uint64_t> bad;
        std::string repaired = repair_utf8(bytes, 0, &bad);
        for (std::size_t i = 0; i < bad.size() && i < MAX_UTF8_WARNINGS; ++i) {
            d.warnings.push_back(d.name + ": invalid UTF-8 at byte " + std::to_string(bad[i]) +
                                 ", replaced with U+FFFD");
        }
        if (bad.size() > MAX_UTF8_WARNINGS) {
            d.warnings.push_back(d.name + ": " + std::to_string(bad.size() - MAX_UTF8_WARNINGS) +
                                 " more invalid UTF-8 sequences replaced with U+FFFD");
        }
        d.page = parse_html(repaired);
        if (d.page.dropped_tags > 0) {
            d.warnings.push_back(d.name + ": " + std::to_string(d.page.dropped_tags) +
                                 " tags of elements nested deeper than " + std::to_string(MAX_HTML_DEPTH) +
                                 " were dropped before parsing (their text is kept)");
        }
    }
    d.page.info.sha256 = sha256_hex(bytes);
    d.page.info.path = d.info.path;
    d.page.info.size_bytes = d.info.size_bytes;
    d.info = d.page.info;
}

DocumentReader::~DocumentReader() = default;
DocumentReader::DocumentReader(DocumentReader&&) noexcept = default;
DocumentReader& DocumentReader::operator=(DocumentReader&&) noexcept = default;

DocumentFormat DocumentReader::format() const { return m_impl->format; }
const core::DocumentInfo& DocumentReader::info() const { return m_impl->info; }
const std::vector<std::string>& DocumentReader::warnings() const { return m_impl->warnings; }

// The whole file is checked and hashed in chunks (docread::PdfScan), then poppler opens it from
// disk and the layout of its first pages is measured; read() reads the rest page by page.
void DocumentReader::open_pdf(std::FILE* f, std::string head) {
    Impl& d = *m_impl;
    docread::PdfScan scan(d.info.size_bytes);
    scan.feed(head);
    std::uint64_t size = head.size();
    head = std::string(CHUNK_BYTES, '\0');
    for (;;) {
        const std::size_t got = read_some(f, head.data(), head.size(), d.name);
        if (got == 0) break;
        scan.feed(std::string_view(head.data(), got));
        size += got;
    }
    d.pdf.emplace(PdfText::from_file(d.path, d.name, scan.finish(d.name)));
    core::DocumentInfo info = d.pdf->info();
    info.path = d.info.path;
    info.size_bytes = size;
    d.info = std::move(info);
}

bool DocumentReader::read(const std::function<void(const TextBlock&)>& on_block,
                          const core::ProgressFn& progress) {
    Impl& d = *m_impl;
    if (d.html_in_pieces) return read_html_in_pieces(on_block, progress);
    if (d.format == DocumentFormat::pdf) {
        if (d.pdf_read) d.pdf.emplace(PdfText::from_file(d.path, d.name, d.info.sha256));
        d.pdf_read = true;
        return d.pdf->read(on_block, progress);
    }
    if (d.format != DocumentFormat::text) {
        const double n = static_cast<double>(std::max<std::size_t>(d.page.blocks.size(), 1));
        for (std::size_t i = 0; i < d.page.blocks.size(); ++i) {
            on_block(d.page.blocks[i]);
            if (!core::report_progress(progress, static_cast<double>(i + 1) / n, "reading")) return false;
        }
        return core::report_progress(progress, 1.0, "reading");
    }

    d.warnings.clear();
    FilePtr f = open_file(d.path);
    docread::Sha256 hash;
    docread::BoilerplateFilter filter([&on_block](TextBlock&& b) { on_block(b); });
    TextSplitter splitter(filter, d.name, &d.warnings);
    std::string buf(CHUNK_BYTES, '\0');
    std::uint64_t offset = 0;
    const double total = static_cast<double>(std::max<std::uint64_t>(d.info.size_bytes, 1));
    for (;;) {
        std::size_t got = read_some(f.get(), buf.data(), buf.size(), d.name);
        if (got == 0) break;
        std::string_view chunk(buf.data(), got);
        hash.update(chunk);
        std::uint64_t chunk_offset = offset;
        if (offset == 0 && chunk.starts_with(BOM)) {
            chunk.remove_prefix(BOM.size());
            chunk_offset = BOM.size();
        }
        splitter.feed(chunk, chunk_offset);
        offset += got;
        if (!core::report_progress(progress, std::min(1.0, static_cast<double>(offset) / total), "reading")) {
            return false;
        }
    }
    splitter.finish();
    filter.finish();
    if (!filter.headline().empty()) d.info.title = filter.headline();
    d.info.size_bytes = offset;
    d.info.sha256 = hash.hex_digest();
    return true;
}

}  // namespace reckon::text
