// The web front end (web/: uPlot charts, the Leaflet map with its world outline, the tables),
// built by npm at build time and compiled into reckon: the report inlines it into index.html
// and reckon serve serves it as /app.js and /app.css. Nothing is read from disk at run time.
#pragma once

#include <string_view>

namespace reckon::report {

// The bundle's JavaScript (one file, an IIFE that boots from window.RECKON_VIEW or, when
// window.RECKON_LIVE is true, from /api/view). Static storage: the view never dangles.
std::string_view app_js();
// The bundle's stylesheet.
std::string_view app_css();

}  // namespace reckon::report
