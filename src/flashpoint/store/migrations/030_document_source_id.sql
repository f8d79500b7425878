-- The input's own id for a document (issue 13): a JSONL line's "id", a feed entry's id, else where it
-- was read from (file path, path:line, "-"). Every record listed from the store carries it as source_id.
-- Documents stored before this migration get their origin, the same default a new document gets when
-- its input has no id.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS source_id VARCHAR;
UPDATE documents SET source_id = origin WHERE source_id IS NULL;
