// Whole-file reading with transparent gzip through zlib: zlib's gzread passes plain files
// through unchanged, so one code path serves both, and its errors are mapped to InputError.
#include "reckon/adsb/text_file.hpp"

#include <zlib.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>

#include "reckon/core/error.hpp"

namespace reckon::adsb {

namespace {

struct GzCloser {
    void operator()(gzFile f) const { gzclose(f); }
};

}  // namespace

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
