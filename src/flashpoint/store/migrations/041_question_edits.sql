-- Registry (issue 14): `flashpoint questions edit` and `questions close` change a question in place; every change
-- is kept here (the field, its old and new value as JSON, why), so nothing stored is lost.
CREATE SEQUENCE IF NOT EXISTS question_edit_seq START 1;

CREATE TABLE IF NOT EXISTS question_edits (
    edit_id BIGINT PRIMARY KEY DEFAULT nextval('question_edit_seq'),
    question_id VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    old_value VARCHAR,                  -- JSON
    new_value VARCHAR,                  -- JSON
    reason VARCHAR,
    edited_at TIMESTAMP DEFAULT current_timestamp
);
