// Escaping text for the markup reckon writes: the HTML report and the KML/GPX exports.
#pragma once

#include <string>
#include <string_view>

namespace reckon::core {

// `s` escaped for XML 1.0 and HTML character data and attribute values: & < > " ' become
// entities, and control bytes other than tab, LF and CR, which XML 1.0 does not allow even
// as references, are dropped. UTF-8 passes through unchanged.
std::string markup_escape(std::string_view s);

}  // namespace reckon::core
