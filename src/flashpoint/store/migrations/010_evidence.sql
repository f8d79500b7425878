-- Evidence: documents and what the pipeline extracted from them (flashpoint.store.evidence).
-- doc_id is the content hash of the text (flashpoint.evidence.records.content_hash). Every record
-- carries doc_id, its sentence index and the sentence's character offsets (start_char, end_char)
-- and text; nested JSON fields of the records are flattened into prefixed columns.
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY,
    title VARCHAR,
    published DATE,
    url VARCHAR,
    source VARCHAR,
    origin VARCHAR,
    ingested_at TIMESTAMP NOT NULL,
    text VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS sentences (
    doc_id VARCHAR NOT NULL,
    sentence INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS mentions (
    doc_id VARCHAR NOT NULL,
    sentence INTEGER NOT NULL,
    start_char INTEGER NOT NULL,   -- the mention's own offsets in the document text
    end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    name VARCHAR,
    kind VARCHAR
);

CREATE TABLE IF NOT EXISTS events (
    doc_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,          -- order of the record within its document
    sentence INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    event_type VARCHAR NOT NULL,
    mode VARCHAR,
    contexts VARCHAR[],
    aux_mode VARCHAR,
    actor_code VARCHAR,
    actor_name VARCHAR,
    actor_text VARCHAR,
    recipient_code VARCHAR,
    recipient_name VARCHAR,
    recipient_text VARCHAR,
    location_name VARCHAR,
    location_country VARCHAR,
    event_date DATE,
    cameo VARCHAR
);

CREATE TABLE IF NOT EXISTS quotes (
    doc_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    speaker_name VARCHAR,
    speaker_affiliation VARCHAR,
    speaker_actor VARCHAR,
    cue VARCHAR,
    content VARCHAR,
    direct BOOLEAN
);

CREATE TABLE IF NOT EXISTS forecasts (
    doc_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    predictor_name VARCHAR,
    predictor_affiliation VARCHAR,
    predictor_actor VARCHAR,
    proposition VARCHAR,
    polarity VARCHAR,
    probability DOUBLE,
    probability_text VARCHAR,
    horizon_text VARCHAR,
    horizon_start DATE,
    horizon_end DATE,
    event_type VARCHAR,
    event_actor VARCHAR,
    event_recipient VARCHAR
);
