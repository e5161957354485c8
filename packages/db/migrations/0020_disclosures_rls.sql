-- The accounting of disclosures is a record: the app inserts and reads, never changes or deletes.
GRANT SELECT, INSERT ON disclosures TO mentalspace_app;
--> statement-breakpoint
ALTER TABLE disclosures ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON disclosures
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
