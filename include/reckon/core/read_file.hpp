// Reading a whole (uncompressed) file into memory, for the small tables and lists reckon
// reads at once: CSV tables, the entities file. Gzip inputs go through adsb/text_file.hpp.
#pragma once

#include <filesystem>
#include <string>

namespace reckon::core {

// The bytes of `path`. Throws InputError naming the file when it cannot be opened or read
// to its end; `hint` replaces the default "check that it exists and that you may read it".
std::string read_file(const std::filesystem::path& path, const std::string& hint = {});

}  // namespace reckon::core
