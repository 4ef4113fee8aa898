-- Observations without per-row foreign-key checks. Every id an import writes is one it has just
-- read or created in the same transaction (the indicator's, the dataset's), so the two parent
-- lookups SQLite made for each row (about a sixth of an import's work) checked nothing. What the
-- foreign key did on a dataset's removal — remove its observations — a trigger does. (An index
-- on dataset_id would make that removal a range scan, but cost every import a fifth more; a
-- dataset is removed far more rarely than one is imported.) Each dataset keeps its count of
-- observations, kept up to date by the import, so listing datasets reads no observations.
CREATE TABLE observation_new (
    indicator_id INTEGER NOT NULL,
    ods_code     TEXT NOT NULL,
    period       TEXT NOT NULL,
    value        REAL,
    numerator    REAL,
    base         REAL,
    category     TEXT,
    missing      TEXT,
    dataset_id   INTEGER NOT NULL,
    source_row   INTEGER NOT NULL,
    PRIMARY KEY (indicator_id, ods_code, period)
) WITHOUT ROWID;
INSERT INTO observation_new SELECT indicator_id, ods_code, period, value, numerator, base, category, missing, dataset_id, source_row FROM observation;
DROP TABLE observation;
ALTER TABLE observation_new RENAME TO observation;
CREATE TRIGGER dataset_takes_its_observations AFTER DELETE ON dataset
BEGIN
    DELETE FROM observation WHERE dataset_id = old.id;
END;

ALTER TABLE dataset ADD COLUMN observations INTEGER NOT NULL DEFAULT 0;
CREATE TEMP TABLE observation_counts AS
    SELECT dataset_id, count(*) AS n FROM observation GROUP BY dataset_id;
UPDATE dataset SET observations = coalesce(
    (SELECT n FROM temp.observation_counts c WHERE c.dataset_id = dataset.id), 0);
DROP TABLE temp.observation_counts;
