// Issue 12: one document cannot take the machine down. Each case writes a hostile document at
// run time, runs the `reckon` binary on it as a child (`extract`, then `ingest` of a folder
// holding it between two good pages) and checks the child's exit status, its messages and its
// peak resident memory (getrusage of the child, i.e. ru_maxrss) against the budget stated in
// docs/extraction.md. No case depends on wall-clock time; ctest's timeout is the only clock.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

#ifndef RECKON_BINARY
#error "RECKON_BINARY must name the reckon executable"
#endif

// The budget of docs/extraction.md: peak RSS of one `extract` or `ingest` of any one document.
constexpr std::uint64_t BUDGET_KIB = 256u << 10;

// AddressSanitizer keeps freed memory in quarantine (256 MiB by default) and adds shadow memory
// and redzones, so an instrumented reckon needs more than the budget for the same work. The
// sanitizer build checks against a scaled budget: still far below the gigabytes of the
// quadratic behaviour these cases catch. RECKON_RSS_BUDGET_SCALE overrides the factor.
// RECKON_TEST_ASAN comes from tests/CMakeLists.txt in the sanitizer build.

std::uint64_t budget_kib() {
    double scale = 1.0;
#ifdef RECKON_TEST_ASAN
    scale = 4.0;
#endif
    if (const char* s = std::getenv("RECKON_RSS_BUDGET_SCALE")) scale = std::atof(s);
    return static_cast<std::uint64_t>(static_cast<double>(BUDGET_KIB) * scale);
}

struct ChildRun {
    int exit_code = -1;  // -1 when killed by a signal
    int signal = 0;
    std::uint64_t max_rss_kib = 0;
    std::string err;  // stderr
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs reckon with `args`, stdout to `out`, stderr captured; peak RSS from wait4's rusage.
ChildRun run_reckon(const std::vector<std::string>& args, const fs::path& out, const fs::path& err) {
    // RECKON_TEST_BINARY runs the cases against another build (an older one, to see them fail).
    const char* other = std::getenv("RECKON_TEST_BINARY");
    std::vector<std::string> argv_s{other ? other : RECKON_BINARY};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    argv.reserve(argv_s.size() + 1);
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    pid_t pid = 0;
    ChildRun r;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        ADD_FAILURE() << "cannot run " << argv_s[0] << ": " << rc;
        return r;
    }
    int status = 0;
    struct rusage usage {};
    if (wait4(pid, &status, 0, &usage) != pid) {
        ADD_FAILURE() << "wait4 failed";
        return r;
    }
    // The wait macros, and struct rusage's fields, read unions in glibc.
    // NOLINTBEGIN(cppcoreguidelines-pro-type-union-access)
    if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
    r.max_rss_kib = static_cast<std::uint64_t>(usage.ru_maxrss);  // KiB on Linux
    // NOLINTEND(cppcoreguidelines-pro-type-union-access)
    r.err = slurp(err);
    return r;
}

class HostileDocuments : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_dir =
            fs::temp_directory_path() / ("reckon_hostile_" + std::to_string(::getpid()) + "_" + info->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir / "folder");
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }

    // The hostile document goes into folder/ between two good pages (names sort around it).
    fs::path write_hostile(const std::string& name, const std::string& bytes) {
        const fs::path good = RECKON_SOURCE_DIR "/tests/golden/inputs/northwind.txt";
        fs::copy_file(good, m_dir / "folder" / "a_good.txt");
        // The second good page differs from the first, or ingest would see it as the same document.
        std::ofstream(m_dir / "folder" / "z_good.txt", std::ios::binary)
            << slurp(good) << "\nThe plant employs 1,200 workers.\n";
        fs::path p = m_dir / "folder" / name;
        std::ofstream(p, std::ios::binary) << bytes;
        return p;
    }

    // `reckon extract` and `reckon ingest FOLDER` on the hostile document: neither crashes,
    // both stay within the budget, and ingest stores the good pages around it.
    void check_both(const fs::path& doc, int extract_exit, const std::string& extract_says) {
        ChildRun ex = run_reckon({"extract", doc.string(), "--format", "jsonl", "--published", "2024-03-15"},
                                 m_dir / "extract.out", m_dir / "extract.err");
        EXPECT_EQ(ex.signal, 0) << "reckon extract was killed by signal " << ex.signal;
        EXPECT_EQ(ex.exit_code, extract_exit) << ex.err;
        EXPECT_LE(ex.max_rss_kib, budget_kib()) << "reckon extract: peak RSS " << ex.max_rss_kib << " KiB";
        if (!extract_says.empty()) {  // a warning is expected, and it names the file
            EXPECT_NE(ex.err.find(extract_says), std::string::npos) << ex.err;
            EXPECT_NE(ex.err.find(doc.string()), std::string::npos) << "no message names the file:\n"
                                                                    << ex.err;
        }

        const fs::path db = m_dir / "store.db";
        ChildRun in = run_reckon({"ingest", (m_dir / "folder").string(), "--db", db.string()},
                                 m_dir / "ingest.out", m_dir / "ingest.err");
        EXPECT_EQ(in.signal, 0) << "reckon ingest was killed by signal " << in.signal;
        EXPECT_EQ(in.exit_code, 0) << in.err;
        EXPECT_LE(in.max_rss_kib, budget_kib()) << "reckon ingest: peak RSS " << in.max_rss_kib << " KiB";
        // All three pages were stored: the hostile one and the good ones on both sides of it.
        EXPECT_NE(in.err.find("3 document(s) stored"), std::string::npos) << in.err;
        ChildRun claims = run_reckon({"claims", "--db", db.string(), "--format", "csv"}, m_dir / "claims.out",
                                     m_dir / "claims.err");
        EXPECT_EQ(claims.exit_code, 0) << claims.err;
        const std::string stored = slurp(m_dir / "claims.out");
        EXPECT_NE(stored.find("1,200 workers"), std::string::npos)
            << "the page after the hostile one is missing";
    }

    fs::path m_dir;
};

// "A 500 KB run-on sentence full of figures": 6,736 claims and 3.4 GB before issue 12.
TEST_F(HostileDocuments, RunOnSentenceOfFiguresIsCappedAndClipped) {
    std::string s = "Alabuga";
    while (s.size() < 500'000) s += " produced 5,500 drones per month and";
    s += " more.\n";
    const fs::path doc = write_hostile("run_on.txt", s);
    check_both(doc, 0, "claims dropped");
    // Every stored sentence is clipped to a window around its figure.
    const std::string out = slurp(m_dir / "extract.out");
    std::istringstream lines(out);
    std::string line;
    std::size_t n = 0;
    while (std::getline(lines, line)) {
        ++n;
        EXPECT_LT(line.size(), 4096u);
    }
    EXPECT_GT(n, 0u);
}

// "A 20 MB single line": killed by the kernel at 23.8 GB before issue 12.
TEST_F(HostileDocuments, TwentyMegabyteLineOfFigures) {
    std::string s;
    s.reserve(20'000'100);
    while (s.size() < 20'000'000) s += "5,500 drones, $70,000 each, 90% localised, in 2024 ";
    const fs::path doc = write_hostile("line.txt", s);
    check_both(doc, 0, "claims dropped");
}

// 500,000 unclosed <span>: gumbo's recursive tree destruction overflowed the stack (SIGSEGV).
TEST_F(HostileDocuments, HalfAMillionUnclosedSpans) {
    std::string s = "<!doctype html><html><body><p>Alabuga produced 5,500 drones per month.</p>";
    for (int i = 0; i < 500'000; ++i) s += "<span>";
    s += "deep text</body></html>\n";
    const fs::path doc = write_hostile("spans.html", s);
    check_both(doc, 0, "nested deeper than");
}

// 100,000 closed nested <div>: over two minutes in gumbo's scope checks before issue 12.
TEST_F(HostileDocuments, HundredThousandNestedDivs) {
    std::string s = "<!doctype html><html><body>";
    for (int i = 0; i < 100'000; ++i) s += "<div>";
    s += "<p>Alabuga produced 5,500 drones per month.</p>";
    for (int i = 0; i < 100'000; ++i) s += "</div>";
    s += "</body></html>\n";
    const fs::path doc = write_hostile("divs.html", s);
    check_both(doc, 0, "nested deeper than");
    // The text deep inside is still read.
    EXPECT_NE(slurp(m_dir / "extract.out").find("5,500 drones per month"), std::string::npos);
}

// A 24 MB page: read whole, gumbo's tree took about 20 bytes per byte of HTML (2 GB for
// 100 MB); a long page is now parsed in pieces between block elements. Its last paragraph
// must be read, and script and comment text must stay out of the body across the pieces.
TEST_F(HostileDocuments, TwentyFourMegabytePageIsReadInPieces) {
    std::string s = "<!doctype html><html><head><title>Output</title></head><body><article>";
    s.reserve(24'000'200);
    const std::array<const char*, 3> verbs = {"made", "assembled", "shipped"};
    for (std::size_t i = 0; s.size() < 24'000'000; ++i) {
        s += std::string("<p>The plant ") + verbs.at(i % verbs.size()) +
             " more drones than in the month before, <b>officials said</b>.</p>\n";
        if (i % 5000 == 0)
            s += "<script>var x = '<p>It made 4,321 zebras.</p>';</script><!-- 1,234 zebras -->";
    }
    s += "<p>The plant employs 8,800 workers.</p></article></body></html>\n";
    const fs::path doc = write_hostile("long_page.html", s);
    check_both(doc, 0, "");
    const std::string out = slurp(m_dir / "extract.out");
    EXPECT_EQ(out.find("4,321 zebras"), std::string::npos) << "script text was read as body text";
    EXPECT_EQ(out.find("1,234 zebras"), std::string::npos) << "a comment was read as body text";
    EXPECT_NE(out.find("8,800 workers"), std::string::npos) << "the page's last paragraph is missing";
}
}  // namespace
