-- Contacts and insurance follow the tenancy rules. Contacts may be removed (a wrong number is not
-- a clinical record); insurance policies are ended (active = false), never deleted.
GRANT SELECT, INSERT, UPDATE, DELETE ON client_contacts TO mentalspace_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON insurance_policies TO mentalspace_app;
--> statement-breakpoint
ALTER TABLE client_contacts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON client_contacts
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
ALTER TABLE insurance_policies ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON insurance_policies
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
