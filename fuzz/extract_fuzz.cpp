// libFuzzer target for the whole claim extractor: arbitrary bytes (repaired to UTF-8 as
// the reader would) go through ClaimExtractor as one paragraph, with and without a
// published date. It must never crash, hang, or produce a non-finite value.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "reckon/text/claims.hpp"
#include "reckon/text/document.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const reckon::text::Gazetteer gazetteer = reckon::text::Gazetteer::builtin();
    std::string text = reckon::text::repair_utf8({reinterpret_cast<const char*>(data), size}, 0, nullptr);
    for (bool with_date : {false, true}) {
        reckon::text::ExtractOptions options;
        options.gazetteer = &gazetteer;
        if (with_date) options.published = reckon::core::make_date(2025, 7, 24);
        reckon::text::ClaimExtractor extractor(options);
        std::vector<reckon::core::Claim> claims;
        std::vector<reckon::core::Event> events;
        extractor.add_paragraph(text, 0, claims, events);
        for (const auto& c : claims) {
            if (!std::isfinite(c.value) || (c.low && !std::isfinite(*c.low)) ||
                (c.high && !std::isfinite(*c.high)))
                std::abort();
            if (c.start > c.end || c.end > text.size()) std::abort();
            if (c.period &&
                !(c.period->first.ok() && c.period->last.ok() && c.period->first <= c.period->last))
                std::abort();
        }
    }
    return 0;
}
