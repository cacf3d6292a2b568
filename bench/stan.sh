#!/usr/bin/env bash
# Cross-check of reckon's estimation engine against Stan, in one run on the same data
# (docs/stan-crosscheck.md). For each programme:
#   reckon estimate PROGRAMME --model-data DATA.json   (4 chains x 1000 warm-up x 1000 draws, one thread)
#   the same model in Stan (bench/stan/programme.stan, via bench/stan/run_stan.R, rstan, one core)
#   reckon again with another seed: the Monte Carlo noise a difference must be judged against
# and compares monthly production: medians (target: within 3%) and 90% interval ends q05 and
# q95 (target: within 5%), over the months whose median exceeds 1% of the peak; and effective
# samples per second: reckon's min bulk ESS over its sampling time against Stan's min bulk ESS
# (same quantities: every z, production of each producing month, the total, the learning
# rate) over its sampling time, compilation excluded (target: >= 2x).
#
#   bench/stan.sh                          # Alabuga, plus a simulated programme if `reckon simulate` exists
#   bench/stan.sh path/to/programme.toml   # RECKON=path/to/reckon to check another build
#
# Both run pinned to the same core, one after the other. reckon's sampling time is the wall
# time it prints ("(X s of sampling)"); Stan 2.21's get_elapsed_time() is CPU time (clock()),
# which other load on the machine does not inflate. So a second ratio is printed with CPU time
# on both sides: reckon's whole process (user + sys, reading the inputs included, so it
# flatters Stan) against Stan's sampling CPU time.
#
# With LOGPROB_POINTS=N it also checks the density itself, point by point: Stan's log density
# and gradient at N of its draws and N points from the prior (run_stan.R) against reckon's
# Model::log_density at the same points, through bench/stan/log_density.cpp, compiled here with this
# checkout's src/estimate/model.cpp (so RECKON should be built from the same checkout). A few
# hundred draws are enough for that: LOGPROB_POINTS=20 CHAINS=1 WARMUP=300 DRAWS=300 NOISE_SEED=
#
# Prints RESULT lines. Work files go to a temp dir removed on exit (KEEP=1 keeps it).
# Knobs: RECKON, SEED (1), CHAINS (4), WARMUP (1000), DRAWS (1000), CPU (0), SIM_SEED (11),
#        NOISE_SEED (SEED+1; empty: skip the seed-to-seed run), LOGPROB_POINTS (0), CXX (c++), KEEP,
#        STAN_METRIC (diag_e, Stan's default; dense_e as reckon's metric after its first windows).
# Needs R with rstan and jsonlite: Debian's r-cran-rstan r-cran-jsonlite (installed with
# apt-get here if missing and we are root).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
RECKON=${RECKON:-$REPO/build/reckon}
SEED=${SEED:-1}
CHAINS=${CHAINS:-4}
WARMUP=${WARMUP:-1000}
DRAWS=${DRAWS:-1000}
CPU=${CPU:-0}
SIM_SEED=${SIM_SEED:-11}
NOISE_SEED=${NOISE_SEED-$((SEED + 1))}
LOGPROB_POINTS=${LOGPROB_POINTS:-0}

die() { echo "stan.sh: $*" >&2; exit 1; }
note() { echo "stan.sh: $*" >&2; }

[[ -x "$RECKON" ]] || die "$RECKON not found: build it (cmake --build build --target reckon) or set RECKON"
have_rstan() { command -v Rscript >/dev/null && Rscript -e 'suppressMessages({library(rstan); library(jsonlite)})' >/dev/null 2>&1; }
if ! have_rstan; then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        note "installing r-cran-rstan r-cran-jsonlite with apt-get"
        apt-get install -y r-cran-rstan r-cran-jsonlite >/dev/null || die "apt-get install r-cran-rstan r-cran-jsonlite failed"
    fi
    have_rstan || die "R with rstan and jsonlite is needed: apt-get install r-cran-rstan r-cran-jsonlite"
fi
PIN=()
if command -v taskset >/dev/null; then
    PIN=(taskset -c "$CPU")
else
    note "taskset not found: running unpinned, figures will be noisier"
fi
[[ -x /usr/bin/time ]] || die "/usr/bin/time is needed for CPU times (Debian package time)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/reckon-bench-stan-XXXXXX")
if [[ -n "${KEEP:-}" ]]; then note "keeping work files in $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
trap 'exit 130' INT TERM

# Programmes to check: the arguments, else Alabuga and (when reckon can make one) a simulated one.
declare -a PROGRAMMES=() NAMES=()
if (($# > 0)); then
    for p in "$@"; do
        [[ -f "$p" ]] || die "$p: no such programme file"
        PROGRAMMES+=("$p")
        NAMES+=("$(basename "$(cd "$(dirname "$p")" && pwd)")")
    done
else
    PROGRAMMES+=("$REPO/examples/alabuga/programme.toml")
    NAMES+=(alabuga)
    if "$RECKON" simulate --seed "$SIM_SEED" --out "$WORK/simulated" >"$WORK/simulate.log" 2>&1 &&
        [[ -f "$WORK/simulated/programme.toml" ]]; then
        PROGRAMMES+=("$WORK/simulated/programme.toml")
        NAMES+=(simulated)
    else
        note "reckon simulate is not available (or failed): checking Alabuga only"
    fi
fi

# Runs reckon on programme $1 with seed $2 into $3; writes $3.err (stderr) and $3.cpu (user sys).
run_reckon() {
    local programme=$1 seed=$2 out=$3
    /usr/bin/time -f "%U %S" -o "$out.cpu" "${PIN[@]}" "$RECKON" estimate "$programme" --out "$out" \
        --model-data "$out.json" --seed "$seed" --chains "$CHAINS" --warmup "$WARMUP" --draws "$DRAWS" \
        --threads 1 >"$out.log" 2>"$out.err" || { cat "$out.err" >&2; die "reckon estimate $programme failed"; }
}

# The comparison, in R (already needed for Stan): prints RESULT lines and a verdict per target.
cat >"$WORK/compare.R" <<'EOF'
args <- commandArgs(trailingOnly = TRUE)
name <- args[1]; reckon_dir <- args[2]; stan_dir <- args[3]; noise_dir <- args[4]
reckon_sampling_s <- as.numeric(args[5]); reckon_cpu_s <- as.numeric(args[6])
suppressMessages(library(jsonlite))
r <- read.csv(file.path(reckon_dir, "production.csv"))
s <- read.csv(file.path(stan_dir, "stan_production.csv"))
if (nrow(r) != nrow(s)) stop("reckon and Stan have different numbers of months")
kv <- read.table(file.path(stan_dir, "stan_summary.txt"), col.names = c("key", "value"))
stan <- setNames(kv$value, kv$key)
rel <- function(a, b) 100 * abs(a - b) / abs(b)
# Largest relative differences of medians and interval ends, over months with a median above
# 1% of the peak (reckon's), against reference `b`.
diffs <- function(a, b) {
    keep <- b$production_median > 0.01 * max(b$production_median)
    c(median = max(rel(a$production_median[keep], b$production_median[keep])),
      interval = max(rel(a$production_q05[keep], b$production_q05[keep]),
                     rel(a$production_q95[keep], b$production_q95[keep])),
      months = sum(keep))
}
d <- diffs(s, r)
rj <- fromJSON(file.path(reckon_dir, "estimate.json"))
rdg <- rj$diagnostics
# Differences in units of their Monte Carlo standard error. Stan's MCSE of each quantile comes
# from its draws; reckon's is taken as Stan's scaled by the square root of the two ESS ratios
# (bulk for the median, tail for q05/q95; reckon writes summaries, not draws).
ess_of <- function(field) {
    e <- setNames(rdg$parameters[[field]], rdg$parameters$name)[paste0("production[", r$month, "]")]
    as.numeric(e)
}
keep <- r$production_median > 0.01 * max(r$production_median)
zscore <- function(col, mcse_col, ess_stan, ess_reckon) {
    se_s <- s[[mcse_col]]
    se_r <- se_s * sqrt(ess_stan / ess_reckon)
    abs(s[[col]] - r[[col]]) / sqrt(se_s^2 + se_r^2)
}
z <- cbind(zscore("production_median", "mcse_median", s$ess_bulk, ess_of("ess_bulk")),
           zscore("production_q05", "mcse_q05", s$ess_tail, ess_of("ess_tail")),
           zscore("production_q95", "mcse_q95", s$ess_tail, ess_of("ess_tail")))[keep, , drop = FALSE]
rel_mcse <- 100 * cbind(s$mcse_median / s$production_median, s$mcse_q05 / s$production_q05,
                        s$mcse_q95 / s$production_q95)[keep, , drop = FALSE]
out <- function(key, value, unit) cat(sprintf("RESULT %s %s %s\n", key, format(signif(value, 4), scientific = FALSE), unit))
out(sprintf("stan_%s_max_median_diff", name), d[["median"]], "percent")
out(sprintf("stan_%s_max_interval_diff", name), d[["interval"]], "percent")
out(sprintf("stan_%s_total_median_diff", name), rel(stan[["total_median"]], rj$total$median), "percent")
out(sprintf("stan_%s_months_compared", name), d[["months"]], "months")
out(sprintf("stan_%s_max_abs_z", name), max(z), "mcse")
out(sprintf("stan_%s_median_abs_z", name), median(z), "mcse")
out(sprintf("stan_%s_max_stan_mcse_relative", name), max(rel_mcse), "percent")
if (!is.na(noise_dir) && nzchar(noise_dir)) {
    n <- read.csv(file.path(noise_dir, "production.csv"))
    dn <- diffs(n, r)
    out(sprintf("reckon_seeds_%s_max_median_diff", name), dn[["median"]], "percent")
    out(sprintf("reckon_seeds_%s_max_interval_diff", name), dn[["interval"]], "percent")
}
reckon_rate <- rdg$min_ess_bulk / reckon_sampling_s
stan_rate <- stan[["min_ess_bulk"]] / stan[["sampling_seconds"]]
ratio <- reckon_rate / stan_rate
cpu_ratio <- (rdg$min_ess_bulk / reckon_cpu_s) / stan_rate
out(sprintf("reckon_%s_seconds", name), reckon_sampling_s, "s")
out(sprintf("stan_%s_seconds", name), stan[["sampling_seconds"]], "s")
out(sprintf("stan_%s_compile_seconds", name), stan[["compile_seconds"]], "s")
out(sprintf("reckon_%s_min_ess_bulk", name), rdg$min_ess_bulk, "draws")
out(sprintf("stan_%s_min_ess_bulk", name), stan[["min_ess_bulk"]], "draws")
out(sprintf("reckon_%s_ess_per_s", name), reckon_rate, "per_s")
out(sprintf("stan_%s_ess_per_s", name), stan_rate, "per_s")
out(sprintf("stan_%s_ess_per_s_ratio", name), ratio, "x")
out(sprintf("stan_%s_ess_per_cpu_s_ratio", name), cpu_ratio, "x")
out(sprintf("reckon_%s_gradient_evaluations", name), rdg$gradient_evaluations, "count")
out(sprintf("stan_%s_gradient_evaluations", name), stan[["gradient_evaluations"]], "count")
out(sprintf("reckon_%s_divergences", name), rdg$divergences, "count")
out(sprintf("stan_%s_divergences", name), stan[["divergences"]], "count")
verdict <- function(ok) if (ok) "met" else "NOT met"
message(sprintf("stan.sh: %s: medians within 3%%: %s (%.2f%%); interval ends within 5%%: %s (%.2f%%); ESS/s >= 2x: %s (%.2fx wall, %.2fx CPU; %.0f%% of the way to 10x)",
                name, verdict(d[["median"]] <= 3), d[["median"]], verdict(d[["interval"]] <= 5), d[["interval"]],
                verdict(ratio >= 2), ratio, cpu_ratio, 100 * ratio / 10))
message(sprintf("stan.sh: %s: largest difference %.1f Monte Carlo standard errors (median %.2f over %d comparisons); %s",
                name, max(z), median(z), length(z),
                if (max(z) <= 3.5) "consistent with Monte Carlo noise" else "larger than Monte Carlo noise explains"))
EOF

# The point-by-point check: reckon's log density and gradient at the points Stan wrote.
if ((LOGPROB_POINTS > 0)); then
    note "compiling the log density helper from $REPO/src/estimate"
    ${CXX:-c++} -std=c++20 -O2 -I"$REPO/include" "$HERE/stan/log_density.cpp" "$REPO/src/estimate/model.cpp" \
        "$REPO/src/estimate/normal.cpp" -lfmt -o "$WORK/log_density" 2>"$WORK/log_density.log" ||
        { cat "$WORK/log_density.log" >&2; die "could not compile the log density helper (needs fmt, Boost, nlohmann-json)"; }

    # Differences between points, not the values: each side drops its own constants. Log
    # densities within 1e-8 of their size and gradients within 1e-6 of theirs is agreement
    # (rounding in two orders of summation; automatic against hand-written derivatives).
    cat >"$WORK/compare_points.R" <<'EOF'
args <- commandArgs(trailingOnly = TRUE)
name <- args[1]; stan_dir <- args[2]; reckon_file <- args[3]
s <- read.csv(file.path(stan_dir, "logprob_points.csv"))
sg <- as.matrix(read.csv(file.path(stan_dir, "logprob_gradients.csv")))
r <- read.csv(reckon_file)
rg <- as.matrix(r[, -1, drop = FALSE])
if (nrow(r) != nrow(s) || ncol(rg) != ncol(sg)) stop("reckon and Stan evaluated different points")
finite <- is.finite(s$stan_log_density) & is.finite(r$reckon_log_density)
mismatched <- sum(is.finite(s$stan_log_density) != is.finite(r$reckon_log_density))
if (sum(finite) < 2) stop("fewer than two points with a finite log density on both sides")
offset <- r$reckon_log_density[finite] - s$stan_log_density[finite]
lp_diff <- abs(offset - offset[1])  # (reckon_i - reckon_1) - (stan_i - stan_1)
lp_rel <- lp_diff / pmax(1, abs(r$reckon_log_density[finite]))
g_diff <- abs(rg[finite, , drop = FALSE] - sg[finite, , drop = FALSE])
g_rel <- g_diff / pmax(1, abs(sg[finite, , drop = FALSE]))
out <- function(key, value, unit) cat(sprintf("RESULT %s %s %s\n", key, format(signif(value, 3)), unit))
out(sprintf("logprob_%s_points", name), sum(finite), "points")
out(sprintf("logprob_%s_finite_mismatches", name), mismatched, "points")
out(sprintf("logprob_%s_constant", name), offset[1], "nats")
out(sprintf("logprob_%s_max_abs_diff", name), max(lp_diff), "nats")
out(sprintf("logprob_%s_max_rel_diff", name), max(lp_rel), "relative")
out(sprintf("logprob_%s_max_abs_log_density", name), max(abs(r$reckon_log_density[finite])), "nats")
out(sprintf("logprob_%s_gradient_max_abs_diff", name), max(g_diff), "per_unit")
out(sprintf("logprob_%s_gradient_max_rel_diff", name), max(g_rel), "relative")
out(sprintf("logprob_%s_gradient_max_abs", name), max(abs(sg[finite, ])), "per_unit")
ok <- mismatched == 0 && max(lp_rel) <= 1e-8 && max(g_rel) <= 1e-6
message(sprintf("stan.sh: %s: the log density %s at %d points (largest difference %.2g, %.2g relative; gradients %.2g, %.2g relative)",
                name, if (ok) "agrees" else "DOES NOT agree", sum(finite), max(lp_diff), max(lp_rel), max(g_diff), max(g_rel)))
EOF
fi

for i in "${!PROGRAMMES[@]}"; do
    programme=${PROGRAMMES[$i]}
    name=${NAMES[$i]}
    note "$name: reckon ($CHAINS chains x $WARMUP warm-up x $DRAWS draws, seed $SEED, core $CPU)"
    run_reckon "$programme" "$SEED" "$WORK/$name-reckon"
    sampling_s=$(sed -n 's/.*(\([0-9.]*\) s of sampling).*/\1/p' "$WORK/$name-reckon.err" | tail -n 1)
    [[ -n "$sampling_s" ]] || die "reckon did not print its sampling time (see $WORK/$name-reckon.err)"
    cpu_s=$(awk '{ print $1 + $2 }' "$WORK/$name-reckon.cpu")
    noise_dir=""
    if [[ -n "$NOISE_SEED" ]]; then
        note "$name: reckon again with seed $NOISE_SEED (Monte Carlo noise baseline)"
        run_reckon "$programme" "$NOISE_SEED" "$WORK/$name-noise"
        noise_dir="$WORK/$name-noise"
    fi
    note "$name: Stan (compiling, then sampling on core $CPU)"
    "${PIN[@]}" Rscript "$HERE/stan/run_stan.R" "$WORK/$name-reckon.json" "$HERE/stan/programme.stan" \
        "$WORK/$name-stan" "$SEED" "$CHAINS" "$WARMUP" "$DRAWS" "$LOGPROB_POINTS" >"$WORK/$name-stan.log" 2>&1 ||
        { tail -n 30 "$WORK/$name-stan.log" >&2; die "Stan failed on $name"; }
    Rscript "$WORK/compare.R" "$name" "$WORK/$name-reckon" "$WORK/$name-stan" "$noise_dir" "$sampling_s" "$cpu_s" ||
        die "comparison failed for $name"
    if ((LOGPROB_POINTS > 0)); then
        "$WORK/log_density" "$WORK/$name-reckon.json" "$WORK/$name-stan/logprob_points.csv" \
            >"$WORK/$name-reckon-points.csv" || die "reckon's log density at Stan's points failed for $name"
        Rscript "$WORK/compare_points.R" "$name" "$WORK/$name-stan" "$WORK/$name-reckon-points.csv" ||
            die "point-by-point comparison failed for $name"
    fi
done
