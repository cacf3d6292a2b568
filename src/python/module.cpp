// The _reckon extension module (built by python/CMakeLists.txt): the C++ libraries behind reckon's commands,
// called from Python. Each function returns what the matching command writes (CSV text, in the same columns)
// plus its notes; the pure-Python package (python/reckon/) turns that into pandas DataFrames and documents
// the public functions. reckon's exceptions become the Python classes in reckon.errors, with the message,
// hint and place.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cmd_adsb.hpp"
#include "common.hpp"
#include "output.hpp"
#include "programme_run.hpp"
#include "reckon/adsb/aircraft_db.hpp"
#include "reckon/adsb/airports.hpp"
#include "reckon/adsb/decode.hpp"
#include "reckon/adsb/flight_format.hpp"
#include "reckon/adsb/flights.hpp"
#include "reckon/adsb/formats.hpp"
#include "reckon/adsb/input.hpp"
#include "reckon/adsb/text_file.hpp"
#include "reckon/adsb/tracker.hpp"
#include "reckon/adsb/trajectory_json.hpp"
#include "reckon/adsb/watchlist.hpp"
#include "reckon/core/claim_format.hpp"
#include "reckon/core/date.hpp"
#include "reckon/core/error.hpp"
#include "reckon/core/read_file.hpp"
#include "reckon/estimate/estimate.hpp"
#include "reckon/evidence/gather.hpp"
#include "reckon/evidence/sources.hpp"
#include "reckon/report/estimate_files.hpp"
#include "reckon/store/store.hpp"
#include "reckon/text/claims.hpp"
#include "reckon/text/document.hpp"
#include "reckon/text/extract.hpp"

namespace py = pybind11;

namespace {

using reckon::text::Gazetteer;

// The built-in gazetteer is parsed once; one with an --entities file on every call.
const Gazetteer& default_gazetteer() {
    static const Gazetteer gazetteer = reckon::app::load_gazetteer("");
    return gazetteer;
}

struct ExtractResult {
    std::string csv;
    std::vector<std::string> warnings;
    std::string title;
    std::string published;
};

bool looks_like_html(std::string_view text) {
    const auto start = text.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos || text[start] != '<') return false;
    std::string head(text.substr(start, 15));
    for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with("<!--") ||
           head.starts_with("<head") || head.starts_with("<body") || head.starts_with("<p");
}

std::string date_text(const std::optional<reckon::core::Date>& d) {
    return d ? reckon::core::to_iso(*d) : std::string();
}

ExtractResult finish(const std::vector<reckon::core::Claim>& claims) {
    ExtractResult r;
    std::ostringstream out;
    reckon::app::write_evidence(out, reckon::app::Format::csv, claims, {}, true);
    r.csv = out.str();
    return r;
}

// A file, read exactly as `reckon extract FILE` reads it.
ExtractResult extract_path(const std::string& path, const std::string& published,
                           const std::string& entities) {
    const auto date = reckon::app::parse_date_option(published, "published");
    std::optional<Gazetteer> own;
    if (!entities.empty()) own = reckon::app::load_gazetteer(entities);
    const Gazetteer& gazetteer = own ? *own : default_gazetteer();
    auto doc = reckon::text::extract_file(path, gazetteer, date);
    ExtractResult r = finish(doc.claims);
    r.warnings = std::move(doc.warnings);
    r.title = doc.info.title;
    r.published = date_text(doc.info.published);
    return r;
}

// Text held in memory: plain text as a .txt file is read, HTML as a saved page.
ExtractResult extract_text(const std::string& text, const std::string& name, const std::string& published,
                           const std::string& entities) {
    const auto date = reckon::app::parse_date_option(published, "published");
    std::optional<Gazetteer> own;
    if (!entities.empty()) own = reckon::app::load_gazetteer(entities);
    std::vector<std::string> warnings;
    reckon::text::ParsedPage page = looks_like_html(text) ? reckon::text::parse_html(text)
                                                          : reckon::text::parse_text(text, name, &warnings);
    reckon::text::ExtractOptions options;
    options.published = date ? date : page.info.published;
    options.gazetteer = own ? &*own : &default_gazetteer();
    options.document = name;
    reckon::text::ClaimExtractor extractor(options);
    std::vector<reckon::core::Claim> claims;
    std::vector<reckon::core::Event> events;
    for (const auto& block : page.blocks) extractor.add_paragraph(block.text, block.offset, claims, events);
    ExtractResult r = finish(claims);
    r.warnings = std::move(warnings);
    r.title = page.info.title;
    r.published = date_text(options.published);
    return r;
}

// What `reckon adsb decode --output-format csv` writes for the same inputs and options.
class CsvSink : public reckon::adsb::RecordSink {
public:
    CsvSink(bool keep_unknown, reckon::adsb::DecodeOptions options,
            reckon::adsb::TrackerOptions tracker_options, std::uint64_t limit)
        : m_keep_unknown(keep_unknown), m_options(options), m_tracker(tracker_options), m_limit(limit) {
        m_csv.append(reckon::adsb::csv_header());
        m_csv.push_back('\n');
    }
    void frame(const reckon::adsb::Frame& f) override {
        ++m_frames;
        if (reckon::adsb::decode(f, m_message, m_options) != reckon::adsb::DecodeStatus::ok) {
            ++m_rejected;
            return;
        }
        if (!m_tracker.update(m_message) && !m_keep_unknown) return;
        emit(m_message);
    }
    void message(reckon::adsb::Message& m) override {
        ++m_frames;
        if (!m_tracker.update(m) && !m_keep_unknown) return;
        emit(m);
    }
    bool done() const { return m_limit != 0 && m_written >= m_limit; }
    std::string take() { return std::move(m_csv); }
    std::uint64_t frames() const { return m_frames; }
    std::uint64_t rejected() const { return m_rejected; }
    std::uint64_t written() const { return m_written; }
    std::uint64_t positions() const { return m_tracker.counters().positions; }

private:
    void emit(reckon::adsb::Message& m) {
        if (done()) return;
        reckon::adsb::append_csv(m_csv, m);
        m_csv.push_back('\n');
        ++m_written;
    }
    bool m_keep_unknown;
    reckon::adsb::DecodeOptions m_options;
    reckon::adsb::Tracker m_tracker;
    reckon::adsb::Message m_message;
    std::string m_csv;
    std::uint64_t m_limit, m_written = 0, m_frames = 0, m_rejected = 0;
};

struct DecodeResult {
    std::string csv;
    std::vector<std::string> formats;    // one per input, as the CLI names it on stderr
    std::vector<std::string> summaries;  // one per input
    std::uint64_t frames = 0, rejected = 0, messages = 0, positions = 0;
};

struct DecodeArgs {
    std::vector<std::string> inputs;
    std::string format, sample_rate, start_time, select, receiver;
    bool keep_unknown = false, no_repair = false;
    std::uint64_t limit = 0;
    double timeout_s = 30;
};

DecodeResult adsb_decode(const DecodeArgs& a) {
    if (a.inputs.empty())
        throw reckon::UsageError("no input given", "pass a file name, a folder or a list of them");
    const auto format = reckon::adsb::parse_read_format(a.format);
    reckon::app::AdsbInputOptions input;
    input.format = a.format;
    input.sample_rate = a.sample_rate;
    input.start_time = a.start_time;
    input.select = a.select;
    reckon::adsb::TrackerOptions tracker_options;
    if (!a.receiver.empty()) tracker_options.receiver = reckon::app::parse_receiver_option(a.receiver);
    reckon::adsb::DecodeOptions decode_options;
    decode_options.fix_single_bit = !a.no_repair;
    CsvSink sink(a.keep_unknown, decode_options, tracker_options, a.limit);
    DecodeResult r;
    for (const auto& name : a.inputs) {
        if (sink.done()) break;
        reckon::adsb::ReadOptions o = input.read_options(format);
        o.stall_timeout_s = a.timeout_s;
        o.stop = [&] { return sink.done(); };
        const auto report = reckon::adsb::read_input(name, o, sink);
        r.formats.push_back(report.format);
        r.summaries.push_back(report.summary());
    }
    r.frames = sink.frames();
    r.rejected = sink.rejected();
    r.messages = sink.written();
    r.positions = sink.positions();
    r.csv = sink.take();
    return r;
}

// Frames and decoded rows through the tracker into track points, as `reckon adsb flights`
// feeds find_flights.
class TrackSink : public reckon::adsb::RecordSink {
public:
    TrackSink(reckon::adsb::Tracker& tracker, std::vector<reckon::adsb::TrackPoint>& out)
        : m_tracker(tracker), m_out(out) {}
    void frame(const reckon::adsb::Frame& f) override {
        if (reckon::adsb::decode(f, m_message) != reckon::adsb::DecodeStatus::ok) return;
        message(m_message);
    }
    void message(reckon::adsb::Message& m) override {
        reckon::adsb::TrackPoint p;
        bool emitted = false;
        if (m_tracker.update(m, &p, &emitted) && emitted) m_out.push_back(std::move(p));
    }

private:
    reckon::adsb::Tracker& m_tracker;
    std::vector<reckon::adsb::TrackPoint>& m_out;
    reckon::adsb::Message m_message;
};

struct FlightsArgs {
    DecodeArgs decode;
    std::string airports, aircraft, operators, watch;
    reckon::adsb::FlightRules rules;
};

struct FlightsResult {
    std::string csv;
    std::vector<std::string> formats;
    std::uint64_t points = 0;
};

void check_range(double value, double low, double high, const char* name) {
    if (!(value >= low && value <= high))
        throw reckon::UsageError(std::string(name) + ": " + std::to_string(value) + " is out of range",
                                 "give a value from " + std::to_string(low) + " to " + std::to_string(high));
}

// What `reckon adsb flights --out DIR` writes to flights.csv for the same inputs and options:
// trajectory JSON is read whole, every other input through read_input and the tracker.
FlightsResult adsb_flights(const FlightsArgs& a) {
    if (a.decode.inputs.empty())
        throw reckon::UsageError("no input given", "pass a file name or a list of them");
    if (a.airports.empty())
        throw reckon::UsageError("airports is required",
                                 "give the folder of airport-coords.json and runways.csv");
    check_range(a.rules.max_gap_s, 1, 1e7, "max_gap");
    check_range(a.rules.max_bridge_s, 1, 1e7, "max_bridge");
    check_range(a.rules.airport_radius_km, 0.1, 100, "airport_radius");
    check_range(a.rules.low_agl_ft, 0, 20000, "low_agl");
    const bool forced_json = a.decode.format == "trajectory-json";
    const auto format = reckon::adsb::parse_read_format(forced_json ? "auto" : a.decode.format);
    reckon::app::AdsbInputOptions input;
    input.format = a.decode.format;
    input.sample_rate = a.decode.sample_rate;
    input.start_time = a.decode.start_time;
    input.select = a.decode.select;
    reckon::adsb::TrackerOptions tracker_options;
    if (!a.decode.receiver.empty())
        tracker_options.receiver = reckon::app::parse_receiver_option(a.decode.receiver);
    tracker_options.emit_without_position = true;

    const auto airports = reckon::adsb::Airports::load(a.airports);
    std::optional<reckon::adsb::AircraftDb> aircraft;
    if (!a.aircraft.empty()) aircraft = reckon::adsb::AircraftDb::load(a.aircraft, a.operators);
    std::optional<reckon::adsb::Watchlist> watch;
    if (!a.watch.empty()) watch = reckon::adsb::Watchlist::load(a.watch);

    FlightsResult r;
    std::vector<reckon::adsb::TrackPoint> points;
    reckon::adsb::Tracker tracker(tracker_options);
    for (const auto& name : a.decode.inputs) {
        const bool is_file = name != "-" && !name.starts_with("tcp://");
        if (is_file && (forced_json || reckon::adsb::is_trajectory_json_input(name, format.automatic()))) {
            auto t = reckon::adsb::read_trajectory_json(name);
            points.insert(points.end(), std::make_move_iterator(t.points.begin()),
                          std::make_move_iterator(t.points.end()));
            r.formats.emplace_back("trajectory JSON");
            continue;
        }
        TrackSink sink(tracker, points);
        reckon::adsb::ReadOptions o = input.read_options(format);
        o.stall_timeout_s = a.decode.timeout_s;
        r.formats.push_back(reckon::adsb::read_input(name, o, sink).format);
    }
    r.points = points.size();
    const auto flights = reckon::adsb::find_flights(std::move(points), airports,
                                                    aircraft ? &*aircraft : nullptr, a.rules, nullptr);
    r.csv = reckon::adsb::flights_csv_header() + '\n';
    for (const auto& f : flights) {
        std::vector<const reckon::adsb::WatchRule*> matched;
        if (watch) matched = watch->matches(f);
        r.csv += reckon::adsb::to_csv_row(f, matched);
        r.csv += '\n';
    }
    return r;
}

struct EstimateArgs {
    std::string programme, db;
    int chains = 4, warmup = 1000, draws = 1000, threads = 0;
    std::uint64_t seed = 1;
};

// The files `reckon estimate PROGRAMME --out DIR` writes, by name, with the summary it prints:
// written by the same code into a temporary folder, read back and the folder removed.
std::map<std::string, std::string> estimate_files(const EstimateArgs& a) {
    if (a.chains < 1 || a.draws < 1 || a.warmup < 0 || a.threads < 0)
        throw reckon::UsageError("chains and draws must be at least 1, warmup and threads at least 0",
                                 "e.g. chains=4, warmup=1000, draws=1000");
    const auto programme = reckon::app::load_programme_arg(a.programme);
    const auto store = reckon::app::open_or_read(a.db, programme);
    reckon::app::SamplingOptions sampling;
    sampling.chains = a.chains;
    sampling.warmup = a.warmup;
    sampling.draws = a.draws;
    sampling.threads = a.threads;
    sampling.seed = a.seed;
    reckon::app::ProgressBar bar;
    auto result = reckon::estimate::estimate(programme, reckon::evidence::gather(programme, store),
                                             sampling.to_estimate(bar));
    bar.clear();
    std::string pattern = (std::filesystem::temp_directory_path() / "reckon-estimate-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
        throw reckon::Error(
            "cannot create a temporary folder in " + std::filesystem::temp_directory_path().string(),
            "set TMPDIR to a folder you can write");
    const std::filesystem::path dir(pattern);
    std::map<std::string, std::string> files;
    try {
        reckon::report::write_estimate(result, dir, true);
        for (const auto& entry : std::filesystem::directory_iterator(dir))
            files[entry.path().filename().string()] = reckon::core::read_file(entry.path());
    } catch (...) {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
        throw;
    }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    files["summary"] = reckon::report::summary_text(result);
    return files;
}

// --- The store from Python (issue 16, Dask): what `reckon ingest` and `reckon claims` do ------

// The regular files under `paths`, walked as `reckon ingest` walks them (name order, hidden files
// skipped), with a line for each path that could not be walked.
struct CollectResult {
    std::vector<std::string> files;
    std::vector<std::string> notes;
};

CollectResult collect(const std::vector<std::string>& paths) {
    CollectResult r;
    reckon::evidence::Reporting reporting;
    reporting.note = [&r](const std::string& line) { r.notes.push_back(line); };
    std::size_t problems = 0;
    const auto files = reckon::evidence::collect_files({paths.begin(), paths.end()}, reporting, problems);
    r.files.reserve(files.size());
    for (const auto& f : files) r.files.push_back(f.string());
    return r;
}

struct IngestRun {
    std::size_t stored = 0, unchanged = 0, claims = 0, events = 0, problems = 0;
    std::vector<std::string>
        notes;                // "skipped: FILE: why" and "warning: ..." lines, as the command prints them
    std::string claims_text;  // with a `dump` format: the store's claims, as `reckon claims` writes them
    std::string events_text;  // and its events (CSV: their own table; JSON lines: empty, in claims_text)
};

// `reckon ingest FILES --db DB` (each document once, keyed by SHA-256, one transaction each); with
// `dump` "csv" or "jsonl", the store's claims and events are then written as `reckon claims
// [--events] --format DUMP` writes them. DB ":memory:" is a store gone when the call returns.
IngestRun ingest(const std::vector<std::string>& files, const std::string& db, const std::string& published,
                 const std::string& entities, const std::string& dump) {
    if (db.empty()) throw reckon::UsageError("db is required", "give a store file or a postgresql:// URI");
    if (!dump.empty() && dump != "csv" && dump != "jsonl")
        throw reckon::UsageError("unknown dump format '" + dump + "'", "use csv or jsonl");
    const auto date = reckon::app::parse_date_option(published, "published");
    std::optional<Gazetteer> own;
    if (!entities.empty()) own = reckon::app::load_gazetteer(entities);
    IngestRun r;
    reckon::evidence::Reporting reporting;
    reporting.note = [&r](const std::string& line) { r.notes.push_back(line); };
    reckon::store::Store store(db);
    const auto tally = reckon::evidence::ingest_files(store, {files.begin(), files.end()},
                                                      own ? *own : default_gazetteer(), date, reporting);
    r.stored = tally.stored;
    r.unchanged = tally.unchanged;
    r.claims = tally.claims;
    r.events = tally.events;
    r.problems = tally.problems;
    if (dump.empty()) return r;
    const auto format = dump == "csv" ? reckon::app::Format::csv : reckon::app::Format::jsonl;
    std::ostringstream claims;
    if (format == reckon::app::Format::csv) {
        reckon::app::write_evidence(claims, format, store.claims(), {}, true);
        std::string events = reckon::core::events_csv_header() + '\n';
        for (const auto& e : store.events()) events += reckon::core::to_csv_row(e) + '\n';
        r.events_text = std::move(events);
    } else {
        reckon::app::write_evidence(claims, format, store.claims(), store.events());
    }
    r.claims_text = claims.str();
    return r;
}

// `reckon claims --db DB --format csv` (with --metric, --subject), or `--events`.
std::string store_claims(const std::string& db, const std::string& metric, const std::string& subject,
                         bool events) {
    if (db.empty()) throw reckon::UsageError("db is required", "give a store file or a postgresql:// URI");
    if (!metric.empty() && !reckon::core::is_known_metric(metric))
        throw reckon::UsageError(
            "unknown metric '" + metric + "'",
            "use one of the metrics of docs/formats.md, e.g. production_rate, unit_cost");
    if (!reckon::store::is_server_location(db) && !std::filesystem::exists(db))
        throw reckon::InputError({db}, "no evidence store here",
                                 "create one with reckon.ingest(paths, db=" + db + ")");
    reckon::store::Store store(db);
    std::ostringstream out;
    if (events) {
        out << reckon::core::events_csv_header() << '\n';
        for (const auto& e : store.events()) out << reckon::core::to_csv_row(e) << '\n';
        return out.str();
    }
    reckon::store::ClaimFilter filter;
    if (!metric.empty()) filter.metric = metric;
    if (!subject.empty()) filter.subject = subject;
    reckon::app::write_evidence(out, reckon::app::Format::csv, store.claims(filter), {}, true);
    return out.str();
}

// reckon's exceptions as instances of reckon.errors' classes, with the hint and place.
void translate(const reckon::Error& e, const char* class_name, const reckon::Location* where) {
    py::module_ errors = py::module_::import("reckon.errors");
    py::object cls = errors.attr(class_name);
    py::object file = py::none();
    py::object line = py::none();
    py::object byte = py::none();
    if (where) {
        if (!where->file.empty()) file = py::str(where->file);
        if (where->line) line = py::int_(*where->line);
        if (where->byte) byte = py::int_(*where->byte);
    }
    py::object instance = cls(py::str(e.what()), py::str(e.hint()), file, line, byte);
    PyErr_SetObject(cls.ptr(), instance.ptr());
}

}  // namespace

PYBIND11_MODULE(_reckon, m) {
    m.doc() = "reckon's C++ libraries; use the reckon package, which wraps these in DataFrames.";

    // pybind11 takes a pointer to a function of exactly this type, so p is taken by value.
    // NOLINTNEXTLINE(performance-unnecessary-value-param)
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const reckon::InputError& e) {
            translate(e, "InputError", &e.where());
        } catch (const reckon::UsageError& e) {
            translate(e, "UsageError", nullptr);
        } catch (const reckon::StoreError& e) {
            translate(e, "StoreError", nullptr);
        } catch (const reckon::Error& e) {
            translate(e, "Error", nullptr);
        }
    });

    py::class_<ExtractResult>(m, "ExtractResult")
        .def_readonly("csv", &ExtractResult::csv)
        .def_readonly("warnings", &ExtractResult::warnings)
        .def_readonly("title", &ExtractResult::title)
        .def_readonly("published", &ExtractResult::published);

    m.def("extract_path", &extract_path, py::arg("path"), py::arg("published") = "", py::arg("entities") = "",
          py::call_guard<py::gil_scoped_release>(),
          "Claims of one document file as `reckon extract --format csv` writes them.");
    m.def("extract_text", &extract_text, py::arg("text"), py::arg("name") = "<text>",
          py::arg("published") = "", py::arg("entities") = "", py::call_guard<py::gil_scoped_release>(),
          "Claims of text held in memory (plain text or HTML), in the same CSV columns.");

    py::class_<DecodeResult>(m, "DecodeResult")
        .def_readonly("csv", &DecodeResult::csv)
        .def_readonly("formats", &DecodeResult::formats)
        .def_readonly("summaries", &DecodeResult::summaries)
        .def_readonly("frames", &DecodeResult::frames)
        .def_readonly("rejected", &DecodeResult::rejected)
        .def_readonly("messages", &DecodeResult::messages)
        .def_readonly("positions", &DecodeResult::positions);

    m.def(
        "adsb_decode",
        [](std::vector<std::string> inputs, std::string format, std::string sample_rate,
           std::string start_time, std::string select, std::string receiver, bool keep_unknown,
           bool no_repair, std::uint64_t limit, double timeout_s) {
            DecodeArgs a{std::move(inputs),
                         std::move(format),
                         std::move(sample_rate),
                         std::move(start_time),
                         std::move(select),
                         std::move(receiver),
                         keep_unknown,
                         no_repair,
                         limit,
                         timeout_s};
            py::gil_scoped_release release;
            return adsb_decode(a);
        },
        py::arg("inputs"), py::arg("format") = "auto", py::arg("sample_rate") = "",
        py::arg("start_time") = "", py::arg("select") = "", py::arg("receiver") = "",
        py::arg("keep_unknown") = false, py::arg("no_repair") = false, py::arg("limit") = 0,
        py::arg("timeout") = 30.0,
        "Messages of ADS-B inputs as `reckon adsb decode --output-format csv` writes them.");

    py::class_<FlightsResult>(m, "FlightsResult")
        .def_readonly("csv", &FlightsResult::csv)
        .def_readonly("formats", &FlightsResult::formats)
        .def_readonly("points", &FlightsResult::points);
    m.def(
        "adsb_flights",
        [](std::vector<std::string> inputs, std::string airports, std::string aircraft, std::string operators,
           std::string watch, std::string format, std::string sample_rate, std::string start_time,
           std::string select, std::string receiver, double max_gap, double max_bridge, double airport_radius,
           double low_agl) {
            FlightsArgs a;
            a.decode.inputs = std::move(inputs);
            a.decode.format = std::move(format);
            a.decode.sample_rate = std::move(sample_rate);
            a.decode.start_time = std::move(start_time);
            a.decode.select = std::move(select);
            a.decode.receiver = std::move(receiver);
            a.airports = std::move(airports);
            a.aircraft = std::move(aircraft);
            a.operators = std::move(operators);
            a.watch = std::move(watch);
            if (max_gap > 0) a.rules.max_gap_s = max_gap;
            if (max_bridge > 0) a.rules.max_bridge_s = max_bridge;
            if (airport_radius > 0) a.rules.airport_radius_km = airport_radius;
            if (low_agl >= 0) a.rules.low_agl_ft = low_agl;
            py::gil_scoped_release release;
            return adsb_flights(a);
        },
        py::arg("inputs"), py::arg("airports"), py::arg("aircraft") = "", py::arg("operators") = "",
        py::arg("watch") = "", py::arg("format") = "auto", py::arg("sample_rate") = "",
        py::arg("start_time") = "", py::arg("select") = "", py::arg("receiver") = "",
        py::arg("max_gap") = -1.0, py::arg("max_bridge") = -1.0, py::arg("airport_radius") = -1.0,
        py::arg("low_agl") = -1.0,
        "Flights found in ADS-B inputs, as `reckon adsb flights --out DIR` writes flights.csv "
        "(a rule left at -1 keeps the command's default).");

    m.def(
        "estimate_files",
        [](std::string programme, std::string db, int chains, int warmup, int draws, int threads,
           std::uint64_t seed) {
            EstimateArgs a{std::move(programme), std::move(db), chains, warmup, draws, threads, seed};
            py::gil_scoped_release release;
            return estimate_files(a);
        },
        py::arg("programme"), py::arg("db") = "", py::arg("chains") = 4, py::arg("warmup") = 1000,
        py::arg("draws") = 1000, py::arg("threads") = 0, py::arg("seed") = 1,
        "The files `reckon estimate PROGRAMME --out DIR` writes (name -> text), and 'summary', "
        "what it prints.");

    py::class_<CollectResult>(m, "CollectResult")
        .def_readonly("files", &CollectResult::files)
        .def_readonly("notes", &CollectResult::notes);
    m.def("collect_files", &collect, py::arg("paths"), py::call_guard<py::gil_scoped_release>(),
          "The files under the paths, walked as `reckon ingest` walks them, and a note per path skipped.");
    py::class_<IngestRun>(m, "IngestRun")
        .def_readonly("stored", &IngestRun::stored)
        .def_readonly("unchanged", &IngestRun::unchanged)
        .def_readonly("claims", &IngestRun::claims)
        .def_readonly("events", &IngestRun::events)
        .def_readonly("problems", &IngestRun::problems)
        .def_readonly("notes", &IngestRun::notes)
        .def_readonly("claims_text", &IngestRun::claims_text)
        .def_readonly("events_text", &IngestRun::events_text);
    m.def("ingest", &ingest, py::arg("files"), py::arg("db"), py::arg("published") = "",
          py::arg("entities") = "", py::arg("dump") = "", py::call_guard<py::gil_scoped_release>(),
          "`reckon ingest FILES --db DB`; with dump='csv' or 'jsonl' the store's claims and events "
          "afterwards, as `reckon claims` writes them.");
    m.def("store_claims", &store_claims, py::arg("db"), py::arg("metric") = "", py::arg("subject") = "",
          py::arg("events") = false, py::call_guard<py::gil_scoped_release>(),
          "`reckon claims --db DB --format csv` (or --events) as text.");
}
