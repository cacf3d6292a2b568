// The input readers on good and bad input: every bad record is skipped and counted in the
// right counter, records split across chunk ends survive, and nothing crashes or hangs on
// random bytes. Also format detection, and the TCP source on a stalled and a dropped feed.
#include "reckon/adsb/formats.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "expect_error.hpp"
#include "reckon/adsb/beast.hpp"
#include "reckon/adsb/decode.hpp"
#include "reckon/core/error.hpp"

namespace reckon::adsb {
namespace {

struct Collect : RecordSink {
    std::vector<Frame> frames;
    std::vector<Message> messages;
    void frame(const Frame& f) override { frames.push_back(f); }
    void message(Message& m) override { messages.push_back(m); }
};

// Parses `input` fed in pieces of `chunk` bytes (0 = all at once).
InputCounters parse(InputFormat format, const std::string& input, Collect& out, std::size_t chunk = 0) {
    auto p = make_parser(format);
    const auto* data = reinterpret_cast<const std::uint8_t*>(input.data());
    if (chunk == 0) chunk = input.size() + 1;
    for (std::size_t i = 0; i < input.size(); i += chunk)
        p->feed({data + i, std::min(chunk, input.size() - i)}, out);
    p->finish(out);
    return p->counters();
}

const std::string KLM = "8D4840D6202CC371C32CE0576098";

TEST(Avr, ReadsPlainAndMlatLinesAndCountsEveryBadOne) {
    const std::string input = "*" + KLM +
                              ";\n"
                              "@0000001E8480" +
                              KLM +
                              ";\r\n"  // 2,000,000 ticks of 12 MHz
                              "<0000001E8480FF" +
                              KLM +
                              ";\n"
                              "*8D4840D6202CC371C32CE057609;\n"   // odd length
                              "*8D4840D6202CC371C32CE05760ZZ;\n"  // not hex
                              "*7700;\n"                          // Mode A/C
                              "hello\n"                           // no known shape
                              "\n"
                              "*" +
                              std::string(5000, 'A') +
                              ";\n"  // too long
                              "*" +
                              KLM;  // last line without newline or ';'
    for (std::size_t chunk : {0, 1, 3, 7, 64}) {
        SCOPED_TRACE(chunk);
        Collect c;
        const auto n = parse(InputFormat::avr, input, c, chunk);
        ASSERT_EQ(c.frames.size(), 4u);
        EXPECT_EQ(n.records, 4u);
        EXPECT_EQ(n.bad_hex, 2u);
        EXPECT_EQ(n.mode_ac, 1u);
        EXPECT_EQ(n.bad_lines, 2u);
        EXPECT_DOUBLE_EQ(c.frames[1].t_s, 2000000 / 12e6);
        ASSERT_TRUE(c.frames[2].signal_dbfs.has_value());
        EXPECT_NEAR(*c.frames[2].signal_dbfs, 0.0, 1e-9);
        Message m;
        EXPECT_EQ(decode(c.frames[3], m), DecodeStatus::ok);
        EXPECT_EQ(m.callsign, "KLM1023");
    }
}

Frame frame_of(const std::string& hex) {
    Frame f;
    EXPECT_TRUE(parse_hex_frame(hex, f));
    return f;
}

TEST(Beast, ReadsFramesWithEscapesSplitAnywhere) {
    std::vector<std::uint8_t> bytes;
    // A timestamp and a signal byte of 0x1a, and a frame, all needing escapes.
    append_beast(bytes, frame_of(KLM), 0x1a1a1a1a1a1aULL, 0x1a);
    append_beast(bytes, frame_of("5D484FDEA248F5"), 12000000, 200);
    const std::string input(bytes.begin(), bytes.end());
    for (std::size_t chunk = 1; chunk <= input.size(); ++chunk) {
        Collect c;
        const auto n = parse(InputFormat::beast, input, c, chunk);
        ASSERT_EQ(c.frames.size(), 2u) << chunk;
        EXPECT_EQ(n.skipped(), 0u);
        EXPECT_EQ(c.frames[0].bytes, frame_of(KLM).bytes);
        EXPECT_DOUBLE_EQ(c.frames[0].t_s, 0x1a1a1a1a1a1aULL / 12e6);
        EXPECT_EQ(c.frames[1].length_bytes, 7);
        EXPECT_DOUBLE_EQ(c.frames[1].t_s, 1.0);
    }
}

TEST(Beast, SkipsAndCountsBadEscapesTruncationGarbageModeAcAndStatus) {
    std::vector<std::uint8_t> good;
    append_beast(good, frame_of(KLM), 1, 10);
    std::vector<std::uint8_t> bytes = {'x', 'y', 'z'};  // garbage before the first frame
    // A frame broken by an undoubled 0x1a followed by the start of a good one.
    bytes.insert(bytes.end(), {0x1a, 0x33, 0, 0, 0, 0, 0, 1, 9, 0x8d});
    bytes.insert(bytes.end(), good.begin(), good.end());
    // Mode A/C and a status frame.
    bytes.insert(bytes.end(), {0x1a, 0x31, 0, 0, 0, 0, 0, 1, 9, 0x12, 0x34});
    bytes.push_back(0x1a);
    bytes.push_back(0x34);
    bytes.insert(bytes.end(), 21, 0);
    // An unknown type byte, then a frame cut off by the end of input.
    bytes.insert(bytes.end(), {0x1a, 0x39});
    bytes.insert(bytes.end(), good.begin(), good.end() - 5);
    Collect c;
    const auto n = parse(InputFormat::beast, std::string(bytes.begin(), bytes.end()), c);
    ASSERT_EQ(c.frames.size(), 1u);
    EXPECT_EQ(n.beast_bad_escape, 1u);
    EXPECT_EQ(n.mode_ac, 1u);
    EXPECT_EQ(n.beast_status, 1u);
    EXPECT_EQ(n.beast_truncated, 1u);
    EXPECT_EQ(n.garbage_bytes, 3u + 2u);
}

TEST(Sbs, ReadsMessagesAndCountsBadRows) {
    const std::string input =
        "MSG,3,1,1,4CA2D6,1,2016/03/14,23:40:02.123,2016/03/"
        "14,23:40:02.123,,36000,,,52.25720,3.91937,,,0,0,0,0\n"
        "MSG,1,1,1,4CA2D6,1,2016/03/14,23:40:03.000,2016/03/14,23:40:03.000,KLM1023 ,,,,,,,,,,,\n"
        "MSG,6,1,1,4CA2D6,1,2016/03/14,23:40:04.000,2016/03/14,23:40:04.000,,,,,,,,7700,-1,-1,0,0\n"
        "SEL,,1,1,4CA2D6,1,2016/03/14,23:40:04.000,2016/03/14,23:40:04.000,KLM\n"
        "MSG,3,1,1,4CA2D6,1,2016/03/14,23:40:05.000,2016/03/14,23:40:05.000,,36000,,,north,3.9,,,0,0,0,0\n"
        "MSG,9,1,1,4CA2D6,1,2016/03/14,23:40:05.000,2016/03/14,23:40:05.000,,,,,,,,,,,,\n"
        "MSG,3,1,1,NOTHEX,1,2016/03/14,23:40:05.000,2016/03/14,23:40:05.000,,,,,,,,,,,,\n"
        "MSG,3\n";
    Collect c;
    const auto n = parse(InputFormat::sbs, input, c, 5);
    ASSERT_EQ(c.messages.size(), 3u);
    EXPECT_EQ(n.bad_lines, 4u);
    EXPECT_EQ(n.other_rows, 1u);
    const Message& m = c.messages[0];
    EXPECT_EQ(m.icao, 0x4CA2D6u);
    EXPECT_DOUBLE_EQ(m.t_s, 1457998802.123);  // 2016-03-14T23:40:02.123Z
    EXPECT_EQ(m.altitude_ft, 36000);
    EXPECT_DOUBLE_EQ(*m.lat_deg, 52.2572);
    EXPECT_EQ(c.messages[1].callsign, "KLM1023");
    EXPECT_EQ(c.messages[2].squawk, 7700);
    EXPECT_EQ(c.messages[2].alert, true);
}

TEST(OpenSky, ReportsAPositionOnlyWhenLastposupdateChanges) {
    const std::string input =
        "time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,"
        "geoaltitude,lastposupdate,lastcontact\n"
        "1500000000,4ca2d6,52.1,4.5,200.0,90.0,5.08,KLM1023 "
        ",False,False,False,1000,10000.0,10100.0,1499999999.5,1500000000\n"
        "1500000001,4ca2d6,52.1,4.5,200.0,90.0,0.0,KLM1023 "
        ",False,False,False,1000,10000.0,10100.0,1499999999.5,1500000001\n"
        "1500000002,4ca2d6,52.1,4.51,200.0,90.0,0.0,KLM1023 "
        ",False,False,False,1000,10000.0,10100.0,1500000001.9,1500000002\n"
        "1500000003,4ca2d6,abc,4.51,,,,,,,,,,,,\n";
    Collect c;
    const auto n = parse(InputFormat::opensky, input, c);
    ASSERT_EQ(c.messages.size(), 3u);
    EXPECT_EQ(n.bad_lines, 1u);
    EXPECT_TRUE(c.messages[0].lat_deg.has_value());
    EXPECT_DOUBLE_EQ(c.messages[0].t_s, 1499999999.5);
    EXPECT_FALSE(c.messages[1].lat_deg.has_value());
    EXPECT_TRUE(c.messages[2].lat_deg.has_value());
    EXPECT_NEAR(*c.messages[0].ground_speed_kt, 388.77, 0.01);
    EXPECT_EQ(c.messages[0].altitude_ft, 32808);
    EXPECT_EQ(c.messages[0].vertical_rate_fpm, 1000);
    EXPECT_EQ(c.messages[0].callsign, "KLM1023");
}

TEST(TsHex, ReadsBomQuotesHeaderAndCrlfAndCountsBadHex) {
    const std::string input =
        "\xEF\xBB\xBFts,icao,hex\r\n"
        "1495353600,4D010D,A00015B7C26E1370AA00005DD34A\r\n"
        "1457996400,\"8D406B909945DE10000405999BE4\",\"406B90\",19\r\n"
        "1457996400,4D010D,A00015B7C26E1370AA00005DD34\r\n"     // odd length
        "1457996400,4D010D,A00015B7C26E1370AA00005DD34AQQ\r\n"  // not hex
        "now,4D010D,A00015B7C26E1370AA00005DD34A\r\n";          // no time
    Collect c;
    const auto n = parse(InputFormat::tshex, input, c, 2);
    ASSERT_EQ(c.frames.size(), 2u);
    EXPECT_EQ(n.other_rows, 1u);
    EXPECT_EQ(n.bad_hex, 2u);
    EXPECT_EQ(n.bad_lines, 1u);
    EXPECT_DOUBLE_EQ(c.frames[1].t_s, 1457996400);
}

// One 0x1a followed by '1'..'4' turns up in random bytes about once in 16 KiB: a Beast frame
// start counts only when another one follows exactly where the frame ends.
TEST(Detect, RandomBytesAreNotBeast) {
    std::mt19937 rng(11);
    for (int trial = 0; trial < 200; ++trial) {
        std::vector<std::uint8_t> bytes(4096);
        for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
        bytes[100] = BEAST_ESCAPE;  // a lone frame start, as random data will have
        bytes[101] = 0x33;
        EXPECT_NE(detect_format(bytes), InputFormat::beast) << "trial " << trial;
    }
}

TEST(Detect, FindsEachFormatFromItsFirstBytes) {
    auto detect = [](const std::string& s) {
        return detect_format({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
    };
    std::vector<std::uint8_t> beast;
    append_beast(beast, frame_of(KLM), 5, 5);
    EXPECT_EQ(detect(std::string(beast.begin(), beast.end())), InputFormat::beast);
    EXPECT_EQ(detect("junk" + std::string(beast.begin(), beast.end())), InputFormat::beast);
    EXPECT_EQ(detect("*" + KLM + ";\n"), InputFormat::avr);
    EXPECT_EQ(detect("@0000001E8480" + KLM + ";\n"), InputFormat::avr);
    EXPECT_EQ(detect("MSG,3,1,1,4CA2D6,1,2016/03/14,23:40:02.123"), InputFormat::sbs);
    EXPECT_EQ(detect("time,icao24,lat,lon,velocity\n"), InputFormat::opensky);
    EXPECT_EQ(detect("\xEF\xBB\xBF"
                     "1495353600,4D010D,A00015B7C26E1370AA00005DD34A\r\n"),
              InputFormat::tshex);
    EXPECT_EQ(detect("ts,msg\n1457996400,8D406B909945DE10000405999BE4\n"), InputFormat::tshex);
    EXPECT_EQ(detect("hello world\n"), std::nullopt);
    EXPECT_EQ(parse_input_format("beast"), InputFormat::beast);
    EXPECT_EQ(parse_input_format("xml"), std::nullopt);
}

TEST(AllParsers, RandomBytesAreSkippedWithoutCrashing) {
    std::mt19937 rng(42);
    for (auto format :
         {InputFormat::avr, InputFormat::beast, InputFormat::sbs, InputFormat::opensky, InputFormat::tshex}) {
        for (int round = 0; round < 20; ++round) {
            std::string input(4096, '\0');
            for (auto& ch : input) ch = static_cast<char>(rng() & 0xFF);
            Collect c;
            const auto n = parse(format, input, c, 1 + rng() % 200);
            EXPECT_EQ(n.bytes, input.size());
            for (const auto& f : c.frames) {
                Message m;
                (void)decode(f, m);
            }
        }
    }
}

// A listening socket on a free loopback port; returns {listener fd, port}.
std::pair<int, int> listen_loopback() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(fd, 1), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    return {fd, ntohs(addr.sin_port)};
}

TEST(TcpFeed, AStalledFeedEndsWithAClearError) {
    auto [listener, port] = listen_loopback();
    std::thread server([fd = listener] {
        const int c = ::accept(fd, nullptr, nullptr);
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // send nothing
        ::close(c);
    });
    auto src = open_source("tcp://127.0.0.1:" + std::to_string(port), 0.3);
    std::vector<std::uint8_t> buf(64);
    try {
        src->read(buf);
        ADD_FAILURE() << "a stalled feed must not block or return data";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("stalled"), std::string::npos) << e.what();
        EXPECT_NE(e.hint().find("--timeout"), std::string::npos);
    }
    server.join();
    ::close(listener);
}

TEST(TcpFeed, ADroppedFeedEndsTheInputWithAReason) {
    auto [listener, port] = listen_loopback();
    std::thread server([fd = listener] {
        const int c = ::accept(fd, nullptr, nullptr);
        const std::string line = "*" + KLM + ";\n";
        (void)::send(c, line.data(), line.size(), 0);
        ::close(c);
    });
    auto src = open_source("tcp://127.0.0.1:" + std::to_string(port), 5);
    std::vector<std::uint8_t> buf(256);
    std::size_t total = 0;
    while (const std::size_t n = src->read(buf)) total += n;
    EXPECT_EQ(total, KLM.size() + 3);
    EXPECT_NE(src->end_reason().find("closed"), std::string::npos);
    server.join();
    ::close(listener);
}

TEST(TcpFeed, ARefusedConnectionIsAnInputErrorWithAHint) {
    const auto [listener, bound_port] = listen_loopback();
    ::close(listener);  // nobody listens there now
    const std::string address =
        "tcp://127.0.0.1:" + std::to_string(bound_port);  // clang 14: no binding in a lambda
    EXPECT_THROW_HINT_HAS(open_source(address, 1, 1), InputError,
                          "cannot connect to the feed: Connection refused", "30005");
    EXPECT_THROW_MSG_HAS(open_source("tcp://nohostport", 1, 1), InputError,
                         "tcp://nohostport: not a feed address");
    EXPECT_THROW_MSG_HAS(open_source("/nonexistent/file.avr"), InputError,
                         "/nonexistent/file.avr: cannot open");
}

}  // namespace
}  // namespace reckon::adsb
