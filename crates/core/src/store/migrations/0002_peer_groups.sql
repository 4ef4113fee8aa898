-- Named peer groups a user saved, reusable by name (`--peers "Our 10"`).
CREATE TABLE peer_group (
    name       TEXT PRIMARY KEY,
    trust      TEXT NOT NULL,             -- the trust it was made for
    method     TEXT NOT NULL,             -- the spec it was made with: type, nearest:10, list:...
    created_at TEXT NOT NULL
);

CREATE TABLE peer_group_member (
    name     TEXT NOT NULL REFERENCES peer_group (name) ON DELETE CASCADE ON UPDATE CASCADE,
    ods_code TEXT NOT NULL,
    reason   TEXT NOT NULL,
    PRIMARY KEY (name, ods_code)
);
