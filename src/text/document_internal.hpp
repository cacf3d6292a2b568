// Pieces shared by the document readers (text, HTML, PDF) in src/text: the SHA-256
// streamer, the boilerplate filter that works on a stream of candidate paragraphs, and
// UTF-8 helpers. Private to the text module.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/core/error.hpp"
#include "reckon/text/document.hpp"

namespace reckon::text::docread {

// Incremental SHA-256 over OpenSSL EVP.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(std::string_view bytes);
    std::string hex_digest();  // finishes the hash; call once

private:
    struct Ctx;
    std::unique_ptr<Ctx> m_ctx;
};

// A paragraph on its way to the boilerplate filter, with what the reader knows of it.
struct Candidate {
    TextBlock block;
    double link_density = 0.0;  // share of the text inside links (HTML)
    bool heading = false;       // an h1-h6 or a line set larger than body text
};

// Decides, jusText-style, which paragraphs are body text: each paragraph is first
// classed alone (length, sentence end, stop words, links, dash/bullet lines, "Category3
// weeks ago" stamps, known labels), then short and borderline ones take the class of their
// neighbours, the document's edges counting as boilerplate. Works on a stream: a paragraph
// is held only while its class still depends on what comes next, up to a bound, so memory
// stays flat on huge files. The longest headline-like line before the first body
// paragraph is kept as the document's headline.
class BoilerplateFilter {
public:
    using Emit = std::function<void(TextBlock&&)>;
    explicit BoilerplateFilter(Emit emit);
    void push(Candidate c);
    // Resolves what is held, treating the end of the document as boilerplate.
    void finish();
    // The headline found in the lead; empty until the first body paragraph was seen.
    const std::string& headline() const { return m_headline; }
    // An empty string, with room from a paragraph already handed on when there is one:
    // readers build the next paragraph in it rather than allocate.
    std::string take_spare();

    enum class Kind { good, near_good, short_text, bad };
    static Kind classify(const Candidate& c);

private:
    struct Held {
        Candidate c;
        Kind kind = Kind::bad;
    };
    void resolve(Kind next);
    void pick_headline();
    void recycle(std::string&& s);

    Emit m_emit;
    std::vector<Held> m_held;  // cleared, not freed, after each run: no allocation per block
    std::size_t m_held_bytes = 0;
    Kind m_prev = Kind::bad;  // the start of the document counts as boilerplate
    bool m_seen_good = false;
    std::string m_headline;
    std::vector<std::string> m_spares;
};

// The checks a PDF must pass before poppler is given it, run over its bytes in order (in
// windows, so a file of any size is checked in bounded memory), and its SHA-256: a file with
// no "%%EOF" marker was cut short; one numbering more objects than it could hold is damaged
// or hostile (poppler would size its tables from those numbers).
class PdfScan {
public:
    explicit PdfScan(std::uint64_t file_size);
    void feed(std::string_view chunk);
    // The SHA-256 of all bytes fed; throws InputError naming the file when a check failed.
    std::string finish(const std::string& name_for_errors);

private:
    void scan_window();
    // Windows overlap by more than any object number, "%%EOF" or /Index list of a real file.
    static constexpr std::size_t WINDOW_BYTES = 4u << 20;
    static constexpr std::size_t OVERLAP_BYTES = 64u << 10;
    std::uint64_t m_file_size;
    Sha256 m_hash;
    std::string m_window;
    std::size_t m_scanned_to = 0;  // m_window[0, m_scanned_to) was scanned already
    bool m_seen_eof = false;
    bool m_implausible = false;
};

// Where in a file an error is: the file, and the byte offset when known.
inline Location where(std::string file, std::optional<std::uint64_t> byte = std::nullopt) {
    Location l;
    l.file = std::move(file);
    l.byte = byte;
    return l;
}

// As repair_utf8, into `out` (its contents replaced, its capacity reused).
void repair_utf8_to(std::string_view bytes, std::uint64_t base_offset,
                    std::vector<std::uint64_t>* bad_offsets, std::string& out);
// Trims ASCII white space and U+00A0 (no-break space, common in HTML and PDF text) at both
// ends. Fields of data files use core::trim, which knows only ASCII.
std::string_view trim_space_and_nbsp(std::string_view s);
// True when `s` ends a sentence: . ! ? … optionally followed by closing quotes/brackets.
bool ends_sentence(std::string_view s);
// Largest cut position <= limit in `s` that does not split a UTF-8 sequence, preferring
// just after a sentence end, then after a space, within the last `look_back` bytes.
std::size_t safe_cut(std::string_view s, std::size_t limit, std::size_t look_back);
// True when the first code point of `s` is a lowercase letter.
bool starts_lowercase(std::string_view s);

// Date from "YYYY-MM-DD..." (ISO 8601 date or date-time); nullopt otherwise.
std::optional<core::Date> date_prefix(std::string_view s);

}  // namespace reckon::text::docread

namespace poppler {
class document;
}

namespace reckon::text {

// A PDF's text, read page by page so that memory does not grow with the number of pages:
// the layout (line pitch, body type size, left edge, running heads) is measured on the first
// PDF_LAYOUT_PAGES pages when it is opened, and the paragraphs of the rest are made and
// handed on one page at a time. Open either from a file (poppler reads it from disk) or from
// bytes held in memory (tests, fuzzing); both throw InputError naming the file when poppler
// cannot open it or it is locked, damaged or cut short.
class PdfText {
public:
    // `sha256`: from the docread::PdfScan the caller ran over the file's bytes.
    static PdfText from_file(const std::filesystem::path& path, const std::string& name_for_errors,
                             std::string sha256);
    static PdfText from_bytes(std::string_view pdf_bytes, const std::string& name_for_errors);
    ~PdfText();
    PdfText(const PdfText&) = delete;
    PdfText& operator=(const PdfText&) = delete;
    PdfText(PdfText&& other) noexcept;
    PdfText& operator=(PdfText&& other) noexcept;

    // Format, title (metadata, else the headline of the first pages), published date, sha256.
    const core::DocumentInfo& info() const { return m_info; }
    // Calls on_block for each body paragraph, offsets in the extracted text. Once only.
    bool read(const std::function<void(const TextBlock&)>& on_block, const core::ProgressFn& progress);

private:
    struct State;
    explicit PdfText(std::unique_ptr<State> state);
    static PdfText open(std::unique_ptr<poppler::document> doc, const std::string& name);
    std::unique_ptr<State> m_state;
    core::DocumentInfo m_info;
};

}  // namespace reckon::text
