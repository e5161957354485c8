import {
  appointmentLinks,
  appointments,
  clients,
  outboundMessages,
  practices,
  users,
  type AppTransaction,
  type Database,
} from '@mentalspace/db';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';

/**
 * Upcoming live sessions of opted-in clients that are inside their practice's largest reminder
 * offset, with the reminders already queued for each: one statement across practices, on the
 * partial index of upcoming sessions.
 */
export async function unsafeReminderCandidates(
  database: Database,
  now: Date,
  limit: number,
  after: { startsAt: Date; id: string } | null,
) {
  return database.unsafeOwner
    .select({
      appointmentId: appointments.id,
      practiceId: appointments.practiceId,
      clientId: appointments.clientId,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      modality: appointments.modality,
      email: clients.email,
      phone: clients.phone,
      channel: clients.reminderChannel,
      practiceName: practices.name,
      settings: practices.schedulingSettings,
      clinicianName: sql<string>`${users.firstName} || ' ' || ${users.lastName}`,
      timeZone: users.timeZone,
      sent: sql<string[]>`coalesce((select array_agg(m.dedupe_key) from ${outboundMessages} m
        where m.practice_id = ${appointments.practiceId} and m.dedupe_key like 'reminder:' || ${appointments.id} || ':%'), '{}')`,
    })
    .from(appointments)
    .innerJoin(
      clients,
      and(eq(clients.practiceId, appointments.practiceId), eq(clients.id, appointments.clientId)),
    )
    .innerJoin(practices, eq(practices.id, appointments.practiceId))
    .innerJoin(users, eq(users.id, appointments.clinicianId))
    .where(
      and(
        inArray(appointments.status, ['scheduled', 'confirmed']),
        sql`${appointments.startsAt} > ${now}`,
        sql`${appointments.startsAt} <= ${now}::timestamptz + make_interval(hours => coalesce((select max(x::int)
          from jsonb_array_elements_text(${practices.schedulingSettings} -> 'reminderOffsetsHours') x), 48))`,
        eq(clients.remindersOptIn, true),
        sql`(${clients.email} is not null or ${clients.phone} is not null)`,
        after
          ? sql`(${appointments.startsAt}, ${appointments.id}) > (${after.startsAt}, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(appointments.startsAt), asc(appointments.id))
    .limit(limit);
}

export async function insertLink(tx: AppTransaction, values: typeof appointmentLinks.$inferInsert) {
  await tx.insert(appointmentLinks).values(values);
}

export async function unsafeFindLink(database: Database, tokenHash: string) {
  const rows = await database.unsafeOwner
    .select({
      id: appointmentLinks.id,
      practiceId: appointmentLinks.practiceId,
      appointmentId: appointmentLinks.appointmentId,
      expiresAt: appointmentLinks.expiresAt,
      usedAt: appointmentLinks.usedAt,
      clientId: appointments.clientId,
    })
    .from(appointmentLinks)
    .innerJoin(appointments, eq(appointments.id, appointmentLinks.appointmentId))
    .where(eq(appointmentLinks.tokenHash, tokenHash))
    .limit(1);
  return rows[0] ?? null;
}

/** Marks a link used; false when it already was (two clicks race: one wins). */
export async function useLink(tx: AppTransaction, scope: AccessScope, id: string) {
  const rows = await tx
    .update(appointmentLinks)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(appointmentLinks.practiceId, scope.practiceId),
        eq(appointmentLinks.id, id),
        isNull(appointmentLinks.usedAt),
      ),
    )
    .returning({ id: appointmentLinks.id });
  return rows.length > 0;
}

export async function linkedAppointment(tx: AppTransaction, scope: AccessScope, appointmentId: string) {
  const rows = await tx
    .select({
      status: appointments.status,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      modality: appointments.modality,
      practiceName: practices.name,
      clinicianName: sql<string>`${users.firstName} || ' ' || ${users.lastName}`,
      timeZone: users.timeZone,
    })
    .from(appointments)
    .innerJoin(practices, eq(practices.id, appointments.practiceId))
    .innerJoin(users, eq(users.id, appointments.clinicianId))
    .where(and(eq(appointments.practiceId, scope.practiceId), eq(appointments.id, appointmentId)));
  return rows[0]!;
}
