// `reckon run PROGRAMME_DIR --out DIR`: first ingests the programme's documents into
// DIR/reckon.db, so the whole flow from documents to estimate and report is one command.
#include "cmd_run.hpp"

#include <fmt/core.h>

#include <filesystem>
#include <system_error>

#include "cmd_site_common.hpp"
#include "reckon/core/error.hpp"
#include "reckon/evidence/gather.hpp"
#include "reckon/report/estimate_files.hpp"
#include "reckon/report/report.hpp"
#include "reckon/store/store.hpp"

namespace fs = std::filesystem;

namespace reckon::app {

namespace {

// The programme's [[site]] entries: each image compared with the one before it, the polygons
// and quick-looks written to OUT/site/<n>/ and stored as site observations (a comparison the
// store holds already is left as it was).
void compare_programme_sites(const evidence::Programme& programme, const fs::path& out, store::Store& store,
                             bool overwrite) {
    int n = 0;
    for (const auto& site : programme.sites) {
        std::vector<std::string> missing;
        std::error_code ec;
        for (const auto& image : site.images)
            if (!fs::exists(image, ec)) missing.push_back(image.string());
        if (site.aoi && !fs::exists(*site.aoi, ec)) missing.push_back(site.aoi->string());
        if (!missing.empty()) {
            if (site.optional) {
                fmt::print(stderr, "reckon: site '{}': {} is absent; skipped (optional)\n", site.name,
                           missing.front());
                continue;
            }
            throw InputError({programme.file.string()},
                             fmt::format("site '{}': {} does not exist", site.name, missing.front()),
                             "correct the [[site]] entry's paths (relative to the programme file), or set "
                             "optional = true");
        }
        SiteMethodOptions method;
        method.method = site.method;
        for (std::size_t i = 1; i < site.images.size(); ++i) {
            SiteCompareRequest request;
            request.before = site.images[i - 1].string();
            request.after = site.images[i].string();
            request.aoi = site.aoi ? site.aoi->string() : std::string();
            request.out = (out / "site" / std::to_string(++n)).string();
            request.site = site.name;
            if (!site.dates.empty())
                request.before_date = site.dates[i - 1], request.after_date = site.dates[i];
            request.overwrite = overwrite;
            request.print_polygons = false;
            fmt::print(stderr, "reckon: site '{}': comparing {} with {}\n", site.name, request.before,
                       request.after);
            check_site_dates(request, true);
            compare_site(request, method, &store);
        }
    }
}

}  // namespace

void RunCommand::setup(CLI::App& app) {
    app.description(
        "The whole flow for a programme folder holding programme.toml: ingest its documents\n"
        "into OUT/reckon.db (claims and events, with their sentences), then estimate with\n"
        "those claims and the folder's CSV evidence, writing everything to OUT, and end with\n"
        "the report (OUT/index.html, whose path is the last line on stdout; see reckon report).\n"
        "A programme with [[site]] entries also compares its site's images (OUT/site/N/) and\n"
        "stores the changed polygons as site observations, which the report shows.\n\n"
        "Example:\n"
        "  reckon run examples/alabuga --out out/alabuga\n"
        "  # the evidence in a team store on PostgreSQL, the outputs in OUT (docs/scale.md)\n"
        "  reckon run examples/alabuga --db postgresql://ana@db.example/evidence --out out/ana\n");
    app.add_option("programme_dir", m_options.programme_dir,
                   "Folder with programme.toml (or the TOML file itself)")
        ->required()
        ->type_name("DIR");
    app.add_option("--out", m_options.out, "Folder for the store and the outputs")
        ->required()
        ->type_name("DIR");
    app.add_option("--db", m_options.db,
                   "The evidence store to ingest into and estimate from (default: OUT/reckon.db); a "
                   "postgresql:// URI for a team store")
        ->type_name("FILE|URI");
    m_options.sampling.add(app);
}

int RunCommand::run() {
    const auto& out = m_options.out;
    const auto programme = load_programme_arg(m_options.programme_dir);
    report::check_report_folder(out, m_options.sampling.overwrite);  // refused now, not after sampling
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec) throw Error(fmt::format("cannot create {}", out), "check the path and its permissions");
    const std::string db = m_options.db.empty() ? (fs::path(out) / "reckon.db").string() : m_options.db;
    store::Store store(db);
    ingest_programme(programme, store, store::display_location(db));
    compare_programme_sites(programme, out, store, m_options.sampling.overwrite);
    estimate_and_write(programme, evidence::gather(programme, store), m_options.sampling, out,
                       Outputs::estimate_and_report, &store);
    return EXIT_OK;
}

const RunCommand::Options& RunCommand::options() const { return m_options; }

}  // namespace reckon::app
