// libFuzzer target for adsb/watchlist.hpp: Watchlist::parse on arbitrary bytes. Bad input
// must end in InputError (never a crash, hang or other exception); a watchlist that parses
// must have rules that each hold a condition, and matching them must not fail.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "reckon/adsb/watchlist.hpp"
#include "reckon/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace reckon::adsb;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const Watchlist w = Watchlist::parse(text, "fuzz.toml");
        if (w.rules().empty()) std::abort();
        Flight f;
        f.icao = 0x152a48;
        f.typecode = "IL76";
        f.operator_code = "GLX";
        f.registration = "RA-76360";
        f.departure = FlightEnd{};
        f.departure->airport = "UUEE";
        f.departure->country = "RU";
        for (const auto* r : w.matches(f)) {
            if (r->types.empty() && r->operators.empty() && r->registrations.empty() && r->icao24.empty() &&
                r->from.empty() && r->to.empty() && r->between.empty())
                std::abort();
        }
    } catch (const reckon::InputError&) {
    }
    return 0;
}
