// PDF documents through poppler-cpp: the words of each page with their boxes, grouped
// into lines, the lines into paragraphs (a larger gap, a change of type size or an
// indent starts one; words split by a hyphen at a line end are joined), running heads
// and page numbers dropped, then the boilerplate filter. A file poppler cannot open, or
// one cut short, is an InputError, never a crash.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
#include <re2/re2.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "document_internal.hpp"
#include "reckon/core/date.hpp"
#include "reckon/core/error.hpp"

namespace reckon::text {
namespace {

// Gaps between lines larger than this multiple of the usual line pitch end a paragraph.
constexpr double PARAGRAPH_GAP_RATIO = 1.25;
// Lines whose height differs by more than this share are set in another type size.
constexpr double SIZE_CHANGE_RATIO = 0.2;
// A line starting this many line heights right of the usual left edge is indented.
constexpr double INDENT_RATIO = 1.0;
// Words whose vertical centres differ by less than this share of the taller box share a line.
constexpr double SAME_LINE_RATIO = 0.5;
// A horizontal gap wider than this share of the word height is a space poppler missed.
constexpr double WORD_GAP_RATIO = 0.15;

void silence_poppler() {
    static std::once_flag once;
    std::call_once(once,
                   [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

std::string utf8(const poppler::ustring& s) {
    poppler::byte_array bytes = s.to_utf8();
    return {bytes.begin(), bytes.end()};
}

struct Line {
    std::string text;
    double left = 0, right = 0, top = 0, bottom = 0;
    int page = 0;
    double height() const { return bottom - top; }
};

std::vector<Line> page_lines(const poppler::page& page, int page_index) {
    std::vector<Line> lines;
    bool space_after_prev = false;
    for (const poppler::text_box& box : page.text_list()) {
        std::string word = utf8(box.text());
        if (word.empty()) continue;
        poppler::rectf r = box.bbox();
        double top = r.y();
        double bottom = r.y() + r.height();
        double mid = (top + bottom) / 2;
        bool same_line = false;
        if (!lines.empty()) {
            const Line& l = lines.back();
            double lmid = (l.top + l.bottom) / 2;
            same_line =
                std::abs(mid - lmid) < SAME_LINE_RATIO * std::max(l.height(), r.height()) && r.x() >= l.left;
        }
        if (same_line) {
            Line& l = lines.back();
            double gap = r.x() - l.right;
            if (space_after_prev || gap > WORD_GAP_RATIO * r.height()) l.text += ' ';
            l.text += word;
            l.right = std::max(l.right, r.x() + r.width());
            l.top = std::min(l.top, top);
            l.bottom = std::max(l.bottom, bottom);
        } else {
            lines.push_back({word, r.x(), r.x() + r.width(), top, bottom, page_index});
        }
        space_after_prev = box.has_space_after();
    }
    return lines;
}

// The q-quantile (0..1) of v; 0 when empty.
double quantile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    auto k = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
}

// "12", "- 12 -", "Page 3", "3 of 10", "3 / 10".
bool is_page_number(std::string_view t) {
    static const RE2 page(
        R"((?i)^(?:page\s*)?[-\x{2013}\x{2014}\s]*[0-9]{1,4}(?:\s*(?:of|/)\s*[0-9]{1,4})?[-\x{2013}\x{2014}\s]*$)");
    return RE2::FullMatch(re2::StringPiece(t.data(), t.size()), page);
}

void join_line(std::string& para, std::string_view next) {
    // "produc-" + "tion" -> "production"; a hyphen before a capital ("Shahed-" "136",
    // "Franco-" "German") stays.
    if (para.size() >= 2 && para.back() == '-' &&
        std::isalpha(static_cast<unsigned char>(para[para.size() - 2])) && docread::starts_lowercase(next)) {
        para.pop_back();
        para += next;
        return;
    }
    if (para.ends_with("\xC2\xAD")) {  // soft hyphen
        para.resize(para.size() - 2);
        para += next;
        return;
    }
    para += ' ';
    para += next;
}

// What a running head keeps from page to page: its text with each run of digits as one '#',
// so that "Survey 9" and "Survey 10" are the same head.
std::string running_key(const std::string& text) {
    std::string k;
    for (const char c : text) {
        if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
            k += c;
        } else if (k.empty() || k.back() != '#') {
            k += '#';
        }
    }
    return k;
}

// What a document's type looks like, measured on its first pages (all of them, up to
// PDF_LAYOUT_PAGES): the usual line pitch, body type size and left edge, and the lines at the
// top or bottom of a page that repeat on many pages (running heads and feet).
struct Layout {
    double pitch = 0;
    double body_height = 0;
    double left_edge = 0;
    std::map<std::string, int> edge_lines;  // running_key of first/last lines → pages
    int running_threshold = 3;

    bool is_running(const Line& l) const {
        const auto it = edge_lines.find(running_key(l.text));
        return (it != edge_lines.end() && it->second >= running_threshold) ||
               is_page_number(docread::trim_space_and_nbsp(l.text));
    }
};

Layout measure_layout(const std::vector<std::vector<Line>>& pages) {
    std::vector<double> pitches;
    std::vector<double> heights;
    std::vector<double> lefts;
    Layout layout;
    for (const std::vector<Line>& page : pages) {
        for (std::size_t i = 0; i < page.size(); ++i) {
            heights.push_back(page[i].height());
            lefts.push_back(page[i].left);
            if (i > 0 && page[i].top > page[i - 1].top) pitches.push_back(page[i].top - page[i - 1].top);
        }
        if (!page.empty()) ++layout.edge_lines[running_key(page.front().text)];
        if (page.size() > 1) ++layout.edge_lines[running_key(page.back().text)];
    }
    // The usual pitch is that within paragraphs: the lower quartile, as paragraph gaps are
    // the larger pitches and may be common in a short document.
    layout.pitch = quantile(pitches, 0.25);
    layout.body_height = quantile(heights, 0.5);
    layout.left_edge = quantile(lefts, 0.5);
    layout.running_threshold = std::max(3, static_cast<int>(pages.size()) / 2);
    return layout;
}

// Joins lines into paragraphs page by page: a larger gap, a change of type size or an indent
// starts one; a new page continues the last one unless it ended a sentence. Running heads,
// feet and page numbers at a page's edges are dropped.
class ParagraphBuilder {
public:
    using Emit = std::function<void(docread::Candidate&&)>;
    ParagraphBuilder(Layout layout, Emit emit) : m_layout(std::move(layout)), m_emit(std::move(emit)) {}

    void add_page(const std::vector<Line>& page) {
        for (std::size_t i = 0; i < page.size(); ++i) {
            const bool edge = i == 0 || i + 1 == page.size();
            if (edge && m_layout.is_running(page[i])) continue;
            add_line(page[i]);
        }
    }
    void finish() {
        flush();
        m_prev.reset();
    }
    // Where the paragraphs go from now on.
    void redirect(Emit emit) { m_emit = std::move(emit); }

private:
    void add_line(const Line& l) {
        bool new_para = !m_prev;
        if (m_prev && m_prev->page == l.page) {
            const double gap = l.top - m_prev->top;
            const double hp = m_prev->height();
            const double hl = l.height();
            new_para = gap > PARAGRAPH_GAP_RATIO * m_layout.pitch || gap < 0 ||
                       std::abs(hl - hp) > SIZE_CHANGE_RATIO * std::max(hl, hp) ||
                       l.left > m_layout.left_edge + INDENT_RATIO * m_layout.body_height;
        } else if (m_prev) {
            new_para = docread::ends_sentence(m_prev->text) ||
                       std::abs(l.height() - m_prev->height()) >
                           SIZE_CHANGE_RATIO * std::max(l.height(), m_prev->height());
        }
        if (new_para) {
            flush();
            m_cur.block.text = l.text;
            m_cur.heading = l.height() > (1 + SIZE_CHANGE_RATIO) * m_layout.body_height;
        } else {
            join_line(m_cur.block.text, l.text);
        }
        m_prev = l;
    }
    void flush() {
        if (!docread::trim_space_and_nbsp(m_cur.block.text).empty()) {
            m_cur.block.text = repair_utf8(m_cur.block.text, 0, nullptr);
            m_emit(std::move(m_cur));
        }
        m_cur = {};
    }

    Layout m_layout;
    Emit m_emit;
    docread::Candidate m_cur;
    std::optional<Line> m_prev;
};

// poppler sizes its cross-reference table from numbers in the file (the trailer's /Size,
// xref subsection counts, an xref stream's /Index, object numbers when it rebuilds a
// damaged table) before checking them against the file, so a few kilobytes claiming
// twenty million objects make it allocate gigabytes (found by fuzz/pdf_fuzz.cpp). Real
// files number their objects densely and spend more than a byte on each, so any such
// number above this bound marks a damaged or hostile file.
// `pdf` may be a window of the file (the check is run on overlapping windows of a long one);
// `file_size` is the whole file's.
bool implausible_object_numbers(std::string_view pdf, std::uint64_t file_size) {
    const std::uint64_t bound = 4096 + file_size;
    auto too_big = [bound](const std::string& digits) {
        return digits.size() > 12 || std::stoull(digits) > bound;
    };
    static const RE2 size_key(R"(/Size\s+([0-9]+))");
    static const RE2 object(R"(([0-9]+)\s+[0-9]+\s+obj\b)");
    static const RE2 subsection(R"((?m)^[ \t]*([0-9]+)[ \t]+([0-9]+)[ \t]*\r?$)");
    static const RE2 index(R"(/Index\s*\[([0-9\s]*)\])");
    static const RE2 number(R"(([0-9]+))");
    for (const RE2* re : {&size_key, &object}) {
        re2::StringPiece in(pdf.data(), pdf.size());
        std::string n;
        while (RE2::FindAndConsume(&in, *re, &n)) {
            if (too_big(n)) return true;
        }
    }
    {
        re2::StringPiece in(pdf.data(), pdf.size());
        std::string first;
        std::string count;
        while (RE2::FindAndConsume(&in, subsection, &first, &count)) {
            if (too_big(first) || too_big(count)) return true;
        }
    }
    re2::StringPiece in(pdf.data(), pdf.size());
    std::string list;
    while (RE2::FindAndConsume(&in, index, &list)) {
        re2::StringPiece nums(list);
        std::string n;
        while (RE2::FindAndConsume(&nums, number, &n)) {
            if (too_big(n)) return true;
        }
    }
    return false;
}

InputError damaged_pdf(const std::string& name) {
    return {docread::where(name), "cannot read this PDF (truncated or damaged); re-save or re-download it"};
}

std::vector<Line> lines_of_page(poppler::document& doc, int index) {
    const std::unique_ptr<poppler::page> page(doc.create_page(index));
    return page ? page_lines(*page, index) : std::vector<Line>{};
}

}  // namespace

namespace docread {

PdfScan::PdfScan(std::uint64_t file_size) : m_file_size(file_size) {}

void PdfScan::feed(std::string_view chunk) {
    m_hash.update(chunk);
    m_window.append(chunk);
    if (m_window.size() >= WINDOW_BYTES) scan_window();
}

void PdfScan::scan_window() {
    if (m_window.size() <= m_scanned_to) return;
    m_seen_eof = m_seen_eof || m_window.find("%%EOF") != std::string::npos;
    m_implausible = m_implausible || implausible_object_numbers(m_window, m_file_size);
    const std::size_t keep = std::min(m_window.size(), OVERLAP_BYTES);
    m_window.erase(0, m_window.size() - keep);
    m_scanned_to = m_window.size();
}

std::string PdfScan::finish(const std::string& name_for_errors) {
    scan_window();
    // poppler rebuilds a missing cross-reference table and then reads what it can of a
    // file cut short; half a document read as a whole one is worse than an error. A file
    // with no end-of-file marker at all was cut short. (One with a marker followed by
    // junk, as some servers append, or a cut-short later revision, is read.)
    if (!m_seen_eof || m_implausible) throw damaged_pdf(name_for_errors);
    return m_hash.hex_digest();
}

}  // namespace docread

struct PdfText::State {
    std::string name;
    std::unique_ptr<poppler::document> doc;
    int pages = 0;
    int next_page = 0;                     // the first page not yet turned into lines
    std::vector<docread::Candidate> lead;  // paragraphs of the layout pages, not yet emitted
    std::unique_ptr<ParagraphBuilder> builder;
};

PdfText::PdfText(std::unique_ptr<State> state) : m_state(std::move(state)) {}
PdfText::~PdfText() = default;
PdfText::PdfText(PdfText&&) noexcept = default;
PdfText& PdfText::operator=(PdfText&&) noexcept = default;

PdfText PdfText::open(std::unique_ptr<poppler::document> doc, const std::string& name) {
    if (!doc) throw damaged_pdf(name);
    if (doc->is_locked()) {
        throw InputError(docread::where(name), "cannot read this PDF (it is locked with a password)",
                         "remove the password (e.g. qpdf --decrypt) and retry");
    }
    auto state = std::make_unique<State>();
    state->name = name;
    state->pages = doc->pages();
    if (state->pages <= 0) throw damaged_pdf(name);
    state->doc = std::move(doc);

    PdfText pdf(std::move(state));
    State& st = *pdf.m_state;
    pdf.m_info.format = "pdf";
    pdf.m_info.title = std::string(docread::trim_space_and_nbsp(utf8(st.doc->get_title())));
    // A damaged file may claim any year (found by fuzz/pdf_fuzz.cpp): only 1970..9999 is a date.
    const std::time_t created = st.doc->get_creation_date_t();
    if (created > 0 && static_cast<double>(created) <= core::LAST_UNIX_SECOND_OF_9999)
        pdf.m_info.published = core::utc_date(static_cast<double>(created));

    // The layout is measured on the first pages, whose lines are then joined into the lead
    // paragraphs; the rest of the document is read page by page in read().
    std::vector<std::vector<Line>> first;
    for (; st.next_page < std::min(st.pages, PDF_LAYOUT_PAGES); ++st.next_page)
        first.push_back(lines_of_page(*st.doc, st.next_page));
    st.builder = std::make_unique<ParagraphBuilder>(
        measure_layout(first), [&lead = st.lead](docread::Candidate&& c) { lead.push_back(std::move(c)); });
    for (const std::vector<Line>& page : first) st.builder->add_page(page);
    if (st.next_page == st.pages) st.builder->finish();
    if (pdf.m_info.title.empty()) {
        docread::BoilerplateFilter lead_filter([](TextBlock&&) {});
        for (const docread::Candidate& c : st.lead) lead_filter.push(c);
        pdf.m_info.title = lead_filter.headline();
    }
    return pdf;
}

PdfText PdfText::from_bytes(std::string_view pdf_bytes, const std::string& name_for_errors) {
    silence_poppler();
    if (pdf_bytes.size() > static_cast<std::size_t>(INT_MAX)) {
        throw InputError(docread::where(name_for_errors), "PDF is too large to read in memory",
                         "give reckon the file: it reads PDF files from disk page by page");
    }
    docread::PdfScan scan(pdf_bytes.size());
    scan.feed(pdf_bytes);
    std::string sha256 = scan.finish(name_for_errors);
    PdfText pdf = open(std::unique_ptr<poppler::document>(poppler::document::load_from_raw_data(
                           pdf_bytes.data(), static_cast<int>(pdf_bytes.size()))),
                       name_for_errors);
    pdf.m_info.sha256 = std::move(sha256);
    pdf.m_info.size_bytes = pdf_bytes.size();
    return pdf;
}

PdfText PdfText::from_file(const std::filesystem::path& path, const std::string& name_for_errors,
                           std::string sha256) {
    silence_poppler();
    PdfText pdf = open(std::unique_ptr<poppler::document>(poppler::document::load_from_file(path.string())),
                       name_for_errors);
    pdf.m_info.sha256 = std::move(sha256);
    return pdf;
}

bool PdfText::read(const std::function<void(const TextBlock&)>& on_block, const core::ProgressFn& progress) {
    State& st = *m_state;
    if (!st.builder) throw Error("PdfText::read called twice for " + st.name);
    std::uint64_t offset = 0;
    docread::BoilerplateFilter filter([&offset, &on_block](TextBlock&& b) {
        b.offset = offset;
        offset += b.text.size() + 1;
        on_block(b);
    });
    for (docread::Candidate& c : st.lead) filter.push(std::move(c));
    st.lead = {};
    // The paragraphs of the remaining pages go straight to the filter.
    st.builder->redirect([&filter](docread::Candidate&& c) { filter.push(std::move(c)); });
    const double total = std::max(1, st.pages);
    for (; st.next_page < st.pages; ++st.next_page) {
        st.builder->add_page(lines_of_page(*st.doc, st.next_page));
        if (!core::report_progress(progress, (st.next_page + 1) / total, "reading")) {
            st.builder.reset();
            return false;
        }
    }
    st.builder->finish();
    st.builder.reset();
    filter.finish();
    return core::report_progress(progress, 1.0, "reading");
}

ParsedPage parse_pdf(std::string_view pdf_bytes, const std::string& name_for_errors) {
    PdfText pdf = PdfText::from_bytes(pdf_bytes, name_for_errors);
    ParsedPage out;
    pdf.read([&out](const TextBlock& b) { out.blocks.push_back(b); }, {});
    out.info = pdf.info();
    return out;
}

}  // namespace reckon::text
