// libFuzzer target: adsb::GzipSource, the streaming gzip reader in front of every capture.
// The input is the compressed stream; the first byte sets the size of the pieces the
// compressed source hands over (so member and header ends fall across reads), the second the
// size of the reader's buffer. A corrupt or truncated stream must end in InputError, never a
// crash, a hang or an unbounded allocation; reading stops after 8 MiB of output so a small
// bomb costs one bounded read.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "reckon/adsb/text_file.hpp"
#include "reckon/core/error.hpp"

namespace {

class MemorySource : public reckon::adsb::ByteSource {
public:
    MemorySource(const std::uint8_t* data, std::size_t size, std::size_t piece)
        : m_data(data), m_size(size), m_piece(piece) {}
    std::size_t read(std::span<std::uint8_t> buf) override {
        const std::size_t n = std::min({buf.size(), m_piece, m_size - m_offset});
        if (n > 0) std::memcpy(buf.data(), m_data + m_offset, n);
        m_offset += n;
        return n;
    }
    std::string name() const override { return "fuzz input"; }

private:
    const std::uint8_t* m_data;
    std::size_t m_size;
    std::size_t m_piece;
    std::size_t m_offset = 0;
};

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::size_t piece = 1 + data[0] * 37;   // 1 .. 9,436 bytes per compressed read
    const std::size_t buffer = 1 + data[1] * 64;  // 1 .. 16,321 bytes per inflated read
    reckon::adsb::GzipSource gzip(std::make_unique<MemorySource>(data + 2, size - 2, piece));
    std::vector<std::uint8_t> out(buffer);
    std::size_t total = 0;
    try {
        for (;;) {
            const std::size_t n = gzip.read(out);
            if (n == 0 || n > out.size()) break;
            total += n;
            if (total > (std::size_t{8} << 20)) break;
        }
    } catch (const reckon::InputError&) {
        // the stream is corrupt, truncated or too large: the reader said so
    }
    (void)gzip.compressed_bytes();
    (void)gzip.end_reason();
    return 0;
}
