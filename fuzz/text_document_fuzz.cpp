// libFuzzer target for text/document.hpp's plain-text path: repair_utf8, the paragraph
// splitter (parse_text) and drop_boilerplate. Checks the invariants: output is valid
// UTF-8, every repair is reported at an offset inside the input, block offsets lie inside
// the input and increase.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/text/document.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace reckon::text;
    std::string_view bytes(reinterpret_cast<const char*>(data), size);

    std::vector<std::uint64_t> bad;
    std::string repaired = repair_utf8(bytes, 7, &bad);
    std::vector<std::uint64_t> again;
    if (repair_utf8(repaired, 0, &again) != repaired || !again.empty()) std::abort();
    for (std::uint64_t at : bad) {
        if (at < 7 || at >= 7 + size) std::abort();
    }

    std::vector<std::string> warnings;
    ParsedPage page = parse_text(bytes, "fuzz.txt", &warnings);
    std::uint64_t last = 0;
    bool first = true;
    for (const TextBlock& b : page.blocks) {
        if (b.text.empty() || b.offset >= size || (!first && b.offset <= last)) std::abort();
        if (repair_utf8(b.text, 0, nullptr) != b.text) std::abort();
        last = b.offset;
        first = false;
    }

    // drop_boilerplate keeps a subsequence of its input, in order.
    std::vector<TextBlock> lines;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= repaired.size(); ++i) {
        if (i == repaired.size() || repaired[i] == '\n') {
            lines.push_back({repaired.substr(start, i - start), start});
            start = i + 1;
        }
    }
    std::string headline;
    std::vector<TextBlock> kept = drop_boilerplate(lines, &headline);
    std::size_t j = 0;
    for (const TextBlock& k : kept) {
        while (j < lines.size() && !(lines[j].offset == k.offset && lines[j].text == k.text)) ++j;
        if (j == lines.size()) std::abort();
        ++j;
    }
    return 0;
}
