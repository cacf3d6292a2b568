// Converts a cu8 2.4 MS/s recording to cf32 at another rate with reckon's resampler, for
// bench/iq_readsb.sh (the resampled path's cost on the same samples):
//   reckon_iq_convert IN.cu8 OUT.cf32 RATE_MS_S
// Prints the number of samples written. Exit 1 with the message on stderr for bad input.
#include <cstdio>
#include <exception>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "reckon/adsb/iq.hpp"
#include "reckon/adsb/resample.hpp"

int main(int argc, char** argv) {
    using namespace reckon::adsb;
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s IN.cu8 OUT.cf32 RATE_MS_S\n", argv[0]);
        return 2;
    }
    try {
        std::ifstream in(argv[1], std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "cannot open %s\n", argv[1]);
            return 1;
        }
        const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in),
                                              std::istreambuf_iterator<char>()};
        std::vector<float> i;
        std::vector<float> q;
        append_samples(bytes, SampleFormat::U8, i, q);
        Resampler r(2.4e6, parse_sample_rate(argv[3]));
        std::vector<float> oi;
        std::vector<float> oq;
        r.push(i, q, oi, oq);
        r.finish(oi, oq);
        std::vector<float> interleaved;
        interleaved.reserve(2 * oi.size());
        for (std::size_t k = 0; k < oi.size(); ++k) {
            interleaved.push_back(oi[k]);
            interleaved.push_back(oq[k]);
        }
        std::ofstream out(argv[2], std::ios::binary);
        // Little-endian hosts (x86-64, arm64) write cf32_le as the floats' own bytes.
        const auto* raw =
            reinterpret_cast<const char*>(interleaved.data());  // NOLINT(*-reinterpret-cast): to a stream
        out.write(raw, static_cast<std::streamsize>(interleaved.size() * sizeof(float)));
        if (!out) {
            std::fprintf(stderr, "cannot write %s\n", argv[2]);
            return 1;
        }
        std::printf("%zu samples\n", oi.size());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
}
