// A PostgreSQL server for the tests, started in a temporary folder and removed at the end:
// initdb, then postgres listening only on a Unix socket in that folder (no TCP port), with
// fsync off (a test server holds nothing worth keeping). PostgreSQL refuses to run as root,
// so under root the server runs as the `postgres` user (Debian's package creates it), which
// is given the folder. available() is false only when the PostgreSQL binaries are missing;
// a server that is there but fails to start is an error the tests report.
#pragma once

#include <libpq-fe.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace reckon::test {

class PgServer {
public:
    // The folder of initdb, pg_ctl and postgres: RECKON_PG_BINDIR, or Debian's for PostgreSQL 15.
    static std::filesystem::path bindir() {
        if (const char* d = std::getenv("RECKON_PG_BINDIR")) return d;
        return "/usr/lib/postgresql/15/bin";
    }
    static bool available() { return ::access((bindir() / "initdb").c_str(), X_OK) == 0; }

    PgServer() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "reckon-pg-XXXXXX").string();
        if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("cannot make a temporary folder");
        m_dir = tmpl;
        if (::geteuid() == 0) {
            const passwd* pw = ::getpwnam("postgres");
            if (pw == nullptr || ::chown(m_dir.c_str(), pw->pw_uid, pw->pw_gid) != 0)
                fail("running as root, and there is no `postgres` user to run the server as");
            m_as = "runuser -u postgres -- ";
        }
        const std::string bin = bindir().string();
        run(m_as + bin + "/initdb -D " + (m_dir / "data").string() +
                " -U reckon -A trust -E UTF8 --no-locale --no-sync > " + (m_dir / "initdb.log").string() +
                " 2>&1",
            "initdb.log");
        run(m_as + bin + "/pg_ctl -D " + (m_dir / "data").string() + " -l " +
                (m_dir / "server.log").string() + " -w -t 60 -o \"-k " + m_dir.string() +
                " -c listen_addresses= -F\" start > " + (m_dir / "pg_ctl.log").string() + " 2>&1",
            "server.log");
        m_started = true;
    }
    ~PgServer() {
        if (m_started)
            (void)std::system((m_as + bindir().string() + "/pg_ctl -D " + (m_dir / "data").string() +
                               " -m immediate -w stop > /dev/null 2>&1")
                                  .c_str());
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
    PgServer(const PgServer&) = delete;
    PgServer& operator=(const PgServer&) = delete;
    PgServer(PgServer&&) = delete;
    PgServer& operator=(PgServer&&) = delete;

    // The URI of database `name` on this server (not created).
    std::string uri(const std::string& name) const {
        return "postgresql://reckon@/" + name + "?host=" + m_dir.string();
    }
    // Creates an empty database and returns its URI.
    std::string create_database(const std::string& name) const {
        PGconn* c = PQconnectdb(uri("postgres").c_str());
        std::string error;
        if (PQstatus(c) != CONNECTION_OK) {
            error = PQerrorMessage(c);
        } else {
            PGresult* r = PQexec(c, ("CREATE DATABASE " + name).c_str());
            if (PQresultStatus(r) != PGRES_COMMAND_OK) error = PQresultErrorMessage(r);
            PQclear(r);
        }
        PQfinish(c);
        if (!error.empty()) throw std::runtime_error("cannot create database " + name + ": " + error);
        return uri(name);
    }
    const std::filesystem::path& dir() const { return m_dir; }

private:
    void run(const std::string& command, const char* log) const {
        if (std::system(command.c_str()) != 0) fail("`" + command + "` failed:\n" + read(m_dir / log));
    }
    [[noreturn]] void fail(const std::string& what) const {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
        throw std::runtime_error("cannot start a PostgreSQL server for the tests: " + what);
    }
    static std::string read(const std::filesystem::path& p) {
        std::ifstream in(p);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }
    std::filesystem::path m_dir;
    std::string m_as;
    bool m_started = false;
};

}  // namespace reckon::test
