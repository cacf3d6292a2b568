// The store's edges (issue 12, item 5) and its half of review validation (item 4): a store in
// a folder this process may not write is still readable; four processes creating one new
// store at once all succeed; a document is found by its SHA-256 through the unique index;
// poisoned reviews are refused, and old ones read back without their control characters. The
// reviews and the lookup run on both backends (backend_fixture.hpp); the folder and the
// concurrent creation are the SQLite file's own concerns.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <sstream>
#include <string>
#include <vector>

#include "backend_fixture.hpp"
#include "expect_error.hpp"
#include "reckon/core/error.hpp"
#include "reckon/store/store.hpp"
#include "scratch_dir.hpp"

namespace fs = std::filesystem;
using reckon::core::DocumentInfo;
using reckon::core::Review;
using reckon::core::ReviewAction;
using reckon::store::Store;
using reckon::tests::ScratchDir;

namespace {

// The uid `nobody` has on Debian: used to drop root's rights in a child process, since a
// chmod does not stop root from writing.
constexpr uid_t NOBODY = 65534;

DocumentInfo document(int n) {
    DocumentInfo d;
    d.path = "doc" + std::to_string(n) + ".txt";
    std::ostringstream hex;
    hex << std::hex << std::setw(64) << std::setfill('0') << n + 1;
    d.sha256 = hex.str();
    d.format = "text";
    d.title = "Document " + std::to_string(n);
    d.size_bytes = 100 + static_cast<std::uint64_t>(n);
    return d;
}

Review review(ReviewAction action, std::string who, std::string note = "") {
    Review r;
    r.claim_key = "doc:0000000000000001:1-2:production_rate";
    r.action = action;
    r.who = std::move(who);
    r.note = std::move(note);
    return r;
}

// Runs `fn` in a child process and returns its exit status (0 = success), or -1 when the
// child died of a signal. `fn` returns the exit code; it must not use gtest's assertions.
template <typename Fn>
int in_child(Fn&& fn) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        int code = 1;
        try {
            code = fn();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "child: %s\n", e.what());
        }
        std::fflush(stderr);
        ::_exit(code);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A fresh store on each backend.
class StoreEdgesTest : public reckon::test::BackendTest {};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Store, StoreEdgesTest, reckon::test::BACKENDS, reckon::test::backend_name);

TEST_P(StoreEdgesTest, RefusesPoisonedReviewsAndStoresNothing) {
    Store s(m_location);
    Review zero = review(ReviewAction::correct, "ana");
    zero.value_after = 0;
    EXPECT_THROW_MSG_HAS(s.add_review(zero), reckon::InputError,
                         "the corrected value must be greater than 0, not 0");
    Review inverted = review(ReviewAction::correct, "ana");
    inverted.value_after = 10, inverted.low_after = 20, inverted.high_after = 5;
    EXPECT_THROW_MSG_HAS(s.add_review(inverted), reckon::InputError,
                         "the corrected low bound 20 is above the high bound 5");
    EXPECT_THROW_MSG_HAS(s.add_review(review(ReviewAction::accept, std::string("a\0b", 3))),
                         reckon::InputError, "the reviewer's name contains a control character (U+0000)");
    EXPECT_THROW_MSG_HAS(s.add_review(review(ReviewAction::accept, "ana", "\x1b[2J")), reckon::InputError,
                         "the note contains a control character (U+001B)");
    const std::string rlo = {'\xe2', '\x80', '\xae'};  // U+202E, built so that no literal holds one
    EXPECT_THROW_MSG_HAS(s.add_review(review(ReviewAction::reject, rlo + "ana")), reckon::InputError,
                         "a bidirectional override or isolate (U+202E)");
    EXPECT_TRUE(s.reviews().empty());
    EXPECT_EQ(s.add_review(review(ReviewAction::accept, "Ćirić", "p. 3 — fine")).who, "Ćirić");
}

TEST_P(StoreEdgesTest, OldReviewsReadBackWithoutControlCharacters) {
    const std::string& db = m_location;
    { Store s(db); }
    {
        // A review stored by an older reckon that did not check: written here behind its back.
        reckon::test::RawSql raw(db);
        const char* chr = raw.postgresql() ? "chr" : "char";
        raw.exec(std::string("INSERT INTO reviews (claim_key, action, who, at, note, value_after) VALUES "
                             "('k', 'correct', 'eve' || ") +
                 chr + "(27) || '[2J', '2020-01-01T00:00:00Z', 'x' || " + chr + "(8238) || 'y', 0)");
    }
    Store s(db);
    const auto rows = s.reviews();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].who, "eve\xEF\xBF\xBD[2J");
    EXPECT_EQ(rows[0].note, "x\xEF\xBF\xBDy");
    EXPECT_EQ(rows[0].value_after, 0.0);  // the figure as stored: apply_reviews sets it aside
}

TEST_P(StoreEdgesTest, FindsADocumentByItsSha256) {
    const std::string& db = m_location;
    Store s(db);
    for (int i = 0; i < 50; ++i) s.ingest(document(i), {}, {});
    const auto found = s.document(document(37).sha256);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->path, "doc37.txt");
    EXPECT_EQ(found->title, "Document 37");
    EXPECT_EQ(found->size_bytes, 137u);
    std::string upper = document(12).sha256;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    ASSERT_TRUE(s.document(upper).has_value());
    EXPECT_EQ(s.document(upper)->path, "doc12.txt");
    EXPECT_FALSE(s.document(document(99).sha256).has_value());
    EXPECT_FALSE(s.document("not a sha").has_value());

    // The lookup is a search of the unique index on sha256, not a scan of the table. A server
    // plans a 50-row table as a scan whatever its indexes, so there the index must be usable.
    if (on_postgresql()) {
        reckon::test::RawSql pg(db);
        pg.exec("SET enable_seqscan = off");
        const auto plan = pg.column("EXPLAIN SELECT id FROM documents WHERE sha256 = 'a'");
        ASSERT_FALSE(plan.empty());
        EXPECT_NE(plan[0].find("Index"), std::string::npos) << plan[0];
        return;
    }
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(raw, "EXPLAIN QUERY PLAN SELECT id FROM documents WHERE sha256 = ?", -1, &q,
                                 nullptr),
              SQLITE_OK);
    std::string plan;
    while (sqlite3_step(q) == SQLITE_ROW) {
        const unsigned char* detail = sqlite3_column_text(q, 3);
        plan.append(detail, detail + sqlite3_column_bytes(q, 3));
    }
    sqlite3_finalize(q);
    sqlite3_close(raw);
    EXPECT_NE(plan.find("USING COVERING INDEX"), std::string::npos) << plan;
}

// A store whose folder (and file) this process may not write: readable, and nothing is
// created beside it. As root, where a chmod stops nothing, the reads happen in a child that
// has become `nobody`, for whom a folder owned by root with mode 0755 is read-only.
TEST(StoreEdges, ReadsAStoreInAReadOnlyFolder) {
    ScratchDir dir;
    const fs::path db = dir.path() / "ro.db";
    {
        Store s(db);
        for (int i = 0; i < 3; ++i) s.ingest(document(i), {}, {});
        s.add_review(review(ReviewAction::accept, "ana"));
    }
    ASSERT_FALSE(fs::exists(db.string() + "-wal"));  // closed cleanly: checkpointed
    fs::permissions(db, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    fs::permissions(dir.path(), fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                    fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
    const bool root = ::geteuid() == 0;
    if (root) {
        // nobody must be able to reach the folder: every folder above it must be searchable.
        struct stat st {};
        if (::stat(dir.path().parent_path().c_str(), &st) != 0 || !(st.st_mode & S_IXOTH))
            GTEST_SKIP() << "running as root, and " << dir.path().parent_path()
                         << " is not searchable by others";
    }
    const int status = in_child([&]() -> int {
        if (root && (::setgid(NOBODY) != 0 || ::setuid(NOBODY) != 0)) return 3;
        // Make sure the folder really is read-only for this process.
        const fs::path probe = dir.path() / "probe";
        if (const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644); fd >= 0) {
            ::close(fd);
            return 4;
        }
        Store s(db);
        if (s.documents().size() != 3) return 5;
        if (!s.document(document(1).sha256)) return 6;
        if (s.reviews().size() != 1) return 7;
        return 0;
    });
    if (status == 3) GTEST_SKIP() << "cannot drop root's rights to uid " << NOBODY;
    if (status == 4) GTEST_SKIP() << "the folder stays writable for this process (chmod does not stop it)";
    EXPECT_EQ(status, 0) << "5: wrong documents, 6: lookup failed, 7: wrong reviews, 1: threw (see stderr)";
    EXPECT_FALSE(fs::exists(db.string() + "-wal"));
    EXPECT_FALSE(fs::exists(db.string() + "-shm"));
}

// Four processes creating one new store at once, each ingesting a document: all succeed.
// Repeated, since the race is in the first moments of the file.
TEST(StoreEdges, FourProcessesCreateOneNewStoreAtOnce) {
    constexpr int ROUNDS = 8;
    constexpr int PROCESSES = 4;
    ScratchDir dir;
    for (int round = 0; round < ROUNDS; ++round) {
        const fs::path db = dir.path() / ("new" + std::to_string(round) + ".db");
        std::array<int, 2> go{};
        ASSERT_EQ(::pipe(go.data()), 0);
        std::vector<pid_t> children;
        for (int p = 0; p < PROCESSES; ++p) {
            const pid_t pid = ::fork();
            if (pid == 0) {
                ::close(go[1]);
                char c = 0;
                (void)!::read(go[0], &c, 1);  // all start when the parent closes the pipe
                int code = 1;
                try {
                    Store s(db);
                    s.ingest(document(round * PROCESSES + p), {}, {});
                    code = 0;
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "process %d: %s\n", p, e.what());
                }
                std::fflush(stderr);
                ::_exit(code);
            }
            children.push_back(pid);
        }
        ::close(go[0]);
        ::close(go[1]);
        int failures = 0;
        for (const pid_t pid : children) {
            int status = 0;
            ::waitpid(pid, &status, 0);
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failures;
        }
        EXPECT_EQ(failures, 0) << "round " << round;
        EXPECT_EQ(Store(db).documents().size(), static_cast<std::size_t>(PROCESSES)) << "round " << round;
    }
}
