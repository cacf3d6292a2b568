// adsb::GzipSource, the streaming inflater behind `reckon adsb decode|flights` on .gz
// captures (issue 12, item 1): the bytes of every member in order, whatever the read sizes;
// corrupt and truncated streams refused with the offset; and reading stops pulling compressed
// bytes when the reader stops, so a small file that inflates to gigabytes costs one buffer.
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "expect_error.hpp"
#include "reckon/adsb/text_file.hpp"
#include "reckon/core/error.hpp"

using reckon::adsb::ByteSource;
using reckon::adsb::GzipSource;

namespace {

// Bytes in memory as a ByteSource, counting what has been read from it.
class MemorySource : public ByteSource {
public:
    explicit MemorySource(std::string bytes, std::size_t* consumed = nullptr)
        : m_bytes(std::move(bytes)), m_consumed(consumed) {}
    std::size_t read(std::span<std::uint8_t> buf) override {
        const std::size_t n = std::min(buf.size(), m_bytes.size() - m_at);
        std::copy_n(m_bytes.data() + m_at, n, buf.data());
        m_at += n;
        if (m_consumed) *m_consumed = m_at;
        return n;
    }
    std::string name() const override { return "capture.avr.gz"; }

private:
    std::string m_bytes;
    std::size_t m_at = 0;
    std::size_t* m_consumed;
};

// `text` as one gzip member.
std::string gzip(const std::string& text) {
    std::vector<Bytef> in(text.begin(), text.end());
    z_stream z{};
    EXPECT_EQ(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY), Z_OK);
    std::vector<Bytef> out(deflateBound(&z, text.size()));
    z.next_in = in.data();
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
    const auto size = static_cast<std::ptrdiff_t>(z.total_out);
    deflateEnd(&z);
    return {out.begin(), out.begin() + size};
}

std::string read_all(ByteSource& s, std::size_t chunk) {
    std::string out;
    std::vector<std::uint8_t> buf(chunk);
    while (const std::size_t n = s.read(buf))
        out.append(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
    return out;
}

}  // namespace

TEST(GzipSource, InflatesEveryMemberWhateverTheReadSize) {
    const std::string a = "@0000001E84808D4840D6202CC371C32CE0576098;\n";
    const std::string b = "*8D40621D58C382D690C8AC2863A7;\n";
    for (const std::size_t chunk : {1u, 7u, 4096u, 1u << 20}) {
        GzipSource s(std::make_unique<MemorySource>(gzip(a) + gzip(b) + gzip("")));
        EXPECT_EQ(read_all(s, chunk), a + b) << "chunk " << chunk;
    }
    // Bytes after a complete member that are not gzip are ignored, as gzip(1) does.
    GzipSource padded(std::make_unique<MemorySource>(gzip(a) + std::string(512, '\0')));
    EXPECT_EQ(read_all(padded, 4096), a);
    GzipSource empty(std::make_unique<MemorySource>(""));
    EXPECT_EQ(read_all(empty, 4096), "");
}

TEST(GzipSource, RefusesCorruptAndTruncatedStreams) {
    const std::string whole = gzip(std::string(100000, 'x') + "end");
    GzipSource truncated(std::make_unique<MemorySource>(whole.substr(0, whole.size() / 2)));
    EXPECT_THROW_MSG_HAS(read_all(truncated, 4096), reckon::InputError, "the gzip stream is truncated");
    std::string corrupt = whole;
    corrupt[3] = '\xff';  // reserved flag bits set
    GzipSource bad(std::make_unique<MemorySource>(corrupt));
    EXPECT_THROW_MSG_HAS(read_all(bad, 4096), reckon::InputError, "capture.avr.gz");
}

// 256 MiB of zeros compress to about 250 KiB; reading 64 KiB of them must not inflate (or
// even read) the rest. Before streaming, the whole file was inflated into one string.
TEST(GzipSource, ReadsOnlyWhatTheReaderAsksFor) {
    std::string bomb;
    const std::string member = gzip(std::string(std::size_t{16} << 20, '\0'));
    for (int i = 0; i < 16; ++i) bomb += member;
    std::size_t consumed = 0;
    GzipSource s(std::make_unique<MemorySource>(bomb, &consumed));
    std::vector<std::uint8_t> buf(std::size_t{64} << 10);
    std::size_t got = 0;
    while (got < buf.size()) {
        const std::size_t n = s.read({buf.data() + got, buf.size() - got});
        ASSERT_GT(n, 0u);
        got += n;
    }
    EXPECT_TRUE(std::all_of(buf.begin(), buf.end(), [](std::uint8_t b) { return b == 0; }));
    EXPECT_LE(consumed, std::size_t{64} << 10) << "of " << bomb.size() << " compressed bytes";
    EXPECT_LE(s.compressed_bytes(), std::size_t{64} << 10);
}
