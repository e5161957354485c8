-- Clinical records follow the tenancy rules; signed content is frozen by the database itself, and
-- addenda and revisions are append-only. Psychotherapy notes are visible to their author only:
-- the repo sets app.user_id for the transaction, and any path that forgets it sees nothing.
GRANT SELECT ON diagnosis_codes TO mentalspace_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON client_diagnoses, clinical_notes, psychotherapy_notes, risk_flags, staff_notifications TO mentalspace_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON note_addenda, note_revisions, measure_responses TO mentalspace_app;
--> statement-breakpoint
ALTER TABLE client_diagnoses ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON client_diagnoses
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
ALTER TABLE clinical_notes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON clinical_notes
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
ALTER TABLE note_addenda ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON note_addenda
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
ALTER TABLE note_revisions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON note_revisions
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
ALTER TABLE measure_responses ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON measure_responses
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
ALTER TABLE risk_flags ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON risk_flags
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
ALTER TABLE staff_notifications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON staff_notifications
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
ALTER TABLE psychotherapy_notes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY author_only ON psychotherapy_notes
  USING (practice_id = app_current_practice()
    AND author_id = nullif(current_setting('app.user_id', true), '')::uuid)
  WITH CHECK (practice_id = app_current_practice()
    AND author_id = nullif(current_setting('app.user_id', true), '')::uuid);
--> statement-breakpoint
CREATE FUNCTION clinical_notes_freeze_signed() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  -- Key rotation (run as the owner, never the app role) re-encrypts the same plaintext.
  IF current_user <> 'mentalspace_app' AND current_setting('app.reencrypting', true) = 'on' THEN
    RETURN NEW;
  END IF;
  IF OLD.status <> 'draft' AND (
    NEW.content IS DISTINCT FROM OLD.content OR NEW.service_date IS DISTINCT FROM OLD.service_date
    OR NEW.client_id IS DISTINCT FROM OLD.client_id OR NEW.author_id IS DISTINCT FROM OLD.author_id
    OR NEW.type IS DISTINCT FROM OLD.type OR NEW.template IS DISTINCT FROM OLD.template
  ) THEN
    RAISE EXCEPTION 'signed note % cannot be changed; add an addendum', OLD.id
      USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status = 'signed' AND NEW.status <> 'signed' THEN
    RAISE EXCEPTION 'signed note % cannot be reopened', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER clinical_notes_freeze_signed BEFORE UPDATE ON clinical_notes
  FOR EACH ROW EXECUTE FUNCTION clinical_notes_freeze_signed();
--> statement-breakpoint
CREATE FUNCTION clinical_record_refuse_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  -- Key rotation (run as the owner, never the app role) may re-encrypt; nothing may delete.
  IF TG_OP = 'UPDATE' AND current_user <> 'mentalspace_app'
     AND current_setting('app.reencrypting', true) = 'on' THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION '% is a clinical record: it is never deleted or rewritten', TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER clinical_notes_no_delete BEFORE DELETE OR TRUNCATE ON clinical_notes
  FOR EACH STATEMENT EXECUTE FUNCTION clinical_record_refuse_change();
--> statement-breakpoint
CREATE TRIGGER note_addenda_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON note_addenda
  FOR EACH STATEMENT EXECUTE FUNCTION clinical_record_refuse_change();
--> statement-breakpoint
CREATE TRIGGER note_revisions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON note_revisions
  FOR EACH STATEMENT EXECUTE FUNCTION clinical_record_refuse_change();
--> statement-breakpoint
CREATE TRIGGER psychotherapy_notes_no_delete BEFORE DELETE OR TRUNCATE ON psychotherapy_notes
  FOR EACH STATEMENT EXECUTE FUNCTION clinical_record_refuse_change();
