// The workbench server (see server.hpp and docs/serve.md). cpp-httplib parses HTTP and runs
// each connection on a worker thread; this file holds the routes, the checks every request
// goes through (token, body size, content type, the Host header), the store shared by the
// request threads behind one mutex, and the re-estimate job on a thread of its own.
#include "server.hpp"

#include <fmt/core.h>
#include <httplib.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
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
// A request refused before its body is read carries the status and the reason in these from
// the screen to the pre-routing handler (copies a client sent are removed first).
constexpr const char* REFUSE_HEADER = "X-Reckon-Refuse";
constexpr const char* REFUSE_WHY_HEADER = "X-Reckon-Refuse-Why";
// The kernel caps this at net.core.somaxconn; httplib's own listen() uses a backlog of 5,
// which drops connections when a thousand clients connect at once.
constexpr int LISTEN_BACKLOG = 4096;
// Open connections at most; more are refused (503) as they are accepted. Each costs a
// descriptor and at most MAX_HEAD_BYTES of buffer while it waits, never a thread.
constexpr std::size_t MAX_CONNECTIONS = 4096;
// Descriptors kept free for the store, documents and the estimate's files.
constexpr rlim_t RESERVED_DESCRIPTORS = 64;
// Threads that answer requests whose head has arrived. A request is short (the longest, a
// document, is one file read); waiting for the next request takes no thread.
constexpr std::size_t REQUEST_THREADS = 32;
// A request's line and headers: browsers send 1-2 KB; 16 KiB is httplib's and nginx's order.
constexpr std::size_t MAX_HEAD_BYTES = std::size_t{16} * 1024;
constexpr std::size_t MAX_HEADER_LINES = 100;
// A whole request head must arrive within this after the connection opens or the previous
// answer was sent (slowloris: a head dribbled a byte at a time is cut off here).
constexpr int HEAD_TIMEOUT_MS = 5000;
// A keep-alive connection may carry this many requests before the server closes it; high so
// that clients under load are not made to reconnect (each reconnect leaves a TIME_WAIT socket).
constexpr std::size_t KEEP_ALIVE_MAX_REQUESTS = 100000;
constexpr int READ_TIMEOUT_MS = 5000;
constexpr int WRITE_TIMEOUT_MS = 5000;
// The view is handed to the socket in pieces of this size from the one shared copy.
constexpr std::size_t VIEW_PIECE_BYTES = std::size_t{256} * 1024;
// Documents larger than this are not served (the largest real one is a few MB).
constexpr std::uintmax_t MAX_DOCUMENT_BYTES = std::uintmax_t{256} * 1024 * 1024;

// Log lines go to stderr with one write(2) each, never through a stream that can throw or block:
// a closed pipe (EPIPE; SIGPIPE is ignored, httplib's Server sets that), a full disk or a reader
// that stopped reading make the line dropped and counted, and the server goes on.
class LogSink {
public:
    void line(const std::string& text) noexcept {
        // A pipe whose reader stalled would block the writer: poll first, and drop the line when
        // there is no room (a line shorter than PIPE_BUF is written whole or not at all).
        pollfd p{STDERR_FILENO, POLLOUT, 0};
        if (::poll(&p, 1, 0) != 1 || (p.revents & (POLLERR | POLLHUP | POLLNVAL)) != 0) {
            ++m_dropped;
            return;
        }
        std::size_t done = 0;
        while (done < text.size()) {
            const auto n = ::write(STDERR_FILENO, text.data() + done, text.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                ++m_dropped;
                return;
            }
            done += static_cast<std::size_t>(n);
        }
    }
    // Formats and writes; a formatting failure (out of memory) is a dropped line too.
    template <class... Args>
    void print(fmt::format_string<Args...> format, Args&&... args) noexcept {
        try {
            line(fmt::format(format, std::forward<Args>(args)...));
        } catch (...) {
            ++m_dropped;
        }
    }
    std::uint64_t dropped() const { return m_dropped.load(); }

private:
    std::atomic<std::uint64_t> m_dropped{0};
};

// A whole answer written without httplib, for connections refused before a request could be
// parsed (too many connections, a head too large). Non-blocking: a client that does not read
// does not get to hold the thread.
void send_raw(socket_t sock, int status, const char* phrase, const std::string& why) {
    const std::string body = json{{"error", why}}.dump();
    const std::string text = fmt::format(
        "HTTP/1.1 {} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: "
        "close\r\n\r\n{}",
        status, phrase, body.size(), body);
    [[maybe_unused]] const auto n = ::send(sock, text.data(), text.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
}

// Closes after a refusal without a reset: the client may still be sending a body we did not
// read, and closing with unread bytes makes the kernel send RST, which can destroy our answer
// before the client reads it. So: end our side, discard a bounded amount for a bounded time,
// then close.
void lingering_close(socket_t sock) {
    constexpr std::size_t MAX_DISCARD_BYTES = std::size_t{64} * 1024;
    constexpr int MAX_DISCARD_MS = 500;
    ::shutdown(sock, SHUT_WR);
    std::array<char, 4096> buf{};
    std::size_t discarded = 0;
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(MAX_DISCARD_MS);
    while (discarded < MAX_DISCARD_BYTES) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
        pollfd p{sock, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) != 1) break;
        const auto n = ::recv(sock, buf.data(), buf.size(), MSG_DONTWAIT);
        if (n <= 0) break;
        discarded += static_cast<std::size_t>(n);
    }
    ::close(sock);
}

// What httplib reads a request from: first the bytes the front already took from the socket
// (the head, perhaps more), then the socket itself, never more than httplib asks for, so that
// a pipelined next request stays where the front finds it. Waits with poll(), so descriptors
// above FD_SETSIZE work.
class BufferedSocketStream : public httplib::Stream {
public:
    BufferedSocketStream(socket_t sock, std::string& buffered, int read_timeout_ms, int write_timeout_ms)
        : m_sock(sock), m_buffered(buffered), m_read_ms(read_timeout_ms), m_write_ms(write_timeout_ms) {}
    ~BufferedSocketStream() override { m_buffered.erase(0, m_pos); }
    BufferedSocketStream(const BufferedSocketStream&) = delete;
    BufferedSocketStream& operator=(const BufferedSocketStream&) = delete;

    bool is_readable() const override { return m_pos < m_buffered.size() || wait(POLLIN, m_read_ms); }
    bool is_writable() const override { return wait(POLLOUT, m_write_ms); }
    ssize_t read(char* ptr, size_t size) override {
        if (m_pos < m_buffered.size()) {
            const auto n = std::min(size, m_buffered.size() - m_pos);
            std::memcpy(ptr, m_buffered.data() + m_pos, n);
            m_pos += n;
            return static_cast<ssize_t>(n);
        }
        if (!wait(POLLIN, m_read_ms)) return -1;
        return ::recv(m_sock, ptr, size, 0);
    }
    ssize_t write(const char* ptr, size_t size) override {
        if (!wait(POLLOUT, m_write_ms)) return -1;
        return ::send(m_sock, ptr, size, MSG_NOSIGNAL);
    }
    void get_remote_ip_and_port(std::string& ip, int& port) const override { address(true, ip, port); }
    void get_local_ip_and_port(std::string& ip, int& port) const override { address(false, ip, port); }
    // httplib asks for the descriptor only to refuse one above FD_SETSIZE, which its own
    // select()-based stream cannot watch; this stream polls, so it reports one below.
    socket_t socket() const override { return std::min<socket_t>(m_sock, FD_SETSIZE - 1); }

private:
    bool wait(short events, int timeout_ms) const {
        pollfd p{m_sock, events, 0};
        int n = 0;
        do {
            n = ::poll(&p, 1, timeout_ms);
        } while (n < 0 && errno == EINTR);
        return n == 1 && (p.revents & (POLLERR | POLLNVAL)) == 0;
    }
    void address(bool remote, std::string& ip, int& port) const {
        sockaddr_storage addr{};
        socklen_t len = sizeof addr;
        // The sockets API takes any address family through sockaddr*.
        auto* sa = reinterpret_cast<sockaddr*>(&addr);  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
        if ((remote ? ::getpeername(m_sock, sa, &len) : ::getsockname(m_sock, sa, &len)) != 0) return;
        std::array<char, NI_MAXHOST> host{};
        std::array<char, NI_MAXSERV> serv{};
        if (::getnameinfo(sa, len, host.data(), host.size(), serv.data(), serv.size(),
                          NI_NUMERICHOST | NI_NUMERICSERV) != 0)
            return;
        ip = host.data();
        port = std::atoi(serv.data());
    }

    socket_t m_sock;
    std::string& m_buffered;
    std::size_t m_pos = 0;
    int m_read_ms, m_write_ms;
};

// httplib 0.11 gives each connection a thread for its whole life, reads headers without a
// limit on their number or total size, waits for a next request with no bound on how slowly it
// arrives, and loses a pipelined request it has already buffered. This front keeps httplib's
// parsing and routing but owns the connections: one thread waits (epoll) for every connection's
// next request head, up to `max_head_bytes` within `head_timeout_ms`; a fixed pool of threads
// runs a request once its head is complete. At `max_connections`, a new connection closes the
// one that has waited longest for its head (and when every connection is busy with a request,
// the new one is refused with 503). A half-open connection thus costs a descriptor and a
// buffer, never a thread, and a flood of them cannot keep a real client out: its request is
// whole and answered long before it would be the oldest.
class Front : public httplib::Server {
public:
    // Called for each parsed request before its body is read; returns false when the request
    // is refused (then its body is never read and the connection closes after the answer).
    using Screen = std::function<bool(httplib::Request&)>;

    struct Limits {
        std::size_t max_connections;
        std::size_t threads;
        std::size_t max_head_bytes;
        std::size_t max_header_lines;
        int head_timeout_ms;  // for a whole request head, and for the next one on a kept-alive connection
        int read_timeout_ms;  // between the bytes of a body
        int write_timeout_ms;
        std::size_t max_requests_per_connection;
    };

    Front(Limits limits, LogSink& log) : m_limits(limits), m_log(log) {
        // The queue httplib hands each accepted socket to: process_and_close_socket() below only
        // files the socket with the waiting thread, so it runs at once on the accepting thread.
        // httplib owns (and deletes) what new_task_queue returns.
        new_task_queue = [] { return new InlineQueue; };  // NOLINT(cppcoreguidelines-owning-memory)
    }
    ~Front() override { shut_down(); }
    Front(const Front&) = delete;
    Front& operator=(const Front&) = delete;

    void set_screen(Screen screen) { m_screen = std::move(screen); }

    // Starts the waiting thread and the pool; call before listen_after_bind().
    void start() {
        m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
        m_wake = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (m_epoll < 0 || m_wake < 0) throw Error("cannot create the server's event queue", "");
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = m_wake;
        ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &ev);
        m_waiter = std::thread([this] { wait_loop(); });
        for (std::size_t i = 0; i < m_limits.threads; ++i) m_workers.emplace_back([this] { work_loop(); });
    }

    // Stops the threads and closes every connection; requests being answered finish first.
    void shut_down() {
        if (m_stopping.exchange(true)) return;
        if (m_wake >= 0) {
            const std::uint64_t one = 1;
            [[maybe_unused]] const auto n = ::write(m_wake, &one, sizeof one);
        }
        if (m_waiter.joinable()) m_waiter.join();
        m_ready_cond.notify_all();
        for (auto& t : m_workers) t.join();
        m_workers.clear();
        std::lock_guard lock(m_mutex);
        for (auto& [fd, conn] : m_waiting) ::close(fd);
        for (auto& conn : m_ready) ::close(conn.sock);
        m_waiting.clear();
        m_ready.clear();
        if (m_epoll >= 0) ::close(m_epoll);
        if (m_wake >= 0) ::close(m_wake);
        m_epoll = m_wake = -1;
    }

    std::size_t open_connections() const { return m_open.load(); }
    std::uint64_t refused_connections() const { return m_refused.load(); }
    std::uint64_t evicted_connections() const { return m_evicted.load(); }

private:
    class InlineQueue : public httplib::TaskQueue {
    public:
        void enqueue(std::function<void()> fn) override { fn(); }
        void shutdown() override {}
    };

    struct Connection {
        socket_t sock = INVALID_SOCKET;
        std::string buffered;  // bytes read from the socket and not yet given to httplib
        std::chrono::steady_clock::time_point deadline;
        std::size_t served = 0;
        bool head_too_large = false;  // answered 431 by a pool thread (which may linger)
    };

    // On the accepting thread (httplib's listen loop).
    bool process_and_close_socket(socket_t sock) override {
        if (!m_stopping && m_open.load() >= m_limits.max_connections && evict_oldest()) ++m_evicted;
        if (m_stopping || m_open.load() >= m_limits.max_connections) {
            ++m_refused;
            send_raw(sock, 503, "Service Unavailable", "too many connections; try again shortly");
            ::close(sock);
            return false;
        }
        ++m_open;
        int yes = 1;
        // Small answers go out at once rather than after the peer's delayed ACK (Nagle).
        ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
        Connection conn;
        conn.sock = sock;
        wait_for_head(std::move(conn));
        return true;
    }

    void wait_for_head(Connection conn) {
        conn.deadline =
            std::chrono::steady_clock::now() + std::chrono::milliseconds(m_limits.head_timeout_ms);
        const socket_t sock = conn.sock;
        std::lock_guard lock(m_mutex);
        m_waiting[sock] = std::move(conn);
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLRDHUP;
        ev.data.fd = sock;
        if (::epoll_ctl(m_epoll, EPOLL_CTL_ADD, sock, &ev) != 0) {
            m_waiting.erase(sock);
            drop(sock);
        }
    }

    // Closes the waiting connection whose deadline comes first; false when none waits.
    bool evict_oldest() {
        std::lock_guard lock(m_mutex);
        auto oldest = std::min_element(m_waiting.begin(), m_waiting.end(), [](const auto& a, const auto& b) {
            return a.second.deadline < b.second.deadline;
        });
        if (oldest == m_waiting.end()) return false;
        ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, oldest->first, nullptr);
        drop(oldest->first);
        m_waiting.erase(oldest);
        return true;
    }

    void drop(socket_t sock) {
        ::close(sock);
        --m_open;
    }

    static bool head_complete(const std::string& buffered) {
        return buffered.find("\r\n\r\n") != std::string::npos;
    }

    void wait_loop() {
        constexpr int MAX_EVENTS = 256;
        constexpr int TICK_MS = 200;  // how often deadlines are checked
        std::array<epoll_event, MAX_EVENTS> events{};
        while (!m_stopping) {
            const int n = ::epoll_wait(m_epoll, events.data(), MAX_EVENTS, TICK_MS);
            for (int i = 0; i < n; ++i)
                if (events[i].data.fd != m_wake) on_readable(events[i].data.fd);
            expire();
        }
    }

    // Takes what the socket has, up to the head limit, and hands the connection to the pool
    // once a whole head is there.
    void on_readable(socket_t sock) {
        std::unique_lock lock(m_mutex);
        auto it = m_waiting.find(sock);
        if (it == m_waiting.end()) return;
        Connection& conn = it->second;
        bool closed = false;
        std::array<char, 4096> buf{};
        while (conn.buffered.size() < m_limits.max_head_bytes) {
            const auto room = std::min(buf.size(), m_limits.max_head_bytes - conn.buffered.size());
            const auto n = ::recv(sock, buf.data(), room, MSG_DONTWAIT);
            if (n > 0) {
                conn.buffered.append(buf.data(), static_cast<std::size_t>(n));
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            closed = n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
            break;
        }
        const bool complete = head_complete(conn.buffered);
        if (!complete && !closed && conn.buffered.size() < m_limits.max_head_bytes) return;
        ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, sock, nullptr);
        if (!complete && closed) {
            m_waiting.erase(it);
            drop(sock);
            return;
        }
        Connection taken = std::move(conn);
        m_waiting.erase(it);
        taken.head_too_large = !complete;
        m_ready.push_back(std::move(taken));
        lock.unlock();
        m_ready_cond.notify_one();
    }

    // Connections whose head did not arrive in time are closed without an answer.
    void expire() {
        const auto now = std::chrono::steady_clock::now();
        std::lock_guard lock(m_mutex);
        for (auto it = m_waiting.begin(); it != m_waiting.end();) {
            if (it->second.deadline > now) {
                ++it;
                continue;
            }
            ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, it->first, nullptr);
            drop(it->first);
            it = m_waiting.erase(it);
        }
    }

    void work_loop() {
        for (;;) {
            Connection conn;
            {
                std::unique_lock lock(m_mutex);
                m_ready_cond.wait(lock, [this] { return !m_ready.empty() || m_stopping; });
                if (m_ready.empty()) return;
                conn = std::move(m_ready.front());
                m_ready.pop_front();
            }
            serve(std::move(conn));
        }
    }

    static std::size_t header_lines(const std::string& buffered) {
        const auto end = buffered.find("\r\n\r\n");
        std::size_t lines = 0;
        for (std::size_t i = buffered.find("\r\n"); i < end; i = buffered.find("\r\n", i + 2)) ++lines;
        return lines;
    }

    // Answers the requests whose heads are buffered, one after the other (pipelining), then
    // gives the connection back to the waiting thread or closes it.
    void serve(Connection conn) {
        bool keep = false;
        bool refused = false;
        try {
            if (conn.head_too_large) {
                m_log.print("serve: 431 (request head over {} bytes); connection closed\n",
                            m_limits.max_head_bytes);
                send_raw(conn.sock, 431, "Request Header Fields Too Large",
                         fmt::format("the request's head is larger than {} bytes", m_limits.max_head_bytes));
                refused = true;
            }
            while (!refused && !m_stopping && head_complete(conn.buffered)) {
                if (header_lines(conn.buffered) > m_limits.max_header_lines) {
                    m_log.print("serve: 431 (over {} header lines); connection closed\n",
                                m_limits.max_header_lines);
                    send_raw(conn.sock, 431, "Request Header Fields Too Large",
                             fmt::format("more than {} header lines", m_limits.max_header_lines));
                    refused = true;
                    break;
                }
                const bool last = conn.served + 1 >= m_limits.max_requests_per_connection;
                bool closed = false;
                bool ok = false;
                {
                    BufferedSocketStream strm(conn.sock, conn.buffered, m_limits.read_timeout_ms,
                                              m_limits.write_timeout_ms);
                    ok = process_request(strm, last, closed, [&](httplib::Request& req) {
                        if (m_screen && !m_screen(req)) {
                            refused = true;
                            req.headers.erase("Connection");
                            req.headers.emplace("Connection", "close");
                        }
                    });
                }
                ++conn.served;
                if (!ok || closed || last || refused) break;
                keep = true;
            }
            keep = keep && !refused && !m_stopping;
            if (keep && !head_complete(conn.buffered)) {
                wait_for_head(std::move(conn));
                return;
            }
        } catch (...) {
            // httplib catches the handlers' exceptions; this is for its own (out of memory).
            m_log.line("serve: a request failed inside the HTTP library; connection closed\n");
        }
        if (refused)
            lingering_close(conn.sock);
        else
            ::close(conn.sock);
        --m_open;
    }

    Limits m_limits;
    LogSink& m_log;
    Screen m_screen;
    std::atomic<bool> m_stopping{false};
    std::atomic<std::size_t> m_open{0};
    std::atomic<std::uint64_t> m_refused{0};
    std::atomic<std::uint64_t> m_evicted{0};
    int m_epoll = -1;
    int m_wake = -1;
    std::thread m_waiter;
    std::vector<std::thread> m_workers;
    std::mutex m_mutex;  // m_waiting and m_ready
    std::condition_variable m_ready_cond;
    std::map<socket_t, Connection> m_waiting;
    std::deque<Connection> m_ready;
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
        case 411:
            return "the request must say how long its body is (Content-Length)";
        case 413:
            return fmt::format("request body larger than {} bytes", MAX_BODY_BYTES);
        case 416:
            return "the Range header cannot be read";
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

// The front's limits, the connection cap lowered to what the descriptor limit allows.
Front::Limits front_limits() {
    std::size_t max_connections = MAX_CONNECTIONS;
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY)
        max_connections = std::min<std::size_t>(max_connections, files.rlim_cur > 2 * RESERVED_DESCRIPTORS
                                                                     ? files.rlim_cur - RESERVED_DESCRIPTORS
                                                                     : RESERVED_DESCRIPTORS);
    return {max_connections, REQUEST_THREADS, MAX_HEAD_BYTES,   MAX_HEADER_LINES,
            HEAD_TIMEOUT_MS, READ_TIMEOUT_MS, WRITE_TIMEOUT_MS, KEEP_ALIVE_MAX_REQUESTS};
}

// Host without its port ("[::1]:8080" → "[::1]", "a.example:80" → "a.example"), lower case.
std::string host_name(std::string host) {
    if (auto colon = host.rfind(':');
        colon != std::string::npos && host.find(']', colon) == std::string::npos)
        host.resize(colon);
    std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
    return host;
}

}  // namespace

std::string random_token() {
    constexpr int TOKEN_BYTES = 16;  // 128 bits, printed as 32 hex digits
    std::array<unsigned char, TOKEN_BYTES> bytes{};
    if (RAND_bytes(bytes.data(), TOKEN_BYTES) != 1)
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
    int port = 0;

    LogSink log;
    Front server{front_limits(), log};
    socket_t listen_socket = INVALID_SOCKET;

    // The first estimate runs in the background while the server already answers; until it is
    // done the view says "estimating" and the routes that need it answer 503.
    std::thread startup_thread;
    std::atomic<double> startup_fraction{0};
    std::atomic<bool> startup_failed{false};
    std::atomic<bool> listen_done{false};
    std::exception_ptr startup_error;  // set by the startup thread before it ends
    std::atomic<bool> stopped_by_request{false};

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
        data_dir = options.data_dir.empty() ? fs::path(".") : options.data_dir;
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
        report::SiteEvidence site;  // the store's site comparisons, with their polygons' reviews
        {
            std::lock_guard lock(store_mutex);
            reviews = store->reviews();
            site = report::read_site_evidence(*store);
        }
        report::ViewOptions view_options;
        view_options.reviews = &reviews;
        view_options.site = &site;
        return report::view_text(report::build_view(snap.result, report::ViewMode::live, view_options));
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
        if (view_stale.load() && current()) {
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
        std::string state = "done";
        std::string message;
        try {
            auto result = run_estimate(progress);
            // The data folder holds what `reckon run` wrote: the estimate's files and the report.
            // Each file is replaced through a temporary file and a rename.
            report::write_estimate_and_report(report::build_view(result, report::ViewMode::report), result,
                                              data_dir, true);
            install(std::move(result));
            message = fmt::format("estimate {} written to {}", id, data_dir.string());
            log.print("serve: re-estimate {} done; wrote the estimate's files to {}\n", id,
                      data_dir.string());
        } catch (const std::exception& e) {
            state = "failed";
            message = e.what();
            log.print("serve: re-estimate {} failed: {}\n", id, message);
        }
        std::lock_guard lock(job_mutex);
        job_state = state;
        job_message = message;
        if (state == "done") job_fraction = 1.0;
    }

    // --- checks --------------------------------------------------------------------------

    // Every request passes here once its head is parsed, before its body is read: all that can
    // be refused without the body is refused here, so a client without the token never makes
    // the server read or keep a body. Returns false when the request is refused (the
    // pre-routing handler then answers it and the connection is closed).
    bool screen(httplib::Request& req) {
        req.headers.erase(REFUSE_HEADER);
        req.headers.erase(REFUSE_WHY_HEADER);
        // Several ranges would make httplib build one part per range in memory: such a request
        // is answered whole (RFC 9110 lets a server ignore Range). One range is served.
        if (req.ranges.size() > 1) req.ranges.clear();
        const auto refusal = refusal_before_body(req);
        if (!refusal) return true;
        req.set_header(REFUSE_HEADER, std::to_string(refusal->first));
        req.set_header(REFUSE_WHY_HEADER, refusal->second);
        return false;
    }

    std::optional<std::pair<int, std::string>> refusal_before_body(const httplib::Request& req) {
        using Refusal = std::pair<int, std::string>;
        // The length must be plain digits: strtoull (which httplib uses) would also take "+35",
        // " 35" or "0x23", and two parsers disagreeing on a length is how requests get smuggled.
        constexpr std::size_t MAX_LENGTH_DIGITS = 18;
        const auto lengths = req.get_header_value_count("Content-Length");
        std::uint64_t length = 0;
        if (req.has_header("Transfer-Encoding"))
            return Refusal{411, "Transfer-Encoding is not accepted: send the body with Content-Length"};
        if (lengths > 1) return Refusal{400, "more than one Content-Length"};
        if (lengths == 1) {
            const auto value = req.get_header_value("Content-Length");
            if (value.empty() || value.size() > MAX_LENGTH_DIGITS ||
                value.find_first_not_of("0123456789") != std::string::npos)
                return Refusal{400,
                               fmt::format("Content-Length '{}' is not a number of bytes", printable(value))};
            length = std::stoull(value);
        }
        if (req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS") {
            if (length > 0) return Refusal{400, fmt::format("a {} request takes no body", req.method)};
        } else if (req.method == "POST") {
            if (lengths == 0) return Refusal{411, default_reason(411)};
            if (length > MAX_BODY_BYTES) return Refusal{413, default_reason(413)};
        } else {
            return Refusal{405, default_reason(405)};
        }
        // A page on another site cannot read our answers (no CORS headers), but through DNS
        // rebinding its name can come to point at this machine: answer only requests addressed
        // to it by a loopback name or a name given with --allow-host.
        const auto host = host_name(req.get_header_value("Host"));
        if (!is_loopback_host(host) && std::find(options.allowed_hosts.begin(), options.allowed_hosts.end(),
                                                 host) == options.allowed_hosts.end())
            return Refusal{403, fmt::format("Host '{}' is not this machine", printable(host))};
        if (!current() && req.path.rfind("/api/", 0) == 0 && req.path != "/api/view" &&
            req.path != "/api/status" && req.path != "/api/estimate/status")
            return Refusal{503, "the first estimate is still running; see /api/status"};
        if (req.method == "POST") {
            httplib::Response scratch;
            if (!authorised(req, scratch))
                return Refusal{scratch.status, scratch.get_header_value(WHY_HEADER)};
        }
        return std::nullopt;
    }

    // True when the request carries the token; otherwise refuses it (401 or 403).
    bool authorised(const httplib::Request& req, httplib::Response& res) const {
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

    static bool json_body(const httplib::Request& req, httplib::Response& res) {
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

    // The view is not copied per request: the answer holds the one shared string until it is
    // sent, so a client that does not read its answer holds no copy of its own.
    void get_view(const httplib::Request& /*req*/, httplib::Response& res) {
        res.set_header("Cache-Control", "no-store");
        auto v = current_view();
        if (!v) {
            res.status = 503;
            res.set_header("Retry-After", "1");
            res.set_content(json{{"error", "the first estimate is still running"},
                                 {"state", startup_failed ? "failed" : "estimating"},
                                 {"fraction", startup_fraction.load()}}
                                .dump(),
                            "application/json");
            return;
        }
        serve_shared(res, std::move(v), "application/json");
    }

    static void serve_shared(httplib::Response& res, std::shared_ptr<const std::string> text,
                             const char* type) {
        const auto size = text->size();
        res.set_content_provider(
            size, type,
            [text = std::move(text)](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                return sink.write(text->data() + offset, std::min(length, VIEW_PIECE_BYTES));
            });
    }

    void get_server_status(const httplib::Request& /*req*/, httplib::Response& res) {
        const char* view_state = current() ? "ready" : startup_failed ? "failed" : "estimating";
        const json out = {{"view", view_state},
                          {"fraction", current() ? 1.0 : startup_fraction.load()},
                          {"log_lines_dropped", log.dropped()},
                          {"connections_open", server.open_connections()},
                          {"connections_refused", server.refused_connections()},
                          {"connections_evicted", server.evicted_connections()}};
        res.set_header("Cache-Control", "no-store");
        res.set_content(out.dump(), "application/json");
    }

    // The measured area of the site polygon with this key (site:...), or nullopt.
    std::optional<double> site_polygon_area(const std::string& key) {
        if (!key.starts_with("site:")) return std::nullopt;
        std::lock_guard lock(store_mutex);
        for (const auto& c : store->site_comparisons())
            for (const auto& p : c.polygons)
                if (p.key == key) return p.value;
        return std::nullopt;
    }

    void get_history(const httplib::Request& req, httplib::Response& res) {
        const std::string key = req.matches[1];
        std::vector<core::Review> reviews;
        {
            std::lock_guard lock(store_mutex);
            reviews = store->reviews(key);
        }
        if (reviews.empty() && !current()->claim_index.contains(key) && !site_polygon_area(key))
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
        // The figure as it stands: a claim's, or a site polygon's area (site compare --store).
        std::optional<double> value_before;
        std::optional<double> low_before;
        std::optional<double> high_before;
        if (it != snap->claim_index.end()) {
            const auto& claim = snap->result.evidence.claims[it->second];
            value_before = claim.value, low_before = claim.low, high_before = claim.high;
        } else if (auto area = site_polygon_area(key)) {
            value_before = *area;
        } else {
            return refuse(res, 404,
                          fmt::format("no claim or site polygon with key '{}' in the current estimate",
                                      printable(key)));
        }

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
        const std::array<std::optional<double>*, 3> numbers = {&review.value_after, &review.low_after,
                                                               &review.high_after};
        const std::array<std::string_view, 3> number_names = {"value", "low", "high"};
        for (const auto& [name, v] : body.items()) {
            if (name == "action") {
                auto action = v.is_string() ? core::parse_review_action(v.get<std::string>()) : std::nullopt;
                if (!action) return refuse(res, 400, R"("action" must be "accept", "reject" or "correct")");
                review.action = *action;
            } else if (name == "who" || name == "note") {
                if (!v.is_string()) return refuse(res, 400, fmt::format("\"{}\" must be a string", name));
                (name == "who" ? review.who : review.note) = v.get<std::string>();
            } else if (const auto* n = std::find(number_names.begin(), number_names.end(), name);
                       n != number_names.end()) {
                if (v.is_null()) continue;
                if (!v.is_number() || !std::isfinite(v.get<double>()))
                    return refuse(res, 400, fmt::format("\"{}\" must be a finite number", name));
                *numbers.at(static_cast<std::size_t>(n - number_names.begin())) = v.get<double>();
            } else {
                return refuse(res, 400, fmt::format("unknown field \"{}\"", printable(name)));
            }
        }
        if (!body.contains("action")) return refuse(res, 400, "\"action\" is missing");
        if (review.action != core::ReviewAction::correct &&
            (review.value_after || review.low_after || review.high_after))
            return refuse(res, 400, R"(only a correction takes "value", "low" or "high")");
        review.value_before = value_before;
        review.low_before = low_before;
        review.high_before = high_before;
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
        log.print("serve: re-estimate {} started\n", job_id);
        res.status = 202;
        res.set_content(json{{"job", job_id}}.dump(), "application/json");
    }

    void get_status(const httplib::Request& /*req*/, httplib::Response& res) {
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
            res.set_content(bytes, content_type_of(file));
            return;
        }
        refuse(res, 404,
               "the stored document is no longer readable inside the data or programme folder, "
               "or its bytes changed since it was stored");
    }

    // A quick-look of a stored site comparison (the site map's image layers): the file is the
    // one the view lists for that comparison and layer (beside its overlay.png), never a path
    // taken from the request.
    void get_site_image(const httplib::Request& req, httplib::Response& res) {
        const std::string sha = req.matches[1];
        const std::string layer = req.matches[2];
        std::optional<report::SiteQuicklooks> quicklooks;
        {
            std::lock_guard lock(store_mutex);
            for (const auto& c : store->site_comparisons())
                if (c.sha256 == sha) quicklooks = report::site_quicklooks(c, report::ViewMode::live, 0);
        }
        if (!quicklooks) return refuse(res, 404, "no stored site comparison has this SHA-256");
        for (const auto& image : quicklooks->images) {
            if (image.layer != layer) continue;
            std::error_code ec;
            const auto size = fs::file_size(image.path, ec);
            if (ec || size > MAX_DOCUMENT_BYTES) break;
            std::ifstream in(image.path, std::ios::binary);
            std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            if (!in.good() && !in.eof()) break;
            res.set_content(bytes, "image/png");
            return;
        }
        refuse(res, 404, fmt::format("the comparison's {}.png is no longer beside its overlay", layer));
    }

    // A route like the others (guarded() takes member functions), though it needs no state.
    // NOLINTNEXTLINE(readability-convert-member-functions-to-static)
    void get_page(const httplib::Request& /*req*/, httplib::Response& res) {
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

    // The bundle is compiled in: answers point into it rather than copying it.
    static void get_asset(httplib::Response& res, bool js) {
        const auto text = js ? report::app_js() : report::app_css();
        res.set_content_provider(
            text.size(), js ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8",
            [text](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                return sink.write(text.data() + offset, std::min(length, VIEW_PIECE_BYTES));
            });
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
                log.print("serve: 500 {} {}: {}\n", printable(req.method), printable(req.path), e.what());
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
        // Only the Keep-Alive header's figures: the front enforces both (see Front).
        server.set_keep_alive_max_count(KEEP_ALIVE_MAX_REQUESTS);
        server.set_keep_alive_timeout(HEAD_TIMEOUT_MS / 1000);
        server.set_read_timeout(READ_TIMEOUT_MS / 1000);
        server.set_write_timeout(WRITE_TIMEOUT_MS / 1000);
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
        server.set_screen([this](httplib::Request& req) { return screen(req); });

        // What the screen refused is answered here, before httplib reads a body.
        server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
            if (!req.has_header(REFUSE_HEADER)) return httplib::Server::HandlerResponse::Unhandled;
            refuse(res, std::atoi(req.get_header_value(REFUSE_HEADER).c_str()),
                   req.get_header_value(REFUSE_WHY_HEADER));
            return httplib::Server::HandlerResponse::Handled;
        });
        // A client that asks before sending its body (Expect: 100-continue) is told no at once.
        server.set_expect_100_continue_handler([](const httplib::Request& req, httplib::Response& res) {
            if (!req.has_header(REFUSE_HEADER)) return 100;
            refuse(res, std::atoi(req.get_header_value(REFUSE_HEADER).c_str()),
                   req.get_header_value(REFUSE_WHY_HEADER));
            return res.status;
        });

        server.Get("/", guarded(&Impl::get_page));
        server.Get("/index.html", guarded(&Impl::get_page));
        server.Get("/app.js",
                   [this](const httplib::Request&, httplib::Response& res) { get_asset(res, true); });
        server.Get("/app.css",
                   [this](const httplib::Request&, httplib::Response& res) { get_asset(res, false); });
        server.Get("/api/status", guarded(&Impl::get_server_status));
        server.Get("/api/view", guarded(&Impl::get_view));
        server.Get(R"(/api/claims/([^/]+)/history)", guarded(&Impl::get_history));
        server.Post(R"(/api/claims/([^/]+)/review)", guarded(&Impl::post_review));
        server.Post("/api/estimate", guarded(&Impl::post_estimate));
        server.Get("/api/estimate/status", guarded(&Impl::get_status));
        server.Get(R"(/api/documents/([0-9a-f]{64}))", guarded(&Impl::get_document));
        // The site map's image layers (issue 15): only the quick-looks the view lists.
        server.Get(R"(/api/site/([0-9a-f]{64})/(before|after|overlay)\.png)", guarded(&Impl::get_site_image));

        // Every 4xx and 5xx passes here, whether a handler or httplib itself refused it: one
        // log line for each 4xx, and a JSON body saying why. Nothing thrown here leaves it.
        server.set_error_handler(
            httplib::Server::HandlerWithResponse([this](const httplib::Request& req, httplib::Response& res) {
                try {
                    std::string why = res.get_header_value(WHY_HEADER);
                    if (why.empty()) why = default_reason(res.status);
                    res.headers.erase(WHY_HEADER);
                    if (res.status >= 400 && res.status < 500)
                        log.print("serve: {} {} {}: {}\n", res.status, printable(req.method),
                                  printable(req.path), why);
                    if (res.body.empty() && !res.content_provider_)
                        res.set_content(json{{"error", why}}.dump(), "application/json");
                } catch (...) {
                    log.print("serve: {} (the error answer could not be made)\n", res.status);
                }
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
    if (m_impl->startup_thread.joinable()) m_impl->startup_thread.join();
}

void Workbench::load(const core::ProgressFn& progress) {
    auto& impl = *m_impl;
    impl.install(impl.run_estimate([&](double fraction, std::string_view stage) {
        impl.startup_fraction = std::clamp(fraction, 0.0, 1.0);
        return !impl.cancel.load() && core::report_progress(progress, fraction, stage);
    }));
}

void Workbench::load_in_background(core::ProgressFn progress) {
    auto& impl = *m_impl;
    impl.startup_thread = std::thread([this, &impl, progress = std::move(progress)] {
        try {
            load(progress);
            impl.log.line("reckon: the first estimate is done; the workbench shows it\n");
            return;
        } catch (...) {
            impl.startup_error = std::current_exception();
            impl.startup_failed = true;
        }
        // The server cannot show anything: stop it, so listen() returns and reports why. stop()
        // does nothing before the server listens, so repeat until listen() has returned.
        while (!impl.listen_done) {
            stop();
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
}

int Workbench::bind(const std::string& host, int port) {
    auto& impl = *m_impl;
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
    auto& impl = *m_impl;
    impl.server.start();
    impl.server.listen_after_bind();
    impl.listen_done = true;
    impl.server.shut_down();
    impl.stop_job();
    if (impl.startup_thread.joinable()) impl.startup_thread.join();
    // A first estimate cancelled by stop() is no failure; one that failed on its own is.
    if (impl.startup_error && !impl.stopped_by_request) std::rethrow_exception(impl.startup_error);
}

void Workbench::stop() {
    if (!m_impl->startup_failed) m_impl->stopped_by_request = true;
    m_impl->cancel = true;
    m_impl->server.stop();
}

std::uint64_t Workbench::log_lines_dropped() const { return m_impl->log.dropped(); }

}  // namespace reckon::app
