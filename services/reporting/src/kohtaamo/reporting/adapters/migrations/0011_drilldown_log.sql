-- Every drill-down into the people behind a figure: who, when, which figure and set,
-- and why. Append-only, like the publications.
CREATE TABLE drilldown_log (
    entry_id            uuid PRIMARY KEY,
    at                  timestamptz NOT NULL,
    reader              text NOT NULL,  -- the staff member's id (token sub)
    reader_organisation text NOT NULL,
    roles               text[] NOT NULL,
    purpose             text NOT NULL,
    project_id          text NOT NULL,
    organisations       text[] NOT NULL,
    code                text NOT NULL,
    definition_version  text NOT NULL,
    period_name         text,
    period_start        date NOT NULL,
    period_end          date NOT NULL,
    as_of               timestamptz NOT NULL,
    member_set          text NOT NULL CHECK (member_set IN ('numerator', 'denominator', 'excluded')),
    clients             integer NOT NULL
);
CREATE INDEX drilldown_log_project ON drilldown_log (project_id, at);

CREATE TRIGGER drilldown_log_append_only BEFORE UPDATE OR DELETE ON drilldown_log
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER drilldown_log_no_truncate BEFORE TRUNCATE ON drilldown_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON drilldown_log FROM CURRENT_USER;
