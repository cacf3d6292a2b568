// libFuzzer target for core/csv.hpp, the one CSV reader behind the programme's tables, the
// adsb tables and the entities file. The first byte picks the separator and whether '#'
// starts a comment; the rest is the text. Malformed input must end in InputError naming a line
// inside the text; every record must have a field and lines that only grow.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "reckon/core/csv.hpp"
#include "reckon/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    constexpr char SEPARATORS[] = {',', ';', '|', '\t'};
    const reckon::core::CsvOptions options{SEPARATORS[data[0] % 4], (data[0] & 4) ? '#' : '\0'};
    std::uint64_t lines = 1;
    for (char c : text) lines += c == '\n' || c == '\r';
    try {
        reckon::core::CsvReader reader(text, "fuzz.csv", options);
        std::uint64_t last = 0;
        for (reckon::core::CsvRecord r; reader.next(r);) {
            if (r.fields.empty() || r.line <= last || r.line > lines) std::abort();
            last = r.line;
        }
    } catch (const reckon::InputError& e) {
        if (!e.where().line || *e.where().line < 1 || *e.where().line > lines) std::abort();
    }
    return 0;
}
