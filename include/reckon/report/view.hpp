// The view: one JSON document holding everything the report page and the workbench show about
// an estimate (docs/report.md, "Contract 2"): the programme, production per month with its
// bands, contracts, the learning curve, source bias, every claim with its sentence, document,
// status and review history, and the flights found. The page draws only from it, so what the
// page shows and what the analyst can check are the same numbers. Every number in it is finite;
// a missing or non-finite figure is null.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/core/review.hpp"
#include "reckon/estimate/estimate.hpp"
#include "reckon/store/store.hpp"

namespace reckon::report {

// The version of the view's layout ("reckon_view"); bumped when a field changes meaning.
inline constexpr int VIEW_VERSION = 1;

struct ViewOptions {
    store::NowFn now;  // stamps generated_at (default: store::utc_now_iso)
    // Every review in the store, oldest first, when it may be newer than the estimate's
    // evidence (the live workbench): each claim's history is then taken from it.
    const std::vector<core::Review>* reviews = nullptr;
};

// Builds the view of `result` from the estimate and its evidence (documents, review history,
// flights). `mode` is "report" (a page written to a folder: "files" names the files beside it)
// or "live" (served by reckon serve: "files" is empty). Throws reckon::Error for another mode.
nlohmann::json build_view(const estimate::EstimateResult& result, std::string_view mode,
                          const ViewOptions& options = {});

// The name under which a report copies the programme's launch CSV beside index.html, so that a
// launch month links to its rows; nullopt when there is no launch CSV or its name would clash
// with a file the report or the estimate writes.
std::optional<std::string> launch_rows_file(const estimate::EstimateResult& result);

// One review as the view and the workbench's API show it: every field, figures null when absent.
nlohmann::json review_json(const core::Review& review);

// A finite number as JSON, anything else (NaN, infinity, absent) as null.
nlohmann::json finite_or_null(std::optional<double> value);

}  // namespace reckon::report
