-- Assignments follow the tenancy rules; they are ended (active = false), never deleted.
GRANT SELECT, INSERT, UPDATE ON measure_assignments TO mentalspace_app;
--> statement-breakpoint
ALTER TABLE measure_assignments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON measure_assignments
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
