// libFuzzer target: the tshex reader of reckon::adsb, with decoding, tracking and output of
// whatever it reads.
#include "adsb_parsers_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return reckon::adsb::fuzz::run_parser(reckon::adsb::InputFormat::tshex, data, size);
}
