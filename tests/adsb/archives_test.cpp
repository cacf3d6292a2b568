// The archive readers of issue 14 on small literal inputs: readsb traces (stale positions,
// "ground", callsigns from the detail objects, selection), aircraft.json snapshots (repeated
// positions kept once across documents), OpenSky raw messages, the traffic and FR24 CSVs,
// FR24 JSON, detection of each, ISO time text, --select, the tar walker, start times, and the
// KML and GPX writers.
#include "reckon/adsb/archives.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "reckon/adsb/flight_export.hpp"
#include "reckon/adsb/formats.hpp"
#include "reckon/adsb/input.hpp"
#include "reckon/core/error.hpp"
#include "scratch_dir.hpp"

namespace reckon::adsb {
namespace {

// The parsers take bytes; char and std::uint8_t are both one byte with no trap values.
std::span<const std::uint8_t> bytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};  // NOLINT(*-reinterpret-cast)
}

struct Collect : RecordSink {
    std::vector<Frame> frames;
    std::vector<Message> messages;
    void frame(const Frame& f) override { frames.push_back(f); }
    void message(Message& m) override { messages.push_back(m); }
};

InputCounters parse(InputFormat format, const std::string& input, Collect& out, std::size_t chunk = 7,
                    const ArchiveSelection* select = nullptr) {
    auto p = make_parser(format);
    if (select) p->select(*select);
    const auto* data = bytes(input).data();
    for (std::size_t i = 0; i < input.size(); i += chunk)
        p->feed({data + i, std::min(chunk, input.size() - i)}, out);
    p->finish(out);
    return p->counters();
}

std::optional<InputFormat> detect(const std::string& s) { return detect_format(bytes(s)); }

const std::string TRACE =
    R"({"icao":"4b1805","r":"HB-JVA","t":"E190","ownOp":"Helvetic Airways","timestamp":1700000000.5,)"
    R"("trace":[[0,47.45,8.56,"ground",12.5,100.0,2,null,{"flight":"OAW12   ","squawk":"1000"},"adsb_icao"],)"
    R"([10.5,47.46,8.58,1200,150,101.5,0,2000,null,"adsb_icao",1250,null,null,null],)"
    R"([20,47.47,8.60,2400,160,101,1,2100],)"
    R"([30,47.48,8.62,null],)"
    R"("bad point"]})";

TEST(Trace, ReadsPointsWithTheirFieldsAndSkipsStalePositions) {
    Collect c;
    const auto n = parse(InputFormat::trace, TRACE, c);
    ASSERT_EQ(c.messages.size(), 4u);
    EXPECT_EQ(n.records, 4u);
    EXPECT_EQ(n.bad_lines, 1u);
    const auto& a = c.messages[0];
    EXPECT_EQ(a.icao, 0x4b1805u);
    EXPECT_DOUBLE_EQ(a.t_s, 1700000000.5);
    EXPECT_EQ(a.on_ground, true);
    EXPECT_EQ(a.callsign, "OAW12");
    EXPECT_EQ(a.squawk, 1000);
    EXPECT_DOUBLE_EQ(*a.lat_deg, 47.45);
    const auto& b = c.messages[1];
    EXPECT_DOUBLE_EQ(b.t_s, 1700000011.0);
    EXPECT_EQ(b.altitude_ft, 1200);
    EXPECT_EQ(b.on_ground, false);
    EXPECT_EQ(b.vertical_rate_fpm, 2000);
    EXPECT_DOUBLE_EQ(*b.ground_speed_kt, 150);
    EXPECT_FALSE(c.messages[2].lat_deg) << "flag 1: a stale position";
    EXPECT_EQ(c.messages[2].altitude_ft, 2400);
    EXPECT_FALSE(c.messages[3].altitude_ft);
}

TEST(Trace, SelectionByTypeOperatorAndArea) {
    for (const auto& [spec, kept] : std::vector<std::pair<std::string, bool>>{{"type=e190", true},
                                                                              {"type=IL76", false},
                                                                              {"operator=helvetic", true},
                                                                              {"operator=OAW", true},
                                                                              {"operator=GLX", false},
                                                                              {"area=47:8:48:9", true},
                                                                              {"area=55:37:56:38", false},
                                                                              {"icao=4b1805", true},
                                                                              {"icao=3c66b2", false}}) {
        const auto s = parse_selection(spec);
        Collect c;
        const auto n = parse(InputFormat::trace, TRACE, c, 64, &s);
        EXPECT_EQ(!c.messages.empty(), kept) << spec;
        EXPECT_EQ(n.not_selected, kept ? 0u : 1u) << spec;
    }
}

TEST(Trace, NotATraceIsOneBadRecord) {
    for (const std::string bad : {R"({"icao":"zz","timestamp":1,"trace":[]})", R"({"trace":)", "[1,2,3]"}) {
        Collect c;
        EXPECT_EQ(parse(InputFormat::trace, bad, c).bad_lines, 1u) << bad;
        EXPECT_TRUE(c.messages.empty());
    }
}

TEST(AircraftJson, KeepsARepeatedPositionOnceAcrossSnapshots) {
    auto p = make_parser(InputFormat::aircraft_json);
    Collect c;
    auto doc = [&](double now, double seen_pos) {
        const std::string s = "{\"now\":" + std::to_string(now) +
                              ",\"aircraft\":[{\"hex\":\"3c66b2\",\"flight\":\"DLH1   \",\"alt_baro\":35000,"
                              "\"gs\":450,\"lat\":50.1,\"lon\":8.6,\"seen_pos\":" +
                              std::to_string(seen_pos) + R"(,"seen":0.5},{"hex":"~123456","seen":1}]})";
        p->feed(bytes(s), c);
        p->finish(c);
    };
    doc(1700000000, 1);
    doc(1700000005, 6);  // the same position, 5 s later
    doc(1700000010, 1);  // a new one
    ASSERT_EQ(c.messages.size(), 6u);
    int positions = 0;
    for (const auto& m : c.messages) positions += m.lat_deg ? 1 : 0;
    EXPECT_EQ(positions, 2);
    EXPECT_DOUBLE_EQ(c.messages[0].t_s, 1699999999.0);
    EXPECT_EQ(c.messages[0].callsign, "DLH1");
    EXPECT_TRUE(c.messages[1].non_icao_address);
    EXPECT_EQ(p->counters().records, 6u);
}

TEST(AircraftJson, ApiFormInMilliseconds) {
    Collect c;
    parse(InputFormat::aircraft_json, R"({"ac":[{"hex":"abcdef","alt_baro":"ground"}],"now":1700000000000})",
          c);
    ASSERT_EQ(c.messages.size(), 1u);
    EXPECT_DOUBLE_EQ(c.messages[0].t_s, 1700000000.0);
    EXPECT_EQ(c.messages[0].on_ground, true);
}

TEST(OpenSkyRaw, ReadsFramesWithIsoOrUnixTimes) {
    Collect c;
    const auto n = parse(InputFormat::opensky_raw,
                         "icao24,mintime,rawmsg\n"
                         "4840d6,2016-03-14 23:00:00.500+00:00,8D4840D6202CC371C32CE0576098\n"
                         "4840d6,1457996401,\"8D4840D6202CC371C32CE0576098\"\n"
                         "4840d6,yesterday,8D4840D6202CC371C32CE0576098\n"
                         "4840d6,1457996402,8D4840D6202CC3ZZ\n",
                         c);
    ASSERT_EQ(c.frames.size(), 2u);
    EXPECT_DOUBLE_EQ(c.frames[0].t_s, 1457996400.5);
    EXPECT_DOUBLE_EQ(c.frames[1].t_s, 1457996401);
    EXPECT_EQ(n.bad_lines, 1u);
    EXPECT_EQ(n.bad_hex, 1u);
}

TEST(TrafficCsv, ReadsPandasExportsWithAnIndexColumn) {
    Collect c;
    const auto n =
        parse(InputFormat::traffic_csv,
              ",timestamp,icao24,callsign,latitude,longitude,altitude,groundspeed,track,vertical_rate,"
              "onground,squawk\n"
              "0,2018-05-30 15:21:38+00:00,484506,TRA051,52.32,4.74,224.0,155.0,3.0,2240.0,False,1000.0\n"
              "1,2018-05-30 15:21:39+00:00,484506,TRA051,,,262.0,155.0,3.0,,False,\n"
              "2,2018-05-30 15:21:40+00:00,48450Z,TRA051,52.33,4.74,300,155,3,0,False,\n",
              c);
    ASSERT_EQ(c.messages.size(), 2u);
    EXPECT_DOUBLE_EQ(c.messages[0].t_s, 1527693698.0);
    EXPECT_EQ(c.messages[0].squawk, 1000);
    EXPECT_EQ(c.messages[0].altitude_ft, 224);
    EXPECT_FALSE(c.messages[1].lat_deg);
    EXPECT_EQ(n.bad_lines, 1u);
}

TEST(Fr24Csv, QuotedPositionAndAPseudoAddress) {
    Collect c;
    parse(InputFormat::fr24_csv,
          "Timestamp,UTC,Callsign,Position,Altitude,Speed,Direction\n"
          "1527693698,2018-05-30T15:21:38Z,TRA051,\"52.323970,4.739423\",224,155,3\n",
          c);
    ASSERT_EQ(c.messages.size(), 1u);
    EXPECT_TRUE(c.messages[0].non_icao_address);
    EXPECT_DOUBLE_EQ(*c.messages[0].lon_deg, 4.739423);
    EXPECT_EQ(c.messages[0].callsign, "TRA051");
}

TEST(Fr24Json, PlaybackAndClickHandlerShapes) {
    Collect c;
    parse(InputFormat::fr24_json,
          R"({"result":{"response":{"data":{"flight":{"identification":{"callsign":"GLX1"},)"
          R"("aircraft":{"identification":{"modes":"152D0A"},"model":{"code":"IL76"}},)"
          R"("track":[{"latitude":55.9,"longitude":37.4,"altitude":{"feet":0},"speed":{"kts":10},)"
          R"("heading":60,"squawk":"7000","timestamp":1720680000}]}}}}})",
          c);
    parse(InputFormat::fr24_json,
          R"({"identification":{"callsign":"GLX1"},"aircraft":{"hex":"152d0a"},)"
          R"("trail":[{"lat":35.4,"lng":51.1,"alt":33000,"spd":450,"ts":1720690000,"hd":180}]})",
          c);
    ASSERT_EQ(c.messages.size(), 2u);
    EXPECT_EQ(c.messages[0].icao, 0x152d0au);
    EXPECT_EQ(c.messages[0].on_ground, true);
    EXPECT_EQ(c.messages[0].squawk, 7000);
    EXPECT_EQ(c.messages[1].altitude_ft, 33000);
    EXPECT_DOUBLE_EQ(c.messages[1].t_s, 1720690000);
}

TEST(Detect, EachArchiveFormatFromItsHead) {
    EXPECT_EQ(detect(TRACE), InputFormat::trace);
    EXPECT_EQ(detect("{\"now\" : 1.5, \"messages\": 3, \"aircraft\" : ["), InputFormat::aircraft_json);
    EXPECT_EQ(detect("mintime,rawmsg\n1,8D4840D6202CC371C32CE0576098\n"), InputFormat::opensky_raw);
    EXPECT_EQ(detect(",timestamp,icao24,latitude,longitude\n"), InputFormat::traffic_csv);
    EXPECT_EQ(detect("time,icao24,lat,lon,velocity\n"), InputFormat::opensky);
    EXPECT_EQ(detect("Timestamp,UTC,Callsign,Position,Altitude,Speed,Direction\n"), InputFormat::fr24_csv);
    EXPECT_EQ(detect("{\"identification\":{},\"trail\":[]}"), InputFormat::fr24_json);
    EXPECT_EQ(detect("[{\"timestamp\":1,\"icao24\":\"abcdef\"}]"), std::nullopt)
        << "traffic JSON is not ours";
    for (auto f : ALL_INPUT_FORMATS) EXPECT_EQ(parse_input_format(to_string(f)), f);
}

TEST(TimeText, IsoAndUnixForms) {
    EXPECT_DOUBLE_EQ(*parse_time_text("2024-07-11T06:40:00Z"), 1720680000);
    EXPECT_DOUBLE_EQ(*parse_time_text("2024-07-11 09:40:00+03:00"), 1720680000);
    EXPECT_DOUBLE_EQ(*parse_time_text("2024-07-11 06:40:00.25"), 1720680000.25);
    EXPECT_DOUBLE_EQ(*parse_time_text("\"1720680000.5\""), 1720680000.5);
    EXPECT_DOUBLE_EQ(*parse_time_text("2000-02-29"), 951782400);
    for (const char* bad : {"", "yesterday", "2024-13-01", "2024-07-11T25:00", "2024-07-11T06:40:00+3", "-5",
                            "1969-12-31T00:00:00Z", "2024-07-11T06:40:00.Z"})
        EXPECT_FALSE(parse_time_text(bad)) << bad;
    EXPECT_THROW(parse_start_time_option("36"), UsageError);
    EXPECT_FALSE(parse_start_time_option(""));
}

TEST(Selection, ParsesAndRefusesWithTheForm) {
    const auto s = parse_selection("icao=3c66b2+4CA2D6, type=il76,operator=GLX,area=35:170:60:-170");
    EXPECT_EQ(s.icao.size(), 2u);
    EXPECT_TRUE(s.wants_type("IL76"));
    EXPECT_TRUE(s.wants_operator("", "GLX1234"));
    EXPECT_FALSE(s.wants_operator("", "AFL1234"));
    EXPECT_TRUE(s.in_area(40, 179)) << "a box across the antimeridian";
    EXPECT_FALSE(s.in_area(40, 0));
    EXPECT_TRUE(parse_selection("").empty());
    for (const char* bad : {"icao", "icao=12345", "colour=red", "area=1:2:3", "area=60:0:50:10"})
        EXPECT_THROW(parse_selection(bad), UsageError) << bad;
}

// A ustar header for `name` of `size` bytes.
std::string tar_header(const std::string& name, std::size_t size, char type = '0') {
    std::string h(512, '\0');
    h.replace(0, name.size(), name);
    h.replace(100, 7, "0000644");
    std::array<char, 16> buf{};
    std::snprintf(buf.data(), buf.size(), "%011zo", size);
    h.replace(124, 11, buf.data());
    h.replace(136, 11, "00000000000");
    h[156] = type;
    h.replace(257, 6, std::string("ustar\0", 6));
    h.replace(263, 2, "00");
    h.replace(148, 8, "        ");
    unsigned sum = 0;
    for (unsigned char ch : h) sum += ch;
    std::snprintf(buf.data(), buf.size(), "%06o", sum);
    h.replace(148, 7, std::string(buf.data(), 6) + '\0');
    return h;
}

std::string tar_member(const std::string& name, const std::string& body, char type = '0') {
    std::string m = tar_header(name, body.size(), type) + body;
    m.append((512 - body.size() % 512) % 512, '\0');
    return m;
}

TEST(Tar, WalksMembersLongNamesAndRefusesDamage) {
    const std::string long_name =
        "globe_history/2024/07/11/traces/" + std::string(90, 'x') + "/trace_full_152d0a.json";
    const std::string tar = tar_member("traces/b2/trace_full_3c66b2.json", "{\"a\":1}") +
                            tar_member("././@LongLink", long_name + '\0', 'L') +
                            tar_member("ignored", "xyz") + tar_member("dir/", "", '5') +
                            std::string(1024, '\0');
    ASSERT_TRUE(is_tar(tar));
    std::vector<std::pair<std::string, std::string>> seen;
    MemorySource src(tar, "day.tar");
    walk_tar(src, [&](const std::string& name, std::uint64_t size, ByteSource& content) {
        std::string body(size, '\0');
        const std::size_t n = content.read(
            {reinterpret_cast<std::uint8_t*>(body.data()), body.size()});  // NOLINT(*-reinterpret-cast)
        body.resize(n);
        seen.emplace_back(name, body);
    });
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].second, "{\"a\":1}");
    EXPECT_EQ(seen[1].first, long_name);
    EXPECT_EQ(trace_member_address(seen[1].first), 0x152d0au);
    EXPECT_FALSE(trace_member_address("aircraft.json"));

    std::string damaged = tar;
    damaged[10] = 'Q';  // the checksum no longer holds
    MemorySource bad(damaged, "bad.tar");
    EXPECT_THROW(walk_tar(bad, [](const std::string&, std::uint64_t, ByteSource&) {}), InputError);
    MemorySource cut(tar.substr(0, 512 + 3), "cut.tar");  // inside the first member
    EXPECT_THROW(walk_tar(cut, [](const std::string&, std::uint64_t, ByteSource&) {}), InputError);
}

class TempDir : public ::testing::Test {
protected:
    void SetUp() override {
        m_scratch = std::make_unique<reckon::tests::ScratchDir>("reckon-archives");
        m_dir = m_scratch->path();
    }
    void TearDown() override { m_scratch.reset(); }
    std::string write(const std::string& name, const std::string& text) {
        auto p = (m_dir / name).string();
        std::ofstream(p, std::ios::binary) << text;
        return p;
    }
    std::unique_ptr<reckon::tests::ScratchDir> m_scratch;
    std::filesystem::path m_dir;
};

using StartTimes = TempDir;

TEST_F(StartTimes, GivenThenSidecarThenSigmfThenModificationTime) {
    const auto capture = write("c.beast", "x");
    EXPECT_EQ(find_start_time(capture, 1720680000.0).source, "--start-time");
    auto mtime = find_start_time(capture, std::nullopt);
    EXPECT_TRUE(mtime.guessed);
    EXPECT_GT(mtime.t_s, REAL_TIME_MIN_S);
    write("c.sigmf-meta", R"({"global":{"core:datatype":"cu8","core:sample_rate":2400000},)"
                          R"("captures":[{"core:sample_start":0,"core:datetime":"2024-07-11T06:40:00Z"}]})");
    const auto sigmf = find_start_time(capture, std::nullopt);
    EXPECT_DOUBLE_EQ(sigmf.t_s, 1720680000);
    EXPECT_FALSE(sigmf.guessed);
    const auto meta = read_sigmf_meta(capture);
    ASSERT_TRUE(meta);
    EXPECT_EQ(meta->datatype, "cu8");
    EXPECT_DOUBLE_EQ(*meta->sample_rate_hz, 2.4e6);
    write("c.beast.start", "2024-07-11T07:00:00Z\n");
    EXPECT_DOUBLE_EQ(find_start_time(capture, std::nullopt).t_s, 1720681200);
    write("c.beast.start", "soon\n");
    EXPECT_THROW(find_start_time(capture, std::nullopt), InputError);
}

using ReadInput = TempDir;

TEST_F(ReadInput, AvrCountersBecomeOffsetsFromTheStartTime) {
    const auto avr = write("m.avr", "@0000001E8480" + std::string("8D4840D6202CC371C32CE0576098") +
                                        ";\n@0000003D0900" + "8D4840D6202CC371C32CE0576098;\n");
    Collect c;
    ReadOptions o;
    o.start_time_s = 1720680000;
    const auto r = read_input(avr, o, c);
    ASSERT_EQ(c.frames.size(), 2u);
    EXPECT_DOUBLE_EQ(c.frames[0].t_s, 1720680000);
    EXPECT_NEAR(c.frames[1].t_s, 1720680000 + 1.0 / 6, 1e-6);
    EXPECT_NE(r.summary().find("--start-time"), std::string::npos);
}

TEST_F(ReadInput, NothingReadIsAnErrorQuotingTheFirstLine) {
    Collect c;
    const auto prose = write("prose.txt", "Dear reader,\nnothing here\n");
    try {
        read_input(prose, {}, c);
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("Dear reader,"), std::string::npos) << e.what();
        EXPECT_NE(e.hint().find("readsb-trace"), std::string::npos) << e.hint();
    }
    EXPECT_THROW(read_input(write("empty", ""), {}, c), InputError);
}

TEST(Export, KmlAndGpxHoldTheTrackEscaped) {
    Flight f;
    f.icao = 0x152d0a;
    f.callsign = "GLX<1>&";
    f.operator_name =
        "Gelix's \x01"
        "fleet";
    f.first_seen_t_s = 1720680000;
    f.last_seen_t_s = 1720690000;
    for (int i = 0; i < 3; ++i) {
        TrackPoint p;
        p.t_s = 1720680000 + i * 1000.0;  // 1000 s apart: a new GPX segment each time
        p.lat_deg = 55 + i;
        p.lon_deg = 37 + i;
        p.altitude_ft = 10000;
        f.points.push_back(p);
    }
    std::ostringstream kml;
    std::ostringstream gpx;
    write_tracks_kml(kml, {f}, {});
    write_tracks_gpx(gpx, {f}, {});
    EXPECT_NE(kml.str().find("GLX&lt;1&gt;&amp;"), std::string::npos);
    EXPECT_NE(kml.str().find("37.000000,55.000000,3048"), std::string::npos);
    EXPECT_NE(kml.str().find("<begin>2024-07-11T06:40:00Z</begin>"), std::string::npos);
    EXPECT_NE(gpx.str().find("<trkpt lat=\"56.000000\" lon=\"38.000000\"><ele>3048</ele>"),
              std::string::npos);
    std::size_t segments = 0;
    for (std::size_t at = 0; (at = gpx.str().find("<trkseg>", at)) != std::string::npos; ++at) ++segments;
    EXPECT_EQ(segments, 3u);
    EXPECT_NE(kml.str().find("Gelix&apos;s fleet"), std::string::npos)
        << "apostrophe escaped, control byte dropped";
}

}  // namespace
}  // namespace reckon::adsb
