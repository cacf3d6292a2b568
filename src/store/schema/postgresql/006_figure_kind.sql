-- Schema 6 on PostgreSQL, as ../006_figure_kind.sql: what each figure states (issue 11, item 3) and, for growth, its direction
-- (item 4). figure_kind is 'actual', 'target' or 'capability', '' where it was not read (claims
-- stored by an older reckon, claims from a CSV file); change is 'up' or 'down' for a growth
-- figure, else ''. The flat view gains both after `what`.
ALTER TABLE claims ADD COLUMN figure_kind TEXT NOT NULL DEFAULT ''
    CHECK (figure_kind IN ('', 'actual', 'target', 'capability'));
ALTER TABLE claims ADD COLUMN change TEXT NOT NULL DEFAULT '' CHECK (change IN ('', 'up', 'down'));

DROP VIEW IF EXISTS claim_sources;
CREATE VIEW claim_sources AS
SELECT c.id, c.document_id, c.metric, c.subject, c.object, c.what, c.figure_kind, c.change, c.value, c.low,
       c.high, c.unit, c.qualifier, c.period_first, c.period_last, c.time_unresolved, c.said_first, c.said_last,
       c.due, c.attribution_text, c.source_class, c.quantity_text, s.text AS sentence, c.start_byte, c.end_byte,
       d.sha256, d.path, d.title, d.url, d.publisher, d.published,
       c.sentence_id, s.start_byte AS sentence_start, s.end_byte AS sentence_end,
       s.clip_start AS sentence_clip_start, s.clip_end AS sentence_clip_end
FROM claims AS c JOIN sentences AS s ON s.id = c.sentence_id JOIN documents AS d ON d.id = c.document_id;
