// Writing a whole file so that a failed run never leaves half of it: the content goes to a
// temporary file beside the target, which is renamed into place once complete.
#pragma once

#include <filesystem>
#include <string_view>

namespace reckon::core {

// Writes `content` to `path` through a temporary file and a rename. Refuses an existing
// file (InputError, hint --overwrite) unless `overwrite`; throws Error if writing fails,
// leaving no temporary file behind.
void write_file_atomically(const std::filesystem::path& path, std::string_view content, bool overwrite);

}  // namespace reckon::core
