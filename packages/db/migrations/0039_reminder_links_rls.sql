-- Reminder links: the app reads them and marks them used; they are never deleted.
GRANT SELECT, INSERT, UPDATE ON appointment_links TO mentalspace_app;
--> statement-breakpoint
ALTER TABLE appointment_links ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON appointment_links
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
