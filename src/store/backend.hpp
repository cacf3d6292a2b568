// Private to the store: the seam between the store's logic (store.cpp, written once) and the
// database that holds it. A Connection runs SQL written with `?` placeholders, numbered in
// order; a backend that numbers them differently translates (translate_placeholders). Two
// backends: SQLite (sqlite_backend.cpp, a file) and PostgreSQL (pg_backend.cpp, a server).
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "reckon/store/store.hpp"

namespace reckon::store::detail {

// A database call that failed. `busy`: another writer held the store for longer than the
// backend waits; trying again later may succeed.
class DbError : public std::runtime_error {
public:
    explicit DbError(const std::string& what, bool busy = false) : std::runtime_error(what), m_busy(busy) {}
    bool busy() const { return m_busy; }

private:
    bool m_busy;
};

// One prepared statement. Parameters are 1-based, columns 0-based. step() runs the statement
// the first time and then moves to the next row; it returns false when there is no (more) row.
// reset() makes the statement ready to run again, keeping the parameters bound.
class Statement {
public:
    Statement() = default;
    virtual ~Statement() = default;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&&) = delete;
    Statement& operator=(Statement&&) = delete;

    virtual void bind_text(int index, std::string_view text) = 0;
    virtual void bind_int(int index, std::int64_t value) = 0;
    virtual void bind_real(int index, double value) = 0;
    virtual void bind_null(int index) = 0;
    virtual bool step() = 0;
    virtual void reset() = 0;

    virtual bool is_null(int column) const = 0;
    virtual std::string text(int column) const = 0;
    virtual std::int64_t int64(int column) const = 0;
    virtual double real(int column) const = 0;
    virtual std::string column_name(int column) const = 0;
};

class Connection {
public:
    Connection() = default;
    virtual ~Connection() = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    Connection(Connection&&) = delete;
    Connection& operator=(Connection&&) = delete;

    virtual std::unique_ptr<Statement> prepare(const std::string& sql) = 0;
    // Starts a transaction that will write: SQLite takes the write lock at once (BEGIN
    // IMMEDIATE), so that two writers never both read-then-write.
    virtual void begin_write() = 0;
    virtual void commit() = 0;
    virtual void rollback() noexcept = 0;
};

// A write transaction rolled back unless committed.
class WriteTransaction {
public:
    explicit WriteTransaction(Connection& c) : m_c(c) { m_c.begin_write(); }
    ~WriteTransaction() {
        if (!m_done) m_c.rollback();
    }
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;
    WriteTransaction(WriteTransaction&&) = delete;
    WriteTransaction& operator=(WriteTransaction&&) = delete;
    void commit() {
        m_c.commit();
        m_done = true;
    }
    void rollback() noexcept {
        m_c.rollback();
        m_done = true;
    }

private:
    Connection& m_c;
    bool m_done = false;
};

// `sql` with each `?` outside quotes ('…', "…") and comments (-- …) replaced by $1, $2, … in
// order: PostgreSQL's numbered parameters.
std::string translate_placeholders(std::string_view sql);

// True when `location` names a PostgreSQL server (postgresql:// or postgres://).
bool is_postgresql(std::string_view location);

// Opens the store at a file path (SQLite) ...
std::unique_ptr<Connection> open_sqlite(const std::filesystem::path& path, const NowFn& now);
// ... or on a PostgreSQL server (the URI as libpq reads it), applying pending migrations.
// `name` is the URI without its password, for messages.
std::unique_ptr<Connection> open_postgresql(const std::string& uri, const std::string& name,
                                            const NowFn& now);

}  // namespace reckon::store::detail
