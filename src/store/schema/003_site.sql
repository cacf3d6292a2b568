-- Schema 3: site change measured on satellite images (`reckon site compare --store`). One row
-- per comparison of two images of a site, and one observation per candidate polygon of changed
-- ground: its area on the WGS84 ellipsoid in m2 (metric floor_area), dated by the second
-- image, with its class, confidence and geometry. Analysts review a polygon like a claim: the
-- reviews table holds reviews of its key "site:<16 hex of the comparison>:<n>". Additive:
-- stores of schema 1 and 2 gain these tables empty; nothing in them is changed.
CREATE TABLE IF NOT EXISTS site_comparisons (
    id              INTEGER PRIMARY KEY,   -- ascending in the order comparisons were stored
    sha256          TEXT NOT NULL UNIQUE   -- of the image files' bytes, the method and the AOI
                    CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    site            TEXT NOT NULL DEFAULT '',
    before_image    TEXT NOT NULL,         -- paths as the user gave them
    after_image     TEXT NOT NULL,
    before_date     TEXT CHECK (before_date IS NULL OR before_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    after_date      TEXT NOT NULL CHECK (after_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    method          TEXT NOT NULL,
    threshold_rule  TEXT NOT NULL DEFAULT '',
    aoi             TEXT NOT NULL DEFAULT '',  -- the AOI file, or '' for the whole overlap
    quicklook       TEXT NOT NULL DEFAULT '',  -- overlay.png written beside the polygons
    pixel_area_m2   REAL NOT NULL DEFAULT 0 CHECK (pixel_area_m2 >= 0),
    changed_area_m2 REAL NOT NULL CHECK (changed_area_m2 >= 0),
    recorded_at     TEXT NOT NULL          -- UTC, ISO 8601
);

CREATE TABLE IF NOT EXISTS site_observations (
    id            INTEGER PRIMARY KEY,
    comparison_id INTEGER NOT NULL REFERENCES site_comparisons (id) ON DELETE CASCADE,
    key           TEXT NOT NULL UNIQUE CHECK (length(key) BETWEEN 1 AND 200),
    polygon       INTEGER NOT NULL CHECK (polygon >= 1),  -- 1 = the largest
    metric        TEXT NOT NULL DEFAULT 'floor_area',
    value         REAL NOT NULL CHECK (value >= 0),        -- area in `unit`
    unit          TEXT NOT NULL DEFAULT 'm2',
    change_class  TEXT NOT NULL DEFAULT 'other',
    confidence    REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    pixels        INTEGER NOT NULL CHECK (pixels >= 0),
    geometry      TEXT NOT NULL CHECK (json_valid(geometry)),  -- GeoJSON geometry, WGS84 lon/lat
    UNIQUE (comparison_id, polygon)
);
CREATE INDEX IF NOT EXISTS site_observations_comparison ON site_observations (comparison_id, polygon);

-- What was stored is never lost: measurements are added, never changed or deleted.
CREATE TRIGGER IF NOT EXISTS site_comparisons_no_update BEFORE UPDATE ON site_comparisons
BEGIN SELECT RAISE(ABORT, 'site comparisons are kept as measured: store a new comparison instead'); END;
CREATE TRIGGER IF NOT EXISTS site_comparisons_no_delete BEFORE DELETE ON site_comparisons
BEGIN SELECT RAISE(ABORT, 'site comparisons are never deleted'); END;
CREATE TRIGGER IF NOT EXISTS site_observations_no_update BEFORE UPDATE ON site_observations
BEGIN SELECT RAISE(ABORT, 'site observations are kept as measured: review them instead'); END;
CREATE TRIGGER IF NOT EXISTS site_observations_no_delete BEFORE DELETE ON site_observations
BEGIN SELECT RAISE(ABORT, 'site observations are never deleted'); END;
