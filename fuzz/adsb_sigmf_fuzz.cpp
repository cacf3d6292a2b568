// libFuzzer target for adsb/sigmf.hpp, the SigMF metadata reader, and the mapping of its
// core:datatype to a sample format. Bad input must end in InputError, never a crash or another
// exception; metadata that parses must hold a positive finite rate (if any) and a start time
// (if any) after 1973, and a datatype that maps must map to one of the four formats.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "reckon/adsb/archives.hpp"
#include "reckon/adsb/sigmf.hpp"
#include "reckon/core/error.hpp"

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace reckon::adsb;
    const std::string text(data, data + size);
    try {
        const SigmfMeta meta = parse_sigmf_meta(text, "fuzz.sigmf-meta");
        if (meta.sample_rate_hz && !(std::isfinite(*meta.sample_rate_hz) && *meta.sample_rate_hz > 0)) {
            std::abort();
        }
        if (meta.start_s && !(*meta.start_s >= REAL_TIME_MIN_S)) {
            std::abort();
        }
        const SampleFormat f = sigmf_sample_format(meta);
        if (f != SampleFormat::U8 && f != SampleFormat::S8 && f != SampleFormat::S16 &&
            f != SampleFormat::F32) {
            std::abort();
        }
    } catch (const reckon::InputError&) {
    }
    return 0;
}
