// Opening a store file: telling a reckon store from other files before writing anything,
// refusing foreign and newer files, switching to WAL and applying pending migrations from
// the SQL compiled in from src/store/schema/*.sql; a store in a read-only file or folder is
// opened read-only and immutable.
#include "schema.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>
#include <string_view>
#include <thread>
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

namespace {

// A store that exists but that this process may not write, or whose folder it may not write
// (WAL mode needs the -wal and -shm files beside it): it is opened read-only.
bool read_only_store(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return false;
    const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
    return ::access(path.c_str(), W_OK) != 0 || ::access(dir.c_str(), W_OK) != 0;
}

// `path` as an SQLite URI filename (sqlite.org/uri.html): '%', '?' and '#' are escaped.
std::string file_uri(const std::filesystem::path& path, std::string_view query) {
    std::string uri = "file:";
    for (const char c : std::filesystem::absolute(path).string()) {
        if (c == '%' || c == '?' || c == '#')
            uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
        else
            uri += c;
    }
    return uri + "?" + std::string(query);
}

// Opens an existing store nobody can write here: `immutable=1` tells SQLite that no one
// changes the file meanwhile, so it neither takes locks nor needs a -shm file (which it could
// not create). Only a current store can be read this way: an older one needs migrating.
SQLite::Database open_read_only(const std::filesystem::path& path, const std::string& name) {
    SQLite::Database db(file_uri(path, "immutable=1"), SQLite::OPEN_READONLY | SQLite::OPEN_URI);
    const Identity id = identify(db, name, schema_version());
    if (id.empty)
        throw StoreError(fmt::format("{}: an empty SQLite file that reckon cannot write to", name),
                         "Pass --db a store reckon has written, or a file in a folder you may write to.");
    if (id.version < schema_version())
        throw StoreError(fmt::format("{}: written by an older reckon (schema {}, this build reads {}), and "
                                     "reckon cannot update it here: the file or its folder is read-only",
                                     name, id.version, schema_version()),
                         "Copy the store into a folder you may write to and open the copy.");
    return db;
}

bool is_busy(const SQLite::Exception& e) {
    const int code = e.getErrorCode();
    return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

SQLite::Database open_read_write(const std::filesystem::path& path, const std::string& name,
                                 const NowFn& now) {
    // The busy timeout is set as the file is opened, before anything is read or created.
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
}

}  // namespace

SQLite::Database open_database(const std::filesystem::path& path, const NowFn& now) {
    const std::string name = path.string();
    // SQLite itself tells a file that is not a database (SQLITE_NOTADB on the first read,
    // below). Never open the file another way: closing any descriptor of it drops every POSIX
    // lock SQLite holds on it in this process, and another process could then checkpoint
    // and remove the WAL under a live connection, losing its later commits.
    const bool read_only = name != IN_MEMORY && read_only_store(path);
    // Several processes creating one new store at once: while one switches a new file to WAL,
    // the others' first reads can be refused with SQLITE_BUSY before the busy handler is ever
    // called (sqlite.org/wal.html#sometimes_queries_return_sqlite_busy_in_wal_mode). Each such
    // refusal leaves nothing behind, so the open is tried again until the busy timeout.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(BUSY_TIMEOUT_MS);
    for (int attempt = 1;; ++attempt) {
        try {
            return read_only ? open_read_only(path, name) : open_read_write(path, name, now);
        } catch (const SQLite::Exception& e) {
            if (is_busy(e) && std::chrono::steady_clock::now() < deadline) {
                std::this_thread::sleep_for(std::chrono::milliseconds(std::min(attempt, 50)));
                continue;
            }
            if (e.getErrorCode() == SQLITE_NOTADB)
                throw StoreError(fmt::format("{}: not a reckon store (not a SQLite database)", name),
                                 NEW_FILE_HINT);
            if (is_busy(e))
                throw StoreError(
                    fmt::format("{}: cannot open the store: {} (for {} s)", name, e.what(),
                                BUSY_TIMEOUT_MS / 1000),
                    "Another reckon is creating or writing this store; try again when it has finished.");
            throw StoreError(fmt::format("{}: cannot open the store: {}", name, e.what()),
                             read_only ? "Check that the file is readable."
                                       : "Check that the directory exists and that the file is writable.");
        }
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
    std::array<char, 32> buf{};
    const std::size_t n = std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return {buf.data(), n};
}

}  // namespace reckon::store
