// reckon's programme model written a second time, in Stan, for the cross-check in bench/stan.sh
// (docs/stan-crosscheck.md). It must be the same density as Model::log_density
// (Model::evaluate in src/estimate/model.cpp) as of commit 76592d0 (after 754d919's usage
// windows, damped trend and Student-t shocks, and 295a89e's production months as a smooth
// maximum of floor and trend), term by term: the parameters are one vector z laid out exactly
// as Model::Layout; every element but the production months' coordinates is standard normal
// under the prior (non-centred); each production month has a coordinate theta_k that keeps the
// inventory above its tolerance by construction (docs/model.md, "Inventory by construction"),
// and the trend's prior is on log production with the Jacobian of that change of variables.
// The data come from the JSON that `reckon estimate --model-data` writes, converted by
// run_stan.R (months 1-based here, NaN launch counts turned into has_* flags, observation
// weights into a dense matrix W). Constants that do not depend on z (e.g. -log sqrt(2 pi),
// log initial_log_rate_sd) are dropped, as reckon drops them; everything else is kept.
// Written for Stan 2.21 (Debian's rstan).
functions {
    // log Phi(u), computed like log_normal_cdf in src/estimate/normal.cpp: directly while
    // Phi(u) is representable, else by the asymptotic (Mills ratio) series. Stan 2.21's own
    // normal_lcdf has known inaccuracies in the far lower tail, so the cross-check does not
    // depend on it.
    real log_Phi(real u) {
        if (u > -20) {
            return log(0.5 * erfc(-u / sqrt2()));
        } else {
            real u2 = u * u;
            real series = 1 - 1 / u2 + 3 / (u2 * u2) - 15 / (u2 * u2 * u2);
            return -0.5 * u2 - 0.5 * log(2 * pi()) - log(-u) + log(series);
        }
    }

    // One observation's log likelihood: the reported log value y against the model's log
    // quantity m with noise s. Forms: 0 centred (normal), 1 lower bound (the truth is above
    // y), 2 upper bound (the truth is below y). As observe() in model.cpp.
    real observe(int form, real y, real m, real s) {
        if (form == 0) {
            real r = (y - m) / s;
            return -log(s) - 0.5 * r * r;
        } else if (form == 1) {
            return log_Phi((m - y) / s);
        } else {
            return log_Phi((y - m) / s);
        }
    }

    // A positive scale with a log-normal prior, non-centred: median * exp(log_sd * z).
    real scale_of(real median, real log_sd, real z) {
        return median * exp(log_sd * z);
    }

    // A level shock's log density up to a constant: Student-t with df degrees of freedom, or
    // the standard normal for df 0 (shock_log_density in model.cpp).
    real shock_log_density(real e, int df) {
        if (df <= 0) return -0.5 * e * e;
        return -0.5 * (df + 1) * log1p(e * e / df);
    }

    // Each import batch's quantity spread evenly over its months (monthly_imports).
    // z_first is the first import batch's index into z.
    vector monthly_imports(int T, int[] first, int[] last, vector quantity, vector log_sd, vector z, int z_first) {
        vector[T] imp = rep_vector(0, T);
        for (j in 1:num_elements(first)) {
            real per_month = quantity[j] * exp(log_sd[j] * z[z_first + j - 1]) / (last[j] - first[j] + 1);
            for (t in first[j]:last[j]) imp[t] += per_month;
        }
        return imp;
    }

    // The product's launches per month: its own counted launches, else all counted launches
    // times its share; both divided by the coverage of the counts (monthly_usage).
    vector monthly_usage(int[] has_launch, vector launched, int[] has_counted, vector product_counted,
                         int[] regime, vector share, real coverage) {
        int T = num_elements(launched);
        vector[T] usage = rep_vector(0, T);
        for (t in 1:T) {
            if (has_counted[t] == 1) {
                usage[t] = product_counted[t] / coverage;
            } else if (has_launch[t] == 1) {
                usage[t] = launched[t] * (regime[t] > 0 ? share[regime[t]] : 1.0) / coverage;
            }
        }
        return usage;
    }

    // Production month by month and the inventory it leaves (production_path): the stock
    // before month t's output is B_t = S_{t-1} + imports_t - usage_t; where the tolerance tau_t
    // is positive the least output that keeps S_t >= -tau_t is F_t = w softplus((-B_t - tau_t) / w),
    // w = tau_t / 4, and production is the smooth maximum x_t = (F_t^s + exp(s eta_t))^(1/s);
    // else x_t = exp(eta_t). eta is already capped at 30 (reckon's MAX_LOG_RATE).
    // Returns, packed in one vector: log production mu (n), the inventory S (T), and the log
    // Jacobian sum_k log d mu_k / d eta_k = -sum_k softplus(s (log F_k - eta_k)).
    vector production_path(int start0, vector eta, vector imp, vector usage, vector tolerance, real s) {
        int T = num_elements(imp);
        int n = num_elements(eta);
        vector[n + T + 1] out = rep_vector(0, n + T + 1);
        real stock = 0;
        real log_jacobian = 0;
        for (t in 1:T) {
            real before = stock + imp[t] - usage[t];
            real x = 0;
            if (t > start0) {
                int k = t - start0;
                real mu = eta[k];
                if (tolerance[t] > 0) {
                    real width = 0.25 * tolerance[t];
                    real floor_t = width * log1p_exp((-before - tolerance[t]) / width);
                    if (floor_t > 0) {
                        real log_floor = log(floor_t);
                        mu = log_sum_exp(s * log_floor, s * eta[k]) / s;
                        log_jacobian -= log1p_exp(s * (log_floor - eta[k]));
                    }
                }
                out[k] = mu;
                x = exp(mu);
            }
            stock = before + x;
            out[n + t] = stock;
        }
        out[n + T + 1] = log_jacobian;
        return out;
    }

    // A logit-normal matched (delta method) to a mean and sd, as logit_normal() does: returns
    // {centre, spread}.
    vector logit_normal(real mean, real sd) {
        real m = fmin(fmax(mean, 1e-4), 1 - 1e-4);
        return [logit(m), sd / (m * (1 - m))]';
    }
}
data {
    int<lower=1> T;                 // months in the programme
    int<lower=0> start0;            // production starts at month start0 + 1 (0-based start0)
    int<lower=0, upper=1> has_launch[T];
    vector[T] launched;             // counted launches (0 where has_launch == 0)
    int<lower=0, upper=1> has_counted[T];
    vector[T] product_counted;      // counted launches of the product itself (0 where none)
    int<lower=0> R;                 // share regimes
    int<lower=0, upper=R> regime[T];  // 1-based regime per month, 0 = none (share 1)
    vector[R] share_mean;
    vector[R] share_sd;
    int<lower=0> J;                 // import batches
    int<lower=1, upper=T> imp_first[J];
    int<lower=1, upper=T> imp_last[J];
    vector[J] imp_quantity;
    vector[J] imp_log_sd;
    int<lower=0> N;                 // observations
    int<lower=0, upper=5> target_kind[N];  // Target enum in model.hpp
    int<lower=0, upper=2> form[N];         // Form enum in model.hpp
    vector[N] log_value;
    vector[N] extra_sd;
    int<lower=1, upper=6> source_class[N];
    int<lower=1, upper=T> obs_month[N];    // unit_cost: the month whose mid-point is used
    matrix[N, T] W;                        // weights of each observation's months
    int<lower=0> K;                 // serial sightings
    int<lower=1, upper=T> ser_month[K];
    vector[K] ser_fraction;
    int<lower=1, upper=T> ser_start[K];
    vector[K] ser_serial;
    vector[K] ser_earlier;
    // priors (Priors in model.hpp)
    real initial_log_rate_mean;
    real initial_log_rate_sd;
    real initial_growth_mean;
    real initial_growth_sd;
    real level_sd_median;
    real level_sd_log_sd;
    real growth_sd_median;
    real growth_sd_log_sd;
    real bias_mean_sd;
    real bias_spread_median;
    real bias_spread_log_sd;
    vector[6] bias_offset;
    vector[6] noise_median;
    vector[6] noise_log_sd;
    real coverage_mean;
    real coverage_sd;
    real cost_ref_quantity;
    real cost_log_ref_mean;
    real cost_log_ref_sd;
    real cost_exponent_mean;
    real cost_exponent_sd;
    real cost_noise_median;
    real cost_noise_log_sd;
    real barrier_fraction;
    real barrier_floor;
    // model settings (ModelData in model.hpp)
    real use_ratio_mean;
    real use_ratio_sd;
    real<lower=0> use_window_sd;
    int use_window_months;
    int<lower=0> level_shock_df;
    real trend_damping;
}
transformed data {
    int n = T - start0;  // production months
    // Layout of z, 1-based, in the order of Model::Model.
    int o_level0 = 1;
    int o_growth0 = 2;
    int o_level_shocks = 3;
    int o_growth_shocks = o_level_shocks + max(n - 1, 0);
    int o_level_sd = o_growth_shocks + max(n - 2, 0);
    int o_growth_sd = o_level_sd + 1;
    int o_bias_mean = o_growth_sd + 1;
    int o_bias_spread = o_bias_mean + 1;
    int o_bias = o_bias_spread + 1;
    int o_noise = o_bias + 6;
    int o_coverage = o_noise + 6;
    int o_shares = o_coverage + 1;
    int o_imports = o_shares + R;
    int o_cost_ref = o_imports + J;
    int o_cost_exponent = o_cost_ref + 1;
    int o_cost_noise = o_cost_exponent + 1;
    int o_use_ratio = o_cost_noise + 1;
    int D = o_use_ratio;
    // The production months' coordinates (level_index in model.cpp): month k's is z[level[k]].
    int level[n];
    // The other coordinates: standard normal under the prior.
    int others[D - n];
    // The floor's sharpness: half the inverse of the level shocks' median scale (floor_sharpness).
    real sharpness = 0.5 / level_sd_median;
    vector[2] cov_ln = logit_normal(coverage_mean, coverage_sd);
    vector[2] ratio_ln = logit_normal(use_ratio_mean, use_ratio_sd);
    vector[R] share_centre;
    vector[R] share_spread;
    // Observation sums that involve data only.
    vector[N] weight_sum = W * rep_vector(1, T);
    vector[N] w_launched = W * launched;
    // How far below zero the inventory may go: from the counted launches so far, never from z
    // (m_tolerance); 0 (no bound, no barrier) before any launch is counted.
    vector[T] tolerance = rep_vector(0, T);
    // Growth damping per production month k (m_damping): 1 up to the last month any evidence
    // covers, trend_damping after it.
    vector[n] damping = rep_vector(1, n);
    int last_evidence = start0;  // 1-based here: the month start0 + 1 is 0-based start0
    // Windows of launch data [win_first, win_last] that observe the usage ratio (m_windows).
    int n_win = 0;
    int win_first[T];
    int win_last[T];
    real log_ref_quantity = log(cost_ref_quantity);
    for (k in 1:n) level[k] = k == 1 ? o_level0 : o_level_shocks + k - 2;
    {
        int at = 0;
        for (i in 1:D) {
            int is_level = i == o_level0 || (i >= o_level_shocks && i < o_growth_shocks);
            if (!is_level) {
                at += 1;
                others[at] = i;
            }
        }
    }
    for (r in 1:R) {
        vector[2] ln = logit_normal(share_mean[r], share_sd[r]);
        share_centre[r] = ln[1];
        share_spread[r] = ln[2];
    }
    {
        real counted = 0;
        for (t in 1:T) {
            if (has_launch[t] == 1) counted += launched[t];
            if (counted > 0) tolerance[t] = barrier_fraction * counted + barrier_floor;
        }
    }
    // last_evidence is 1-based: start0 + 1 at the least.
    last_evidence = start0 + 1;
    for (i in 1:N)
        for (t in 1:T)
            if (W[i, t] > 0) last_evidence = max(last_evidence, t);
    for (k in 1:K) last_evidence = max(last_evidence, ser_month[k]);
    for (t in 1:T)
        if (has_launch[t] == 1 && launched[t] > 0) last_evidence = max(last_evidence, t);
    for (k in 2:n)
        if (start0 + k > last_evidence) damping[k] = trend_damping;
    {
        int span = max(use_window_months, 1);
        int t = start0 + 1;
        while (t <= T) {
            if (has_launch[t] == 0) {
                t += 1;
            } else {
                int end = t;
                while (end + 1 <= T && has_launch[end + 1] == 1 && end + 1 - t < span) end += 1;
                // A short tail joins the window before it (integer division, as in C++).
                if (end - t + 1 < span / 2 && n_win > 0 && win_last[n_win] == t - 1) {
                    win_last[n_win] = end;
                } else {
                    n_win += 1;
                    win_first[n_win] = t;
                    win_last[n_win] = end;
                }
                t = end + 1;
            }
        }
        // Windows without any launch counted observe nothing.
        {
            int kept = 0;
            for (w in 1:n_win) {
                if (sum(launched[win_first[w]:win_last[w]]) > 0) {
                    kept += 1;
                    win_first[kept] = win_first[w];
                    win_last[kept] = win_last[w];
                }
            }
            n_win = kept;
        }
    }
}
parameters {
    vector[D] z;
}
model {
    vector[n] eta;
    vector[n] mu;
    vector[n + T + 1] path;
    vector[T] x = rep_vector(0, T);
    vector[T] C;
    vector[T] S;
    vector[R] share;
    vector[6] bias;
    vector[6] noise;
    real coverage = inv_logit(cov_ln[1] + cov_ln[2] * z[o_coverage]);
    real use_ratio = inv_logit(ratio_ln[1] + ratio_ln[2] * z[o_use_ratio]);
    real sigma_level = scale_of(level_sd_median, level_sd_log_sd, z[o_level_sd]);
    real sigma_growth = scale_of(growth_sd_median, growth_sd_log_sd, z[o_growth_sd]);
    real bias_mean = bias_mean_sd * z[o_bias_mean];
    real bias_spread = scale_of(bias_spread_median, bias_spread_log_sd, z[o_bias_spread]);
    real log_ref = cost_log_ref_mean + cost_log_ref_sd * z[o_cost_ref];
    real exponent = cost_exponent_mean + cost_exponent_sd * z[o_cost_exponent];
    real cost_noise = scale_of(cost_noise_median, cost_noise_log_sd, z[o_cost_noise]);
    vector[T] imp = monthly_imports(T, imp_first, imp_last, imp_quantity, imp_log_sd, z, o_imports);
    vector[T] usage;
    vector[max(n - 1, 1)] delta;
    vector[N] Wx;
    vector[N] Wimp;
    int bad = 0;

    // Prior: every parameter but the production months' coordinates is standard normal.
    target += -0.5 * dot_self(z[others]);

    // Imports, usage, then production and the inventory it leaves.
    for (r in 1:R) share[r] = inv_logit(share_centre[r] + share_spread[r] * z[o_shares + r - 1]);
    usage = monthly_usage(has_launch, launched, has_counted, product_counted, regime, share, coverage);
    for (k in 1:n) {
        real e = initial_log_rate_mean + initial_log_rate_sd * z[level[k]];
        // reckon returns -inf from log production 30 up; the cap keeps the arithmetic finite
        // and the point is rejected below.
        if (!(e < 30)) bad = 1;
        eta[k] = fmin(e, 30);
    }
    path = production_path(start0, eta, imp, usage, tolerance, sharpness);
    mu = path[1:n];
    S = path[(n + 1):(n + T)];
    for (k in 1:n) x[start0 + k] = exp(mu[k]);
    C = cumulative_sum(x);

    // The trend's prior on log production: mu_1 normal, Student-t level shocks
    // e_k = (mu_k - mu_{k-1} - delta_{k-1}) / sigma_level, growth non-centred and damped beyond
    // the evidence; plus the Jacobian of theta -> mu.
    delta[1] = initial_growth_mean + initial_growth_sd * z[o_growth0];
    for (k in 2:(n - 1)) delta[k] = damping[k] * delta[k - 1] + sigma_growth * z[o_growth_shocks + k - 2];
    {
        real r = (mu[1] - initial_log_rate_mean) / initial_log_rate_sd;
        target += -0.5 * r * r;
    }
    for (k in 2:n)
        target += shock_log_density((mu[k] - mu[k - 1] - delta[k - 1]) / sigma_level, level_shock_df)
                  - log(sigma_level);
    target += path[n + T + 1];

    // "Inventory >= 0", softly: the path keeps it above -tolerance; between that and 0 the
    // barrier weighs.
    for (t in 1:T)
        if (tolerance[t] > 0) target += log_Phi(S[t] / tolerance[t]);

    // Usage: in each window, launches of the product = ratio x (made + imported), in logs.
    for (w in 1:n_win) {
        real used = sum(usage[win_first[w]:win_last[w]]);
        real supplied = sum(x[win_first[w]:win_last[w]]) + sum(imp[win_first[w]:win_last[w]]);
        if (!(used > 0) || !(supplied > 0)) {
            bad = 1;
        } else {
            real r = (log(used) - log(use_ratio * supplied)) / use_window_sd;
            target += -0.5 * r * r;
        }
    }

    // Sources: a shared bias, a spread of the classes around it, and a noise per class.
    for (c in 1:6) {
        bias[c] = bias_offset[c] + bias_mean + bias_spread * z[o_bias + c - 1];
        noise[c] = scale_of(noise_median[c], noise_log_sd[c], z[o_noise + c - 1]);
    }

    // Observations.
    Wx = W * x;
    Wimp = W * imp;
    for (i in 1:N) {
        real m;
        real sigma;
        int kind = target_kind[i];
        if (kind == 5) {  // unit cost at the cumulative output mid-month
            int mo = obs_month[i];
            real cm = (mo > 1 ? C[mo - 1] : 0) + 0.5 * x[mo];
            m = log_ref + exponent * (log(cm + 1) - log_ref_quantity);
            sigma = hypot(cost_noise, extra_sd[i]);
        } else {
            real q;
            if (kind == 0) q = Wx[i] / weight_sum[i];
            else if (kind == 1) q = Wx[i];
            else if (kind == 2) q = w_launched[i] / weight_sum[i] / coverage;
            else if (kind == 3) q = w_launched[i] / coverage;
            else q = Wimp[i];
            if (!(q > 0)) {
                bad = 1;
                q = 1;  // keep the arithmetic finite; the point is rejected below
            }
            m = log(q) + bias[source_class[i]];
            sigma = hypot(noise[source_class[i]], extra_sd[i]);
        }
        target += observe(form[i], log_value[i], m, sigma);
    }

    // Serial numbers: the German tank problem with time.
    for (k in 1:K) {
        int mo = ser_month[k];
        int st = ser_start[k];
        real base = st > 1 ? C[st - 1] : 0;
        real made = (mo > 1 ? C[mo - 1] : 0) + ser_fraction[k] * x[mo] - base;
        real unseen = made - ser_earlier[k];
        real tau_s = 0.5 + 0.01 * ser_serial[k];
        if (!(unseen > 1e-9)) {
            bad = 1;
        } else {
            target += -log(unseen) + log_Phi((made - ser_serial[k] + 0.5) / tau_s);
        }
    }
    if (bad == 1) target += negative_infinity();
}
generated quantities {
    vector[T] x = rep_vector(0, T);  // production per month (Draw::production)
    real total;                      // cumulative production at the end of the range
    real learning_rate = 1 - pow(2, cost_exponent_mean + cost_exponent_sd * z[o_cost_exponent]);
    {
        vector[R] share;
        vector[n] eta;
        vector[n + T + 1] path;
        real coverage = inv_logit(cov_ln[1] + cov_ln[2] * z[o_coverage]);
        vector[T] imp = monthly_imports(T, imp_first, imp_last, imp_quantity, imp_log_sd, z, o_imports);
        for (r in 1:R) share[r] = inv_logit(share_centre[r] + share_spread[r] * z[o_shares + r - 1]);
        for (k in 1:n) eta[k] = fmin(initial_log_rate_mean + initial_log_rate_sd * z[level[k]], 30);
        path = production_path(start0, eta, imp,
                               monthly_usage(has_launch, launched, has_counted, product_counted, regime, share, coverage),
                               tolerance, sharpness);
        for (k in 1:n) x[start0 + k] = exp(path[k]);
    }
    total = sum(x);
}
