-- Core: one row per stored simulation run and one per question result.
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY,
    created_at TIMESTAMP NOT NULL,
    scenario_id VARCHAR NOT NULL,
    scenario_sha256 VARCHAR NOT NULL,
    as_of DATE NOT NULL,
    seed BIGINT NOT NULL,
    worlds INTEGER NOT NULL,
    months INTEGER NOT NULL,
    step VARCHAR NOT NULL,
    engine_version VARCHAR NOT NULL,
    package_versions VARCHAR NOT NULL,  -- JSON object: package -> version
    overrides VARCHAR NOT NULL,         -- JSON object: --set path -> value ({} for none)
    interval_method VARCHAR NOT NULL,
    elapsed_s DOUBLE NOT NULL
);
CREATE TABLE IF NOT EXISTS run_questions (
    run_id VARCHAR NOT NULL,
    question_id VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    horizon_months INTEGER NOT NULL,
    probability DOUBLE NOT NULL,
    stderr DOUBLE NOT NULL,
    ci90_lo DOUBLE NOT NULL,
    ci90_hi DOUBLE NOT NULL,
    PRIMARY KEY (run_id, question_id)
);
