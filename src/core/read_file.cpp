// Whole-file reads; see read_file.hpp.
#include "reckon/core/read_file.hpp"

#include <fstream>
#include <sstream>

#include "reckon/core/error.hpp"

namespace reckon::core {

std::string read_file(const std::filesystem::path& path, const std::string& hint) {
    const std::string what_to_do = hint.empty() ? "check that it exists and that you may read it" : hint;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError({path.string()}, "cannot open the file", what_to_do);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) throw InputError({path.string()}, "the file could not be read to its end", what_to_do);
    return std::move(buffer).str();
}

}  // namespace reckon::core
