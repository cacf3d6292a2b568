// What the site sub-commands share: turning their options into the imagery library's.
#pragma once

#include <string>

#include "cmd_site.hpp"
#include "progress_bar.hpp"
#include "reckon/imagery/change.hpp"
#include "reckon/imagery/raster.hpp"

namespace reckon::app {

// Throws UsageError for an unknown method or threshold rule.
imagery::ChangeOptions change_options(const SiteMethodOptions& options);

// Reads and co-registers a pair with progress on `bar`; prints the measured shift on stderr.
imagery::Pair read_site_pair(const std::string& before, const std::string& after,
                             const SiteMethodOptions& options, ProgressBar& bar);

}  // namespace reckon::app
