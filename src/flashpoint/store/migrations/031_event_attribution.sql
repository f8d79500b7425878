-- Whether the text asserts an event (NULL), or someone in it reports ('reported') or wants ('desired') it
-- (issue 13; flashpoint.evidence.attribution). Events stored before this migration stay NULL.
ALTER TABLE events ADD COLUMN IF NOT EXISTS attribution VARCHAR;
