// libFuzzer target: the traffic library CSV reader of reckon::adsb (issue 14), with decoding, tracking
// and output of whatever it reads.
#include "adsb_parsers_common.hpp"

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return reckon::adsb::fuzz::run_parser(reckon::adsb::InputFormat::traffic_csv, data, size);
}
