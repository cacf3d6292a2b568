// Reading input that may be gzip-compressed (the aircraft tables and trajectory exports are
// usually shipped as .gz, and a capture may be too): a whole table file, or a capture as a
// stream inflated as it is read. The content decides, not the name: a file starting with the
// gzip magic bytes is inflated, any other is read as is.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "reckon/adsb/formats.hpp"

namespace reckon::adsb {

// Largest inflated size accepted, so a small hostile .gz cannot exhaust memory: far above
// any aircraft table or trajectory export (the Mictronics table inflates to ~30 MB).
inline constexpr std::uint64_t MAX_INFLATED_BYTES = std::uint64_t{2} << 30;

// The file's bytes, inflated when they are gzip. Throws InputError naming the file when it
// cannot be opened or read, or its gzip stream is corrupt, truncated or too large.
std::string read_text_file(const std::filesystem::path& path);

// Up to `bytes` bytes from the start of the file, inflated when it is gzip; "" when it cannot
// be opened or read (the full read that follows reports why).
std::string read_text_head(const std::filesystem::path& path, std::size_t bytes);

// True when `head` starts with the gzip magic bytes 1f 8b.
bool is_gzip(std::string_view head);

// The inflated bytes of the gzip stream (one member or several, RFC 1952) that `compressed`
// gives, inflated as they are read, one chunk at a time: memory stays at zlib's window and
// one buffer whatever the sizes, and a reader that stops early stops inflating. read() throws
// InputError naming the input and the compressed byte offset when the stream is corrupt or
// ends inside a member. Bytes after a complete member that are not gzip are ignored, as
// gzip(1) does.
class GzipSource : public ByteSource {
public:
    explicit GzipSource(std::unique_ptr<ByteSource> compressed);
    ~GzipSource() override;
    GzipSource(const GzipSource&) = delete;
    GzipSource& operator=(const GzipSource&) = delete;

    std::size_t read(std::span<std::uint8_t> buf) override;
    std::string name() const override;
    std::string end_reason() const override;
    // Compressed bytes read so far, for progress against the file's size.
    std::uint64_t compressed_bytes() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace reckon::adsb
