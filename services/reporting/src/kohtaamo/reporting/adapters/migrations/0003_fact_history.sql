-- Facts with their history: append-only tables, one per event family. A void, an end, a
-- cancellation or a correction is a new row with its own recorded_at, so that any past
-- moment can be evaluated again ("as known at T": recorded_at <= T).
--
-- Every fact table has the same provenance columns:
--   event_id        the integration event (also in processed_events)
--   organisation_id, project_id   from the envelope
--   effective_date  the payload's date, or the Europe/Helsinki date of occurred_at
--   recorded_at     the envelope's recorded_at: when the fact became known
--   src_topic, src_partition, src_offset   where on Kafka it was read

-- The first table kept one mutable row per client; its history cannot be recovered, so a
-- deployment that had it rebuilds from the topics (a new consumer group into a new schema).
DROP TABLE fact_client_registration;

CREATE TABLE fact_registrations (
    event_id          uuid PRIMARY KEY,
    client_id         uuid NOT NULL,
    municipality_code text NOT NULL,
    referral_source   text NOT NULL,
    gender            text,
    age_band          text NOT NULL,
    age_band_detail   text,
    organisation_id   text NOT NULL,
    project_id        text,
    effective_date    date NOT NULL,
    recorded_at       timestamptz NOT NULL,
    src_topic         text NOT NULL,
    src_partition     integer NOT NULL,
    src_offset        bigint NOT NULL
);
CREATE INDEX fact_registrations_scope ON fact_registrations (project_id, organisation_id);
CREATE INDEX fact_registrations_client ON fact_registrations (client_id);

-- A client's registration voided, relationship ended, or data erased.
CREATE TABLE fact_client_status (
    event_id        uuid PRIMARY KEY,
    client_id       uuid NOT NULL,
    status          text NOT NULL CHECK (status IN ('VOIDED', 'ENDED', 'ERASED')),
    reason          text,
    organisation_id text NOT NULL,
    project_id      text,
    effective_date  date NOT NULL,
    recorded_at     timestamptz NOT NULL,
    src_topic       text NOT NULL,
    src_partition   integer NOT NULL,
    src_offset      bigint NOT NULL
);
CREATE INDEX fact_client_status_client ON fact_client_status (client_id);

-- Everything else that happens to one client, coded: event_type is the contract's name
-- without the producer (ServiceProvided, PlanAgreed, ...), code its main code (service
-- type, appointment kind, destination, plan type, activity type, ...), ref_id the thing
-- it refers to (activity, work activity, plan, ...) and flag its yes/no (attended, is a
-- continuation, measures changed). See projections/ for the mapping of each event.
CREATE TABLE fact_client_events (
    event_id        uuid PRIMARY KEY,
    client_id       uuid NOT NULL,
    event_type      text NOT NULL,
    code            text,
    ref_id          uuid,
    flag            boolean,
    organisation_id text NOT NULL,
    project_id      text,
    effective_date  date NOT NULL,
    recorded_at     timestamptz NOT NULL,
    src_topic       text NOT NULL,
    src_partition   integer NOT NULL,
    src_offset      bigint NOT NULL
);
CREATE INDEX fact_client_events_client ON fact_client_events (client_id, event_type);
CREATE INDEX fact_client_events_ref ON fact_client_events (ref_id);

-- Kuty contracts (days per week, planned period), periods started and ended, attendance.
CREATE TABLE fact_work_contracts (
    event_id         uuid PRIMARY KEY,
    client_id        uuid NOT NULL,
    contract_id      uuid NOT NULL,
    days_per_week    integer NOT NULL CHECK (days_per_week BETWEEN 1 AND 7),
    hours_per_day    numeric NOT NULL,
    planned_start_on date NOT NULL,
    planned_end_on   date NOT NULL,
    organisation_id  text NOT NULL,
    project_id       text,
    effective_date   date NOT NULL,
    recorded_at      timestamptz NOT NULL,
    src_topic        text NOT NULL,
    src_partition    integer NOT NULL,
    src_offset       bigint NOT NULL
);
CREATE INDEX fact_work_contracts_client ON fact_work_contracts (client_id);

CREATE TABLE fact_work_periods (
    event_id         uuid PRIMARY KEY,
    client_id        uuid NOT NULL,
    work_activity_id uuid NOT NULL,
    status           text NOT NULL CHECK (status IN ('STARTED', 'ENDED')),
    contract_id      uuid,
    organisation_id  text NOT NULL,
    project_id       text,
    effective_date   date NOT NULL,
    recorded_at      timestamptz NOT NULL,
    src_topic        text NOT NULL,
    src_partition    integer NOT NULL,
    src_offset       bigint NOT NULL
);
CREATE INDEX fact_work_periods_client ON fact_work_periods (client_id);

CREATE TABLE fact_attendance (
    event_id         uuid PRIMARY KEY,
    client_id        uuid NOT NULL,
    work_activity_id uuid NOT NULL,
    period_start     date NOT NULL,
    period_end       date NOT NULL,
    days_attended    integer NOT NULL CHECK (days_attended >= 0),
    hours_attended   numeric NOT NULL CHECK (hours_attended >= 0),
    organisation_id  text NOT NULL,
    project_id       text,
    effective_date   date NOT NULL,  -- period_end: a record belongs to its end's month
    recorded_at      timestamptz NOT NULL,
    src_topic        text NOT NULL,
    src_partition    integer NOT NULL,
    src_offset       bigint NOT NULL
);
CREATE INDEX fact_attendance_client ON fact_attendance (client_id);

-- Meeting places: activities held or cancelled, visit tallies (a correction repeats the
-- visit_id with a later recorded_at), places opened, peer support, outreach contacts.
CREATE TABLE fact_activities (
    event_id         uuid PRIMARY KEY,
    activity_id      uuid NOT NULL,
    status           text NOT NULL CHECK (status IN ('HELD', 'CANCELLED')),
    activity_type    text NOT NULL,
    meeting_place_id uuid,
    attendee_count   integer CHECK (attendee_count >= 0),
    organisation_id  text NOT NULL,
    project_id       text,
    effective_date   date NOT NULL,  -- held: local date of started_at; cancelled: planned_on
    recorded_at      timestamptz NOT NULL,
    src_topic        text NOT NULL,
    src_partition    integer NOT NULL,
    src_offset       bigint NOT NULL
);
CREATE INDEX fact_activities_activity ON fact_activities (activity_id);

CREATE TABLE fact_visits (
    event_id         uuid PRIMARY KEY,
    visit_id         uuid NOT NULL,
    meeting_place_id uuid NOT NULL,
    visitor_kind     text NOT NULL,
    client_id        uuid,
    headcount        integer NOT NULL CHECK (headcount >= 1),
    organisation_id  text NOT NULL,
    project_id       text,
    effective_date   date NOT NULL,
    recorded_at      timestamptz NOT NULL,
    src_topic        text NOT NULL,
    src_partition    integer NOT NULL,
    src_offset       bigint NOT NULL
);
CREATE INDEX fact_visits_visit ON fact_visits (visit_id);

CREATE TABLE fact_place_events (
    event_id         uuid PRIMARY KEY,
    event_type       text NOT NULL,  -- MeetingPlaceOpened, PeerSupportProvided, OutreachContactMade
    ref_id           uuid NOT NULL,  -- meeting place, peer support or contact id
    meeting_place_id uuid,
    code             text,           -- premises, peer support form, outreach outcome
    municipality_code text,
    client_id        uuid,
    quantity         integer,        -- recipients of peer support
    organisation_id  text NOT NULL,
    project_id       text,
    effective_date   date NOT NULL,
    recorded_at      timestamptz NOT NULL,
    src_topic        text NOT NULL,
    src_partition    integer NOT NULL,
    src_offset       bigint NOT NULL
);

-- The last offset read per topic and partition (duplicates and refused rows included),
-- written in the batch's transaction: the log positions a figure is computed at.
CREATE TABLE consumed_positions (
    topic      text NOT NULL,
    partition  integer NOT NULL,
    "offset"   bigint NOT NULL,
    PRIMARY KEY (topic, partition)
);
