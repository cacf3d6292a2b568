// `ts,hex` CSV as research datasets write it: a Unix timestamp first and the frame as 14 or 28
// hex digits in some column (pyModeS: `ts,"hex",icao,tc` and `ts,icao,hex`), quotes, a BOM
// and CRLF allowed, an optional header line. The frame is the longest all-hex field of 8 or
// more digits (the 6-digit address column is shorter).
#include "line_parser.hpp"
#include "reckon/adsb/decode.hpp"
#include "reckon/core/text.hpp"

namespace reckon::adsb {
namespace {

constexpr std::size_t MIN_FRAME_DIGITS = 8;

class TsHexParser : public detail::LineParser {
protected:
    void line(std::string_view text, RecordSink& sink) override {
        std::string_view fields[8];
        const std::size_t n = detail::split_csv(text, fields);
        const auto t = detail::parse_double(core::unquote(fields[0]));
        if (!t) {
            // A header names its columns; any later line that does not start with a time is bad.
            if (line_number() == 1)
                ++m_counters.other_rows;
            else
                ++m_counters.bad_lines;
            return;
        }
        std::string_view hex;
        for (std::size_t i = 1; i < n; ++i) {
            const auto f = core::unquote(fields[i]);
            if (f.size() > hex.size() && f.size() >= MIN_FRAME_DIGITS && detail::all_hex(f)) hex = f;
        }
        if (hex.empty()) {
            // A field that looks like a frame but has a stray character: bad hex, else bad line.
            bool hexish = false;
            for (std::size_t i = 1; i < n; ++i)
                hexish = hexish || core::unquote(fields[i]).size() >= MIN_FRAME_DIGITS;
            if (hexish)
                ++m_counters.bad_hex;
            else
                ++m_counters.bad_lines;
            return;
        }
        Frame f;
        if (!parse_hex_frame(hex, f)) {
            ++m_counters.bad_hex;
            return;
        }
        f.t_s = *t;
        ++m_counters.records;
        sink.frame(f);
    }
};

}  // namespace

std::unique_ptr<InputParser> make_tshex_parser() { return std::make_unique<TsHexParser>(); }

}  // namespace reckon::adsb
