-- Publications: what a period close sent to the funder, kept exactly and for good.
-- A publication holds every indicator of the pack for its period as known at the
-- closing moment: the definition (and its version) it was computed with, the exact
-- numbers (which never leave reporting), the figure as published (disclosure control
-- applied) and the log positions it was computed at. A correction is a new publication
-- that names the one it corrects; nothing here is ever updated or deleted.

CREATE TABLE publications (
    publication_id     uuid PRIMARY KEY,
    project_id         text NOT NULL,
    kind               text NOT NULL CHECK (kind IN ('PERIODIC', 'FINAL')),
    period_name        text,
    period_granularity text NOT NULL,
    period_start       date NOT NULL,
    period_end         date NOT NULL CHECK (period_end >= period_start),
    closed_at          timestamptz NOT NULL,  -- the as_of of every figure
    closed_by          text NOT NULL,         -- the staff member's id (token sub)
    corrects           uuid UNIQUE REFERENCES publications (publication_id),
    project            jsonb NOT NULL,        -- the project as it was: titles, window, organisations
    log_positions      jsonb NOT NULL,
    recorded_at        timestamptz NOT NULL DEFAULT now()
);
-- A period is closed once; after that only corrections, one after another.
CREATE UNIQUE INDEX publications_one_close_per_period
    ON publications (project_id, period_start, period_end) WHERE corrects IS NULL;

CREATE TABLE published_figures (
    publication_id     uuid NOT NULL REFERENCES publications (publication_id),
    ordinal            integer NOT NULL,
    code               text NOT NULL,
    basis              text NOT NULL CHECK (basis IN ('PERIOD', 'TO_DATE')),
    period_start       date NOT NULL,
    period_end         date NOT NULL,
    definition_version text NOT NULL,
    definition         jsonb NOT NULL,
    definition_file    text NOT NULL,
    raw                jsonb NOT NULL,
    published          jsonb NOT NULL,
    PRIMARY KEY (publication_id, code, basis)
);

-- Every published number on its own row (for BI): a single figure's measures, or a
-- table's cells; value is NULL whenever the number is suppressed.
CREATE TABLE published_values (
    publication_id uuid NOT NULL REFERENCES publications (publication_id),
    code           text NOT NULL,
    basis          text NOT NULL,
    line           integer NOT NULL,  -- 0 for a single figure, else the table row from 1
    row_key        jsonb NOT NULL,
    measure        text NOT NULL,     -- value, numerator, denominator, previous, or a column
    value          numeric,
    shown          text NOT NULL,
    suppressed     boolean NOT NULL,
    PRIMARY KEY (publication_id, code, basis, line, measure)
);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: its rows are never changed or removed', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER publications_append_only BEFORE UPDATE OR DELETE ON publications
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER publications_no_truncate BEFORE TRUNCATE ON publications
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER published_figures_append_only BEFORE UPDATE OR DELETE ON published_figures
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER published_figures_no_truncate BEFORE TRUNCATE ON published_figures
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER published_values_append_only BEFORE UPDATE OR DELETE ON published_values
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER published_values_no_truncate BEFORE TRUNCATE ON published_values
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Not even reporting's own role may change them (unless it is a superuser, which the
-- triggers still stop). The row locks of foreign-key checks need UPDATE on one column
-- of the referenced table: only that, and the trigger refuses any UPDATE.
REVOKE UPDATE, DELETE, TRUNCATE ON publications, published_figures, published_values FROM CURRENT_USER;
GRANT UPDATE (publication_id) ON publications TO CURRENT_USER;
