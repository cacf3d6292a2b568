// libFuzzer target for text/document.hpp parse_pdf: damaged PDFs must give an InputError
// or valid-UTF-8 paragraphs, never a crash. Seed the corpus with real PDFs.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "reckon/core/error.hpp"
#include "reckon/text/document.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view pdf(reinterpret_cast<const char*>(data), size);
    try {
        reckon::text::ParsedPage page = reckon::text::parse_pdf(pdf, "fuzz.pdf");
        for (const reckon::text::TextBlock& b : page.blocks) {
            if (b.text.empty() || reckon::text::repair_utf8(b.text, 0, nullptr) != b.text) std::abort();
        }
    } catch (const reckon::InputError&) {
    }
    return 0;
}
