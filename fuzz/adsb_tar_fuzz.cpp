// libFuzzer target: the tar walker of globe_history archives (issue 14), each member read by
// the format its content shows (a gzip member inflated), as `reckon adsb decode DAY.tar` does;
// a damaged archive may throw InputError, nothing else.
#include <array>
#include <string>

#include "adsb_parsers_common.hpp"
#include "reckon/adsb/archives.hpp"
#include "reckon/adsb/text_file.hpp"
#include "reckon/core/error.hpp"

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace reckon::adsb;
    // NOLINTNEXTLINE(*-reinterpret-cast): the fuzzer's bytes seen as text
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    (void)is_tar(bytes);
    MemorySource source(bytes, "fuzz.tar");
    fuzz::Sink sink;
    try {
        walk_tar(source, [&](const std::string& name, std::uint64_t, ByteSource& content) {
            (void)trace_member_address(name);
            std::string body;
            std::array<std::uint8_t, 4096> buf{};
            for (std::size_t n = 0; (n = content.read(buf)) > 0 && body.size() < (1u << 20);)
                // NOLINTNEXTLINE(*-reinterpret-cast): the fuzzer's bytes seen as text
                body.append(reinterpret_cast<const char*>(buf.data()), n);
            // NOLINTNEXTLINE(*-reinterpret-cast): the fuzzer's bytes seen as text
            const auto* b = reinterpret_cast<const std::uint8_t*>(body.data());
            const auto format = detect_format({b, body.size()});
            auto parser = make_parser(format.value_or(InputFormat::trace));
            parser->feed({b, body.size()}, sink);
            parser->finish(sink);
        });
    } catch (const reckon::InputError&) {
        // a damaged archive: refused with its byte offset
    }
    return 0;
}
