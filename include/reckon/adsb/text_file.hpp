// Reading a whole input file that may be gzip-compressed (the aircraft tables and trajectory
// exports are usually shipped as .gz, and a capture may be too). The content decides,
// not the name: a file starting with the gzip magic bytes is inflated, any other is read as is.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

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

}  // namespace reckon::adsb
