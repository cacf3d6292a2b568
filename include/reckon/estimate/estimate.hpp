// Running the model on a programme and reading the answer: chains of NUTS, posterior
// summaries per month (median, 50% and 90% intervals), contract progress, the learning
// curve, each source class's fitted bias and noise, and convergence diagnostics with
// warnings. The files written from it are views: report/estimate_files.hpp.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "reckon/core/progress.hpp"
#include "reckon/estimate/model.hpp"
#include "reckon/estimate/nuts.hpp"
#include "reckon/evidence/evidence.hpp"
#include "reckon/evidence/programme.hpp"

namespace reckon::estimate {

struct EstimateOptions {
    int chains = 4;
    int warmup = 1000;
    int draws = 1000;
    std::uint64_t seed = 1;
    int threads = 1;  // chains run side by side on this many threads; output does not depend on it
    core::ProgressFn progress;
};

// Posterior summary of one scalar.
struct Interval {
    double median = 0, q05 = 0, q25 = 0, q75 = 0, q95 = 0, mean = 0;
};
Interval summarize(std::vector<double> values);

struct MonthSummary {
    core::Month month;
    Interval production, cumulative, inventory, usage, imports;
    std::optional<double> launched;  // counted launches, as data
};

struct ContractProgress {
    evidence::Contract contract;
    double p_by_due = 0;  // P(cumulative production >= quantity by the due date)
    double p_by_end = 0;  // ... by the end of the programme's time range
    std::optional<core::Month>
        reached_median;  // month by which half the draws have reached it (none: after the range)
    std::optional<core::Month> reached_q05, reached_q95;
    std::vector<std::pair<core::Month, double>> reached_by_month;  // P(reached by end of month)
};

struct ReportDate {
    core::Date date{};
    Interval cumulative;
    std::vector<std::pair<double, double>> p_at_least;  // (threshold, probability): contract quantities
};

struct SourceSummary {
    std::string source_class;
    int observations = 0;
    Interval bias_percent;  // 100 (e^bias - 1): how far above (+) or below the truth it reports
    Interval noise;         // log-scale noise
};

struct ParameterDiagnostics {
    std::string name;
    double rhat = 1, ess_bulk = 0, ess_tail = 0;
};

struct Diagnostics {
    int chains = 0, warmup = 0, draws = 0;
    std::uint64_t seed = 0;
    int divergences = 0;
    int max_depth_hits = 0;
    double max_rhat = 1;
    double min_ess_bulk = 0, min_ess_tail = 0;
    std::vector<double> step_size, bfmi;
    long long gradient_evaluations = 0;
    double sampling_seconds = 0;                   // wall time of the chains
    std::vector<ParameterDiagnostics> parameters;  // model parameters and key derived quantities
    std::vector<std::string> warnings;
};

inline constexpr double CONFLICT_P = 0.01;

struct TargetCheck {  // a plan or contract figure against the estimate
    std::size_t claim = 0;
    double p_met = 0;  // P(the estimate reaches the target over its period)
};

struct EstimateResult {
    evidence::Programme programme;
    evidence::Evidence evidence;
    ModelData data;
    std::vector<MonthSummary> months;
    std::vector<ContractProgress> contracts;
    std::vector<ReportDate> report_dates;
    std::vector<SourceSummary> sources;
    Interval learning_rate;      // fall in unit cost per doubling of cumulative output
    Interval cost_exponent;      // b
    Interval cost_at_reference;  // USD at the reference quantity
    std::vector<std::pair<double, Interval>> cost_curve;  // (cumulative units, unit cost USD)
    Interval coverage;
    std::vector<Interval> shares;
    std::vector<Interval> observation_fit;  // per observation: the model's value of what it reports
    // Per observation: the posterior predictive probability of a figure at least as far from
    // the model as the one reported (two-sided for a figure, one-sided for a bound). Below
    // CONFLICT_P the claim is flagged as in conflict with the rest of the evidence.
    std::vector<double> observation_check;
    std::vector<std::string> conflicts;  // sentences naming conflicting and contradictory claims
    std::vector<TargetCheck> targets;
    Interval total;                   // cumulative production at the end of the range
    bool evidence_consistent = true;  // cumulative production + imports >= cumulative usage (median draw)
    Diagnostics diagnostics;
    // Derived quantities of every draw (chain-major), for calibration and comparison.
    std::vector<Draw> draws;
};

// Classifies the evidence (evidence::classify, for claims still pending), builds the model and
// samples it. Throws InputError on bad input and Error if sampling cannot start.
EstimateResult estimate(const evidence::Programme& programme, evidence::Evidence evidence,
                        const EstimateOptions& options);

}  // namespace reckon::estimate
