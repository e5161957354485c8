-- Treatment plans follow the tenancy rules; a signed plan's content and dates are frozen (the
-- client's acknowledgement and the supersession are the only later changes), and plans are never
-- deleted.
GRANT SELECT, INSERT, UPDATE ON treatment_plans TO mentalspace_app;
--> statement-breakpoint
ALTER TABLE treatment_plans ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON treatment_plans
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
CREATE FUNCTION treatment_plans_freeze_signed() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  -- Key rotation (run as the owner, never the app role) re-encrypts the same plaintext.
  IF current_user <> 'mentalspace_app' AND current_setting('app.reencrypting', true) = 'on' THEN
    RETURN NEW;
  END IF;
  IF OLD.status <> 'draft' AND (
    NEW.content IS DISTINCT FROM OLD.content OR NEW.effective_date IS DISTINCT FROM OLD.effective_date
    OR NEW.review_date IS DISTINCT FROM OLD.review_date OR NEW.client_id IS DISTINCT FROM OLD.client_id
    OR NEW.author_id IS DISTINCT FROM OLD.author_id OR NEW.signature_hash IS DISTINCT FROM OLD.signature_hash
  ) THEN
    RAISE EXCEPTION 'signed treatment plan % cannot be changed; start a revision', OLD.id
      USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status = 'superseded' AND NEW.status <> 'superseded' THEN
    RAISE EXCEPTION 'superseded treatment plan % cannot be reactivated', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status = 'active' AND NEW.status = 'draft' THEN
    RAISE EXCEPTION 'signed treatment plan % cannot be reopened', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER treatment_plans_freeze_signed BEFORE UPDATE ON treatment_plans
  FOR EACH ROW EXECUTE FUNCTION treatment_plans_freeze_signed();
--> statement-breakpoint
CREATE TRIGGER treatment_plans_no_delete BEFORE DELETE OR TRUNCATE ON treatment_plans
  FOR EACH STATEMENT EXECUTE FUNCTION clinical_record_refuse_change();
