// libFuzzer target: the Mode S message decoder on raw frames. The input is cut into 7- or
// 14-byte frames (the first byte of each chunk picks the length and a time step), each one
// decoded, tracked and formatted, so CRC repair, every DF and type code, Comm-B inference and
// CPR pairing all see arbitrary bits.
#include <cstring>

#include "adsb_parsers_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace reckon::adsb;
    fuzz::Sink sink;
    double t = 0;
    std::size_t i = 0;
    while (i < size) {
        const std::uint8_t control = data[i++];
        Frame f;
        f.length_bytes = (control & 1) ? 14 : 7;
        const std::size_t n = std::min<std::size_t>(f.length_bytes, size - i);
        std::memcpy(f.bytes.data(), data + i, n);
        i += n;
        t += (control >> 1) * 0.1;
        f.t_s = t;
        sink.frame(f);
    }
    return 0;
}
