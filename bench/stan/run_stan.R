# Runs reckon's programme model in Stan (bench/stan/programme.stan) on the data reckon wrote
# with `reckon estimate --model-data FILE.json`, for the cross-check in bench/stan.sh
# (docs/stan-crosscheck.md). Compiles the model (timed on its own: excluded from the speed
# comparison), samples chains one after another on one core (Stan's diagonal metric unless
# STAN_METRIC says otherwise, max tree depth 10; adapt_delta 0.9 and inits uniform on [-2, 2], as reckon's NUTS), then
# writes per-month production medians and 90% intervals, bulk ESS of the same quantities
# reckon diagnoses (every z, production of each producing month, the total and the learning
# rate), and the sampling time.
#
# Usage: Rscript run_stan.R DATA.json MODEL.stan OUT_DIR SEED CHAINS WARMUP DRAWS [CHECK_POINTS]
# Writes OUT_DIR/stan_production.csv and OUT_DIR/stan_summary.txt (key value lines).
# With CHECK_POINTS > 0 it also writes OUT_DIR/logprob_points.csv: that many draws of z (and,
# as many again, points from the prior) with Stan's log density at each, and
# OUT_DIR/logprob_gradients.csv, Stan's gradient there, for bench/stan.sh to set against
# reckon's Model::log_density (up to a constant) at the same points.

suppressPackageStartupMessages({
    library(rstan)
    library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 7) {
    stop("usage: Rscript run_stan.R DATA.json MODEL.stan OUT_DIR SEED CHAINS WARMUP DRAWS [CHECK_POINTS]")
}
data_file <- args[1]
stan_file <- args[2]
out_dir <- args[3]
seed <- as.integer(args[4])
chains <- as.integer(args[5])
warmup <- as.integer(args[6])
draws <- as.integer(args[7])
check_points <- if (length(args) >= 8) as.integer(args[8]) else 0L
# STAN_METRIC=dense_e tells a sampler's shortfall from a model's: reckon's metric turns dense.
metric <- Sys.getenv("STAN_METRIC", "diag_e")
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)

# --- the model data, from reckon's JSON ---------------------------------------------------------
d <- fromJSON(data_file, simplifyVector = FALSE)
num_or_na <- function(v) if (is.null(v)) NA_real_ else as.numeric(v)
series <- function(v) vapply(v, num_or_na, numeric(1))
T <- as.integer(d$months)
launched <- series(d$launched)
counted <- series(d$product_counted)
if (length(launched) != T || length(counted) != T) stop(sprintf("%s: series lengths differ from months", data_file))
regime <- vapply(d$share_regime, as.integer, integer(1))
pick <- function(lst, field, type = as.numeric) vapply(lst, function(e) type(e[[field]]), type(0))
obs <- d$observations
N <- length(obs)
W <- matrix(0, nrow = N, ncol = T)
for (i in seq_len(N)) {
    for (pair in obs[[i]]$weights) {
        t <- as.integer(pair[[1]]) + 1L
        W[i, t] <- W[i, t] + as.numeric(pair[[2]])
    }
}
p <- d$priors
setting <- function(field, default) if (is.null(d[[field]])) default else as.numeric(d[[field]])
stan_data <- list(
    T = T,
    start0 = as.integer(d$production_start),
    has_launch = as.array(as.integer(!is.na(launched))),
    launched = as.array(ifelse(is.na(launched), 0, launched)),
    has_counted = as.array(as.integer(!is.na(counted))),
    product_counted = as.array(ifelse(is.na(counted), 0, counted)),
    R = length(d$shares),
    regime = as.array(regime + 1L),  # -1 (none) becomes 0
    share_mean = as.array(pick(d$shares, "mean")),
    share_sd = as.array(pick(d$shares, "sd")),
    J = length(d$imports),
    imp_first = as.array(pick(d$imports, "first", as.integer) + 1L),
    imp_last = as.array(pick(d$imports, "last", as.integer) + 1L),
    imp_quantity = as.array(pick(d$imports, "quantity")),
    imp_log_sd = as.array(pick(d$imports, "log_sd")),
    N = N,
    target_kind = as.array(pick(obs, "target", as.integer)),
    form = as.array(pick(obs, "form", as.integer)),
    log_value = as.array(pick(obs, "log_value")),
    extra_sd = as.array(pick(obs, "extra_sd")),
    source_class = as.array(pick(obs, "source_class", as.integer) + 1L),
    obs_month = as.array(pick(obs, "month", as.integer) + 1L),
    W = W,
    K = length(d$serials),
    ser_month = as.array(pick(d$serials, "month", as.integer) + 1L),
    ser_fraction = as.array(pick(d$serials, "month_fraction")),
    ser_start = as.array(pick(d$serials, "series_start", as.integer) + 1L),
    ser_serial = as.array(pick(d$serials, "serial")),
    ser_earlier = as.array(pick(d$serials, "earlier")),
    initial_log_rate_mean = p$initial_log_rate_mean,
    initial_log_rate_sd = p$initial_log_rate_sd,
    initial_growth_mean = p$initial_growth_mean,
    initial_growth_sd = p$initial_growth_sd,
    level_sd_median = p$level_sd$median,
    level_sd_log_sd = p$level_sd$log_sd,
    growth_sd_median = p$growth_sd$median,
    growth_sd_log_sd = p$growth_sd$log_sd,
    bias_mean_sd = p$bias_mean_sd,
    bias_spread_median = p$bias_spread$median,
    bias_spread_log_sd = p$bias_spread$log_sd,
    bias_offset = as.array(series(p$bias_offset)),
    noise_median = as.array(pick(p$noise, "median")),
    noise_log_sd = as.array(pick(p$noise, "log_sd")),
    coverage_mean = p$coverage_mean,
    coverage_sd = p$coverage_sd,
    cost_ref_quantity = p$cost_ref_quantity,
    cost_log_ref_mean = p$cost_log_ref_mean,
    cost_log_ref_sd = p$cost_log_ref_sd,
    cost_exponent_mean = p$cost_exponent_mean,
    cost_exponent_sd = p$cost_exponent_sd,
    cost_noise_median = p$cost_noise$median,
    cost_noise_log_sd = p$cost_noise$log_sd,
    barrier_fraction = p$barrier_fraction,
    barrier_floor = p$barrier_floor,
    # Model settings, as --model-data writes them; ModelData's defaults
    # (include/reckon/estimate/model.hpp) for a JSON written before they were added.
    use_ratio_mean = setting("use_ratio_mean", 0.8),
    use_ratio_sd = setting("use_ratio_sd", 0.15),
    use_window_sd = setting("use_window_sd", 0.15),
    use_window_months = as.integer(setting("use_window_months", 12)),
    level_shock_df = as.integer(setting("level_shock_df", 3)),
    trend_damping = setting("trend_damping", 0.85)
)
# Launch observations in months without launch data would give reckon a NaN (no density);
# say so rather than silently compare different models.
for (i in seq_len(N)) {
    if (stan_data$target_kind[i] %in% c(2L, 3L) && any(W[i, is.na(launched)] != 0)) {
        stop(sprintf("%s: observation %d weights months without launch data", data_file, i))
    }
}

# --- compile (excluded from the speed comparison) -----------------------------------------------
rstan_options(auto_write = FALSE)
# Debian's r-cran-bh has no headers of its own: they are libboost-dev's, in /usr/include.
if (!file.exists(rstan_options("boost_lib")) && file.exists("/usr/include/boost/version.hpp")) {
    rstan_options(boost_lib = "/usr/include")
}
compile_start <- Sys.time()
model <- stan_model(stan_file, model_name = "reckon_programme")
compile_s <- as.numeric(difftime(Sys.time(), compile_start, units = "secs"))

# --- sample: chains one after another, one core ---------------------------------------------------
fit <- sampling(model, data = stan_data, chains = chains, iter = warmup + draws, warmup = warmup,
                seed = seed, cores = 1, refresh = 0, init = "random", init_r = 2,
                control = list(adapt_delta = 0.9, max_treedepth = 10, metric = metric))
if (fit@mode != 0L) {
    stop(sprintf("%s: Stan could not sample (no starting point with a finite density?); ", data_file),
         "run it with refresh > 0 to see Stan's messages")
}
elapsed <- get_elapsed_time(fit)  # per chain: warmup, sample (seconds)
sampling_s <- sum(elapsed)

# --- summaries -------------------------------------------------------------------------------------
x <- as.array(fit, pars = "x")  # iterations x chains x months
zz <- as.array(fit, pars = "z")
total <- as.array(fit, pars = "total")[, , 1, drop = TRUE]
learning <- as.array(fit, pars = "learning_rate")[, , 1, drop = TRUE]
as_matrix <- function(a) if (is.null(dim(a))) matrix(a, ncol = 1) else a
start0 <- stan_data$start0
# Monte Carlo standard error of the p-quantile (Vehtari et al. 2021, as the posterior package
# computes it): the ESS of the indicator x <= Q(p) gives a Beta interval on p, mapped back
# through the draws' quantiles.
mcse_quantile <- function(sims, prob) {
    ess <- rstan:::ess_rfun(rstan:::split_chains(sims <= quantile(sims, prob, names = FALSE)))
    a <- qbeta(0.1586553, ess * prob + 1, ess * (1 - prob) + 1)
    b <- qbeta(0.8413447, ess * prob + 1, ess * (1 - prob) + 1)
    th <- quantile(as.vector(sims), c(a, b), type = 7, names = FALSE)
    (th[2] - th[1]) / 2
}
month_rows <- lapply(seq_len(T), function(t) {
    sims <- as_matrix(x[, , t])
    v <- as.vector(sims)
    q <- quantile(v, c(0.05, 0.5, 0.95), type = 7, names = FALSE)
    producing <- t > start0
    na_or <- function(f) if (producing) f() else NA_real_
    data.frame(month_index = t - 1L, production_median = q[2], production_q05 = q[1], production_q95 = q[3],
               ess_bulk = na_or(function() ess_bulk(sims)), ess_tail = na_or(function() ess_tail(sims)),
               mcse_q05 = na_or(function() mcse_quantile(sims, 0.05)),
               mcse_median = na_or(function() mcse_quantile(sims, 0.5)),
               mcse_q95 = na_or(function() mcse_quantile(sims, 0.95)))
})
months <- do.call(rbind, month_rows)
write.csv(months, file.path(out_dir, "stan_production.csv"), row.names = FALSE, quote = FALSE)

ess_z <- vapply(seq_len(dim(zz)[3]), function(k) ess_bulk(as_matrix(zz[, , k])), numeric(1))
ess_all <- c(ess_z, months$ess_bulk[!is.na(months$ess_bulk)], ess_bulk(as_matrix(total)),
             ess_bulk(as_matrix(learning)))
rhat_all <- c(vapply(seq_len(dim(zz)[3]), function(k) Rhat(as_matrix(zz[, , k])), numeric(1)))
sampler <- get_sampler_params(fit, inc_warmup = FALSE)
divergences <- sum(vapply(sampler, function(s) sum(s[, "divergent__"]), numeric(1)))
gradients <- sum(vapply(get_sampler_params(fit, inc_warmup = TRUE),
                        function(s) sum(s[, "n_leapfrog__"]), numeric(1)))
tq <- quantile(as.vector(total), c(0.05, 0.5, 0.95), type = 7, names = FALSE)
summary_lines <- c(
    sprintf("compile_seconds %.3f", compile_s),
    sprintf("sampling_seconds %.3f", sampling_s),
    sprintf("warmup_seconds %.3f", sum(elapsed[, 1])),
    sprintf("dimension %d", dim(zz)[3]),
    sprintf("min_ess_bulk %.1f", min(ess_all)),
    sprintf("median_ess_bulk %.1f", median(ess_all)),
    sprintf("min_ess_bulk_per_s %.3f", min(ess_all) / sampling_s),
    sprintf("median_ess_bulk_per_s %.3f", median(ess_all) / sampling_s),
    sprintf("max_rhat_z %.4f", max(rhat_all)),
    sprintf("divergences %d", as.integer(divergences)),
    sprintf("gradient_evaluations %d", as.integer(gradients)),
    sprintf("total_median %.2f", tq[2]),
    sprintf("total_q05 %.2f", tq[1]),
    sprintf("total_q95 %.2f", tq[3])
)
writeLines(summary_lines, file.path(out_dir, "stan_summary.txt"))
cat(summary_lines, sep = "\n")

# --- optional: Stan's log density at given points, for the term-by-term check ---------------------
if (check_points > 0) {
    set.seed(seed)
    D <- dim(zz)[3]
    flat <- matrix(zz, ncol = D)  # all draws, chains stacked
    posterior <- flat[sample.int(nrow(flat), check_points), , drop = FALSE]
    prior <- matrix(rnorm(check_points * D, sd = 0.5), ncol = D)
    points <- rbind(posterior, prior)
    lp <- apply(points, 1, function(u) log_prob(fit, upars = u, adjust_transform = FALSE))
    # Stan's gradient (automatic differentiation) at the same points, one row per point.
    grads <- t(apply(points, 1, function(u) grad_log_prob(fit, upars = u, adjust_transform = FALSE)))
    # 17 significant digits, so that reckon evaluates exactly the points Stan did (write.csv
    # keeps 15).
    write_exact <- function(m, header, file) {
        writeLines(c(paste(header, collapse = ","),
                     apply(m, 1, function(row) paste(sprintf("%.17g", row), collapse = ","))), file)
    }
    write_exact(cbind(lp, points), c("stan_log_density", sprintf("z%d", seq_len(D) - 1L)),
                file.path(out_dir, "logprob_points.csv"))
    write_exact(grads, sprintf("dz%d", seq_len(D) - 1L), file.path(out_dir, "logprob_gradients.csv"))
}
