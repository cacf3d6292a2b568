// The evidence store's behaviour on both backends, SQLite (a file) and PostgreSQL (a real
// server this test starts in a temporary folder, pg_server.hpp): round trips of every field
// and of doubles bit for bit, idempotent re-ingest, filters, reviews as history, site
// comparisons, immutability enforced by the database itself, the same tables, columns,
// indexes and refused rows on both, eight processes ingesting overlapping sets of documents
// at once (each stored once), and an ingest killed with SIGKILL half-way (nothing of it
// stored; a rerun completes it). The PostgreSQL cases are skipped only when the PostgreSQL
// binaries are not installed.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cfloat>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "backend_fixture.hpp"
#include "reckon/core/error.hpp"
#include "reckon/store/store.hpp"

namespace reckon::store::detail {
std::string translate_placeholders(std::string_view sql);
}  // namespace reckon::store::detail

namespace fs = std::filesystem;
using namespace reckon;
using reckon::test::PgServer;

namespace {

std::string fixed_clock() { return "2026-12-03T05:00:00Z"; }

using Raw = reckon::test::RawSql;

std::string sha_of(int n) {
    std::array<char, 65> buf{};
    std::snprintf(buf.data(), buf.size(), "%064x", n + 1);
    return buf.data();
}

core::DocumentInfo document(int n) {
    core::DocumentInfo d;
    d.path = "reports/doc-" + std::to_string(n) + ".html";
    d.sha256 = sha_of(n);
    d.format = "html";
    d.title = "Report " + std::to_string(n) + " — “quoted” ünïcode";
    d.url = "https://example.org/" + std::to_string(n);
    d.publisher = "Example";
    d.published = core::make_date(2025, 1 + n % 12, 1 + n % 28);
    d.size_bytes = 1000 + static_cast<std::uint64_t>(n);
    return d;
}

core::Claim claim(int n, int i) {
    core::Claim c;
    c.metric = i % 2 ? "production_rate" : "unit_cost";
    c.subject = i % 3 ? "Geran-2" : "Shahed-136";
    c.object = "it's \"quoted\" ? and $1";
    c.value = (n + 1) * 1000.0 / 3.0 + i;
    c.low = i % 2 ? std::optional(0.1) : std::nullopt;
    c.high = i % 2 ? std::optional(DBL_MAX) : std::nullopt;
    c.unit = "unit/month";
    c.qualifier = i % 2 ? core::Qualifier::range : core::Qualifier::approx;
    if (i % 2) c.period = core::Period{core::make_date(2025, 1, 1), core::make_date(2025, 6, 30)};
    c.time_unresolved = i % 2 == 0;
    c.due = i % 3 ? std::optional(core::make_date(2026, 1, 1)) : std::nullopt;
    c.attribution = {"officials said", core::SourceClass::official};
    c.quantity_text = "about " + std::to_string(i);
    c.sentence = "Sentence " + std::to_string(i) + " of document " + std::to_string(n) + ".";
    c.start = static_cast<std::uint64_t>(i) * 10;
    c.end = c.start + 5;
    return c;
}

std::vector<core::Claim> claims_of(int n, int count = 3) {
    std::vector<core::Claim> out;
    out.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) out.push_back(claim(n, i));
    return out;
}

core::Event event(int n) {
    core::Event e;
    e.kind = "flight";
    e.date = core::make_date(2023, 2, 11);
    e.roles = {{"from", "Moscow"}, {"quote", "say \"hi\"\n"}, {"n", std::to_string(n)}};
    e.attribution = {"trackers showed", core::SourceClass::media};
    e.sentence = "An Il-76 flew.";
    e.start = 1;
    e.end = 9;
    return e;
}

bool same_bits(double a, double b) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

// A claim as text, every field, doubles as their bits: two stores hold the same claims when
// these lines are equal.
std::string line(const core::Claim& c) {
    auto bits = [](std::optional<double> v) {
        return v ? std::to_string(std::bit_cast<std::uint64_t>(*v)) : "-";
    };
    auto date = [](std::optional<core::Date> d) { return d ? core::to_iso(*d) : "-"; };
    return c.document + "|" + c.metric + "|" + c.subject + "|" + c.object + "|" + bits(c.value) + "|" +
           bits(c.low) + "|" + bits(c.high) + "|" + c.unit + "|" + std::string(core::to_string(c.qualifier)) +
           "|" + date(c.period ? std::optional(c.period->first) : std::nullopt) + "|" +
           date(c.period ? std::optional(c.period->last) : std::nullopt) + "|" +
           (c.time_unresolved ? "1" : "0") + "|" + date(c.due) + "|" + c.attribution.text + "|" +
           c.quantity_text + "|" + c.sentence + "|" + std::to_string(c.start) + "|" + std::to_string(c.end);
}

std::vector<std::string> sorted_lines(const std::vector<core::Claim>& claims) {
    std::vector<std::string> out;
    out.reserve(claims.size());
    for (const auto& c : claims) out.push_back(line(c));
    std::sort(out.begin(), out.end());
    return out;
}

// ---- the fixture: a fresh store per test on the backend of the parameter ----

class Backends : public reckon::test::BackendTest {};

TEST_P(Backends, RoundTripsEveryFieldAndDoublesBitForBit) {
    std::vector<core::Claim> cs = claims_of(1, 4);
    // Not -0.0: SQLite stores it as the integer 0 (PostgreSQL keeps the sign); no claim's value is -0.
    const std::array awkward = {5500.0 / 3.0,
                                0.1,
                                DBL_MIN,
                                std::numeric_limits<double>::denorm_min(),
                                DBL_MAX,
                                1e-300,
                                123456789.123456789,
                                std::numeric_limits<double>::infinity()};
    for (const double v : awkward) {
        core::Claim c = claim(1, 0);
        c.value = v;
        cs.push_back(c);
    }
    {
        store::Store s(m_location, fixed_clock);
        const auto r = s.ingest(document(1), cs, {event(1)});
        EXPECT_FALSE(r.already_present);
        EXPECT_EQ(r.claims, cs.size());
        EXPECT_EQ(r.events, 1U);
    }
    store::Store s(m_location, fixed_clock);
    const auto got = s.claims();
    ASSERT_EQ(got.size(), cs.size());
    for (std::size_t i = 0; i < cs.size(); ++i) {
        core::Claim want = cs[i];
        want.document = sha_of(1);
        EXPECT_EQ(line(got[i]), line(want)) << i;
        EXPECT_TRUE(same_bits(got[i].value, want.value)) << got[i].value << " vs " << want.value;
    }
    const auto events = s.events();
    ASSERT_EQ(events.size(), 1U);
    EXPECT_EQ(events[0].roles, event(1).roles);
    EXPECT_EQ(events[0].date, event(1).date);
    EXPECT_EQ(events[0].document, sha_of(1));
    const auto docs = s.documents();
    ASSERT_EQ(docs.size(), 1U);
    EXPECT_EQ(docs[0].title, document(1).title);
    EXPECT_EQ(docs[0].published, document(1).published);
    EXPECT_EQ(docs[0].size_bytes, document(1).size_bytes);
    ASSERT_TRUE(s.document(sha_of(1)).has_value());
    EXPECT_EQ(s.document(sha_of(1))->path, document(1).path);
    EXPECT_FALSE(s.document(sha_of(2)).has_value());
}

TEST_P(Backends, ReingestChangesNothingAndFiltersKeepIngestOrder) {
    store::Store s(m_location, fixed_clock);
    for (int n = 0; n < 3; ++n) EXPECT_FALSE(s.ingest(document(n), claims_of(n, 6), {}).already_present);
    auto doc = document(1);
    std::transform(doc.sha256.begin(), doc.sha256.end(), doc.sha256.begin(), ::toupper);
    const auto again = s.ingest(doc, claims_of(9, 2), {});
    EXPECT_TRUE(again.already_present);
    EXPECT_EQ(s.claims().size(), 18U);
    EXPECT_TRUE(s.has_document(sha_of(2)));
    const auto rates = s.claims({.metric = "production_rate", .subject = "Geran-2"});
    std::vector<std::string> got;
    std::vector<std::string> want;
    got.reserve(rates.size());
    for (const auto& c : rates) got.push_back(c.sentence);
    for (int n = 0; n < 3; ++n)
        for (int i = 0; i < 6; ++i)
            if (i % 2 && i % 3) want.push_back(claim(n, i).sentence);
    EXPECT_EQ(got, want);
}

TEST_P(Backends, CancelledIngestStoresNothing) {
    store::Store s(m_location, fixed_clock);
    const auto r =
        s.ingest(document(1), claims_of(1, 5000), {}, [](double, std::string_view) { return false; });
    EXPECT_TRUE(r.cancelled);
    EXPECT_FALSE(s.has_document(sha_of(1)));
    EXPECT_TRUE(s.claims().empty());
    EXPECT_FALSE(s.ingest(document(1), claims_of(1), {}).already_present);
}

TEST_P(Backends, ReviewsAreHistoryThatTheDatabaseItselfKeeps) {
    {
        store::Store s(m_location, fixed_clock);
        core::Review r;
        r.claim_key = "k1";
        r.action = core::ReviewAction::accept;
        r.who = "Ana";
        r.note = "checked";
        EXPECT_EQ(s.add_review(r).id, 1);
        r.action = core::ReviewAction::correct;
        r.value_after = 42.5;
        r.who = "Ben";
        const auto stored = s.add_review(r);
        EXPECT_EQ(stored.id, 2);
        EXPECT_EQ(stored.at, fixed_clock());
        r.claim_key = "k2";
        r.who = "";
        EXPECT_THROW(s.add_review(r), InputError);
        const auto all = s.reviews();
        ASSERT_EQ(all.size(), 2U);
        EXPECT_EQ(all[1].who, "Ben");
        EXPECT_EQ(all[1].value_after, 42.5);
        EXPECT_EQ(s.reviews(std::string("k2")).size(), 0U);
    }
    Raw raw(m_location);
    EXPECT_FALSE(raw.exec_ok("UPDATE reviews SET note = 'changed'"));
    EXPECT_FALSE(raw.exec_ok("DELETE FROM reviews"));
    EXPECT_EQ(raw.column("SELECT note FROM reviews ORDER BY id"),
              (std::vector<std::string>{"checked", "checked"}));
}

store::SiteComparison comparison() {
    store::SiteComparison c;
    c.sha256 = std::string(32, 'a') + std::string(32, 'b');
    c.site = "Works";
    c.before_image = "a.tif";
    c.after_image = "b.tif";
    c.before_date = core::make_date(2016, 12, 9);
    c.after_date = core::make_date(2018, 3, 9);
    c.method = "reckon";
    c.threshold_rule = "mixture";
    c.pixel_area_m2 = 98.5;
    c.changed_area_m2 = 1750.25;
    store::SitePolygon p;
    p.polygon = 1;
    p.value = 1500;
    p.change_class = "new_roof";
    p.confidence = 0.4;
    p.pixels = 15;
    p.geometry = R"({"type":"Polygon","coordinates":[[[54.5,24.3],[54.51,24.3],[54.51,24.31],[54.5,24.3]]]})";
    store::SitePolygon q = p;
    q.polygon = 2;
    q.value = 250.25;
    q.confidence = 0;
    c.polygons = {p, q};
    return c;
}

TEST_P(Backends, SiteComparisonsRoundTripOnceAndAreNeverChanged) {
    {
        store::Store s(m_location, fixed_clock);
        EXPECT_EQ(s.add_site_comparison(comparison()).polygons, 2U);
        EXPECT_TRUE(s.add_site_comparison(comparison()).already_present);
        auto bad = comparison();
        bad.sha256[0] = 'c';
        bad.polygons[1].geometry = "{not json";
        EXPECT_THROW(s.add_site_comparison(bad), StoreError);
        const auto got = s.site_comparisons();
        ASSERT_EQ(got.size(), 1U);
        EXPECT_EQ(got[0].recorded_at, fixed_clock());
        ASSERT_EQ(got[0].polygons.size(), 2U);
        EXPECT_EQ(got[0].polygons[0].geometry, comparison().polygons[0].geometry);
        EXPECT_EQ(got[0].polygons[1].key, store::site_polygon_key(comparison().sha256, 2));
        EXPECT_EQ(got[0].polygons[1].value, 250.25);
    }
    Raw raw(m_location);
    EXPECT_FALSE(raw.exec_ok("UPDATE site_observations SET value = 1"));
    EXPECT_FALSE(raw.exec_ok("DELETE FROM site_observations"));
    EXPECT_FALSE(raw.exec_ok("DELETE FROM site_comparisons"));
    EXPECT_EQ(raw.column("SELECT count(*) FROM site_observations"), std::vector<std::string>{"2"});
}

// Rows each backend must refuse, whatever program writes them: the schema's checks, foreign
// keys and triggers. The last statement is valid, so a store that refused everything fails.
TEST_P(Backends, TheDatabaseRefusesTheSameBadRows) {
    {
        store::Store s(m_location, fixed_clock);
        s.ingest(document(1), claims_of(1), {event(1)});
    }
    const std::string doc_cols =
        "INSERT INTO documents (sha256, path, format, size_bytes, ingested_at, published) ";
    const std::string claim_cols =
        "INSERT INTO claims (document_id, metric, value, unit, qualifier, source_class, quantity_text, "
        "sentence_id, "
        "start_byte, end_byte, period_first, period_last) ";
    const std::string site_cols =
        "INSERT INTO site_comparisons (sha256, before_image, after_image, after_date, method, "
        "changed_area_m2, "
        "recorded_at) ";
    const std::vector<std::string> bad = {
        doc_cols + "VALUES ('ABC', 'p', 'text', 1, 't', NULL)",
        doc_cols + "VALUES ('" + std::string(64, 'A') + "', 'p', 'text', 1, 't', NULL)",
        doc_cols + "VALUES ('" + sha_of(7) + "', 'p', 'text', 1, 't', '2025-1-1')",
        doc_cols + "VALUES ('" + sha_of(7) + "', 'p', 'text', -1, 't', NULL)",
        doc_cols + "VALUES ('" + sha_of(1) + "', 'p', 'text', 1, 't', NULL)",
        claim_cols + "VALUES (1, 'm', 1, 'u', 'maybe', 'media', 'q', 1, 0, 1, NULL, NULL)",
        claim_cols + "VALUES (1, 'm', 1, 'u', 'exact', 'blog', 'q', 1, 0, 1, NULL, NULL)",
        claim_cols + "VALUES (1, 'm', 1, 'u', 'exact', 'media', 'q', 1, 5, 1, NULL, NULL)",
        claim_cols + "VALUES (1, 'm', 1, 'u', 'exact', 'media', 'q', 1, 0, 1, '2025-01-01', NULL)",
        claim_cols + "VALUES (999, 'm', 1, 'u', 'exact', 'media', 'q', 1, 0, 1, NULL, NULL)",
        std::string("INSERT INTO events (document_id, kind, roles, source_class, sentence_id, start_byte, "
                    "end_byte) ") +
            "VALUES (1, 'k', '{not json', 'media', 1, 0, 1)",
        "INSERT INTO reviews (claim_key, action, who, at) VALUES ('k', 'like', 'Ana', 't')",
        "INSERT INTO reviews (claim_key, action, who, at) VALUES ('k', 'accept', '', 't')",
        "INSERT INTO reviews (claim_key, action, who, at) VALUES ('k', 'correct', 'Ana', 't')",
        site_cols + "VALUES ('" + sha_of(3) + "', 'a', 'b', 'March', 'm', 1, 't')",
    };
    Raw raw(m_location);
    for (const auto& sql : bad) EXPECT_FALSE(raw.exec_ok(sql)) << "accepted: " << sql;
    EXPECT_TRUE(
        raw.exec_ok(claim_cols + "VALUES (1, 'm', 1, 'u', 'exact', 'media', 'q', 1, 0, 1, NULL, NULL)"));
}

// Eight processes ingest overlapping sets of documents into one new store at once: each
// document is stored once, and the claims are those of one process ingesting them in turn.
TEST_P(Backends, EightProcessesIngestOverlappingDocumentsOnce) {
    constexpr int PROCESSES = 8;
    constexpr int DOCUMENTS = 24;
    constexpr int EACH = 9;
    std::vector<pid_t> children;
    for (int p = 0; p < PROCESSES; ++p) {
        const pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            int status = 0;
            try {
                store::Store s(m_location, fixed_clock);
                for (int k = 0; k < EACH; ++k) {
                    const int n = (p * 3 + k) % DOCUMENTS;
                    s.ingest(document(n), claims_of(n, 40), {event(n)});
                }
            } catch (const std::exception& e) {
                std::fprintf(stderr, "process %d: %s\n", p, e.what());
                status = 1;
            }
            ::_exit(status);
        }
        children.push_back(pid);
    }
    for (const pid_t pid : children) {
        int status = 0;
        ASSERT_EQ(::waitpid(pid, &status, 0), pid);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    store::Store s(m_location, fixed_clock);
    std::vector<std::string> shas;
    const auto documents = s.documents();
    shas.reserve(documents.size());
    for (const auto& d : documents) shas.push_back(d.sha256);
    std::sort(shas.begin(), shas.end());
    std::vector<std::string> want_shas;
    want_shas.reserve(DOCUMENTS);
    for (int n = 0; n < DOCUMENTS; ++n) want_shas.push_back(sha_of(n));
    std::sort(want_shas.begin(), want_shas.end());
    EXPECT_EQ(shas, want_shas);

    const std::string serial_location = fresh("serial");
    ASSERT_FALSE(serial_location.empty());
    store::Store serial(serial_location, fixed_clock);
    for (int n = 0; n < DOCUMENTS; ++n) serial.ingest(document(n), claims_of(n, 40), {event(n)});
    EXPECT_EQ(sorted_lines(s.claims()), sorted_lines(serial.claims()));
    EXPECT_EQ(s.events().size(), static_cast<std::size_t>(DOCUMENTS));
}

// An ingest killed with SIGKILL in the middle of its transaction leaves nothing of the
// document; ingesting again stores it whole.
TEST_P(Backends, IngestKilledHalfWayLeavesNothingAndARerunCompletesIt) {
    { store::Store(m_location, fixed_clock).ingest(document(0), claims_of(0), {}); }
    std::array<int, 2> ready{};
    ASSERT_EQ(::pipe(ready.data()), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::close(ready[0]);
        try {
            store::Store s(m_location, fixed_clock);
            s.ingest(document(1), claims_of(1, 10000), {}, [&](double, std::string_view) {
                const char c = 'x';
                (void)!::write(ready[1], &c, 1);
                ::pause();  // killed here, half-way through its rows
                return true;
            });
        } catch (...) {  // NOLINT(bugprone-empty-catch): the parent sees the exit status
        }
        ::_exit(3);
    }
    ::close(ready[1]);
    char c = 0;
    ASSERT_EQ(::read(ready[0], &c, 1), 1) << "the child never got half-way";
    ::close(ready[0]);
    ::kill(pid, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFSIGNALED(status));

    store::Store s(m_location, fixed_clock);
    EXPECT_FALSE(s.has_document(sha_of(1)));
    EXPECT_EQ(s.claims().size(), 3U);
    const auto r = s.ingest(document(1), claims_of(1, 10000), {});
    EXPECT_FALSE(r.already_present);
    EXPECT_EQ(s.claims().size(), 10003U);
}

INSTANTIATE_TEST_SUITE_P(Store, Backends, reckon::test::BACKENDS, reckon::test::backend_name);

// ---- PostgreSQL only: the schema matches SQLite's, and connection errors say what to do ----

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

TEST(PostgresqlStore, HasTheSameTablesColumnsAndIndexesAsSqlite) {
    if (!PgServer::available())
        GTEST_SKIP() << "PostgreSQL is not installed (no " << PgServer::bindir() << ")";
    PgServer* s = reckon::test::shared_server();
    ASSERT_NE(s, nullptr) << reckon::test::server_error();
    const std::string pg = s->create_database("schema_parity");
    std::string tmpl = (fs::temp_directory_path() / "reckon-parity-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    const std::string lite = (fs::path(tmpl) / "s.db").string();
    {
        const store::Store a(pg, fixed_clock);
        const store::Store b(lite, fixed_clock);
    }
    Raw rp(pg);
    Raw rl(lite);
    const auto lite_columns = sorted(rl.column(
        "SELECT m.name || '.' || p.name || ':' || (p.\"notnull\" OR p.pk) FROM sqlite_schema AS m "
        "JOIN pragma_table_info(m.name) AS p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"));
    const auto pg_columns = sorted(rp.column(
        "SELECT c.table_name || '.' || c.column_name || ':' || (CASE c.is_nullable WHEN 'NO' THEN 1 "
        "ELSE 0 END) FROM information_schema.columns AS c JOIN information_schema.tables AS t "
        "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
        "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'"));
    EXPECT_GT(lite_columns.size(), 50U);
    EXPECT_EQ(pg_columns, lite_columns);
    EXPECT_EQ(sorted(rp.column("SELECT table_name FROM information_schema.views WHERE table_schema = "
                               "current_schema()")),
              sorted(rl.column("SELECT name FROM sqlite_schema WHERE type = 'view'")));
    EXPECT_EQ(sorted(rp.column("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND "
                               "indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key'")),
              sorted(rl.column("SELECT name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE "
                               "'sqlite_autoindex%'")));
    EXPECT_EQ(rp.column("SELECT max(version) FROM schema_migrations"),
              std::vector<std::string>{std::to_string(store::schema_version())});
    std::error_code ec;
    fs::remove_all(tmpl, ec);
}

TEST(PostgresqlStore, ConnectionErrorsNameTheUriWithoutItsPasswordAndSayWhatToDo) {
    if (!PgServer::available())
        GTEST_SKIP() << "PostgreSQL is not installed (no " << PgServer::bindir() << ")";
    PgServer* s = reckon::test::shared_server();
    ASSERT_NE(s, nullptr) << reckon::test::server_error();
    const std::string missing = "postgresql://reckon:s3cret@/no_such_db?host=" + s->dir().string();
    try {
        store::Store st(missing);
        ADD_FAILURE() << "opened a database that does not exist";
    } catch (const StoreError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("postgresql://reckon@/no_such_db"), std::string::npos) << what;
        EXPECT_EQ(what.find("s3cret"), std::string::npos) << what;
        EXPECT_NE(e.hint().find("createdb"), std::string::npos) << e.hint();
    }
    const std::string nobody_there = "postgresql://reckon@/x?host=" + (s->dir() / "nowhere").string();
    try {
        store::Store st(nobody_there);
        ADD_FAILURE() << "connected to a server that is not running";
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("cannot connect"), std::string::npos) << e.what();
        EXPECT_NE(e.hint().find("Start the PostgreSQL server"), std::string::npos) << e.hint();
    }
    // A database holding another program's tables is left alone.
    const std::string foreign = s->create_database("foreign_tables");
    {
        Raw raw(foreign);
        ASSERT_TRUE(raw.exec_ok("CREATE TABLE invoices (id int)"));
    }
    try {
        store::Store st(foreign);
        ADD_FAILURE() << "wrote into another program's database";
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("not a reckon store"), std::string::npos) << e.what();
    }
}

TEST(StoreLocation, TellsServersFromFilesAndHidesPasswords) {
    EXPECT_TRUE(store::is_server_location("postgresql://u@h/db"));
    EXPECT_TRUE(store::is_server_location("postgres://h/db"));
    EXPECT_FALSE(store::is_server_location("postgresql.db"));
    EXPECT_FALSE(store::is_server_location("out/reckon.db"));
    EXPECT_EQ(store::display_location("postgresql://ana:pw@db.example:5432/evidence"),
              "postgresql://ana@db.example:5432/evidence");
    EXPECT_EQ(store::display_location("postgresql:///evidence?host=/run/pg&password=pw&user=ana"),
              "postgresql:///evidence?host=/run/pg&password=***&user=ana");
    EXPECT_EQ(store::display_location("postgres://h/db"), "postgres://h/db");
    EXPECT_EQ(store::display_location("a:b@c.db"), "a:b@c.db");
}

TEST(StoreLocation, PlaceholdersBecomeNumberedOutsideQuotesAndComments) {
    using store::detail::translate_placeholders;
    EXPECT_EQ(translate_placeholders("SELECT ? , ?"), "SELECT $1 , $2");
    EXPECT_EQ(translate_placeholders("WHERE a = '?' AND b = ? -- c?\nAND \"x?\" = ?"),
              "WHERE a = '?' AND b = $1 -- c?\nAND \"x?\" = $2");
    EXPECT_EQ(translate_placeholders("VALUES ('it''s ?', ?)"), "VALUES ('it''s ?', $1)");
}

}  // namespace
