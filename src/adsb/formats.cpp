// Format names, detection from content, the parser factory, the skip summary, and the line
// splitting every text format shares.
#include "reckon/adsb/formats.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "line_parser.hpp"
#include "reckon/adsb/beast.hpp"
#include "reckon/core/text.hpp"

namespace reckon::adsb {

std::unique_ptr<InputParser> make_avr_parser();
std::unique_ptr<InputParser> make_sbs_parser();
std::unique_ptr<InputParser> make_opensky_parser();
std::unique_ptr<InputParser> make_tshex_parser();
std::unique_ptr<InputParser> make_trace_parser();
std::unique_ptr<InputParser> make_aircraft_json_parser();
std::unique_ptr<InputParser> make_fr24_json_parser();
std::unique_ptr<InputParser> make_opensky_raw_parser();
std::unique_ptr<InputParser> make_traffic_csv_parser();
std::unique_ptr<InputParser> make_fr24_csv_parser();

namespace {

constexpr std::string_view BOM = "\xEF\xBB\xBF";

bool is_beast_start(std::span<const std::uint8_t> head, std::size_t i) {
    return i + 1 < head.size() && head[i] == BEAST_ESCAPE && head[i + 1] >= 0x31 && head[i + 1] <= 0x34;
}

// Does a Beast frame start at `i` and end where the head ends or another frame starts? One
// 0x1a followed by '1'..'4' turns up about once in 16 KiB of random bytes; a second one exactly
// where the first frame ends does not.
bool is_confirmed_beast_frame(std::span<const std::uint8_t> head, std::size_t i) {
    if (!is_beast_start(head, i)) return false;
    static constexpr std::array<std::uint8_t, 4> BODY_BYTES = {6 + 1 + 2, 6 + 1 + 7, 6 + 1 + 14, 6 + 1 + 14};
    std::size_t need = BODY_BYTES[head[i + 1] - 0x31];
    std::size_t at = i + 2;
    while (need > 0 && at < head.size()) {
        if (head[at] == BEAST_ESCAPE) {
            if (at + 1 < head.size() && head[at + 1] != BEAST_ESCAPE) return false;  // an undoubled 0x1a
            ++at;
        }
        ++at;
        --need;
    }
    if (at >= head.size()) return true;  // the head ends inside or right after the frame
    return is_beast_start(head, at);
}

bool has_column(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto comma = header.find(',');
        if (core::trim(core::unquote(core::trim(header.substr(0, comma)))) == name) return true;
        if (comma == std::string_view::npos) break;
        header.remove_prefix(comma + 1);
    }
    return false;
}

// The archive formats, from the first non-blank character (JSON) or the header line (CSV).
std::optional<InputFormat> detect_archive_format(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) ++i;
    if (i < text.size() && text[i] == '{') {
        const std::string_view j = text.substr(i);
        if (j.find("\"trace\"") != std::string_view::npos && j.find("\"icao\"") != std::string_view::npos)
            return InputFormat::trace;
        if (j.find("\"now\"") != std::string_view::npos &&
            (j.find("\"aircraft\"") != std::string_view::npos || j.find("\"ac\"") != std::string_view::npos))
            return InputFormat::aircraft_json;
        if (j.find("\"trail\"") != std::string_view::npos ||
            (j.find("\"result\"") != std::string_view::npos &&
             j.find("\"response\"") != std::string_view::npos) ||
            (j.find("\"track\"") != std::string_view::npos &&
             j.find("\"latitude\"") != std::string_view::npos &&
             j.find("\"identification\"") != std::string_view::npos))
            return InputFormat::fr24_json;
        return std::nullopt;
    }
    const std::string_view header = text.substr(i, text.find('\n', i) - i);
    if (has_column(header, "rawmsg") && has_column(header, "mintime")) return InputFormat::opensky_raw;
    if (has_column(header, "icao24") && has_column(header, "latitude") && has_column(header, "timestamp"))
        return InputFormat::traffic_csv;
    if (has_column(header, "Timestamp") && has_column(header, "Position") && has_column(header, "Callsign"))
        return InputFormat::fr24_csv;
    return std::nullopt;
}

bool starts_with_any(std::string_view s, std::initializer_list<std::string_view> prefixes) {
    return std::ranges::any_of(prefixes, [s](std::string_view p) { return s.starts_with(p); });
}

}  // namespace

std::string_view to_string(InputFormat f) {
    switch (f) {
        case InputFormat::avr:
            return "avr";
        case InputFormat::beast:
            return "beast";
        case InputFormat::sbs:
            return "sbs";
        case InputFormat::opensky:
            return "opensky";
        case InputFormat::tshex:
            return "tshex";
        case InputFormat::trace:
            return "readsb-trace";
        case InputFormat::aircraft_json:
            return "aircraft-json";
        case InputFormat::opensky_raw:
            return "opensky-raw";
        case InputFormat::traffic_csv:
            return "traffic-csv";
        case InputFormat::fr24_csv:
            return "fr24-csv";
        case InputFormat::fr24_json:
            return "fr24-json";
    }
    return "?";
}

std::optional<InputFormat> parse_input_format(std::string_view name) {
    for (auto f : ALL_INPUT_FORMATS)
        if (name == to_string(f)) return f;
    return std::nullopt;
}

std::optional<InputFormat> detect_format(std::span<const std::uint8_t> head) {
    if (is_confirmed_beast_frame(head, 0)) return InputFormat::beast;
    std::string_view text = detail::as_text(head);
    if (text.starts_with(BOM)) text.remove_prefix(BOM.size());
    if (auto f = detect_archive_format(text)) return f;
    // The first non-blank line decides among the text formats.
    while (!text.empty()) {
        const auto nl = text.find('\n');
        std::string_view line = core::unquote(text.substr(0, nl));
        if (!line.empty()) {
            if (line[0] == '*' || line[0] == '@' || line[0] == '<' || line[0] == ':') {
                if (line.size() > 1 && detail::hex_digit(line[1]) >= 0) return InputFormat::avr;
            }
            if (starts_with_any(line, {"MSG,", "SEL,", "ID,", "AIR,", "STA,", "CLK,"}))
                return InputFormat::sbs;
            if (line.find("icao24") != std::string_view::npos && line.find("lat") != std::string_view::npos)
                return InputFormat::opensky;
            std::array<std::string_view, 8> fields;
            const std::size_t n = detail::split_csv(line, fields);
            if (n >= 2)
                for (std::size_t i = 0; i < n; ++i) {
                    const auto f = core::unquote(fields[i]);
                    if ((f.size() == 14 || f.size() == 28) && detail::all_hex(f)) return InputFormat::tshex;
                }
            // A header such as "ts,msg" or "timestamp,icao,hex": look at the next line.
            if (nl == std::string_view::npos || line.find(',') == std::string_view::npos) break;
        }
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    // A Beast stream joined mid-frame: look for a frame start further in, followed by another.
    for (std::size_t i = 0; i + 1 < head.size(); ++i)
        if (is_confirmed_beast_frame(head, i)) return InputFormat::beast;
    return std::nullopt;
}

std::unique_ptr<InputParser> make_parser(InputFormat format) {
    switch (format) {
        case InputFormat::avr:
            return make_avr_parser();
        case InputFormat::beast:
            return std::make_unique<BeastParser>();
        case InputFormat::sbs:
            return make_sbs_parser();
        case InputFormat::opensky:
            return make_opensky_parser();
        case InputFormat::tshex:
            return make_tshex_parser();
        case InputFormat::trace:
            return make_trace_parser();
        case InputFormat::aircraft_json:
            return make_aircraft_json_parser();
        case InputFormat::opensky_raw:
            return make_opensky_raw_parser();
        case InputFormat::traffic_csv:
            return make_traffic_csv_parser();
        case InputFormat::fr24_csv:
            return make_fr24_csv_parser();
        case InputFormat::fr24_json:
            return make_fr24_json_parser();
    }
    return nullptr;
}

std::string InputCounters::summary() const {
    std::string out;
    auto line = [&out](std::uint64_t n, std::string_view what) {
        if (n) fmt::format_to(std::back_inserter(out), "  {} {}\n", n, what);
    };
    line(bad_hex, "bad hex frames (odd length, non-hex digits, or not 14/28 digits): skipped");
    line(bad_lines, "unreadable lines (unknown shape, bad numbers, or longer than 4 KiB): skipped");
    line(mode_ac, "Mode A/C replies (no Mode S content): skipped");
    line(beast_bad_escape, "Beast frames with a bad 0x1a escape: skipped");
    line(beast_truncated, "Beast frame cut off by the end of input: skipped");
    line(beast_status, "Beast receiver-status frames: skipped");
    line(garbage_bytes, "bytes outside Beast frames: skipped");
    line(other_rows, "header or non-message rows: ignored");
    line(not_selected, "traces or rows outside --select: skipped");
    return out;
}

namespace detail {

void LineParser::dispatch(std::string_view text, RecordSink& sink) {
    ++m_line_number;
    if (m_line_number == 1 && text.starts_with(BOM)) text.remove_prefix(BOM.size());
    while (!text.empty() && (text.back() == '\r' || text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    if (text.empty()) return;
    line(text, sink);
}

void LineParser::feed(std::span<const std::uint8_t> data, RecordSink& sink) {
    m_counters.bytes += data.size();
    const char* p = detail::as_text(data).data();
    const char* end = p + data.size();
    while (p < end) {
        const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        const char* stop = nl ? nl : end;
        const auto piece = static_cast<std::size_t>(stop - p);
        if (m_overflow || m_partial.size() + piece > MAX_LINE_BYTES) {
            // Too long to be a record of any of these formats: skip to the end of the line.
            if (!m_overflow) ++m_counters.bad_lines;
            m_partial.clear();
            m_overflow = nl == nullptr;  // still inside the long line at the chunk end
            if (nl) ++m_line_number;
        } else if (!nl) {
            m_partial.append(p, piece);
        } else if (m_partial.empty()) {
            dispatch(std::string_view(p, piece), sink);
        } else {
            m_partial.append(p, piece);
            dispatch(m_partial, sink);
            m_partial.clear();
        }
        p = nl ? nl + 1 : end;
    }
}

void LineParser::finish(RecordSink& sink) {
    if (!m_partial.empty() && !m_overflow) dispatch(m_partial, sink);
    m_partial.clear();
    m_overflow = false;
}

}  // namespace detail
}  // namespace reckon::adsb
