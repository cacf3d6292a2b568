// Kernels of `reckon adsb decode` on AVR text built from pymodes/sample_data_adsb.csv (2,000
// real DF17 messages, repeated): hex parsing + CRC + decoding alone, then with the tracker,
// then with JSON output, so a change can be measured where it costs. Items = messages.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "reckon/adsb/decode.hpp"
#include "reckon/adsb/formats.hpp"
#include "reckon/adsb/tracker.hpp"

namespace {

// The sample's frames as AVR lines, `*HEX;\n`.
const std::string& avr_text() {
    static const std::string text = [] {
        std::ifstream in(std::string(RECKON_SHARED_DIR) + "/data/adsb/pymodes/sample_data_adsb.csv");
        std::string line, out;
        while (std::getline(in, line)) {
            const auto a = line.find('"'), b = line.find('"', a + 1);
            if (a == std::string::npos || b == std::string::npos) continue;
            out += "*" + line.substr(a + 1, b - a - 1) + ";\n";
        }
        return out;
    }();
    return text;
}

struct CountSink : reckon::adsb::RecordSink {
    enum class Stage { decode, track, json } stage;
    reckon::adsb::Message m;
    reckon::adsb::Tracker tracker;
    std::string out;
    std::uint64_t n = 0;
    explicit CountSink(Stage s) : stage(s) {}
    void frame(const reckon::adsb::Frame& f) override {
        if (reckon::adsb::decode(f, m) != reckon::adsb::DecodeStatus::ok) return;
        ++n;
        if (stage == Stage::decode) return;
        tracker.update(m);
        if (stage == Stage::track) return;
        reckon::adsb::append_json(out, m);
        out.push_back('\n');
        if (out.size() > (1 << 20)) out.clear();
    }
    void message(reckon::adsb::Message&) override {}
};

void run(benchmark::State& state, CountSink::Stage stage) {
    const std::string& text = avr_text();
    std::uint64_t messages = 0;
    for (auto _ : state) {
        auto parser = reckon::adsb::make_parser(reckon::adsb::InputFormat::avr);
        CountSink sink(stage);
        parser->feed({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}, sink);
        parser->finish(sink);
        messages += sink.n;
        benchmark::DoNotOptimize(sink.out.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(messages));
}

void BM_AdsbAvrDecode(benchmark::State& state) { run(state, CountSink::Stage::decode); }
void BM_AdsbAvrDecodeTrack(benchmark::State& state) { run(state, CountSink::Stage::track); }
void BM_AdsbAvrDecodeTrackJson(benchmark::State& state) { run(state, CountSink::Stage::json); }
BENCHMARK(BM_AdsbAvrDecode);
BENCHMARK(BM_AdsbAvrDecodeTrack);
BENCHMARK(BM_AdsbAvrDecodeTrackJson);

}  // namespace
