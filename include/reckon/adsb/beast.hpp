// The Beast binary protocol (Mode-S Beast receivers, dump1090/readsb port 30005): each frame
// is 0x1a, a type byte ('1' Mode A/C, '2' short Mode S, '3' long Mode S, '4' receiver status),
// a 6-byte 12 MHz timestamp, a signal byte and the payload (2, 7, 14 or 14 bytes), with every
// 0x1a after the first byte doubled. The parser resynchronises on the next 0x1a after
// anything it cannot read.
#pragma once

#include <cstdint>
#include <vector>

#include "reckon/adsb/formats.hpp"

namespace reckon::adsb {

inline constexpr std::uint8_t BEAST_ESCAPE = 0x1a;
inline constexpr double BEAST_CLOCK_HZ = 12e6;

class BeastParser : public InputParser {
public:
    void feed(std::span<const std::uint8_t> data, RecordSink& sink) override;
    void finish(RecordSink& sink) override;

private:
    enum class State : std::uint8_t { idle, type, body, escape };
    void complete(RecordSink& sink);

    State m_state = State::idle;
    std::uint8_t m_type = 0;
    std::uint8_t m_need = 0;  // body bytes expected (timestamp + signal + payload)
    std::uint8_t m_have = 0;
    std::uint8_t m_body[6 + 1 + 14]{};
};

// Encodes one frame as a Beast record (used by tests and the benchmark input builder).
void append_beast(std::vector<std::uint8_t>& out, const Frame& frame, std::uint64_t clock_12mhz,
                  std::uint8_t signal);

}  // namespace reckon::adsb
