-- Erased clients keep counting (the pseudonymous row is the tombstone); voided ones do not.
ALTER TABLE fact_client_registration ADD COLUMN erased_at timestamptz;
ALTER TABLE fact_client_registration ADD COLUMN void_reason text;
