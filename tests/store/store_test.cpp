// Tests of the evidence store: round trips of every field, idempotent re-ingest, the schema
// version, refusal of stores written by a newer reckon, crash safety of an ingest killed
// half-way, two connections on one store and reviews as history, on both backends (SQLite and
// a PostgreSQL server the test starts, backend_fixture.hpp); and the SQLite file's own
// behaviour: its mode, refusal of files that are not ours, locks shared in one process.
#include "reckon/store/store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <bit>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "backend_fixture.hpp"
#include "expect_error.hpp"
#include "reckon/core/error.hpp"

namespace fs = std::filesystem;
using reckon::StoreError;
using reckon::core::Claim;
using reckon::core::DocumentInfo;
using reckon::core::Event;
using reckon::core::make_date;
using reckon::core::Period;
using reckon::core::Qualifier;
using reckon::core::SourceClass;
using reckon::store::ClaimFilter;
using reckon::store::Store;

namespace {

const char* const FIXED_NOW = "2025-06-01T12:00:00Z";
std::string fixed_clock() { return FIXED_NOW; }

// A review as an analyst would submit it (id and time are the store's to set).
reckon::core::Review make_review(const std::string& key, reckon::core::ReviewAction action,
                                 const std::string& who, std::int64_t id, const std::string& at,
                                 const std::string& note) {
    reckon::core::Review r;
    r.claim_key = key, r.action = action, r.who = who, r.id = id, r.at = at, r.note = note;
    return r;
}

// Runs `fn`, expecting a StoreError whose message is exactly `message`.
template <typename Fn>
void expect_store_error(Fn&& fn, const std::string& message) {
    try {
        fn();
        ADD_FAILURE() << "no StoreError thrown; expected: " << message;
    } catch (const StoreError& e) {
        EXPECT_EQ(e.what(), message);
        EXPECT_FALSE(e.hint().empty()) << "a StoreError should say what to do next";
    }
}

std::string read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

using RawDb = reckon::test::RawSql;

// A 64-hex-digit stand-in for a file's SHA-256, distinct per seed.
std::string fake_sha(char seed) { return std::string(63, 'a') + seed; }

DocumentInfo make_document(char seed) {
    DocumentInfo d;
    d.path = std::string("reports/alabuga-") + seed + ".html";
    d.sha256 = fake_sha(seed);
    d.format = "html";
    d.title = "Inside Alabuga — “Geran-2” output";
    d.url = "https://example.org/alabuga";
    d.publisher = "Example News";
    d.published = make_date(2025, 7, 14);
    d.size_bytes = 123'456;
    return d;
}

// A claim with every field set to something other than its default.
Claim full_claim() {
    Claim c;
    c.metric = "production_rate";
    c.subject = "Shahed-136";
    c.object = "Tehran";
    c.value = 5500.0 / 3.0;  // not representable in decimal: tests the exact round trip
    c.low = 0.1;
    c.high = 1.75e9;
    c.unit = "unit/month";
    c.qualifier = Qualifier::over;
    c.period = Period{make_date(2025, 1, 1), make_date(2025, 6, 30)};
    c.time_unresolved = true;
    c.said = Period{make_date(2025, 7, 1), make_date(2025, 7, 3)};
    c.due = make_date(2025, 9, 30);
    c.attribution = {"Ukrainian intelligence says", SourceClass::intelligence};
    c.quantity_text = "over 5,500 units per month";
    c.sentence = "Ukrainian intelligence says Alabuga makes over 5,500 units per month.";
    c.start = 41;
    c.end = 67;
    c.document = "ignored on ingest";
    return c;
}

Event full_event() {
    Event e;
    e.kind = "flight";
    e.date = make_date(2023, 2, 11);
    e.time_unresolved = true;
    e.roles = {{"aircraft_type", "Il-76"}, {"from", "Moscow"}, {"to", "Tehran"}, {"quote", "say \"hi\"\n"}};
    e.attribution = {"flight trackers showed", SourceClass::media};
    e.sentence = "Flight trackers showed an Il-76 flying from Moscow to Tehran on 11 February.";
    e.start = 100;
    e.end = 176;
    return e;
}

Claim simple_claim(const std::string& metric, const std::string& subject, double value) {
    Claim c;
    c.metric = metric;
    c.subject = subject;
    c.value = value;
    c.unit = "unit";
    c.quantity_text = std::to_string(value);
    c.sentence = "A sentence about " + subject + ".";
    c.end = 3;
    return c;
}

bool same_bits(double a, double b) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

void expect_same_claim(const Claim& got, const Claim& want, const std::string& sha) {
    EXPECT_EQ(got.metric, want.metric);
    EXPECT_EQ(got.subject, want.subject);
    EXPECT_EQ(got.object, want.object);
    EXPECT_TRUE(same_bits(got.value, want.value)) << got.value << " vs " << want.value;
    ASSERT_EQ(got.low.has_value(), want.low.has_value());
    if (want.low) {
        EXPECT_TRUE(same_bits(*got.low, *want.low));
    }
    ASSERT_EQ(got.high.has_value(), want.high.has_value());
    if (want.high) {
        EXPECT_TRUE(same_bits(*got.high, *want.high));
    }
    EXPECT_EQ(got.unit, want.unit);
    EXPECT_EQ(got.qualifier, want.qualifier);
    EXPECT_EQ(got.period, want.period);
    EXPECT_EQ(got.time_unresolved, want.time_unresolved);
    EXPECT_EQ(got.said, want.said);
    EXPECT_EQ(got.due, want.due);
    EXPECT_EQ(got.attribution.text, want.attribution.text);
    EXPECT_EQ(got.attribution.source_class, want.attribution.source_class);
    EXPECT_EQ(got.quantity_text, want.quantity_text);
    EXPECT_EQ(got.sentence, want.sentence);
    EXPECT_EQ(got.start, want.start);
    EXPECT_EQ(got.end, want.end);
    EXPECT_EQ(got.document, sha);
}

// A fresh store on each backend: what the store promises wherever it lives.
class StoreTest : public reckon::test::BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        m_db = m_location;
    }
    // The store as messages name it.
    std::string name() const { return reckon::store::display_location(m_db); }
    // Everything the store holds: the SQLite file's bytes, or every row of the server's tables.
    std::string contents() {
        if (!on_postgresql()) return read_bytes(m_db);
        RawDb raw(m_db);
        std::string out;
        for (const char* table : {"schema_migrations", "documents", "claims", "events", "reviews"})
            for (const auto& row :
                 raw.column(std::string("SELECT t::text FROM ") + table + " AS t ORDER BY 1"))
                out += row + "\n";
        return out;
    }
    std::string m_db;
};

// The SQLite file itself: its mode, the files it refuses, its locks within one process.
class StoreFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "reckon-store-test-XXXXXX").string();
        ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
        m_dir = tmpl;
        m_db = m_dir / "evidence.db";
    }
    void TearDown() override { fs::remove_all(m_dir); }

    fs::path m_dir;
    fs::path m_db;
};

INSTANTIATE_TEST_SUITE_P(Store, StoreTest, reckon::test::BACKENDS, reckon::test::backend_name);

// --- round trips ---------------------------------------------------------------------------

TEST_P(StoreTest, RoundTripsEveryClaimEventAndDocumentField) {
    const DocumentInfo doc = make_document('1');
    Claim bare = simple_claim("other", "", 0);  // optionals absent, defaults everywhere
    bare.quantity_text = "";
    bare.sentence = "";
    bare.end = 0;
    Event bare_event;
    bare_event.kind = "flight";
    {
        Store s(m_db, fixed_clock);
        const auto r = s.ingest(doc, {full_claim(), bare}, {full_event(), bare_event});
        EXPECT_FALSE(r.already_present);
        EXPECT_FALSE(r.cancelled);
        EXPECT_EQ(r.claims, 2u);
        EXPECT_EQ(r.events, 2u);
        EXPECT_GT(r.document_id, 0);
    }
    Store s(m_db, fixed_clock);  // read back through a fresh connection

    const auto claims = s.claims();
    ASSERT_EQ(claims.size(), 2u);
    expect_same_claim(claims[0], full_claim(), doc.sha256);
    expect_same_claim(claims[1], bare, doc.sha256);

    const auto events = s.events();
    ASSERT_EQ(events.size(), 2u);
    const Event want = full_event();
    EXPECT_EQ(events[0].kind, want.kind);
    EXPECT_EQ(events[0].date, want.date);
    EXPECT_EQ(events[0].time_unresolved, want.time_unresolved);
    EXPECT_EQ(events[0].roles, want.roles);
    EXPECT_EQ(events[0].attribution.text, want.attribution.text);
    EXPECT_EQ(events[0].attribution.source_class, want.attribution.source_class);
    EXPECT_EQ(events[0].sentence, want.sentence);
    EXPECT_EQ(events[0].start, want.start);
    EXPECT_EQ(events[0].end, want.end);
    EXPECT_EQ(events[0].document, doc.sha256);
    EXPECT_FALSE(events[1].date.has_value());
    EXPECT_TRUE(events[1].roles.empty());
    EXPECT_EQ(events[1].attribution.source_class, SourceClass::unattributed);

    const auto docs = s.documents();
    ASSERT_EQ(docs.size(), 1u);
    EXPECT_EQ(docs[0].path, doc.path);
    EXPECT_EQ(docs[0].sha256, doc.sha256);
    EXPECT_EQ(docs[0].format, doc.format);
    EXPECT_EQ(docs[0].title, doc.title);
    EXPECT_EQ(docs[0].url, doc.url);
    EXPECT_EQ(docs[0].publisher, doc.publisher);
    EXPECT_EQ(docs[0].published, doc.published);
    EXPECT_EQ(docs[0].size_bytes, doc.size_bytes);
    EXPECT_TRUE(s.has_document(doc.sha256));
    EXPECT_FALSE(s.has_document(fake_sha('2')));
}

TEST_P(StoreTest, RoundTripsDoublesExactly) {
    const std::vector<double> values = {0.1,
                                        1.0 / 3.0,
                                        1.75e9,
                                        965.6064,
                                        1e20,
                                        -2.5e-7,
                                        DBL_MIN,
                                        DBL_MAX,
                                        std::numeric_limits<double>::denorm_min(),
                                        9007199254740991.0,
                                        std::nextafter(70000.0, 1e9)};
    std::vector<Claim> claims;
    claims.reserve(values.size());
    for (double v : values) claims.push_back(simple_claim("unit_cost", "Shahed-136", v));
    Store s(m_db, fixed_clock);
    s.ingest(make_document('1'), claims, {});
    const auto got = s.claims();
    ASSERT_EQ(got.size(), values.size());
    for (std::size_t i = 0; i < values.size(); ++i)
        EXPECT_TRUE(same_bits(got[i].value, values[i])) << "value " << i << ": " << got[i].value;
}

TEST_P(StoreTest, RecordsDatesAsIsoTextAndTheInjectedClock) {
    { Store(m_db, fixed_clock).ingest(make_document('1'), {full_claim()}, {full_event()}); }
    RawDb raw(m_db);
    EXPECT_EQ(raw.scalar("SELECT ingested_at FROM documents"), FIXED_NOW);
    EXPECT_EQ(raw.scalar("SELECT published FROM documents"), "2025-07-14");
    EXPECT_EQ(raw.scalar("SELECT period_first || '/' || period_last || ' due ' || due FROM claims"),
              "2025-01-01/2025-06-30 due 2025-09-30");
    EXPECT_EQ(raw.scalar(raw.postgresql() ? "SELECT roles::jsonb ->> 'to' FROM events"
                                          : "SELECT json_extract(roles, '$.to') FROM events"),
              "Tehran");
    EXPECT_EQ(raw.scalar("SELECT applied_at FROM schema_migrations WHERE version = 1"), FIXED_NOW);
}

TEST_P(StoreTest, StoresShaLowerCaseAndRejectsMalformedSha) {
    DocumentInfo doc = make_document('1');
    doc.sha256 = std::string(64, 'A');
    Store s(m_db, fixed_clock);
    s.ingest(doc, {}, {});
    EXPECT_EQ(s.documents().at(0).sha256, std::string(64, 'a'));
    EXPECT_TRUE(s.has_document(std::string(64, 'A')));

    doc.sha256 = "abc";
    expect_store_error(
        [&] { s.ingest(doc, {}, {}); },
        name() + ": cannot store reports/alabuga-1.html: its SHA-256 'abc' is not 64 hex digits");
}

TEST_P(StoreTest, RejectsNanValueAndStoresNothing) {
    Claim c = simple_claim("unit_cost", "Shahed-136", std::nan(""));
    c.quantity_text = "$?";
    Store s(m_db, fixed_clock);
    expect_store_error(
        [&] {
            s.ingest(make_document('1'), {simple_claim("plan", "x", 1), c}, {});
        },
        name() + ": cannot store reports/alabuga-1.html: claim 2 ('$?') has no value (NaN)");
    EXPECT_TRUE(s.documents().empty());
}

// --- idempotence -----------------------------------------------------------------------------

TEST_P(StoreTest, ReingestOfSameShaChangesNothing) {
    std::int64_t first_id = 0;
    {
        Store s(m_db, fixed_clock);
        first_id = s.ingest(make_document('1'), {full_claim(), full_claim()}, {full_event()}).document_id;
    }
    const std::string before = contents();
    ASSERT_FALSE(before.empty());
    {
        // A later clock and a different path: still the same document, still no change.
        Store s(m_db, [] { return std::string("2030-01-01T00:00:00Z"); });
        DocumentInfo again = make_document('1');
        again.path = "elsewhere/copy.html";
        const auto r = s.ingest(again, {full_claim()}, {});
        EXPECT_TRUE(r.already_present);
        EXPECT_EQ(r.document_id, first_id);
        EXPECT_EQ(r.claims, 0u);
        EXPECT_EQ(s.claims().size(), 2u);
        EXPECT_EQ(s.events().size(), 1u);
        ASSERT_EQ(s.documents().size(), 1u);
        EXPECT_EQ(s.documents()[0].path, "reports/alabuga-1.html");
    }
    EXPECT_EQ(contents(), before) << "re-ingesting must not write to the store";
}

// --- the file ---------------------------------------------------------------------------------

TEST_F(StoreFileTest, OpensInWalModeWithForeignKeysAndRecordsSchemaVersion) {
    Store s(m_db, fixed_clock);
    EXPECT_TRUE(fs::exists(m_db.string() + "-wal")) << "WAL file expected while the store is open";
    RawDb raw(m_db.string());
    EXPECT_EQ(raw.scalar("PRAGMA journal_mode"), "wal");
    EXPECT_EQ(raw.scalar("SELECT max(version) FROM schema_migrations"),
              std::to_string(reckon::store::schema_version()));
    EXPECT_EQ(raw.scalar("PRAGMA application_id"), "1919118190");
    EXPECT_GE(reckon::store::schema_version(), 1);
}

TEST_P(StoreTest, ForeignKeysAndVocabularyAreEnforcedByTheDatabase) {
    { Store s(m_db, fixed_clock); }
    RawDb raw(m_db);
    raw.exec("INSERT INTO documents (sha256, path, format, size_bytes, ingested_at) VALUES ('" +
             std::string(64, 'c') + "', 'p', 'text', 1, 'now')");
    const std::string id = raw.scalar("SELECT id FROM documents");
    raw.exec(
        "INSERT INTO sentences (document_id, start_byte, end_byte, clip_start, clip_end, text) VALUES (" +
        id + ", 0, 1, 0, 1, 's')");
    const std::string sentence = raw.scalar("SELECT id FROM sentences");
    // Each row breaks one rule: no document 42, an unknown qualifier, an unknown source class.
    const std::array<std::string, 3> rows = {"42, 'exact', 'media'", id + ", 'roughly', 'media'",
                                             id + ", 'exact', 'blog'"};
    for (const std::string& row : rows) {
        std::string sql =
            "INSERT INTO claims (document_id, qualifier, source_class, metric, value, unit, quantity_text, "
            "sentence_id, start_byte, end_byte) VALUES (";
        sql += row;
        sql += ", 'plan', 1, 'unit', '', ";
        sql += sentence;
        sql += ", 0, 0)";
        EXPECT_NE(raw.error(sql).find("constraint"), std::string::npos) << sql << ": " << raw.error(sql);
    }
    EXPECT_EQ(raw.scalar("SELECT count(*) FROM claims"), "0");
}

TEST_P(StoreTest, RefusesAStoreFromANewerReckon) {
    { Store s(m_db, fixed_clock); }
    const int newer = reckon::store::schema_version() + 7;
    {
        RawDb raw(m_db);
        raw.exec("INSERT INTO schema_migrations VALUES (" + std::to_string(newer) +
                 ", '2031-01-01T00:00:00Z')");
    }
    const std::string before = contents();
    expect_store_error([&] { Store s(m_db, fixed_clock); },
                       name() + ": written by a newer reckon (schema " + std::to_string(newer) +
                           ", this build knows " + std::to_string(reckon::store::schema_version()) +
                           "); upgrade reckon");
    EXPECT_EQ(contents(), before);
}

TEST_F(StoreFileTest, RefusesFileThatIsNotSqlite) {
    const std::string text = "Alabuga makes over 5,500 drones a month.\n";
    std::ofstream(m_db) << text;
    expect_store_error([&] { Store s(m_db, fixed_clock); },
                       m_db.string() + ": not a reckon store (not a SQLite database)");
    EXPECT_EQ(read_bytes(m_db), text);
    EXPECT_FALSE(fs::exists(m_db.string() + "-wal"));
}

TEST_F(StoreFileTest, RefusesSqliteDatabaseOfAnotherProgram) {
    {
        RawDb raw(m_db);
        raw.exec("CREATE TABLE people (name TEXT); CREATE TABLE cities (name TEXT)");
    }
    const std::string before = read_bytes(m_db);
    expect_store_error(
        [&] { Store s(m_db, fixed_clock); },
        m_db.string() + ": not a reckon store (a SQLite database with other tables: cities, people)");
    EXPECT_EQ(read_bytes(m_db), before) << "a foreign database must be left untouched";
    RawDb raw(m_db);
    EXPECT_EQ(raw.scalar("PRAGMA journal_mode"), "delete");
}

TEST_F(StoreFileTest, AcceptsAnEmptyFileAsANewStore) {
    { const std::ofstream empty(m_db); }
    ASSERT_EQ(fs::file_size(m_db), 0u);
    Store s(m_db, fixed_clock);
    s.ingest(make_document('1'), {full_claim()}, {});
    EXPECT_EQ(s.claims().size(), 1u);
}

TEST_F(StoreFileTest, ReportsUncreatableFile) {
    const fs::path p = m_dir / "no-such-dir" / "evidence.db";
    expect_store_error([&] { Store s(p, fixed_clock); },
                       p.string() + ": cannot open the store: unable to open database file");
}

// --- queries ----------------------------------------------------------------------------------

TEST_P(StoreTest, FiltersClaimsByMetricAndSubjectInIngestOrder) {
    Store s(m_db, fixed_clock);
    s.ingest(make_document('1'),
             {simple_claim("production_rate", "Shahed-136", 1), simple_claim("unit_cost", "Shahed-136", 2),
              simple_claim("production_rate", "Gerbera", 3)},
             {});
    s.ingest(make_document('2'), {simple_claim("production_rate", "Shahed-136", 4)}, {});

    auto values = [&](std::optional<std::string> metric, std::optional<std::string> subject) {
        ClaimFilter f;
        f.metric = std::move(metric);
        f.subject = std::move(subject);
        std::vector<double> out;
        for (const auto& c : s.claims(f)) out.push_back(c.value);
        return out;
    };
    const auto any = std::nullopt;
    EXPECT_EQ(values(any, any), (std::vector<double>{1, 2, 3, 4}));
    EXPECT_EQ(values("production_rate", any), (std::vector<double>{1, 3, 4}));
    EXPECT_EQ(values(any, "Shahed-136"), (std::vector<double>{1, 2, 4}));
    EXPECT_EQ(values("production_rate", "Shahed-136"), (std::vector<double>{1, 4}));
    EXPECT_EQ(values("launches", any), std::vector<double>{});
    EXPECT_EQ(values(any, "shahed-136"), std::vector<double>{}) << "subject match is exact";
    ClaimFilter rates;
    rates.metric = "production_rate";
    EXPECT_EQ(s.claims(rates).back().document, fake_sha('2'));
}

// --- cancellation, crashes and concurrency ----------------------------------------------------

std::vector<Claim> many_claims(std::size_t n) {
    std::vector<Claim> out(n, full_claim());
    for (std::size_t i = 0; i < n; ++i) out[i].value = static_cast<double>(i);
    return out;
}

TEST_P(StoreTest, CancelledIngestStoresNothing) {
    Store s(m_db, fixed_clock);
    int calls = 0;
    const auto r =
        s.ingest(make_document('1'), many_claims(10'000), {}, [&](double fraction, std::string_view stage) {
            EXPECT_EQ(stage, "store");
            EXPECT_GT(fraction, 0.0);
            EXPECT_LE(fraction, 1.0);
            return ++calls < 2;
        });
    EXPECT_TRUE(r.cancelled);
    EXPECT_EQ(calls, 2);
    EXPECT_TRUE(s.documents().empty());
    EXPECT_TRUE(s.claims().empty());
    // And the store still takes the document afterwards.
    EXPECT_EQ(s.ingest(make_document('1'), many_claims(10), {}).claims, 10u);
}

// A child process starts ingesting a big document, signals the parent from the middle of
// the transaction, and is killed there with SIGKILL: a crash with uncommitted pages in
// the WAL. The parent must find exactly what was committed before, and carry on.
TEST_P(StoreTest, IngestKilledMidTransactionLeavesStoreAsItWas) {
    // On SQLite, enough claims that half of them overflow the page cache into the WAL; a
    // server is sent each row, so fewer suffice there to be killed in the middle.
    const std::size_t big_claims = on_postgresql() ? 20'000 : 200'000;
    {
        Store s(m_db, fixed_clock);
        s.ingest(make_document('1'), {full_claim(), full_claim(), full_claim()}, {full_event()});
    }
    std::array<int, 2> pipe_fds{};
    ASSERT_EQ(pipe(pipe_fds.data()), 0);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        close(pipe_fds[0]);
        try {
            Store s(m_db, fixed_clock);
            s.ingest(make_document('2'), many_claims(big_claims), {}, [&](double fraction, std::string_view) {
                if (fraction >= 0.5) {
                    (void)!write(pipe_fds[1], "m", 1);
                    for (;;) pause();  // wait here, mid-transaction, for SIGKILL
                }
                return true;
            });
        } catch (...) {
        }
        _exit(3);  // only reached if the ingest never got half-way
    }
    close(pipe_fds[1]);
    char mark = 0;
    const bool reached_middle = read(pipe_fds[0], &mark, 1) == 1;
    close(pipe_fds[0]);
    std::uintmax_t wal_bytes = 0;
    if (reached_middle) {
        std::error_code ec;
        if (!on_postgresql()) wal_bytes = fs::file_size(m_db + "-wal", ec);
        kill(pid, SIGKILL);
    }
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(reached_middle) << "the child never reached the middle of its ingest";
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;
    // Half of 200k claims do not fit SQLite's page cache: uncommitted pages reached the WAL,
    // so this was a real crash mid-write, not merely before the first write.
    if (!on_postgresql()) {
        EXPECT_GT(wal_bytes, 4u << 20) << "expected uncommitted pages in the WAL";
    }

    Store s(m_db, fixed_clock);
    ASSERT_EQ(s.documents().size(), 1u);
    EXPECT_EQ(s.documents()[0].sha256, fake_sha('1'));
    EXPECT_EQ(s.claims().size(), 3u);
    EXPECT_EQ(s.events().size(), 1u);
    EXPECT_FALSE(s.has_document(fake_sha('2')));
    if (!on_postgresql()) {
        RawDb raw(m_db);
        EXPECT_EQ(raw.scalar("PRAGMA integrity_check"), "ok");
    }
    const auto r = s.ingest(make_document('2'), many_claims(1000), {});
    EXPECT_FALSE(r.already_present);
    EXPECT_EQ(r.claims, 1000u);
    EXPECT_EQ(s.claims().size(), 1003u);
}

TEST_P(StoreTest, TwoStoresOnOneLocationSeeEachOthersCommits) {
    Store a(m_db, fixed_clock);
    Store b(m_db, fixed_clock);
    EXPECT_TRUE(b.claims().empty());
    a.ingest(make_document('1'), {simple_claim("plan", "Shahed-136", 6000)}, {});
    ASSERT_EQ(b.claims().size(), 1u);
    EXPECT_EQ(b.claims()[0].value, 6000);
    EXPECT_TRUE(b.ingest(make_document('1'), {}, {}).already_present);
    b.ingest(make_document('2'), {simple_claim("plan", "Gerbera", 10)}, {});
    EXPECT_EQ(a.claims().size(), 2u);
    EXPECT_EQ(a.documents().size(), 2u);
}

TEST_P(StoreTest, OpeningAndReadingDoNotWaitForAWriter) {
    { Store(m_db, fixed_clock).ingest(make_document('1'), {full_claim()}, {}); }
    RawDb writer(m_db);
    writer.exec(on_postgresql() ? "BEGIN" : "BEGIN IMMEDIATE");
    writer.exec("INSERT INTO documents (sha256, path, format, size_bytes, ingested_at) VALUES ('" +
                std::string(64, 'd') + "', 'p', 'text', 1, 'now')");
    const auto t0 = std::chrono::steady_clock::now();
    Store reader(m_db, fixed_clock);
    EXPECT_EQ(reader.claims().size(), 1u);
    EXPECT_EQ(reader.documents().size(), 1u) << "uncommitted rows must not be visible";
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
    writer.exec("ROLLBACK");
}

TEST_P(StoreTest, MovedStoreKeepsWorking) {
    Store a(m_db, fixed_clock);
    Store b = std::move(a);
    b.ingest(make_document('1'), {full_claim()}, {});
    EXPECT_EQ(b.claims().size(), 1u);
}

}  // namespace

// --- reviews -----------------------------------------------------------------------------

TEST_P(StoreTest, ReviewsAreKeptAsHistoryOldestFirst) {
    using reckon::core::Review;
    using reckon::core::ReviewAction;
    {
        Store s(m_db, fixed_clock);
        Review reject =
            make_review("csv:claims.csv:0123456789abcdef", ReviewAction::reject, "ana", 0, "", "");
        reject.value_before = 2700;
        const Review stored = s.add_review(reject);
        EXPECT_GT(stored.id, 0);
        EXPECT_EQ(stored.at, FIXED_NOW);
        Review fix = make_review(reject.claim_key, ReviewAction::correct, "ben", 0, "", "p. 3 says 2,500");
        fix.value_before = 2700;
        fix.value_after = 2500;
        s.add_review(fix);
        s.add_review(make_review("doc:aaaa:1-2:capacity", ReviewAction::accept, "ana", 0, "", ""));
    }
    Store s(m_db, fixed_clock);  // read back through a fresh connection
    const auto all = s.reviews();
    ASSERT_EQ(all.size(), 3u);
    EXPECT_LT(all[0].id, all[1].id);
    const auto mine = s.reviews(std::string("csv:claims.csv:0123456789abcdef"));
    ASSERT_EQ(mine.size(), 2u);
    EXPECT_EQ(mine[0].action, ReviewAction::reject);
    EXPECT_EQ(mine[0].value_before, 2700.0);
    EXPECT_FALSE(mine[0].value_after.has_value());
    EXPECT_EQ(mine[1].action, ReviewAction::correct);
    EXPECT_EQ(mine[1].who, "ben");
    EXPECT_EQ(mine[1].note, "p. 3 says 2,500");
    EXPECT_EQ(mine[1].value_after, 2500.0);
}

TEST_P(StoreTest, RefusesIncompleteReviewsAndNeverChangesHistory) {
    using reckon::core::Review;
    using reckon::core::ReviewAction;
    Store s(m_db, fixed_clock);
    EXPECT_THROW_HINT_HAS(
        s.add_review(make_review("", ReviewAction::accept, "ana", 0, "", "")), reckon::InputError,
        name() + ": cannot add the review of '': the claim key is empty", "name the claim by its key");
    EXPECT_THROW_HINT_HAS(
        s.add_review(make_review("k", ReviewAction::accept, "", 0, "", "")), reckon::InputError,
        name() + ": cannot add the review of 'k': the reviewer's name is empty", "give your name");
    EXPECT_THROW_MSG_HAS(s.add_review(make_review("k", ReviewAction::correct, "ana", 0, "", "")),
                         reckon::InputError,
                         name() + ": cannot add the review of 'k': a correction needs the corrected value");
    Review nan = make_review("k", ReviewAction::correct, "ana", 0, "", "");
    nan.value_after = std::nan("");
    EXPECT_THROW_MSG_HAS(s.add_review(nan), reckon::InputError,
                         name() + ": cannot add the review of 'k': a figure is not a finite number");
    EXPECT_TRUE(s.reviews().empty());

    s.add_review(make_review("k", ReviewAction::reject, "ana", 0, "", ""));
    RawDb raw(m_db);
    EXPECT_FALSE(raw.error("UPDATE reviews SET action = 'accept'").empty());
    EXPECT_FALSE(raw.error("DELETE FROM reviews").empty());
    EXPECT_EQ(raw.scalar("SELECT action FROM reviews"), "reject");
}

// Regression: opening a second Store on a file once read its header through a descriptor of
// its own, and closing that descriptor dropped the first connection's POSIX locks. Another
// process then took the store for unused, checkpointed and removed the WAL, and the first
// connection's later commits went into a deleted file.
TEST_F(StoreFileTest, ASecondStoreInTheProcessKeepsTheFirstOnesCommitsSafe) {
    Store first(m_db, fixed_clock);
    first.ingest(make_document('1'), {simple_claim("plan", "Shahed-136", 6000)}, {});
    { Store second(m_db, fixed_clock); }
    // Another program reading and closing the store: it may checkpoint, but must not take the
    // WAL away from under `first`.
    const std::string other = "sqlite3 '" + m_db.string() + "' 'SELECT count(*) FROM claims' >/dev/null";
    ASSERT_EQ(std::system(other.c_str()), 0) << "the sqlite3 command-line shell is needed (scripts/setup)";
    first.add_review(make_review("k", reckon::core::ReviewAction::reject, "ana", 0, "", ""));
    first.ingest(make_document('2'), {simple_claim("plan", "Gerbera", 10)}, {});
    Store fresh(m_db, fixed_clock);
    EXPECT_EQ(fresh.reviews().size(), 1u);
    EXPECT_EQ(fresh.documents().size(), 2u);
}
