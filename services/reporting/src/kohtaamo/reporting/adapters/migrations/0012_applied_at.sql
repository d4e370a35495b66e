-- When reporting last applied what it read from each partition: the freshness
-- watermark of the BI views.
ALTER TABLE consumed_positions ADD COLUMN applied_at timestamptz NOT NULL DEFAULT now();
