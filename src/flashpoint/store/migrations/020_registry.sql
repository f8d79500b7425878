-- The forecast registry (issue 5): questions, forecasters, forecasts, resolutions with history, links.
-- Named apart from evidence's `forecasts` table (statements extracted from articles).

CREATE TABLE IF NOT EXISTS forecasters (
    forecaster_id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,              -- model | expert | user | crowd
    name VARCHAR,
    affiliation VARCHAR,
    actor VARCHAR,
    created_at TIMESTAMP DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS questions (
    question_id VARCHAR PRIMARY KEY,
    text VARCHAR NOT NULL,
    resolution_criteria VARCHAR,
    start_date DATE,                    -- the date a horizon counts from (a scenario's as_of)
    horizon_months INTEGER,
    resolution_date DATE,               -- the close: given, or start_date + horizon_months
    source VARCHAR NOT NULL,            -- e.g. scenario:kursk-2024-11, user, forecastbench/dataset
    tags VARCHAR[],
    actors VARCHAR[],
    event_type VARCHAR,                 -- PLOVER event type, UPPERCASE
    url VARCHAR,
    created_at TIMESTAMP DEFAULT current_timestamp
);

CREATE SEQUENCE IF NOT EXISTS registry_forecast_seq START 1;

CREATE TABLE IF NOT EXISTS registry_forecasts (
    forecast_id BIGINT PRIMARY KEY DEFAULT nextval('registry_forecast_seq'),
    question_id VARCHAR,                -- null for an expert statement not (yet) tied to a question
    forecaster_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,              -- model | expert | user | crowd
    probability DOUBLE,                 -- P(yes) for a question; P(proposition) for a statement; null if unstated
    probability_text VARCHAR,           -- the words, e.g. 'very little chance'
    made_at DATE,                       -- null: undated, never scored
    proposition VARCHAR,
    polarity VARCHAR,                   -- positive | negative (statements)
    horizon_text VARCHAR,
    horizon_start DATE,
    horizon_end DATE,
    event_type VARCHAR,
    event_actor VARCHAR,
    event_recipient VARCHAR,
    run_id VARCHAR,                     -- provenance of a model forecast
    doc_id VARCHAR,                     -- provenance of an expert forecast: document, sentence, offsets
    sentence INTEGER,
    char_start INTEGER,
    char_end INTEGER,
    sentence_text VARCHAR,
    origin VARCHAR,                     -- where it came from: run, evidence, cli, import:<file>, forecastbench
    note VARCHAR,
    source_key VARCHAR NOT NULL UNIQUE, -- idempotency key: a second import of the same forecast is a no-op
    created_at TIMESTAMP DEFAULT current_timestamp
);

CREATE SEQUENCE IF NOT EXISTS resolution_seq START 1;

-- Every resolution ever entered is kept; the current one is the latest row of a question.
CREATE TABLE IF NOT EXISTS resolutions (
    resolution_id BIGINT PRIMARY KEY DEFAULT nextval('resolution_seq'),
    question_id VARCHAR NOT NULL,
    outcome VARCHAR NOT NULL,           -- yes | no | annulled | ambiguous | provisional
    value DOUBLE,                       -- 1 yes, 0 no, null annulled/ambiguous, the crowd value if provisional
    resolved_on DATE NOT NULL,
    source VARCHAR,                     -- citation (URL)
    note VARCHAR,
    amends BIGINT,                      -- the resolution_id this one replaces
    reason VARCHAR,                     -- why it was amended
    recorded_at TIMESTAMP DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS question_links (
    forecast_id BIGINT NOT NULL,
    question_id VARCHAR NOT NULL,
    score DOUBLE NOT NULL,
    relation VARCHAR NOT NULL,          -- same: question yes = proposition true; negated: the opposite
    status VARCHAR NOT NULL,            -- proposed | accepted
    details VARCHAR,                    -- JSON: the match components
    created_at TIMESTAMP DEFAULT current_timestamp,
    accepted_at TIMESTAMP,
    PRIMARY KEY (forecast_id, question_id)
);
