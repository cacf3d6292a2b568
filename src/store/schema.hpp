// Private to the store: opening a SQLite file as a reckon store (schema.cpp).
#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>

#include "reckon/store/store.hpp"

namespace reckon::store {

// Opens or creates the store at `path` (IN_MEMORY: a private store in memory) in WAL mode with foreign keys
// on, applying pending migrations in one transaction (stamped with `now()`). Throws StoreError naming the
// file when it is not SQLite, holds another program's tables, is from a newer reckon, or cannot be opened.
// Nothing is written to a file it refuses.
SQLite::Database open_database(const std::filesystem::path& path, const NowFn& now);

}  // namespace reckon::store
