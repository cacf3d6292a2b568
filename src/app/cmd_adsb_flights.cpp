// `reckon adsb flights FILE...`: tracks → flights with airports, aircraft and operators, the
// watchlist's matches, and the output files (flights.csv, flights.jsonl, tracks.geojson,
// matches.csv) and store events. The rules live in reckon::adsb (flights.hpp, watchlist.hpp);
// this file reads the inputs, wires the pieces and writes the results.
#include "cmd_adsb_flights.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "common.hpp"
#include "output.hpp"
#include "progress_bar.hpp"
#include "reckon/adsb/aircraft_db.hpp"
#include "reckon/adsb/airports.hpp"
#include "reckon/adsb/decode.hpp"
#include "reckon/adsb/flight_export.hpp"
#include "reckon/adsb/flight_format.hpp"
#include "reckon/adsb/flights.hpp"
#include "reckon/adsb/formats.hpp"
#include "reckon/adsb/geojson.hpp"
#include "reckon/adsb/input.hpp"
#include "reckon/adsb/iq.hpp"
#include "reckon/adsb/text_file.hpp"
#include "reckon/adsb/tracker.hpp"
#include "reckon/adsb/trajectory_json.hpp"
#include "reckon/adsb/watchlist.hpp"
#include "reckon/core/error.hpp"
#include "reckon/store/store.hpp"
#include "reckon/text/document.hpp"

namespace fs = std::filesystem;

namespace reckon::app {

namespace {

// Frames and decoded rows → the tracker → TrackPoints.
class TrackSink : public adsb::RecordSink {
public:
    TrackSink(adsb::Tracker& tracker, std::vector<adsb::TrackPoint>& out) : m_tracker(tracker), m_out(out) {}
    void frame(const adsb::Frame& f) override {
        if (adsb::decode(f, m_message) != adsb::DecodeStatus::ok) {
            ++m_bad_frames;
            return;
        }
        message(m_message);
    }
    void message(adsb::Message& m) override {
        adsb::TrackPoint p;
        bool emitted = false;
        if (m_tracker.update(m, &p, &emitted) && emitted) m_out.push_back(std::move(p));
    }
    std::uint64_t bad_frames() const { return m_bad_frames; }

private:
    adsb::Tracker& m_tracker;
    std::vector<adsb::TrackPoint>& m_out;
    adsb::Message m_message;
    std::uint64_t m_bad_frames = 0;
};

// Trajectory JSON (plain or gzip) is read whole into track points; every other input goes
// through adsb::read_input and the tracker.
void read_input(const std::string& input, const adsb::ReadFormat& format, bool forced_json,
                const AdsbFlightsCommand::Options& options, adsb::Tracker& tracker,
                std::vector<adsb::TrackPoint>& points) {
    const bool is_file = input != "-" && !input.starts_with("tcp://");
    if (is_file && (forced_json || adsb::is_trajectory_json_input(input, format.automatic()))) {
        auto t = adsb::read_trajectory_json(input);
        fmt::print(stderr, "reckon: {} (trajectory JSON): {} points{}{}\n", input, t.points.size(),
                   t.skipped ? fmt::format(", {} rows skipped (no time or address)", t.skipped) : "",
                   t.stale_positions ? fmt::format(", {} stale positions dropped", t.stale_positions) : "");
        points.insert(points.end(), std::make_move_iterator(t.points.begin()),
                      std::make_move_iterator(t.points.end()));
        return;
    }
    TrackSink sink(tracker, points);
    const std::size_t before = points.size();
    const adsb::ReadOptions o = options.input.read_options(format);
    const auto report = adsb::read_input(input, o, sink);
    if (report.empty) {
        fmt::print(stderr, "reckon: note: {} is empty\n", input);
        return;
    }
    fmt::print(stderr, "reckon: {} ({}): {} track points{}\n{}", input, report.format, points.size() - before,
               sink.bad_frames() ? fmt::format(", {} frames failed to decode", sink.bad_frames()) : "",
               report.summary());
}

// Flights as JSON lines on stdout, or (with --out) the files and (with --db) the store's events.
void write_outputs(const std::vector<adsb::Flight>& flights,
                   const std::vector<std::vector<const adsb::WatchRule*>>& matched,
                   const adsb::Airports& airports, const AdsbFlightsCommand::Options& options) {
    if (options.out.empty()) {
        Output out("", false);
        for (std::size_t i = 0; i < flights.size(); ++i)
            out.stream() << adsb::to_json(flights[i], matched[i]).dump() << '\n';
        out.commit();
        return;
    }
    std::error_code ec;
    fs::create_directories(options.out, ec);
    if (ec)
        throw InputError({options.out}, "cannot create the output folder: " + ec.message(),
                         "Check the path and permissions.");
    const fs::path dir(options.out);
    // All files are opened (and existing ones refused) before any is written.
    Output csv(dir / "flights.csv", options.overwrite);
    Output jsonl(dir / "flights.jsonl", options.overwrite);
    Output geojson(dir / "tracks.geojson", options.overwrite);
    std::optional<Output> matches_out;
    if (!options.watch.empty()) matches_out.emplace(dir / "matches.csv", options.overwrite);

    csv.stream() << adsb::flights_csv_header() << '\n';
    for (std::size_t i = 0; i < flights.size(); ++i) {
        csv.stream() << adsb::to_csv_row(flights[i], matched[i]) << '\n';
        jsonl.stream() << adsb::to_json(flights[i], matched[i]).dump() << '\n';
    }
    adsb::write_tracks_geojson(geojson.stream(), flights, matched);
    // issue 14: the same tracks for Google Earth and QGIS (flight_export.hpp).
    Output kml(dir / "tracks.kml", options.overwrite);
    Output gpx(dir / "tracks.gpx", options.overwrite);
    adsb::write_tracks_kml(kml.stream(), flights, matched);
    adsb::write_tracks_gpx(gpx.stream(), flights, matched);

    std::string matches_text;
    std::vector<core::Event> events;
    if (matches_out) {
        matches_text = adsb::matches_csv_header() + "\n";
        for (std::size_t i = 0; i < flights.size(); ++i)
            for (const auto* rule : matched[i]) {
                core::Event e = adsb::to_event(flights[i], *rule, airports);
                e.start = matches_text.size();
                matches_text += e.sentence + "\n";
                e.end = e.start + e.sentence.size();
                events.push_back(std::move(e));
            }
        matches_out->stream() << matches_text;
    }
    csv.commit();
    jsonl.commit();
    geojson.commit();
    kml.commit();
    gpx.commit();
    if (matches_out) matches_out->commit();
    fmt::print(stderr,
               "reckon: wrote {}/flights.csv, flights.jsonl, tracks.geojson, tracks.kml, tracks.gpx{}\n",
               options.out, matches_out ? ", matches.csv" : "");

    if (!options.db.empty()) {
        core::DocumentInfo doc;
        doc.path = (dir / "matches.csv").string();
        doc.sha256 = text::sha256_hex(matches_text);
        doc.format = "adsb-matches";
        doc.title = "ADS-B flights matching " + options.watch;
        doc.size_bytes = matches_text.size();
        store::Store store(options.db);
        const auto r = store.ingest(doc, {}, events);
        fmt::print(stderr, "reckon: {}: {}\n", options.db,
                   r.already_present ? std::string("these matches are already stored")
                                     : fmt::format("{} flight events stored", r.events));
    }
}

}  // namespace

void AdsbFlightsCommand::setup(CLI::App& app) {
    app.description(
        "Find the flights in ADS-B data: each aircraft's track is cut into flights where it landed\n"
        "(a stop on the ground, a silence while low) or where a silence cannot be one flight (too far\n"
        "for the time, or time to land and leave with a new callsign); silences at altitude are\n"
        "bridged and listed (gap_min, gaps). Departure and arrival airports and runways come from\n"
        "the first and last low points and the runway the movement is aligned with; registration and type "
        "come from an aircraft table, the operator\n"
        "from the callsign's ICAO airline designator. A watchlist flags the flights of interest.\n"
        "Inputs: decoded trajectories as JSON (the traffic library's exports, .json or .json.gz) and\n"
        "everything `reckon adsb decode` reads (AVR, Beast, SBS, OpenSky, ts,hex; gzip allowed).\n"
        "With --out DIR: flights.csv, flights.jsonl, tracks.geojson, tracks.kml, tracks.gpx and (with "
        "--watch)\n"
        "matches.csv; archives (readsb traces, globe_history tars, aircraft.json, OpenSky, traffic, FR24)\n"
        "are read as in `reckon adsb decode`;\n"
        "without: flights as JSON lines on stdout.\n\n"
        "Examples:\n"
        "  reckon adsb flights capture.avr --airports ourairports/ --aircraft aircraft.csv.gz --out "
        "flights/\n"
        "  reckon adsb flights tracks.json.gz --airports ourairports/ --aircraft aircraft.csv.gz \\\n"
        "      --watch watch.toml --out flights/ --db reckon.db\n"
        "See docs/adsb-flights.md for the rules, the watchlist format and where to get the tables.\n");
    app.add_option("inputs", m_options.inputs, "Files, - for stdin, or tcp://HOST:PORT")
        ->required()
        ->type_name("FILE");
    app.add_option("--airports", m_options.airports,
                   "Folder with OurAirports runways.csv and airport-coords.json")
        ->required()
        ->type_name("DIR");
    app.add_option("--aircraft", m_options.aircraft,
                   "Aircraft table: icao24,registration,typecode,dbflags,description")
        ->type_name("TABLE");
    app.add_option("--operators", m_options.operators,
                   "Operators JSON (default: operators.js.gz beside the table)")
        ->type_name("FILE");
    app.add_option("--watch", m_options.watch, "Watchlist (TOML [[rule]] tables)")->type_name("FILE");
    app.add_option("--out", m_options.out, "Write the output files into this folder (created if absent)")
        ->type_name("DIR");
    app.add_flag("--overwrite", m_options.overwrite, "Replace output files that exist");
    app.add_option("--db", m_options.db, "Store the watchlist's matches as events in this evidence store")
        ->type_name("FILE");
    m_options.input.add(app, "trajectory-json, ");
    app.add_option("--receiver", m_options.receiver,
                   "Receiver position LAT,LON: first reference for surface positions and for single airborne "
                   "frames within 300 km")
        ->type_name("LAT,LON");
    app.add_option("--max-gap", m_options.rules.max_gap_s,
                   "Seconds of silence at altitude bridged without further evidence; longer ones need the "
                   "same callsign (else squawk) or no time to land")
        ->capture_default_str()
        ->check(CLI::Range(1.0, 1e7));
    app.add_option("--max-bridge", m_options.rules.max_bridge_s, "Seconds of silence never bridged")
        ->capture_default_str()
        ->check(CLI::Range(1.0, 1e7));
    app.add_option("--airport-radius", m_options.rules.airport_radius_km,
                   "km from a runway end within which a low point is at that airport")
        ->capture_default_str()
        ->check(CLI::Range(0.1, 100.0));
    app.add_option("--low-agl", m_options.rules.low_agl_ft, "ft above the airport below which a point is low")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 20000.0));
}

int AdsbFlightsCommand::run() {
    if (!m_options.db.empty() && (m_options.out.empty() || m_options.watch.empty()))
        throw UsageError(
            "--db needs --watch and --out",
            "The store keeps the watchlist's matches, with matches.csv as their source document.");
    const bool forced_json = m_options.input.format == "trajectory-json";
    const auto format = adsb::parse_read_format(forced_json ? "auto" : m_options.input.format);
    if (!m_options.input.sample_rate.empty())
        adsb::parse_sample_rate(m_options.input.sample_rate);  // a bad rate is a usage error now
    adsb::TrackerOptions tracker_options;
    if (!m_options.receiver.empty()) tracker_options.receiver = parse_receiver_option(m_options.receiver);
    // Aircraft heard without positions, and callsigns heard after the last position, belong
    // in the flights too.
    tracker_options.emit_without_position = true;

    // Tables first: a wrong path should fail before a long read.
    const adsb::Airports airports = adsb::Airports::load(m_options.airports);
    std::optional<adsb::AircraftDb> aircraft;
    if (!m_options.aircraft.empty())
        aircraft = adsb::AircraftDb::load(m_options.aircraft, m_options.operators);
    else
        fmt::print(stderr,
                   "reckon: note: no --aircraft table: registrations, types and operator names stay empty\n");
    std::optional<adsb::Watchlist> watch;
    if (!m_options.watch.empty()) watch = adsb::Watchlist::load(m_options.watch);

    std::vector<adsb::TrackPoint> points;
    adsb::Tracker tracker(tracker_options);
    ProgressBar bar;
    std::size_t done = 0;
    const bool failed = read_each_input(m_options.inputs, bar, [&](const std::string& input) {
        bar.update(static_cast<double>(done++) / static_cast<double>(m_options.inputs.size()), input);
        read_input(input, format, forced_json, m_options, tracker, points);
    });

    adsb::FlightStats stats;
    const auto flights = adsb::find_flights(std::move(points), airports, aircraft ? &*aircraft : nullptr,
                                            m_options.rules, &stats);
    std::vector<std::vector<const adsb::WatchRule*>> matched(flights.size());
    std::size_t matches = 0;
    if (watch)
        for (std::size_t i = 0; i < flights.size(); ++i) {
            matched[i] = watch->matches(flights[i]);
            matches += matched[i].size();
        }
    write_outputs(flights, matched, airports, m_options);
    fmt::print(stderr,
               "reckon: adsb flights: {} track points of {} aircraft → {} flights ({} pieces only on the "
               "ground, "
               "{} too short){}{}\n",
               stats.points, stats.aircraft, stats.flights, stats.ground_only, stats.too_short,
               stats.gaps_bridged + stats.gaps_cut
                   ? fmt::format("; silences over {:.0f} min: {} bridged, {} cut",
                                 m_options.rules.max_gap_low_s / 60, stats.gaps_bridged, stats.gaps_cut)
                   : std::string(),
               watch ? fmt::format(", {} watchlist matches", matches) : std::string());
    const auto& c = tracker.counters();
    if (c.untimed || c.receiver_local_decodes || c.df11_unconfirmed || c.unconfirmed_pairs)
        fmt::print(
            stderr,
            "reckon: tracker: {} untimed messages (order taken as time), {} CPR pairs rejected by their "
            "reference, {} single frames decoded against the receiver, {} DF11 with II != 0 from unseen "
            "addresses not trusted alone\n",
            c.untimed, c.unconfirmed_pairs, c.receiver_local_decodes, c.df11_unconfirmed);
    return failed ? EXIT_INPUT : EXIT_OK;
}

const AdsbFlightsCommand::Options& AdsbFlightsCommand::options() const { return m_options; }

}  // namespace reckon::app
