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
#include <map>
#include <memory>
#include <mutex>

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
// A file's end is searched this far back for the "%%EOF" marker (PDF 32000-1 §7.5.5).
constexpr std::size_t EOF_MARKER_WINDOW = 2048;

void silence_poppler() {
    static std::once_flag once;
    std::call_once(once,
                   [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

std::string utf8(const poppler::ustring& s) {
    poppler::byte_array bytes = s.to_utf8();
    return std::string(bytes.begin(), bytes.end());
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
        double top = r.y(), bottom = r.y() + r.height();
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

// Lines that repeat at the top or bottom of many pages: running heads and feet.
std::vector<bool> running_lines(const std::vector<Line>& lines, int pages) {
    std::vector<bool> drop(lines.size(), false);
    auto key = [](const std::string& t) {
        std::string k;
        for (char c : t) k += std::isdigit(static_cast<unsigned char>(c)) ? '#' : c;
        return k;
    };
    std::map<std::string, int> count;
    std::vector<bool> edge(lines.size(), false);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        bool first = i == 0 || lines[i - 1].page != lines[i].page;
        bool last = i + 1 == lines.size() || lines[i + 1].page != lines[i].page;
        if (first || last) {
            edge[i] = true;
            ++count[key(lines[i].text)];
        }
    }
    const int threshold = std::max(3, pages / 2);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (edge[i] && (count[key(lines[i].text)] >= threshold ||
                        is_page_number(docread::trim_space_and_nbsp(lines[i].text)))) {
            drop[i] = true;
        }
    }
    return drop;
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

std::vector<docread::Candidate> paragraphs(const std::vector<Line>& lines, int pages) {
    std::vector<double> pitches, heights, lefts;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        heights.push_back(lines[i].height());
        lefts.push_back(lines[i].left);
        if (i > 0 && lines[i].page == lines[i - 1].page && lines[i].top > lines[i - 1].top) {
            pitches.push_back(lines[i].top - lines[i - 1].top);
        }
    }
    // The usual pitch is that within paragraphs: the lower quartile, as paragraph gaps are
    // the larger pitches and may be common in a short document.
    const double pitch = quantile(pitches, 0.25);
    const double body_height = quantile(heights, 0.5);
    const double left_edge = quantile(lefts, 0.5);
    const std::vector<bool> drop = running_lines(lines, pages);

    std::vector<docread::Candidate> out;
    docread::Candidate cur;
    const Line* prev = nullptr;
    auto flush = [&] {
        if (!docread::trim_space_and_nbsp(cur.block.text).empty()) out.push_back(std::move(cur));
        cur = {};
    };
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (drop[i]) continue;
        const Line& l = lines[i];
        bool new_para = prev == nullptr;
        if (prev && prev->page == l.page) {
            double gap = l.top - prev->top;
            double hp = prev->height(), hl = l.height();
            new_para = gap > PARAGRAPH_GAP_RATIO * pitch || gap < 0 ||
                       std::abs(hl - hp) > SIZE_CHANGE_RATIO * std::max(hl, hp) ||
                       l.left > left_edge + INDENT_RATIO * body_height;
        } else if (prev) {
            // A new page continues the paragraph unless the last one ended a sentence.
            new_para = docread::ends_sentence(prev->text) ||
                       std::abs(l.height() - prev->height()) >
                           SIZE_CHANGE_RATIO * std::max(l.height(), prev->height());
        }
        if (new_para) {
            flush();
            cur.block.text = l.text;
            cur.heading = l.height() > (1 + SIZE_CHANGE_RATIO) * body_height;
        } else {
            join_line(cur.block.text, l.text);
        }
        prev = &l;
    }
    flush();
    return out;
}

// poppler sizes its cross-reference table from numbers in the file (the trailer's /Size,
// xref subsection counts, an xref stream's /Index, object numbers when it rebuilds a
// damaged table) before checking them against the file, so a few kilobytes claiming
// twenty million objects make it allocate gigabytes (found by fuzz/pdf_fuzz.cpp). Real
// files number their objects densely and spend more than a byte on each, so any such
// number above this bound marks a damaged or hostile file.
bool implausible_object_numbers(std::string_view pdf) {
    const std::uint64_t bound = 4096 + pdf.size();
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
        std::string first, count;
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

}  // namespace

ParsedPage parse_pdf(std::string_view pdf_bytes, const std::string& name_for_errors) {
    silence_poppler();
    const Location where = docread::where(name_for_errors);
    auto damaged = [&where]() {
        return InputError(where, "cannot read this PDF (truncated or damaged); re-save or re-download it");
    };
    if (pdf_bytes.size() > static_cast<std::size_t>(INT_MAX)) {
        throw InputError(where, "PDF is too large to read whole", "convert it to text first (pdftotext)");
    }
    // poppler rebuilds a missing cross-reference table and then reads what it can of a
    // file cut short; half a document read as a whole one is worse than an error. A file
    // with no end-of-file marker at all was cut short. (One with a marker followed by
    // junk, as some servers append, or a cut-short later revision, is read.)
    std::string_view tail =
        pdf_bytes.substr(pdf_bytes.size() - std::min(pdf_bytes.size(), EOF_MARKER_WINDOW));
    if (tail.find("%%EOF") == std::string_view::npos && pdf_bytes.rfind("%%EOF") == std::string_view::npos) {
        throw damaged();
    }

    if (implausible_object_numbers(pdf_bytes)) throw damaged();
    std::unique_ptr<poppler::document> doc(
        poppler::document::load_from_raw_data(pdf_bytes.data(), static_cast<int>(pdf_bytes.size())));
    if (!doc) throw damaged();
    if (doc->is_locked()) {
        throw InputError(where, "cannot read this PDF (it is locked with a password)",
                         "remove the password (e.g. qpdf --decrypt) and retry");
    }
    const int pages = doc->pages();
    if (pages <= 0) throw damaged();

    std::vector<Line> lines;
    for (int i = 0; i < pages; ++i) {
        std::unique_ptr<poppler::page> page(doc->create_page(i));
        if (!page) continue;
        std::vector<Line> pl = page_lines(*page, i);
        lines.insert(lines.end(), std::make_move_iterator(pl.begin()), std::make_move_iterator(pl.end()));
    }

    ParsedPage out;
    docread::BoilerplateFilter filter([&out](TextBlock&& b) { out.blocks.push_back(std::move(b)); });
    for (docread::Candidate& c : paragraphs(lines, pages)) {
        c.block.text = repair_utf8(c.block.text, 0, nullptr);
        filter.push(std::move(c));
    }
    filter.finish();
    std::uint64_t offset = 0;
    for (TextBlock& b : out.blocks) {
        b.offset = offset;
        offset += b.text.size() + 1;
    }

    out.info.format = "pdf";
    out.info.title = std::string(docread::trim_space_and_nbsp(utf8(doc->get_title())));
    if (out.info.title.empty()) out.info.title = filter.headline();
    // A damaged file may claim any year (found by fuzz/pdf_fuzz.cpp): only 1970..9999 is a date.
    const std::time_t created = doc->get_creation_date_t();
    if (created > 0 && static_cast<double>(created) <= core::LAST_UNIX_SECOND_OF_9999)
        out.info.published = core::utc_date(static_cast<double>(created));
    return out;
}

}  // namespace reckon::text
