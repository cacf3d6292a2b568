// The evidence store: ingesting a document in one transaction and reading the rows back as
// core types, written once over the backend seam (backend.hpp) in SQL both SQLite and
// PostgreSQL run. Opening and migrating is schema.cpp (SQLite) and pg_backend.cpp
// (PostgreSQL); the tables themselves are src/store/schema/*.sql and schema/postgresql/*.sql.
#include "reckon/store/store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "backend.hpp"
#include "reckon/core/error.hpp"

namespace reckon::store {

using detail::DbError;
using detail::Statement;
using detail::WriteTransaction;

namespace {

// Rows between two progress reports during an ingest.
constexpr std::size_t PROGRESS_EVERY_ROWS = 4096;
constexpr std::string_view PROGRESS_STAGE = "store";

// For inputs that only a bug upstream of the store can produce.
const char* const BUG_HINT = "Nothing from this document was stored. Please report this as a bug in reckon.";

// Lower-case hex, or nullopt when `sha` is not 64 hex digits.
std::optional<std::string> normalized_sha256(std::string_view sha) {
    if (sha.size() != 64) return std::nullopt;
    std::string out(sha);
    for (char& c : out) {
        if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

void bind_date(Statement& s, int index, const std::optional<core::Date>& d) {
    if (d)
        s.bind_text(index, core::to_iso(*d));
    else
        s.bind_null(index);
}

void bind_optional(Statement& s, int index, const std::optional<double>& v) {
    if (v)
        s.bind_real(index, *v);
    else
        s.bind_null(index);
}

std::int64_t to_sql_int(std::uint64_t v) {
    // Byte offsets and sizes never approach 2^63; clamp rather than wrap if one ever did.
    return static_cast<std::int64_t>(std::min<std::uint64_t>(v, std::numeric_limits<std::int64_t>::max()));
}

// The distinct sentences of one document's claims and events, each to be stored once (issue 12).
// A sentence the extractor placed is known by its span and its clip's; one without a place
// (a claim made elsewhere) by its text, placed from the first to the last byte of the figures
// (or events) that came from it, as docs/store.md says.
class DocumentSentences {
public:
    struct Row {
        core::SentencePlace place;
        std::string_view text;
        bool placed = true;
    };

    // The row of the sentence of a claim or event whose own span is [own_start, own_end).
    std::size_t add(const core::SentencePlace& place, std::string_view text, std::uint64_t own_start,
                    std::uint64_t own_end) {
        if (place.known()) {
            const std::array<std::uint64_t, 4> key{place.start, place.end, place.clip_start, place.clip_end};
            const auto [it, added] = m_placed.try_emplace(key, m_rows.size());
            if (added)
                m_rows.push_back({.place = place, .text = text});
            else if (m_rows[it->second].text != text)
                throw std::invalid_argument(fmt::format("two different sentences at bytes {}-{} (clip {}-{})",
                                                        place.start, place.end, place.clip_start,
                                                        place.clip_end));
            return it->second;
        }
        own_end = std::max(own_start, own_end);
        const auto [it, added] = m_unplaced.try_emplace(text, m_rows.size());
        if (added) {
            m_rows.push_back(
                {.place = {own_start, own_end, own_start, own_end}, .text = text, .placed = false});
        } else {
            core::SentencePlace& p = m_rows[it->second].place;
            p.start = p.clip_start = std::min(p.start, own_start);
            p.end = p.clip_end = std::max(p.end, own_end);
        }
        return it->second;
    }
    const std::vector<Row>& rows() const { return m_rows; }

private:
    std::vector<Row> m_rows;
    std::map<std::array<std::uint64_t, 4>, std::size_t> m_placed;
    std::unordered_map<std::string_view, std::size_t> m_unplaced;
};

// The place of a sentences row as a claim or event carries it: nothing for a row the store
// placed itself, so that what was written reads back the same.
core::SentencePlace read_place(const Statement& q, int placed_col, int first_col) {
    if (q.int64(placed_col) == 0) return {};
    return {.start = static_cast<std::uint64_t>(q.int64(first_col)),
            .end = static_cast<std::uint64_t>(q.int64(first_col + 1)),
            .clip_start = static_cast<std::uint64_t>(q.int64(first_col + 2)),
            .clip_end = static_cast<std::uint64_t>(q.int64(first_col + 3))};
}

// Reads rows back, naming the store and row when the file holds something this build
// cannot turn into a core type (a hand-edited file, say).
class RowReader {
public:
    RowReader(const std::string& store, std::string_view table, const Statement& q)
        : m_store(store), m_table(table), m_q(q) {}

    std::string text(int i) const { return m_q.text(i); }
    double real(int i) const { return m_q.real(i); }
    std::int64_t integer(int i) const { return m_q.int64(i); }
    std::uint64_t offset(int i) const { return static_cast<std::uint64_t>(m_q.int64(i)); }
    std::optional<double> optional_real(int i) const {
        if (m_q.is_null(i)) return std::nullopt;
        return real(i);
    }
    std::optional<core::Date> date(int i) const {
        if (m_q.is_null(i)) return std::nullopt;
        const std::string s = text(i);
        if (auto d = core::parse_iso_date(s)) return d;
        fail(i, fmt::format("'{}' is not a date (YYYY-MM-DD)", s));
    }
    std::optional<core::Period> period(int first, int last) const {
        auto f = date(first);
        auto l = date(last);
        if (f && l) return core::Period{*f, *l};
        return std::nullopt;
    }
    core::Attribution attribution(int text_col, int class_col) const {
        core::Attribution a{.text = text(text_col)};
        const std::string c = text(class_col);
        if (auto sc = core::parse_source_class(c))
            a.source_class = *sc;
        else
            fail(class_col, fmt::format("unknown source class '{}'", c));
        return a;
    }
    [[noreturn]] void fail(int col, const std::string& what) const {
        throw StoreError(fmt::format("{}: {} row {}, column {}: {}", m_store, m_table, m_q.int64(0),
                                     m_q.column_name(col), what),
                         "The store was changed outside reckon; re-ingest into a new --db file.");
    }

private:
    const std::string& m_store;
    std::string_view m_table;
    const Statement& m_q;
};

}  // namespace

struct Store::Impl {
    Impl(const std::filesystem::path& p, NowFn clock)
        : name(display_location(p.string())),
          now(clock ? std::move(clock) : NowFn(utc_now_iso)),
          db(detail::is_postgresql(p.string()) ? detail::open_postgresql(p.string(), name, now)
                                               : detail::open_sqlite(p, now)) {}

    std::unique_ptr<Statement> prepare(const std::string& sql) const { return db->prepare(sql); }

    std::optional<std::int64_t> find_document(const std::string& sha) const {
        auto q = prepare("SELECT id FROM documents WHERE sha256 = ?");
        q->bind_text(1, sha);
        if (q->step()) return q->int64(0);
        return std::nullopt;
    }

    [[noreturn]] void read_failed(const DbError& e) const {
        throw StoreError(fmt::format("{}: cannot read the store: {}", name, e.what()),
                         "Check that the file is a reckon store and is readable.");
    }

    std::string name;
    NowFn now;
    std::unique_ptr<detail::Connection> db;
};

Store::Store(const std::filesystem::path& path) : Store(path, NowFn{}) {}
Store::Store(const std::filesystem::path& path, NowFn now)
    : m_impl(std::make_unique<Impl>(path, std::move(now))) {}
Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;

bool Store::has_document(const std::string& sha256) const {
    const auto sha = normalized_sha256(sha256);
    if (!sha) return false;
    try {
        return m_impl->find_document(*sha).has_value();
    } catch (const DbError& e) {
        m_impl->read_failed(e);
    }
}

IngestResult Store::ingest(const core::DocumentInfo& document, const std::vector<core::Claim>& claims,
                           const std::vector<core::Event>& events) {
    return ingest(document, claims, events, core::ProgressFn{});
}

IngestResult Store::ingest(const core::DocumentInfo& document, const std::vector<core::Claim>& claims,
                           const std::vector<core::Event>& events, const core::ProgressFn& progress) {
    Impl& im = *m_impl;
    const auto sha = normalized_sha256(document.sha256);
    if (!sha)
        throw StoreError(fmt::format("{}: cannot store {}: its SHA-256 '{}' is not 64 hex digits", im.name,
                                     document.path, document.sha256),
                         BUG_HINT);
    for (std::size_t i = 0; i < claims.size(); ++i)
        if (std::isnan(claims[i].value))
            throw StoreError(fmt::format("{}: cannot store {}: claim {} ('{}') has no value (NaN)", im.name,
                                         document.path, i + 1, claims[i].quantity_text),
                             BUG_HINT);

    try {
        // Re-ingesting is the common case when a directory is ingested again: answer it
        // without taking the write lock.
        if (auto id = im.find_document(*sha)) return {.document_id = *id, .already_present = true};

        WriteTransaction tx(*im.db);
        if (auto id = im.find_document(*sha)) return {.document_id = *id, .already_present = true};

        // SQLite holds the write lock here, so the insert always goes in. On PostgreSQL another
        // client may be storing the same document: the insert then waits for that client's
        // transaction, and when it committed, inserts nothing; the document is stored once.
        auto doc = im.prepare(
            "INSERT INTO documents (sha256, path, format, title, url, publisher, published, "
            "size_bytes, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (sha256) DO NOTHING RETURNING id");
        doc->bind_text(1, *sha);
        doc->bind_text(2, document.path);
        doc->bind_text(3, document.format);
        doc->bind_text(4, document.title);
        doc->bind_text(5, document.url);
        doc->bind_text(6, document.publisher);
        bind_date(*doc, 7, document.published);
        doc->bind_int(8, to_sql_int(document.size_bytes));
        doc->bind_text(9, im.now());
        if (!doc->step()) {
            tx.rollback();
            if (auto id = im.find_document(*sha)) return {.document_id = *id, .already_present = true};
            throw DbError("the document was stored by another client and then could not be found");
        }
        IngestResult result{.document_id = doc->int64(0)};
        doc->reset();

        DocumentSentences sentences;
        std::vector<std::size_t> claim_sentence;
        std::vector<std::size_t> event_sentence;
        claim_sentence.reserve(claims.size());
        event_sentence.reserve(events.size());
        try {
            for (const core::Claim& c : claims)
                claim_sentence.push_back(sentences.add(c.sentence_place, c.sentence, c.start, c.end));
            for (const core::Event& e : events)
                event_sentence.push_back(sentences.add(e.sentence_place, e.sentence, e.start, e.end));
        } catch (const std::invalid_argument& e) {
            throw StoreError(fmt::format("{}: cannot store {}: {}", im.name, document.path, e.what()),
                             BUG_HINT);
        }

        const std::size_t total = sentences.rows().size() + claims.size() + events.size();
        std::size_t done = 0;
        auto keep_going = [&] {
            ++done;
            return done % PROGRESS_EVERY_ROWS != 0 ||
                   core::report_progress(progress, static_cast<double>(done) / static_cast<double>(total),
                                         PROGRESS_STAGE);
        };
        // The transaction's destructor rolls back.
        const IngestResult cancelled{.cancelled = true};

        std::vector<std::int64_t> sentence_ids;
        sentence_ids.reserve(sentences.rows().size());
        auto ins_sentence = im.prepare(
            "INSERT INTO sentences (document_id, start_byte, end_byte, clip_start, clip_end, placed, text) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
        for (const auto& row : sentences.rows()) {
            ins_sentence->bind_int(1, result.document_id);
            ins_sentence->bind_int(2, to_sql_int(row.place.start));
            ins_sentence->bind_int(3, to_sql_int(row.place.end));
            ins_sentence->bind_int(4, to_sql_int(row.place.clip_start));
            ins_sentence->bind_int(5, to_sql_int(row.place.clip_end));
            ins_sentence->bind_int(6, row.placed ? 1 : 0);
            ins_sentence->bind_text(7, row.text);
            if (!ins_sentence->step()) throw DbError("a sentence was inserted but no id came back");
            sentence_ids.push_back(ins_sentence->int64(0));
            ins_sentence->reset();
            if (!keep_going()) return cancelled;
        }

        auto ins_claim = im.prepare(
            "INSERT INTO claims (document_id, metric, subject, object, value, low, high, unit, qualifier, "
            "period_first, period_last, time_unresolved, said_first, said_last, due, attribution_text, "
            "source_class, quantity_text, sentence_id, start_byte, end_byte, what, figure_kind, change) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (std::size_t i = 0; i < claims.size(); ++i) {
            const core::Claim& c = claims[i];
            ins_claim->bind_int(1, result.document_id);
            ins_claim->bind_text(2, c.metric);
            ins_claim->bind_text(3, c.subject);
            ins_claim->bind_text(4, c.object);
            ins_claim->bind_real(5, c.value);
            bind_optional(*ins_claim, 6, c.low);
            bind_optional(*ins_claim, 7, c.high);
            ins_claim->bind_text(8, c.unit);
            ins_claim->bind_text(9, core::to_string(c.qualifier));
            bind_date(*ins_claim, 10, c.period ? std::optional(c.period->first) : std::nullopt);
            bind_date(*ins_claim, 11, c.period ? std::optional(c.period->last) : std::nullopt);
            ins_claim->bind_int(12, c.time_unresolved ? 1 : 0);
            bind_date(*ins_claim, 13, c.said ? std::optional(c.said->first) : std::nullopt);
            bind_date(*ins_claim, 14, c.said ? std::optional(c.said->last) : std::nullopt);
            bind_date(*ins_claim, 15, c.due);
            ins_claim->bind_text(16, c.attribution.text);
            ins_claim->bind_text(17, core::to_string(c.attribution.source_class));
            ins_claim->bind_text(18, c.quantity_text);
            ins_claim->bind_int(19, sentence_ids[claim_sentence[i]]);
            ins_claim->bind_int(20, to_sql_int(c.start));
            ins_claim->bind_int(21, to_sql_int(c.end));
            ins_claim->bind_text(22, c.what);
            ins_claim->bind_text(23, c.figure_kind ? std::string(core::to_string(*c.figure_kind)) : "");
            ins_claim->bind_text(24, c.change);
            ins_claim->step();
            ins_claim->reset();
            ++result.claims;
            if (!keep_going()) return cancelled;
        }

        auto ins_event = im.prepare(
            "INSERT INTO events (document_id, kind, date, time_unresolved, roles, attribution_text, "
            "source_class, sentence_id, start_byte, end_byte) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (std::size_t i = 0; i < events.size(); ++i) {
            const core::Event& e = events[i];
            ins_event->bind_int(1, result.document_id);
            ins_event->bind_text(2, e.kind);
            bind_date(*ins_event, 3, e.date);
            ins_event->bind_int(4, e.time_unresolved ? 1 : 0);
            ins_event->bind_text(5, nlohmann::json(e.roles).dump());
            ins_event->bind_text(6, e.attribution.text);
            ins_event->bind_text(7, core::to_string(e.attribution.source_class));
            ins_event->bind_int(8, sentence_ids[event_sentence[i]]);
            ins_event->bind_int(9, to_sql_int(e.start));
            ins_event->bind_int(10, to_sql_int(e.end));
            ins_event->step();
            ins_event->reset();
            ++result.events;
            if (!keep_going()) return cancelled;
        }

        if (!core::report_progress(progress, 1.0, PROGRESS_STAGE)) return cancelled;
        tx.commit();
        return result;
    } catch (const DbError& e) {
        throw StoreError(fmt::format("{}: cannot store {}: {}", im.name, document.path, e.what()),
                         e.busy() ? "Another reckon is writing to the store; try again when it has finished."
                                  : "Nothing from this document was stored; the store is as it was.");
    }
}

std::vector<core::Claim> Store::claims(const ClaimFilter& filter) const {
    std::string sql =
        "SELECT c.id, c.metric, c.subject, c.object, c.value, c.low, c.high, c.unit, c.qualifier, "
        "c.period_first, c.period_last, c.time_unresolved, c.said_first, c.said_last, c.due, "
        "c.attribution_text, c.source_class, c.quantity_text, s.text, c.start_byte, c.end_byte, d.sha256, "
        "s.placed, s.start_byte, s.end_byte, s.clip_start, s.clip_end, c.what, c.figure_kind, c.change "
        "FROM claims AS c JOIN sentences AS s ON s.id = c.sentence_id JOIN documents AS d ON d.id = "
        "c.document_id";
    std::vector<std::string> where;
    if (filter.metric) where.emplace_back("c.metric = ?");
    if (filter.subject) where.emplace_back("c.subject = ?");
    for (std::size_t i = 0; i < where.size(); ++i) sql += (i == 0 ? " WHERE " : " AND ") + where[i];
    sql += " ORDER BY c.id";

    std::vector<core::Claim> out;
    try {
        auto q = m_impl->prepare(sql);
        int index = 0;
        if (filter.metric) q->bind_text(++index, *filter.metric);
        if (filter.subject) q->bind_text(++index, *filter.subject);
        const RowReader r(m_impl->name, "claims", *q);
        while (q->step()) {
            core::Claim c;
            c.metric = r.text(1);
            c.subject = r.text(2);
            c.object = r.text(3);
            c.value = r.real(4);
            c.low = r.optional_real(5);
            c.high = r.optional_real(6);
            c.unit = r.text(7);
            if (auto qual = core::parse_qualifier(r.text(8)))
                c.qualifier = *qual;
            else
                r.fail(8, fmt::format("unknown qualifier '{}'", r.text(8)));
            c.period = r.period(9, 10);
            c.time_unresolved = r.integer(11) != 0;
            c.said = r.period(12, 13);
            c.due = r.date(14);
            c.attribution = r.attribution(15, 16);
            c.quantity_text = r.text(17);
            c.sentence = r.text(18);
            c.start = r.offset(19);
            c.end = r.offset(20);
            c.document = r.text(21);
            c.sentence_place = read_place(*q, 22, 23);
            c.what = r.text(27);
            if (const std::string kind = r.text(28); !kind.empty()) {
                c.figure_kind = core::parse_figure_kind(kind);
                if (!c.figure_kind) r.fail(28, fmt::format("unknown figure kind '{}'", kind));
            }
            c.change = r.text(29);
            out.push_back(std::move(c));
        }
    } catch (const DbError& e) {
        m_impl->read_failed(e);
    }
    return out;
}

std::vector<core::Event> Store::events() const {
    std::vector<core::Event> out;
    try {
        auto q = m_impl->prepare(
            "SELECT e.id, e.kind, e.date, e.time_unresolved, e.roles, e.attribution_text, "
            "e.source_class, s.text, e.start_byte, e.end_byte, d.sha256, "
            "s.placed, s.start_byte, s.end_byte, s.clip_start, s.clip_end "
            "FROM events AS e JOIN sentences AS s ON s.id = e.sentence_id "
            "JOIN documents AS d ON d.id = e.document_id ORDER BY e.id");
        const RowReader r(m_impl->name, "events", *q);
        while (q->step()) {
            core::Event e;
            e.kind = r.text(1);
            e.date = r.date(2);
            e.time_unresolved = r.integer(3) != 0;
            try {
                e.roles = nlohmann::json::parse(r.text(4)).get<std::map<std::string, std::string>>();
            } catch (const nlohmann::json::exception& ex) {
                r.fail(4, fmt::format("roles are not a JSON object of strings: {}", ex.what()));
            }
            e.attribution = r.attribution(5, 6);
            e.sentence = r.text(7);
            e.start = r.offset(8);
            e.end = r.offset(9);
            e.document = r.text(10);
            e.sentence_place = read_place(*q, 11, 12);
            out.push_back(std::move(e));
        }
    } catch (const DbError& e) {
        m_impl->read_failed(e);
    }
    return out;
}

namespace {

constexpr std::string_view DOCUMENT_COLUMNS =
    "id, path, sha256, format, title, url, publisher, published, size_bytes FROM documents";

core::DocumentInfo read_document(const RowReader& r) {
    core::DocumentInfo d;
    d.path = r.text(1);
    d.sha256 = r.text(2);
    d.format = r.text(3);
    d.title = r.text(4);
    d.url = r.text(5);
    d.publisher = r.text(6);
    d.published = r.date(7);
    d.size_bytes = r.offset(8);
    return d;
}

}  // namespace

std::vector<core::DocumentInfo> Store::documents() const {
    std::vector<core::DocumentInfo> out;
    try {
        auto q = m_impl->prepare(fmt::format("SELECT {} ORDER BY id", DOCUMENT_COLUMNS));
        const RowReader r(m_impl->name, "documents", *q);
        while (q->step()) out.push_back(read_document(r));
    } catch (const DbError& e) {
        m_impl->read_failed(e);
    }
    return out;
}

std::optional<core::DocumentInfo> Store::document(std::string_view sha256) const {
    const auto sha = normalized_sha256(sha256);
    if (!sha) return std::nullopt;
    try {
        // documents.sha256 is UNIQUE, so this is a search of its index, not a scan.
        auto q = m_impl->prepare(fmt::format("SELECT {} WHERE sha256 = ?", DOCUMENT_COLUMNS));
        q->bind_text(1, *sha);
        const RowReader r(m_impl->name, "documents", *q);
        if (q->step()) return read_document(r);
    } catch (const DbError& e) {
        m_impl->read_failed(e);
    }
    return std::nullopt;
}

core::Review Store::add_review(core::Review review) {
    Impl& im = *m_impl;
    if (review.action != core::ReviewAction::correct)
        review.value_after = review.low_after = review.high_after = std::nullopt;
    if (auto problem = core::review_problem(review))
        throw InputError(
            {im.name},
            fmt::format("cannot add the review of '{}': {}", core::printable_review_text(review.claim_key),
                        *problem),
            fmt::format("name the claim by its key, give your name (1-{} characters) and a note of "
                        "at most {} characters, as plain text without control or bidirectional "
                        "characters; a correction needs a value > 0 within its bounds",
                        core::MAX_REVIEWER_CHARS, core::MAX_NOTE_CHARS));
    review.at = im.now();
    try {
        auto ins = im.prepare(
            "INSERT INTO reviews (claim_key, action, who, at, note, value_before, low_before, "
            "high_before, value_after, low_after, high_after) VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
        ins->bind_text(1, review.claim_key);
        ins->bind_text(2, core::to_string(review.action));
        ins->bind_text(3, review.who);
        ins->bind_text(4, review.at);
        ins->bind_text(5, review.note);
        bind_optional(*ins, 6, review.value_before);
        bind_optional(*ins, 7, review.low_before);
        bind_optional(*ins, 8, review.high_before);
        bind_optional(*ins, 9, review.value_after);
        bind_optional(*ins, 10, review.low_after);
        bind_optional(*ins, 11, review.high_after);
        // One statement: atomic on its own, on both backends.
        if (!ins->step()) throw DbError("the review's row did not come back");
        review.id = ins->int64(0);
        ins->reset();
    } catch (const DbError& e) {
        throw StoreError(
            fmt::format("{}: cannot store the review of '{}': {}", im.name, review.claim_key, e.what()),
            e.busy() ? "Another reckon is writing to the store; try again."
                     : "The review was not stored; the store is as it was.");
    }
    return review;
}

std::vector<core::Review> Store::reviews(const std::optional<std::string>& claim_key) const {
    std::string sql =
        "SELECT id, claim_key, action, who, at, note, value_before, low_before, high_before, value_after, "
        "low_after, high_after FROM reviews";
    if (claim_key) sql += " WHERE claim_key = ?";
    sql += " ORDER BY id";
    std::vector<core::Review> out;
    try {
        auto q = m_impl->prepare(sql);
        if (claim_key) q->bind_text(1, *claim_key);
        const RowReader r(m_impl->name, "reviews", *q);
        while (q->step()) {
            core::Review v;
            v.id = r.integer(0);
            v.claim_key = r.text(1);
            if (auto a = core::parse_review_action(r.text(2)))
                v.action = *a;
            else
                r.fail(2, fmt::format("unknown review action '{}'", r.text(2)));
            // Rows written before add_review checked them may hold control or bidi characters.
            v.who = core::printable_review_text(r.text(3));
            v.at = r.text(4);
            v.note = core::printable_review_text(r.text(5));
            v.value_before = r.optional_real(6);
            v.low_before = r.optional_real(7);
            v.high_before = r.optional_real(8);
            v.value_after = r.optional_real(9);
            v.low_after = r.optional_real(10);
            v.high_after = r.optional_real(11);
            out.push_back(std::move(v));
        }
    } catch (const DbError& e) {
        m_impl->read_failed(e);
    }
    return out;
}

// ---- site comparisons (schema 3) ----

std::string site_polygon_key(std::string_view comparison_sha256, int polygon) {
    return fmt::format("site:{}:{}", comparison_sha256.substr(0, 16), polygon);
}

SiteResult Store::add_site_comparison(const SiteComparison& comparison) {
    Impl& im = *m_impl;
    const std::string what =
        fmt::format("the comparison of {} and {}", comparison.before_image, comparison.after_image);
    const auto sha = normalized_sha256(comparison.sha256);
    if (!sha)
        throw StoreError(fmt::format("{}: cannot store {}: its SHA-256 '{}' is not 64 hex digits", im.name,
                                     what, comparison.sha256),
                         BUG_HINT);
    auto bad_figure = [](double v) { return !std::isfinite(v) || v < 0; };
    if (!comparison.after_date.ok() || bad_figure(comparison.changed_area_m2) ||
        bad_figure(comparison.pixel_area_m2))
        throw StoreError(fmt::format("{}: cannot store {}: no date for the second image, or an area that is "
                                     "negative or not a number",
                                     im.name, what),
                         BUG_HINT);
    for (const auto& p : comparison.polygons)
        if (bad_figure(p.value) || !(p.confidence >= 0 && p.confidence <= 1) || p.polygon < 1)
            throw StoreError(fmt::format("{}: cannot store {}: polygon {} has area {} and confidence {}",
                                         im.name, what, p.polygon, p.value, p.confidence),
                             BUG_HINT);
    try {
        auto find = [&]() -> std::optional<std::int64_t> {
            auto q = im.prepare("SELECT id FROM site_comparisons WHERE sha256 = ?");
            q->bind_text(1, *sha);
            if (q->step()) return q->int64(0);
            return std::nullopt;
        };
        if (auto id = find()) return {.comparison_id = *id, .already_present = true};
        WriteTransaction tx(*im.db);
        if (auto id = find()) return {.comparison_id = *id, .already_present = true};
        auto ins = im.prepare(
            "INSERT INTO site_comparisons (sha256, site, before_image, after_image, before_date, "
            "after_date, method, threshold_rule, aoi, quicklook, pixel_area_m2, changed_area_m2, "
            "recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (sha256) DO NOTHING RETURNING id");
        ins->bind_text(1, *sha);
        ins->bind_text(2, comparison.site);
        ins->bind_text(3, comparison.before_image);
        ins->bind_text(4, comparison.after_image);
        bind_date(*ins, 5, comparison.before_date);
        bind_date(*ins, 6, comparison.after_date);
        ins->bind_text(7, comparison.method);
        ins->bind_text(8, comparison.threshold_rule);
        ins->bind_text(9, comparison.aoi);
        ins->bind_text(10, comparison.quicklook);
        ins->bind_real(11, comparison.pixel_area_m2);
        ins->bind_real(12, comparison.changed_area_m2);
        ins->bind_text(13, im.now());
        if (!ins->step()) {  // another client stored it meanwhile (PostgreSQL)
            tx.rollback();
            if (auto id = find()) return {.comparison_id = *id, .already_present = true};
            throw DbError("the comparison was stored by another client and then could not be found");
        }
        SiteResult result{.comparison_id = ins->int64(0)};
        ins->reset();
        auto obs = im.prepare(
            "INSERT INTO site_observations (comparison_id, key, polygon, metric, value, unit, "
            "change_class, confidence, pixels, geometry) VALUES (?,?,?,?,?,?,?,?,?,?)");
        for (const auto& p : comparison.polygons) {
            obs->bind_int(1, result.comparison_id);
            obs->bind_text(2, site_polygon_key(*sha, p.polygon));
            obs->bind_int(3, p.polygon);
            obs->bind_text(4, p.metric);
            obs->bind_real(5, p.value);
            obs->bind_text(6, p.unit);
            obs->bind_text(7, p.change_class);
            obs->bind_real(8, p.confidence);
            obs->bind_int(9, to_sql_int(p.pixels));
            obs->bind_text(10, p.geometry);
            obs->step();
            obs->reset();
            ++result.polygons;
        }
        tx.commit();
        return result;
    } catch (const DbError& e) {
        throw StoreError(fmt::format("{}: cannot store {}: {}", im.name, what, e.what()),
                         e.busy() ? "Another reckon is writing to the store; try again when it has finished."
                                  : "Nothing of this comparison was stored; the store is as it was.");
    }
}

std::vector<SiteComparison> Store::site_comparisons() const {
    std::vector<SiteComparison> out;
    try {
        auto q = m_impl->prepare(
            "SELECT id, sha256, site, before_image, after_image, before_date, after_date, method, "
            "threshold_rule, aoi, quicklook, pixel_area_m2, changed_area_m2, recorded_at "
            "FROM site_comparisons ORDER BY id");
        const RowReader r(m_impl->name, "site_comparisons", *q);
        std::vector<std::int64_t> ids;
        while (q->step()) {
            SiteComparison c;
            ids.push_back(r.integer(0));
            c.sha256 = r.text(1);
            c.site = r.text(2);
            c.before_image = r.text(3);
            c.after_image = r.text(4);
            c.before_date = r.date(5);
            c.after_date = r.date(6).value_or(core::Date{});
            c.method = r.text(7);
            c.threshold_rule = r.text(8);
            c.aoi = r.text(9);
            c.quicklook = r.text(10);
            c.pixel_area_m2 = r.real(11);
            c.changed_area_m2 = r.real(12);
            c.recorded_at = r.text(13);
            out.push_back(std::move(c));
        }
        auto p = m_impl->prepare(
            "SELECT id, key, polygon, metric, value, unit, change_class, confidence, pixels, "
            "geometry FROM site_observations WHERE comparison_id = ? ORDER BY polygon");
        const RowReader pr(m_impl->name, "site_observations", *p);
        for (std::size_t i = 0; i < out.size(); ++i) {
            p->bind_int(1, ids[i]);
            while (p->step()) {
                SitePolygon s;
                s.key = pr.text(1);
                s.polygon = static_cast<int>(pr.integer(2));
                s.metric = pr.text(3);
                s.value = pr.real(4);
                s.unit = pr.text(5);
                s.change_class = pr.text(6);
                s.confidence = pr.real(7);
                s.pixels = pr.offset(8);
                s.geometry = pr.text(9);
                out[i].polygons.push_back(std::move(s));
            }
            p->reset();
        }
    } catch (const DbError& e) {
        m_impl->read_failed(e);
    }
    return out;
}

}  // namespace reckon::store
