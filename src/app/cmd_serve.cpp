// `reckon serve`: the local web workbench over a data folder made by `reckon run` (its store
// and estimate). Parses the options, listens, prints the address and the token on stderr at
// once, estimates the programme in the background so there is something to show, and serves
// until SIGINT or SIGTERM, when it stops cleanly: a running estimate is cancelled and no file
// is left half-written.
#include "cmd_serve.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <fmt/format.h>
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "common.hpp"
#include "progress_bar.hpp"
#include "reckon/core/error.hpp"
#include "reckon/store/store.hpp"
#include "server.hpp"

namespace fs = std::filesystem;

namespace reckon::app {
namespace {

// What `reckon run` recorded in DIR/estimate.json: the programme file and the sampling that
// made the estimate (so the server shows the same estimate unless told otherwise).
struct RecordedEstimate {
    std::string programme_file;
    std::optional<int> chains, warmup, draws;
    std::optional<std::uint64_t> seed;
};

std::optional<RecordedEstimate> read_recorded_estimate(const fs::path& file) {
    std::ifstream in(file);
    if (!in) return std::nullopt;
    const auto j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        fmt::print(stderr, "reckon: note: {} is not valid JSON; ignoring it\n", file.string());
        return std::nullopt;
    }
    RecordedEstimate r;
    if (auto p = j.find("programme"); p != j.end() && p->is_object())
        if (auto f = p->find("file"); f != p->end() && f->is_string())
            r.programme_file = f->get<std::string>();
    if (auto d = j.find("diagnostics"); d != j.end() && d->is_object()) {
        auto integer = [&](const char* name) -> std::optional<long long> {
            auto v = d->find(name);
            return v != d->end() && v->is_number_integer() ? std::optional(v->get<long long>())
                                                           : std::nullopt;
        };
        if (auto v = integer("chains")) r.chains = static_cast<int>(*v);
        if (auto v = integer("warmup")) r.warmup = static_cast<int>(*v);
        if (auto v = integer("draws")) r.draws = static_cast<int>(*v);
        if (auto v = integer("seed")) r.seed = static_cast<std::uint64_t>(*v);
    }
    return r;
}

// The folder the workbench reads estimate.json from and writes re-estimates to: --data, or the
// store file's folder. A PostgreSQL store has no folder, so it needs --data; a new --data
// folder is made, and the programme then comes from --programme.
fs::path data_folder(const std::string& db, const std::string& data) {
    const bool server_store = store::is_server_location(db);
    if (!server_store && !fs::exists(db))
        throw InputError(
            {db}, "no evidence store here",
            "make a data folder with 'reckon run PROGRAMME_DIR --out DIR', then --db DIR/reckon.db");
    if (data.empty()) {
        if (server_store)
            throw UsageError(
                fmt::format("the store {} is on a server, so it has no folder for the estimate's files",
                            store::display_location(db)),
                "give --data DIR: the --out folder of 'reckon run --db URI', or a new folder of "
                "your own with --programme PROGRAMME.toml");
        const fs::path parent = fs::path(db).parent_path();
        return parent.empty() ? fs::path(".") : parent;
    }
    std::error_code ec;
    fs::create_directories(data, ec);
    if (ec || !fs::is_directory(data))
        throw UsageError(fmt::format("cannot use {} as the data folder: {}", data,
                                     ec ? ec.message() : "it is not a folder"),
                         "give --data a folder you can write to");
    return data;
}

// Writes the token to `path`, readable by its owner only, for scripts that talk to the server.
void write_token_file(const fs::path& path, const std::string& token) {
    std::error_code ec;
    fs::remove(path, ec);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    const std::string line = token + "\n";
    const bool ok = fd >= 0 && ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    if (fd >= 0) ::close(fd);
    if (!ok)
        throw Error(fmt::format("cannot write the token to {}", path.string()),
                    "check the path and its permissions");
}

// Removes a file (the token file) when it goes out of scope, however the command ends.
class RemoveAtExit {
public:
    explicit RemoveAtExit(std::string path) : m_path(std::move(path)) {}
    ~RemoveAtExit() {
        std::error_code ec;
        if (!m_path.empty()) fs::remove(m_path, ec);
    }
    RemoveAtExit(const RemoveAtExit&) = delete;
    RemoveAtExit& operator=(const RemoveAtExit&) = delete;
    RemoveAtExit(RemoveAtExit&&) = delete;
    RemoveAtExit& operator=(RemoveAtExit&&) = delete;

private:
    std::string m_path;
};

// Waits on its own thread for SIGINT or SIGTERM (blocked in every thread, so sigwait takes
// them) and then stops the workbench, which lets stopping lock, join and write like any other
// code. The destructor ends the thread when the server stopped for another reason.
class SignalWatcher {
public:
    SignalWatcher(const sigset_t& signals, Workbench& workbench)
        : m_signals(signals), m_thread([this, &workbench] { watch(workbench); }) {}
    ~SignalWatcher() {
        m_finished = true;
        // Wakes the watcher's sigwait (SIGTERM is blocked in every thread): it ends, nothing is killed.
        if (!m_signalled)
            pthread_kill(m_thread.native_handle(), SIGTERM);  // NOLINT(bugprone-bad-signal-to-kill-thread)
        m_thread.join();
    }
    SignalWatcher(const SignalWatcher&) = delete;
    SignalWatcher& operator=(const SignalWatcher&) = delete;
    bool signalled() const { return m_signalled; }

private:
    void watch(Workbench& workbench) {
        int sig = 0;
        sigwait(&m_signals, &sig);
        if (m_finished) return;
        m_signalled = true;
        fmt::print(stderr, "reckon: stopping ({})\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
        // stop() does nothing until the server is listening: repeat until it has stopped.
        while (!m_finished) {
            workbench.stop();
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }

    sigset_t m_signals;
    std::atomic<bool> m_finished{false}, m_signalled{false};
    std::thread m_thread;
};

}  // namespace

void ServeCommand::setup(CLI::App& app) {
    app.description(
        "Serve the local web workbench over a data folder made by 'reckon run': the\n"
        "programme's estimate as charts and tables, every claim with its sentence and\n"
        "document, claim review (accept, reject, correct: kept as history in the store) and\n"
        "a re-estimate that writes new outputs to the folder. Listens on 127.0.0.1 only,\n"
        "unless --host says otherwise. Every change needs the token printed at start (header\n"
        "X-Reckon-Token). Stop with Ctrl-C. The API is in docs/serve.md.\n\n"
        "Example:\n"
        "  reckon run examples/alabuga --out out/alabuga\n"
        "  reckon serve --db out/alabuga/reckon.db --port 8080\n"
        "  # then open http://127.0.0.1:8080/ and paste the token when you review a claim\n"
        "  # a team store on PostgreSQL: each analyst serves it with a data folder of their own\n"
        "  reckon run examples/alabuga --db postgresql://ana@db.example/evidence --out out/ana\n"
        "  reckon serve --db postgresql://ana@db.example/evidence --data out/ana\n");
    app.add_option("--db", m_options.db,
                   "The evidence store: a SQLite file, or a team store on PostgreSQL "
                   "(postgresql://USER@HOST/DB, docs/scale.md)")
        ->capture_default_str()
        ->type_name("FILE|URI");
    app.add_option("--data", m_options.data,
                   "The data folder: its estimate.json names the programme, and a re-estimate writes its "
                   "files and report there (default: the --db file's folder; needed with a PostgreSQL store, "
                   "one folder per analyst)")
        ->type_name("DIR");
    app.add_option("--programme", m_options.programme,
                   "Programme file (default: the one recorded in the data folder's estimate.json)")
        ->type_name("FILE");
    app.add_option("--port", m_options.port, "TCP port (0: any free port)")
        ->capture_default_str()
        ->check(CLI::Range(0, 65535));
    app.add_option("--host", m_options.host,
                   "Address to listen on; anything but loopback exposes the workbench and needs --allow-host")
        ->capture_default_str();
    app.add_option("--allow-host", m_options.allowed_hosts,
                   "A name (or address) the workbench may be reached by, besides loopback: requests whose "
                   "Host header is another are refused (DNS rebinding). Repeatable")
        ->type_name("NAME");
    app.add_option("--token-file", m_options.token_file, "Also write the token to this file (mode 0600)")
        ->type_name("FILE");
    m_chains =
        app.add_option("--chains", m_options.sampling.chains, "Markov chains (default: as in estimate.json)")
            ->check(CLI::Range(1, 64));
    m_warmup = app.add_option("--warmup", m_options.sampling.warmup,
                              "Warm-up iterations per chain (default: as recorded)")
                   ->check(CLI::Range(0, 100000));
    m_draws =
        app.add_option("--draws", m_options.sampling.draws, "Draws kept per chain (default: as recorded)")
            ->check(CLI::Range(10, 100000));
    m_seed = app.add_option("--seed", m_options.sampling.seed, "Random seed (default: as recorded)")
                 ->check(not_negative());
    app.add_option("--threads", m_options.sampling.threads, "Chains run side by side (0 = one per core)")
        ->capture_default_str();
}

int ServeCommand::run() {
    const fs::path data_dir = data_folder(m_options.db, m_options.data);
    const auto recorded = read_recorded_estimate(data_dir / "estimate.json");

    WorkbenchOptions options;
    options.db = m_options.db;
    options.data_dir = data_dir;
    options.programme_file = m_options.programme;
    if (options.programme_file.empty()) {
        if (!recorded || recorded->programme_file.empty())
            throw UsageError(fmt::format("no estimate.json in {} names the programme", data_dir.string()),
                             "give it with --programme PROGRAMME.toml");
        options.programme_file = recorded->programme_file;
        if (!fs::exists(options.programme_file))
            throw UsageError(fmt::format("the programme recorded in {}, {}, is not found from here",
                                         (data_dir / "estimate.json").string(), recorded->programme_file),
                             "start reckon serve where 'reckon run' was started, or give --programme");
    }
    options.sampling = m_options.sampling;
    if (recorded) {
        if (!m_chains->count() && recorded->chains) options.sampling.chains = *recorded->chains;
        if (!m_warmup->count() && recorded->warmup) options.sampling.warmup = *recorded->warmup;
        if (!m_draws->count() && recorded->draws) options.sampling.draws = *recorded->draws;
        if (!m_seed->count() && recorded->seed) options.sampling.seed = *recorded->seed;
    }
    options.token = random_token();
    for (const auto& name : m_options.allowed_hosts) {
        std::string lower = name;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        options.allowed_hosts.push_back(lower);
    }
    const bool loopback = is_loopback_host(m_options.host);
    if (!loopback && options.allowed_hosts.empty())
        throw UsageError(fmt::format("--host {} exposes the workbench to other machines, but no --allow-host "
                                     "names how they will address it",
                                     m_options.host),
                         "add --allow-host NAME for each name or address clients use in their URL (requests "
                         "with any other Host header are refused, against DNS rebinding)");

    // SIGINT and SIGTERM are taken by one thread (sigwait) rather than a handler, so that
    // stopping can lock, join and write like any other code. Blocked before any thread
    // starts, so every thread inherits the mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    // Before the workbench: the background estimate draws on it until the workbench is gone.
    ProgressBar bar;
    auto draw = [&bar](double fraction, std::string_view stage) {
        try {
            bar.update(fraction, stage);
        } catch (...) {  // a closed terminal must not stop the estimate
        }
        return true;
    };
    Workbench workbench(options);
    const int port = workbench.bind(m_options.host, m_options.port);
    if (!loopback)
        fmt::print(stderr,
                   "reckon: warning: listening on {}: other machines can reach the workbench; anyone who "
                   "sees the token can change reviews, and the traffic is not encrypted. Requests are "
                   "answered only when their Host is a loopback name or one of: {}\n",
                   m_options.host, fmt::join(options.allowed_hosts, ", "));

    if (!m_options.token_file.empty()) write_token_file(m_options.token_file, options.token);
    const RemoveAtExit remove_token_file(m_options.token_file);
    const std::string shown_host =
        m_options.host.find(':') != std::string::npos ? "[" + m_options.host + "]" : m_options.host;
    fmt::print(stderr, "reckon: serving the workbench at http://{}:{}/ (Ctrl-C to stop)\n", shown_host, port);
    fmt::print(stderr, "token: {}\n", options.token);
    fmt::print(stderr,
               "reckon: estimating {} ({} chains x {} draws, seed {}) in the background; the page shows "
               "it when it is done\n",
               options.programme_file.string(), options.sampling.chains, options.sampling.draws,
               options.sampling.seed);
    std::fflush(stderr);

    SignalWatcher watcher(signals, workbench);
    workbench.load_in_background(draw);
    try {
        workbench.listen();
    } catch (const Error&) {
        bar.clear();
        if (!watcher.signalled()) throw;
    }
    bar.clear();
    fmt::print(stderr, "reckon: stopped\n");
    return EXIT_OK;
}

const ServeCommand::Options& ServeCommand::options() const { return m_options; }

}  // namespace reckon::app
