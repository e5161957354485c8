-- Staff invitations follow the tenancy rules. Accepting one looks the token up before a practice
-- is known, through the owner connection (unsafe… in the code, audited). Never deleted: an
-- invitation is used or revoked, and both stay as a record of who was let in and by whom.
GRANT SELECT, INSERT, UPDATE ON staff_invitations TO mentalspace_app;
--> statement-breakpoint
ALTER TABLE staff_invitations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON staff_invitations
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
