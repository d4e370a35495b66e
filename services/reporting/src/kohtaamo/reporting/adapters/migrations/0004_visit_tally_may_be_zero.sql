-- An anonymous tally may be zero (VisitRecorded v2: the place was open and nobody came, or
-- a tally corrected to zero); identified visits still count exactly 1 (the contract checks).
ALTER TABLE fact_visits DROP CONSTRAINT fact_visits_headcount_check;
ALTER TABLE fact_visits ADD CONSTRAINT fact_visits_headcount_check CHECK (headcount >= 0);
