// The IQ path of `reckon adsb decode` as one small program, for bench/adsb.sh: demodulates a
// recording and decodes every frame (CRC, fields), printing the counts on stdout:
//   reckon_adsb_iq_count FILE [u8|s16] [2.0|2.4]
// Exit code 1 with the message on stderr for bad input, 2 for bad usage.
#include <cstdio>
#include <exception>
#include <string>

#include "reckon/adsb/decode.hpp"
#include "reckon/adsb/demod.hpp"
#include "reckon/core/error.hpp"

int main(int argc, char** argv) {
    using namespace reckon::adsb;
    if (argc < 2 || argc > 4) {
        std::fprintf(stderr, "usage: %s FILE [u8|s16] [2.0|2.4]\n", argv[0]);
        return 2;
    }
    try {
        IqOptions options;
        options.format = argc > 2 ? parse_sample_format(argv[2]) : SampleFormat::U8;
        options.sample_rate_hz = argc > 3 ? parse_sample_rate(argv[3]) : 2.4e6;
        DemodStats stats;
        std::uint64_t decoded = 0;
        Message message;
        demodulate_file(argv[1], options, stats, [&](const Frame& frame) {
            decoded += decode(frame, message) == DecodeStatus::ok ? 1 : 0;
        });
        std::printf("frames %llu decoded %llu corrected %llu address_parity %llu samples %llu\n",
                    static_cast<unsigned long long>(stats.frames), static_cast<unsigned long long>(decoded),
                    static_cast<unsigned long long>(stats.corrected),
                    static_cast<unsigned long long>(stats.address_parity),
                    static_cast<unsigned long long>(stats.samples));
        return 0;
    } catch (const reckon::UsageError& e) {
        std::fprintf(stderr, "%s\n%s\n", e.what(), e.hint().c_str());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
}
