// Agreement with other decoders on real data:
//  - pymodes/sample_data_adsb.csv (2,000 DF17 messages of one flight) through the ts,hex reader,
//    the decoder and the tracker, against dump1090-fa's decoding of the same rows: every
//    position within 1e-5°, every callsign and altitude, velocities to SBS rounding;
//  - golden_v2.json (pyModeS 2.21.1): every field of every DF17 message, and the DF20/21
//    fields whose register pyModeS found unambiguous.
// The agreement counts are printed.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "decoded_messages.hpp"
#include "reckon/adsb/decode.hpp"
#include "reckon/adsb/formats.hpp"
#include "reckon/adsb/tracker.hpp"

namespace reckon::adsb {
namespace {

const std::string DATA = std::string(RECKON_SHARED_DIR) + "/data/adsb/pymodes/";

// Reads a whole input through the library's parser, decoding and tracking.
using Decoded = test_data::DecodedMessages;

void read_all(const std::string& path, InputFormat format, RecordSink& sink) {
    auto src = open_source(path);
    auto parser = make_parser(format);
    std::vector<std::uint8_t> buf(1 << 16);
    while (const std::size_t n = src->read(buf)) parser->feed({buf.data(), n}, sink);
    parser->finish(sink);
}

std::vector<std::map<std::string, std::string>> read_csv(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> header;
    std::stringstream hs(line);
    for (std::string f; std::getline(hs, f, ',');) header.push_back(f);
    std::vector<std::map<std::string, std::string>> rows;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::map<std::string, std::string> row;
        std::stringstream ss(line);
        std::string f;
        for (const auto& name : header) {
            if (!std::getline(ss, f, ',')) f.clear();
            row[name] = f;
        }
        rows.push_back(row);
    }
    return rows;
}

std::string hex_of(const Message& m) {
    constexpr std::string_view DIGITS = "0123456789ABCDEF";
    std::string s;
    for (int i = 0; i < m.length_bytes; ++i) {
        const unsigned b = m.bytes[static_cast<std::size_t>(i)];
        s += DIGITS[b >> 4];
        s += DIGITS[b & 15U];
    }
    return s;
}

std::string icao_hex(std::uint32_t icao) {
    std::ostringstream os;
    os << std::hex << std::setw(6) << std::setfill('0') << icao;
    return os.str();
}

TEST(PyModeSSample, AgreesWithDump1090FaOnEveryPositionCallsignAltitudeAndVelocity) {
    Decoded d;
    read_all(DATA + "sample_data_adsb.csv", InputFormat::tshex, d);
    const auto expected = read_csv(DATA + "sample_data_adsb.expected_dump1090-fa.csv");
    ASSERT_EQ(expected.size(), 2000u);
    ASSERT_EQ(d.messages.size(), expected.size());

    int positions = 0;
    int extra_positions = 0;
    int callsigns = 0;
    int altitudes = 0;
    int velocities = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto& e = expected[i];
        const Message& m = d.messages[i];
        SCOPED_TRACE("row " + std::to_string(i) + " " + e.at("msg"));
        ASSERT_EQ(hex_of(m), e.at("msg"));
        if (!e.at("lat").empty()) {
            ASSERT_TRUE(m.lat_deg && m.lon_deg) << "dump1090-fa has a position here, we do not";
            EXPECT_NEAR(*m.lat_deg, std::stod(e.at("lat")), 1e-5);
            EXPECT_NEAR(*m.lon_deg, std::stod(e.at("lon")), 1e-5);
            ++positions;
        } else if (m.lat_deg) {
            ++extra_positions;
        }
        if (!e.at("callsign").empty()) {
            EXPECT_EQ(m.callsign, e.at("callsign"));
            ++callsigns;
        }
        if (!e.at("altitude_ft").empty()) {
            ASSERT_TRUE(m.altitude_ft);
            EXPECT_EQ(*m.altitude_ft, std::stoi(e.at("altitude_ft")));
            ++altitudes;
        }
        if (!e.at("groundspeed_kt").empty()) {
            // SBS prints whole knots and degrees, rounded.
            ASSERT_TRUE(m.ground_speed_kt && m.track_deg);
            EXPECT_EQ(std::lround(*m.ground_speed_kt), std::stol(e.at("groundspeed_kt")));
            EXPECT_EQ(std::lround(*m.track_deg) % 360, std::stol(e.at("track_deg")) % 360);
            if (!e.at("vertical_rate_fpm").empty()) {
                ASSERT_TRUE(m.vertical_rate_fpm);
                EXPECT_EQ(*m.vertical_rate_fpm, std::stoi(e.at("vertical_rate_fpm")));
            }
            ++velocities;
        }
    }
    EXPECT_EQ(positions, 915);
    EXPECT_EQ(callsigns, 98);
    EXPECT_EQ(velocities, 965);
    std::printf(
        "sample_data_adsb: %d/915 positions, %d/98 callsigns, %d altitudes, %d/965 velocities agree "
        "with dump1090-fa; %d extra positions where dump1090-fa gives none\n",
        positions, callsigns, altitudes, velocities, extra_positions);
    const auto& c = d.tracker.counters();
    std::printf(
        "tracker: %llu global, %llu local decodes, %llu CPR rejected, %llu speed rejected\n",
        static_cast<unsigned long long>(c.global_decodes), static_cast<unsigned long long>(c.local_decodes),
        static_cast<unsigned long long>(c.cpr_rejected), static_cast<unsigned long long>(c.speed_rejected));
}

// pyModeS's name for a register, "BDS40" → "4,0".
std::string our_name(const std::string& pymodes) { return pymodes.substr(3, 1) + "," + pymodes.substr(4, 1); }

struct GoldenCounts {
    int df17_messages = 0, df17_fields = 0;
    int commb = 0, unambiguous = 0, same_single = 0, among_candidates = 0, register_fields = 0;
    int ambiguous = 0, ambiguous_same_set = 0;
    int surveillance_fields = 0;
};

void expect_near_field(const nlohmann::json& want, const std::optional<double>& got, const std::string& key,
                       double tol, int& count) {
    SCOPED_TRACE(key);
    ASSERT_TRUE(got.has_value()) << "missing " << key;
    EXPECT_NEAR(*got, want.get<double>(), tol);
    ++count;
}

template <typename T>
std::optional<double> od(const std::optional<T>& v) {
    return v ? std::optional<double>(static_cast<double>(*v)) : std::nullopt;
}

TEST(GoldenV2, EveryDf17FieldAndEveryUnambiguousCommBField) {
    std::ifstream in(DATA + "golden_v2.json");
    ASSERT_TRUE(in);
    const auto golden = nlohmann::json::parse(in);
    GoldenCounts n;
    for (const auto& [hex, g] : golden.items()) {
        SCOPED_TRACE(hex);
        Frame f;
        ASSERT_TRUE(parse_hex_frame(hex, f));
        Message m;
        ASSERT_EQ(decode(f, m), DecodeStatus::ok);
        std::string want_icao = g["icao"];
        for (auto& ch : want_icao) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        EXPECT_EQ(icao_hex(m.icao), want_icao);
        EXPECT_EQ(m.df, g["df"].get<int>());
        if (m.df == 17) {
            ++n.df17_messages;
            for (const auto& [key, val] : g.items()) {
                if (key == "df" || key == "icao") continue;
                ++n.df17_fields;
                if (key == "callsign") {
                    std::string want = val;
                    while (!want.empty() && want.back() == '_') want.pop_back();
                    EXPECT_EQ(m.callsign, want);
                } else if (key == "category") {
                    EXPECT_EQ(m.category[1] - '0', val.get<int>());
                } else if (key == "typecode") {
                    EXPECT_EQ(od(m.typecode), val.get<double>());
                } else if (key == "altitude") {
                    EXPECT_EQ(od(m.altitude_ft), val.get<double>());
                } else if (key == "cpr_format") {
                    EXPECT_EQ(od(m.cpr_format), val.get<double>());
                } else if (key == "groundspeed") {
                    ASSERT_TRUE(m.ground_speed_kt);
                    // pyModeS truncates airborne speeds to whole knots.
                    EXPECT_EQ(static_cast<long>(*m.ground_speed_kt), val.get<long>());
                } else if (key == "track") {
                    ASSERT_TRUE(m.track_deg);
                    EXPECT_NEAR(*m.track_deg, val.get<double>(), 1e-9);
                } else if (key == "vertical_rate") {
                    EXPECT_EQ(od(m.vertical_rate_fpm), val.get<double>());
                } else {
                    ADD_FAILURE() << "no check for DF17 field " << key;
                }
            }
            continue;
        }
        // DF20/21: the surveillance part is never ambiguous.
        if (g.contains("altitude")) {
            EXPECT_EQ(od(m.altitude_ft), g["altitude"].get<double>());
            ++n.surveillance_fields;
        }
        if (g.contains("squawk")) {
            ASSERT_TRUE(m.squawk);
            EXPECT_EQ(format_squawk(*m.squawk), g["squawk"].get<std::string>());
            ++n.surveillance_fields;
        }
        ++n.commb;
        ASSERT_TRUE(m.commb);
        const CommB& c = *m.commb;
        std::set<std::string> ours;
        for (int b = 0; b < BDS_COUNT; ++b)
            if (c.is(static_cast<Bds>(b))) ours.insert(std::string(bds_name(static_cast<Bds>(b))));
        if (!g.contains("bds")) continue;
        std::set<std::string> theirs;
        std::stringstream ss(g["bds"].get<std::string>());
        for (std::string r; std::getline(ss, r, ',');) theirs.insert(our_name(r));
        if (theirs.size() > 1) {
            ++n.ambiguous;
            if (theirs == ours) ++n.ambiguous_same_set;
            continue;
        }
        ++n.unambiguous;
        const std::string reg = *theirs.begin();
        ASSERT_TRUE(ours.count(reg)) << "pyModeS says " << reg << ", not among our candidates";
        ++n.among_candidates;
        if (ours.size() == 1) ++n.same_single;
        int& k = n.register_fields;
        for (const auto& [key, val] : g.items()) {
            if (key == "df" || key == "icao" || key == "bds" || key == "altitude" || key == "squawk")
                continue;
            if (key == "callsign") {
                std::string want = val;
                while (!want.empty() && want.back() == '_') want.pop_back();
                EXPECT_EQ(c.bds20_callsign, want);
                ++k;
            } else if (key == "selected_altitude_mcp") {
                expect_near_field(val, od(c.bds40_selected_altitude_mcp_ft), key, 0, k);
            } else if (key == "selected_altitude_fms") {
                expect_near_field(val, od(c.bds40_selected_altitude_fms_ft), key, 0, k);
            } else if (key == "baro_pressure_setting") {
                expect_near_field(val, c.bds40_baro_setting_hpa, key, 1e-6, k);
            } else if (key == "roll") {
                expect_near_field(val, c.bds50_roll_deg, key, 1e-9, k);
            } else if (key == "true_track") {
                expect_near_field(val, c.bds50_true_track_deg, key, 1e-9, k);
            } else if (key == "groundspeed") {
                expect_near_field(val, c.bds50_ground_speed_kt, key, 0, k);
            } else if (key == "track_rate") {
                expect_near_field(val, c.bds50_track_rate_deg_s, key, 1e-9, k);
            } else if (key == "true_airspeed") {
                expect_near_field(val, c.bds50_true_airspeed_kt, key, 0, k);
            } else if (key == "magnetic_heading") {
                expect_near_field(val, c.bds60_magnetic_heading_deg, key, 1e-9, k);
            } else if (key == "indicated_airspeed") {
                expect_near_field(val, c.bds60_indicated_airspeed_kt, key, 0, k);
            } else if (key == "mach") {
                expect_near_field(val, c.bds60_mach, key, 1e-9, k);
            } else if (key == "baro_vertical_rate") {
                expect_near_field(val, c.bds60_baro_vertical_rate_fpm, key, 0, k);
            } else if (key == "inertial_vertical_rate") {
                expect_near_field(val, c.bds60_inertial_vertical_rate_fpm, key, 0, k);
            } else {
                ADD_FAILURE() << "no check for Comm-B field " << key;
            }
        }
    }
    EXPECT_EQ(n.df17_messages, 200);
    EXPECT_EQ(n.among_candidates, n.unambiguous);
    std::printf(
        "golden_v2: %d DF17 messages, %d fields agree; %d Comm-B replies, %d surveillance fields agree\n",
        n.df17_messages, n.df17_fields, n.commb, n.surveillance_fields);
    std::printf(
        "golden_v2: %d replies pyModeS calls unambiguous: register among ours in %d, ours also single in "
        "%d; %d register fields agree. %d ambiguous in pyModeS, same candidate set in %d\n",
        n.unambiguous, n.among_candidates, n.same_single, n.register_fields, n.ambiguous,
        n.ambiguous_same_set);
}

}  // namespace
}  // namespace reckon::adsb
