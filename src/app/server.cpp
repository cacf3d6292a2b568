// The workbench server (see server.hpp and docs/serve.md). cpp-httplib parses HTTP and runs
// each connection on a worker thread; this file holds the routes, the checks every request
// goes through (token, body size, content type, the Host header), the store shared by the
// request threads behind one mutex, and the re-estimate job on a thread of its own.
#include "server.hpp"

#include <fmt/core.h>
#include <httplib.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <iterator>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <unordered_map>

#include "reckon/core/error.hpp"
#include "reckon/estimate/estimate.hpp"
#include "reckon/evidence/gather.hpp"
#include "reckon/report/assets.hpp"
#include "reckon/report/estimate_files.hpp"
#include "reckon/report/report.hpp"
#include "reckon/report/view.hpp"
#include "reckon/store/store.hpp"
#include "reckon/text/document.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace reckon::app {
namespace {

constexpr const char* TOKEN_HEADER = "X-Reckon-Token";
// A handler's reason for a 4xx travels to the error handler (which logs it) in this header;
// the error handler removes it before the response is sent.
constexpr const char* WHY_HEADER = "X-Reckon-Why";
// The kernel caps this at net.core.somaxconn; httplib's own listen() uses a backlog of 5,
// which drops connections when a thousand clients connect at once.
constexpr int LISTEN_BACKLOG = 4096;
// Threads started with the pool; more are added while every thread is busy.
constexpr std::size_t MIN_THREADS = 8;
// A keep-alive connection may carry this many requests before the server closes it; high so
// that clients under load are not made to reconnect (each reconnect leaves a TIME_WAIT socket).
constexpr std::size_t KEEP_ALIVE_MAX_REQUESTS = 100000;
constexpr time_t KEEP_ALIVE_TIMEOUT_S = 5;
constexpr time_t READ_TIMEOUT_S = 10;
constexpr time_t WRITE_TIMEOUT_S = 10;
// Documents larger than this are not served (the largest real one is a few MB).
constexpr std::uintmax_t MAX_DOCUMENT_BYTES = 256u * 1024 * 1024;

// A task queue for httplib that grows: a connection holds its worker thread for as long as it
// is kept alive, so a fixed pool of a few threads would leave every other client waiting.
// Threads are added while all are busy, up to `max_threads`; they stay until shutdown.
class GrowingPool : public httplib::TaskQueue {
public:
    explicit GrowingPool(std::size_t max_threads) : m_max_threads(std::max(max_threads, MIN_THREADS)) {
        std::lock_guard lock(m_mutex);
        for (std::size_t i = 0; i < MIN_THREADS; ++i) m_threads.emplace_back([this] { work(); });
    }
    ~GrowingPool() override = default;

    void enqueue(std::function<void()> fn) override {
        {
            std::lock_guard lock(m_mutex);
            m_jobs.push_back(std::move(fn));
            if (m_jobs.size() > m_idle && m_threads.size() < m_max_threads) {
                try {
                    m_threads.emplace_back([this] { work(); });
                } catch (const std::system_error&) {
                    // Out of threads: the job waits for a busy one to come free.
                }
            }
        }
        m_cond.notify_one();
    }

    void shutdown() override {
        {
            std::lock_guard lock(m_mutex);
            m_shutdown = true;
        }
        m_cond.notify_all();
        // No thread is added once m_shutdown is set, so the list is stable here.
        for (auto& t : m_threads) t.join();
    }

private:
    void work() {
        std::unique_lock lock(m_mutex);
        for (;;) {
            ++m_idle;
            m_cond.wait(lock, [this] { return !m_jobs.empty() || m_shutdown; });
            --m_idle;
            if (m_jobs.empty()) return;  // shut down, nothing left to do
            auto fn = std::move(m_jobs.front());
            m_jobs.pop_front();
            lock.unlock();
            fn();
            lock.lock();
        }
    }

    std::size_t m_max_threads;
    std::mutex m_mutex;
    std::condition_variable m_cond;
    std::deque<std::function<void()>> m_jobs;
    std::vector<std::thread> m_threads;
    std::size_t m_idle = 0;
    bool m_shutdown = false;
};

// The latest estimate and what the routes need from it. Immutable once built: requests hold
// a shared_ptr to the one they started with while a re-estimate builds the next.
struct Snapshot {
    estimate::EstimateResult result;
    std::unordered_map<std::string, std::size_t> claim_index;  // key → index into evidence.claims
};

// A fixed reason per status for the responses httplib makes itself.
std::string default_reason(int status) {
    switch (status) {
        case 400:
            return "malformed request";
        case 404:
            return "no such resource";
        case 405:
            return "method not allowed";
        case 413:
            return fmt::format("request body larger than {} bytes", MAX_BODY_BYTES);
        case 414:
            return "request URI too long";
        default:
            return "request refused";
    }
}

// The path as it may be printed on one log line: control and non-ASCII bytes escaped, so a
// request cannot forge log lines.
std::string printable(std::string_view text) {
    constexpr std::size_t MAX_CHARS = 300;
    std::string out;
    for (unsigned char c : text.substr(0, MAX_CHARS)) {
        if (c < 0x20 || c >= 0x7f || c == '\\')
            out += fmt::format("\\x{:02x}", c);
        else
            out += static_cast<char>(c);
    }
    if (text.size() > MAX_CHARS) out += "...";
    return out;
}

void refuse(httplib::Response& res, int status, const std::string& why) {
    res.status = status;
    res.set_header(WHY_HEADER, why);
    res.set_content(json{{"error", why}}.dump(), "application/json");
}

// Is `path` (canonical) inside `root` (canonical), component by component?
bool is_inside(const fs::path& path, const fs::path& root) {
    auto [r, p] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
    return r == root.end();
}

std::string content_type_of(const fs::path& file) {
    auto ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (ext == ".pdf") return "application/pdf";
    if (ext == ".html" || ext == ".htm") return "text/html; charset=utf-8";
    return "text/plain; charset=utf-8";
}

}  // namespace

std::string random_token() {
    constexpr int TOKEN_BYTES = 16;  // 128 bits, printed as 32 hex digits
    unsigned char bytes[TOKEN_BYTES];
    if (RAND_bytes(bytes, TOKEN_BYTES) != 1)
        throw Error("cannot draw a random token from the system", "check that /dev/urandom is readable");
    std::string out;
    for (unsigned char b : bytes) out += fmt::format("{:02x}", b);
    return out;
}

bool is_loopback_host(const std::string& host) {
    if (host == "localhost" || host == "::1" || host == "[::1]") return true;
    return host.rfind("127.", 0) == 0 && host.find_first_not_of("0123456789.") == std::string::npos;
}

struct Workbench::Impl {
    WorkbenchOptions options;
    fs::path data_dir;
    fs::path programme_dir;                // canonical
    std::vector<fs::path> document_roots;  // canonical: data folder, programme folder, its document paths
    bool loopback_only = true;
    int port = 0;

    httplib::Server server;
    socket_t listen_socket = INVALID_SOCKET;

    // The one connection to the store in this process, shared by the request threads and the
    // job (a SQLite connection is used by one thread at a time).
    std::mutex store_mutex;
    std::optional<store::Store> store;

    // The latest estimate and its view JSON. The view is rebuilt on the next request after a
    // review (so it shows the review) by one thread at a time; others serve the previous one.
    std::mutex snapshot_mutex;
    std::shared_ptr<const Snapshot> snapshot;
    std::shared_ptr<const std::string> view;
    std::atomic<bool> view_stale{false};
    std::mutex rebuild_mutex;

    // The re-estimate job.
    std::mutex job_mutex;
    std::thread job_thread;
    int job_id = 0;
    std::string job_state = "idle";  // idle | running | done | failed
    std::string job_message;
    std::atomic<double> job_fraction{0};
    std::atomic<bool> cancel{false};
    bool stopping = false;

    explicit Impl(WorkbenchOptions o) : options(std::move(o)) {
        data_dir = options.db.parent_path().empty() ? fs::path(".") : options.db.parent_path();
        store.emplace(options.db);
        const auto programme = evidence::load_programme(options.programme_file);
        std::error_code ec;
        programme_dir = fs::canonical(programme.dir.empty() ? fs::path(".") : programme.dir, ec);
        for (const fs::path& root : {data_dir, programme.dir.empty() ? fs::path(".") : programme.dir}) {
            auto c = fs::canonical(root, ec);
            if (!ec) document_roots.push_back(c);
        }
        // The documents the programme names are evidence the analyst chose to use: they may be
        // read through the server even when they sit outside the programme's folder.
        for (const auto& spec : programme.documents) {
            auto c = fs::canonical(spec.path, ec);
            if (!ec) document_roots.push_back(c);
        }
    }

    // --- the estimate --------------------------------------------------------------------

    estimate::EstimateResult run_estimate(const core::ProgressFn& progress) {
        const auto programme = evidence::load_programme(options.programme_file);
        evidence::Evidence evidence;
        {
            // The shared connection, not a second one: opening another Store on the same file
            // in this process reads the file's header through a separate descriptor, and its
            // close() drops the POSIX locks SQLite holds for every connection of the process
            // (then another process may checkpoint and delete the WAL under us).
            std::lock_guard lock(store_mutex);
            evidence = evidence::gather(programme, *store);
        }
        estimate::EstimateOptions eo;
        const auto& s = options.sampling;
        eo.chains = s.chains, eo.warmup = s.warmup, eo.draws = s.draws, eo.seed = s.seed;
        eo.threads =
            s.threads > 0 ? s.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        eo.progress = progress;
        return estimate::estimate(programme, std::move(evidence), eo);
    }

    // The live view shows every review as the store holds it now, also those made since the
    // estimate ran (they count from the next re-estimate).
    std::string build_view_json(const Snapshot& snap) {
        std::vector<core::Review> reviews;
        {
            std::lock_guard lock(store_mutex);
            reviews = store->reviews();
        }
        report::ViewOptions view_options;
        view_options.reviews = &reviews;
        return report::view_text(report::build_view(snap.result, "live", view_options));
    }

    void install(estimate::EstimateResult result) {
        auto snap = std::make_shared<Snapshot>();
        snap->result = std::move(result);
        for (std::size_t i = 0; i < snap->result.evidence.claims.size(); ++i)
            snap->claim_index.emplace(snap->result.evidence.claims[i].key, i);
        auto text = std::make_shared<const std::string>(build_view_json(*snap));
        std::lock_guard lock(snapshot_mutex);
        snapshot = std::move(snap);
        view = std::move(text);
        view_stale = false;
    }

    std::shared_ptr<const Snapshot> current() {
        std::lock_guard lock(snapshot_mutex);
        return snapshot;
    }

    std::shared_ptr<const std::string> current_view() {
        if (view_stale.load()) {
            // One thread rebuilds; the others go on serving the view as it was.
            std::unique_lock rebuild(rebuild_mutex, std::try_to_lock);
            if (rebuild.owns_lock() && view_stale.exchange(false)) {
                auto snap = current();
                auto text = std::make_shared<const std::string>(build_view_json(*snap));
                std::lock_guard lock(snapshot_mutex);
                if (snapshot == snap) view = std::move(text);
            }
        }
        std::lock_guard lock(snapshot_mutex);
        return view;
    }

    void job_main(int id) {
        auto progress = [this](double fraction, std::string_view) {
            job_fraction = std::clamp(fraction, 0.0, 1.0);
            return !cancel.load();
        };
        std::string state = "done", message;
        try {
            auto result = run_estimate(progress);
            // The data folder holds what `reckon run` wrote: the estimate's files and the report.
            // Each file is replaced through a temporary file and a rename.
            report::write_estimate_and_report(report::build_view(result, "report"), result, data_dir, true);
            install(std::move(result));
            message = fmt::format("estimate {} written to {}", id, data_dir.string());
            fmt::print(stderr, "serve: re-estimate {} done; wrote the estimate's files to {}\n", id,
                       data_dir.string());
        } catch (const std::exception& e) {
            state = "failed";
            message = e.what();
            fmt::print(stderr, "serve: re-estimate {} failed: {}\n", id, message);
        }
        std::lock_guard lock(job_mutex);
        job_state = state;
        job_message = message;
        if (state == "done") job_fraction = 1.0;
    }

    // --- checks --------------------------------------------------------------------------

    // True when the request carries the token; otherwise refuses it (401 or 403).
    bool authorised(const httplib::Request& req, httplib::Response& res) {
        if (!req.has_header(TOKEN_HEADER)) {
            refuse(res, 401,
                   fmt::format("no {} header; changes need the token printed at start", TOKEN_HEADER));
            return false;
        }
        const auto given = req.get_header_value(TOKEN_HEADER);
        const auto& token = options.token;
        // Constant time in the token's bytes, so timing does not reveal how much of a guess
        // was right. The token's length is no secret.
        if (given.size() != token.size() || CRYPTO_memcmp(given.data(), token.data(), token.size()) != 0) {
            refuse(res, 403, fmt::format("wrong {}", TOKEN_HEADER));
            return false;
        }
        return true;
    }

    bool json_body(const httplib::Request& req, httplib::Response& res) {
        if (req.body.size() > MAX_BODY_BYTES) {  // httplib refuses these first; checked again here
            refuse(res, 413, default_reason(413));
            return false;
        }
        const auto type = req.get_header_value("Content-Type");
        const auto media = type.substr(0, type.find(';'));
        if (media != "application/json") {
            refuse(res, 415, fmt::format("Content-Type must be application/json, not '{}'", printable(type)));
            return false;
        }
        return true;
    }

    // --- routes --------------------------------------------------------------------------

    void get_view(const httplib::Request&, httplib::Response& res) {
        auto v = current_view();
        res.set_header("Cache-Control", "no-store");
        res.set_content(*v, "application/json");
    }

    void get_history(const httplib::Request& req, httplib::Response& res) {
        const std::string key = req.matches[1];
        std::vector<core::Review> reviews;
        {
            std::lock_guard lock(store_mutex);
            reviews = store->reviews(key);
        }
        if (reviews.empty() && !current()->claim_index.count(key))
            return refuse(res, 404, fmt::format("no claim with key '{}'", printable(key)));
        json out = json::array();
        for (const auto& r : reviews) out.push_back(report::review_json(r));
        res.set_content(out.dump(), "application/json");
    }

    void post_review(const httplib::Request& req, httplib::Response& res) {
        if (!authorised(req, res) || !json_body(req, res)) return;
        const std::string key = req.matches[1];
        auto snap = current();
        auto it = snap->claim_index.find(key);
        if (it == snap->claim_index.end())
            return refuse(res, 404,
                          fmt::format("no claim with key '{}' in the current estimate", printable(key)));
        const auto& claim = snap->result.evidence.claims[it->second];

        json body;
        try {
            body = json::parse(req.body);
        } catch (const json::parse_error& e) {
            return refuse(res, 400, fmt::format("the body is not valid JSON (byte {})", e.byte));
        } catch (const json::exception&) {  // e.g. a number too large for a double
            return refuse(res, 400, "the body is not JSON reckon can read (a number out of range?)");
        }
        if (!body.is_object()) return refuse(res, 400, "the body must be a JSON object");
        core::Review review;
        review.claim_key = key;
        std::optional<double>* numbers[] = {&review.value_after, &review.low_after, &review.high_after};
        const char* number_names[] = {"value", "low", "high"};
        for (const auto& [name, v] : body.items()) {
            if (name == "action") {
                auto action = v.is_string() ? core::parse_review_action(v.get<std::string>()) : std::nullopt;
                if (!action)
                    return refuse(res, 400, "\"action\" must be \"accept\", \"reject\" or \"correct\"");
                review.action = *action;
            } else if (name == "who" || name == "note") {
                if (!v.is_string()) return refuse(res, 400, fmt::format("\"{}\" must be a string", name));
                (name == "who" ? review.who : review.note) = v.get<std::string>();
            } else if (auto n = std::find(std::begin(number_names), std::end(number_names), name);
                       n != std::end(number_names)) {
                if (v.is_null()) continue;
                if (!v.is_number() || !std::isfinite(v.get<double>()))
                    return refuse(res, 400, fmt::format("\"{}\" must be a finite number", name));
                *numbers[n - std::begin(number_names)] = v.get<double>();
            } else {
                return refuse(res, 400, fmt::format("unknown field \"{}\"", printable(name)));
            }
        }
        if (!body.contains("action")) return refuse(res, 400, "\"action\" is missing");
        if (review.action != core::ReviewAction::correct &&
            (review.value_after || review.low_after || review.high_after))
            return refuse(res, 400, "only a correction takes \"value\", \"low\" or \"high\"");
        review.value_before = claim.value;
        review.low_before = claim.low;
        review.high_before = claim.high;
        // The store checks again; checking here first answers without taking its lock.
        if (auto problem = core::review_problem(review)) return refuse(res, 400, printable(*problem));

        core::Review stored;
        try {
            std::lock_guard lock(store_mutex);
            stored = store->add_review(review);
        } catch (const InputError& e) {
            return refuse(res, 400, e.what());
        }
        view_stale = true;
        res.status = 201;
        res.set_content(report::review_json(stored).dump(), "application/json");
    }

    void post_estimate(const httplib::Request& req, httplib::Response& res) {
        if (!authorised(req, res)) return;
        if (!req.body.empty() && !json_body(req, res)) return;
        std::lock_guard lock(job_mutex);
        if (stopping) return refuse(res, 503, "the server is shutting down");
        if (job_state == "running")
            return refuse(res, 409, fmt::format("re-estimate {} is still running", job_id));
        if (job_thread.joinable()) job_thread.join();  // the previous job, finished
        ++job_id;
        job_state = "running";
        job_message.clear();
        job_fraction = 0;
        cancel = false;
        job_thread = std::thread([this, id = job_id] { job_main(id); });
        fmt::print(stderr, "serve: re-estimate {} started\n", job_id);
        res.status = 202;
        res.set_content(json{{"job", job_id}}.dump(), "application/json");
    }

    void get_status(const httplib::Request&, httplib::Response& res) {
        json out;
        {
            std::lock_guard lock(job_mutex);
            out = {{"state", job_state},
                   {"fraction", job_fraction.load()},
                   {"message", job_message},
                   {"job", job_id}};
        }
        res.set_header("Cache-Control", "no-store");
        res.set_content(out.dump(), "application/json");
    }

    // The path recorded for a document may be relative to where `reckon run` was started,
    // which is usually where the programme's own (relative) path was given from.
    std::vector<fs::path> document_candidates(const fs::path& recorded) {
        if (recorded.is_absolute()) return {recorded};
        std::vector<fs::path> out{recorded};
        const auto snap = current();
        const auto rel = recorded.lexically_relative(snap->result.programme.dir);
        if (!rel.empty()) out.push_back(programme_dir / rel);
        out.push_back(data_dir / recorded);
        return out;
    }

    void get_document(const httplib::Request& req, httplib::Response& res) {
        const std::string sha = req.matches[1];
        std::optional<std::string> recorded;
        {
            std::lock_guard lock(store_mutex);
            if (auto d = store->document(sha)) recorded = d->path;
        }
        if (!recorded) return refuse(res, 404, "no stored document has this SHA-256");
        for (const auto& candidate : document_candidates(*recorded)) {
            std::error_code ec;
            const auto file = fs::canonical(candidate, ec);
            if (ec || !fs::is_regular_file(file, ec)) continue;
            if (std::none_of(document_roots.begin(), document_roots.end(),
                             [&](const fs::path& root) { return is_inside(file, root); }))
                continue;
            const auto size = fs::file_size(file, ec);
            if (ec || size > MAX_DOCUMENT_BYTES) continue;
            std::ifstream in(file, std::ios::binary);
            std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            if (!in.good() && !in.eof()) continue;
            // Serve exactly the bytes that were hashed: the file may have changed since ingest.
            if (text::sha256_hex(bytes) != sha) continue;
            // A stored page is someone else's HTML: it must not run in the workbench's origin.
            res.set_header("Content-Security-Policy", "sandbox");
            res.set_content(std::move(bytes), content_type_of(file));
            return;
        }
        refuse(res, 404,
               "the stored document is no longer readable inside the data or programme folder, "
               "or its bytes changed since it was stored");
    }

    void get_page(const httplib::Request&, httplib::Response& res) {
        res.set_content(
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            // An empty icon, so the browser does not ask for /favicon.ico (a logged 404 each load).
            "<link rel=\"icon\" href=\"data:,\">\n"
            "<title>reckon workbench</title>\n<link rel=\"stylesheet\" href=\"/app.css\">\n</head>\n<body>\n"
            "<script>window.RECKON_LIVE = true;</script>\n<script "
            "src=\"/app.js\"></script>\n</body>\n</html>\n",
            "text/html; charset=utf-8");
    }

    void get_asset(httplib::Response& res, bool js) {
        const auto text = js ? report::app_js() : report::app_css();
        res.set_content(text.data(), text.size(),
                        js ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");
    }

    // Every handler runs inside this: an unexpected exception becomes a logged 500, and the
    // server goes on.
    template <class F>
    httplib::Server::Handler guarded(F f) {
        return [this, f](const httplib::Request& req, httplib::Response& res) {
            try {
                (this->*f)(req, res);
            } catch (const std::exception& e) {
                res.status = 500;
                res.set_content(json{{"error", e.what()}}.dump(), "application/json");
                fmt::print(stderr, "serve: 500 {} {}: {}\n", req.method, printable(req.path), e.what());
            }
        };
    }

    // Stopping: cancel a running re-estimate (its files are written by rename, so none is
    // left half-written), refuse new ones, and wait for it.
    void stop_job() {
        std::thread job;
        {
            std::lock_guard lock(job_mutex);
            stopping = true;
            cancel = true;
            job = std::move(job_thread);
        }
        if (job.joinable()) job.join();
    }

    void setup_routes() {
        server.set_payload_max_length(MAX_BODY_BYTES);
        server.set_keep_alive_max_count(KEEP_ALIVE_MAX_REQUESTS);
        server.set_keep_alive_timeout(KEEP_ALIVE_TIMEOUT_S);
        server.set_read_timeout(READ_TIMEOUT_S);
        server.set_write_timeout(WRITE_TIMEOUT_S);
        server.new_task_queue = [this] { return new GrowingPool(options.max_threads); };
        server.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                                    {"X-Frame-Options", "DENY"},
                                    {"Referrer-Policy", "no-referrer"}});
        // Remember the listening socket so its backlog can be raised after httplib's listen().
        // SO_REUSEADDR only: a restarted server may bind at once. Not SO_REUSEPORT (httplib's
        // default), which would let a second process bind the same port and take a share of
        // the connections.
        server.set_socket_options([this](socket_t sock) {
            int yes = 1;
            ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
            listen_socket = sock;
        });

        // A page on another site cannot read our answers (no CORS headers), but through DNS
        // rebinding its name can come to point at 127.0.0.1. On loopback, answer only requests
        // addressed to this machine by name.
        server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
            if (!loopback_only) return httplib::Server::HandlerResponse::Unhandled;
            auto host = req.get_header_value("Host");
            if (auto colon = host.rfind(':');
                colon != std::string::npos && host.find(']', colon) == std::string::npos)
                host.resize(colon);
            if (is_loopback_host(host)) return httplib::Server::HandlerResponse::Unhandled;
            refuse(res, 403, fmt::format("Host '{}' is not this machine", printable(host)));
            return httplib::Server::HandlerResponse::Handled;
        });

        server.Get("/", guarded(&Impl::get_page));
        server.Get("/index.html", guarded(&Impl::get_page));
        server.Get("/app.js",
                   [this](const httplib::Request&, httplib::Response& res) { get_asset(res, true); });
        server.Get("/app.css",
                   [this](const httplib::Request&, httplib::Response& res) { get_asset(res, false); });
        server.Get("/api/view", guarded(&Impl::get_view));
        server.Get(R"(/api/claims/([^/]+)/history)", guarded(&Impl::get_history));
        server.Post(R"(/api/claims/([^/]+)/review)", guarded(&Impl::post_review));
        server.Post("/api/estimate", guarded(&Impl::post_estimate));
        server.Get("/api/estimate/status", guarded(&Impl::get_status));
        server.Get(R"(/api/documents/([0-9a-f]{64}))", guarded(&Impl::get_document));

        // Every 4xx and 5xx passes here, whether a handler or httplib itself refused it: one
        // log line each, and a JSON body saying why.
        server.set_error_handler(
            httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
                std::string why = res.get_header_value(WHY_HEADER);
                if (why.empty()) why = default_reason(res.status);
                res.headers.erase(WHY_HEADER);
                if (res.status >= 400 && res.status < 500)
                    fmt::print(stderr, "serve: {} {} {}: {}\n", res.status, printable(req.method),
                               printable(req.path), why);
                if (res.body.empty()) res.set_content(json{{"error", why}}.dump(), "application/json");
                return httplib::Server::HandlerResponse::Handled;
            }));
    }
};

Workbench::Workbench(WorkbenchOptions options) : m_impl(std::make_unique<Impl>(std::move(options))) {
    m_impl->setup_routes();
}

Workbench::~Workbench() {
    stop();
    m_impl->stop_job();
}

void Workbench::load(const core::ProgressFn& progress) {
    auto& impl = *m_impl;
    impl.install(impl.run_estimate([&](double fraction, std::string_view stage) {
        return !impl.cancel.load() && core::report_progress(progress, fraction, stage);
    }));
}

int Workbench::bind(const std::string& host, int port) {
    auto& impl = *m_impl;
    impl.loopback_only = is_loopback_host(host);
    bool ok = false;
    if (port == 0) {
        port = impl.server.bind_to_any_port(host);
        ok = port > 0;
    } else {
        ok = impl.server.bind_to_port(host, port);
    }
    if (!ok)
        throw Error(fmt::format("cannot listen on {}:{}", host, port),
                    "another program may be using the port: choose another with --port, or --port 0 for any");
    if (impl.listen_socket != INVALID_SOCKET) ::listen(impl.listen_socket, LISTEN_BACKLOG);
    impl.port = port;
    return port;
}

void Workbench::listen() {
    m_impl->server.listen_after_bind();
    m_impl->stop_job();
}

void Workbench::stop() {
    m_impl->cancel = true;
    m_impl->server.stop();
}

}  // namespace reckon::app
