-- Consents follow the tenancy rules; a signature is never changed or deleted, only revoked
-- (revoked_at, revoked_by), which a trigger enforces for every role.
GRANT SELECT, INSERT, UPDATE ON consents TO mentalspace_app;
--> statement-breakpoint
ALTER TABLE consents ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON consents
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
CREATE FUNCTION consents_only_revoke() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF (to_jsonb(NEW) - 'revoked_at' - 'revoked_by') IS DISTINCT FROM (to_jsonb(OLD) - 'revoked_at' - 'revoked_by')
     OR OLD.revoked_at IS NOT NULL THEN
    RAISE EXCEPTION 'a consent signature is only ever revoked, once' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER consents_only_revoke BEFORE UPDATE ON consents
  FOR EACH ROW EXECUTE FUNCTION consents_only_revoke();
--> statement-breakpoint
CREATE TRIGGER consents_no_delete BEFORE DELETE OR TRUNCATE ON consents
  FOR EACH STATEMENT EXECUTE FUNCTION clinical_record_refuse_change();
