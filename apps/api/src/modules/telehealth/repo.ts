import {
  appointmentParticipants,
  appointments,
  clients,
  practices,
  telehealthJoinLinks,
  telehealthParticipants,
  telehealthSessions,
  users,
  type AppTransaction,
  type Database,
} from '@mentalspace/db';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';

export type ParticipantRow = typeof telehealthParticipants.$inferSelect;

/** The appointment behind a session, with every client invited to it (the primary and participants). */
export async function findTelehealthAppointment(
  tx: AppTransaction,
  scope: AccessScope,
  appointmentId: string,
) {
  const rows = await tx
    .select({
      id: appointments.id,
      clinicianId: appointments.clinicianId,
      clientId: appointments.clientId,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      status: appointments.status,
      modality: appointments.modality,
      clinicianName: sql<string>`${users.firstName} || ' ' || ${users.lastName}`,
      otherClientIds: sql<
        string[]
      >`coalesce((select array_agg(p.client_id::text) from ${appointmentParticipants} p
        where p.practice_id = ${appointments.practiceId} and p.appointment_id = ${appointments.id}), '{}')`,
    })
    .from(appointments)
    .innerJoin(users, eq(users.id, appointments.clinicianId))
    .where(and(eq(appointments.practiceId, scope.practiceId), eq(appointments.id, appointmentId)))
    .limit(1);
  const row = rows[0];
  return row ? { ...row, clientIds: [row.clientId, ...row.otherClientIds] } : null;
}

export async function findSessionByAppointment(
  tx: AppTransaction,
  scope: AccessScope,
  appointmentId: string,
) {
  const rows = await tx
    .select()
    .from(telehealthSessions)
    .where(
      and(
        eq(telehealthSessions.practiceId, scope.practiceId),
        eq(telehealthSessions.appointmentId, appointmentId),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** The session, locked: admissions and the end are decided one at a time. */
export async function findSessionForUpdate(tx: AppTransaction, scope: AccessScope, sessionId: string) {
  const rows = await tx
    .select()
    .from(telehealthSessions)
    .where(and(eq(telehealthSessions.practiceId, scope.practiceId), eq(telehealthSessions.id, sessionId)))
    .for('update')
    .limit(1);
  return rows[0] ?? null;
}

export async function findSession(tx: AppTransaction, scope: AccessScope, sessionId: string) {
  const rows = await tx
    .select()
    .from(telehealthSessions)
    .where(and(eq(telehealthSessions.practiceId, scope.practiceId), eq(telehealthSessions.id, sessionId)))
    .limit(1);
  return rows[0] ?? null;
}

/** Opens the appointment's session once; a second opener (or a race) gets the same row. */
export async function openSession(tx: AppTransaction, scope: AccessScope, appointmentId: string) {
  await tx
    .insert(telehealthSessions)
    .values({ practiceId: scope.practiceId, appointmentId })
    .onConflictDoNothing({ target: telehealthSessions.appointmentId });
  return (await findSessionByAppointment(tx, scope, appointmentId))!;
}

export async function updateSession(
  tx: AppTransaction,
  scope: AccessScope,
  sessionId: string,
  values: Partial<
    Pick<typeof telehealthSessions.$inferInsert, 'status' | 'startedAt' | 'endedAt' | 'endedBy'>
  >,
) {
  await tx
    .update(telehealthSessions)
    .set(values)
    .where(and(eq(telehealthSessions.practiceId, scope.practiceId), eq(telehealthSessions.id, sessionId)));
}

/** Everyone in a session with a display name: staff by full name, clients by first name and initial. */
export async function listParticipants(tx: AppTransaction, scope: AccessScope, sessionId: string) {
  return tx
    .select({
      id: telehealthParticipants.id,
      role: telehealthParticipants.role,
      userId: telehealthParticipants.userId,
      clientId: telehealthParticipants.clientId,
      via: telehealthParticipants.via,
      state: telehealthParticipants.state,
      atHome: telehealthParticipants.atHome,
      joinedAt: telehealthParticipants.joinedAt,
      name: sql<string>`coalesce(${users.firstName} || ' ' || ${users.lastName},
        coalesce(${clients.preferredName}, ${clients.legalFirstName}) || ' ' || left(${clients.legalLastName}, 1) || '.')`,
    })
    .from(telehealthParticipants)
    .leftJoin(users, eq(users.id, telehealthParticipants.userId))
    .leftJoin(
      clients,
      and(
        eq(clients.practiceId, telehealthParticipants.practiceId),
        eq(clients.id, telehealthParticipants.clientId),
      ),
    )
    .where(
      and(
        eq(telehealthParticipants.practiceId, scope.practiceId),
        eq(telehealthParticipants.sessionId, sessionId),
      ),
    )
    .orderBy(asc(telehealthParticipants.joinedAt));
}

export type Who = { userId: string } | { clientId: string } | { participantId: string };

export async function findParticipant(tx: AppTransaction, scope: AccessScope, sessionId: string, who: Who) {
  const rows = await tx
    .select()
    .from(telehealthParticipants)
    .where(
      and(
        eq(telehealthParticipants.practiceId, scope.practiceId),
        eq(telehealthParticipants.sessionId, sessionId),
        'userId' in who
          ? eq(telehealthParticipants.userId, who.userId)
          : 'clientId' in who
            ? eq(telehealthParticipants.clientId, who.clientId)
            : eq(telehealthParticipants.id, who.participantId),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** Adds a participant once per person; a returning one keeps their row (and their admission). */
export async function addParticipant(
  tx: AppTransaction,
  scope: AccessScope,
  values: Omit<typeof telehealthParticipants.$inferInsert, 'practiceId'>,
) {
  const rows = await tx
    .insert(telehealthParticipants)
    .values({ ...values, practiceId: scope.practiceId })
    .onConflictDoNothing()
    .returning();
  return rows[0] ?? null;
}

export async function updateParticipant(
  tx: AppTransaction,
  scope: AccessScope,
  participantId: string,
  values: Partial<Pick<ParticipantRow, 'state' | 'atHome' | 'passHash' | 'admittedAt' | 'admittedBy'>>,
) {
  await tx
    .update(telehealthParticipants)
    .set(values)
    .where(
      and(
        eq(telehealthParticipants.practiceId, scope.practiceId),
        eq(telehealthParticipants.id, participantId),
      ),
    );
}

/** A guest's pass (cookie) → their participant row, across practices: the pass is the only key. */
export async function unsafeFindParticipantByPass(database: Database, passHash: string) {
  const rows = await database.unsafeOwner
    .select({
      id: telehealthParticipants.id,
      practiceId: telehealthParticipants.practiceId,
      sessionId: telehealthParticipants.sessionId,
      clientId: telehealthParticipants.clientId,
      state: telehealthParticipants.state,
      appointmentEndsAt: appointments.endsAt,
    })
    .from(telehealthParticipants)
    .innerJoin(telehealthSessions, eq(telehealthSessions.id, telehealthParticipants.sessionId))
    .innerJoin(appointments, eq(appointments.id, telehealthSessions.appointmentId))
    .where(eq(telehealthParticipants.passHash, passHash))
    .limit(1);
  return rows[0] ?? null;
}

export async function insertJoinLink(
  tx: AppTransaction,
  values: Omit<typeof telehealthJoinLinks.$inferInsert, 'id' | 'createdAt' | 'usedAt'>,
) {
  await tx.insert(telehealthJoinLinks).values(values);
}

/** A join link by its token's hash, across practices (the link is the only key). */
export async function unsafeFindJoinLink(database: Database, tokenHash: string) {
  const rows = await database.unsafeOwner
    .select()
    .from(telehealthJoinLinks)
    .where(eq(telehealthJoinLinks.tokenHash, tokenHash))
    .limit(1);
  return rows[0] ?? null;
}

/** Spends a link; false when it already was (two browsers race: one wins). */
export async function spendJoinLink(tx: AppTransaction, scope: AccessScope, id: string, now: Date) {
  const rows = await tx
    .update(telehealthJoinLinks)
    .set({ usedAt: now })
    .where(
      and(
        eq(telehealthJoinLinks.practiceId, scope.practiceId),
        eq(telehealthJoinLinks.id, id),
        isNull(telehealthJoinLinks.usedAt),
      ),
    )
    .returning({ id: telehealthJoinLinks.id });
  return rows.length === 1;
}

/** How to reach each invited client, with the practice's name and the clinician's zone for the time. */
export async function clientContacts(
  tx: AppTransaction,
  scope: AccessScope,
  appointmentId: string,
  clientIds: readonly string[],
) {
  if (clientIds.length === 0) return [];
  return tx
    .select({
      clientId: clients.id,
      email: clients.email,
      phone: clients.phone,
      channel: clients.reminderChannel,
      practiceName: practices.name,
      timeZone: users.timeZone,
    })
    .from(clients)
    .innerJoin(practices, eq(practices.id, clients.practiceId))
    .innerJoin(
      appointments,
      and(eq(appointments.practiceId, clients.practiceId), eq(appointments.id, appointmentId)),
    )
    .innerJoin(users, eq(users.id, appointments.clinicianId))
    .where(and(eq(clients.practiceId, scope.practiceId), inArray(clients.id, [...clientIds])));
}
