-- Quantities (issue 11): reported numbers with unit and qualifier, attached to the flow they describe
-- (flashpoint.evidence.quantities). Same provenance columns as the other evidence records.
CREATE TABLE IF NOT EXISTS quantities (
    doc_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    span VARCHAR NOT NULL,          -- the words read, e.g. 'more than 10,000 soldiers'
    value DOUBLE NOT NULL,          -- the number (a range's lower number)
    high DOUBLE,                    -- a range's upper number ('10,000 to 12,000 soldiers'), else null
    unit VARCHAR NOT NULL,          -- soldiers, brigades, ships, usd, percent, ...
    category VARCHAR NOT NULL,      -- troops | money | ships | aircraft | drones | munitions | vehicles | share
    qualifier VARCHAR NOT NULL,     -- exact | range | about | at_least | up_to
    increment BOOLEAN NOT NULL,     -- adds to an earlier number ('3,000 more')
    actor VARCHAR,                  -- the sender (actor code)
    recipient VARCHAR,
    event_type VARCHAR
);
