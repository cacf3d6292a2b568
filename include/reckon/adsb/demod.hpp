// Mode S demodulation: 16-bit magnitudes of a 2.0 or 2.4 MS/s recording → Frames (recordings at
// other rates are resampled to 2.4 MS/s first, iq.hpp). Finds the
// 8 µs preamble (or, where it was lost, a strong onset of signal), slices the 1 µs
// pulse-position bits (at 2.4 MS/s trying the five phases at which a 0.5 µs chip can fall on the
// 0.417 µs sample grid), and keeps a frame only if its CRC holds:
// DF11/17/18 with residual 0 or one bit repaired, DF11 with an interrogator code, and the
// address/parity replies DF0/4/5/16/20/21 whose address a DF11/17/18 of the same recording
// announced earlier. Method and figures: docs/adsb-iq.md.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "reckon/adsb/frame.hpp"
#include "reckon/adsb/iq.hpp"
#include "reckon/core/progress.hpp"

namespace reckon::adsb {

// What the demodulator saw; frames = the sum of the accepted kinds.
struct DemodStats {
    std::uint64_t samples = 0;          // magnitudes fed
    std::uint64_t preambles = 0;        // positions tried: preamble passed at some phase, or onset
    std::uint64_t frames = 0;           // frames handed out
    std::uint64_t corrected = 0;        // of which DF11/17/18 with one bit repaired
    std::uint64_t address_parity = 0;   // of which DF0/4/5/16/20/21 with an announced address
    std::uint64_t unknown_address = 0;  // rejected: address/parity reply of an unannounced address
    std::uint64_t bad_crc = 0;          // rejected: no phase gave a frame whose CRC holds
};

// A streaming demodulator: feed() magnitudes in any chunking, frames come out through the sink
// in time order; finish() flushes the last samples. Memory is bounded by one message's span
// plus the chunk fed. Not thread-safe; one per stream.
class Demodulator {
public:
    using FrameSink = std::function<void(const Frame&)>;

    // sample_rate_hz: 2.0e6 or 2.4e6 (throws UsageError otherwise).
    Demodulator(double sample_rate_hz, FrameSink sink);
    ~Demodulator();
    Demodulator(const Demodulator&) = delete;
    Demodulator& operator=(const Demodulator&) = delete;

    void feed(std::span<const std::uint16_t> magnitudes);
    void finish();

    const DemodStats& stats() const;
    // Addresses announced so far by DF11/17/18 frames with residual 0.
    const std::unordered_set<std::uint32_t>& known_addresses() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Demodulates IQ bytes held in memory (a whole recording or a test signal), of any format and of
// any rate MagnitudeStream reads (frame times count from the first sample).
std::vector<Frame> demodulate(std::span<const std::uint8_t> iq_bytes, const IqOptions& options,
                              DemodStats* stats = nullptr);

// Demodulates an IQ file in blocks and hands every frame to `sink` as it is found (bounded memory).
// Throws InputError when the file cannot be read or fails the format check (see iq.hpp).
void demodulate_file(const std::string& path, const IqOptions& options, DemodStats& stats,
                     const Demodulator::FrameSink& sink, const core::ProgressFn& progress = {});

// The same, collecting the frames.
std::vector<Frame> demodulate_file(const std::string& path, const IqOptions& options, DemodStats& stats);

}  // namespace reckon::adsb
