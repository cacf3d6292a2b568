// The JSON-lines and CSV forms of decoded messages (message.cpp) and the fast paths under
// them: on real frames (the 2,000 messages of pymodes/sample_data_adsb.csv through the tracker,
// and every frame of pyModeS's golden_v2.json with its Comm-B registers) every line parses,
// every number printed equals the decoded value within half a unit of the last decimal its
// field is printed with (docs/formats.md, "Numbers in reckon adsb decode output"), and the
// CSV row has the header's columns. Then the number formatter's edges (rounding up into the
// next whole number, values that round to zero, negative values, times), the hex reader on
// every byte value, the CRC against a bit-by-bit division, and the NL lookup against its
// closed form.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "decoded_messages.hpp"
#include "reckon/adsb/cpr.hpp"
#include "reckon/adsb/crc.hpp"
#include "reckon/adsb/decode.hpp"
#include "reckon/adsb/formats.hpp"
#include "reckon/adsb/tracker.hpp"
#include "reckon/core/csv.hpp"

namespace reckon::adsb {
namespace {

const std::string DATA = std::string(RECKON_SHARED_DIR) + "/data/adsb/pymodes/";

// Reads a whole input through the library's parser, decoding and tracking.
using Tracked = test_data::DecodedMessages;

std::vector<Message> tracked_sample() {
    Tracked sink;
    auto src = open_source(DATA + "sample_data_adsb.csv");
    auto parser = make_parser(InputFormat::tshex);
    std::vector<std::uint8_t> buf(1 << 16);
    while (const std::size_t n = src->read(buf)) parser->feed({buf.data(), n}, sink);
    parser->finish(sink);
    return sink.messages;
}

std::vector<Message> golden_frames() {
    std::ifstream in(DATA + "golden_v2.json");
    const auto golden = nlohmann::json::parse(in);
    std::vector<Message> out;
    for (const auto& [hex, g] : golden.items()) {
        Frame f;
        if (!parse_hex_frame(hex, f)) continue;
        Message m;
        if (decode(f, m) == DecodeStatus::ok) out.push_back(std::move(m));
    }
    return out;
}

// Counts the numbers compared, so a test that compared nothing fails.
struct Checker {
    int compared = 0;
    // `printed` holds `key` iff `value` is set, and within half a unit of `decimals` places.
    void near(const nlohmann::json& printed, const char* key, const std::optional<double>& value,
              int decimals, const std::string& context) {
        if (!value) {
            EXPECT_FALSE(printed.contains(key)) << key << " in " << context;
            return;
        }
        ASSERT_TRUE(printed.contains(key)) << key << " missing in " << context;
        ASSERT_TRUE(printed[key].is_number()) << key << " in " << context;
        const double half_unit = 0.5 * std::pow(10.0, -decimals);
        const double tolerance = half_unit * (1 + 1e-9) + std::fabs(*value) * 1e-15;
        EXPECT_LE(std::fabs(printed[key].get<double>() - *value), tolerance)
            << key << " printed " << printed[key].dump() << " for " << *value << " in " << context;
        ++compared;
    }
    void exact(const nlohmann::json& printed, const char* key, const std::optional<int>& value,
               const std::string& context) {
        if (!value) return;
        ASSERT_TRUE(printed.contains(key)) << key << " missing in " << context;
        EXPECT_EQ(printed[key].get<long long>(), *value) << key << " in " << context;
        ++compared;
    }
};

int speed_decimals(const Message& m) { return m.typecode && *m.typecode >= 5 && *m.typecode <= 8 ? 3 : 1; }

void check_json(const Message& m, Checker& c) {
    std::string line;
    append_json(line, m);
    nlohmann::json j;
    ASSERT_NO_THROW(j = nlohmann::json::parse(line)) << line;
    ASSERT_TRUE(j.is_object()) << line;
    c.near(j, "t_s", m.t_s, std::fabs(m.t_s) >= 1e9 ? 6 : 9, line);
    c.near(j, "lat_deg", m.lat_deg, 7, line);
    c.near(j, "lon_deg", m.lon_deg, 7, line);
    c.near(j, "ground_speed_kt", m.ground_speed_kt, speed_decimals(m), line);
    c.near(j, "track_deg", m.track_deg, 2, line);
    c.near(j, "heading_deg", m.heading_deg, 2, line);
    c.near(j, "airspeed_kt", m.airspeed_kt, 1, line);
    c.near(j, "baro_setting_hpa", m.baro_setting_hpa, 1, line);
    c.near(j, "selected_heading_deg", m.selected_heading_deg, 2, line);
    c.exact(j, m.altitude_is_gnss ? "gnss_altitude_ft" : "altitude_ft", m.altitude_ft, line);
    c.exact(j, "vertical_rate_fpm", m.vertical_rate_fpm, line);
    c.exact(j, "geo_minus_baro_ft", m.geo_minus_baro_ft, line);
    if (m.cpr_lat) c.exact(j, "cpr_lat", static_cast<int>(*m.cpr_lat), line);
    if (m.cpr_lon) c.exact(j, "cpr_lon", static_cast<int>(*m.cpr_lon), line);
    if (!m.commb || m.commb->all_zero) return;
    const CommB& b = *m.commb;
    if (b.is(Bds::bds40)) c.near(j["bds40"], "baro_setting_hpa", b.bds40_baro_setting_hpa, 1, line);
    if (b.is(Bds::bds44)) {
        c.near(j["bds44"], "wind_speed_kt", b.bds44_wind_speed_kt, 1, line);
        c.near(j["bds44"], "wind_direction_deg", b.bds44_wind_direction_deg, 2, line);
        c.near(j["bds44"], "static_air_temperature_c", b.bds44_static_air_temperature_c, 2, line);
        c.near(j["bds44"], "humidity_pct", b.bds44_humidity_pct, 2, line);
    }
    if (b.is(Bds::bds45))
        c.near(j["bds45"], "static_air_temperature_c", b.bds45_static_air_temperature_c, 2, line);
    if (b.is(Bds::bds50)) {
        c.near(j["bds50"], "roll_deg", b.bds50_roll_deg, 2, line);
        c.near(j["bds50"], "true_track_deg", b.bds50_true_track_deg, 2, line);
        c.near(j["bds50"], "ground_speed_kt", b.bds50_ground_speed_kt, 1, line);
        c.near(j["bds50"], "track_rate_deg_s", b.bds50_track_rate_deg_s, 3, line);
        c.near(j["bds50"], "true_airspeed_kt", b.bds50_true_airspeed_kt, 1, line);
    }
    if (b.is(Bds::bds60)) {
        c.near(j["bds60"], "magnetic_heading_deg", b.bds60_magnetic_heading_deg, 2, line);
        c.near(j["bds60"], "indicated_airspeed_kt", b.bds60_indicated_airspeed_kt, 1, line);
        c.near(j["bds60"], "mach", b.bds60_mach, 3, line);
        c.near(j["bds60"], "baro_vertical_rate_fpm", b.bds60_baro_vertical_rate_fpm, 0, line);
        c.near(j["bds60"], "inertial_vertical_rate_fpm", b.bds60_inertial_vertical_rate_fpm, 0, line);
    }
}

// The fields of one CSV row, read by the project's own CSV reader.
std::vector<std::string> split_csv_row(const std::string& row) {
    reckon::core::CsvReader reader(row, "csv row");
    reckon::core::CsvRecord record;
    EXPECT_TRUE(reader.next(record)) << row;
    return record.fields;
}

void check_csv(const Message& m, std::size_t columns) {
    std::string row;
    append_csv(row, m);
    const auto fields = split_csv_row(row);
    ASSERT_EQ(fields.size(), columns) << row;
    if (m.lat_deg) {
        EXPECT_NEAR(std::stod(fields[11]), *m.lat_deg, 0.5e-7 * (1 + 1e-9)) << row;
    }
    if (m.lon_deg) {
        EXPECT_NEAR(std::stod(fields[12]), *m.lon_deg, 0.5e-7 * (1 + 1e-9)) << row;
    }
}

TEST(MessageFormat, RealMessagesPrintEveryFieldWithinItsPrecision) {
    const auto tracked = tracked_sample();
    const auto golden = golden_frames();
    ASSERT_GT(tracked.size(), 1500u);
    ASSERT_GT(golden.size(), 50u);
    const std::size_t columns = split_csv_row(std::string(csv_header())).size();
    Checker c;
    int positions = 0;
    int commb = 0;
    for (const auto* set : {&tracked, &golden})
        for (const auto& m : *set) {
            check_json(m, c);
            check_csv(m, columns);
            positions += m.lat_deg ? 1 : 0;
            commb += m.commb && !m.commb->all_zero ? 1 : 0;
        }
    EXPECT_GT(positions, 500);
    EXPECT_GT(commb, 10);
    EXPECT_GT(c.compared, 5000);
    std::printf(
        "message format: %zu + %zu messages, %d numbers within their precision, %d positions, %d Comm-B\n",
        tracked.size(), golden.size(), c.compared, positions, commb);
}

// One message carrying the given values, printed as JSON.
nlohmann::json printed(const Message& m) {
    std::string line;
    append_json(line, m);
    return nlohmann::json::parse(line);
}

std::string raw_value(const Message& m, const std::string& key) {
    std::string line;
    append_json(line, m);
    const auto at = line.find("\"" + key + "\":");
    if (at == std::string::npos) return "(absent)";
    const auto start = at + key.size() + 3;
    return line.substr(start, line.find_first_of(",}", start) - start);
}

TEST(MessageFormat, FixedPointEdges) {
    Message m;
    m.df = 17;
    m.length_bytes = 14;
    m.t_s = 36.123456789;
    m.track_deg = 359.996;        // rounds up into the next whole number
    m.heading_deg = 0.004;        // rounds to zero
    m.lat_deg = -33.94612345678;  // negative, rounded at the 7th decimal
    m.lon_deg = -0.00000004;      // rounds to zero: no "-0"
    m.ground_speed_kt = 159.25;   // exactly between: up
    m.airspeed_kt = 250;
    m.baro_setting_hpa = 1013.2;
    EXPECT_EQ(raw_value(m, "t_s"), "36.123456789");
    EXPECT_EQ(raw_value(m, "track_deg"), "360");
    EXPECT_EQ(raw_value(m, "heading_deg"), "0");
    EXPECT_EQ(raw_value(m, "lat_deg"), "-33.9461235");
    EXPECT_EQ(raw_value(m, "lon_deg"), "0");
    EXPECT_EQ(raw_value(m, "ground_speed_kt"), "159.3");
    EXPECT_EQ(raw_value(m, "airspeed_kt"), "250");
    EXPECT_EQ(raw_value(m, "baro_setting_hpa"), "1013.2");

    m.t_s = 1720680000.1666667;  // a Unix time: 16 significant digits, 1 us
    EXPECT_EQ(raw_value(m, "t_s"), "1720680000.166667");
    m.t_s = 0;
    EXPECT_EQ(raw_value(m, "t_s"), "0");
    m.t_s = 1e300;  // beyond fixed point: the shortest round-trip form, still a JSON number
    EXPECT_DOUBLE_EQ(printed(m)["t_s"].get<double>(), 1e300);

    // Surface movement steps of 0.125 kt print exactly; airborne speeds to 0.1 kt.
    m.typecode = 6;
    m.ground_speed_kt = 0.125;
    EXPECT_EQ(raw_value(m, "ground_speed_kt"), "0.125");
    m.typecode = 19;
    EXPECT_EQ(raw_value(m, "ground_speed_kt"), "0.1");

    // Whole numbers of every size, and negative ones.
    for (const long long v :
         {0LL, 7LL, 42LL, 99LL, 100LL, 12345LL, 4294967295LL, 4294967296LL, 123456789012345LL}) {
        m.cpr_lat = static_cast<std::uint32_t>(v & 0x1FFFF);
        m.operational_mode = static_cast<std::uint16_t>(v & 0xFFFF);
        m.t_s = static_cast<double>(v);
        EXPECT_EQ(raw_value(m, "cpr_lat"), std::to_string(v & 0x1FFFF));
        EXPECT_EQ(raw_value(m, "operational_mode"), std::to_string(v & 0xFFFF));
        EXPECT_EQ(raw_value(m, "t_s"), std::to_string(v));
    }
    for (const int v : {-1, -64, -832, -12345}) {
        m.vertical_rate_fpm = v;
        EXPECT_EQ(raw_value(m, "vertical_rate_fpm"), std::to_string(v));
    }
}

TEST(MessageFormat, HexReaderTakesExactlyTheHexDigits) {
    const std::string good = "8D4840D6202CC371C32CE0576098";
    Frame want;
    ASSERT_TRUE(parse_hex_frame(good, want));
    EXPECT_EQ(want.length_bytes, 14);
    EXPECT_EQ(want.bytes[0], 0x8D);
    EXPECT_EQ(want.bytes[13], 0x98);
    int accepted = 0;
    for (std::size_t pos = 0; pos < good.size(); ++pos)
        for (int c = 0; c < 256; ++c) {
            std::string hex = good;
            hex[pos] = static_cast<char>(c);
            const bool is_hex = std::isxdigit(c) != 0;
            Frame f;
            ASSERT_EQ(parse_hex_frame(hex, f), is_hex) << "byte " << c << " at " << pos;
            if (!is_hex) continue;
            ++accepted;
            const int digit = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
            std::uint8_t b = want.bytes[pos / 2];
            b = static_cast<std::uint8_t>(pos % 2 == 0 ? (b & 0x0F) | digit << 4 : (b & 0xF0) | digit);
            EXPECT_EQ(f.bytes[pos / 2], b) << hex;
        }
    EXPECT_EQ(accepted, 28 * 22);
    Frame f;
    EXPECT_TRUE(parse_hex_frame("5D4840D6", f) == false);  // 8 digits: no Mode S length
    EXPECT_TRUE(parse_hex_frame("5D4840D6202CC3", f));
    EXPECT_EQ(f.length_bytes, 7);
    EXPECT_EQ(f.bytes[6], 0xC3);
}

// CRC-24 by long division, one bit at a time (ICAO Annex 10 Vol IV 3.1.2.3.3).
std::uint32_t crc_by_bits(const std::vector<std::uint8_t>& frame) {
    std::uint32_t reg = 0;
    const std::size_t data_bits = (frame.size() - 3) * 8;
    for (std::size_t i = 0; i < data_bits; ++i) {
        const std::uint32_t in = (frame[i / 8] >> (7 - i % 8)) & 1u;
        const std::uint32_t top = ((reg >> 23) & 1u) ^ in;
        reg = (reg << 1) & 0xFFFFFF;
        if (top) reg ^= 0xFFF409;
    }
    const std::size_t n = frame.size();
    const std::uint32_t parity =
        std::uint32_t{frame[n - 3]} << 16 | std::uint32_t{frame[n - 2]} << 8 | frame[n - 1];
    return reg ^ parity;
}

TEST(MessageFormat, CrcTablesAgreeWithLongDivision) {
    std::mt19937 rng(14);
    std::uniform_int_distribution<int> byte(0, 255);
    for (const std::size_t n : {7u, 14u, 10u}) {
        for (int k = 0; k < 2000; ++k) {
            std::vector<std::uint8_t> frame(n);
            for (auto& b : frame) b = static_cast<std::uint8_t>(byte(rng));
            ASSERT_EQ(crc_residual(frame), crc_by_bits(frame)) << n << " bytes, trial " << k;
        }
    }
}

// NL by the closed form of DO-260B A.1.7.2 (NZ = 15), away from the transitions themselves.
TEST(MessageFormat, NlLookupAgreesWithTheClosedForm) {
    const double pi = 3.14159265358979323846;
    const double a = 1 - std::cos(pi / 30);
    int checked = 0;
    for (int i = 1; i < 87000; ++i) {
        const double lat = i * 0.001 + 0.0003;
        const double x = 1 - a / std::pow(std::cos(pi / 180 * lat), 2);
        const double nl = 2 * pi / std::acos(x);
        if (std::fabs(nl - std::round(nl)) < 1e-6) continue;  // on a transition
        const int want = static_cast<int>(std::floor(nl));
        ASSERT_EQ(cpr_nl(lat), want) << lat;
        ASSERT_EQ(cpr_nl(-lat), want) << -lat;
        ++checked;
    }
    EXPECT_GT(checked, 86000);
    EXPECT_EQ(cpr_nl(0.0), 59);
    EXPECT_EQ(cpr_nl(87.0), 2);
    EXPECT_EQ(cpr_nl(87.5), 1);
    EXPECT_EQ(cpr_nl(-90.0), 1);
}

}  // namespace
}  // namespace reckon::adsb
