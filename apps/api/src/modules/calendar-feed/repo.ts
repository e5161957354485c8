import {
  appointments,
  appointmentSeries,
  appointmentTypes,
  calendarFeeds,
  locations,
  users,
  type AppTransaction,
  type Database,
} from '@mentalspace/db';
import { and, asc, desc, eq, gte, inArray, isNull, lt } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';

export async function revokeFeeds(tx: AppTransaction, scope: AccessScope, userId: string) {
  await tx
    .update(calendarFeeds)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(calendarFeeds.practiceId, scope.practiceId),
        eq(calendarFeeds.userId, userId),
        isNull(calendarFeeds.revokedAt),
      ),
    );
}

export async function insertFeed(tx: AppTransaction, values: typeof calendarFeeds.$inferInsert) {
  const [row] = await tx.insert(calendarFeeds).values(values).returning();
  return row!;
}

export async function activeFeed(tx: AppTransaction, scope: AccessScope, userId: string) {
  const rows = await tx
    .select({ id: calendarFeeds.id, detail: calendarFeeds.detail, createdAt: calendarFeeds.createdAt })
    .from(calendarFeeds)
    .where(
      and(
        eq(calendarFeeds.practiceId, scope.practiceId),
        eq(calendarFeeds.userId, userId),
        isNull(calendarFeeds.revokedAt),
      ),
    )
    .orderBy(desc(calendarFeeds.createdAt))
    .limit(1);
  return rows[0] ?? null;
}

/** The live feed a token names (across practices: a calendar app has no session). */
export async function unsafeFindFeed(database: Database, tokenHash: string) {
  const rows = await database.unsafeOwner
    .select({
      id: calendarFeeds.id,
      practiceId: calendarFeeds.practiceId,
      userId: calendarFeeds.userId,
      detail: calendarFeeds.detail,
      timeZone: users.timeZone,
    })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .where(
      and(
        eq(calendarFeeds.tokenHash, tokenHash),
        isNull(calendarFeeds.revokedAt),
        eq(users.status, 'active'),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

const eventColumns = {
  id: appointments.id,
  startsAt: appointments.startsAt,
  endsAt: appointments.endsAt,
  status: appointments.status,
  modality: appointments.modality,
  seriesId: appointments.seriesId,
  originalStartsAt: appointments.originalStartsAt,
  seriesException: appointments.seriesException,
  typeName: appointmentTypes.name,
  locationName: locations.name,
  updatedAt: appointments.updatedAt,
};

/**
 * A clinician's appointments in a window (never client names), the series they belong to, and
 * every occurrence of those series (for EXDATE and RECURRENCE-ID): three statements.
 */
export async function feedAppointments(
  tx: AppTransaction,
  scope: AccessScope,
  clinicianId: string,
  from: Date,
  to: Date,
) {
  const rows = await tx
    .select(eventColumns)
    .from(appointments)
    .leftJoin(
      appointmentTypes,
      and(
        eq(appointmentTypes.practiceId, appointments.practiceId),
        eq(appointmentTypes.id, appointments.appointmentTypeId),
      ),
    )
    .leftJoin(locations, eq(locations.id, appointments.locationId))
    .where(
      and(
        eq(appointments.practiceId, scope.practiceId),
        eq(appointments.clinicianId, clinicianId),
        gte(appointments.startsAt, from),
        lt(appointments.startsAt, to),
      ),
    )
    .orderBy(asc(appointments.startsAt))
    .limit(5_000);
  const seriesIds = [...new Set(rows.flatMap((r) => (r.seriesId ? [r.seriesId] : [])))];
  const series =
    seriesIds.length === 0
      ? []
      : await tx
          .select({
            id: appointmentSeries.id,
            rrule: appointmentSeries.rrule,
            timeZone: appointmentSeries.timeZone,
            localStart: appointmentSeries.localStart,
            durationMinutes: appointmentSeries.durationMinutes,
            endedAt: appointmentSeries.endedAt,
            materializedUntil: appointmentSeries.materializedUntil,
          })
          .from(appointmentSeries)
          .where(
            and(eq(appointmentSeries.practiceId, scope.practiceId), inArray(appointmentSeries.id, seriesIds)),
          );
  const occurrences =
    seriesIds.length === 0
      ? []
      : await tx
          .select(eventColumns)
          .from(appointments)
          .leftJoin(
            appointmentTypes,
            and(
              eq(appointmentTypes.practiceId, appointments.practiceId),
              eq(appointmentTypes.id, appointments.appointmentTypeId),
            ),
          )
          .leftJoin(locations, eq(locations.id, appointments.locationId))
          .where(
            and(eq(appointments.practiceId, scope.practiceId), inArray(appointments.seriesId, seriesIds)),
          )
          .orderBy(asc(appointments.startsAt));
  return { rows, series, occurrences };
}
