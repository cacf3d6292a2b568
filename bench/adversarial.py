#!/usr/bin/env python3
"""An adversarial simulator for reckon's programme model.

Its truths are NOT drawn from reckon's prior: production follows S-curves, ramps and
plateaus, stops and restarts; stocks are lean or fat; source classes boast or understate;
claims are relayed with rewording; evidence is sparse; serials are seen months after the
item was made. Each programme is written as the files `reckon estimate` reads (programme.toml,
claims.csv, launches.csv, serials.csv) with truth.json beside them.

    adversarial.py generate SEED FAMILY DIR   write one programme
    adversarial.py score DIR OUTDIR           compare reckon's outputs in OUTDIR with DIR/truth.json
    adversarial.py families                   list the families

Only the standard library: every draw comes from random.Random(seed), so a seed gives the
same files on every machine. docs/model.md ("Adversarial simulator") describes the families.
"""
import csv
import json
import math
import os
import random
import sys

FAMILIES = ["scurve", "plateau", "stop", "fat_stock", "boast", "relay", "sparse", "serials"]
CLASSES = ["official", "intelligence", "analyst", "company", "media", "unattributed"]
FIRST_YEAR, FIRST_MONTH = 2022, 1


def month_name(t):
    m = FIRST_MONTH - 1 + t
    return f"{FIRST_YEAR + m // 12:04d}-{m % 12 + 1:02d}"


def days_in(t):
    m = FIRST_MONTH - 1 + t
    y, mo = FIRST_YEAR + m // 12, m % 12 + 1
    if mo == 2:
        return 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28
    return 30 if mo in (4, 6, 9, 11) else 31


def first_day(t):
    return month_name(t) + "-01"


def last_day(t):
    return f"{month_name(t)}-{days_in(t):02d}"


def round_sig(x, digits=2):
    """Reported figures are rounded, as people round them."""
    if x <= 0:
        return 0.0
    e = math.floor(math.log10(x)) - digits + 1
    return round(x / 10**e) * 10**e


def fmt_num(x):
    return f"{x:.6g}"


# --- truths: production paths that are not a local linear trend on the log -----------------
def path_scurve(r, n):
    top = math.exp(r.uniform(math.log(300), math.log(6000)))
    mid = r.uniform(0.3, 0.7) * n
    width = r.uniform(2.5, 6.0)
    base = top * r.uniform(0.01, 0.05)
    return [base + (top - base) / (1 + math.exp(-(k - mid) / width)) for k in range(n)]


def path_plateau(r, n):
    top = math.exp(r.uniform(math.log(200), math.log(4000)))
    start = top * r.uniform(0.03, 0.15)
    ramp = int(r.uniform(0.25, 0.6) * n)
    out = []
    for k in range(n):
        if k < ramp:
            out.append(start + (top - start) * k / ramp)
        else:
            out.append(top)
    # a second step for some: a new line opened later
    if r.random() < 0.4:
        at = int(r.uniform(0.7, 0.9) * n)
        f = r.uniform(1.3, 1.8)
        out = [v * (f if k >= at else 1) for k, v in enumerate(out)]
    return out


def path_stop(r, n):
    out = path_scurve(r, n) if r.random() < 0.5 else path_plateau(r, n)
    at = int(r.uniform(0.45, 0.85) * n)
    length = 1 + (r.random() < 0.4)
    for k in range(at, min(n, at + length)):
        out[k] *= 0.05
    # recovery over two months
    for j, f in enumerate((0.5, 0.8)):
        k = at + length + j
        if k < n:
            out[k] *= f
    return out, at


def wiggle(r, path, sd=0.06):
    """Month-to-month irregularity: independent, not a random walk."""
    return [v * math.exp(r.gauss(0, sd)) for v in path]


# --- the programme ---------------------------------------------------------------------------
class Programme:
    def __init__(self, seed, family):
        self.seed = seed
        self.family = family
        self.r = random.Random(seed * 7919 + FAMILIES.index(family))
        self.claims = []  # rows for claims.csv
        self.serials = []
        self.note = []

    def claim(self, metric, value, unit, qualifier, t0, t1, cls, origin="", low=None, high=None,
              report_t=None, url=None, first=None, last=None):
        n = len(self.claims) + 1
        report = last_day(report_t if report_t is not None else t1)
        self.claims.append({
            "report_date": report,
            "url": url or f"https://example.org/adv/{self.seed}/{n}",
            "subject": "adversarial",
            "metric": metric,
            "value": fmt_num(value),
            "unit": unit,
            "qualifier": qualifier,
            "period": "",
            "attribution": cls,
            "reckon_metric": metric,
            "reckon_value": fmt_num(value),
            "reckon_low": fmt_num(low) if low is not None else "",
            "reckon_high": fmt_num(high) if high is not None else "",
            "reckon_unit": unit,
            "reckon_qualifier": qualifier,
            "period_start": first or first_day(t0),
            "period_end": last or last_day(t1),
            "source_class": cls,
            "origin": origin,
            "product": "widget",
            "use": "yes",
            "note": "adversarial",
        })

    def generate(self):
        r = self.r
        f = self.family
        T = r.randint(36, 48)
        s0 = r.randint(2, 6)
        n = T - s0
        stop_at = None
        if f == "scurve":
            path = path_scurve(r, n)
        elif f == "plateau":
            path = path_plateau(r, n)
        elif f == "stop":
            path, stop_at = path_stop(r, n)
        else:
            path = path_scurve(r, n) if r.random() < 0.5 else path_plateau(r, n)
        prod = [0.0] * s0 + wiggle(r, path)
        self.T, self.s0, self.prod = T, s0, prod

        # Usage: a share of what was made, used after a lag; lean stocks use almost all,
        # fat stocks keep much of it.
        if f == "fat_stock":
            use_ratio = r.uniform(0.35, 0.6)
        else:
            use_ratio = r.uniform(0.75, 0.97)
        lag = r.choice([0, 1, 1, 2])
        imports_qty = 0.0
        imports_last = 0
        if r.random() < 0.5:
            imports_qty = max(prod) * r.uniform(1, 4)
            imports_last = min(T - 1, s0 + r.randint(4, 10))
        imp = [0.0] * T
        for t in range(0, imports_last + 1 if imports_qty else 0):
            imp[t] = imports_qty / (imports_last + 1)
        coverage = min(0.99, max(0.7, r.gauss(0.9, 0.04)))
        stock = 0.0
        usage = [0.0] * T
        for t in range(T):
            avail = stock + imp[t] + prod[t]
            want = use_ratio * (prod[t - lag] if t - lag >= 0 else 0) + use_ratio * imp[t]
            want *= math.exp(r.gauss(0, 0.1))
            usage[t] = min(avail, want)
            stock = avail - usage[t]
        launched = [round(u * coverage * math.exp(r.gauss(0, 0.03))) for u in usage]
        launch_months = list(range(T))
        if f == "sparse":
            # launch counts only for a window, or none at all
            if r.random() < 0.5:
                launch_months = []
            else:
                a = r.randint(s0, T - 12)
                launch_months = list(range(a, a + 8))
        self.launched = launched
        self.launch_months = launch_months

        # Source classes: biases (log), noise.
        bias = {c: r.gauss(0, 0.08) for c in CLASSES}
        noise = {c: r.uniform(0.1, 0.3) for c in CLASSES}
        if f == "boast":
            boaster = r.choice(["intelligence", "official", "media"])
            bias[boaster] = math.log(2.0)
            under = r.choice([c for c in ["analyst", "company", "unattributed"]])
            bias[under] = math.log(r.uniform(0.5, 0.7))
            self.note.append(f"{boaster} boasts 2x, {under} understates")

        def observed(cls, q):
            return q * math.exp(bias[cls] + r.gauss(0, noise[cls]))

        # Which months the claims speak of.
        if f == "sparse":
            n_rate, n_total = r.randint(1, 3), r.randint(0, 1)
            window = (s0, s0 + max(4, n // 3))  # evidence only early on
        elif f == "serials":
            n_rate, n_total = r.randint(1, 3), 0
            window = (s0, T - 1)
        else:
            n_rate, n_total = r.randint(5, 10), r.randint(1, 2)
            window = (s0, T - 1)

        def some_class():
            if f == "boast":
                return r.choice(CLASSES[:3] + [boaster, boaster, under])
            return r.choice(CLASSES)

        relay_chains = 3 if f == "relay" else (1 if r.random() < 0.3 else 0)
        for i in range(n_rate):
            length = r.choice([1, 1, 2, 3])
            t0 = r.randint(window[0], max(window[0], window[1] - length + 1))
            t1 = min(T - 1, t0 + length - 1)
            truth = sum(prod[t0:t1 + 1]) / (t1 - t0 + 1)
            if truth <= 0:
                continue
            cls = some_class()
            v = observed(cls, truth)
            form = r.random()
            if form < 0.6:
                self.claim("production_rate", round_sig(v), "unit/month", "approx", t0, t1, cls)
            elif form < 0.75:
                self.claim("production_rate", round_sig(v * r.uniform(0.6, 0.9)), "unit/month", "over", t0, t1, cls)
            elif form < 0.85:
                self.claim("production_rate", round_sig(v * r.uniform(1.15, 1.6)), "unit/month", "under", t0, t1, cls)
            else:
                lo, hi = round_sig(v * 0.8), round_sig(v * 1.25)
                self.claim("production_rate", round_sig(v), "unit/month", "range", t0, t1, cls, low=lo, high=hi)
            if i < relay_chains:
                self.relay_chain(v, t0, t1, cls)
        for i in range(n_total):
            t1 = r.randint(max(s0 + 6, window[0]), window[1]) if window[1] >= s0 + 6 else window[1]
            truth = sum(prod[s0:t1 + 1])
            cls = some_class()
            self.claim("production_total", round_sig(observed(cls, truth)), "unit", "approx", s0, t1, cls)

        # Serials: dated sightings of items made a while before they were seen.
        n_serials = r.randint(4, 8) if f == "serials" else (r.randint(0, 3) if r.random() < 0.3 else 0)
        cum = []
        c = 0.0
        for t in range(T):
            c += prod[t]
            cum.append(c)
        seen = set()
        for _ in range(n_serials):
            t = r.randint(s0 + 3, T - 1)
            day = r.randint(1, days_in(t))
            lag_months = r.choice([0, 1, 2, 3])
            made_by = cum[max(s0, t - lag_months) - 1] if t - lag_months > s0 else cum[s0] * 0.5
            if made_by < 2:
                continue
            serial = r.randint(1, int(made_by))
            if serial in seen:
                continue
            seen.add(serial)
            self.serials.append((f"A{serial}", "A", f"{month_name(t)}-{day:02d}"))

        self.stop_at = None if stop_at is None else s0 + stop_at
        self.use_ratio, self.coverage, self.imp, self.usage = use_ratio, coverage, imp, usage
        self.imports_qty, self.imports_last = imports_qty, imports_last

    def relay_chain(self, v, t0, t1, cls):
        """The same figure passed on by other outlets, reworded: per day for per month, 'more
        than' for 'about', a quarter for a month, 'now' said months later. No origin key."""
        r = self.r
        for _ in range(r.randint(2, 4)):
            kind = r.choice(["per_day", "over", "quarter", "later", "same"])
            cls2 = r.choice(["media", "unattributed", cls])
            if kind == "per_day":
                self.claim("production_rate", round_sig(v / 30.4, 2), "unit/day", "approx", t0, t1, cls2)
            elif kind == "over":
                self.claim("production_rate", round_sig(v * 0.95), "unit/month", "over", t0, t1, cls2)
            elif kind == "quarter":
                self.claim("production_total", round_sig(3 * v), "unit", "approx", t0, min(self.T - 1, t0 + 2), cls2)
            elif kind == "later":
                t = min(self.T - 1, t1 + r.randint(1, 3))
                self.claim("production_rate", round_sig(v), "unit/month", "approx", t, t, cls2, report_t=t)
            else:
                self.claim("production_rate", round_sig(v, 1), "unit/month", "approx", t0, t1, cls2)

    def write(self, folder):
        os.makedirs(folder, exist_ok=True)
        r = self.r
        T, s0 = self.T, self.s0
        guess = self.prod[s0] * math.exp(r.gauss(0, 0.7))  # the analyst's prior guess, not the truth
        with open(os.path.join(folder, "claims.csv"), "w", newline="") as fh:
            cols = ["report_date", "url", "subject", "metric", "value", "unit", "qualifier", "period",
                    "attribution", "reckon_metric", "reckon_value", "reckon_low", "reckon_high", "reckon_unit",
                    "reckon_qualifier", "period_start", "period_end", "source_class", "origin", "product", "use",
                    "note"]
            w = csv.DictWriter(fh, fieldnames=cols, lineterminator="\n")
            w.writeheader()
            for row in self.claims:
                w.writerow(row)
        with open(os.path.join(folder, "launches.csv"), "w") as fh:
            fh.write("month,model,launched\n")
            for t in self.launch_months:
                fh.write(f"{month_name(t)},adv,{self.launched[t]}\n")
        with open(os.path.join(folder, "serials.csv"), "w") as fh:
            fh.write("serial,series,date_seen,place,source\n")
            for s, series, d in self.serials:
                fh.write(f"{s},{series},{d},simulated,adversarial seed {self.seed}\n")
        imports = ""
        if self.imports_qty:
            imports = (f'\n[[imports]]\nname = "imports"\nfrom = "{month_name(0)}"\nto = "{month_name(self.imports_last)}"\n'
                       f"quantity = {fmt_num(round_sig(self.imports_qty * math.exp(r.gauss(0, 0.3))))}\nlog_sd = 0.5\n")
        launches = ""
        if self.launch_months:
            launches = ('\n[evidence.launches]\nfile = "launches.csv"\nmodel_column = "model"\nmodels = ["adv"]\n'
                        'count_column = "launched"\n')
        serials = 'serials = "serials.csv"\n' if self.serials else ""
        series = f'\n[[evidence.series]]\nname = "A"\nstart = "{month_name(s0)}"\n' if self.serials else ""
        toml = f"""# An adversarial programme (bench/adversarial.py, family {self.family}, seed {self.seed}).
name = "Adversarial {self.family} {self.seed}"
product = "Widget"
start = "{month_name(0)}"
end = "{month_name(T - 1)}"
production_start = "{month_name(s0)}"
{imports}
[evidence]
claims = "claims.csv"
{serials}
[evidence.products]
own = ["widget"]
{series}{launches}
[priors]
initial_rate = {fmt_num(round_sig(guess))}
initial_rate_log_sd = 1.5
initial_growth = 0.1
initial_growth_sd = 0.2
coverage_mean = 0.9
coverage_sd = 0.05
"""
        with open(os.path.join(folder, "programme.toml"), "w") as fh:
            fh.write(toml)
        cum, c = [], 0.0
        for v in self.prod:
            c += v
            cum.append(c)
        truth = {"seed": self.seed, "family": self.family, "months": [month_name(t) for t in range(T)],
                 "production_start": month_name(s0), "production": self.prod, "cumulative": cum,
                 "total": cum[-1], "usage": self.usage, "launched": self.launched,
                 "use_ratio": self.use_ratio, "coverage": self.coverage, "stop_month":
                 month_name(self.stop_at) if self.stop_at is not None else None, "notes": self.note}
        with open(os.path.join(folder, "truth.json"), "w") as fh:
            json.dump(truth, fh, indent=1)


def score(folder, out):
    """One line of JSON: per-month coverage, total coverage and log error, divergences."""
    truth = json.load(open(os.path.join(folder, "truth.json")))
    est = json.load(open(os.path.join(out, "estimate.json")))
    months = {m["month"]: m for m in est["months"]}
    covered = total_months = 0
    s0 = truth["months"].index(truth["production_start"])
    for t, name in enumerate(truth["months"]):
        if t < s0:
            continue
        p = months[name]["production"]
        total_months += 1
        covered += p["q05"] <= truth["production"][t] <= p["q95"]
    tot = est["total"]
    d = est["diagnostics"]
    transitions = d["chains"] * d["draws"]
    return {"family": truth["family"], "seed": truth["seed"], "months": total_months, "months_covered": covered,
            "total_covered": tot["q05"] <= truth["total"] <= tot["q95"],
            "log_error": math.log(tot["median"] / truth["total"]), "divergent": d["divergences"],
            "transitions": transitions, "grad_per_ess": d["gradient_evaluations"] / max(d["min_ess_bulk"], 1e-9)}


def summary(path, tag, seconds):
    """RESULT lines per family and pooled from a file of score lines."""
    import statistics
    rows = [json.loads(line) for line in open(path) if line.strip()]
    failed = [r for r in rows if r.get("failed")]
    rows = [r for r in rows if not r.get("failed")]

    def report(name, rs):
        if not rs:
            return
        m = sum(r["months_covered"] for r in rs) / sum(r["months"] for r in rs)
        t = sum(r["total_covered"] for r in rs) / len(rs)
        errs = [r["log_error"] for r in rs]
        div = sum(r["divergent"] for r in rs) / sum(r["transitions"] for r in rs)
        fits = sum(r["divergent"] > 0 for r in rs) / len(rs)
        p = f"adv_{tag}_{name}"
        print(f"RESULT {p}_coverage_month {m:.3f} share")
        print(f"RESULT {p}_coverage_total {t:.3f} share")
        print(f"RESULT {p}_mean_log_error {statistics.mean(errs):+.3f} log")
        print(f"RESULT {p}_median_abs_log_error {statistics.median(abs(e) for e in errs):.3f} log")
        print(f"RESULT {p}_divergent_share {div:.4f} share")
        print(f"RESULT {p}_fits_divergent {fits:.3f} share")
        print(f"RESULT {p}_grad_per_ess_median {statistics.median(r['grad_per_ess'] for r in rs):.0f} evaluations")
        print(f"RESULT {p}_fits {len(rs)} fits")

    for f in sorted({r["family"] for r in rows}):
        report(f, [r for r in rows if r["family"] == f])
    report("pooled", rows)
    print(f"RESULT adv_{tag}_failed {len(failed)} fits")
    print(f"RESULT adv_{tag}_seconds {seconds} s")


def main(argv):
    if len(argv) >= 2 and argv[1] == "families":
        print(" ".join(FAMILIES))
    elif len(argv) == 5 and argv[1] == "generate":
        p = Programme(int(argv[2]), argv[3])
        p.generate()
        p.write(argv[4])
    elif len(argv) == 5 and argv[1] == "summary":
        summary(argv[2], argv[3], argv[4])
    elif len(argv) == 4 and argv[1] == "score":
        print(json.dumps(score(argv[2], argv[3])))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
