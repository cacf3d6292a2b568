// The gazetteer the Alabuga example is read with: reckon's built-in general entries plus
// examples/alabuga/entities.txt (the programme's products and sites), as
// `reckon extract --entities examples/alabuga/entities.txt` builds it.
#pragma once

#include "reckon/text/entities.hpp"

namespace reckon::test {

inline reckon::text::Gazetteer alabuga_gazetteer() {
    auto gazetteer = reckon::text::Gazetteer::builtin();
    gazetteer.load_file(RECKON_SOURCE_DIR "/examples/alabuga/entities.txt");
    return gazetteer;
}

}  // namespace reckon::test
