-- The bi schema: documented, stable views for BI tools, read by a role that can read
-- nothing else. Created again at every start with CREATE OR REPLACE VIEW, which refuses
-- to rename, retype, drop or reorder a column: a view's columns only ever grow at the
-- end, and an incompatible change needs a new view. {bi} is the bi schema; fact tables
-- resolve in reporting's own schema (the search path when this runs).
--
-- Aggregate views suppress counts of people of 1-4 (NULL; 0 stays 0) and hold no totals
-- or stocks from which a suppressed cell could be worked back (flows only: registered and
-- ended, not "active", which would give a suppressed month away by subtraction). Row-level
-- views hold pseudonymous ids and codes only. Voided registrations count nowhere. Every view
-- ends with watermark: when reporting last applied events read from Kafka.

CREATE OR REPLACE VIEW {bi}.freshness WITH (security_barrier) AS
SELECT topic, partition, "offset" AS last_offset, applied_at,
       (SELECT max(applied_at) FROM consumed_positions) AS watermark
FROM consumed_positions;
COMMENT ON VIEW {bi}.freshness IS 'Per Kafka topic and partition: the last offset reporting applied, and when. GET /freshness adds the broker''s end offsets (the lag).';
COMMENT ON COLUMN {bi}.freshness.topic IS 'Kafka topic.';
COMMENT ON COLUMN {bi}.freshness.partition IS 'Kafka partition.';
COMMENT ON COLUMN {bi}.freshness.last_offset IS 'The last offset read and applied (or dead-lettered).';
COMMENT ON COLUMN {bi}.freshness.applied_at IS 'When it was applied.';
COMMENT ON COLUMN {bi}.freshness.watermark IS 'When reporting last applied events: every view holds what it had read by then.';

CREATE OR REPLACE VIEW {bi}.clients_by_period WITH (security_barrier) AS
WITH registration AS (
    SELECT DISTINCT ON (client_id) client_id, project_id, organisation_id, effective_date AS registered_on
    FROM fact_registrations ORDER BY client_id, recorded_at, event_id
), ended AS (
    SELECT DISTINCT ON (client_id) client_id, effective_date AS ended_on
    FROM fact_client_status WHERE status = 'ENDED'
    ORDER BY client_id, recorded_at DESC, event_id DESC
), clients AS (
    SELECT r.*, e.ended_on FROM registration r LEFT JOIN ended e USING (client_id)
    WHERE r.project_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM fact_client_status v WHERE v.client_id = r.client_id AND v.status = 'VOIDED')
), months AS (
    SELECT project_id, organisation_id,
           generate_series(date_trunc('month', min(registered_on)),
                           date_trunc('month', GREATEST(max(registered_on), max(ended_on))),
                           interval '1 month')::date AS month
    FROM clients GROUP BY project_id, organisation_id
), counts AS (
    SELECT m.project_id, m.organisation_id, m.month,
           count(*) FILTER (WHERE c.registered_on >= m.month
                            AND c.registered_on < m.month + interval '1 month') AS registered,
           count(*) FILTER (WHERE c.ended_on >= m.month
                            AND c.ended_on < m.month + interval '1 month') AS ended
    FROM months m JOIN clients c USING (project_id, organisation_id)
    GROUP BY m.project_id, m.organisation_id, m.month
)
SELECT project_id, organisation_id, month,
       CASE WHEN registered BETWEEN 1 AND 4 THEN NULL ELSE registered END AS registered,
       CASE WHEN ended BETWEEN 1 AND 4 THEN NULL ELSE ended END AS ended,
       (SELECT max(applied_at) FROM consumed_positions) AS watermark
FROM counts;
COMMENT ON VIEW {bi}.clients_by_period IS 'Aggregate. Clients per project, organisation and calendar month: registered and ended. 1-4 people: NULL. No totals or stocks (they would give a suppressed month away).';
COMMENT ON COLUMN {bi}.clients_by_period.project_id IS 'Project id, e.g. S20397.';
COMMENT ON COLUMN {bi}.clients_by_period.organisation_id IS 'Organisation (municipality or county) code.';
COMMENT ON COLUMN {bi}.clients_by_period.month IS 'First day of the calendar month.';
COMMENT ON COLUMN {bi}.clients_by_period.registered IS 'Clients whose registration date is in the month (NULL: 1-4).';
COMMENT ON COLUMN {bi}.clients_by_period.ended IS 'Clients whose relationship ended in the month (NULL: 1-4).';
COMMENT ON COLUMN {bi}.clients_by_period.watermark IS 'When reporting last applied events.';

CREATE OR REPLACE VIEW {bi}.deliveries WITH (security_barrier) AS
SELECT e.event_id, e.client_id, e.project_id, e.organisation_id, e.event_type AS delivery_type,
       e.code, e.effective_date AS delivered_on,
       CASE WHEN e.event_type = 'GroupParticipationRecorded' THEN e.flag END AS attended,
       e.recorded_at, (SELECT max(applied_at) FROM consumed_positions) AS watermark
FROM fact_client_events e
WHERE e.event_type IN ('ServiceProvided', 'AppointmentHeld', 'WorkActivityStarted', 'GroupParticipationRecorded')
  AND NOT EXISTS (SELECT 1 FROM fact_client_status v WHERE v.client_id = e.client_id AND v.status = 'VOIDED');
COMMENT ON VIEW {bi}.deliveries IS 'Row-level, pseudonymous. Services, appointments, work activity started and group participation, one row per event.';
COMMENT ON COLUMN {bi}.deliveries.event_id IS 'The integration event.';
COMMENT ON COLUMN {bi}.deliveries.client_id IS 'Pseudonymous client id.';
COMMENT ON COLUMN {bi}.deliveries.project_id IS 'Project id (may be NULL for events outside a project).';
COMMENT ON COLUMN {bi}.deliveries.organisation_id IS 'Organisation code.';
COMMENT ON COLUMN {bi}.deliveries.delivery_type IS 'ServiceProvided, AppointmentHeld, WorkActivityStarted or GroupParticipationRecorded.';
COMMENT ON COLUMN {bi}.deliveries.code IS 'Service type, appointment kind, work activity form or activity type.';
COMMENT ON COLUMN {bi}.deliveries.delivered_on IS 'The date it happened.';
COMMENT ON COLUMN {bi}.deliveries.attended IS 'Group participation only: whether the client attended.';
COMMENT ON COLUMN {bi}.deliveries.recorded_at IS 'When it was recorded in the producing service.';
COMMENT ON COLUMN {bi}.deliveries.watermark IS 'When reporting last applied events.';

CREATE OR REPLACE VIEW {bi}.transitions WITH (security_barrier) AS
SELECT e.event_id, e.client_id, e.project_id, e.organisation_id, e.code AS destination,
       e.effective_date AS transition_on, e.recorded_at,
       (SELECT max(applied_at) FROM consumed_positions) AS watermark
FROM fact_client_events e
WHERE e.event_type = 'TransitionRecorded'
  AND NOT EXISTS (SELECT 1 FROM fact_client_status v WHERE v.client_id = e.client_id AND v.status = 'VOIDED');
COMMENT ON VIEW {bi}.transitions IS 'Row-level, pseudonymous. Moves to work, study, rehabilitative work activity and others.';
COMMENT ON COLUMN {bi}.transitions.event_id IS 'The integration event.';
COMMENT ON COLUMN {bi}.transitions.client_id IS 'Pseudonymous client id.';
COMMENT ON COLUMN {bi}.transitions.project_id IS 'Project id.';
COMMENT ON COLUMN {bi}.transitions.organisation_id IS 'Organisation code.';
COMMENT ON COLUMN {bi}.transitions.destination IS 'Destination code, e.g. OPEN_EMPLOYMENT, KUTY, DEGREE_STUDY.';
COMMENT ON COLUMN {bi}.transitions.transition_on IS 'The date of the transition.';
COMMENT ON COLUMN {bi}.transitions.recorded_at IS 'When it was recorded.';
COMMENT ON COLUMN {bi}.transitions.watermark IS 'When reporting last applied events.';

CREATE OR REPLACE VIEW {bi}.kuty_attendance WITH (security_barrier) AS
SELECT a.event_id, a.client_id, a.project_id, a.organisation_id, a.work_activity_id,
       a.period_start, a.period_end, a.days_attended, a.hours_attended, a.recorded_at,
       (SELECT max(applied_at) FROM consumed_positions) AS watermark
FROM fact_attendance a
WHERE NOT EXISTS (SELECT 1 FROM fact_client_status v WHERE v.client_id = a.client_id AND v.status = 'VOIDED');
COMMENT ON VIEW {bi}.kuty_attendance IS 'Row-level, pseudonymous. Rehabilitative work activity (kuty) attendance records: days and hours over a period.';
COMMENT ON COLUMN {bi}.kuty_attendance.event_id IS 'The integration event.';
COMMENT ON COLUMN {bi}.kuty_attendance.client_id IS 'Pseudonymous client id.';
COMMENT ON COLUMN {bi}.kuty_attendance.project_id IS 'Project id.';
COMMENT ON COLUMN {bi}.kuty_attendance.organisation_id IS 'Organisation code.';
COMMENT ON COLUMN {bi}.kuty_attendance.work_activity_id IS 'The work activity period.';
COMMENT ON COLUMN {bi}.kuty_attendance.period_start IS 'First day the record covers.';
COMMENT ON COLUMN {bi}.kuty_attendance.period_end IS 'Last day the record covers.';
COMMENT ON COLUMN {bi}.kuty_attendance.days_attended IS 'Days attended.';
COMMENT ON COLUMN {bi}.kuty_attendance.hours_attended IS 'Hours attended.';
COMMENT ON COLUMN {bi}.kuty_attendance.recorded_at IS 'When it was recorded.';
COMMENT ON COLUMN {bi}.kuty_attendance.watermark IS 'When reporting last applied events.';

CREATE OR REPLACE VIEW {bi}.meeting_place_visits WITH (security_barrier) AS
WITH latest AS (  -- a corrected tally repeats its visit_id: the latest recorded counts
    SELECT DISTINCT ON (visit_id) project_id, organisation_id, meeting_place_id, headcount, effective_date
    FROM fact_visits ORDER BY visit_id, recorded_at DESC, event_id DESC
), months AS (
    SELECT project_id, organisation_id, meeting_place_id,
           date_trunc('month', effective_date)::date AS month, sum(headcount) AS visits
    FROM latest GROUP BY 1, 2, 3, 4
)
SELECT project_id, organisation_id, meeting_place_id, month,
       CASE WHEN visits BETWEEN 1 AND 4 THEN NULL ELSE visits END AS visits,
       (SELECT max(applied_at) FROM consumed_positions) AS watermark
FROM months;
COMMENT ON VIEW {bi}.meeting_place_visits IS 'Aggregate. Visits per meeting place and calendar month, anonymous tallies and identified visits alike. 1-4: NULL.';
COMMENT ON COLUMN {bi}.meeting_place_visits.project_id IS 'Project id.';
COMMENT ON COLUMN {bi}.meeting_place_visits.organisation_id IS 'Organisation code.';
COMMENT ON COLUMN {bi}.meeting_place_visits.meeting_place_id IS 'The meeting place.';
COMMENT ON COLUMN {bi}.meeting_place_visits.month IS 'First day of the calendar month.';
COMMENT ON COLUMN {bi}.meeting_place_visits.visits IS 'Sum of the visit tallies (NULL: 1-4).';
COMMENT ON COLUMN {bi}.meeting_place_visits.watermark IS 'When reporting last applied events.';

CREATE OR REPLACE VIEW {bi}.activities WITH (security_barrier) AS
WITH latest AS (
    SELECT DISTINCT ON (activity_id, status) activity_id, status, project_id, organisation_id,
           meeting_place_id, activity_type, attendee_count, effective_date, recorded_at
    FROM fact_activities ORDER BY activity_id, status, recorded_at DESC, event_id DESC
), activity AS (  -- a held activity later cancelled counts only as cancelled
    SELECT activity_id, bool_or(status = 'CANCELLED') AS cancelled,
           (array_agg(project_id ORDER BY recorded_at DESC))[1] AS project_id,
           (array_agg(organisation_id ORDER BY recorded_at DESC))[1] AS organisation_id,
           (array_agg(meeting_place_id ORDER BY recorded_at DESC))[1] AS meeting_place_id,
           (array_agg(activity_type ORDER BY recorded_at DESC))[1] AS activity_type,
           COALESCE(max(effective_date) FILTER (WHERE status = 'CANCELLED'), max(effective_date)) AS day,
           max(attendee_count) FILTER (WHERE status = 'HELD') AS attendees
    FROM latest GROUP BY activity_id
)
SELECT activity_id, project_id, organisation_id, meeting_place_id, activity_type, day,
       CASE WHEN cancelled THEN 'CANCELLED' ELSE 'HELD' END AS status,
       CASE WHEN cancelled THEN NULL WHEN attendees BETWEEN 1 AND 4 THEN NULL ELSE attendees END
           AS attendees,
       (SELECT max(applied_at) FROM consumed_positions) AS watermark
FROM activity;
COMMENT ON VIEW {bi}.activities IS 'One row per meeting-place activity, held or cancelled; no people. Attendees of 1-4: NULL.';
COMMENT ON COLUMN {bi}.activities.activity_id IS 'The activity.';
COMMENT ON COLUMN {bi}.activities.project_id IS 'Project id.';
COMMENT ON COLUMN {bi}.activities.organisation_id IS 'Organisation code.';
COMMENT ON COLUMN {bi}.activities.meeting_place_id IS 'The meeting place, if held in one.';
COMMENT ON COLUMN {bi}.activities.activity_type IS 'Activity type code, e.g. DISCUSSION_CAFE, PEER_GROUP.';
COMMENT ON COLUMN {bi}.activities.day IS 'The day it was held, or for a cancelled one the day it was planned for.';
COMMENT ON COLUMN {bi}.activities.status IS 'HELD or CANCELLED (held and later cancelled: CANCELLED).';
COMMENT ON COLUMN {bi}.activities.attendees IS 'Attendees of a held activity (0 is 0; NULL: 1-4, or cancelled).';
COMMENT ON COLUMN {bi}.activities.watermark IS 'When reporting last applied events.';

CREATE OR REPLACE VIEW {bi}.publications WITH (security_barrier) AS
SELECT p.publication_id, p.project_id, p.kind, p.period_name, p.period_start, p.period_end,
       p.closed_at, p.corrects,
       (SELECT c.publication_id FROM publications c WHERE c.corrects = p.publication_id) AS corrected_by,
       (SELECT count(*) FROM published_figures f WHERE f.publication_id = p.publication_id) AS figures,
       (SELECT max(applied_at) FROM consumed_positions) AS watermark
FROM publications p;
COMMENT ON VIEW {bi}.publications IS 'Every publication (a closed period, or a correction of one). Never changes.';
COMMENT ON COLUMN {bi}.publications.publication_id IS 'The publication.';
COMMENT ON COLUMN {bi}.publications.project_id IS 'Project id.';
COMMENT ON COLUMN {bi}.publications.kind IS 'PERIODIC or FINAL.';
COMMENT ON COLUMN {bi}.publications.period_name IS 'window, 2016, 2016Q1, 2016-03, or NULL for dates.';
COMMENT ON COLUMN {bi}.publications.period_start IS 'First day of the period.';
COMMENT ON COLUMN {bi}.publications.period_end IS 'Last day of the period.';
COMMENT ON COLUMN {bi}.publications.closed_at IS 'The closing moment: every figure is as known then.';
COMMENT ON COLUMN {bi}.publications.corrects IS 'The publication this one corrects.';
COMMENT ON COLUMN {bi}.publications.corrected_by IS 'The later publication that corrects this one.';
COMMENT ON COLUMN {bi}.publications.figures IS 'Number of figures published.';
COMMENT ON COLUMN {bi}.publications.watermark IS 'When reporting last applied events.';

CREATE OR REPLACE VIEW {bi}.indicator_values WITH (security_barrier) AS
SELECT v.publication_id, p.project_id, p.closed_at, v.code, v.basis,
       f.period_start, f.period_end, f.definition_version, f.published ->> 'status' AS status,
       v.line, v.row_key,
       (SELECT string_agg(CASE WHEN jsonb_typeof(k.val) = 'object' THEN k.val ->> 'code'
                               ELSE k.val #>> ARRAY[]::text[] END, ' / ' ORDER BY k.key)
        FROM jsonb_each(v.row_key) AS k(key, val)) AS row_label,
       v.measure, v.value, v.shown, v.suppressed,
       EXISTS (SELECT 1 FROM publications c WHERE c.corrects = v.publication_id) AS superseded,
       (SELECT max(applied_at) FROM consumed_positions) AS watermark
FROM published_values v
JOIN publications p USING (publication_id)
JOIN published_figures f USING (publication_id, code, basis);
COMMENT ON VIEW {bi}.indicator_values IS 'Aggregate. Every published number: one row per figure measure or table cell, as published (suppressed: value NULL).';
COMMENT ON COLUMN {bi}.indicator_values.publication_id IS 'The publication.';
COMMENT ON COLUMN {bi}.indicator_values.project_id IS 'Project id.';
COMMENT ON COLUMN {bi}.indicator_values.closed_at IS 'As known at this moment.';
COMMENT ON COLUMN {bi}.indicator_values.code IS 'Indicator code.';
COMMENT ON COLUMN {bi}.indicator_values.basis IS 'PERIOD, or TO_DATE (from the project window''s start to the period''s end).';
COMMENT ON COLUMN {bi}.indicator_values.period_start IS 'First day of the figure''s period.';
COMMENT ON COLUMN {bi}.indicator_values.period_end IS 'Last day of the figure''s period.';
COMMENT ON COLUMN {bi}.indicator_values.definition_version IS 'Hash of the definition the figure was computed with.';
COMMENT ON COLUMN {bi}.indicator_values.status IS 'MET, NOT_MET, RISING, NOT_RISING or N_A.';
COMMENT ON COLUMN {bi}.indicator_values.line IS '0 for the figure itself, else the table row from 1.';
COMMENT ON COLUMN {bi}.indicator_values.row_key IS 'The table row''s key (JSON), {} for the figure itself.';
COMMENT ON COLUMN {bi}.indicator_values.row_label IS 'The row''s key as text, e.g. FEMALE or 2016-03.';
COMMENT ON COLUMN {bi}.indicator_values.measure IS 'value, numerator, denominator, previous, or the table column''s code.';
COMMENT ON COLUMN {bi}.indicator_values.value IS 'The number (NULL when suppressed or not applicable).';
COMMENT ON COLUMN {bi}.indicator_values.shown IS 'What the publication shows: the number, <5 or suppressed.';
COMMENT ON COLUMN {bi}.indicator_values.suppressed IS 'Whether the number is suppressed.';
COMMENT ON COLUMN {bi}.indicator_values.superseded IS 'Whether a later publication corrects this one.';
COMMENT ON COLUMN {bi}.indicator_values.watermark IS 'When reporting last applied events.';
