// What the store's tests share to run on both backends: a fixture giving each test a fresh,
// empty store location on the backend of its parameter ("sqlite": a file in a temporary
// folder; "postgresql": a new database on the one server of the test process, pg_server.hpp),
// and raw SQL on a store the way another program (or an analyst with psql/sqlite3) would.
// PostgreSQL cases are skipped only when the PostgreSQL binaries are not installed; a server
// that is there but does not start fails them.
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "pg_server.hpp"
#include "reckon/store/store.hpp"

namespace reckon::test {

// The one PostgreSQL server of this test process, started on first use and stopped as the
// process exits (forked children leave with _exit and never stop it). Null, with the reason in
// server_error(), when it could not be started.
struct SharedServer {
    std::unique_ptr<PgServer> server;
    std::string error;
};
inline SharedServer& shared_server_state() {
    static SharedServer s;
    return s;
}
inline PgServer* shared_server() {
    SharedServer& s = shared_server_state();
    if (!s.server && s.error.empty() && PgServer::available()) {
        try {
            s.server = std::make_unique<PgServer>();
        } catch (const std::exception& e) {
            s.error = e.what();
        }
    }
    return s.server.get();
}
inline const std::string& server_error() { return shared_server_state().error; }

// Raw SQL on a store, bypassing reckon.
class RawSql {
public:
    explicit RawSql(const std::string& location) {
        if (store::is_server_location(location)) {
            m_pg = PQconnectdb(location.c_str());
            if (PQstatus(m_pg) != CONNECTION_OK) ADD_FAILURE() << PQerrorMessage(m_pg);
            exec_ok("SET client_min_messages = error");
        } else {
            if (sqlite3_open(location.c_str(), &m_lite) != SQLITE_OK)
                ADD_FAILURE() << "cannot open " << location;
            exec_ok("PRAGMA foreign_keys = ON");
        }
    }
    ~RawSql() {
        if (m_pg) PQfinish(m_pg);
        if (m_lite) sqlite3_close(m_lite);
    }
    RawSql(const RawSql&) = delete;
    RawSql& operator=(const RawSql&) = delete;
    RawSql(RawSql&&) = delete;
    RawSql& operator=(RawSql&&) = delete;

    bool postgresql() const { return m_pg != nullptr; }

    // True when the statement succeeded.
    bool exec_ok(const std::string& sql) {
        if (m_pg) {
            PGresult* r = PQexec(m_pg, sql.c_str());
            const auto st = PQresultStatus(r);
            PQclear(r);
            return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
        }
        return sqlite3_exec(m_lite, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
    }
    // The database's message when the statement fails, "" when it succeeds.
    std::string error(const std::string& sql) {
        if (m_pg) {
            PGresult* r = PQexec(m_pg, sql.c_str());
            const auto st = PQresultStatus(r);
            std::string out = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? "" : PQresultErrorMessage(r);
            PQclear(r);
            return out;
        }
        char* message = nullptr;
        std::string out;
        if (sqlite3_exec(m_lite, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK)
            out = message != nullptr ? message : "failed";
        sqlite3_free(message);
        return out;
    }
    // Runs a statement that must succeed.
    void exec(const std::string& sql) { EXPECT_TRUE(exec_ok(sql)) << sql; }
    // Every row's first column, as text.
    std::vector<std::string> column(const std::string& sql) {
        std::vector<std::string> out;
        if (m_pg) {
            PGresult* r = PQexec(m_pg, sql.c_str());
            if (PQresultStatus(r) != PGRES_TUPLES_OK) ADD_FAILURE() << sql << ": " << PQresultErrorMessage(r);
            for (int i = 0; i < PQntuples(r); ++i) out.emplace_back(PQgetvalue(r, i, 0));
            PQclear(r);
            return out;
        }
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(m_lite, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
            ADD_FAILURE() << sql << ": " << sqlite3_errmsg(m_lite);
            return out;
        }
        while (sqlite3_step(st) == SQLITE_ROW) {
            const void* text = sqlite3_column_blob(st, 0);
            out.emplace_back(static_cast<const char*>(text),
                             static_cast<std::size_t>(sqlite3_column_bytes(st, 0)));
        }
        sqlite3_finalize(st);
        return out;
    }
    // The first row's first column ("" when there is no row).
    std::string scalar(const std::string& sql) {
        auto rows = column(sql);
        return rows.empty() ? std::string() : rows.front();
    }

private:
    PGconn* m_pg = nullptr;
    sqlite3* m_lite = nullptr;
};

// A fresh store location per test on the backend of the parameter; instantiate with
// INSTANTIATE_TEST_SUITE_P(Store, FIXTURE, BACKENDS, backend_name).
class BackendTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        std::string tmpl = (std::filesystem::temp_directory_path() / "reckon-backends-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        m_dir = tmpl;
        m_location = fresh("main");
        if (!m_skip_reason.empty()) GTEST_SKIP() << m_skip_reason;
        if (m_location.empty()) FAIL() << server_error();
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
    bool on_postgresql() const { return GetParam() == "postgresql"; }
    // A new, empty store location on this test's backend.
    std::string fresh(const std::string& name) {
        if (GetParam() == "sqlite") return (m_dir / (name + ".db")).string();
        if (!PgServer::available()) {
            m_skip_reason = "PostgreSQL is not installed (no " + (PgServer::bindir() / "initdb").string() +
                            "; Debian: apt-get install postgresql-15, or set RECKON_PG_BINDIR)";
            return {};
        }
        PgServer* s = shared_server();
        if (s == nullptr) {
            ADD_FAILURE() << server_error();
            return {};
        }
        static std::atomic<int> next{0};
        return s->create_database("t" + std::to_string(::getpid()) + "_" + std::to_string(next++) + "_" +
                                  name);
    }
    std::filesystem::path m_dir;
    std::string m_skip_reason;
    std::string m_location;
};

inline const auto BACKENDS = ::testing::Values(std::string("sqlite"), std::string("postgresql"));
inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

}  // namespace reckon::test
