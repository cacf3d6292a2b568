// Opening a store file: telling a reckon store from other files before writing anything,
// refusing foreign and newer files, switching to WAL and applying pending migrations from
// the SQL compiled in from src/store/schema/*.sql.
#include "schema.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <string_view>
#include <utility>
#include <vector>

#include "reckon/core/error.hpp"

namespace reckon::store {

namespace detail {
// (version, sql) for every src/store/schema/NNN_*.sql, ascending; generated at build time.
extern const std::vector<std::pair<int, std::string_view>> SCHEMA_MIGRATIONS;
}  // namespace detail

namespace {

// How long a writer waits for another connection's write lock before giving up.
constexpr int BUSY_TIMEOUT_MS = 10'000;
// "rckn", set by 001_initial.sql; marks a SQLite file as a reckon store.
constexpr std::int64_t APPLICATION_ID = 0x72636b6e;
const char* const NEW_FILE_HINT =
    "Pass --db the path of a reckon store, or of a file that does not exist yet to create one.";

// What an existing file turned out to be, before anything is written to it.
struct Identity {
    bool empty = false;  // no tables at all: a new store
    int version = 0;     // highest applied migration, for a reckon store
};

Identity identify(SQLite::Database& db, const std::string& name, int known_version) {
    std::vector<std::string> tables;
    SQLite::Statement q(db,
                        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                        "ORDER BY name");
    while (q.executeStep()) tables.push_back(q.getColumn(0).getString());
    if (tables.empty()) return {.empty = true};

    const auto app_id = db.execAndGet("PRAGMA application_id").getInt64();
    const bool has_migrations = std::find(tables.begin(), tables.end(), "schema_migrations") != tables.end();
    if (app_id != APPLICATION_ID || !has_migrations) {
        std::string list;
        for (const auto& t : tables) list += (list.empty() ? "" : ", ") + t;
        throw StoreError(
            fmt::format("{}: not a reckon store (a SQLite database with other tables: {})", name, list),
            "reckon does not write into other programs' databases; pass --db a new file name.");
    }
    Identity id;
    id.version = db.execAndGet("SELECT coalesce(max(version), 0) FROM schema_migrations").getInt();
    if (id.version > known_version)
        throw StoreError(fmt::format("{}: written by a newer reckon (schema {}, this build knows {}); "
                                     "upgrade reckon",
                                     name, id.version, known_version),
                         "Install a newer reckon, or use a new --db file with this one.");
    return id;
}

// Applies the migrations above the file's version in one IMMEDIATE transaction, so two
// processes opening a new file at once cannot both create the tables.
void migrate(SQLite::Database& db, const std::string& name, const NowFn& now) {
    const int known = schema_version();
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    const Identity id = identify(db, name, known);  // again, now that we hold the write lock
    if (!id.empty && id.version == known) return;
    const std::string applied_at = now();
    for (const auto& [version, sql] : detail::SCHEMA_MIGRATIONS) {
        if (version <= id.version) continue;
        db.exec(std::string(sql));
        SQLite::Statement rec(db, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)");
        rec.bind(1, version);
        rec.bind(2, applied_at);
        rec.exec();
    }
    tx.commit();
}

}  // namespace

SQLite::Database open_database(const std::filesystem::path& path, const NowFn& now) {
    const std::string name = path.string();
    // SQLite itself tells a file that is not a database (SQLITE_NOTADB on the first read,
    // below). Never open the file another way: closing any descriptor of it drops every POSIX
    // lock SQLite holds on it in this process, and another process could then checkpoint
    // and remove the WAL under a live connection, losing its later commits.
    try {
        SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, BUSY_TIMEOUT_MS);
        db.exec("PRAGMA foreign_keys = ON");
        // Identify before switching to WAL: changing the journal mode writes the header,
        // and a foreign or newer file must be left untouched.
        const Identity id = identify(db, name, schema_version());
        const bool in_memory = name == IN_MEMORY;
        const std::string mode = db.execAndGet("PRAGMA journal_mode = WAL").getString();
        if (mode != (in_memory ? "memory" : "wal"))
            throw StoreError(fmt::format("{}: cannot switch the store to WAL mode (got '{}')", name, mode),
                             "Put the store on a local file system.");
        // NORMAL is durable across application crashes in WAL mode; only a power loss can
        // drop the last commits, never corrupt the file (sqlite.org/pragma.html#pragma_synchronous).
        db.exec("PRAGMA synchronous = NORMAL");
        // Only take the write lock when there is something to migrate, so that opening a
        // store to read it never waits for a long ingest in another process.
        if (id.empty || id.version < schema_version()) migrate(db, name, now);
        return db;
    } catch (const SQLite::Exception& e) {
        if (e.getErrorCode() == SQLITE_NOTADB)
            throw StoreError(fmt::format("{}: not a reckon store (not a SQLite database)", name),
                             NEW_FILE_HINT);
        throw StoreError(fmt::format("{}: cannot open the store: {}", name, e.what()),
                         "Check that the directory exists and that the file is writable.");
    }
}

int schema_version() {
    int v = 0;
    for (const auto& m : detail::SCHEMA_MIGRATIONS) v = std::max(v, m.first);
    return v;
}

std::string utc_now_iso() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace reckon::store
