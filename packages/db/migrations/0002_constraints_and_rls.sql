-- What Drizzle cannot express: the no-double-booking exclusion constraint, the application role,
-- row-level security on every tenant-owned table, and the append-only audit trail.

-- A clinician cannot hold two live appointments whose [starts_at, ends_at) ranges overlap.
-- Cancelled and no-show appointments free the slot.
ALTER TABLE appointments ADD CONSTRAINT appointments_no_clinician_overlap
  EXCLUDE USING gist (clinician_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
  WHERE (status NOT IN ('cancelled', 'no_show'));
--> statement-breakpoint

-- The role every request runs as (SET LOCAL ROLE in each transaction). It is not the owner of the
-- tables and has no BYPASSRLS, so the policies below always apply to it.
DO $$
BEGIN
  CREATE ROLE mentalspace_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
--> statement-breakpoint
-- A non-superuser migrator (RDS) must be a member to SET ROLE to it; a superuser needs nothing.
DO $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT mentalspace_app TO %I', current_user);
  END IF;
END $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO mentalspace_app;
--> statement-breakpoint
-- Clinical and administrative records are never hard-deleted: no DELETE for the app role.
GRANT SELECT, INSERT, UPDATE ON practices, locations, users, clients, client_clinicians, appointments TO mentalspace_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON audit_events TO mentalspace_app;
--> statement-breakpoint

-- The practice of the current transaction, set by the API with set_config('app.practice_id', …, true).
-- Unset means no practice: every policy then matches nothing.
CREATE FUNCTION app_current_practice() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.practice_id', true), '')::uuid $$;
--> statement-breakpoint

ALTER TABLE practices ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON practices
  USING (id = app_current_practice()) WITH CHECK (id = app_current_practice());
--> statement-breakpoint
ALTER TABLE locations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON locations
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON users
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
ALTER TABLE clients ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON clients
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
ALTER TABLE client_clinicians ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON client_clinicians
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
ALTER TABLE appointments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON appointments
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_isolation ON audit_events
  USING (practice_id = app_current_practice()) WITH CHECK (practice_id = app_current_practice());
--> statement-breakpoint

-- Append-only: refused for every role, including the owner, unless a superuser disables the
-- trigger (which the hash chain of the HIPAA issue will then expose).
CREATE FUNCTION audit_events_refuse_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
