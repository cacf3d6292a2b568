// The Bayesian model of a production programme (docs/model.md has the equations).
// ModelData is everything the model conditions on, already reduced to months and numbers;
// Model turns an unconstrained parameter vector into the log posterior density, its
// gradient, and the derived quantities an analyst reads (production, cumulative output,
// inventory, costs). Every parameter but the production months' is a standard normal under
// the prior (non-centred); each production month has a coordinate that keeps the inventory
// above its tolerance by construction (docs/model.md, "Inventory by construction").
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "reckon/evidence/programme.hpp"

namespace reckon::estimate {

inline constexpr std::size_t SOURCE_CLASSES = core::SOURCE_CLASS_COUNT;  // core::SourceClass, in its order
// A stated range lo..hi is read as a 90% interval: its half-width on the log scale is this
// many standard deviations.
inline constexpr double RANGE_Z = 1.6449;

using evidence::Priors;
using evidence::ScalePrior;

// How an observation's reported value relates to the true quantity (log scale).
enum class Form { centred, lower_bound, upper_bound };

// What an observation measures.
enum class Target {
    production_rate,   // mean monthly production over its months (weights)
    production_total,  // production summed over its months
    launches_rate,     // launch counts / coverage, mean over its months
    launches_total,    // launch counts / coverage, summed
    imports_total,     // imports summed over its months
    unit_cost,         // Wright's-law cost at cumulative output mid-month `month`
};

struct Observation {
    Target target = Target::production_rate;
    Form form = Form::centred;
    double log_value = 0;  // log of the reported figure (centre of a range)
    double extra_sd = 0;   // added in quadrature to the noise (half-width of a range / 1.645)
    int source_class = 0;  // index into SOURCE_CLASSES (unused for unit_cost)
    std::vector<std::pair<int, double>> weights;  // (month, weight) for the sums
    int month = 0;  // unit_cost: the month whose mid-point cumulative output is used
};

// One import batch spread evenly over months [first, last].
struct ImportBatch {
    int first = 0, last = 0;
    double quantity = 0;  // prior median
    double log_sd = 0.3;
};

// A launch-share regime: the product's share of counted launches in months [first, last].
struct ShareRegime {
    int first = 0, last = 0;
    double mean = 1, sd = 0.05;  // prior on the share (logit-normal matched to these)
};

// A serial number seen on an item, at a month and fraction of it, in a series whose
// numbering starts with the production of month `series_start`.
struct SerialSighting {
    int month = 0;
    double month_fraction = 0.5;
    int series_start = 0;
    double serial = 0;
    int earlier = 0;  // sightings of the same series before this one (without replacement)
};

struct ModelData {
    int months = 0;                       // T: months in the programme's time range
    int production_start = 0;             // first month with production (earlier months make none)
    std::vector<double> launched;         // per month, counted launches (NaN = no data)
    std::vector<double> product_counted;  // per month, counted launches of the product itself (NaN = none)
    std::vector<int> share_regime;        // per month, index into shares (-1 = none)
    std::vector<ShareRegime> shares;
    std::vector<ImportBatch> imports;
    std::vector<Observation> observations;
    std::vector<SerialSighting> serials;
    Priors priors;
    // Model settings the programme file does not set (docs/model.md, "Usage", "Trend").
    // Usage: over each window of launch data, launches of the product = ratio x what was
    // made and imported in it; the ratio is logit-normal with this mean and sd, and each
    // window's log residual has this spread.
    double use_ratio_mean = 0.8;
    double use_ratio_sd = 0.15;
    double use_window_sd = 0.15;
    int use_window_months = 12;
    // Monthly level shocks are Student-t with this many degrees of freedom (0: normal), so
    // that a stop or a strike is a plausible event.
    int level_shock_df = 3;
    // Beyond the last month any evidence covers, growth shrinks by this factor a month.
    double trend_damping = 0.85;
};

// Derived quantities of one draw, in natural units.
struct Draw {
    std::vector<double> production;              // per month
    std::vector<double> cumulative;              // production up to the end of each month
    std::vector<double> imports;                 // per month
    std::vector<double> usage;                   // launches of the product per month
    std::vector<double> inventory;               // produced + imported − used, end of month
    std::array<double, SOURCE_CLASSES> bias{};   // log bias per class
    std::array<double, SOURCE_CLASSES> noise{};  // log noise per class
    double coverage = 1;
    std::vector<double> share;  // per regime
    double use_ratio = 1;       // launches of the product per unit made or imported
    double cost_log_ref = 0;    // log cost at the reference quantity
    double cost_exponent = 0;   // b
    double cost_noise = 0;
    double learning_rate() const;  // 1 - 2^b: the fall in unit cost per doubling
    double unit_cost(double cumulative_units, double ref_quantity) const;
};

// Log likelihood of one serial sighting given how many items of its series had been made
// by then (`made`, continuous) and how many of its series were seen before it: the item is
// one of the `made - earlier` not yet seen, and its serial is at most `made`, a step softened
// over `softness` units (serials are whole numbers and sightings are sometimes misread).
// Writes d/d made into `slope`. This is the German tank problem's likelihood; with all
// sightings at one time and softness -> 0 it is Höhle & Held's (2006).
double serial_log_likelihood(double made, double serial, int earlier, double softness, double* slope);
// The softness the model uses: half a unit plus 1% of the serial, so that a sighting bounds
// cumulative output on the same relative scale as every other piece of evidence.
inline double serial_softness(double serial) { return 0.5 + 0.01 * serial; }

class Model {
public:
    // Checks the data's shape; throws std::invalid_argument naming what is inconsistent.
    explicit Model(ModelData data);

    std::size_t dimension() const { return m_dim; }
    const ModelData& data() const { return m_data; }

    // Log posterior density (up to a constant) at `theta`, and its gradient into `grad`
    // (same size). Returns -inf where the density vanishes; never NaN for finite theta.
    double log_density(std::span<const double> theta, std::span<double> grad) const;
    // Same, without the gradient.
    double log_density(std::span<const double> theta) const;

    // The quantities an analyst reads, at the parameters `z` (theta: every one standard normal
    // a priori).
    Draw derive(std::span<const double> z) const;
    // The log density of the usage windows and the inventory barrier at `z`, without
    // normalising constants (<= 0): the simulator accepts a prior draw with this probability.
    double usage_log_weight(std::span<const double> z) const;
    // A draw of the trend from its prior, with the level and its shocks non-centred in `theta`
    // (standard normal and Student-t), rewritten in place into the sampler's coordinates of the
    // production months (docs/model.md, "Inventory"). Returns false where that path leaves the
    // model's support (the inventory would fall below its tolerance).
    bool centre_levels(std::span<double> theta) const;
    // The last month any evidence covers (months after it have a damped trend).
    int last_evidence_month() const { return m_last_evidence; }
    // Windows of launch data [first, last] that observe the usage ratio.
    const std::vector<std::pair<int, int>>& use_windows() const { return m_windows; }
    // Names of the parameters, in the order of theta (for diagnostics).
    const std::vector<std::string>& parameter_names() const { return m_names; }

    // Parameter layout (offsets into theta).
    struct Layout {
        std::size_t level0, growth0, level_shocks, growth_shocks, level_sd, growth_sd;
        std::size_t bias_mean, bias_spread, bias, noise, coverage, shares, imports;
        std::size_t cost_ref, cost_exponent, cost_noise, use_ratio;
        int production_months;
    };
    const Layout& layout() const { return m_layout; }

private:
    template <bool WithGradient>
    double evaluate(std::span<const double> z, double* grad) const;

    ModelData m_data;
    Layout m_layout{};
    std::size_t m_dim = 0;
    std::vector<std::string> m_names;
    int m_last_evidence = 0;
    std::vector<std::pair<int, int>> m_windows;
    std::vector<double> m_damping;    // per growth step k: 1 within the evidence, else trend_damping
    std::vector<double> m_tolerance;  // per month: how far below zero the inventory may go (0: no bound)
};

}  // namespace reckon::estimate
