// Beast binary parsing as a byte-at-a-time state machine, so frames may be split anywhere
// between reads (a TCP feed cuts them at random) and a broken frame costs only itself.
#include "reckon/adsb/beast.hpp"

#include <cmath>

namespace reckon::adsb {
namespace {

constexpr std::uint8_t TYPE_MODE_AC = 0x31, TYPE_SHORT = 0x32, TYPE_LONG = 0x33, TYPE_STATUS = 0x34;
constexpr std::uint8_t HEADER_BYTES = 6 + 1;  // timestamp + signal

std::uint8_t payload_bytes(std::uint8_t type) {
    switch (type) {
        case TYPE_MODE_AC:
            return 2;
        case TYPE_SHORT:
            return 7;
        case TYPE_LONG:
            return 14;
        case TYPE_STATUS:
            return 14;
        default:
            return 0;
    }
}

}  // namespace

void BeastParser::complete(RecordSink& sink) {
    m_state = State::idle;
    if (m_type == TYPE_MODE_AC) {
        ++m_counters.mode_ac;
        return;
    }
    if (m_type == TYPE_STATUS) {
        ++m_counters.beast_status;
        return;
    }
    Frame f;
    std::uint64_t clock = 0;
    for (int i = 0; i < 6; ++i) clock = (clock << 8) | m_body[i];
    f.t_s = static_cast<double>(clock) / BEAST_CLOCK_HZ;
    const std::uint8_t signal = m_body[6];
    // The signal byte is the square root of power scaled to 255 (dump1090 convention).
    if (signal > 0) f.signal_dbfs = 20.0 * std::log10(signal / 255.0);
    f.length_bytes = static_cast<std::uint8_t>(m_need - HEADER_BYTES);
    for (int i = 0; i < f.length_bytes; ++i) f.bytes[static_cast<std::size_t>(i)] = m_body[HEADER_BYTES + i];
    ++m_counters.records;
    sink.frame(f);
}

void BeastParser::feed(std::span<const std::uint8_t> data, RecordSink& sink) {
    m_counters.bytes += data.size();
    for (std::uint8_t b : data) {
        switch (m_state) {
            case State::idle:
                if (b == BEAST_ESCAPE)
                    m_state = State::type;
                else
                    ++m_counters.garbage_bytes;
                break;
            case State::type:
                if (payload_bytes(b) != 0) {
                    m_type = b;
                    m_need = static_cast<std::uint8_t>(HEADER_BYTES + payload_bytes(b));
                    m_have = 0;
                    m_state = State::body;
                } else if (b == BEAST_ESCAPE) {
                    // 0x1a 0x1a outside a frame: an escaped data byte of a frame we missed.
                    m_counters.garbage_bytes += 2;
                    m_state = State::idle;
                } else {
                    m_counters.garbage_bytes += 2;
                    m_state = State::idle;
                }
                break;
            case State::body:
                if (b == BEAST_ESCAPE) {
                    m_state = State::escape;
                    break;
                }
                m_body[m_have++] = b;
                if (m_have == m_need) complete(sink);
                break;
            case State::escape:
                if (b == BEAST_ESCAPE) {
                    m_body[m_have++] = b;
                    m_state = State::body;
                    if (m_have == m_need) complete(sink);
                } else {
                    // An undoubled 0x1a: the frame is broken; this 0x1a starts the next one.
                    ++m_counters.beast_bad_escape;
                    if (payload_bytes(b) != 0) {
                        m_type = b;
                        m_need = static_cast<std::uint8_t>(HEADER_BYTES + payload_bytes(b));
                        m_have = 0;
                        m_state = State::body;
                    } else {
                        m_counters.garbage_bytes += 2;
                        m_state = State::idle;
                    }
                }
                break;
        }
    }
}

void BeastParser::finish(RecordSink&) {
    if (m_state == State::body || m_state == State::escape) ++m_counters.beast_truncated;
    if (m_state == State::type) ++m_counters.garbage_bytes;
    m_state = State::idle;
}

void append_beast(std::vector<std::uint8_t>& out, const Frame& frame, std::uint64_t clock_12mhz,
                  std::uint8_t signal) {
    out.push_back(BEAST_ESCAPE);
    out.push_back(frame.length_bytes == 7 ? TYPE_SHORT : TYPE_LONG);
    auto put = [&out](std::uint8_t b) {
        out.push_back(b);
        if (b == BEAST_ESCAPE) out.push_back(b);
    };
    for (int i = 5; i >= 0; --i) put(static_cast<std::uint8_t>(clock_12mhz >> (8 * i)));
    put(signal);
    for (int i = 0; i < frame.length_bytes; ++i) put(frame.bytes[static_cast<std::size_t>(i)]);
}

}  // namespace reckon::adsb
