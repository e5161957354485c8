import type { ClientStatus } from '@mentalspace/contracts';
import {
  clientClinicians,
  clients,
  emergencyAccessGrants,
  supervisions,
  type AppTransaction,
} from '@mentalspace/db';
import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { AccessScope, AuditContext } from '../../security/access-scope';
import type { NameCursor } from './cursor';

/**
 * The clients the scope may reach, as a where-clause on `clients`. Without `emergencyGrants`, a
 * chart opened by break-the-glass alone is out of reach (its identifiers are not for emergencies).
 */
export function clientsInReach(scope: AccessScope, { emergencyGrants = true } = {}): SQL {
  const inPractice = eq(clients.practiceId, scope.practiceId);
  if (scope.clients.kind === 'practice') return inPractice;
  if (scope.clients.kind === 'self') return and(inPractice, eq(clients.id, scope.clients.clientId))!;
  const own = sql.join(
    scope.clients.clinicianIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const supervisees = scope.clients.includeSupervisees
    ? sql` or cc.clinician_id in (select s.supervisee_id from ${supervisions} s
          where s.practice_id = ${scope.practiceId} and s.active and s.supervisor_id in (${own}))`
    : sql``;
  const granted = emergencyGrants
    ? sql` or exists (select 1 from ${emergencyAccessGrants} g
        where g.user_id = ${scope.actorUserId}::uuid and g.client_id = ${clients}.id
          and g.practice_id = ${scope.practiceId}::uuid and g.expires_at > now())`
    : sql``;
  return and(
    inPractice,
    sql`(exists (select 1 from ${clientClinicians} cc
      where cc.client_id = ${clients}.id and cc.ended_at is null
        and (cc.clinician_id in (${own})${supervisees}))${granted})`,
  )!;
}

const summaryColumns = {
  id: clients.id,
  legalFirstName: clients.legalFirstName,
  legalLastName: clients.legalLastName,
  preferredName: clients.preferredName,
  pronouns: clients.pronouns,
  dateOfBirth: clients.dateOfBirth,
  status: clients.status,
};

/** Escapes LIKE wildcards so that a search for "50%" means the characters, not a pattern. */
function likeContains(term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listClients(
  tx: AppTransaction,
  scope: AccessScope,
  filter: { q?: string | undefined; status?: ClientStatus | undefined; limit: number; after?: NameCursor },
) {
  const conditions = [clientsInReach(scope)];
  if (filter.q) conditions.push(sql`${clients.searchText} like ${likeContains(filter.q)}`);
  if (filter.status) conditions.push(eq(clients.status, filter.status));
  if (filter.after) {
    const [last, first, id] = filter.after;
    conditions.push(
      sql`(${clients.legalLastName}, ${clients.legalFirstName}, ${clients.id}) > (${last}, ${first}, ${id}::uuid)`,
    );
  }
  // One row more than asked tells whether another page exists, without a count query.
  return tx
    .select(summaryColumns)
    .from(clients)
    .where(and(...conditions))
    .orderBy(asc(clients.legalLastName), asc(clients.legalFirstName), asc(clients.id))
    .limit(filter.limit + 1);
}

export interface AssignedClinicianRow {
  id: string;
  firstName: string;
  lastName: string;
  credentials: string | null;
  assignment: 'primary' | 'secondary';
}

/** Whether the scope reaches the client: the reach rule alone, for reads of other chart records. */
export async function clientIsInReach(tx: AppTransaction, scope: AccessScope, id: string) {
  const rows = await tx
    .select({ id: clients.id })
    .from(clients)
    .where(and(clientsInReach(scope), eq(clients.id, id)))
    .limit(1);
  return rows.length === 1;
}

/** The chart header as the read returns it: plain JSON-ready values (times as ISO text). */
export interface ClientHeaderRow {
  id: string;
  legalFirstName: string;
  legalLastName: string;
  preferredName: string | null;
  pronouns: string | null;
  dateOfBirth: string;
  status: ClientStatus;
  email: string | null;
  phone: string | null;
  /** Sealed; the service shows the last four digits only. */
  ssn: string | null;
  remindersOptIn: boolean;
  reminderChannel: 'email' | 'sms';
  createdAt: string;
  updatedAt: string;
  /** Until when the caller's emergency-access grant opens this chart, if one does. */
  emergencyAccessUntil: string | null;
  clinicians: AssignedClinicianRow[];
}

/**
 * The chart header within the scope's reach, inside the caller's transaction; null when out of
 * reach. Built by the database's `app_client_header` (migrations/0047), which the one-round-trip
 * read uses too, so both show the same header.
 */
export async function findClientById(
  tx: AppTransaction,
  scope: AccessScope,
  id: string,
): Promise<ClientHeaderRow | null> {
  const result: unknown = await tx.execute(
    sql`select app_client_header(${clients}, ${scope.actorUserId}::uuid) as header from ${clients}
      where ${clientsInReach(scope)} and ${clients.id} = ${id}`,
  );
  return (result as { rows: { header: ClientHeaderRow }[] }).rows[0]?.header ?? null;
}

/**
 * The chart read and its audit event as one call to `app_read_client` (migrations/0047): one
 * round trip, in which the function switches to the app role, sets the practice, applies the
 * scope's reach (its SQL twin of clientsInReach) and records the read, or the denial.
 */
export function readClientCall(scope: AccessScope, audit: AuditContext, id: string): SQL {
  const reach = scope.clients;
  const own = reach.kind === 'caseload' ? `{${reach.clinicianIds.join(',')}}` : '{}';
  return sql`select app_read_client(${scope.practiceId}::uuid, ${id}::uuid, ${scope.actorUserId}::uuid,
    ${scope.actorRole}, ${reach.kind}, ${own}::uuid[], ${reach.kind === 'caseload' && reach.includeSupervisees},
    ${reach.kind === 'self' ? reach.clientId : null}::uuid, ${uuidv7()}::uuid, ${audit.ip ?? null}::inet,
    ${audit.userAgent?.slice(0, 512) ?? null}, ${audit.requestId}) as header`;
}

export async function insertClient(
  tx: AppTransaction,
  scope: AccessScope,
  values: Omit<typeof clients.$inferInsert, 'practiceId' | 'searchText'>,
) {
  const [row] = await tx
    .insert(clients)
    .values({ ...values, practiceId: scope.practiceId })
    .returning({ id: clients.id });
  return row!;
}

export async function insertAssignment(
  tx: AppTransaction,
  scope: AccessScope,
  values: { clientId: string; clinicianId: string; role: 'primary' | 'secondary' },
) {
  await tx.insert(clientClinicians).values({ ...values, practiceId: scope.practiceId });
}

/** Adds the clinician to the client's care team, or changes their assignment if already on it. */
export async function assignClinician(
  tx: AppTransaction,
  scope: AccessScope,
  values: { clientId: string; clinicianId: string; role: 'primary' | 'secondary' },
) {
  const active = and(
    eq(clientClinicians.practiceId, scope.practiceId),
    eq(clientClinicians.clientId, values.clientId),
    isNull(clientClinicians.endedAt),
  );
  if (values.role === 'primary') {
    // One primary clinician: the previous one stays on the team as secondary.
    await tx
      .update(clientClinicians)
      .set({ role: 'secondary', updatedAt: new Date() })
      .where(and(active, eq(clientClinicians.role, 'primary')));
  }
  const updated = await tx
    .update(clientClinicians)
    .set({ role: values.role, updatedAt: new Date() })
    .where(and(active, eq(clientClinicians.clinicianId, values.clinicianId)))
    .returning({ id: clientClinicians.id });
  if (updated.length === 0) await insertAssignment(tx, scope, values);
}

/** Ends the clinician's assignment (kept as history); false when they were not on the team. */
export async function endAssignment(
  tx: AppTransaction,
  scope: AccessScope,
  clientId: string,
  clinicianId: string,
) {
  const rows = await tx
    .update(clientClinicians)
    .set({ endedAt: new Date(), updatedAt: new Date() })
    .where(
      and(
        eq(clientClinicians.practiceId, scope.practiceId),
        eq(clientClinicians.clientId, clientId),
        eq(clientClinicians.clinicianId, clinicianId),
        isNull(clientClinicians.endedAt),
      ),
    )
    .returning({ id: clientClinicians.id });
  return rows.length > 0;
}

/** Whether the client exists in the practice at all, whoever asks: for emergency access only. */
export async function clientExistsInPractice(tx: AppTransaction, scope: AccessScope, clientId: string) {
  const rows = await tx
    .select({ id: clients.id })
    .from(clients)
    .where(and(eq(clients.practiceId, scope.practiceId), eq(clients.id, clientId)))
    .limit(1);
  return rows.length === 1;
}

export async function insertEmergencyGrant(
  tx: AppTransaction,
  scope: AccessScope,
  values: { clientId: string; reason: string; expiresAt: Date },
) {
  const rows = await tx
    .insert(emergencyAccessGrants)
    .values({ ...values, practiceId: scope.practiceId, userId: scope.actorUserId })
    .returning({ id: emergencyAccessGrants.id });
  return rows[0]!.id;
}

export async function updateReminderPreference(
  tx: AppTransaction,
  scope: AccessScope,
  id: string,
  values: { remindersOptIn: boolean; reminderChannel: 'email' | 'sms' },
) {
  const rows = await tx
    .update(clients)
    .set(values)
    .where(and(clientsInReach(scope), eq(clients.id, id)))
    .returning({ email: clients.email, phone: clients.phone });
  return rows[0] ?? null;
}

/**
 * A client's sealed SSN, if the scope reaches the chart at all (null otherwise), and whether it
 * reaches it other than by an emergency grant: one statement for the reveal and the update.
 */
export async function findSealedSsn(tx: AppTransaction, scope: AccessScope, id: string) {
  const rows = await tx
    .select({
      ssn: clients.ssn,
      beyondEmergency: sql<boolean>`${clientsInReach(scope, { emergencyGrants: false })}`,
    })
    .from(clients)
    .where(and(clientsInReach(scope), eq(clients.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

/** Sets or clears the sealed SSN and its blind index together (a check keeps them paired). */
export async function updateSsn(
  tx: AppTransaction,
  scope: AccessScope,
  id: string,
  values: { ssn: string; ssnIndex: string } | { ssn: null; ssnIndex: null },
) {
  const rows = await tx
    .update(clients)
    .set(values)
    .where(and(clientsInReach(scope, { emergencyGrants: false }), eq(clients.id, id)))
    .returning({ id: clients.id });
  return rows.length === 1;
}

/** Clients in reach whose SSN has this blind index: an index scan, nothing decrypted. */
export function findClientsBySsnIndex(tx: AppTransaction, scope: AccessScope, ssnIndex: string) {
  return tx
    .select(summaryColumns)
    .from(clients)
    .where(and(clientsInReach(scope, { emergencyGrants: false }), eq(clients.ssnIndex, ssnIndex)))
    .orderBy(asc(clients.legalLastName), asc(clients.legalFirstName), asc(clients.id))
    .limit(20);
}
