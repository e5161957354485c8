import {
  appointmentParticipants,
  appointments,
  appointmentSeries,
  appointmentStatusChanges,
  appointmentTypes,
  practices,
  rooms,
  users,
  type AppTransaction,
} from '@mentalspace/db';
import { and, asc, eq, gt, inArray, lt, notInArray, sql } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';

type AppointmentInsert = typeof appointments.$inferInsert;

/** A clinician who can hold appointments: active, and a clinician or supervisor. */
export async function findSchedulableClinician(tx: AppTransaction, scope: AccessScope, id: string) {
  const rows = await tx
    .select({ id: users.id, timeZone: users.timeZone, bufferMinutes: users.bufferMinutes })
    .from(users)
    .where(
      and(
        eq(users.practiceId, scope.practiceId),
        eq(users.id, id),
        eq(users.status, 'active'),
        inArray(users.role, ['clinician', 'supervisor']),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

export async function findAppointmentType(tx: AppTransaction, scope: AccessScope, id: string) {
  const rows = await tx
    .select()
    .from(appointmentTypes)
    .where(and(eq(appointmentTypes.practiceId, scope.practiceId), eq(appointmentTypes.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

export async function findRoom(tx: AppTransaction, scope: AccessScope, id: string) {
  const rows = await tx
    .select({ id: rooms.id, locationId: rooms.locationId, active: rooms.active })
    .from(rooms)
    .where(and(eq(rooms.practiceId, scope.practiceId), eq(rooms.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

export async function practiceSchedulingSettings(tx: AppTransaction, scope: AccessScope) {
  const rows = await tx
    .select({ settings: practices.schedulingSettings, timeZone: practices.timeZone })
    .from(practices)
    .where(eq(practices.id, scope.practiceId));
  return rows[0]!;
}

export async function insertSeries(tx: AppTransaction, values: typeof appointmentSeries.$inferInsert) {
  const [row] = await tx.insert(appointmentSeries).values(values).returning();
  return row!;
}

export async function updateSeries(
  tx: AppTransaction,
  scope: AccessScope,
  id: string,
  values: Partial<typeof appointmentSeries.$inferInsert>,
) {
  await tx
    .update(appointmentSeries)
    .set(values)
    .where(and(eq(appointmentSeries.practiceId, scope.practiceId), eq(appointmentSeries.id, id)));
}

export async function findSeries(tx: AppTransaction, scope: AccessScope, id: string) {
  const rows = await tx
    .select()
    .from(appointmentSeries)
    .where(and(eq(appointmentSeries.practiceId, scope.practiceId), eq(appointmentSeries.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * Books appointments (one, or a series' occurrences) with their participants and first status
 * entry: three statements whatever the count. The exclusion constraints refuse overlaps.
 */
export async function insertAppointments(
  tx: AppTransaction,
  scope: AccessScope,
  rows: AppointmentInsert[],
  additionalClientIds: readonly string[],
  channel = 'staff',
) {
  if (rows.length === 0) return [];
  const inserted = await tx.insert(appointments).values(rows).returning();
  await tx.insert(appointmentStatusChanges).values(
    inserted.map((a) => ({
      practiceId: scope.practiceId,
      appointmentId: a.id,
      fromStatus: null,
      toStatus: a.status,
      changedBy: channel === 'staff' ? scope.actorUserId : null,
      channel,
    })),
  );
  if (additionalClientIds.length > 0) {
    await tx.insert(appointmentParticipants).values(
      inserted.flatMap((a) =>
        additionalClientIds.map((clientId) => ({
          practiceId: scope.practiceId,
          appointmentId: a.id,
          clientId,
        })),
      ),
    );
  }
  return inserted;
}

/** The appointment, for a change: locked so that two changes of one appointment queue. */
export async function findAppointmentForUpdate(tx: AppTransaction, scope: AccessScope, id: string) {
  const rows = await tx
    .select()
    .from(appointments)
    .where(and(eq(appointments.practiceId, scope.practiceId), eq(appointments.id, id)))
    .for('update')
    .limit(1);
  return rows[0] ?? null;
}

export async function participantIds(tx: AppTransaction, scope: AccessScope, appointmentId: string) {
  const rows = await tx
    .select({ clientId: appointmentParticipants.clientId })
    .from(appointmentParticipants)
    .where(
      and(
        eq(appointmentParticipants.practiceId, scope.practiceId),
        eq(appointmentParticipants.appointmentId, appointmentId),
      ),
    );
  return rows.map((r) => r.clientId);
}

/** A series' live occurrences starting at or after `from` that were not edited on their own. */
export async function seriesOccurrencesFrom(
  tx: AppTransaction,
  scope: AccessScope,
  seriesId: string,
  from: Date,
  options: { includeExceptions: boolean },
) {
  return tx
    .select()
    .from(appointments)
    .where(
      and(
        eq(appointments.practiceId, scope.practiceId),
        eq(appointments.seriesId, seriesId),
        sql`${appointments.startsAt} >= ${from}`,
        notInArray(appointments.status, ['cancelled', 'no_show', 'completed']),
        options.includeExceptions ? undefined : eq(appointments.seriesException, false),
      ),
    )
    .orderBy(asc(appointments.startsAt))
    .for('update');
}

/** Original starts already materialized for a series (cancelled ones included: exceptions kept). */
export async function materializedStarts(
  tx: AppTransaction,
  scope: AccessScope,
  seriesId: string,
  from: Date,
) {
  const rows = await tx
    .select({ originalStartsAt: appointments.originalStartsAt })
    .from(appointments)
    .where(
      and(
        eq(appointments.practiceId, scope.practiceId),
        eq(appointments.seriesId, seriesId),
        sql`${appointments.originalStartsAt} >= ${from}`,
      ),
    );
  return new Set(rows.map((r) => r.originalStartsAt?.getTime()));
}

export async function setAppointmentStatus(
  tx: AppTransaction,
  scope: AccessScope,
  ids: readonly string[],
  change: {
    status: AppointmentInsert['status'] & string;
    cancelledBy: 'client' | 'clinician' | 'practice' | null;
    lateCancel: boolean;
    changedBy: string | null;
    channel: string;
    fromStatus: Map<string, string>;
  },
) {
  if (ids.length === 0) return;
  await tx
    .update(appointments)
    .set({
      status: change.status,
      cancelledBy: change.cancelledBy,
      lateCancel: change.lateCancel,
      statusChangedAt: sql`now()`,
      statusChangedBy: change.changedBy,
    })
    .where(and(eq(appointments.practiceId, scope.practiceId), inArray(appointments.id, [...ids])));
  await tx.insert(appointmentStatusChanges).values(
    ids.map((id) => ({
      practiceId: scope.practiceId,
      appointmentId: id,
      fromStatus: (change.fromStatus.get(id) ?? null) as AppointmentInsert['status'] | null,
      toStatus: change.status,
      changedBy: change.changedBy,
      channel: change.channel,
      cancelledBy: change.cancelledBy,
      lateCancel: change.lateCancel,
    })),
  );
}

export async function moveAppointment(
  tx: AppTransaction,
  scope: AccessScope,
  id: string,
  values: Pick<AppointmentInsert, 'startsAt' | 'endsAt' | 'roomId' | 'locationId' | 'seriesException'>,
) {
  await tx
    .update(appointments)
    .set(values)
    .where(and(eq(appointments.practiceId, scope.practiceId), eq(appointments.id, id)));
}

/**
 * The live appointment that holds a slot on this clinician's or room's time, for the 409 answer:
 * its time only, never whose it is.
 */
export async function findOverlap(
  tx: AppTransaction,
  scope: AccessScope,
  probe: {
    clinicianId: string;
    roomId: string | null;
    periods: { startsAt: Date; endsAt: Date }[];
    excludeIds: string[];
  },
) {
  if (probe.periods.length === 0) return null;
  // Array literals (drizzle would spread a JS array into a parameter list).
  const arrayLiteral = (dates: Date[]) => `{${dates.map((d) => d.toISOString()).join(',')}}`;
  const starts = arrayLiteral(probe.periods.map((p) => p.startsAt));
  const ends = arrayLiteral(probe.periods.map((p) => p.endsAt));
  const rows = await tx
    .select({
      clinicianId: appointments.clinicianId,
      roomId: appointments.roomId,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
    })
    .from(appointments)
    .where(
      and(
        eq(appointments.practiceId, scope.practiceId),
        notInArray(appointments.status, ['cancelled', 'no_show']),
        probe.excludeIds.length > 0 ? notInArray(appointments.id, probe.excludeIds) : undefined,
        probe.roomId
          ? sql`(${appointments.clinicianId} = ${probe.clinicianId} or ${appointments.roomId} = ${probe.roomId})`
          : eq(appointments.clinicianId, probe.clinicianId),
        sql`exists (select 1 from unnest(${starts}::timestamptz[], ${ends}::timestamptz[]) as p(s, e)
          where tstzrange(${appointments.startsAt}, ${appointments.endsAt}, '[)') && tstzrange(p.s, p.e, '[)'))`,
        lt(appointments.startsAt, new Date(Math.max(...probe.periods.map((p) => p.endsAt.getTime())))),
        gt(appointments.endsAt, new Date(Math.min(...probe.periods.map((p) => p.startsAt.getTime())))),
      ),
    )
    .orderBy(asc(appointments.startsAt))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  return {
    resource: row.clinicianId === probe.clinicianId ? ('clinician' as const) : ('room' as const),
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
  };
}

/** How many occurrences of a series the rule gave before this original start (any status). */
export async function countSeriesBefore(
  tx: AppTransaction,
  scope: AccessScope,
  seriesId: string,
  before: Date,
) {
  const rows = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(appointments)
    .where(
      and(
        eq(appointments.practiceId, scope.practiceId),
        eq(appointments.seriesId, seriesId),
        lt(appointments.originalStartsAt, before),
      ),
    );
  return rows[0]?.n ?? 0;
}

/** Moves an occurrence to a successor series (after "this and following"). */
export async function reassignSeries(
  tx: AppTransaction,
  scope: AccessScope,
  id: string,
  seriesId: string,
  originalStartsAt: Date,
) {
  await tx
    .update(appointments)
    .set({ seriesId, originalStartsAt })
    .where(and(eq(appointments.practiceId, scope.practiceId), eq(appointments.id, id)));
}
