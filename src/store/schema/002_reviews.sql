-- Schema 2: analysts' reviews of claims, kept as history. A review is never updated or
-- deleted; the latest one per claim_key counts. claim_key is the estimate's stable key of a
-- claim (a claims-CSV row or a stored document's claim), so reviews survive re-ingesting.
CREATE TABLE IF NOT EXISTS reviews (
    id           INTEGER PRIMARY KEY,      -- ascending: the order reviews were made in
    claim_key    TEXT NOT NULL CHECK (length(claim_key) BETWEEN 1 AND 200),
    action       TEXT NOT NULL CHECK (action IN ('accept', 'reject', 'correct')),
    who          TEXT NOT NULL CHECK (length(who) BETWEEN 1 AND 100),
    at           TEXT NOT NULL,            -- UTC, ISO 8601
    note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    value_before REAL,
    low_before   REAL,
    high_before  REAL,
    value_after  REAL,
    low_after    REAL,
    high_after   REAL,
    CHECK (action <> 'correct' OR value_after IS NOT NULL)
);
CREATE INDEX IF NOT EXISTS reviews_claim ON reviews (claim_key, id);

CREATE TRIGGER IF NOT EXISTS reviews_are_history_no_update BEFORE UPDATE ON reviews
BEGIN SELECT RAISE(ABORT, 'reviews are history: add a new review instead of changing one'); END;
CREATE TRIGGER IF NOT EXISTS reviews_are_history_no_delete BEFORE DELETE ON reviews
BEGIN SELECT RAISE(ABORT, 'reviews are history: they are never deleted'); END;
