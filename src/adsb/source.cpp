// Byte sources for the decoder: files and stdin through read(2), and TCP feeds (dump1090,
// readsb, a Beast receiver on port 30005) with a connect timeout and a stall timeout, so a
// feed that stops sending ends the run with a message instead of hanging it.
#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "reckon/adsb/formats.hpp"
#include "reckon/core/error.hpp"

namespace reckon::adsb {
namespace {

constexpr std::string_view TCP_PREFIX = "tcp://";

class FdSource : public ByteSource {
public:
    FdSource(int fd, std::string name, bool owned) : m_fd(fd), m_name(std::move(name)), m_owned(owned) {}
    ~FdSource() override {
        if (m_owned && m_fd >= 0) ::close(m_fd);
    }
    FdSource(const FdSource&) = delete;
    FdSource& operator=(const FdSource&) = delete;

    std::size_t read(std::span<std::uint8_t> buf) override {
        for (;;) {
            const ssize_t n = ::read(m_fd, buf.data(), buf.size());
            if (n >= 0) {
                m_offset += static_cast<std::uint64_t>(n);
                return static_cast<std::size_t>(n);
            }
            if (errno == EINTR) continue;
            throw InputError(Location{m_name, {}, {}, m_offset},
                             std::string("cannot read: ") + std::strerror(errno),
                             "check that the file is readable");
        }
    }
    std::string name() const override { return m_name; }

private:
    int m_fd;
    std::string m_name;
    bool m_owned;
    std::uint64_t m_offset = 0;
};

class TcpSource : public ByteSource {
public:
    TcpSource(int fd, std::string name, double stall_timeout_s)
        : m_fd(fd), m_name(std::move(name)), m_stall_ms(static_cast<int>(stall_timeout_s * 1000)) {}
    ~TcpSource() override { ::close(m_fd); }
    TcpSource(const TcpSource&) = delete;
    TcpSource& operator=(const TcpSource&) = delete;

    std::size_t read(std::span<std::uint8_t> buf) override {
        for (;;) {
            pollfd p{m_fd, POLLIN, 0};
            const int r = ::poll(&p, 1, m_stall_ms);
            if (r < 0 && errno == EINTR) continue;
            if (r == 0)
                throw InputError(Location{m_name, {}, {}, m_received},
                                 fmt::format("the feed stalled: no data for {} s", m_stall_ms / 1000.0),
                                 "check that the feed is running and has traffic, or raise --timeout");
            const ssize_t n = ::recv(m_fd, buf.data(), buf.size(), 0);
            if (n > 0) {
                m_received += static_cast<std::uint64_t>(n);
                return static_cast<std::size_t>(n);
            }
            if (n == 0) {
                m_end_reason = fmt::format("the feed closed the connection after {} bytes", m_received);
                return 0;
            }
            if (errno == EINTR || errno == EAGAIN) continue;
            m_end_reason =
                fmt::format("the feed dropped ({}) after {} bytes", std::strerror(errno), m_received);
            return 0;
        }
    }
    std::string name() const override { return m_name; }
    std::string end_reason() const override { return m_end_reason; }

private:
    int m_fd;
    std::string m_name;
    int m_stall_ms;
    std::uint64_t m_received = 0;
    std::string m_end_reason;
};

std::unique_ptr<ByteSource> connect_tcp(const std::string& spec, double stall_timeout_s,
                                        double connect_timeout_s) {
    const std::string rest = spec.substr(TCP_PREFIX.size());
    const auto colon = rest.rfind(':');
    const std::string usage_hint =
        "write a feed as tcp://HOST:PORT, e.g. tcp://127.0.0.1:30005 (Beast) or :30002 (AVR)";
    if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size())
        throw InputError(Location{spec}, "not a feed address", usage_hint);
    std::string host = rest.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const std::string port = rest.substr(colon + 1);

    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    if (const int e = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &res); e != 0)
        throw InputError(Location{spec}, std::string("cannot resolve the feed address: ") + ::gai_strerror(e),
                         usage_hint);
    std::string last_error = "no address";
    for (addrinfo* ai = res; ai; ai = ai->ai_next) {
        const int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) continue;
        const int flags = ::fcntl(fd, F_GETFL, 0);
        ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
        int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
        if (rc < 0 && errno == EINPROGRESS) {
            pollfd p{fd, POLLOUT, 0};
            rc = ::poll(&p, 1, static_cast<int>(connect_timeout_s * 1000));
            if (rc == 0) {
                last_error = fmt::format("no answer within {} s", connect_timeout_s);
                ::close(fd);
                continue;
            }
            int err = 0;
            socklen_t len = sizeof err;
            ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
            rc = err == 0 ? 0 : -1;
            errno = err;
        }
        if (rc == 0) {
            ::fcntl(fd, F_SETFL, flags);
            ::freeaddrinfo(res);
            return std::make_unique<TcpSource>(fd, spec, stall_timeout_s);
        }
        last_error = std::strerror(errno);
        ::close(fd);
    }
    ::freeaddrinfo(res);
    throw InputError(Location{spec}, "cannot connect to the feed: " + last_error,
                     "check that dump1090/readsb is running and serves this port (Beast: 30005, AVR: 30002, "
                     "SBS: 30003)");
}

}  // namespace

std::unique_ptr<ByteSource> open_source(const std::string& spec, double stall_timeout_s,
                                        double connect_timeout_s) {
    if (spec == "-") return std::make_unique<FdSource>(STDIN_FILENO, "stdin", false);
    if (spec.starts_with(TCP_PREFIX)) return connect_tcp(spec, stall_timeout_s, connect_timeout_s);
    struct stat st {};
    if (::stat(spec.c_str(), &st) != 0)
        throw InputError(Location{spec}, std::string("cannot open: ") + std::strerror(errno),
                         "check the path; use - for stdin or tcp://HOST:PORT for a feed");
    if (S_ISDIR(st.st_mode))
        throw InputError(Location{spec}, "is a directory", "name the files inside it, e.g. DIR/*.avr");
    const int fd = ::open(spec.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw InputError(Location{spec}, std::string("cannot open: ") + std::strerror(errno),
                         "check that the file is readable");
    return std::make_unique<FdSource>(fd, spec, true);
}

}  // namespace reckon::adsb
