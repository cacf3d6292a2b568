// libFuzzer target for text/document.hpp parse_html: any bytes must give valid-UTF-8,
// non-empty paragraphs with increasing offsets, and never crash or hang. The nesting bound
// parse_html applies first (bound_html_nesting) only removes bytes, and is idempotent: its
// output holds nothing more to drop. The cut of a long page into pieces (html_segment_cut)
// always makes progress, never passes the page's end, and never splits a code point.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "reckon/text/document.hpp"

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): char may alias the input bytes
    std::string_view html(reinterpret_cast<const char*>(data), size);
    // parse_html takes UTF-8, as DocumentReader repairs the bytes first.
    std::string repaired = reckon::text::repair_utf8(html, 0, nullptr);
    const reckon::text::BoundedHtml bounded = reckon::text::bound_html_nesting(repaired);
    if ((bounded.dropped_tags == 0) != bounded.html.empty()) std::abort();
    if (bounded.dropped_tags > 0) {
        if (bounded.html.size() >= repaired.size()) std::abort();
        if (reckon::text::bound_html_nesting(bounded.html).dropped_tags != 0) std::abort();
    }
    reckon::text::ParsedPage page = reckon::text::parse_html(repaired);
    std::uint64_t next = 0;
    for (const reckon::text::TextBlock& b : page.blocks) {
        if (b.text.empty() || b.offset != next) std::abort();
        if (reckon::text::repair_utf8(b.text, 0, nullptr) != b.text) std::abort();
        next = b.offset + b.text.size() + 1;
    }
    // Pieces as small as 1..64 bytes, so that short inputs exercise every way of cutting.
    if (!repaired.empty()) {
        const std::size_t limit = 1 + (data[0] % 64U);
        std::string_view rest = repaired;
        while (!rest.empty()) {
            const reckon::text::HtmlCut cut = reckon::text::html_segment_cut(rest, limit);
            if (cut.at == 0 || cut.at > rest.size()) std::abort();
            if (cut.at < rest.size() && (static_cast<unsigned char>(rest[cut.at]) & 0xC0U) == 0x80U)
                std::abort();
            rest.remove_prefix(cut.at);
        }
    }
    return 0;
}
