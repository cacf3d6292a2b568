// Whole-file writes through a temporary file; see atomic_file.hpp.
#include "reckon/core/atomic_file.hpp"

#include <fstream>

#include <fmt/core.h>

#include "reckon/core/error.hpp"

namespace reckon::core {

void write_file_atomically(const std::filesystem::path& path, std::string_view content, bool overwrite) {
    std::error_code ec;
    if (!overwrite && std::filesystem::exists(path, ec))
        throw InputError({path.string()}, "the file exists already", "pass --overwrite to replace it, or choose another --out");
    auto temp = path;
    temp += ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) throw Error(fmt::format("cannot write {}", temp.string()), "check the folder's permissions and free space");
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.flush();
        if (!out) {
            out.close();
            std::filesystem::remove(temp, ec);
            throw Error(fmt::format("writing {} failed", temp.string()), "check the free space");
        }
    }
    std::filesystem::rename(temp, path, ec);
    if (ec) {
        std::filesystem::remove(temp, ec);
        throw Error(fmt::format("cannot move {} into place", path.string()), "check the folder's permissions");
    }
}

}  // namespace reckon::core
