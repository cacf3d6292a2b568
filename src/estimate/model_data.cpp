// From evidence to the model's data: months, weights and observations; see model_data.hpp.
#include "reckon/estimate/model_data.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "reckon/core/error.hpp"

namespace reckon::estimate {
namespace {

constexpr double MISSING = std::numeric_limits<double>::quiet_NaN();
using core::Month;

// Days of `period` that fall in each programme month, as a fraction of that month.
std::vector<std::pair<int, double>> month_weights(const core::Period& period, const evidence::Programme& p) {
    std::vector<std::pair<int, double>> out;
    const Month a = Month::of(period.first);
    const Month b = Month::of(period.last);
    for (Month m = a; m <= b; m.index++) {
        const int t = p.offset(m);
        if (t < 0 || t >= p.months()) continue;
        const auto from = std::max(std::chrono::sys_days(period.first), std::chrono::sys_days(m.first_day()));
        const auto to = std::min(std::chrono::sys_days(period.last), std::chrono::sys_days(m.last_day()));
        const double days = static_cast<double>((to - from).count() + 1);
        if (days > 0) out.emplace_back(t, days / m.days());
    }
    return out;
}

// The share of a period's days that fall inside the programme's months.
double share_inside(const core::Period& period, const evidence::Programme& p) {
    const auto first = std::chrono::sys_days(period.first);
    const auto last = std::chrono::sys_days(period.last);
    const auto lo = std::max(first, std::chrono::sys_days(p.first.first_day()));
    const auto hi = std::min(last, std::chrono::sys_days(Month{p.first.index + p.months() - 1}.last_day()));
    const double all = static_cast<double>((last - first).count() + 1);
    if (hi < lo || !(all > 0)) return 0;
    return static_cast<double>((hi - lo).count() + 1) / all;
}

std::string claim_name(const evidence::EvidenceClaim& c) {
    return fmt::format("{}:{} ({} {} {})", c.file, c.line, c.metric, c.value, c.unit);
}

// Sets a claim aside and says so in the notes, and on stderr for a claims-CSV row (claims read
// from documents are many: claims.csv gives each one's reason): nothing is dropped silently.
void aside(evidence::EvidenceClaim& c, evidence::Evidence& ev, const std::string& why) {
    c.set_aside(why);
    const std::string note = fmt::format("claim {} set aside: {}", claim_name(c), why);
    if (!c.from_document()) fmt::print(stderr, "reckon: note: {}\n", note);
    ev.notes.push_back(note);
}

}  // namespace

ModelData build_model_data(const evidence::Programme& p, evidence::Evidence& ev) {
    ModelData d;
    d.months = p.months();
    d.production_start = p.offset(p.production_start);
    d.priors = p.priors;
    d.launched.assign(d.months, MISSING);
    d.product_counted.assign(d.months, MISSING);
    d.share_regime.assign(d.months, -1);
    if (p.launches) {
        for (std::size_t r = 0; r < p.launches->shares.size(); ++r) {
            const auto& s = p.launches->shares[r];
            d.shares.push_back({p.offset(s.first), p.offset(s.last), s.mean, s.sd});
            for (int t = std::max(0, p.offset(s.first)); t <= std::min(d.months - 1, p.offset(s.last)); ++t)
                d.share_regime[t] = static_cast<int>(r);
        }
        for (std::size_t t = 0; t < ev.launches.size(); ++t) {
            const auto& m = ev.launches[t];
            if (m.rows == 0) continue;
            d.launched[t] = m.launched;
            if (m.product_counted) d.product_counted[t] = *m.product_counted;
        }
    }
    for (const auto& im : p.imports)
        d.imports.push_back({p.offset(im.first), p.offset(im.last), im.quantity, im.log_sd});

    bool informs_production = false;
    for (auto& c : ev.claims) {
        if (c.status != evidence::ClaimStatus::observation) continue;
        Observation o;
        o.source_class = static_cast<int>(c.source_class);
        o.weights = month_weights(c.period, p);
        if (o.weights.empty()) {
            aside(c, ev,
                  fmt::format("its period {}..{} lies outside the programme's months {}..{}",
                              core::to_iso(c.period.first), core::to_iso(c.period.last), p.first.to_string(),
                              Month{p.first.index + p.months() - 1}.to_string()));
            continue;
        }
        const double inside = share_inside(c.period, p);
        double value = c.value;
        double low = c.low.value_or(c.value);
        double high = c.high.value_or(c.value);
        const bool rate_unit = evidence::per_month(1, c.unit).has_value();
        if (rate_unit) {
            value = *evidence::per_month(value, c.unit);
            low = *evidence::per_month(low, c.unit);
            high = *evidence::per_month(high, c.unit);
        }
        switch (c.qualifier) {
            case core::Qualifier::over:
                o.form = Form::lower_bound;
                break;
            case core::Qualifier::under:
                o.form = Form::upper_bound;
                break;
            default:
                o.form = Form::centred;
                break;
        }
        if (c.qualifier == core::Qualifier::range && high > low) {
            o.log_value = 0.5 * (std::log(low) + std::log(high));
            o.extra_sd = (std::log(high) - std::log(low)) / (2 * RANGE_Z);
        } else {
            o.log_value = std::log(value);
        }
        const auto& m = c.metric;
        if (m == "production_rate" || m == "capacity") {
            o.target = Target::production_rate;
            if (m == "capacity") o.form = Form::upper_bound;
            if (p.role_of(c.product) == evidence::ProductRole::wider && o.form == Form::centred)
                o.form = Form::upper_bound;
        } else if (m == "production_total") {
            o.target = Target::production_total;
            if (p.role_of(c.product) == evidence::ProductRole::wider && o.form == Form::centred)
                o.form = Form::upper_bound;
        } else if (m == "launches") {
            o.target = rate_unit ? Target::launches_rate : Target::launches_total;
            bool covered = true;
            for (auto [t, w] : o.weights) covered = covered && std::isfinite(d.launched[t]);
            if (!covered) {
                aside(c, ev, "the launch data do not cover its period");
                continue;
            }
        } else if (m == "imports") {
            o.target = Target::imports_total;
            double imported = 0;
            for (auto [t, w] : o.weights)
                for (const auto& b : d.imports) imported += (t >= b.first && t <= b.last) ? w : 0;
            if (imported <= 0) {
                aside(c, ev, "no import batch in the programme covers its period");
                continue;
            }
        } else if (m == "unit_cost") {
            o.target = Target::unit_cost;
            const auto mid = std::chrono::sys_days(c.period.first) + std::chrono::days(c.period.days() / 2);
            o.month = std::clamp(p.offset(Month::of(core::Date(mid))), 0, d.months - 1);
        }
        if (o.target == Target::production_rate || o.target == Target::production_total) {
            std::erase_if(o.weights, [&](auto tw) { return tw.first < d.production_start; });
            if (o.weights.empty()) {
                aside(c, ev, "its period ends before production starts");
                continue;
            }
            informs_production = true;
        }
        if (o.target == Target::unit_cost && Month::of(c.period.last) < p.production_start) {
            aside(c, ev, "a cost from before production started (a price paid for imports?)");
            continue;
        }
        if (o.target == Target::unit_cost && !(c.unit.empty() || c.unit == "USD" || c.unit == "USD/unit")) {
            aside(c, ev, "unit cost not in USD");
            continue;
        }
        if ((o.target == Target::production_total || o.target == Target::launches_total ||
             o.target == Target::imports_total) &&
            rate_unit) {
            aside(c, ev, "a total given as a rate");
            continue;
        }
        if (inside < 1 - 1e-9) {
            // A total over a period partly outside the range is prorated to the days inside
            // (a steady rate assumed); a rate is compared with its months inside. Said, not silent.
            const bool total = o.target == Target::production_total || o.target == Target::launches_total ||
                               o.target == Target::imports_total;
            if (total) o.log_value += std::log(inside);
            const std::string note = fmt::format(
                "claim {}: {:.0f}% of its period lies inside the programme's months; {}", claim_name(c),
                100 * inside,
                total ? "its total is prorated to the days inside" : "it is compared with the months inside");
            fmt::print(stderr, "reckon: note: {}\n", note);
            ev.notes.push_back(note);
        }
        o.extra_sd = std::hypot(o.extra_sd, p.priors.rounding_sd);
        c.observation = static_cast<int>(d.observations.size());
        d.observations.push_back(std::move(o));
    }

    // Serials: in date order per series, each counting the ones seen before it.
    std::map<std::string, int> seen_in_series;
    std::vector<const evidence::SerialRow*> by_date;
    for (const auto& s : ev.serials) by_date.push_back(&s);
    std::stable_sort(by_date.begin(), by_date.end(), [](auto* a, auto* b) {
        return std::chrono::sys_days(a->seen) < std::chrono::sys_days(b->seen);
    });
    for (const auto* s : by_date) {
        const Month m = Month::of(s->seen);
        const int t = p.offset(m);
        if (t < d.production_start || t >= d.months) {
            ev.notes.push_back(fmt::format("serial {} seen {} lies outside the production months: not used",
                                           s->text, core::to_iso(s->seen)));
            continue;
        }
        SerialSighting sighting;
        sighting.month = t;
        sighting.month_fraction = static_cast<double>(static_cast<unsigned>(s->seen.day())) / m.days();
        sighting.series_start = d.production_start;
        for (const auto& spec : p.series)
            if (spec.name == s->series)
                sighting.series_start = std::clamp(p.offset(spec.start), 0, d.months - 1);
        sighting.serial = s->serial;
        sighting.earlier = seen_in_series[s->series]++;
        d.serials.push_back(sighting);
        informs_production = true;
    }
    bool has_launches = false;
    for (double l : d.launched) has_launches = has_launches || std::isfinite(l);
    if (!informs_production && !has_launches)
        throw InputError({p.file.string()}, "the programme has no evidence about production",
                         "give [evidence] a claims CSV with production figures, launch counts, serial "
                         "numbers or documents (see docs/programme.md)");
    return d;
}

}  // namespace reckon::estimate
