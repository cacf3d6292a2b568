// A record sink for the ADS-B tests that decode a whole input: every frame decoded and every
// message passed through one Tracker, the ones it accepts kept in order.
#pragma once

#include <utility>
#include <vector>

#include "reckon/adsb/decode.hpp"
#include "reckon/adsb/formats.hpp"
#include "reckon/adsb/tracker.hpp"

namespace reckon::adsb::test_data {

struct DecodedMessages : RecordSink {
    Tracker tracker;
    std::vector<Message> messages;
    void frame(const Frame& f) override {
        Message m;
        if (decode(f, m) != DecodeStatus::ok) return;
        if (tracker.update(m)) messages.push_back(std::move(m));
    }
    void message(Message& m) override {
        if (tracker.update(m)) messages.push_back(m);
    }
};

}  // namespace reckon::adsb::test_data
