// The view: one JSON document holding everything the report page and the workbench show about
// an estimate (docs/report.md, "Contract 2"): the programme, production per month with its
// bands, contracts, the learning curve, source bias, every claim with its sentence, document,
// status and review history, and the flights found. The page draws only from it, so what the
// page shows and what the analyst can check are the same numbers. Every number in it is finite;
// a missing or non-finite figure is null.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "reckon/core/review.hpp"

#include "reckon/estimate/estimate.hpp"
#include "reckon/store/store.hpp"

namespace reckon::report {

// The version of the view's layout ("reckon_view"); bumped when a field changes meaning.
inline constexpr int VIEW_VERSION = 1;

// Builds the view of `result`. `store` (may be null) supplies the documents behind extracted
// claims, the review history of each claim and the flights; without it those are null or
// empty. `mode` is "report" (a page written to a folder: "files" names the files beside it)
// or "live" (served by reckon serve: "files" is empty). `now` stamps generated_at (default:
// store::utc_now_iso). Throws reckon::Error for another mode and StoreError when the store
// cannot be read.
nlohmann::json build_view(const estimate::EstimateResult& result, const store::Store* store, std::string_view mode,
                          const store::NowFn& now = {});

// The name under which a report copies the programme's launch CSV beside index.html, so that a
// launch month links to its rows; nullopt when there is no launch CSV or its name would clash
// with a file the report or the estimate writes.
std::optional<std::string> launch_rows_file(const estimate::EstimateResult& result);

// One review as the view and the workbench's API show it: every field, figures null when absent.
nlohmann::json review_json(const core::Review& review);

// A finite number as JSON, anything else (NaN, infinity, absent) as null.
nlohmann::json finite_or_null(std::optional<double> value);

}  // namespace reckon::report
