-- Boardlens schema, version 1. Long format: a new national dataset is rows, not schema.

-- One imported file: its provenance and the facts of its import.
CREATE TABLE dataset (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL,            -- dataset family, e.g. dspt_trusts, dma_pillars
    title       TEXT NOT NULL,
    publisher   TEXT NOT NULL,
    period      TEXT NOT NULL,            -- 2025, 2022-23, 2021-2024, 2025-07
    licence     TEXT NOT NULL,
    source      TEXT NOT NULL,            -- web address or file name
    sha256      TEXT NOT NULL UNIQUE,
    imported_at TEXT NOT NULL,            -- RFC 3339, UTC
    synthetic   INTEGER NOT NULL CHECK (synthetic IN (0, 1)),
    bundled     INTEGER NOT NULL CHECK (bundled IN (0, 1)),
    adapter     TEXT NOT NULL,
    rows_read   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (key, period)
);

-- Who is who: ODS reference data (trusts, ICBs, sub-ICB locations, regions).
CREATE TABLE organisation (
    ods_code    TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('trust', 'icb', 'sub_icb', 'region')),
    trust_type  TEXT,                     -- Acute, Mental health, Community, Ambulance, Care trust
    region_code TEXT,
    icb_code    TEXT,
    postcode    TEXT,
    open_date   TEXT,
    close_date  TEXT,
    successor   TEXT,
    dataset_id  INTEGER REFERENCES dataset (id) ON DELETE SET NULL
);

-- Names and old names of organisations, normalised (see names::normalise), for name-keyed files.
CREATE TABLE org_alias (
    alias      TEXT NOT NULL,
    ods_code   TEXT NOT NULL,
    name       TEXT NOT NULL,             -- as written in the source
    dataset_id INTEGER NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    PRIMARY KEY (alias, ods_code, dataset_id)
);

-- Groupings an organisation belongs to in a period: the survey's benchmarking group, the ERIC
-- size group, the DMA peer group.
CREATE TABLE org_classification (
    ods_code   TEXT NOT NULL,
    scheme     TEXT NOT NULL,             -- nss_benchmarking_group, eric_org_type, dma_peer_group, ...
    period     TEXT NOT NULL,
    value      TEXT NOT NULL,
    dataset_id INTEGER NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    PRIMARY KEY (ods_code, scheme, period)
);

-- What is measured. Keys are global so a series spans datasets (DSPT status over three files).
CREATE TABLE indicator (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,     -- dma.acute.safe_practice, nss.burned_out, dspt.status
    dataset_key TEXT NOT NULL,            -- the dataset family that defines it
    label       TEXT NOT NULL,
    grp         TEXT NOT NULL,            -- e.g. "DMA pillars (acute)", "Staff wellbeing"
    unit        TEXT NOT NULL CHECK (unit IN ('score', 'percent', 'count', 'gbp', 'm2', 'category', 'number')),
    polarity    TEXT NOT NULL CHECK (polarity IN ('higher_is_better', 'lower_is_better', 'no_judgement'))
);

-- One value: an organisation's indicator in a period, traceable to its dataset and source row.
-- A missing value is a row with value NULL and the reason in `missing`, never a zero.
CREATE TABLE observation (
    indicator_id INTEGER NOT NULL REFERENCES indicator (id),
    ods_code     TEXT NOT NULL,
    period       TEXT NOT NULL,
    value        REAL,
    numerator    REAL,
    base         REAL,
    category     TEXT,
    missing      TEXT,
    dataset_id   INTEGER NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    source_row   INTEGER NOT NULL,
    PRIMARY KEY (indicator_id, ods_code, period)
) WITHOUT ROWID;

-- CREATE INDEX observation_by_dataset ON observation (dataset_id);
CREATE INDEX alias_by_dataset ON org_alias (dataset_id);
CREATE INDEX classification_by_dataset ON org_classification (dataset_id);
