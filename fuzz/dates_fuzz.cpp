// libFuzzer target for text/dates.hpp: find_dates on arbitrary bytes, with and without a
// reference date (taken from the first input byte), read backward and forward. It must never crash or hang,
// and every period it returns must be a real inclusive span of days.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "reckon/text/dates.hpp"

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(static_cast<const char*>(static_cast<const void*>(data)), size);
    const auto reference =
        reckon::core::add_days(reckon::core::make_date(2025, 7, 24), size ? data[0] * 13 - 1600 : 0);
    // Passes: no reference; the reference, past reading; the reference, future reading.
    for (int pass = 0; pass < 3; ++pass) {
        const auto direction =
            pass == 2 ? reckon::text::DateDirection::future : reckon::text::DateDirection::past;
        auto found = reckon::text::find_dates(
            text,
            pass == 0 ? std::optional<reckon::core::Date>{} : std::optional<reckon::core::Date>{reference},
            direction);
        std::size_t previous_end = 0;
        for (const auto& m : found) {
            if (m.start >= m.end || m.end > size || m.start < previous_end) std::abort();
            previous_end = m.end;
            if (m.period &&
                !(m.period->first.ok() && m.period->last.ok() && m.period->first <= m.period->last))
                std::abort();
        }
    }
    return 0;
}
