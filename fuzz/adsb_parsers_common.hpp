// Shared body of the adsb parser fuzz targets: feeds the input to a parser in two chunks split
// at a point taken from the input itself (so records straddling chunk ends are exercised),
// decodes and tracks every frame, and formats every message, as `reckon adsb decode` does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "reckon/adsb/decode.hpp"
#include "reckon/adsb/formats.hpp"
#include "reckon/adsb/tracker.hpp"

namespace reckon::adsb::fuzz {

struct Sink : RecordSink {
    Tracker tracker;
    std::string out;
    void frame(const Frame& f) override {
        Message m;
        if (decode(f, m) != DecodeStatus::ok) return;
        tracker.update(m);
        write(m);
    }
    void message(Message& m) override {
        tracker.update(m);
        write(m);
    }
    void write(const Message& m) {
        out.clear();
        append_json(out, m);
        append_csv(out, m);
    }
};

inline int run_parser(InputFormat format, const std::uint8_t* data, std::size_t size) {
    auto parser = make_parser(format);
    Sink sink;
    const std::size_t split = size ? data[0] % (size + 1) : 0;
    parser->feed({data, split}, sink);
    parser->feed({data + split, size - split}, sink);
    parser->finish(sink);
    (void)parser->counters().summary();
    (void)detect_format({data, size});
    return 0;
}

}  // namespace reckon::adsb::fuzz
