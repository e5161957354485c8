-- The hash chain is append-only like the events it seals. No grant to mentalspace_app: only the
-- sealer and the verifier (owner connection) touch it. The chain's position is walked by (chain, seq).
CREATE FUNCTION audit_seals_refuse_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_seals is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_seals_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_seals
  FOR EACH STATEMENT EXECUTE FUNCTION audit_seals_refuse_change();
--> statement-breakpoint
REVOKE ALL ON audit_seals FROM mentalspace_app;
