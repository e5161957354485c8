-- The chart header read and its audit event in one round trip (DESIGN's budget for the audited
-- read). One call does what a request transaction does in four: switch to the app role, set the
-- practice for row-level security, read within the caller's reach, and write the audit event.
-- It runs in the caller's statement (one implicit transaction: read and event commit together),
-- and PL/pgSQL keeps its statements' plans for the connection, so nothing is parsed or planned
-- again per request.
--
-- The reach rule below is the SQL twin of clientsInReach() in apps/api/src/modules/clients/repo.ts;
-- client-read-round-trip.test.ts checks that both answer alike for every kind of scope.

-- The header as the API shows it, for one client row; shared by this function and the app's
-- in-transaction read (findClientById) so that the two cannot drift apart. PL/pgSQL rather than
-- SQL: a SQL function's body is planned again at every call, PL/pgSQL keeps the plan.
CREATE FUNCTION app_client_header(c clients, p_actor uuid) RETURNS jsonb
  LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN jsonb_build_object(
    'id', c.id,
    'legalFirstName', c.legal_first_name,
    'legalLastName', c.legal_last_name,
    'preferredName', c.preferred_name,
    'pronouns', c.pronouns,
    'dateOfBirth', c.date_of_birth::text,
    'status', c.status,
    'email', c.email,
    'phone', c.phone,
    'ssn', c.ssn,
    'remindersOptIn', c.reminders_opt_in,
    'reminderChannel', c.reminder_channel,
    'createdAt', to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'updatedAt', to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'emergencyAccessUntil', (
      SELECT to_char(max(g.expires_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
      FROM emergency_access_grants g
      WHERE g.user_id = p_actor AND g.client_id = c.id AND g.practice_id = c.practice_id
        AND g.expires_at > now()),
    'clinicians', (
      SELECT coalesce(jsonb_agg(jsonb_build_object(
          'id', u.id, 'firstName', u.first_name, 'lastName', u.last_name,
          'credentials', u.credentials, 'assignment', cc.role
        ) ORDER BY cc.role, u.last_name), '[]'::jsonb)
      FROM client_clinicians cc JOIN users u ON u.id = cc.clinician_id
      WHERE cc.practice_id = c.practice_id AND cc.client_id = c.id AND cc.ended_at IS NULL)
  );
END
$$;
--> statement-breakpoint
CREATE FUNCTION app_read_client(
  p_practice uuid,
  p_client uuid,
  p_actor uuid,
  p_actor_role text,
  -- The caller's reach, from its AccessScope: 'practice', 'self' (p_self) or 'caseload'
  -- (p_own clinicians, and their supervisees' caseloads when p_supervisees).
  p_reach text,
  p_own uuid[],
  p_supervisees boolean,
  p_self uuid,
  p_event_id uuid,
  p_ip inet,
  p_user_agent text,
  p_request_id text
) RETURNS jsonb
  LANGUAGE plpgsql AS $$
DECLARE
  header jsonb;
BEGIN
  PERFORM set_config('role', 'mentalspace_app', true), set_config('app.practice_id', p_practice::text, true);
  SELECT app_client_header(c, p_actor) INTO header
  FROM clients c
  WHERE c.practice_id = p_practice AND c.id = p_client
    AND CASE p_reach
      WHEN 'practice' THEN true
      WHEN 'self' THEN c.id = p_self
      WHEN 'caseload' THEN
        EXISTS (
          SELECT 1 FROM client_clinicians cc
          WHERE cc.client_id = c.id AND cc.ended_at IS NULL
            AND (cc.clinician_id = ANY (p_own)
              OR (p_supervisees AND cc.clinician_id IN (
                SELECT s.supervisee_id FROM supervisions s
                WHERE s.practice_id = p_practice AND s.active AND s.supervisor_id = ANY (p_own)))))
        OR EXISTS (
          SELECT 1 FROM emergency_access_grants g
          WHERE g.user_id = p_actor AND g.client_id = c.id AND g.practice_id = p_practice
            AND g.expires_at > now())
      ELSE false
    END;
  INSERT INTO audit_events (id, practice_id, actor_user_id, actor_role, action, resource_type,
      resource_id, client_id, outcome, ip, user_agent, request_id)
    VALUES (p_event_id, p_practice, p_actor, p_actor_role, 'client.read', 'client', p_client,
      CASE WHEN header IS NULL THEN NULL ELSE p_client END,
      CASE WHEN header IS NULL THEN 'denied'::audit_outcome ELSE 'success'::audit_outcome END,
      p_ip, p_user_agent, p_request_id);
  RETURN header;
END
$$;
--> statement-breakpoint
-- Only the owner's connection calls them (it switches to the app role inside).
REVOKE ALL ON FUNCTION app_read_client(uuid, uuid, uuid, text, text, uuid[], boolean, uuid, uuid, inet, text, text) FROM PUBLIC;
