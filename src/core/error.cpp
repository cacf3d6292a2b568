// Formatting of error locations.
#include "reckon/core/error.hpp"

namespace reckon {

std::string Location::to_string() const {
    std::string out = file.empty() ? std::string("<input>") : file;
    if (line) {
        out += ":" + std::to_string(*line);
        if (column) out += ":" + std::to_string(*column);
    } else if (byte) {
        out += " (byte " + std::to_string(*byte) + ")";
    }
    return out;
}

}  // namespace reckon
