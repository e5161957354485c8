-- Portal tables follow the tenancy rules; invitation acceptance and portal sign-in look rows up
-- before a practice is known through the owner connection (unsafe… in the code, audited).
GRANT SELECT, INSERT, UPDATE ON portal_accounts, portal_invitations TO mentalspace_app;
--> statement-breakpoint
ALTER TABLE portal_accounts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON portal_accounts
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
ALTER TABLE portal_invitations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON portal_invitations
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
