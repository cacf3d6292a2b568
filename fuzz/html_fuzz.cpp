// libFuzzer target for text/document.hpp parse_html: any bytes must give valid-UTF-8,
// non-empty paragraphs with increasing offsets, and never crash or hang. The nesting bound
// parse_html applies first (bound_html_nesting) only removes bytes, and is idempotent: its
// output holds nothing more to drop.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "reckon/text/document.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
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
    return 0;
}
