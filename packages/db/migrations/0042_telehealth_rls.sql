-- Telehealth sessions, participants and join links: the app reads, adds and updates them (a
-- session ends, a participant is admitted, a link is spent); nothing is ever deleted.
GRANT SELECT, INSERT, UPDATE ON telehealth_sessions, telehealth_participants, telehealth_join_links TO mentalspace_app;
--> statement-breakpoint
ALTER TABLE telehealth_sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE telehealth_participants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE telehealth_join_links ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON telehealth_sessions
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
CREATE POLICY practice_isolation ON telehealth_participants
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
CREATE POLICY practice_isolation ON telehealth_join_links
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
