-- Registry (issue 14): forecasts and resolutions are timestamped, so that only a forecast made strictly before the
-- resolution's time (or the question's close) counts; a bare date is midnight (UTC, naive). Each model run carries
-- its configuration (scenario hash, engine version, overrides, worlds), so that configurations can be compared.
ALTER TABLE registry_forecasts ALTER COLUMN made_at TYPE TIMESTAMP;
ALTER TABLE resolutions ALTER COLUMN resolved_on TYPE TIMESTAMP;
ALTER TABLE registry_forecasts ADD COLUMN IF NOT EXISTS model_config VARCHAR;

CREATE TABLE IF NOT EXISTS model_configs (
    config_id VARCHAR PRIMARY KEY,      -- sha256 of the four fields below, first 12 hex digits
    forecaster_id VARCHAR NOT NULL,
    scenario_id VARCHAR NOT NULL,
    scenario_sha256 VARCHAR NOT NULL,
    engine_version VARCHAR NOT NULL,
    overrides VARCHAR NOT NULL,         -- JSON, keys sorted
    worlds BIGINT NOT NULL,
    created_at TIMESTAMP DEFAULT current_timestamp
);
