// A programme file (TOML, docs/programme.md): the product and its aliases, producers, time
// range, contracts, known import batches, where the evidence lives, what the claims' product
// labels mean, and the model's priors. load_programme() reads and checks it; every error
// names the file and line. Everything about one programme lives here, not in the engine.
#pragma once

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "reckon/core/claim.hpp"
#include "reckon/core/date.hpp"

namespace reckon::evidence {

using core::Month;

// A prior for a positive scale s: log s ~ Normal(log median, log_sd).
struct ScalePrior {
    double median = 0.1;
    double log_sd = 0.5;
};

// The model's priors, as the programme's [priors] table sets them (docs/model.md).
struct Priors {
    double initial_log_rate_mean = 4.0;  // log units/month in the first production month
    double initial_log_rate_sd = 1.5;
    double initial_growth_mean = 0.1;  // log growth per month at the start
    double initial_growth_sd = 0.2;
    // Month-to-month shocks to log production and to its growth rate. Their spread is set,
    // not learned (log_sd 0): learning it too made funnels the sampler could not cross.
    ScalePrior level_sd{0.05, 0.0};
    ScalePrior growth_sd{0.03, 0.0};
    double rounding_sd = 0.05;         // every reported figure is rounded: a floor on its log noise
    double bias_mean_sd = 0.2;         // shared log bias of all sources
    ScalePrior bias_spread{0.2, 0.5};  // spread of the classes' biases around it
    std::array<double, core::SOURCE_CLASS_COUNT> bias_offset{};  // prior centre per class (log)
    // Per-class noise on the log scale, in core::SourceClass order: official, intelligence,
    // analyst, company, media, unattributed.
    std::array<ScalePrior, core::SOURCE_CLASS_COUNT> noise{
        {{0.3, 0.5}, {0.25, 0.5}, {0.25, 0.5}, {0.4, 0.5}, {0.4, 0.5}, {0.5, 0.5}}};
    double coverage_mean = 0.94;  // launch data counts this share of what was launched
    double coverage_sd = 0.03;
    double cost_ref_quantity = 1000;  // cumulative output where the reference cost applies
    double cost_log_ref_mean = 11.5;  // log USD
    double cost_log_ref_sd = 1.0;
    double cost_exponent_mean = -0.25;  // Wright's law b in cost = a N^b
    double cost_exponent_sd = 0.25;
    ScalePrior cost_noise{0.3, 0.5};
    double barrier_fraction = 0.05;  // softness of "inventory >= 0", as a share of usage so far
    double barrier_floor = 20;       // ... and at least this many units
};

// What a claims CSV's `product` column may say, and how each label counts
// ([evidence.products] in docs/programme.md). An empty label is the product itself.
enum class ProductRole {
    own,        // the programme's product: production evidence and targets
    wider,      // a class that includes the product: production figures bound it from above
    related,    // something the model observes beside production (imports, launches of imports)
    unrelated,  // not about the product (decoys, the site): set aside
};
std::string_view to_string(ProductRole role);

struct Contract {
    std::string name;
    double quantity = 0;
    core::Date due{};
    std::optional<double> value_usd;
    std::string source;
};

struct ImportSpec {
    std::string name;
    Month first, last;
    double quantity = 0;
    double log_sd = 0.3;
    std::string source;
};

struct LaunchSpec {
    std::filesystem::path file;
    std::string date_column = "month";
    std::string model_column;         // empty: no filter
    std::vector<std::string> models;  // rows whose model is one of these
    std::string count_column = "launched";
    std::string share_column;  // count of the product among the launches, where given
    std::string
        share_base_column;  // the launches that share_column was counted from (default: the row's count)
    struct Share {
        Month first, last;
        double mean = 1, sd = 0.05;
    };
    std::vector<Share> shares;
};

struct DocumentSpec {
    std::filesystem::path path;
    std::optional<core::Date> published;
    bool optional = false;  // skipped with a note when absent (e.g. ../shared beside the checkout)
};

struct SeriesSpec {
    std::string name;
    Month start;  // numbering starts with this month's production
};

// A site the programme watches on satellite images ([[site]] in docs/programme.md): `reckon run`
// compares each image with the one before it and stores the candidate polygons as site
// observations for review.
struct SiteSpec {
    std::string name;
    std::optional<std::filesystem::path> aoi;
    std::vector<std::filesystem::path> images;  // files or folders of bands, oldest first
    std::vector<core::Date> dates;              // one per image, or empty: read from the names
    std::string method = "reckon";
    bool optional = false;  // skipped with a note when an image is absent
};

struct Programme {
    std::filesystem::path file;  // the TOML file itself
    std::filesystem::path dir;   // its folder: relative paths are resolved from here
    std::string name;
    std::string product;
    std::vector<std::string> aliases;
    std::vector<std::string> producers;
    Month first, last;                     // the time range, inclusive
    Month production_start;                // months before make nothing
    std::vector<core::Date> report_dates;  // cumulative output is reported at these dates
    std::vector<Contract> contracts;
    std::vector<ImportSpec> imports;
    std::optional<std::filesystem::path> claims_csv;
    std::optional<LaunchSpec> launches;
    std::optional<std::filesystem::path> serials_csv;
    std::vector<SeriesSpec> series;
    std::vector<DocumentSpec> documents;                // files or folders
    std::optional<std::filesystem::path> entities;      // the programme's gazetteer file, if any
    std::map<std::string, ProductRole> product_labels;  // claims CSV product label -> role
    std::vector<SiteSpec> sites;                        // [[site]] entries
    Priors priors;

    int months() const { return last.index - first.index + 1; }
    // Month index within the range (may be outside [0, months())).
    int offset(Month m) const { return m.index - first.index; }
    // The role of a product label; nullopt for a label [evidence.products] does not list.
    std::optional<ProductRole> role_of(std::string_view label) const;
};

// Reads and checks a programme file. Throws InputError naming the file and line of a
// malformed or inconsistent entry, with what to write instead.
Programme load_programme(const std::filesystem::path& file);

}  // namespace reckon::evidence
