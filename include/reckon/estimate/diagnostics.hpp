// Convergence diagnostics for several chains of one quantity, as Vehtari, Gelman,
// Simpson, Carpenter & Bürkner (2021) define them: rank-normalised split R-hat (the larger
// of the bulk and the folded version), and bulk and tail effective sample sizes from
// Geyer's initial monotone sequence.
#pragma once

#include <span>
#include <vector>

namespace reckon::estimate {

struct Convergence {
    double rhat = 1;
    double ess_bulk = 0;
    double ess_tail = 0;
};

// `chains[c]` holds chain c's draws of one quantity, in order; every chain the same length
// (at least 4 draws). A constant quantity gets R-hat 1 and ESS equal to the draw count.
Convergence convergence(const std::vector<std::vector<double>>& chains);

// Effective sample size of the chains as they are (no splitting or ranking).
double effective_sample_size(const std::vector<std::vector<double>>& chains);
// Split R-hat of the chains as they are (no ranking).
double split_rhat(const std::vector<std::vector<double>>& chains);

// Quantile of `values` (type 7, linear between order statistics). `values` need not be sorted.
double quantile(std::vector<double> values, double p);
// Several quantiles at once of the same values (sorts once).
std::vector<double> quantiles(std::vector<double> values, std::span<const double> ps);

// E-BFMI of one chain's energies (Betancourt 2016): below 0.3 suggests poor exploration.
double energy_bfmi(std::span<const double> energy);

}  // namespace reckon::estimate
