-- What a published table's title block says about it (NHS England's statistics put
-- `Published:`, `Revised:` and `Status:` lines above the table), as written.
ALTER TABLE dataset ADD COLUMN published TEXT;
ALTER TABLE dataset ADD COLUMN revised TEXT;
ALTER TABLE dataset ADD COLUMN status TEXT;
