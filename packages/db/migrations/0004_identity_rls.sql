-- Identity tables follow the same tenancy rules as the rest: the application role reads and
-- writes them inside its practice only. Sign-in and refresh look sessions up before a practice is
-- known through the owner connection (named unsafe… in the code, and audited).
GRANT SELECT, INSERT, UPDATE ON auth_sessions, auth_refresh_tokens, password_history, mfa_totp_factors, mfa_backup_codes, supervisions TO mentalspace_app;
--> statement-breakpoint
ALTER TABLE auth_sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON auth_sessions
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
ALTER TABLE auth_refresh_tokens ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON auth_refresh_tokens
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
ALTER TABLE password_history ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON password_history
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
ALTER TABLE mfa_totp_factors ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON mfa_totp_factors
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
ALTER TABLE mfa_backup_codes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON mfa_backup_codes
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
ALTER TABLE supervisions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON supervisions
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
