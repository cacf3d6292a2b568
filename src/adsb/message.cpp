// JSON-lines and CSV forms of a decoded Message. Written by hand with fmt rather than through
// a JSON library: `reckon adsb decode` prints millions of these a second, and a DOM per
// message would cost more than decoding it.
#include "reckon/adsb/message.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <iterator>

namespace reckon::adsb {
namespace {

// Appends to a std::string through a fixed buffer on the stack: a piece costs a bounds check
// and a copy instead of a std::string call (capacity check, size update, terminator). Numbers
// are written straight into the buffer: room(n) gives n free bytes (flushing first when the
// buffer is short), commit(k) keeps the k written. Flushed when destroyed.
class Buffered {
public:
    using value_type = char;  // NOLINT(readability-identifier-naming): the name std::back_inserter needs
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-member-init): m_buf is written before it is read
    explicit Buffered(std::string& out) : m_out(out) {}
    ~Buffered() { flush(); }
    Buffered(const Buffered&) = delete;
    Buffered& operator=(const Buffered&) = delete;
    Buffered(Buffered&&) = delete;
    Buffered& operator=(Buffered&&) = delete;

    static constexpr std::size_t CAPACITY = 1024;

    // At least n (<= CAPACITY) writable bytes at the end of the buffer.
    [[gnu::always_inline]] char* room(std::size_t n) {
        if (n > CAPACITY - m_used) [[unlikely]]
            flush();
        return m_buf.data() + m_used;
    }
    [[gnu::always_inline]] void commit(std::size_t k) { m_used += k; }

    void push_back(char c) {
        *room(1) = c;
        commit(1);
    }
    // N bytes known at compile time: the copy is a few moves, not a call.
    template <std::size_t N>
    [[gnu::always_inline]] void put(const char* p) {
        static_assert(N <= CAPACITY);
        std::memcpy(room(N), p, N);
        commit(N);
    }
    Buffered& append(const char* p, std::size_t n) {
        if (n <= CAPACITY - m_used) [[likely]] {
            std::memcpy(m_buf.data() + m_used, p, n);
            m_used += n;
            return *this;
        }
        return append_past_end(p, n);
    }
    Buffered& append(std::string_view s) { return append(s.data(), s.size()); }
    [[gnu::noinline]] void flush() {
        m_out.append(m_buf.data(), m_used);
        m_used = 0;
    }

private:
    std::string& m_out;
    std::array<char, CAPACITY> m_buf;  // not zeroed: one is made per message
    std::size_t m_used = 0;

    [[gnu::noinline]] Buffered& append_past_end(const char* p, std::size_t n) {
        flush();
        if (n > m_buf.size()) {
            m_out.append(p, n);
        } else {
            std::memcpy(m_buf.data(), p, n);
            m_used = n;
        }
        return *this;
    }
};

// ---- numbers ----------------------------------------------------------------------------
// Written by hand: formatting was most of the cost of `reckon adsb decode`. Whole numbers go
// two digits at a time; a decoded quantity is printed as a fixed-point number with as many
// decimals as its field needs (docs/formats.md lists them), trailing zeros dropped, instead of
// the shortest round-trip form of the double it was computed in (up to 17 digits of noise).

constexpr std::size_t NUMBER_BYTES = 32;  // room for any number these functions write

constexpr auto DIGIT_PAIRS = [] {
    std::array<char, 200> t{};
    for (std::size_t i = 0; i < 100; ++i) {
        t[2 * i] = static_cast<char>('0' + i / 10);
        t[2 * i + 1] = static_cast<char>('0' + i % 10);
    }
    return t;
}();

constexpr auto POW10 = [] {
    std::array<std::uint64_t, 20> t{};
    std::uint64_t p = 1;
    for (auto& v : t) {
        v = p;
        p *= 10;
    }
    return t;
}();

// Number of decimal digits of v (1 for 0): the bit length gives it to within one.
std::size_t decimal_digits(std::uint64_t v) {
    const std::uint64_t x = v | 1;
    const auto bits = static_cast<std::size_t>(64 - std::countl_zero(x));
    const std::size_t t = (bits * 1233) >> 12;  // 1233 / 4096 ~ log10(2)
    return t - (x < POW10[t] ? 1 : 0) + 1;
}

// Writes the n lowest decimal digits of v, zero-padded, ending at `end`. 32-bit arithmetic
// when it fits: its division by 100 is a shorter multiply than the 64-bit one.
void write_digits_back(char* end, std::uint64_t v, std::size_t n) {
    while (n >= 2 && v > UINT32_MAX) {
        end -= 2;
        std::memcpy(end, &DIGIT_PAIRS[2 * (v % 100)], 2);
        v /= 100;
        n -= 2;
    }
    auto w = static_cast<std::uint32_t>(v);
    while (n >= 2) {
        end -= 2;
        std::memcpy(end, &DIGIT_PAIRS[2 * std::size_t{w % 100}], 2);
        w /= 100;
        n -= 2;
    }
    if (n) *--end = static_cast<char>('0' + w % 10);
}

[[gnu::noinline]] std::size_t write_uint_long(char* d, std::uint64_t v) {
    const std::size_t n = decimal_digits(v);
    write_digits_back(d + n, v, n);
    return n;
}

// Most fields are small codes (0..99): those take no call and no division.
[[gnu::always_inline]] inline std::size_t write_uint(char* d, std::uint64_t v) {
    if (v < 10) {
        *d = static_cast<char>('0' + v);
        return 1;
    }
    if (v < 100) {
        std::memcpy(d, &DIGIT_PAIRS[2 * v], 2);
        return 2;
    }
    return write_uint_long(d, v);
}

std::size_t write_int(char* d, long long v) {
    if (v >= 0) return write_uint(d, static_cast<std::uint64_t>(v));
    *d = '-';
    return 1 + write_uint(d + 1, 0 - static_cast<std::uint64_t>(v));
}

// Values that fixed point cannot hold exactly enough (and NaN or infinity, which no decoder
// produces) keep the shortest round-trip form.
constexpr double FIXED_LIMIT = 9.0e15;  // below 2^53: the scaled value is still a whole double

std::size_t write_shortest(char* d, double v) {
    return static_cast<std::size_t>(std::to_chars(d, d + NUMBER_BYTES, v).ptr - d);
}

// v rounded to D (0..9) places, without trailing zeros: 159.2, 52.2657802, 38000. D is a
// template argument so that the divisions by 10^D are multiplications (a 64-bit division by a
// variable costs tens of cycles, more than the rest of this function).
template <std::size_t D>
std::size_t write_fixed_places(char* d, double v) {
    constexpr std::uint64_t SCALE = POW10[D];
    const double scaled = std::fabs(v) * static_cast<double>(SCALE);
    if (!(scaled < FIXED_LIMIT)) return write_shortest(d, v);
    // Half up: scaled is >= 0 and below 2^53, where adding 0.5 and truncating rounds right
    // (a call to llround would cost more than the rest of this function).
    // NOLINTNEXTLINE(bugprone-incorrect-roundings)
    auto q = static_cast<std::uint64_t>(scaled + 0.5);
    if (q == 0) {
        *d = '0';
        return 1;
    }
    char* p = d;
    if (v < 0) *p++ = '-';
    const std::uint64_t whole = q / SCALE;
    q %= SCALE;
    p += write_uint(p, whole);
    if (q != 0) {
        std::size_t n = D;
        while (q % 10 == 0) {
            q /= 10;
            --n;
        }
        *p++ = '.';
        write_digits_back(p + n, q, n);
        p += n;
    }
    return static_cast<std::size_t>(p - d);
}

// The same with the places known only at run time (a time's, a speed's); inlined, so that a
// constant `decimals` picks its function at compile time.
[[gnu::always_inline]] inline std::size_t write_fixed(char* d, double v, int decimals) {
    switch (decimals) {
        case 0:
            return write_fixed_places<0>(d, v);
        case 1:
            return write_fixed_places<1>(d, v);
        case 2:
            return write_fixed_places<2>(d, v);
        case 3:
            return write_fixed_places<3>(d, v);
        case 4:
            return write_fixed_places<4>(d, v);
        case 5:
            return write_fixed_places<5>(d, v);
        case 6:
            return write_fixed_places<6>(d, v);
        case 7:
            return write_fixed_places<7>(d, v);
        case 8:
            return write_fixed_places<8>(d, v);
        default:
            return write_fixed_places<9>(d, v);
    }
}

// Decimals of a time: up to 9 (1 ns: the 12 MHz MLAT clock ticks every 83 ns), and no more
// than a double holds, 16 significant digits: 6 for a Unix time (1 us).
int time_decimals(double t_s) {
    const double a = std::fabs(t_s);
    constexpr double NINE_DECIMALS_BELOW = 1e7;
    if (!(a >= NINE_DECIMALS_BELOW)) return 9;
    if (!(a < FIXED_LIMIT)) return 0;
    const auto digits = static_cast<int>(decimal_digits(static_cast<std::uint64_t>(a)));
    return std::max(0, 16 - digits);
}

// Decimals each decoded quantity is printed with: the printing error stays far inside the
// resolution of the field (docs/formats.md, "Numbers in reckon adsb decode output").
namespace decimals {
constexpr int LAT_LON = 7;        // 1e-7 deg = 1 cm; CPR resolves ~5 m airborne
constexpr int SPEED = 1;          // 0.1 kt; airborne velocity LSB 1 kt
constexpr int SURFACE_SPEED = 3;  // surface movement steps of 0.125 kt print exactly
constexpr int ANGLE = 2;          // 0.01 deg; heading/track LSBs are 0.18 to 2.8 deg
constexpr int SIGNAL = 2;         // 0.01 dB; one step of the signal byte is 0.034 dB or more
constexpr int PRESSURE = 1;       // QNH 0.1 hPa (TC29 steps of 0.8, BDS 4,0 of 0.1)
constexpr int TRACK_RATE = 3;     // BDS 5,0 LSB 0.03125 deg/s
constexpr int MACH = 3;           // BDS 6,0 LSB 0.004
constexpr int VERTICAL_RATE = 0;  // BDS 6,0 LSB 32 ft/min
constexpr int TEMPERATURE = 2;    // BDS 4,4/4,5 LSB 0.25 C: exact
constexpr int HUMIDITY = 2;       // BDS 4,4 LSB 1.5625 %
}  // namespace decimals

constexpr std::string_view HEX_DIGITS = "0123456789ABCDEF";

// The two hex digits of every byte value.
constexpr auto HEX_PAIRS = [] {
    std::array<char, 512> t{};
    for (std::size_t i = 0; i < 256; ++i) {
        t[2 * i] = HEX_DIGITS[i >> 4];
        t[2 * i + 1] = HEX_DIGITS[i & 15];
    }
    return t;
}();

std::size_t write_hex(char* d, const std::uint8_t* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) std::memcpy(d + 2 * i, &HEX_PAIRS[2 * std::size_t{p[i]}], 2);
    return 2 * n;
}

std::size_t write_icao(char* d, std::uint32_t icao) {
    const std::array<std::uint8_t, 3> b{static_cast<std::uint8_t>(icao >> 16),
                                        static_cast<std::uint8_t>(icao >> 8),
                                        static_cast<std::uint8_t>(icao)};
    return write_hex(d, b.data(), b.size());
}

std::size_t write_squawk(char* d, std::uint16_t squawk) {
    d[0] = static_cast<char>('0' + squawk / 1000 % 10);
    d[1] = static_cast<char>('0' + squawk / 100 % 10);
    d[2] = static_cast<char>('0' + squawk / 10 % 10);
    d[3] = static_cast<char>('0' + squawk % 10);
    return 4;
}

// ---- JSON -------------------------------------------------------------------------------

// A key as written after an earlier field, `,"name":`, made at compile time from the name so
// that writing it is one copy of known size (the first field of an object skips the comma).
template <std::size_t N>
struct Key {
    std::array<char, N + 3> text{};  // N counts the literal's terminator
    // A string literal's type, converted implicitly where a key is a template argument.
    // NOLINTNEXTLINE(*-avoid-c-arrays)
    consteval Key(const char (&name)[N]) {
        text[0] = ',';
        text[1] = '"';
        for (std::size_t i = 0; i + 1 < N; ++i) text[i + 2] = name[i];
        text[N + 1] = '"';
        text[N + 2] = ':';
    }
};

// Writes `"key":value` pairs, with commas, of one object.
class JsonWriter {
public:
    explicit JsonWriter(Buffered& out) : m_out(out) { m_out.push_back('{'); }
    void close() { m_out.push_back('}'); }

    template <Key K>
    [[gnu::always_inline]] void key() {
        if (m_first) [[unlikely]] {
            m_first = false;
            m_out.put<K.text.size() - 1>(K.text.data() + 1);
        } else {
            m_out.put<K.text.size()>(K.text.data());
        }
    }
    template <Key K>
    void num(long long v) {
        key<K>();
        m_out.commit(write_int(m_out.room(NUMBER_BYTES), v));
    }
    template <Key K>
    void fixed(double v, int decimals) {
        key<K>();
        m_out.commit(write_fixed(m_out.room(NUMBER_BYTES), v, decimals));
    }
    template <Key K>
    void boolean(bool v) {
        key<K>();
        if (v)
            m_out.put<4>("true");
        else
            m_out.put<5>("false");
    }
    // Strings here are callsigns, hex and fixed words: no character needs escaping except
    // what escape() handles, for text from other decoders' CSV.
    template <Key K>
    void str(std::string_view v) {
        key<K>();
        m_out.push_back('"');
        bool plain = true;
        for (char c : v) plain = plain && c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20;
        if (plain) {
            m_out.append(v);
            m_out.push_back('"');
            return;
        }
        for (char c : v) {
            const auto u = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\') {
                m_out.push_back('\\');
                m_out.push_back(c);
            } else if (u < 0x20) {
                fmt::format_to(std::back_inserter(m_out), "\\u{:04x}", u);
            } else {
                m_out.push_back(c);
            }
        }
        m_out.push_back('"');
    }
    // Optional whole numbers and flags; decoded quantities go through opt_fixed.
    template <Key K, typename T>
    void opt(const std::optional<T>& v) {
        if (!v) return;
        if constexpr (std::is_same_v<T, bool>)
            boolean<K>(*v);
        else
            num<K>(static_cast<long long>(*v));
    }
    template <Key K>
    void opt_fixed(const std::optional<double>& v, int decimals) {
        if (v) fixed<K>(*v, decimals);
    }
    Buffered& raw() { return m_out; }

private:
    Buffered& m_out;
    bool m_first = true;
};

std::string icao_hex(std::uint32_t icao) { return fmt::format("{:06X}", icao & 0xFFFFFF); }

template <Key K>
void write_ra(JsonWriter& w, const ResolutionAdvisory& ra) {
    w.key<K>();
    JsonWriter inner(w.raw());
    inner.num<"ara">(ra.ara);
    inner.num<"rac">(ra.rac);
    inner.boolean<"rat">(ra.rat);
    inner.boolean<"mte">(ra.mte);
    inner.num<"tti">(ra.tti);
    if (ra.threat_icao) inner.str<"threat_icao">(icao_hex(*ra.threat_icao));
    inner.close();
}

// A JSON array of register names.
template <Key K, typename Pick>
void name_list(JsonWriter& w, std::size_t count, Pick&& pick) {
    w.key<K>();
    w.raw().push_back('[');
    bool first = true;
    for (std::size_t i = 0; i < count; ++i) {
        const std::string_view name = pick(i);
        if (name.empty()) continue;
        if (!first) w.raw().push_back(',');
        first = false;
        w.raw().push_back('"');
        w.raw().append(name);
        w.raw().push_back('"');
    }
    w.raw().push_back(']');
}

template <Key K, typename Body>
void nested(JsonWriter& w, Body&& body) {
    w.key<K>();
    JsonWriter inner(w.raw());
    body(inner);
    inner.close();
}

void write_commb(JsonWriter& w, const CommB& c) {
    namespace d = decimals;
    if (c.all_zero) {
        w.boolean<"mb_zero">(true);
        return;
    }
    const int n = c.candidate_count();
    if (n == 1) {
        for (int b = 0; b < BDS_COUNT; ++b)
            if (c.is(static_cast<Bds>(b))) w.str<"bds">(bds_name(static_cast<Bds>(b)));
    } else {
        name_list<"bds_candidates">(w, BDS_COUNT, [&c](std::size_t b) {
            const auto bds = static_cast<Bds>(b);
            return c.is(bds) ? bds_name(bds) : std::string_view{};
        });
        if (n > 1) w.boolean<"bds_ambiguous">(true);
    }
    if (c.is(Bds::bds10))
        nested<"bds10">(w, [&](JsonWriter& j) {
            j.num<"mode_s_version">(c.bds10_version);
            j.boolean<"overlay_capability">(c.bds10_overlay);
            j.boolean<"enhanced_protocol">(c.bds10_enhanced_protocol);
            j.boolean<"specific_services">(c.bds10_specific_services);
            j.boolean<"identification_capability">(c.bds10_ident_capability);
            j.boolean<"squitter_capability">(c.bds10_squitter_capability);
        });
    if (c.is(Bds::bds17))
        nested<"bds17">(w, [&](JsonWriter& j) {
            name_list<"supported">(j, BDS17_REGISTERS.size(), [&c](std::size_t i) {
                return c.bds17_supported & (1u << (23 - i)) ? BDS17_REGISTERS[i] : std::string_view{};
            });
        });
    if (c.is(Bds::bds20)) nested<"bds20">(w, [&](JsonWriter& j) { j.str<"callsign">(c.bds20_callsign); });
    if (c.is(Bds::bds30))
        nested<"bds30">(w, [&](JsonWriter& j) {
            j.num<"ara">(c.bds30.ara);
            j.num<"rac">(c.bds30.rac);
            j.boolean<"rat">(c.bds30.rat);
            j.boolean<"mte">(c.bds30.mte);
            j.num<"tti">(c.bds30.tti);
            if (c.bds30.threat_icao) j.str<"threat_icao">(icao_hex(*c.bds30.threat_icao));
        });
    if (c.is(Bds::bds40))
        nested<"bds40">(w, [&](JsonWriter& j) {
            j.opt<"selected_altitude_mcp_ft">(c.bds40_selected_altitude_mcp_ft);
            j.opt<"selected_altitude_fms_ft">(c.bds40_selected_altitude_fms_ft);
            j.opt_fixed<"baro_setting_hpa">(c.bds40_baro_setting_hpa, d::PRESSURE);
            j.opt<"vnav">(c.bds40_vnav);
            j.opt<"alt_hold">(c.bds40_alt_hold);
            j.opt<"approach">(c.bds40_approach);
            j.opt<"target_altitude_source">(c.bds40_target_altitude_source);
        });
    if (c.is(Bds::bds44))
        nested<"bds44">(w, [&](JsonWriter& j) {
            j.num<"source">(c.bds44_source);
            j.opt_fixed<"wind_speed_kt">(c.bds44_wind_speed_kt, d::SPEED);
            j.opt_fixed<"wind_direction_deg">(c.bds44_wind_direction_deg, d::ANGLE);
            j.opt_fixed<"static_air_temperature_c">(c.bds44_static_air_temperature_c, d::TEMPERATURE);
            j.opt<"static_pressure_hpa">(c.bds44_static_pressure_hpa);
            j.opt<"turbulence">(c.bds44_turbulence);
            j.opt_fixed<"humidity_pct">(c.bds44_humidity_pct, d::HUMIDITY);
        });
    if (c.is(Bds::bds45))
        nested<"bds45">(w, [&](JsonWriter& j) {
            j.opt<"turbulence">(c.bds45_turbulence);
            j.opt<"wind_shear">(c.bds45_wind_shear);
            j.opt<"microburst">(c.bds45_microburst);
            j.opt<"icing">(c.bds45_icing);
            j.opt<"wake_vortex">(c.bds45_wake_vortex);
            j.opt_fixed<"static_air_temperature_c">(c.bds45_static_air_temperature_c, d::TEMPERATURE);
            j.opt<"static_pressure_hpa">(c.bds45_static_pressure_hpa);
            j.opt<"radio_height_ft">(c.bds45_radio_height_ft);
        });
    if (c.is(Bds::bds50))
        nested<"bds50">(w, [&](JsonWriter& j) {
            j.opt_fixed<"roll_deg">(c.bds50_roll_deg, d::ANGLE);
            j.opt_fixed<"true_track_deg">(c.bds50_true_track_deg, d::ANGLE);
            j.opt_fixed<"ground_speed_kt">(c.bds50_ground_speed_kt, d::SPEED);
            j.opt_fixed<"track_rate_deg_s">(c.bds50_track_rate_deg_s, d::TRACK_RATE);
            j.opt_fixed<"true_airspeed_kt">(c.bds50_true_airspeed_kt, d::SPEED);
        });
    if (c.is(Bds::bds60))
        nested<"bds60">(w, [&](JsonWriter& j) {
            j.opt_fixed<"magnetic_heading_deg">(c.bds60_magnetic_heading_deg, d::ANGLE);
            j.opt_fixed<"indicated_airspeed_kt">(c.bds60_indicated_airspeed_kt, d::SPEED);
            j.opt_fixed<"mach">(c.bds60_mach, d::MACH);
            j.opt_fixed<"baro_vertical_rate_fpm">(c.bds60_baro_vertical_rate_fpm, d::VERTICAL_RATE);
            j.opt_fixed<"inertial_vertical_rate_fpm">(c.bds60_inertial_vertical_rate_fpm, d::VERTICAL_RATE);
        });
}

// Surface position messages (TC 5-8) carry the movement field, in steps down to 0.125 kt.
int speed_decimals(const Message& m) {
    return m.typecode && *m.typecode >= 5 && *m.typecode <= 8 ? decimals::SURFACE_SPEED : decimals::SPEED;
}

// ---- CSV --------------------------------------------------------------------------------

// CSV: quote a field only when it needs it.
void csv_text(Buffered& out, std::string_view v) {
    if (v.find_first_of(",\"\n\r") == std::string_view::npos) {
        out.append(v);
        return;
    }
    out.push_back('"');
    for (char c : v) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

// A stretch of a CSV row between its text fields: room for ROW_SPAN bytes is taken from the
// buffer once, and the numeric columns are written through a bare pointer, an empty one as
// one comma, with no bounds check per column. No stretch has more than 13 columns of at most
// 1 + NUMBER_BYTES bytes each, plus the frame's hex.
class Row {
public:
    static constexpr std::size_t ROW_SPAN = 13 * (1 + NUMBER_BYTES) + 32;
    explicit Row(Buffered& out) : m_out(out), m_start(out.room(ROW_SPAN)), m_p(m_start) {}
    ~Row() { m_out.commit(static_cast<std::size_t>(m_p - m_start)); }
    Row(const Row&) = delete;
    Row& operator=(const Row&) = delete;
    Row(Row&&) = delete;
    Row& operator=(Row&&) = delete;

    char*& p() { return m_p; }
    void comma() { *m_p++ = ','; }
    // ",value" (or "," when empty): whole numbers and flags (1/0).
    template <typename T>
    void opt(const std::optional<T>& v) {
        *m_p++ = ',';
        if (!v) return;
        if constexpr (std::is_same_v<T, bool>)
            *m_p++ = *v ? '1' : '0';
        else
            m_p += write_int(m_p, static_cast<long long>(*v));
    }
    void fixed(const std::optional<double>& v, int decimals) {
        *m_p++ = ',';
        if (v) m_p += write_fixed(m_p, *v, decimals);
    }

private:
    Buffered& m_out;
    char* m_start;
    char* m_p;
};

}  // namespace

std::string_view bds_name(Bds b) {
    static constexpr std::array<std::string_view, BDS_COUNT> NAMES{"1,0", "1,7", "2,0", "3,0", "4,0",
                                                                   "4,4", "4,5", "5,0", "6,0"};
    return NAMES[static_cast<std::size_t>(b)];
}

std::string format_squawk(std::uint16_t squawk) { return fmt::format("{:04}", squawk); }

void append_json(std::string& line, const Message& m) {
    namespace d = decimals;
    Buffered out(line);
    JsonWriter w(out);
    w.fixed<"t_s">(m.t_s, time_decimals(m.t_s));
    if (m.origin == MessageOrigin::mode_s) {
        w.key<"hex">();
        char* p = out.room(2 * m.bytes.size() + 2);
        *p = '"';
        const std::size_t n =
            write_hex(p + 1, m.bytes.data(), std::min<std::size_t>(m.length_bytes, m.bytes.size()));
        p[n + 1] = '"';
        out.commit(n + 2);
        w.num<"df">(m.df);
    } else {
        w.str<"origin">(m.origin == MessageOrigin::sbs ? "sbs" : "opensky");
    }
    w.key<"icao">();
    {
        char* p = out.room(8);
        *p = '"';
        write_icao(p + 1, m.icao);
        p[7] = '"';
        out.commit(8);
    }
    if (m.address_from_parity) w.boolean<"icao_from_parity">(true);
    if (m.non_icao_address) w.boolean<"non_icao_address">(true);
    if (m.corrected_bits) w.num<"corrected_bits">(m.corrected_bits);
    w.opt_fixed<"signal_dbfs">(m.signal_dbfs, d::SIGNAL);
    w.opt<"sbs_type">(m.sbs_type);
    w.opt<"ii">(m.interrogator_id);
    w.opt<"ca">(m.capability);
    w.opt<"cf">(m.control_field);
    w.opt<"fs">(m.flight_status);
    w.opt<"dr">(m.downlink_request);
    w.opt<"um">(m.utility_message);
    w.opt<"vs">(m.vertical_status);
    w.opt<"sl">(m.sensitivity_level);
    w.opt<"ri">(m.reply_information);
    w.opt<"tc">(m.typecode);
    w.opt<"subtype">(m.subtype);
    if (!m.category.empty()) w.str<"category">(m.category);
    if (!m.callsign.empty()) w.str<"callsign">(m.callsign);
    w.opt<"on_ground">(m.on_ground);
    w.opt<"alert">(m.alert);
    w.opt<"spi">(m.spi);
    if (m.altitude_is_gnss)
        w.opt<"gnss_altitude_ft">(m.altitude_ft);
    else
        w.opt<"altitude_ft">(m.altitude_ft);
    if (m.squawk) {
        w.key<"squawk">();
        char* p = out.room(6);
        *p = '"';
        write_squawk(p + 1, *m.squawk);
        p[5] = '"';
        out.commit(6);
    }
    w.opt<"emergency_state">(m.emergency_state);
    w.opt<"ss">(m.surveillance_status);
    w.opt<"nic_b">(m.nic_b);
    w.opt<"nuc_p">(m.nuc_p);
    w.opt<"cpr_format">(m.cpr_format);
    w.opt<"cpr_lat">(m.cpr_lat);
    w.opt<"cpr_lon">(m.cpr_lon);
    w.opt_fixed<"lat_deg">(m.lat_deg, d::LAT_LON);
    w.opt_fixed<"lon_deg">(m.lon_deg, d::LAT_LON);
    w.opt_fixed<"ground_speed_kt">(m.ground_speed_kt, speed_decimals(m));
    w.opt_fixed<"track_deg">(m.track_deg, d::ANGLE);
    w.opt_fixed<"airspeed_kt">(m.airspeed_kt, d::SPEED);
    if (m.airspeed_is_true) w.str<"airspeed_type">(*m.airspeed_is_true ? "TAS" : "IAS");
    w.opt_fixed<"heading_deg">(m.heading_deg, d::ANGLE);
    w.opt<"supersonic">(m.supersonic);
    w.opt<"vertical_rate_fpm">(m.vertical_rate_fpm);
    if (m.vertical_rate_is_baro) w.str<"vertical_rate_source">(*m.vertical_rate_is_baro ? "baro" : "gnss");
    w.opt<"geo_minus_baro_ft">(m.geo_minus_baro_ft);
    w.opt<"nac_v">(m.nac_v);
    if (m.resolution_advisory) write_ra<"resolution_advisory">(w, *m.resolution_advisory);
    w.opt<"selected_altitude_ft">(m.selected_altitude_ft);
    if (m.selected_altitude_is_fms)
        w.str<"selected_altitude_source">(*m.selected_altitude_is_fms ? "FMS" : "MCP/FCU");
    w.opt_fixed<"baro_setting_hpa">(m.baro_setting_hpa, d::PRESSURE);
    w.opt_fixed<"selected_heading_deg">(m.selected_heading_deg, d::ANGLE);
    w.opt<"autopilot">(m.autopilot);
    w.opt<"vnav">(m.vnav);
    w.opt<"alt_hold">(m.alt_hold);
    w.opt<"approach">(m.approach);
    w.opt<"lnav">(m.lnav);
    w.opt<"tcas_operational">(m.tcas_operational);
    w.opt<"adsb_version">(m.adsb_version);
    w.opt<"nic_a">(m.nic_supplement_a);
    w.opt<"nac_p">(m.nac_p);
    w.opt<"gva">(m.gva);
    w.opt<"sil">(m.sil);
    w.opt<"sil_supplement">(m.sil_supplement);
    w.opt<"nic_baro">(m.nic_baro);
    w.opt<"hrd">(m.hrd);
    w.opt<"trk_hdg">(m.trk_hdg);
    w.opt<"length_width_code">(m.length_width_code);
    w.opt<"capability_class">(m.capability_class);
    w.opt<"operational_mode">(m.operational_mode);
    if (m.commb) write_commb(w, *m.commb);
    w.close();
}

std::string_view csv_header() {
    return "t_s,hex,df,icao,icao_from_parity,tc,callsign,altitude_ft,gnss_altitude_ft,squawk,on_ground,"
           "lat_deg,lon_deg,ground_speed_kt,track_deg,vertical_rate_fpm,airspeed_kt,airspeed_type,heading_"
           "deg,"
           "cpr_format,bds,selected_altitude_ft,baro_setting_hpa,roll_deg,true_airspeed_kt,track_rate_deg_s,"
           "magnetic_heading_deg,indicated_airspeed_kt,mach,baro_vertical_rate_fpm,inertial_vertical_rate_"
           "fpm,"
           "wind_speed_kt,wind_direction_deg,static_air_temperature_c";
}

void append_csv(std::string& line, const Message& m) {
    namespace d = decimals;
    Buffered out(line);
    const CommB* c = m.commb && m.commb->candidate_count() == 1 ? &*m.commb : nullptr;
    {
        // t_s,hex,df,icao,icao_from_parity,tc,
        Row row(out);
        char*& p = row.p();
        p += write_fixed(p, m.t_s, time_decimals(m.t_s));
        row.comma();
        if (m.origin == MessageOrigin::mode_s)
            p += write_hex(p, m.bytes.data(), std::min<std::size_t>(m.length_bytes, m.bytes.size()));
        row.comma();
        if (m.origin == MessageOrigin::mode_s) p += write_uint(p, m.df);
        row.comma();
        p += write_icao(p, m.icao);
        row.comma();
        *p++ = m.address_from_parity ? '1' : '0';
        row.opt(m.typecode);
        row.comma();
    }
    std::string_view callsign = m.callsign;
    if (c && c->is(Bds::bds20)) callsign = c->bds20_callsign;
    csv_text(out, callsign);
    {
        // altitude_ft .. cpr_format,
        Row row(out);
        char*& p = row.p();
        row.opt(m.altitude_is_gnss ? std::optional<int>{} : m.altitude_ft);
        row.opt(m.altitude_is_gnss ? m.altitude_ft : std::optional<int>{});
        row.comma();
        if (m.squawk) p += write_squawk(p, *m.squawk);
        row.opt(m.on_ground);
        row.fixed(m.lat_deg, d::LAT_LON);
        row.fixed(m.lon_deg, d::LAT_LON);
        auto gs = m.ground_speed_kt;
        auto track = m.track_deg;
        if (c && c->is(Bds::bds50)) {
            gs = c->bds50_ground_speed_kt;
            track = c->bds50_true_track_deg;
        }
        row.fixed(gs, speed_decimals(m));
        row.fixed(track, d::ANGLE);
        row.opt(m.vertical_rate_fpm);
        row.fixed(m.airspeed_kt, d::SPEED);
        row.comma();
        if (m.airspeed_is_true) {
            std::memcpy(p, *m.airspeed_is_true ? "TAS" : "IAS", 3);
            p += 3;
        }
        row.fixed(m.heading_deg, d::ANGLE);
        row.opt(m.cpr_format);
        row.comma();
    }
    if (m.commb) {
        // Register names contain commas ("4,0"): candidates are joined by '|' and the field quoted.
        std::string names;
        for (int b = 0; b < BDS_COUNT; ++b) {
            if (!m.commb->is(static_cast<Bds>(b))) continue;
            if (!names.empty()) names.push_back('|');
            names.append(bds_name(static_cast<Bds>(b)));
        }
        csv_text(out, names);
    }
    Row row(out);
    auto sel_alt = m.selected_altitude_ft;
    auto baro = m.baro_setting_hpa;
    if (c && c->is(Bds::bds40)) {
        sel_alt = c->bds40_selected_altitude_mcp_ft ? c->bds40_selected_altitude_mcp_ft
                                                    : c->bds40_selected_altitude_fms_ft;
        baro = c->bds40_baro_setting_hpa;
    }
    row.opt(sel_alt);
    row.fixed(baro, d::PRESSURE);
    if (!c) {
        std::memcpy(row.p(), ",,,,,,,,,,,", 11);  // the eleven register columns below
        row.p() += 11;
        return;
    }
    const bool b50 = c->is(Bds::bds50);
    const bool b60 = c->is(Bds::bds60);
    const bool b44 = c->is(Bds::bds44);
    const std::optional<double> none;
    row.fixed(b50 ? c->bds50_roll_deg : none, d::ANGLE);
    row.fixed(b50 ? c->bds50_true_airspeed_kt : none, d::SPEED);
    row.fixed(b50 ? c->bds50_track_rate_deg_s : none, d::TRACK_RATE);
    row.fixed(b60 ? c->bds60_magnetic_heading_deg : none, d::ANGLE);
    row.fixed(b60 ? c->bds60_indicated_airspeed_kt : none, d::SPEED);
    row.fixed(b60 ? c->bds60_mach : none, d::MACH);
    row.fixed(b60 ? c->bds60_baro_vertical_rate_fpm : none, d::VERTICAL_RATE);
    row.fixed(b60 ? c->bds60_inertial_vertical_rate_fpm : none, d::VERTICAL_RATE);
    row.fixed(b44 ? c->bds44_wind_speed_kt : none, d::SPEED);
    row.fixed(b44 ? c->bds44_wind_direction_deg : none, d::ANGLE);
    row.fixed(b44 ? c->bds44_static_air_temperature_c : none, d::TEMPERATURE);
}

}  // namespace reckon::adsb
