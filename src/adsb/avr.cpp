// AVR text: one frame per line as `*HEX;` (no time), `@TTTTTTTTTTTTHEX;` (12 hex digits of a
// 12 MHz counter first: the MLAT variant), `<TTTTTTTTTTTTSSHEX;` (counter and a signal byte)
// or `:HEX;`. Four hex digits are a Mode A/C reply. The `;` may be missing.
#include <cmath>

#include "line_parser.hpp"
#include "reckon/adsb/beast.hpp"
#include "reckon/adsb/decode.hpp"

namespace reckon::adsb {
namespace {

constexpr std::size_t CLOCK_DIGITS = 12, SIGNAL_DIGITS = 2, MODE_AC_DIGITS = 4;

class AvrParser : public detail::LineParser {
protected:
    void line(std::string_view text, RecordSink& sink) override {
        const char kind = text[0];
        text.remove_prefix(1);
        if (!text.empty() && text.back() == ';') text.remove_suffix(1);
        Frame f;
        if (kind == '@' || kind == '<') {
            const std::size_t prefix = CLOCK_DIGITS + (kind == '<' ? SIGNAL_DIGITS : 0);
            if (text.size() < prefix || !detail::all_hex(text.substr(0, prefix))) {
                ++m_counters.bad_lines;
                return;
            }
            std::uint64_t clock = 0;
            for (std::size_t i = 0; i < CLOCK_DIGITS; ++i)
                clock = (clock << 4) | static_cast<unsigned>(detail::hex_digit(text[i]));
            f.t_s = static_cast<double>(clock) / BEAST_CLOCK_HZ;
            if (kind == '<') {
                const int signal = detail::hex_digit(text[12]) * 16 + detail::hex_digit(text[13]);
                if (signal > 0) f.signal_dbfs = 20.0 * std::log10(signal / 255.0);
            }
            text.remove_prefix(prefix);
        } else if (kind != '*' && kind != ':') {
            ++m_counters.bad_lines;
            return;
        }
        if (text.size() == MODE_AC_DIGITS && detail::all_hex(text)) {
            ++m_counters.mode_ac;
            return;
        }
        if (!parse_hex_frame(text, f)) {
            ++m_counters.bad_hex;
            return;
        }
        ++m_counters.records;
        sink.frame(f);
    }
};

}  // namespace

std::unique_ptr<InputParser> make_avr_parser() { return std::make_unique<AvrParser>(); }

}  // namespace reckon::adsb
