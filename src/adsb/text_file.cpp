// Whole-file reading with transparent gzip through zlib: zlib's gzread passes plain files
// through unchanged, so one code path serves both, and its errors are mapped to InputError.
// GzipSource inflates a capture as a stream with zlib's inflate().
#include "reckon/adsb/text_file.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include "reckon/core/error.hpp"

namespace reckon::adsb {

namespace {

struct GzCloser {
    void operator()(gzFile f) const { gzclose(f); }
};

// Compressed bytes read from the source at a time.
constexpr std::size_t INFLATE_CHUNK = 1 << 16;
// inflateInit2's windowBits: 15 (a 32 KiB window, the most gzip uses) + 16 = gzip framing only.
constexpr int GZIP_WINDOW_BITS = 15 + 16;

}  // namespace

struct GzipSource::Impl {
    std::unique_ptr<ByteSource> in;
    z_stream z{};
    std::vector<std::uint8_t> chunk = std::vector<std::uint8_t>(INFLATE_CHUNK);
    std::uint64_t compressed = 0;  // bytes read from `in`
    bool in_member = false;        // inside a gzip member: its end has not been seen
    bool members_done = false;     // at least one member ended
    bool ended = false;

    [[noreturn]] void fail(const std::string& what) const {
        const std::uint64_t at = compressed - z.avail_in;
        throw InputError({in->name(), {}, {}, at}, what, "The gzip stream is corrupt; get the file again.");
    }
};

GzipSource::GzipSource(std::unique_ptr<ByteSource> compressed) : m_impl(std::make_unique<Impl>()) {
    m_impl->in = std::move(compressed);
    if (inflateInit2(&m_impl->z, GZIP_WINDOW_BITS) != Z_OK)
        throw InputError({m_impl->in->name()}, "cannot start inflating: out of memory");
}

GzipSource::~GzipSource() { inflateEnd(&m_impl->z); }

std::string GzipSource::name() const { return m_impl->in->name(); }
std::string GzipSource::end_reason() const { return m_impl->in->end_reason(); }
std::uint64_t GzipSource::compressed_bytes() const { return m_impl->compressed; }

std::size_t GzipSource::read(std::span<std::uint8_t> buf) {
    Impl& im = *m_impl;
    z_stream& z = im.z;
    if (im.ended || buf.empty()) return 0;
    // zlib counts in uInt: never offer it more than it can count.
    const auto room = static_cast<uInt>(std::min<std::size_t>(buf.size(), 1u << 30));
    z.next_out = buf.data();
    z.avail_out = room;
    while (z.avail_out == room) {
        if (z.avail_in == 0) {
            const std::size_t n = im.in->read(im.chunk);
            im.compressed += n;
            if (n == 0) {
                if (im.in_member) im.fail("the gzip stream is truncated");
                im.ended = true;
                break;
            }
            z.next_in = im.chunk.data();
            z.avail_in = static_cast<uInt>(n);
        }
        if (!im.in_member && im.members_done && z.next_in[0] != 0x1f) {
            im.ended = true;  // trailing bytes that are not another member
            break;
        }
        im.in_member = true;
        const int rc = inflate(&z, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) {
            im.in_member = false;
            im.members_done = true;
            inflateReset(&z);
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            im.fail(std::string("cannot inflate: ") + (z.msg ? z.msg : "zlib error"));
        }
    }
    return room - z.avail_out;
}

bool is_gzip(std::string_view head) { return head.size() >= 2 && head[0] == '\x1f' && head[1] == '\x8b'; }

std::string read_text_file(const std::filesystem::path& path) {
    const std::string name = path.string();
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw InputError({name}, "is a folder, not a file", "Give the file inside it.");
    errno = 0;
    std::unique_ptr<gzFile_s, GzCloser> in(gzopen(name.c_str(), "rb"));
    if (!in)
        throw InputError({name},
                         std::string("cannot open: ") + (errno ? std::strerror(errno) : "out of memory"),
                         "Check the path and that the file is readable.");
    std::string out;
    std::array<char, 1 << 16> buf{};
    for (;;) {
        const int n = gzread(in.get(), buf.data(), static_cast<unsigned>(buf.size()));
        if (n < 0) {
            int code = 0;
            const char* msg = gzerror(in.get(), &code);
            throw InputError({name, {}, {}, out.size()},
                             std::string("cannot read: ") + (msg ? msg : "zlib error"),
                             "The gzip stream is corrupt; download the file again.");
        }
        if (n == 0) break;
        out.append(buf.data(), static_cast<std::size_t>(n));
        if (out.size() > MAX_INFLATED_BYTES)
            throw InputError({name}, "inflates to more than 2 GiB",
                             "This is not an aircraft table or track export.");
    }
    // gzread returns 0 both at the end and when a compressed stream stops short; zlib then
    // leaves Z_BUF_ERROR ("unexpected end of file") for gzerror to tell the two apart.
    int code = 0;
    gzerror(in.get(), &code);
    if (code != Z_OK)
        throw InputError({name, {}, {}, out.size()}, "the gzip stream is truncated or corrupt",
                         "Download the file again.");
    return out;
}

std::string read_text_head(const std::filesystem::path& path, std::size_t bytes) {
    std::unique_ptr<gzFile_s, GzCloser> in(gzopen(path.string().c_str(), "rb"));
    if (!in) return {};
    std::string out(bytes, '\0');
    const int n = gzread(in.get(), out.data(), static_cast<unsigned>(bytes));
    out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return out;
}

}  // namespace reckon::adsb
