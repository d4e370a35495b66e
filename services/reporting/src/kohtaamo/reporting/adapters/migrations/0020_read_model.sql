-- Which read model reporting serves: the schema of its facts and the consumer group that
-- fills it. `kohtaamo rebuild reporting` fills a new schema with a new group side by side,
-- and switches this one row when the figures agree; a running reporting follows it.
-- Only the rows in reporting's own schema (REPORTING_DATABASE_SCHEMA) count; the copies a
-- rebuild schema gets from the same migrations stay empty. No row: the own schema itself,
-- with REPORTING_CONSUMER_GROUP (generation 0).
CREATE TABLE read_model_active (
    singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    generation     integer NOT NULL CHECK (generation > 0),
    schema_name    text NOT NULL,
    consumer_group text NOT NULL,  -- without KAFKA_TOPIC_PREFIX
    switched_at    timestamptz NOT NULL DEFAULT now()
);

-- Every rebuild: its schema and group, what it replaced, how it ended.
CREATE TABLE read_model_rebuilds (
    generation     integer PRIMARY KEY CHECK (generation > 0),
    schema_name    text NOT NULL UNIQUE,
    consumer_group text NOT NULL UNIQUE,
    replaces       integer NOT NULL,  -- the generation active when it started
    state          text NOT NULL CHECK (state IN ('RUNNING', 'SWITCHED', 'REFUSED', 'FAILED')),
    started_at     timestamptz NOT NULL DEFAULT now(),
    finished_at    timestamptz,
    detail         text,
    cleaned_at     timestamptz  -- its schema dropped by `kohtaamo rebuild cleanup`
);

-- When the schema's own tables (generation 0) were dropped by a cleanup.
CREATE TABLE read_model_own_cleaned (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    cleaned_at timestamptz NOT NULL DEFAULT now()
);
