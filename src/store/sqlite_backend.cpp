// The store's SQLite backend: the Connection seam (backend.hpp) over SQLiteCpp, on a file
// opened and migrated by schema.cpp. SQLite's errors become DbError with the same text.
#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "backend.hpp"
#include "schema.hpp"

namespace reckon::store::detail {

namespace {

[[noreturn]] void rethrow(const SQLite::Exception& e) {
    throw DbError(e.what(), e.getErrorCode() == SQLITE_BUSY);
}

class SqliteStatement final : public Statement {
public:
    SqliteStatement(SQLite::Database& db, const std::string& sql) try : m_q(db, sql) {
    } catch (const SQLite::Exception& e) {
        rethrow(e);
    }

    void bind_text(int index, std::string_view text) override {
        guard([&] { m_q.bind(index, std::string(text)); });
    }
    void bind_int(int index, std::int64_t value) override {
        guard([&] { m_q.bind(index, static_cast<std::int64_t>(value)); });
    }
    void bind_real(int index, double value) override {
        guard([&] { m_q.bind(index, value); });
    }
    void bind_null(int index) override {
        guard([&] { m_q.bind(index); });
    }
    bool step() override {
        bool row = false;
        guard([&] { row = m_q.executeStep(); });
        return row;
    }
    void reset() override {
        guard([&] { m_q.reset(); });
    }
    bool is_null(int column) const override { return m_q.isColumnNull(column); }
    std::string text(int column) const override { return m_q.getColumn(column).getString(); }
    std::int64_t int64(int column) const override { return m_q.getColumn(column).getInt64(); }
    double real(int column) const override { return m_q.getColumn(column).getDouble(); }
    std::string column_name(int column) const override { return m_q.getColumnName(column); }

private:
    template <typename Fn>
    static void guard(Fn&& fn) {
        try {
            fn();
        } catch (const SQLite::Exception& e) {
            rethrow(e);
        }
    }
    SQLite::Statement m_q;
};

class SqliteConnection final : public Connection {
public:
    explicit SqliteConnection(SQLite::Database db) : m_db(std::move(db)) {}

    std::unique_ptr<Statement> prepare(const std::string& sql) override {
        return std::make_unique<SqliteStatement>(m_db, sql);
    }
    void begin_write() override { exec("BEGIN IMMEDIATE"); }
    void commit() override { exec("COMMIT"); }
    void rollback() noexcept override {
        try {
            m_db.exec("ROLLBACK");
        } catch (const SQLite::Exception&) {  // NOLINT(bugprone-empty-catch): nothing was open
        }
    }

private:
    void exec(const char* sql) {
        try {
            m_db.exec(sql);
        } catch (const SQLite::Exception& e) {
            rethrow(e);
        }
    }
    SQLite::Database m_db;
};

}  // namespace

std::unique_ptr<Connection> open_sqlite(const std::filesystem::path& path, const NowFn& now) {
    return std::make_unique<SqliteConnection>(open_database(path, now));
}

}  // namespace reckon::store::detail
