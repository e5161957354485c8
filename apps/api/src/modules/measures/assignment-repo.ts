import { appointments, measureAssignments, measureResponses, type AppTransaction } from '@mentalspace/db';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';

/** Hours before an appointment in which a before-each-appointment measure is due. */
export const BEFORE_APPOINTMENT_HOURS = 72;

/**
 * A client's assignments with whether each is due now, in one statement:
 * - once: until any response to that instrument after the assignment was made;
 * - every N weeks: when the last response is older than N weeks (or there is none);
 * - before each appointment: when an appointment starts within 72 hours and there is no response
 *   in the 72 hours before it.
 */
export function listAssignments(
  tx: AppTransaction,
  scope: AccessScope,
  clientId: string,
  activeOnly: boolean,
) {
  const last = sql<Date | null>`(select max(r.completed_at) from ${measureResponses} r
    where r.practice_id = ${measureAssignments.practiceId} and r.client_id = ${measureAssignments.clientId}
      and r.instrument_id = ${measureAssignments.instrumentId})`;
  const nextAppointment = sql`(select min(a.starts_at) from ${appointments} a
    where a.practice_id = ${measureAssignments.practiceId} and a.client_id = ${measureAssignments.clientId}
      and a.status in ('scheduled', 'confirmed', 'checked_in')
      and a.starts_at between now() and now() + make_interval(hours => ${BEFORE_APPOINTMENT_HOURS}))`;
  const due = sql<boolean>`${measureAssignments.active} and case ${measureAssignments.cadence}
      when 'once' then coalesce(${last} < ${measureAssignments.createdAt}, true)
      when 'every_n_weeks' then coalesce(${last} < now() - make_interval(weeks => ${measureAssignments.intervalWeeks}), true)
      else ${nextAppointment} is not null
        and coalesce(${last} < ${nextAppointment} - make_interval(hours => ${BEFORE_APPOINTMENT_HOURS}), true)
    end`;
  return tx
    .select({
      id: measureAssignments.id,
      instrumentId: measureAssignments.instrumentId,
      cadence: measureAssignments.cadence,
      intervalWeeks: measureAssignments.intervalWeeks,
      active: measureAssignments.active,
      due,
      // Nested on purpose: in a single-table select drizzle drops the table name from columns at
      // the top level of a selected expression, which would turn the correlation into
      // r.client_id = r.client_id and show the practice's latest response of any client.
      lastCompletedAt: sql<Date | null>`${last}`,
    })
    .from(measureAssignments)
    .where(
      and(
        eq(measureAssignments.practiceId, scope.practiceId),
        eq(measureAssignments.clientId, clientId),
        activeOnly ? eq(measureAssignments.active, true) : undefined,
      ),
    )
    .orderBy(sql`${measureAssignments.active} desc`, asc(measureAssignments.createdAt))
    .limit(50);
}

export async function insertAssignment(
  tx: AppTransaction,
  scope: AccessScope,
  values: {
    clientId: string;
    instrumentId: string;
    cadence: 'once' | 'every_n_weeks' | 'before_each_appointment';
    intervalWeeks: number | null;
  },
) {
  const [row] = await tx
    .insert(measureAssignments)
    .values({ ...values, practiceId: scope.practiceId, assignedBy: scope.actorUserId })
    .returning({ id: measureAssignments.id });
  return row!.id;
}

export async function endAssignment(tx: AppTransaction, scope: AccessScope, clientId: string, id: string) {
  const rows = await tx
    .update(measureAssignments)
    .set({ active: false, updatedAt: new Date() })
    .where(
      and(
        eq(measureAssignments.practiceId, scope.practiceId),
        eq(measureAssignments.clientId, clientId),
        eq(measureAssignments.id, id),
        eq(measureAssignments.active, true),
      ),
    )
    .returning({ id: measureAssignments.id });
  return rows.length === 1;
}

/** A completed "once" assignment is finished: it ends when its measure comes in. */
export async function endCompletedOnce(
  tx: AppTransaction,
  scope: AccessScope,
  clientId: string,
  instrumentId: string,
) {
  await tx
    .update(measureAssignments)
    .set({ active: false, updatedAt: new Date() })
    .where(
      and(
        eq(measureAssignments.practiceId, scope.practiceId),
        eq(measureAssignments.clientId, clientId),
        eq(measureAssignments.instrumentId, instrumentId),
        eq(measureAssignments.cadence, 'once'),
        eq(measureAssignments.active, true),
      ),
    );
}
