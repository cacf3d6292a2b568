// libFuzzer target for text/numbers.hpp and text/quantities.hpp: arbitrary bytes must never
// crash, hang or yield a NaN/infinite value or a span outside the input.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "reckon/text/numbers.hpp"
#include "reckon/text/quantities.hpp"

namespace {
void check(bool ok) {
    if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::size_t last = 0;
    for (const auto& m : reckon::text::find_numbers(text)) {
        check(std::isfinite(m.value) && m.start < m.end && m.end <= size && m.start >= last);
        last = m.end;
    }
    last = 0;
    for (const auto& r : reckon::text::find_number_ranges(text)) {
        check(r.start < r.end && r.end <= size && r.start >= last);
        check(!r.low || std::isfinite(*r.low));
        check(!r.high || std::isfinite(*r.high));
        last = r.end;
    }
    last = 0;
    for (const auto& q : reckon::text::find_quantities(text)) {
        check(std::isfinite(q.value) && std::isfinite(q.source_value));
        check(!q.low || std::isfinite(*q.low));
        check(!q.high || std::isfinite(*q.high));
        check(q.start <= q.value_start && q.value_start < q.value_end && q.value_end <= q.end &&
              q.end <= size);
        check(q.start >= last);
        last = q.end;
    }
    return 0;
}
