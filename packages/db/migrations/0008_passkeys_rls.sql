GRANT SELECT, INSERT, UPDATE ON webauthn_credentials TO mentalspace_app;
--> statement-breakpoint
ALTER TABLE webauthn_credentials ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON webauthn_credentials
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
