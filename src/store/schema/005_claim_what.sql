-- Schema 5: what each figure counts or measures, as written ("Shahed-type drones", "rounds of
-- ammunition"; issue 11). Claims stored by an older reckon keep '' (their words were not read
-- for it). The flat view gains the column after `object`.
ALTER TABLE claims ADD COLUMN what TEXT NOT NULL DEFAULT '';

DROP VIEW IF EXISTS claim_sources;
CREATE VIEW claim_sources AS
SELECT c.id, c.document_id, c.metric, c.subject, c.object, c.what, c.value, c.low, c.high, c.unit, c.qualifier,
       c.period_first, c.period_last, c.time_unresolved, c.said_first, c.said_last, c.due,
       c.attribution_text, c.source_class, c.quantity_text, s.text AS sentence, c.start_byte, c.end_byte,
       d.sha256, d.path, d.title, d.url, d.publisher, d.published,
       c.sentence_id, s.start_byte AS sentence_start, s.end_byte AS sentence_end,
       s.clip_start AS sentence_clip_start, s.clip_end AS sentence_clip_end
FROM claims AS c JOIN sentences AS s ON s.id = c.sentence_id JOIN documents AS d ON d.id = c.document_id;
