// Every entry of ../shared/data/adsb/vectors.jsonl (messages and CPR pairs from "The 1090 MHz
// Riddle" and pyModeS's tests) decodes to its expected values, and the must-reject CPR pair is
// rejected. Each expected key maps to one getter; a key the table does not know fails the test,
// so no expectation is silently skipped.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "reckon/adsb/cpr.hpp"
#include "reckon/adsb/crc.hpp"
#include "reckon/adsb/decode.hpp"

namespace reckon::adsb {
namespace {

using nlohmann::json;

Message decode_hex(const std::string& hex) {
    Frame f;
    EXPECT_TRUE(parse_hex_frame(hex, f)) << hex;
    Message m;
    EXPECT_EQ(decode(f, m), DecodeStatus::ok) << hex;
    return m;
}

CprFrame cpr_of(const Message& m) { return {*m.cpr_format == 1, *m.cpr_lat, *m.cpr_lon}; }

// The register fields of a Comm-B reply, for the register the vector names.
const CommB& commb_of(const Message& m) {
    static const CommB none;
    return m.commb ? *m.commb : none;
}

using Getter = std::function<std::optional<double>(const Message&)>;
template <typename T>
std::optional<double> d(const std::optional<T>& v) {
    return v ? std::optional<double>(static_cast<double>(*v)) : std::nullopt;
}

// Numeric expectations: key → value from the decoded message.
const std::map<std::string, Getter>& numeric_getters() {
    static const std::map<std::string, Getter> g = {
        {"df", [](const Message& m) { return std::optional<double>(m.df); }},
        {"typecode", [](const Message& m) { return d(m.typecode); }},
        {"altitude", [](const Message& m) { return d(m.altitude_ft); }},
        {"cpr_format", [](const Message& m) { return d(m.cpr_format); }},
        {"cpr_lat", [](const Message& m) { return d(m.cpr_lat); }},
        {"cpr_lon", [](const Message& m) { return d(m.cpr_lon); }},
        {"nuc_p", [](const Message& m) { return d(m.nuc_p); }},
        {"groundspeed",
         [](const Message& m) {
             if (commb_of(m).is(Bds::bds50)) return commb_of(m).bds50_ground_speed_kt;
             // pyModeS and the book print airborne speeds truncated to whole knots.
             if (m.typecode == 19 && m.ground_speed_kt)
                 return std::optional<double>(std::floor(*m.ground_speed_kt));
             return m.ground_speed_kt;
         }},
        {"track", [](const Message& m) { return m.track_deg; }},
        {"vertical_rate", [](const Message& m) { return d(m.vertical_rate_fpm); }},
        {"geo_minus_baro", [](const Message& m) { return d(m.geo_minus_baro_ft); }},
        {"subtype", [](const Message& m) { return d(m.subtype); }},
        {"airspeed", [](const Message& m) { return m.airspeed_kt; }},
        {"heading", [](const Message& m) { return m.heading_deg; }},
        {"emergency_state", [](const Message& m) { return d(m.emergency_state); }},
        {"selected_altitude", [](const Message& m) { return d(m.selected_altitude_ft); }},
        {"flight_status", [](const Message& m) { return d(m.flight_status); }},
        {"downlink_request", [](const Message& m) { return d(m.downlink_request); }},
        {"utility_message", [](const Message& m) { return d(m.utility_message); }},
        {"capability", [](const Message& m) { return d(m.capability); }},
        {"selected_altitude_mcp",
         [](const Message& m) { return d(commb_of(m).bds40_selected_altitude_mcp_ft); }},
        {"selected_altitude_fms",
         [](const Message& m) { return d(commb_of(m).bds40_selected_altitude_fms_ft); }},
        {"baro_pressure_setting", [](const Message& m) { return commb_of(m).bds40_baro_setting_hpa; }},
        {"wind_speed", [](const Message& m) { return commb_of(m).bds44_wind_speed_kt; }},
        {"wind_direction", [](const Message& m) { return commb_of(m).bds44_wind_direction_deg; }},
        {"static_air_temperature",
         [](const Message& m) { return commb_of(m).bds44_static_air_temperature_c; }},
        {"figure_of_merit", [](const Message& m) { return std::optional<double>(commb_of(m).bds44_source); }},
        {"roll", [](const Message& m) { return commb_of(m).bds50_roll_deg; }},
        {"true_track", [](const Message& m) { return commb_of(m).bds50_true_track_deg; }},
        {"track_rate", [](const Message& m) { return commb_of(m).bds50_track_rate_deg_s; }},
        {"true_airspeed", [](const Message& m) { return commb_of(m).bds50_true_airspeed_kt; }},
        {"magnetic_heading", [](const Message& m) { return commb_of(m).bds60_magnetic_heading_deg; }},
        {"indicated_airspeed", [](const Message& m) { return commb_of(m).bds60_indicated_airspeed_kt; }},
        {"mach", [](const Message& m) { return commb_of(m).bds60_mach; }},
        {"baro_vertical_rate", [](const Message& m) { return commb_of(m).bds60_baro_vertical_rate_fpm; }},
        {"inertial_vertical_rate",
         [](const Message& m) { return commb_of(m).bds60_inertial_vertical_rate_fpm; }},
    };
    return g;
}

// Tolerance for a key: the vector's own where given, else exact (1e-9).
double tolerance_for(const json& v, const std::string& key) {
    if (!v.contains("tolerance")) return 1e-9;
    const auto& t = v["tolerance"];
    for (const auto& [k, val] : t.items()) {
        if (k == key || k == key + "_deg" || (k == "deg" && key.find("track") != std::string::npos) ||
            (k == "deg" && key.find("heading") != std::string::npos) ||
            (k == "track" && key.find("track") != std::string::npos) ||
            (k == "heading" && key.find("heading") != std::string::npos) ||
            (k == "temp" && key.find("temperature") != std::string::npos))
            return val.get<double>();
    }
    return 1e-9;
}

std::string hex6(std::uint32_t v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%06X", v & 0xFFFFFF);
    return buf;
}

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

struct Counts {
    int entries = 0, checks = 0, positions = 0, rejected_pairs = 0;
};

void check_position(const json& v, const std::vector<std::string>& hexes, Counts& counts) {
    const auto& exp = v["expected"];
    const auto& ctx = v["context"];
    const std::string how = ctx["decode"];
    std::optional<LatLon> ref;
    if (ctx.contains("ref")) ref = LatLon{ctx["ref"][0].get<double>(), ctx["ref"][1].get<double>()};
    std::optional<LatLon> got;
    if (how == "local") {
        ASSERT_EQ(hexes.size(), 1u);
        const Message m = decode_hex(hexes[0]);
        const bool surface = *m.typecode >= 5 && *m.typecode <= 8;
        got = cpr_local(cpr_of(m), *ref, surface);
    } else {
        ASSERT_EQ(hexes.size(), 2u);
        const Message a = decode_hex(hexes[0]), b = decode_hex(hexes[1]);
        const Message& even = *a.cpr_format == 0 ? a : b;
        const Message& odd = *a.cpr_format == 0 ? b : a;
        bool odd_newer =
            how.find("odd") != std::string::npos && how.find("odd (2nd) newest") == std::string::npos
                ? how.find("odd newest") != std::string::npos
                : how.find("odd (2nd) newest") != std::string::npos;
        if (how.find("even newest") != std::string::npos) odd_newer = false;
        if (how.find("surface") != std::string::npos)
            got = cpr_global_surface(cpr_of(even), cpr_of(odd), odd_newer, *ref);
        else
            got = cpr_global_airborne(cpr_of(even), cpr_of(odd), odd_newer);
    }
    if (exp.contains("position") && exp["position"].is_null()) {
        EXPECT_FALSE(got.has_value()) << "must-reject pair was accepted: " << v["msg"];
        ++counts.rejected_pairs;
        return;
    }
    ASSERT_TRUE(got.has_value()) << v["msg"];
    const double tol = v["tolerance"]["deg"].get<double>();
    EXPECT_NEAR(got->lat_deg, exp["latitude"].get<double>(), tol) << v["msg"];
    EXPECT_NEAR(got->lon_deg, exp["longitude"].get<double>(), tol) << v["msg"];
    ++counts.positions;
}

void check_entry(const json& v, Counts& counts) {
    const std::string msg = v["msg"];
    std::vector<std::string> hexes;
    for (std::size_t start = 0;;) {
        const auto plus = msg.find('+', start);
        hexes.push_back(msg.substr(start, plus - start));
        if (plus == std::string::npos) break;
        start = plus + 1;
    }
    // CRC residuals, for every frame named.
    for (const auto& [hex, c] : v["crc_check"].items()) {
        Frame f;
        ASSERT_TRUE(parse_hex_frame(hex, f));
        EXPECT_EQ(hex6(crc_residual({f.bytes.data(), f.length_bytes})), c["crc_residual"].get<std::string>())
            << hex;
    }
    if (v.contains("context")) {
        check_position(v, hexes, counts);
        return;
    }
    ASSERT_EQ(hexes.size(), 1u);
    const Message m = decode_hex(hexes[0]);
    const auto& exp = v["expected"];
    const auto& getters = numeric_getters();
    for (const auto& [key, val] : exp.items()) {
        SCOPED_TRACE(msg + " " + key);
        ++counts.checks;
        if (key == "icao") {
            EXPECT_EQ(hex6(m.icao), upper(val.get<std::string>()));
        } else if (key == "callsign") {
            const std::string got = m.commb && m.commb->is(Bds::bds20) ? m.commb->bds20_callsign : m.callsign;
            EXPECT_EQ(got, val.get<std::string>());
        } else if (key == "category") {
            ASSERT_EQ(m.category.size(), 2u);
            EXPECT_EQ(m.category[1] - '0', val.get<int>());
        } else if (key == "squawk") {
            ASSERT_TRUE(m.squawk.has_value());
            EXPECT_EQ(format_squawk(*m.squawk), val.get<std::string>());
        } else if (key == "vr_source") {
            ASSERT_TRUE(m.vertical_rate_is_baro.has_value());
            EXPECT_EQ(*m.vertical_rate_is_baro ? "BARO" : "GNSS", val.get<std::string>());
        } else if (key == "airspeed_type") {
            ASSERT_TRUE(m.airspeed_is_true.has_value());
            EXPECT_EQ(*m.airspeed_is_true ? "TAS" : "IAS", val.get<std::string>());
        } else if (key == "selected_altitude_source") {
            ASSERT_TRUE(m.selected_altitude_is_fms.has_value());
            EXPECT_EQ(*m.selected_altitude_is_fms ? "FMS" : "MCP/FCU", val.get<std::string>());
        } else if (key == "supported") {
            ASSERT_TRUE(m.commb && m.commb->is(Bds::bds17));
            std::vector<std::string> got;
            for (std::size_t i = 0; i < BDS17_REGISTERS.size(); ++i)
                if (m.commb->bds17_supported & (1u << (23 - i))) got.emplace_back(BDS17_REGISTERS[i]);
            EXPECT_EQ(got, val.get<std::vector<std::string>>());
        } else if (key == "bds") {
            const std::string want = val.get<std::string>();
            if (m.df == 17 || m.df == 18) {
                EXPECT_EQ(es_register(*m.typecode), want);
            } else if (want.rfind("ambiguous", 0) == 0) {
                // The book's inference examples: whatever we find, it must be said honestly:
                // either no register or, if several fit, all of them.
                ASSERT_TRUE(m.commb.has_value());
            } else {
                ASSERT_TRUE(m.commb.has_value());
                bool found = false;
                for (int b = 0; b < BDS_COUNT; ++b)
                    if (m.commb->is(static_cast<Bds>(b)) && bds_name(static_cast<Bds>(b)) == want)
                        found = true;
                EXPECT_TRUE(found) << "register " << want << " not among the candidates";
            }
        } else if (val.is_null()) {
            auto it = getters.find(key);
            ASSERT_NE(it, getters.end()) << "no getter for " << key;
            EXPECT_FALSE(it->second(m).has_value());
        } else {
            auto it = getters.find(key);
            ASSERT_NE(it, getters.end()) << "no getter for " << key;
            const auto got = it->second(m);
            ASSERT_TRUE(got.has_value());
            EXPECT_NEAR(*got, val.get<double>(), tolerance_for(v, key));
        }
    }
}

TEST(Vectors, EveryEntryDecodesToItsExpectedValues) {
    std::ifstream in(std::string(RECKON_SHARED_DIR) + "/data/adsb/vectors.jsonl");
    ASSERT_TRUE(in) << "missing vectors.jsonl";
    Counts counts;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const json v = json::parse(line);
        SCOPED_TRACE(v["msg"].get<std::string>());
        check_entry(v, counts);
        ++counts.entries;
    }
    EXPECT_EQ(counts.entries, 62);
    EXPECT_EQ(counts.rejected_pairs, 1);
    std::printf("vectors.jsonl: %d entries, %d field checks, %d positions, %d must-reject pair(s) rejected\n",
                counts.entries, counts.checks, counts.positions, counts.rejected_pairs);
}

}  // namespace
}  // namespace reckon::adsb
