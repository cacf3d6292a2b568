// The Mode S demodulator. Time is counted in units of 1/12 µs, the least common measure of a
// 0.5 µs chip (6 units) and of a sample at 2.4 MS/s (5 units) or 2.0 MS/s (6 units). A chip
// starting at phase ψ inside sample k covers two samples, so its energy is
// E_ψ[k] = (S − ψ)·m[k] + (6 − S + ψ)·m[k+1] (S = units per sample): an integration over the true
// chip boundaries, whatever the sample grid. For a tile of positions a branch-free pre-test (which
// the compiler vectorises) and an onset test flag the few worth a look; only those get the
// per-phase preamble test (chip positions and weights compiled in), bit slicing (sign of first
// chip − second chip) and the CRC.
#include "reckon/adsb/demod.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

#include "reckon/adsb/crc.hpp"
#include "reckon/core/error.hpp"

namespace reckon::adsb {
namespace {

constexpr int UNITS_PER_US = 12;
constexpr int CHIP_UNITS = 6;              // 0.5 µs
constexpr int BIT_UNITS = 2 * CHIP_UNITS;  // 1 µs
constexpr int PREAMBLE_CHIPS = 16;         // 8 µs
constexpr int PREAMBLE_UNITS = PREAMBLE_CHIPS * CHIP_UNITS;
constexpr int LONG_BITS = 112;
constexpr int SHORT_BITS = 56;
// Preamble: pulses in chips 0, 2, 7, 9 (0, 1.0, 3.5, 4.5 µs; ICAO Annex 10 Vol IV, 3.1.2.1). The
// quiet chips compared with them are chosen away from the pulses, which a band-limited receiver
// smears into their neighbours.
constexpr std::array<int, 4> PREAMBLE_HIGH_CHIPS{0, 2, 7, 9};
constexpr std::array<int, 6> PREAMBLE_QUIET_CHIPS{4, 5, 11, 12, 13, 14};
// Mean pulse energy must exceed this ratio times the mean quiet energy (≈ 6 dB in amplitude).
constexpr int PREAMBLE_SNR_NUM = 2;
constexpr int PREAMBLE_SNR_DEN = 1;
// After a frame, look for the next preamble this many bits before the frame's end: a preamble
// overlapping the tail of the previous frame is still found (dump1090 does the same).
constexpr int RESUME_BITS_BEFORE_END = 8;
// Onset test, for messages whose preamble was lost (cut out of the recording, or drowned by the
// tail of another message): the 8 µs after a position carry ONSET_RATIO times the magnitude of
// the 8 µs before it, plus ONSET_FLOOR per sample so that digital silence is no onset. Only a
// local maximum of that excess is tried; the CRC decides.
constexpr std::int32_t ONSET_RATIO = 16;
constexpr std::int32_t ONSET_FLOOR = 64;
// Positions flagged per pass; the tile's flags and onset values (36 KiB) stay in cache.
constexpr std::size_t TILE = 4096;
constexpr std::uint8_t PRETEST_FLAG = 0x01;
constexpr std::uint8_t ONSET_FLAG = 0x80;

// DF values whose frames the demodulator accepts, by length.
bool is_short_df(unsigned df) { return df == 0 || df == 4 || df == 5 || df == 11; }
bool is_long_df(unsigned df) { return df == 16 || df == 17 || df == 18 || df == 20 || df == 21; }
// DFs one flipped bit away from DF17/18 that are not accepted themselves: fix_single_bit() may
// repair them, as dump1090-fa does. (A damaged DF11 was never recovered on the test recordings;
// like readsb, only the extended squitters get this second chance.)
bool is_damaged_long_df(unsigned df) {
    return df == 1 || df == 2 || df == 19 || df == 22 || df == 25 || df == 26;
}

// One chip of a message: its energy is a·m[offset] + b·m[offset + 1], offset counted from the
// message's first sample, a and b the chip's overlap (in units) with the two samples it covers.
struct Tap {
    std::uint16_t offset = 0;
    std::int16_t a = 0;
    std::int16_t b = 0;
};

inline std::int32_t chip_energy(const std::uint16_t* m, Tap t) {
    return t.a * m[t.offset] + t.b * m[t.offset + 1];
}

// The chip that starts `units` after a message's first sample, for S units per sample.
constexpr Tap tap_at(int units, int sample_units) {
    const int psi = units % sample_units;  // where in its sample the chip starts
    return {static_cast<std::uint16_t>(units / sample_units), static_cast<std::int16_t>(sample_units - psi),
            static_cast<std::int16_t>(CHIP_UNITS - sample_units + psi)};
}

// The preamble test for a message starting OFFSET units into sample m[0], S units per sample;
// instantiated per phase so the chip positions and weights are constants.
template <int S, int OFFSET>
bool preamble_test(const std::uint16_t* m) {
    std::array<std::int32_t, PREAMBLE_CHIPS> e{};
    for (int c = 0; c < PREAMBLE_CHIPS; ++c) {
        e[static_cast<std::size_t>(c)] = chip_energy(m, tap_at(OFFSET + c * CHIP_UNITS, S));
    }
    // Pulse edges: each pulse above the quiet chip beside it; the chips between the two pulses of
    // a pair are smeared by the band limit, so they need only be below the pair's mean.
    const bool edges =
        e[2] > e[3] && e[7] > e[6] && e[9] > e[10] && e[0] + e[2] > 2 * e[1] && e[7] + e[9] > 2 * e[8];
    std::int32_t high = 0;
    for (const int c : PREAMBLE_HIGH_CHIPS) {
        high += e[static_cast<std::size_t>(c)];
    }
    std::int32_t quiet = 0;
    for (const int c : PREAMBLE_QUIET_CHIPS) {
        quiet += e[static_cast<std::size_t>(c)];
    }
    // Means compared: high / 4 > ratio · quiet / 6.
    return edges && high * static_cast<std::int32_t>(PREAMBLE_QUIET_CHIPS.size() * PREAMBLE_SNR_DEN) >
                        quiet * static_cast<std::int32_t>(PREAMBLE_HIGH_CHIPS.size() * PREAMBLE_SNR_NUM);
}

// Bit p set if the preamble test passes at the p-th of OFFSETS; one call inlines every phase's test.
template <int S, int... OFFSETS>
unsigned preamble_mask(const std::uint16_t* m) {
    unsigned mask = 0;
    unsigned bit = 0;
    ((mask |= (preamble_test<S, OFFSETS>(m) ? 1u : 0u) << bit++), ...);
    return mask;
}

using PreambleMask = unsigned (*)(const std::uint16_t*);

// A message phase: the message starts offset_units into its first sample.
struct MessagePhase {
    int offset_units = 0;
    std::array<Tap, std::size_t{2} * LONG_BITS> bit_chips{};  // first and second chip of each bit
};

std::uint32_t announced_address(const std::uint8_t* bytes) {
    return (std::uint32_t{bytes[1]} << 16) | (std::uint32_t{bytes[2]} << 8) | bytes[3];
}

enum Score : int {
    score_reject = 0,
    score_corrected = 2,       // DF11/17/18 with one bit repaired
    score_address_parity = 3,  // address/parity reply of an announced address, DF11 with II/SI code
    score_clean = 4,           // DF11/17/18 with residual 0
};

struct Candidate {
    std::array<std::uint8_t, 14> bytes{};
    int bits = 0;
    int score = score_reject;
    long confidence = 0;
    std::uint8_t corrected_bits = 0;
    int offset_units = 0;
};

}  // namespace

struct Demodulator::Impl {
    int sample_units = 5;  // 1/12 µs per sample
    std::vector<MessagePhase> phases;
    PreambleMask preamble = nullptr;  // which phases pass the preamble test
    std::size_t reach = 0;            // samples past a position that a long message needs
    std::size_t window = 0;           // samples kept beyond the last position processed
    FrameSink sink;
    std::vector<std::uint16_t> buffer;
    std::uint64_t buffer_start = 0;          // absolute sample index of buffer[0]
    std::size_t next = 0;                    // next buffer position to test
    std::vector<std::uint8_t> flags;         // [j − tile start]: PRETEST_FLAG | ONSET_FLAG
    std::array<std::size_t, 8> pretest{};    // pulse samples (two, one pair), four quiet samples
    std::vector<std::int32_t> onset_excess;  // [j − tile start + 1]
    std::vector<std::int32_t> onset_step;
    std::unordered_set<std::uint32_t> known;
    DemodStats stats;

    void process(std::size_t limit);
    void fill_tile(std::size_t from, std::size_t count);
    std::size_t try_position(std::size_t j, std::uint8_t flag);
    int evaluate(Candidate& c, const MessagePhase& phase, const std::uint16_t* m, bool strict_df,
                 bool& unknown_address) const;
};

Demodulator::Demodulator(double sample_rate_hz, FrameSink sink) : m_impl(std::make_unique<Impl>()) {
    Impl& d = *m_impl;
    d.sink = std::move(sink);
    std::vector<int> message_offsets;
    if (std::abs(sample_rate_hz - 2.4e6) < 1.0) {
        d.sample_units = 5;
        message_offsets = {0, 1, 2, 3, 4};  // a chip boundary can fall anywhere in a sample
    } else if (std::abs(sample_rate_hz - 2.0e6) < 1.0) {
        d.sample_units = 6;
        message_offsets = {0, 2, 4};  // aligned, or a third or two thirds of a sample late
    } else {
        throw UsageError("the demodulator works at 2.0 or 2.4 MS/s, not " + std::to_string(sample_rate_hz),
                         "resample the recording or pass --sample-rate 2.0 / 2.4");
    }
    // The phases' order here is their bit in preamble_mask's result.
    d.preamble = d.sample_units == 5 ? preamble_mask<5, 0, 1, 2, 3, 4> : preamble_mask<6, 0, 2, 4>;
    for (const int offset : message_offsets) {
        MessagePhase p;
        p.offset_units = offset;
        for (int i = 0; i < 2 * LONG_BITS; ++i) {
            p.bit_chips[static_cast<std::size_t>(i)] =
                tap_at(offset + PREAMBLE_UNITS + i * CHIP_UNITS, d.sample_units);
        }
        d.reach = std::max<std::size_t>(d.reach, p.bit_chips.back().offset + 2u);
        d.phases.push_back(p);
    }
    // At 2.4 MS/s samples 3 and 9 lie mostly inside pulses 2 and 7 at every phase, one of samples
    // 11 and 12 inside pulse 9; samples 5, 6, 14 and 16 are quiet. At 2.0 MS/s (phases 0, 1/3 and
    // 2/3 of a sample) the same roles fall on 2, 7, 9|10 and 4, 5, 12, 13 (at 2/3, samples 2 and 7
    // hold a third of their pulse). Pulse 0 is left out: it is the one most often lost to the tail
    // of a previous message.
    d.pretest = d.sample_units == 5 ? std::array<std::size_t, 8>{3, 9, 11, 12, 5, 6, 14, 16}
                                    : std::array<std::size_t, 8>{2, 7, 9, 10, 4, 5, 12, 13};
    // A chip reads one sample past its start; the onset test reads 16 µs ahead.
    d.window = std::max<std::size_t>(d.reach, 2 * PREAMBLE_UNITS / d.sample_units + 2) + 2;
}

Demodulator::~Demodulator() = default;

const DemodStats& Demodulator::stats() const { return m_impl->stats; }
const std::unordered_set<std::uint32_t>& Demodulator::known_addresses() const { return m_impl->known; }

void Demodulator::feed(std::span<const std::uint16_t> magnitudes) {
    Impl& d = *m_impl;
    d.stats.samples += magnitudes.size();
    d.buffer.insert(d.buffer.end(), magnitudes.begin(), magnitudes.end());
    if (d.buffer.size() > d.window) {
        d.process(d.buffer.size() - d.window);
    }
    // Drop what no future position can reach, in big steps so the copy is amortised; keep one
    // sample before `next` for the onset test's left neighbour.
    if (d.next > d.buffer.size() / 2 && d.next > 4 * d.window) {
        const std::size_t drop = d.next - 1;
        d.buffer.erase(d.buffer.begin(), d.buffer.begin() + static_cast<std::ptrdiff_t>(drop));
        d.buffer_start += drop;
        d.next -= drop;
    }
}

void Demodulator::finish() {
    Impl& d = *m_impl;
    const std::size_t end = d.buffer.size();
    d.buffer.resize(end + d.window, 0);
    d.process(end);
    d.buffer_start += d.buffer.size();
    d.buffer.clear();
    d.next = 0;
}

// Pre-test and onset flags for positions [from, from + count).
void Demodulator::Impl::fill_tile(std::size_t from, std::size_t count) {
    const std::uint16_t* m = buffer.data() + from;
    // Pre-test, phase-agnostic and branch-free: a sample of each of three pulses must exceed four
    // samples that every phase leaves quiet. Most noise fails here. (A test on sums, pulse mean
    // > 1.5 × quiet mean, kept a few % more synthetic frames at 16 dB SNR and none more on the
    // real recordings, but passed 2.5 times as many positions.)
    flags.assign(count, 0);
    std::uint8_t* f = flags.data();
    const std::uint16_t* hi1 = m + pretest[0];
    const std::uint16_t* hi2 = m + pretest[1];
    const std::uint16_t* hi3a = m + pretest[2];
    const std::uint16_t* hi3b = m + pretest[3];
    const std::uint16_t* lo1 = m + pretest[4];
    const std::uint16_t* lo2 = m + pretest[5];
    const std::uint16_t* lo3 = m + pretest[6];
    const std::uint16_t* lo4 = m + pretest[7];
    for (std::size_t j = 0; j < count; ++j) {
        const std::uint16_t hi = std::min(std::min(hi1[j], hi2[j]), std::max(hi3a[j], hi3b[j]));
        const std::uint16_t lo = std::max(std::max(lo1[j], lo2[j]), std::max(lo3[j], lo4[j]));
        f[j] = hi > lo ? PRETEST_FLAG : 0;
    }
    // Onset: excess(j) = after(j) − RATIO·before(j) − FLOOR·span, flagged where positive and a
    // local maximum (ties go to the earlier position). excess(j + 1) − excess(j) is
    // m[j+2s] − (1 + RATIO)·m[j+s] + RATIO·m[j], so one running sum serves; the steps and the
    // flags are computed branch-free. Positions outside the buffer count as no onset.
    const auto span = static_cast<std::size_t>(PREAMBLE_UNITS / sample_units);
    const std::uint16_t* mm = buffer.data();
    const std::size_t first = from == 0 ? 0 : from - 1;  // excess of the position before the tile
    const std::size_t n = from + count + 1 - first;      // ... through the one after it
    onset_excess.resize(count + 2);
    onset_step.resize(n);
    std::int32_t excess = -ONSET_FLOOR * static_cast<std::int32_t>(span);
    for (std::size_t k = 0; k < span; ++k) {
        excess += mm[first + span + k] - ONSET_RATIO * mm[first + k];
    }
    const std::uint16_t* a = mm + first;
    const std::uint16_t* b = mm + first + span;
    const std::uint16_t* c = mm + first + 2 * span;
    std::int32_t* step = onset_step.data();
    for (std::size_t k = 0; k < n; ++k) {
        step[k] = c[k] - (1 + ONSET_RATIO) * b[k] + ONSET_RATIO * a[k];
    }
    std::int32_t* ex = onset_excess.data() + (from == 0 ? 1 : 0);
    if (from == 0) {
        onset_excess[0] = -1;
    }
    for (std::size_t k = 0; k < n; ++k) {
        ex[k] = excess;
        excess += step[k];
    }
    const std::int32_t* e = onset_excess.data();
    for (std::size_t j = 0; j < count; ++j) {
        const std::int32_t x = e[j + 1];
        const int peak =
            static_cast<int>(x > 0) & static_cast<int>(x >= e[j]) & static_cast<int>(x > e[j + 2]);
        f[j] = static_cast<std::uint8_t>(f[j] | (peak ? ONSET_FLAG : 0));
    }
}

namespace {
// Slices bytes [from_byte, to_byte) of a message at one phase whose first sample is m[0] into out;
// returns the sum of |first chip − second chip|, the slicer's confidence. Branch-free: a bit is
// as likely 0 as 1, so a branch on it would be mispredicted half the time.
long slice_bytes(const MessagePhase& phase, const std::uint16_t* m, std::uint8_t* out, int from_byte,
                 int to_byte) {
    long confidence = 0;
    for (int byte = from_byte; byte < to_byte; ++byte) {
        unsigned value = 0;
        for (int k = 0; k < 8; ++k) {
            const auto i = 2 * static_cast<std::size_t>(byte * 8 + k);
            const std::int32_t d =
                chip_energy(m, phase.bit_chips[i]) - chip_energy(m, phase.bit_chips[i + 1]);
            confidence += std::abs(d);
            value = (value << 1) | static_cast<unsigned>(d > 0);
        }
        out[byte] = static_cast<std::uint8_t>(value);
    }
    return confidence;
}

}  // namespace

// Slices a message at one phase whose first sample is m[0], checks its CRC and scores it.
// strict_df: only DF11/17/18 and damaged DF17/18, the frames worth a search without a preamble.
int Demodulator::Impl::evaluate(Candidate& c, const MessagePhase& phase, const std::uint16_t* m,
                                bool strict_df, bool& unknown_address) const {
    c.bytes.fill(0);
    c.offset_units = phase.offset_units;
    c.corrected_bits = 0;
    long confidence = slice_bytes(phase, m, c.bytes.data(), 0, 1);
    const unsigned df = c.bytes[0] >> 3;
    if (strict_df && !(df == 11 || df == 17 || df == 18 || is_damaged_long_df(df))) {
        return c.score = score_reject;
    }
    c.bits = is_long_df(df) || is_damaged_long_df(df) ? LONG_BITS : is_short_df(df) ? SHORT_BITS : 0;
    if (c.bits == 0) {
        return c.score = score_reject;
    }
    confidence += slice_bytes(phase, m, c.bytes.data(), 1, c.bits / 8);
    c.confidence = confidence;
    const auto frame = std::span<std::uint8_t>(c.bytes.data(), static_cast<std::size_t>(c.bits / 8));
    const std::uint32_t residual = crc_residual(frame);
    const bool address_parity = df != 11 && df != 17 && df != 18 && (is_long_df(df) || is_short_df(df));
    if (residual == 0 && (df == 11 || df == 17 || df == 18)) {
        return c.score = score_clean;
    }
    if (df == 11 && residual < 0x80 && known.contains(announced_address(c.bytes.data()))) {
        return c.score = score_address_parity;  // II/SI code in the parity of a known aircraft
    }
    if (address_parity && known.contains(residual)) {
        return c.score = score_address_parity;
    }
    if (fix_single_bit(frame, residual)) {
        c.corrected_bits = 1;
        return c.score = score_corrected;
    }
    unknown_address = unknown_address || address_parity;
    return c.score = score_reject;
}

// Tries the flagged phases at buffer position j; returns where to resume (j + 1 if no frame).
std::size_t Demodulator::Impl::try_position(std::size_t j, std::uint8_t flag) {
    Candidate best;
    Candidate trial;
    bool unknown_address = false;
    bool any_preamble = false;
    if (flag & PRETEST_FLAG) {
        const unsigned mask = preamble(buffer.data() + j);
        any_preamble = mask != 0;
        for (std::size_t p = 0; p < phases.size() && best.score != score_clean; ++p) {
            if (!(mask & (1u << p))) {
                continue;
            }
            const int score = evaluate(trial, phases[p], buffer.data() + j, false, unknown_address);
            if (score > best.score ||
                (score == best.score && score != score_reject && trial.confidence > best.confidence)) {
                best = trial;
            }
        }
    }
    if (!any_preamble && (flag & ONSET_FLAG)) {
        // No preamble, but a signal rising out of quiet: the phase at which the first byte's chips
        // differ most (pulse-position data has one high chip per bit) is sliced, for the usual
        // DFs only.
        any_preamble = true;
        const MessagePhase* chosen = nullptr;
        long chosen_confidence = -1;
        for (const MessagePhase& phase : phases) {
            std::uint8_t head = 0;
            const long confidence = slice_bytes(phase, buffer.data() + j, &head, 0, 1);
            if (confidence > chosen_confidence) {
                chosen_confidence = confidence;
                chosen = &phase;
            }
        }
        evaluate(best, *chosen, buffer.data() + j, true, unknown_address);
    }
    if (!any_preamble) {
        return j + 1;
    }
    ++stats.preambles;
    if (best.score == score_reject) {
        ++(unknown_address ? stats.unknown_address : stats.bad_crc);
        return j + 1;
    }
    Frame frame;
    frame.bytes = best.bytes;
    frame.length_bytes = static_cast<std::uint8_t>(best.bits / 8);
    frame.corrected_bits = best.corrected_bits;
    const double start_units = static_cast<double>(buffer_start + j) * sample_units + best.offset_units;
    frame.t_s = start_units / (UNITS_PER_US * 1e6);
    // Signal level: mean power over the data samples, relative to full scale.
    const auto data_first = static_cast<std::size_t>(PREAMBLE_UNITS / sample_units);
    const auto data_samples = static_cast<std::size_t>(best.bits * BIT_UNITS / sample_units);
    std::uint64_t sum_squares = 0;  // at most 269 · 46341² < 2^40
    const std::uint16_t* data = buffer.data() + j + data_first;
    for (std::size_t k = 0; k < data_samples; ++k) {
        sum_squares += std::uint64_t{data[k]} * data[k];
    }
    const double power = static_cast<double>(sum_squares) / static_cast<double>(data_samples) /
                         (double{MAGNITUDE_FULL_SCALE} * MAGNITUDE_FULL_SCALE);
    frame.signal_dbfs = power > 0 ? 10.0 * std::log10(power) : -99.0;
    const unsigned df = best.bytes[0] >> 3;
    if (best.score == score_clean) {
        known.insert(announced_address(best.bytes.data()));
    }
    ++stats.frames;
    stats.corrected += best.corrected_bits ? 1 : 0;
    stats.address_parity += (df != 11 && df != 17 && df != 18) ? 1 : 0;
    sink(frame);
    const int resume_units = PREAMBLE_UNITS + (best.bits - RESUME_BITS_BEFORE_END) * BIT_UNITS;
    return j + static_cast<std::size_t>(resume_units / sample_units);
}

void Demodulator::Impl::process(std::size_t limit) {
    std::size_t j = next;
    while (j < limit) {
        const std::size_t from = j;
        const std::size_t count = std::min(TILE, limit - from);
        fill_tile(from, count);
        const std::uint8_t* f = flags.data();
        const std::size_t end = from + count;
        while (j < end) {
            // Most positions have no flag: skip them eight at a time.
            if (j + 8 <= end) {
                std::uint64_t word = 0;
                std::memcpy(&word, f + (j - from), sizeof word);
                if (word == 0) {
                    j += 8;
                    continue;
                }
            }
            const std::uint8_t flag = f[j - from];
            j = flag ? try_position(j, flag) : j + 1;
        }
    }
    next = j;
}

std::vector<Frame> demodulate(std::span<const std::uint8_t> iq_bytes, const IqOptions& options,
                              DemodStats* stats) {
    std::vector<Frame> frames;
    MagnitudeStream stream(options);
    Demodulator demod(demodulator_rate(options.sample_rate_hz), [&](const Frame& f) { frames.push_back(f); });
    std::vector<std::uint16_t> magnitudes;
    constexpr std::size_t BLOCK_BYTES = 1 << 20;
    for (std::size_t at = 0; at < iq_bytes.size(); at += BLOCK_BYTES) {
        const std::size_t n = std::min(BLOCK_BYTES, iq_bytes.size() - at);
        magnitudes.clear();
        stream.push(iq_bytes.subspan(at, n), magnitudes);
        demod.feed(magnitudes);
    }
    magnitudes.clear();
    stream.finish(magnitudes);
    demod.feed(magnitudes);
    demod.finish();
    if (stats) {
        *stats = demod.stats();
    }
    return frames;
}

void demodulate_file(const std::string& path, const IqOptions& options, DemodStats& stats,
                     const Demodulator::FrameSink& sink, const core::ProgressFn& progress) {
    Demodulator demod(demodulator_rate(options.sample_rate_hz), sink);
    read_iq_file(
        path, options, [&](std::span<const std::uint16_t> block) { demod.feed(block); }, progress);
    demod.finish();
    stats = demod.stats();
}

std::vector<Frame> demodulate_file(const std::string& path, const IqOptions& options, DemodStats& stats) {
    std::vector<Frame> frames;
    demodulate_file(path, options, stats, [&](const Frame& f) { frames.push_back(f); });
    return frames;
}

}  // namespace reckon::adsb
