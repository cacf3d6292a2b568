// The one atomic writer: a file is complete or absent, never clobbered without overwrite, no
// temporary file is left behind, and a FileSet is written all or none.
#include "reckon/core/atomic_file.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "reckon/core/error.hpp"

namespace reckon::core {
namespace {

namespace fs = std::filesystem;

class AtomicFile : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() /
                ("reckon-atomic-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }

    static std::string read(const fs::path& p) {
        std::ifstream in(p, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }
    static void write(const fs::path& p, const std::string& content) {
        std::ofstream(p, std::ios::binary) << content;
    }
    // The names in `dir`, hidden ones included.
    static std::set<std::string> names(const fs::path& dir) {
        std::set<std::string> out;
        for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
        return out;
    }

    fs::path m_dir;
};

TEST_F(AtomicFile, WritesTheContentAndLeavesNoTemporaryFile) {
    write_file_atomically(m_dir / "a.csv", "x,y\n1,2\n", false);
    EXPECT_EQ(read(m_dir / "a.csv"), "x,y\n1,2\n");
    EXPECT_EQ(names(m_dir), std::set<std::string>{"a.csv"});
    write_file_atomically(m_dir / "empty.txt", "", false);
    EXPECT_EQ(read(m_dir / "empty.txt"), "");
}

TEST_F(AtomicFile, RefusesToClobberWithoutOverwrite) {
    write(m_dir / "a.csv", "old");
    try {
        write_file_atomically(m_dir / "a.csv", "new", false);
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()), (m_dir / "a.csv").string() + ": the file exists already");
        EXPECT_EQ(e.hint(), "pass --overwrite to replace it, or choose another --out");
    }
    EXPECT_EQ(read(m_dir / "a.csv"), "old");
    write_file_atomically(m_dir / "a.csv", "new", true);
    EXPECT_EQ(read(m_dir / "a.csv"), "new");
    EXPECT_EQ(names(m_dir), std::set<std::string>{"a.csv"});
}

TEST_F(AtomicFile, AMissingFolderIsAnErrorNamingTheFile) {
    try {
        write_file_atomically(m_dir / "no-such-folder" / "a.csv", "x", false);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), "cannot create a temporary file beside " +
                                             (m_dir / "no-such-folder" / "a.csv").string() +
                                             ": No such file or directory");
    }
}

TEST_F(AtomicFile, TemporaryNamesAreUniqueAndHidden) {
    // Two writers of the same target at once (two runs, or a run and the server) must not
    // share a temporary file.
    FileSet first(true);
    FileSet second(true);
    first.stage(m_dir / "a.csv", "first");
    second.stage(m_dir / "a.csv", "second");
    const auto staged = names(m_dir);
    ASSERT_EQ(staged.size(), 2u);
    for (const auto& n : staged) EXPECT_TRUE(n.starts_with(".a.csv.tmp-")) << n;
    first.commit();
    second.commit();
    EXPECT_EQ(read(m_dir / "a.csv"), "second");
    EXPECT_EQ(names(m_dir), std::set<std::string>{"a.csv"});
}

TEST_F(AtomicFile, FileSetCommitsAll) {
    fs::create_directories(m_dir / "sub");
    FileSet set(false);
    set.stage(m_dir / "index.html", "<p>");
    set.stage(m_dir / "sub" / "data.csv", "a\n");
    EXPECT_EQ(set.size(), 2u);
    EXPECT_FALSE(fs::exists(m_dir / "index.html"));  // nothing is in place before commit
    set.commit();
    EXPECT_EQ(read(m_dir / "index.html"), "<p>");
    EXPECT_EQ(read(m_dir / "sub" / "data.csv"), "a\n");
    EXPECT_EQ(names(m_dir), (std::set<std::string>{"index.html", "sub"}));
    EXPECT_EQ(names(m_dir / "sub"), std::set<std::string>{"data.csv"});
}

TEST_F(AtomicFile, FileSetWritesNoneWhenOneTargetExists) {
    write(m_dir / "b.csv", "old");
    FileSet set(false);
    set.stage(m_dir / "a.csv", "a");
    set.stage(m_dir / "b.csv", "b");
    set.stage(m_dir / "c.csv", "c");
    try {
        set.commit();
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(e.where().file, (m_dir / "b.csv").string());
        EXPECT_EQ(e.hint(), "pass --overwrite to replace it, or choose another --out");
    }
    EXPECT_EQ(names(m_dir), std::set<std::string>{"b.csv"});
    EXPECT_EQ(read(m_dir / "b.csv"), "old");
}

TEST_F(AtomicFile, FileSetDestroyedBeforeCommitLeavesNothing) {
    {
        FileSet set(false);
        set.stage(m_dir / "a.csv", "a");
        set.stage(m_dir / "b.csv", "b");
        EXPECT_EQ(names(m_dir).size(), 2u);
    }
    EXPECT_TRUE(names(m_dir).empty());
}

TEST_F(AtomicFile, FileSetUndoesPlacedFilesWhenALaterOneFails) {
    // The second file's folder disappears between stage and commit, so its rename fails after
    // the first file was placed: the first must be taken back, and the file it replaced restored.
    fs::create_directories(m_dir / "gone");
    write(m_dir / "a.csv", "old a");
    FileSet set(true);
    set.stage(m_dir / "a.csv", "new a");
    set.stage(m_dir / "new.csv", "new");
    set.stage(m_dir / "gone" / "b.csv", "b");
    fs::remove_all(m_dir / "gone");
    try {
        set.commit();
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_TRUE(std::string(e.what()).starts_with("cannot move " + (m_dir / "gone" / "b.csv").string()))
            << e.what();
    }
    EXPECT_EQ(read(m_dir / "a.csv"), "old a");
    EXPECT_EQ(names(m_dir), std::set<std::string>{"a.csv"});
}

TEST_F(AtomicFile, OutputFileStreamsIntoPlaceOnlyOnCommit) {
    {
        OutputFile out(m_dir / "claims.jsonl", false);
        out.stream() << "{\"a\":1}\n";
        EXPECT_EQ(names(m_dir).count("claims.jsonl"), 0u);  // nothing in place before commit()
    }
    EXPECT_TRUE(names(m_dir).empty());  // destroyed uncommitted: its temporary file is gone
    OutputFile out(m_dir / "claims.jsonl", false);
    out.stream() << "{\"a\":2}\n";
    out.commit();
    EXPECT_EQ(read(m_dir / "claims.jsonl"), "{\"a\":2}\n");
    EXPECT_EQ(names(m_dir), std::set<std::string>{"claims.jsonl"});
    try {
        OutputFile again(m_dir / "claims.jsonl", false);
        ADD_FAILURE() << "an existing file was accepted without overwrite";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("claims.jsonl"), std::string::npos) << e.what();
        EXPECT_NE(e.hint().find("--overwrite"), std::string::npos) << e.hint();
    }
    OutputFile replace(m_dir / "claims.jsonl", true);
    replace.stream() << "new\n";
    replace.commit();
    EXPECT_EQ(read(m_dir / "claims.jsonl"), "new\n");
    EXPECT_EQ(names(m_dir), std::set<std::string>{"claims.jsonl"});
}

}  // namespace
}  // namespace reckon::core
