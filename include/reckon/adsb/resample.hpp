// A rational polyphase resampler for complex baseband samples, so that recordings made at rates
// the demodulator does not work at (2.56, 3.2, 6, 8 MS/s, ...) are brought to one it does. The
// output rate over the input rate is reduced to up/down (L/M); the prototype low-pass filter is a
// Kaiser-windowed sinc designed at L times the input rate and split into L phases of K taps, so
// each output sample costs K multiply-adds per component. Output sample n is the filtered signal
// at input time n / out_rate exactly (the filter's delay is taken out), so frame times keep their
// meaning. Streaming: push() any chunking, finish() flushes; memory is K samples plus the chunk.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace reckon::adsb {

struct ResamplerDesign {
    // Pass-band edge as a fraction of the lower of the two Nyquist frequencies.
    double cutoff = 0.9;
    // Length of the filter's impulse response in seconds (sets the transition band: ~4 / span Hz).
    // Cut-off and span were tuned on the real recording converted to 3.2 and 6 MS/s (0.9 and 12 µs
    // lost no frame there; 0.8 lost 40, 1.0 lost 3, 8 µs lost 1); 2.56 and 8 MS/s were held out.
    double span_s = 12e-6;
    // Kaiser window shape: 8.6 gives about 90 dB stop-band attenuation.
    double kaiser_beta = 8.6;
    // Largest number of phases (L); ratios needing more are approximated, see rational_ratio().
    std::uint32_t max_phases = 1024;
};

// up / down with up / down ≈ out_hz / in_hz, both positive, up ≤ max_up: exact when the rates in
// whole hertz allow it, else the best continued-fraction approximation.
struct Ratio {
    std::uint32_t up = 1;
    std::uint32_t down = 1;
};
Ratio rational_ratio(double in_hz, double out_hz, std::uint32_t max_up);

class Resampler {
public:
    // Throws UsageError when a rate is not positive and finite.
    Resampler(double in_hz, double out_hz, const ResamplerDesign& design = {});

    // Appends the output samples that the input so far determines (I and Q in separate arrays).
    void push(std::span<const float> in_i, std::span<const float> in_q, std::vector<float>& out_i,
              std::vector<float>& out_q);
    // Appends the rest: the output samples up to the input's end, as if zeros followed it.
    void finish(std::vector<float>& out_i, std::vector<float>& out_q);

    Ratio ratio() const { return m_ratio; }
    std::size_t taps_per_phase() const { return m_taps_per_phase; }
    // The rate the output really has (out_hz, unless the ratio had to be approximated).
    double output_rate_hz() const;

private:
    void produce(std::int64_t available, std::int64_t limit, std::vector<float>& out_i,
                 std::vector<float>& out_q);

    double m_in_hz;
    Ratio m_ratio;
    std::size_t m_taps_per_phase = 0;
    std::vector<float> m_taps;  // phase p's K taps at [p·K, (p+1)·K), reversed for a forward dot
    std::int64_t m_delay = 0;   // the filter's delay in samples at up × the input rate
    std::vector<float> m_i;     // input history; m_i[0] is input sample m_base
    std::vector<float> m_q;
    std::int64_t m_base = 0;
    std::int64_t m_received = 0;  // input samples pushed
    std::int64_t m_next = 0;      // next output sample
};

}  // namespace reckon::adsb
