// Reading programme files with toml++; see programme.hpp and docs/programme.md. Unknown keys
// are errors (a misspelt prior would otherwise be silently ignored).
#include "reckon/evidence/programme.hpp"

#include <fmt/core.h>
#include <toml++/toml.h>

#include <cmath>
#include <set>

#include "reckon/core/claim.hpp"
#include "reckon/core/error.hpp"

namespace reckon::evidence {

std::string_view to_string(ProductRole role) {
    switch (role) {
        case ProductRole::own:
            return "own";
        case ProductRole::wider:
            return "wider";
        case ProductRole::related:
            return "related";
        case ProductRole::unrelated:
            return "unrelated";
    }
    return "?";
}

std::optional<ProductRole> Programme::role_of(std::string_view label) const {
    if (label.empty()) return ProductRole::own;
    const auto it = product_labels.find(std::string(label));
    if (it == product_labels.end()) return std::nullopt;
    return it->second;
}

namespace {

std::string join_keys(std::initializer_list<std::string_view> keys) {
    std::string out;
    for (auto k : keys) out += (out.empty() ? "" : ", ") + std::string(k);
    return out;
}

class Reader {
public:
    explicit Reader(std::string file) : m_file(std::move(file)) {}

    [[noreturn]] void fail(const toml::node* node, const std::string& what,
                           const std::string& hint = {}) const {
        Location where{m_file};
        if (node && node->source().begin.line) {
            where.line = node->source().begin.line;
            where.column = node->source().begin.column;
        }
        throw InputError(where, what,
                         hint.empty() ? "see docs/programme.md for the programme file's keys" : hint);
    }

    // Rejects keys the programme format does not know.
    void only(const toml::table& t, std::initializer_list<std::string_view> keys,
              std::string_view where) const {
        for (auto&& [k, v] : t) {
            bool known = false;
            for (auto key : keys) known = known || k.str() == key;
            if (!known)
                fail(&v, fmt::format("unknown key '{}' in {}", k.str(), where),
                     fmt::format("the keys allowed here are: {}", join_keys(keys)));
        }
    }

    std::string string(const toml::table& t, std::string_view key, bool required,
                       std::string_view where) const {
        const toml::node* n = t.get(key);
        if (!n) {
            if (required) fail(&t, fmt::format("{} needs '{}'", where, key));
            return {};
        }
        if (auto s = n->value<std::string>()) return *s;
        fail(n, fmt::format("'{}' must be a string", key));
    }

    std::optional<double> number(const toml::table& t, std::string_view key, bool required,
                                 std::string_view where, bool positive = false) const {
        const toml::node* n = t.get(key);
        if (!n) {
            if (required) fail(&t, fmt::format("{} needs '{}'", where, key));
            return std::nullopt;
        }
        auto v = n->value<double>();
        if (!v || !std::isfinite(*v)) fail(n, fmt::format("'{}' must be a finite number", key));
        if (positive && !(*v > 0)) fail(n, fmt::format("'{}' must be greater than 0, not {}", key, *v));
        return v;
    }

    Month month(const toml::table& t, std::string_view key, std::string_view where) const {
        const std::string s = string(t, key, true, where);
        auto m = Month::parse(s);
        if (!m)
            fail(t.get(key), fmt::format("'{}' = \"{}\" is not a month", key, s),
                 "write a month as \"YYYY-MM\"");
        return *m;
    }

    core::Date date(const toml::node* n, std::string_view key) const {
        if (auto s = n->value<std::string>()) {
            if (auto d = core::parse_iso_date(*s)) return *d;
            if (auto m = Month::parse(*s); m && s->size() == 7) return m->last_day();
        }
        if (auto d = n->value<toml::date>()) return core::make_date(d->year, d->month, d->day);
        fail(n, fmt::format("'{}' is not a date", key),
             R"(write a date as "YYYY-MM-DD" (or "YYYY-MM" for a month's end))");
    }

    std::vector<std::string> strings(const toml::table& t, std::string_view key) const {
        std::vector<std::string> out;
        const toml::node* n = t.get(key);
        if (!n) return out;
        const toml::array* a = n->as_array();
        if (!a) fail(n, fmt::format("'{}' must be an array of strings", key));
        for (auto&& e : *a) {
            auto s = e.value<std::string>();
            if (!s) fail(&e, fmt::format("'{}' must hold strings only", key));
            out.push_back(*s);
        }
        return out;
    }

    const toml::table* table(const toml::table& t, std::string_view key) const {
        const toml::node* n = t.get(key);
        if (!n) return nullptr;
        if (const auto* tab = n->as_table()) return tab;
        fail(n, fmt::format("'{}' must be a table ([{}])", key, key));
    }

    // An array of tables ([[key]]), empty when absent.
    std::vector<const toml::table*> tables(const toml::table& t, std::string_view key) const {
        std::vector<const toml::table*> out;
        const toml::node* n = t.get(key);
        if (!n) return out;
        const toml::array* a = n->as_array();
        if (!a) fail(n, fmt::format("'{}' must be an array of tables ([[{}]])", key, key));
        for (auto&& e : *a) {
            const auto* tab = e.as_table();
            if (!tab) fail(&e, fmt::format("each '{}' entry must be a table", key));
            out.push_back(tab);
        }
        return out;
    }

private:
    std::string m_file;
};

// The [[site]] tables: satellite images of the programme's site (docs/imagery.md).
void read_sites(const Reader& r, const toml::table& root, Programme& p) {
    for (const auto* t : r.tables(root, "site")) {
        r.only(*t, {"name", "aoi", "images", "dates", "method", "optional"}, "a [[site]] entry");
        SiteSpec site;
        site.name = r.string(*t, "name", true, "a [[site]] entry");
        if (t->get("aoi")) site.aoi = p.dir / r.string(*t, "aoi", true, "");
        for (const auto& image : r.strings(*t, "images")) site.images.push_back(p.dir / image);
        if (site.images.size() < 2)
            r.fail(t, "a [[site]] entry needs 'images' with at least two images, oldest first",
                   R"(list image files or folders of bands, e.g. images = ["site/2023-03", "site/2024-09"])");
        if (const toml::node* n = t->get("dates")) {
            const toml::array* a = n->as_array();
            if (!a) r.fail(n, "'dates' must be an array of dates, one per image");
            for (auto&& e : *a) site.dates.push_back(r.date(&e, "dates"));
            if (site.dates.size() != site.images.size())
                r.fail(
                    n,
                    fmt::format("'dates' has {} dates for {} images", site.dates.size(), site.images.size()),
                    "give one date per image, in the same order, or leave 'dates' out to read them from "
                    "the images' names");
            for (std::size_t i = 1; i < site.dates.size(); ++i)
                if (site.dates[i] < site.dates[i - 1])
                    r.fail(n, "'dates' are not in order", "list the images oldest first");
        }
        if (t->get("method")) site.method = r.string(*t, "method", true, "");
        if (const toml::node* o = t->get("optional")) {
            auto b = o->value<bool>();
            if (!b) r.fail(o, "'optional' must be true or false");
            site.optional = *b;
        }
        p.sites.push_back(std::move(site));
    }
}

}  // namespace

Programme load_programme(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        throw InputError({file.string()}, "no such programme file",
                         "give the path of a programme TOML file (see docs/programme.md)");
    toml::table root;
    try {
        root = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        Location where{file.string(), e.source().begin.line, e.source().begin.column};
        throw InputError(where, fmt::format("malformed TOML: {}", e.description()),
                         "fix the TOML syntax at this line (https://toml.io)");
    }
    Reader r(file.string());
    Programme p;
    p.file = file;
    p.dir = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
    r.only(root,
           {"name", "product", "aliases", "producers", "entities", "start", "end", "production_start",
            "report_dates", "contracts", "imports", "evidence", "priors", "site"},
           "the programme");
    p.name = r.string(root, "name", true, "the programme");
    p.product = r.string(root, "product", true, "the programme");
    p.aliases = r.strings(root, "aliases");
    p.producers = r.strings(root, "producers");
    if (root.get("entities")) p.entities = p.dir / r.string(root, "entities", true, "");
    p.first = r.month(root, "start", "the programme");
    p.last = r.month(root, "end", "the programme");
    if (p.last < p.first) r.fail(root.get("end"), "'end' comes before 'start'");
    if (p.months() > 600)
        r.fail(root.get("end"), "the time range is longer than 50 years", "shorten start..end");
    p.production_start =
        root.get("production_start") ? r.month(root, "production_start", "the programme") : p.first;
    if (p.production_start < p.first || p.last < p.production_start)
        r.fail(root.get("production_start"), "'production_start' lies outside start..end");
    if (const toml::node* n = root.get("report_dates")) {
        const toml::array* a = n->as_array();
        if (!a) r.fail(n, "'report_dates' must be an array of dates");
        for (auto&& e : *a) p.report_dates.push_back(r.date(&e, "report_dates"));
    }

    for (const auto* c : r.tables(root, "contracts")) {
        r.only(*c, {"name", "quantity", "due", "value_usd", "source"}, "a [[contracts]] entry");
        Contract k;
        k.name = r.string(*c, "name", true, "a [[contracts]] entry");
        k.quantity = *r.number(*c, "quantity", true, "a [[contracts]] entry", true);
        if (!c->get("due")) r.fail(c, "a [[contracts]] entry needs 'due'");
        k.due = r.date(c->get("due"), "due");
        k.value_usd = r.number(*c, "value_usd", false, "a [[contracts]] entry", true);
        k.source = r.string(*c, "source", false, "");
        p.contracts.push_back(std::move(k));
    }
    for (const auto* c : r.tables(root, "imports")) {
        r.only(*c, {"name", "from", "to", "quantity", "log_sd", "source"}, "an [[imports]] entry");
        ImportSpec s;
        s.name = r.string(*c, "name", false, "");
        s.first = r.month(*c, "from", "an [[imports]] entry");
        s.last = r.month(*c, "to", "an [[imports]] entry");
        if (s.last < s.first) r.fail(c->get("to"), "'to' comes before 'from'");
        if (s.first < p.first || p.last < s.last)
            r.fail(c, "an import batch lies outside the programme's start..end",
                   "widen start..end or the batch's months");
        s.quantity = *r.number(*c, "quantity", true, "an [[imports]] entry", true);
        s.log_sd = r.number(*c, "log_sd", false, "", true).value_or(0.3);
        s.source = r.string(*c, "source", false, "");
        p.imports.push_back(std::move(s));
    }

    if (const auto* ev = r.table(root, "evidence")) {
        r.only(*ev, {"claims", "launches", "serials", "series", "documents", "products"}, "[evidence]");
        if (const auto* labels = r.table(*ev, "products")) {
            r.only(*labels, {"own", "wider", "related", "unrelated"}, "[evidence.products]");
            for (auto [key, role] : {std::pair{"own", ProductRole::own},
                                     {"wider", ProductRole::wider},
                                     {"related", ProductRole::related},
                                     {"unrelated", ProductRole::unrelated}}) {
                for (const auto& label : r.strings(*labels, key)) {
                    if (label.empty())
                        r.fail(labels->get(key), "an empty product label is the product itself",
                               "leave it out: rows with no product count as the product");
                    auto [it, fresh] = p.product_labels.emplace(label, role);
                    if (!fresh && it->second != role)
                        r.fail(labels->get(key),
                               fmt::format("product label '{}' is listed as both {} and {}", label,
                                           to_string(it->second), to_string(role)),
                               "give each label one role");
                }
            }
        }
        if (ev->get("claims")) p.claims_csv = p.dir / r.string(*ev, "claims", true, "");
        if (ev->get("serials")) p.serials_csv = p.dir / r.string(*ev, "serials", true, "");
        for (const auto* s : r.tables(*ev, "series")) {
            r.only(*s, {"name", "start"}, "an [[evidence.series]] entry");
            p.series.push_back({r.string(*s, "name", true, "an [[evidence.series]] entry"),
                                r.month(*s, "start", "an [[evidence.series]] entry")});
        }
        for (const auto* d : r.tables(*ev, "documents")) {
            r.only(*d, {"path", "published", "optional"}, "an [[evidence.documents]] entry");
            DocumentSpec spec;
            spec.path = p.dir / r.string(*d, "path", true, "an [[evidence.documents]] entry");
            if (d->get("published")) spec.published = r.date(d->get("published"), "published");
            if (const toml::node* o = d->get("optional")) {
                auto b = o->value<bool>();
                if (!b) r.fail(o, "'optional' must be true or false");
                spec.optional = *b;
            }
            p.documents.push_back(std::move(spec));
        }
        if (const auto* l = r.table(*ev, "launches")) {
            r.only(*l,
                   {"file", "date_column", "model_column", "models", "count_column", "share_column",
                    "share_base_column", "share"},
                   "[evidence.launches]");
            LaunchSpec s;
            s.file = p.dir / r.string(*l, "file", true, "[evidence.launches]");
            if (l->get("date_column")) s.date_column = r.string(*l, "date_column", true, "");
            s.model_column = r.string(*l, "model_column", false, "");
            s.models = r.strings(*l, "models");
            if (!s.model_column.empty() && s.models.empty())
                r.fail(l, "'model_column' is given but 'models' is empty",
                       "list the model names to keep in 'models'");
            if (l->get("count_column")) s.count_column = r.string(*l, "count_column", true, "");
            s.share_column = r.string(*l, "share_column", false, "");
            s.share_base_column = r.string(*l, "share_base_column", false, "");
            for (const auto* sh : r.tables(*l, "share")) {
                r.only(*sh, {"from", "to", "mean", "sd"}, "an [[evidence.launches.share]] entry");
                LaunchSpec::Share share;
                share.first = r.month(*sh, "from", "a share entry");
                share.last = r.month(*sh, "to", "a share entry");
                share.mean = *r.number(*sh, "mean", true, "a share entry", true);
                share.sd = *r.number(*sh, "sd", true, "a share entry", true);
                if (share.mean >= 1 || share.sd >= 0.5)
                    r.fail(sh, "a share's mean must lie in (0, 1) and its sd below 0.5");
                s.shares.push_back(share);
            }
            p.launches = std::move(s);
        }
    }

    read_sites(r, root, p);

    if (const auto* pr = r.table(root, "priors")) {
        r.only(*pr,
               {"initial_rate", "initial_rate_log_sd", "initial_growth", "initial_growth_sd", "level_sd",
                "growth_sd", "level_sd_log_sd", "growth_sd_log_sd", "rounding_sd", "bias_sd", "bias_spread",
                "coverage_mean", "coverage_sd", "sources", "cost", "barrier_fraction"},
               "[priors]");
        auto& priors = p.priors;
        if (auto v = r.number(*pr, "initial_rate", false, "", true))
            priors.initial_log_rate_mean = std::log(*v);
        if (auto v = r.number(*pr, "initial_rate_log_sd", false, "", true)) priors.initial_log_rate_sd = *v;
        if (auto v = r.number(*pr, "initial_growth", false, "")) priors.initial_growth_mean = *v;
        if (auto v = r.number(*pr, "initial_growth_sd", false, "", true)) priors.initial_growth_sd = *v;
        if (auto v = r.number(*pr, "level_sd", false, "", true)) priors.level_sd.median = *v;
        if (auto v = r.number(*pr, "growth_sd", false, "", true)) priors.growth_sd.median = *v;
        if (auto v = r.number(*pr, "level_sd_log_sd", false, "")) priors.level_sd.log_sd = std::max(0.0, *v);
        if (auto v = r.number(*pr, "growth_sd_log_sd", false, ""))
            priors.growth_sd.log_sd = std::max(0.0, *v);
        if (auto v = r.number(*pr, "rounding_sd", false, "")) priors.rounding_sd = std::max(0.0, *v);
        if (auto v = r.number(*pr, "bias_sd", false, "", true)) priors.bias_mean_sd = *v;
        if (auto v = r.number(*pr, "bias_spread", false, "", true)) priors.bias_spread.median = *v;
        if (auto v = r.number(*pr, "coverage_mean", false, "", true)) priors.coverage_mean = *v;
        if (auto v = r.number(*pr, "coverage_sd", false, "", true)) priors.coverage_sd = *v;
        if (auto v = r.number(*pr, "barrier_fraction", false, "", true)) priors.barrier_fraction = *v;
        if (priors.coverage_mean >= 1) r.fail(pr->get("coverage_mean"), "'coverage_mean' must lie in (0, 1)");
        if (const auto* src = r.table(*pr, "sources")) {
            for (auto&& [k, v] : *src) {
                auto cls = core::parse_source_class(k.str());
                if (!cls)
                    r.fail(&v, fmt::format("unknown source class '{}'", k.str()),
                           "use official, intelligence, analyst, company, media or unattributed");
                const auto* t = v.as_table();
                if (!t) r.fail(&v, "each source class's priors must be a table");
                r.only(*t, {"noise", "noise_log_sd", "bias"}, "a source class's priors");
                const auto c = static_cast<std::size_t>(*cls);
                if (auto x = r.number(*t, "noise", false, "", true)) priors.noise[c].median = *x;
                if (auto x = r.number(*t, "noise_log_sd", false, "", true)) priors.noise[c].log_sd = *x;
                if (auto x = r.number(*t, "bias", false, "")) priors.bias_offset[c] = *x;
            }
        }
        if (const auto* c = r.table(*pr, "cost")) {
            r.only(*c, {"ref_quantity", "ref_cost", "ref_cost_log_sd", "exponent", "exponent_sd", "noise"},
                   "[priors.cost]");
            if (auto x = r.number(*c, "ref_quantity", false, "", true)) priors.cost_ref_quantity = *x;
            if (auto x = r.number(*c, "ref_cost", false, "", true)) priors.cost_log_ref_mean = std::log(*x);
            if (auto x = r.number(*c, "ref_cost_log_sd", false, "", true)) priors.cost_log_ref_sd = *x;
            if (auto x = r.number(*c, "exponent", false, "")) priors.cost_exponent_mean = *x;
            if (auto x = r.number(*c, "exponent_sd", false, "", true)) priors.cost_exponent_sd = *x;
            if (auto x = r.number(*c, "noise", false, "", true)) priors.cost_noise.median = *x;
        }
    }
    return p;
}

}  // namespace reckon::evidence
