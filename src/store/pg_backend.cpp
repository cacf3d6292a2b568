// The store's PostgreSQL backend: the Connection seam (backend.hpp) over libpq, and opening a
// store on a server: connecting (with errors that say what to do), telling a reckon store
// from another program's database, and applying the migrations of src/store/schema/postgresql
// in one transaction under an advisory lock, so that several processes opening a new store
// at once create its tables once.
#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "backend.hpp"
#include "reckon/core/error.hpp"

namespace reckon::store {

namespace detail {
// (version, sql) for every src/store/schema/postgresql/NNN_*.sql, ascending; generated at build time.
extern const std::vector<std::pair<int, std::string_view>> PG_SCHEMA_MIGRATIONS;
}  // namespace detail

namespace detail {

namespace {

// The advisory lock taken while migrating ("rckn", as SQLite's application_id).
constexpr std::int64_t MIGRATION_LOCK = 0x72636b6e;

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

struct ConnDeleter {
    void operator()(PGconn* c) const { PQfinish(c); }
};

std::string trimmed(std::string_view s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
    return std::string(s);
}

// Throws DbError unless `r` succeeded. A serialization failure or deadlock is `busy`.
void check(PGconn* c, const Result& r) {
    const ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return;
    const char* state = r ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
    const std::string_view code = state ? state : "";
    throw DbError(trimmed(r ? PQresultErrorMessage(r.get()) : PQerrorMessage(c)),
                  code == "40001" || code == "40P01" || code == "55P03");
}

class PgStatement final : public Statement {
public:
    PgStatement(PGconn* c, std::string sql) : m_c(c), m_sql(std::move(sql)) {}

    void bind_text(int index, std::string_view text) override { slot(index) = std::string(text); }
    void bind_int(int index, std::int64_t value) override { slot(index) = std::to_string(value); }
    void bind_real(int index, double value) override {
        // The shortest text that reads back as the same double; PostgreSQL parses inf and nan.
        slot(index) = fmt::format("{}", value);
    }
    void bind_null(int index) override { slot(index).reset(); }

    bool step() override {
        if (!m_result) {
            std::vector<const char*> values;
            values.reserve(m_params.size());
            for (const auto& p : m_params) values.push_back(p ? p->c_str() : nullptr);
            m_result.reset(PQexecParams(m_c, m_sql.c_str(), static_cast<int>(values.size()), nullptr,
                                        values.data(), nullptr, nullptr, 0));
            check(m_c, m_result);
            m_row = -1;
        }
        ++m_row;
        return m_row < PQntuples(m_result.get());
    }
    void reset() override { m_result.reset(); }

    bool is_null(int column) const override { return PQgetisnull(m_result.get(), m_row, column) != 0; }
    std::string text(int column) const override {
        return {PQgetvalue(m_result.get(), m_row, column),
                static_cast<std::size_t>(PQgetlength(m_result.get(), m_row, column))};
    }
    std::int64_t int64(int column) const override {
        return std::strtoll(PQgetvalue(m_result.get(), m_row, column), nullptr, 10);
    }
    double real(int column) const override {
        return std::strtod(PQgetvalue(m_result.get(), m_row, column), nullptr);
    }
    std::string column_name(int column) const override { return PQfname(m_result.get(), column); }

private:
    std::optional<std::string>& slot(int index) {
        const auto i = static_cast<std::size_t>(std::max(index, 1));
        if (m_params.size() < i) m_params.resize(i);
        m_result.reset();
        return m_params[i - 1];
    }
    PGconn* m_c;
    std::string m_sql;
    std::vector<std::optional<std::string>> m_params;
    Result m_result;
    int m_row = -1;
};

class PgConnection final : public Connection {
public:
    explicit PgConnection(PGconn* c) : m_c(c) {}

    std::unique_ptr<Statement> prepare(const std::string& sql) override {
        return std::make_unique<PgStatement>(m_c.get(), translate_placeholders(sql));
    }
    void begin_write() override { exec("BEGIN"); }
    void commit() override { exec("COMMIT"); }
    void rollback() noexcept override { const Result r(PQexec(m_c.get(), "ROLLBACK")); }

    void exec(const std::string& sql) {
        const Result r(PQexec(m_c.get(), sql.c_str()));
        check(m_c.get(), r);
    }
    PGconn* get() const { return m_c.get(); }

private:
    std::unique_ptr<PGconn, ConnDeleter> m_c;
};

// What to do about a connection that failed, from libpq's message.
std::string connect_hint(std::string_view message) {
    auto has = [&](std::string_view s) { return message.find(s) != std::string_view::npos; };
    if (has("does not exist") && has("database"))
        return "Create the database first (createdb NAME, or CREATE DATABASE as a PostgreSQL superuser), "
               "or name an existing one in the URI.";
    if (has("password authentication failed") || has("authentication failed") ||
        has("no password supplied") || has("role") || has("pg_hba.conf"))
        return "Check the user name and password (in the URI, PGPASSWORD or ~/.pgpass) and that pg_hba.conf "
               "lets this user in.";
    if (has("Connection refused") || has("No such file or directory") || has("could not connect") ||
        has("timeout") || has("could not translate host name"))
        return "Start the PostgreSQL server (systemctl start postgresql, or pg_ctl start -D DATADIR), or "
               "check the host, port or socket folder in the URI.";
    return "Check the URI (postgresql://USER@HOST:PORT/DATABASE) and that the server is running.";
}

std::vector<std::string> table_names(PgConnection& c) {
    auto q = c.prepare(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE' ORDER BY table_name");
    std::vector<std::string> out;
    while (q->step()) out.push_back(q->text(0));
    return out;
}

// Applies the migrations above the database's version, in one transaction holding an
// advisory lock so that processes opening a new store at once wait for each other.
void migrate(PgConnection& c, const std::string& name, const NowFn& now) {
    int known = 0;
    for (const auto& m : PG_SCHEMA_MIGRATIONS) known = std::max(known, m.first);
    WriteTransaction tx(c);
    c.exec(fmt::format("SELECT pg_advisory_xact_lock({})", MIGRATION_LOCK));
    const auto tables = table_names(c);
    int version = 0;
    if (!tables.empty()) {
        if (std::find(tables.begin(), tables.end(), "schema_migrations") == tables.end()) {
            std::string list;
            for (const auto& t : tables) list += (list.empty() ? "" : ", ") + t;
            throw StoreError(
                fmt::format("{}: not a reckon store (a database with other tables: {})", name, list),
                "reckon does not write into other programs' databases; create a new database "
                "for the store (createdb NAME) and name it in the URI.");
        }
        auto q = c.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
        q->step();
        version = static_cast<int>(q->int64(0));
    }
    if (version > known)
        throw StoreError(
            fmt::format("{}: written by a newer reckon (schema {}, this build knows {}); upgrade reckon",
                        name, version, known),
            "Install a newer reckon, or use a new database with this one.");
    if (version == known) {
        tx.rollback();
        return;
    }
    const std::string applied_at = now();
    for (const auto& [v, sql] : PG_SCHEMA_MIGRATIONS) {
        if (v <= version) continue;
        c.exec(std::string(sql));
        auto rec = c.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)");
        rec->bind_int(1, v);
        rec->bind_text(2, applied_at);
        rec->step();
    }
    tx.commit();
}

}  // namespace

std::unique_ptr<Connection> open_postgresql(const std::string& uri, const std::string& name,
                                            const NowFn& now) {
    PGconn* raw = PQconnectdb(uri.c_str());
    if (raw == nullptr)
        throw StoreError(fmt::format("{}: cannot connect: out of memory", name),
                         "Free some memory and try again.");
    auto conn = std::make_unique<PgConnection>(raw);
    if (PQstatus(raw) != CONNECTION_OK) {
        const std::string message = trimmed(PQerrorMessage(raw));
        throw StoreError(fmt::format("{}: cannot connect to the PostgreSQL server: {}", name, message),
                         connect_hint(message));
    }
    try {
        // Doubles read back exactly; quiet notices (CREATE ... IF NOT EXISTS) stay off stderr.
        conn->exec(
            "SET extra_float_digits = 3; SET client_min_messages = warning; SET client_encoding = 'UTF8'");
        migrate(*conn, name, now);
    } catch (const DbError& e) {
        throw StoreError(fmt::format("{}: cannot open the store: {}", name, e.what()),
                         "Check that this user may create tables in the database (GRANT CREATE ON SCHEMA "
                         "public), and that the database is a reckon store or empty.");
    }
    return conn;
}

std::string translate_placeholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    int n = 0;
    char quote = 0;
    bool comment = false;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (comment) {
            comment = c != '\n';
        } else if (quote != 0) {
            if (c == quote) quote = 0;  // a doubled quote closes and reopens: the same result
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            comment = true;
        } else if (c == '?') {
            out += fmt::format("${}", ++n);
            continue;
        }
        out += c;
    }
    return out;
}

bool is_postgresql(std::string_view location) {
    return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

}  // namespace detail

bool is_server_location(std::string_view location) { return detail::is_postgresql(location); }

std::string display_location(std::string_view location) {
    if (!detail::is_postgresql(location)) return std::string(location);
    std::string out(location);
    // postgresql://user:secret@host/... -> postgresql://user@host/...
    const std::size_t start = out.find("://") + 3;
    const std::size_t at = out.find('@', start);
    const std::size_t slash = out.find('/', start);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
        const std::size_t colon = out.find(':', start);
        if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
    }
    // ...?password=secret&... -> ...?password=***&...
    for (std::size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
        if (p == 0 || (out[p - 1] != '?' && out[p - 1] != '&')) continue;
        const std::size_t from = p + 9;
        const std::size_t to = std::min(out.find('&', from), out.size());
        out.replace(from, to - from, "***");
    }
    return out;
}

}  // namespace reckon::store
