-- Schema 4: each sentence stored once per document (issue 12). A claim or event refers to its
-- sentence by sentence_id instead of carrying its own copy, so a sentence with four figures is
-- stored once and a long run-on sentence costs its clips, not its length times its figures.
-- start_byte/end_byte: the whole sentence in the document's text; clip_start/clip_end: the
-- bytes `text` shows (the same, unless a long sentence was clipped around a figure, when `text`
-- marks each cut with "…"). placed = 1: the extractor gave the span; placed = 0: the store's
-- best guess (rows migrated from schema 3, claims made without a span: docs/store.md).
-- Existing stores migrate here, in the migration transaction: each distinct sentence of a
-- document becomes one row, and claims and events are rebuilt without their `sentence`
-- column (SQLite 3.35+ could DROP COLUMN; a rebuild also makes sentence_id NOT NULL).

CREATE TABLE sentences (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start_byte  INTEGER NOT NULL CHECK (start_byte >= 0),
    end_byte    INTEGER NOT NULL CHECK (end_byte >= start_byte),
    clip_start  INTEGER NOT NULL CHECK (clip_start >= start_byte),
    clip_end    INTEGER NOT NULL CHECK (clip_end >= clip_start AND clip_end <= end_byte),
    placed      INTEGER NOT NULL DEFAULT 1 CHECK (placed IN (0, 1)),
    text        TEXT NOT NULL
);
CREATE INDEX sentences_document ON sentences (document_id);
-- A placed sentence (or clip of one) is stored once per document.
CREATE UNIQUE INDEX sentences_place ON sentences (document_id, start_byte, end_byte, clip_start, clip_end)
    WHERE placed = 1;

DROP VIEW IF EXISTS claim_sources;

-- Old rows: one sentence per document and text. Its span, as well as it can be known without
-- the document's text: the event's (an event's span is its sentence's), else from the first
-- figure's start to the last figure's end.
INSERT INTO sentences (document_id, start_byte, end_byte, clip_start, clip_end, placed, text)
SELECT document_id, min(start_byte), max(end_byte), min(start_byte), max(end_byte), 0, sentence
FROM (SELECT document_id, start_byte, end_byte, sentence FROM events
      UNION ALL
      SELECT document_id, start_byte, end_byte, sentence FROM claims)
GROUP BY document_id, sentence
ORDER BY document_id, min(start_byte);

CREATE TABLE claims_v4 (
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
    start_byte       INTEGER NOT NULL CHECK (start_byte >= 0),  -- of quantity_text
    end_byte         INTEGER NOT NULL CHECK (end_byte >= start_byte),
    sentence_id      INTEGER NOT NULL REFERENCES sentences (id) ON DELETE CASCADE,
    CHECK ((period_first IS NULL) = (period_last IS NULL)),
    CHECK ((said_first IS NULL) = (said_last IS NULL))
);
INSERT INTO claims_v4 (id, document_id, metric, subject, object, value, low, high, unit, qualifier,
                       period_first, period_last, time_unresolved, said_first, said_last, due,
                       attribution_text, source_class, quantity_text, start_byte, end_byte, sentence_id)
SELECT c.id, c.document_id, c.metric, c.subject, c.object, c.value, c.low, c.high, c.unit, c.qualifier,
       c.period_first, c.period_last, c.time_unresolved, c.said_first, c.said_last, c.due,
       c.attribution_text, c.source_class, c.quantity_text, c.start_byte, c.end_byte, s.id
FROM claims AS c JOIN sentences AS s ON s.document_id = c.document_id AND s.text = c.sentence;
DROP TABLE claims;
ALTER TABLE claims_v4 RENAME TO claims;
CREATE INDEX claims_metric_subject ON claims (metric, subject);
CREATE INDEX claims_subject ON claims (subject);
CREATE INDEX claims_document ON claims (document_id);
CREATE INDEX claims_sentence ON claims (sentence_id);

CREATE TABLE events_v4 (
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
    start_byte       INTEGER NOT NULL CHECK (start_byte >= 0),  -- of the sentence (or the piece read)
    end_byte         INTEGER NOT NULL CHECK (end_byte >= start_byte),
    sentence_id      INTEGER NOT NULL REFERENCES sentences (id) ON DELETE CASCADE
);
INSERT INTO events_v4 (id, document_id, kind, date, time_unresolved, roles, attribution_text, source_class,
                       start_byte, end_byte, sentence_id)
SELECT e.id, e.document_id, e.kind, e.date, e.time_unresolved, e.roles, e.attribution_text, e.source_class,
       e.start_byte, e.end_byte, s.id
FROM events AS e JOIN sentences AS s ON s.document_id = e.document_id AND s.text = e.sentence;
DROP TABLE events;
ALTER TABLE events_v4 RENAME TO events;
CREATE INDEX events_kind_date ON events (kind, date);
CREATE INDEX events_document ON events (document_id);
CREATE INDEX events_sentence ON events (sentence_id);

-- Each claim with its sentence and the document it came from, for analysts who want one flat
-- table: the columns of schema 3's view (`sentence` now from the sentences table), then the
-- sentence's place.
CREATE VIEW claim_sources AS
SELECT c.id, c.document_id, c.metric, c.subject, c.object, c.value, c.low, c.high, c.unit, c.qualifier,
       c.period_first, c.period_last, c.time_unresolved, c.said_first, c.said_last, c.due,
       c.attribution_text, c.source_class, c.quantity_text, s.text AS sentence, c.start_byte, c.end_byte,
       d.sha256, d.path, d.title, d.url, d.publisher, d.published,
       c.sentence_id, s.start_byte AS sentence_start, s.end_byte AS sentence_end,
       s.clip_start AS sentence_clip_start, s.clip_end AS sentence_clip_end
FROM claims AS c JOIN sentences AS s ON s.id = c.sentence_id JOIN documents AS d ON d.id = c.document_id;
