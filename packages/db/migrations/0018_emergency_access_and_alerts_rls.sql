-- Emergency access grants are kept as a record (no UPDATE, no DELETE for the app); alerts change
-- status as administrators handle them. Both follow the tenancy rules.
GRANT SELECT, INSERT ON emergency_access_grants TO mentalspace_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON security_alerts TO mentalspace_app;
--> statement-breakpoint
ALTER TABLE emergency_access_grants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON emergency_access_grants
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
ALTER TABLE security_alerts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON security_alerts
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
