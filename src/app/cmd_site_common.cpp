// Option handling shared by the site sub-commands; see cmd_site_common.hpp.
#include "cmd_site_common.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <system_error>
#include <vector>

#include "reckon/core/error.hpp"
#include "reckon/text/document.hpp"

namespace reckon::app {

imagery::ChangeOptions change_options(const SiteMethodOptions& options) {
    imagery::ChangeOptions out;
    const auto method = imagery::parse_method(options.method);
    if (!method)
        throw UsageError(fmt::format("--method: unknown method '{}'", options.method),
                         "give one of: reckon, cva, irmad, pca-kmeans");
    // The classic methods are thresholded as published (Otsu); reckon's own uses the mixture.
    const std::string rule = !options.threshold.empty()   ? options.threshold
                             : options.method == "reckon" ? "mixture"
                                                          : "otsu";
    const auto threshold = imagery::parse_threshold(rule);
    if (!threshold)
        throw UsageError(fmt::format("--threshold: unknown rule '{}'", options.threshold),
                         "give otsu or mixture");
    out.method = *method;
    out.threshold = *threshold;
    out.clean = !options.no_clean;
    if (options.min_area_px >= 0) out.min_area_px = options.min_area_px;
    return out;
}

imagery::Pair read_site_pair(const std::string& before, const std::string& after,
                             const SiteMethodOptions& options, ProgressBar& bar) {
    imagery::PairOptions pair_options;
    pair_options.read.bands = options.bands;
    pair_options.coregister = !options.no_coregister;
    auto pair = imagery::read_pair(before, after, pair_options, bar.callback());
    bar.clear();
    if (!pair.dropped_bands.empty())
        fmt::print(stderr,
                   "reckon: note: compared on the {} band(s) both images have; left out: {} (choose bands "
                   "with --bands to make this explicit)\n",
                   pair.before.bands.size(), fmt::join(pair.dropped_bands, ", "));
    if (pair_options.coregister)
        fmt::print(stderr, "reckon: shift of the second image {:+.2f}, {:+.2f} px (peak {:.2f}){}\n",
                   pair.shift_x_px, pair.shift_y_px, pair.shift_peak,
                   pair.shift_applied ? ", corrected" : ", below 0.3 px: kept");
    return pair;
}

namespace {

// The first run of 8 digits (YYYYMMDD) or YYYY-MM-DD in `name` that is a real day in range.
std::optional<core::Date> date_in_name(const std::string& name) {
    for (std::size_t i = 0; i + 8 <= name.size(); ++i) {
        if (i > 0 && std::isdigit(static_cast<unsigned char>(name[i - 1]))) continue;
        std::string digits;
        std::size_t j = i;
        for (; j < name.size() && digits.size() < 8; ++j) {
            const auto c = static_cast<unsigned char>(name[j]);
            if (std::isdigit(c))
                digits += static_cast<char>(c);
            else if (c != '-' || (digits.size() != 4 && digits.size() != 6))
                break;
        }
        if (digits.size() != 8 || (j < name.size() && std::isdigit(static_cast<unsigned char>(name[j]))))
            continue;
        const auto d =
            core::parse_iso_date(digits.substr(0, 4) + "-" + digits.substr(4, 2) + "-" + digits.substr(6, 2));
        if (d && d->year() >= std::chrono::year(1972) && d->year() <= std::chrono::year(2100)) return d;
    }
    return std::nullopt;
}

// The regular files of an image: the file itself, or a folder's files sorted by name.
std::vector<std::filesystem::path> image_files(const std::filesystem::path& image) {
    std::error_code ec;
    if (!std::filesystem::is_directory(image, ec)) return {image};
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(image, ec))
        if (e.is_regular_file(ec)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

std::optional<core::Date> image_date(const std::filesystem::path& image) {
    const auto trimmed = image.has_filename() ? image : image.parent_path();
    if (auto d = date_in_name(trimmed.filename().string())) return d;
    std::error_code ec;
    if (std::filesystem::is_directory(image, ec))
        for (const auto& f : image_files(image))
            if (auto d = date_in_name(f.filename().string())) return d;
    return std::nullopt;
}

std::string site_comparison_sha256(const std::string& before, const std::string& after,
                                   const std::string& aoi, const SiteMethodOptions& method,
                                   double simplify_px) {
    std::string identity = "reckon site comparison 1\n";
    auto add_image = [&](const std::string& role, const std::string& path) {
        for (const auto& f : image_files(path))
            identity += fmt::format("{} {} {}\n", role, f.filename().string(), text::sha256_file(f));
    };
    add_image("before", before);
    add_image("after", after);
    if (!aoi.empty()) identity += fmt::format("aoi {}\n", text::sha256_file(aoi));
    std::string bands;
    for (const auto& b : method.bands) bands += b + ",";
    identity += fmt::format(
        "method {} threshold {} bands {} clean {} coregister {} min_area {} simplify {}\n", method.method,
        method.threshold, bands, !method.no_clean, !method.no_coregister, method.min_area_px, simplify_px);
    return text::sha256_hex(identity);
}

}  // namespace reckon::app
