import {
  appointmentParticipants,
  appointments,
  appointmentSeries,
  appointmentStatusChanges,
  type Database,
} from '@mentalspace/db';
import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import { occurrencesBetween, SERIES_HORIZON_DAYS } from './recurrence';

/** How many series one run extends; the next run takes the rest. */
const BATCH = 200;

/**
 * Extends running series to the rolling horizon (a job across practices, hence unsafe: it runs as
 * the owner and writes only rows derived from each series). An occurrence whose slot was booked
 * meanwhile is skipped (ON CONFLICT DO NOTHING honours the exclusion constraints), never forced.
 */
export async function unsafeExtendSeriesHorizon(database: Database, now = new Date()) {
  const horizon = new Date(now.getTime() + SERIES_HORIZON_DAYS * 86_400_000);
  const due = await database.unsafeOwner
    .select()
    .from(appointmentSeries)
    .where(
      and(
        isNull(appointmentSeries.endedAt),
        lt(appointmentSeries.materializedUntil, new Date(horizon.getTime() - 86_400_000)),
      ),
    )
    .limit(BATCH);
  let booked = 0;
  let skipped = 0;
  for (const series of due) {
    await database.unsafeOwner.transaction(async (tx) => {
      const occurrences = occurrencesBetween(series, series.materializedUntil, horizon);
      const [latest] = await tx
        .select({ id: appointments.id })
        .from(appointments)
        .where(eq(appointments.seriesId, series.id))
        .orderBy(desc(appointments.startsAt))
        .limit(1);
      const others = latest
        ? await tx
            .select({ clientId: appointmentParticipants.clientId })
            .from(appointmentParticipants)
            .where(eq(appointmentParticipants.appointmentId, latest.id))
        : [];
      const inserted =
        occurrences.length === 0
          ? []
          : await tx
              .insert(appointments)
              .values(
                occurrences.map((o) => ({
                  practiceId: series.practiceId,
                  clinicianId: series.clinicianId,
                  clientId: series.clientId,
                  kind: series.kind,
                  appointmentTypeId: series.appointmentTypeId,
                  modality: series.modality,
                  locationId: series.locationId,
                  roomId: series.roomId,
                  serviceCode: series.serviceCode,
                  seriesId: series.id,
                  startsAt: o.startsAt,
                  endsAt: new Date(o.startsAt.getTime() + series.durationMinutes * 60_000),
                  originalStartsAt: o.startsAt,
                  createdBy: series.createdBy,
                })),
              )
              .onConflictDoNothing()
              .returning({ id: appointments.id });
      if (inserted.length > 0) {
        await tx.insert(appointmentStatusChanges).values(
          inserted.map((a) => ({
            practiceId: series.practiceId,
            appointmentId: a.id,
            toStatus: 'scheduled' as const,
            channel: 'series_horizon',
          })),
        );
        if (others.length > 0) {
          await tx.insert(appointmentParticipants).values(
            inserted.flatMap((a) =>
              others.map((p) => ({
                practiceId: series.practiceId,
                appointmentId: a.id,
                clientId: p.clientId,
              })),
            ),
          );
        }
      }
      await tx
        .update(appointmentSeries)
        .set({ materializedUntil: horizon })
        .where(eq(appointmentSeries.id, series.id));
      booked += inserted.length;
      skipped += occurrences.length - inserted.length;
    });
  }
  return { series: due.length, booked, skipped };
}
