-- A client's authenticator follows the tenancy rules. Turning it off (by the client, or a reset
-- by the practice) clears the row rather than deleting it, as for staff factors.
GRANT SELECT, INSERT, UPDATE ON portal_totp_factors TO mentalspace_app;
--> statement-breakpoint
ALTER TABLE portal_totp_factors ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON portal_totp_factors
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
