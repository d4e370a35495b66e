-- Every integration event applied, once: the idempotency record.
CREATE TABLE processed_events (
    event_id     uuid PRIMARY KEY,
    event_type   text NOT NULL,
    topic        text NOT NULL,
    partition    integer NOT NULL,
    "offset"     bigint NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);

-- One row per registered client (pseudonymous id, coded categories only).
CREATE TABLE fact_client_registration (
    client_id         uuid PRIMARY KEY,
    organisation_id   text NOT NULL,
    project_id        text,
    registered_on     date NOT NULL,
    municipality_code text NOT NULL,
    referral_source   text NOT NULL,
    age_band          text NOT NULL,
    recorded_at       timestamptz NOT NULL,
    voided_at         timestamptz
);
