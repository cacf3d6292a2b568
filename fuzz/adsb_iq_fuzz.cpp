// libFuzzer target for the IQ reader and the demodulator: arbitrary bytes as a recording. The
// first byte picks the format (U8/S16), the rate (2.0/2.4 MS/s) and the chunk size fed to the
// streaming demodulator; the rest are samples. Checks: no crash, and every frame handed out has
// a valid length and a CRC that holds for DF11/17/18.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "reckon/adsb/crc.hpp"
#include "reckon/adsb/demod.hpp"
#include "reckon/adsb/iq.hpp"
#include "reckon/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace reckon::adsb;
    if (size < 1) {
        return 0;
    }
    const std::uint8_t control = data[0];
    const auto format = (control & 1) ? SampleFormat::S16 : SampleFormat::U8;
    const double rate_hz = (control & 2) ? 2.0e6 : 2.4e6;
    const std::size_t chunk = 1 + (control >> 2) * 37;
    const std::span<const std::uint8_t> bytes(data + 1, size - 1);
    try {
        check_iq_plausible(bytes, bytes.size(), format, "fuzz");
    } catch (const reckon::InputError&) {
        // A refusal is a valid outcome; demodulate anyway, as with check_format off.
    }
    std::vector<std::uint16_t> magnitudes;
    append_magnitudes(bytes, format, magnitudes);
    std::size_t frames = 0;
    Demodulator demod(rate_hz, [&](const Frame& f) {
        if (f.length_bytes != 7 && f.length_bytes != 14) {
            std::abort();
        }
        const unsigned df = f.bytes[0] >> 3;
        const auto residual = crc_residual(std::span(f.bytes.data(), f.length_bytes));
        if ((df == 17 || df == 18) && residual != 0) {
            std::abort();
        }
        if (df == 11 && residual >= 0x80) {
            std::abort();
        }
        ++frames;
    });
    for (std::size_t at = 0; at < magnitudes.size(); at += chunk) {
        const std::size_t n = std::min(chunk, magnitudes.size() - at);
        demod.feed(std::span<const std::uint16_t>(magnitudes).subspan(at, n));
    }
    demod.finish();
    if (demod.stats().frames != frames || demod.stats().samples != magnitudes.size()) {
        std::abort();
    }
    return 0;
}
