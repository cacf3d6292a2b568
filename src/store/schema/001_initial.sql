-- Schema 1 of the reckon evidence store: documents, the claims and events found in them.
-- Applied inside the migration transaction by src/store/store.cpp; do not add BEGIN/COMMIT.
-- Dates are ISO text (YYYY-MM-DD) so they read as dates in sqlite3 and pandas; values are
-- in the canonical unit named by the row's `unit`. docs/store.md is the analysts' guide.

-- "rckn": lets reckon (and `file`) tell its stores from other SQLite databases.
PRAGMA application_id = 1919118190;

CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL            -- UTC, ISO 8601
);

CREATE TABLE IF NOT EXISTS documents (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL UNIQUE
                CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    path        TEXT NOT NULL,           -- as the user gave it when ingesting
    format      TEXT NOT NULL,           -- text | html | pdf
    title       TEXT NOT NULL DEFAULT '',
    url         TEXT NOT NULL DEFAULT '',
    publisher   TEXT NOT NULL DEFAULT '',
    published   TEXT CHECK (published IS NULL OR published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    size_bytes  INTEGER NOT NULL CHECK (size_bytes >= 0),
    ingested_at TEXT NOT NULL            -- UTC, ISO 8601
);

CREATE TABLE IF NOT EXISTS claims (
    id               INTEGER PRIMARY KEY,  -- ascending in ingest order
    document_id      INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    metric           TEXT NOT NULL,
    subject          TEXT NOT NULL DEFAULT '',
    object           TEXT NOT NULL DEFAULT '',
    value            REAL NOT NULL,
    low              REAL,
    high             REAL,
    unit             TEXT NOT NULL,
    qualifier        TEXT NOT NULL
                     CHECK (qualifier IN ('exact', 'approx', 'over', 'under', 'range', 'average')),
    period_first     TEXT CHECK (period_first IS NULL OR period_first GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    period_last      TEXT CHECK (period_last IS NULL OR period_last GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    time_unresolved  INTEGER NOT NULL DEFAULT 0 CHECK (time_unresolved IN (0, 1)),
    said_first       TEXT CHECK (said_first IS NULL OR said_first GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    said_last        TEXT CHECK (said_last IS NULL OR said_last GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    due              TEXT CHECK (due IS NULL OR due GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    attribution_text TEXT NOT NULL DEFAULT '',
    source_class     TEXT NOT NULL
                     CHECK (source_class IN ('official', 'intelligence', 'analyst', 'company', 'media',
                                             'unattributed')),
    quantity_text    TEXT NOT NULL,
    sentence         TEXT NOT NULL,
    start_byte       INTEGER NOT NULL CHECK (start_byte >= 0),
    end_byte         INTEGER NOT NULL CHECK (end_byte >= start_byte),
    CHECK ((period_first IS NULL) = (period_last IS NULL)),
    CHECK ((said_first IS NULL) = (said_last IS NULL))
);
CREATE INDEX IF NOT EXISTS claims_metric_subject ON claims (metric, subject);
CREATE INDEX IF NOT EXISTS claims_subject ON claims (subject);
CREATE INDEX IF NOT EXISTS claims_document ON claims (document_id);

CREATE TABLE IF NOT EXISTS events (
    id               INTEGER PRIMARY KEY,  -- ascending in ingest order
    document_id      INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    date             TEXT CHECK (date IS NULL OR date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    time_unresolved  INTEGER NOT NULL DEFAULT 0 CHECK (time_unresolved IN (0, 1)),
    roles            TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(roles)),  -- JSON object
    attribution_text TEXT NOT NULL DEFAULT '',
    source_class     TEXT NOT NULL
                     CHECK (source_class IN ('official', 'intelligence', 'analyst', 'company', 'media',
                                             'unattributed')),
    sentence         TEXT NOT NULL,
    start_byte       INTEGER NOT NULL CHECK (start_byte >= 0),
    end_byte         INTEGER NOT NULL CHECK (end_byte >= start_byte)
);
CREATE INDEX IF NOT EXISTS events_kind_date ON events (kind, date);
CREATE INDEX IF NOT EXISTS events_document ON events (document_id);

-- Each claim with the document it came from, for analysts who want one flat table.
CREATE VIEW IF NOT EXISTS claim_sources AS
SELECT c.*, d.sha256, d.path, d.title, d.url, d.publisher, d.published
FROM claims AS c JOIN documents AS d ON d.id = c.document_id;
