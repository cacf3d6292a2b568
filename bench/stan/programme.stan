// reckon's programme model written a second time, in Stan, for the cross-check in bench/stan.sh
// (docs/stan-crosscheck.md). It must be the same density as Model::evaluate in
// src/estimate/model.cpp, term by term: the parameters are one vector z laid out exactly as
// Model::Layout, every element standard normal under the prior (non-centred), and the data
// come from the JSON that `reckon estimate --model-data` writes, converted by run_stan.R
// (months 1-based here, NaN launch counts turned into has_* flags, observation weights into a
// dense matrix W). Constants that do not depend on z (e.g. -log sqrt(2 pi)) are dropped, as
// reckon drops them; everything else is kept. Written for Stan 2.21 (Debian's rstan).
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
    int D = o_cost_noise;
    // Logit-normal priors matched (delta method) to a mean and sd, as logit_normal() does.
    real cov_m = fmin(fmax(coverage_mean, 1e-4), 1 - 1e-4);
    real cov_centre = logit(cov_m);
    real cov_spread = coverage_sd / (cov_m * (1 - cov_m));
    vector[R] share_centre;
    vector[R] share_spread;
    // Observation sums that involve data only.
    vector[N] weight_sum = W * rep_vector(1, T);
    vector[N] w_launched = W * launched;
    // The inventory barrier's softness: from the counted launches so far, never from z.
    int barrier_on[T];
    vector[T] tau;
    real log_ref_quantity = log(cost_ref_quantity);
    for (r in 1:R) {
        real m = fmin(fmax(share_mean[r], 1e-4), 1 - 1e-4);
        share_centre[r] = logit(m);
        share_spread[r] = share_sd[r] / (m * (1 - m));
    }
    {
        real counted = 0;
        for (t in 1:T) {
            if (has_launch[t] == 1) counted += launched[t];
            barrier_on[t] = counted > 0;
            tau[t] = barrier_fraction * counted + barrier_floor;
        }
    }
}
parameters {
    vector[D] z;
}
transformed parameters {
    vector[T] x = rep_vector(0, T);  // production per month
    {
        real sigma_level = scale_of(level_sd_median, level_sd_log_sd, z[o_level_sd]);
        real sigma_growth = scale_of(growth_sd_median, growth_sd_log_sd, z[o_growth_sd]);
        real mu = initial_log_rate_mean + initial_log_rate_sd * z[o_level0];
        real delta = initial_growth_mean + initial_growth_sd * z[o_growth0];
        for (k in 1:n) {
            if (k >= 2) {
                // mu_k = mu_{k-1} + delta_{k-1} + shock; then delta_k = delta_{k-1} + shock
                mu += delta + sigma_level * z[o_level_shocks + k - 2];
                if (k < n) delta += sigma_growth * z[o_growth_shocks + k - 2];
            }
            // reckon returns -inf beyond e^30 units a month; the cap keeps x finite there
            // and the model block rejects the point.
            x[start0 + k] = exp(fmin(mu, 30));
        }
    }
}
model {
    vector[T] C = cumulative_sum(x);
    vector[T] imp = rep_vector(0, T);
    vector[T] U = rep_vector(0, T);
    vector[T] S;
    vector[R] share;
    vector[6] bias;
    vector[6] noise;
    real coverage = inv_logit(cov_centre + cov_spread * z[o_coverage]);
    real bias_mean = bias_mean_sd * z[o_bias_mean];
    real bias_spread = scale_of(bias_spread_median, bias_spread_log_sd, z[o_bias_spread]);
    real log_ref = cost_log_ref_mean + cost_log_ref_sd * z[o_cost_ref];
    real exponent = cost_exponent_mean + cost_exponent_sd * z[o_cost_exponent];
    real cost_noise = scale_of(cost_noise_median, cost_noise_log_sd, z[o_cost_noise]);
    vector[N] Wx = W * x;
    vector[N] Wimp;
    int bad = 0;

    // Prior: every element of z is standard normal.
    z ~ normal(0, 1);

    // The same check as reckon's (mu >= 30 has no density).
    {
        real sigma_level = scale_of(level_sd_median, level_sd_log_sd, z[o_level_sd]);
        real sigma_growth = scale_of(growth_sd_median, growth_sd_log_sd, z[o_growth_sd]);
        real mu = initial_log_rate_mean + initial_log_rate_sd * z[o_level0];
        real delta = initial_growth_mean + initial_growth_sd * z[o_growth0];
        for (k in 1:n) {
            if (k >= 2) {
                mu += delta + sigma_level * z[o_level_shocks + k - 2];
                if (k < n) delta += sigma_growth * z[o_growth_shocks + k - 2];
            }
            if (!(mu < 30)) bad = 1;
        }
    }

    // Imports, spread evenly over their months.
    for (j in 1:J) {
        real qty = imp_quantity[j] * exp(imp_log_sd[j] * z[o_imports + j - 1]);
        real per_month = qty / (imp_last[j] - imp_first[j] + 1);
        for (t in imp_first[j]:imp_last[j]) imp[t] += per_month;
    }
    Wimp = W * imp;

    // Usage: the product's own counted launches, else all counted launches times its share;
    // both divided by the coverage of the launch data.
    for (r in 1:R) share[r] = inv_logit(share_centre[r] + share_spread[r] * z[o_shares + r - 1]);
    for (t in 1:T) {
        if (has_counted[t] == 1) {
            U[t] = product_counted[t] / coverage;
        } else if (has_launch[t] == 1) {
            U[t] = launched[t] * (regime[t] > 0 ? share[regime[t]] : 1.0) / coverage;
        }
    }

    // Inventory, kept non-negative by a soft barrier.
    S = cumulative_sum(x + imp - U);
    for (t in 1:T)
        if (barrier_on[t] == 1) target += log_Phi(S[t] / tau[t]);

    // Sources: a shared bias, a spread of the classes around it, and a noise per class.
    for (c in 1:6) {
        bias[c] = bias_offset[c] + bias_mean + bias_spread * z[o_bias + c - 1];
        noise[c] = scale_of(noise_median[c], noise_log_sd[c], z[o_noise + c - 1]);
    }

    // Observations.
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
    real total = sum(x);  // cumulative production at the end of the range
    real learning_rate = 1 - pow(2, cost_exponent_mean + cost_exponent_sd * z[o_cost_exponent]);
}
