-- A tally may be corrected to zero (meetingplace repeats its visit_id with headcount 0, e.g.
-- entered in the wrong slot); the latest value per visit_id counts, so zero must be storable.
ALTER TABLE fact_visits DROP CONSTRAINT fact_visits_headcount_check;
ALTER TABLE fact_visits ADD CONSTRAINT fact_visits_headcount_check CHECK (headcount >= 0);
