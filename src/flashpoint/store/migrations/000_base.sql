-- Base: a key/value table for store metadata.
CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);
INSERT INTO meta VALUES ('schema', 'flashpoint') ON CONFLICT DO NOTHING;
