import type { RescheduleAppointmentBodySchema } from '@mentalspace/contracts';
import type { z } from 'zod';
import rruleModule from 'rrule';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import { canManageSchedule } from '../../security/policy';
import {
  findAppointmentForUpdate,
  findOverlap,
  findRoom,
  findSeries,
  insertSeries,
  countSeriesBefore,
  moveAppointment,
  reassignSeries,
  seriesOccurrencesFrom,
  updateSeries,
} from './booking-repo';
import { invalidField, isOverlap, slotTaken } from './schedule-errors';
import { formatLocal, localParts, zonedInstant } from './zoned-time';

const { RRule } = rruleModule;
type RescheduleBody = z.output<typeof RescheduleAppointmentBodySchema>;

/** Moves a wall-clock time by whole minutes, in the zone (so 9:00 → 10:00 stays 10:00 after DST). */
function shiftWallClock(instant: Date, timeZone: string, minutes: number) {
  const p = localParts(instant, timeZone);
  const floating = new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) + minutes * 60_000);
  return zonedInstant(
    {
      year: floating.getUTCFullYear(),
      month: floating.getUTCMonth() + 1,
      day: floating.getUTCDate(),
      hour: floating.getUTCHours(),
      minute: floating.getUTCMinutes(),
    },
    timeZone,
  );
}

/** Wall-clock minutes between two instants in a zone. */
function wallClockMinutes(from: Date, to: Date, timeZone: string) {
  const a = localParts(from, timeZone);
  const b = localParts(to, timeZone);
  return (
    (Date.UTC(b.year, b.month - 1, b.day, b.hour, b.minute) -
      Date.UTC(a.year, a.month - 1, a.day, a.hour, a.minute)) /
    60_000
  );
}

/** The rule with COUNT lowered by the occurrences that stay with the old series. */
function remainingRule(rrule: string, alreadyHeld: number) {
  const options = RRule.parseString(rrule);
  if (options.count === undefined || options.count === null) return rrule;
  const rest = Math.max(1, options.count - alreadyHeld);
  return RRule.optionsToString({ ...options, count: rest }).replace(/^RRULE:/, '');
}

/**
 * Moves an appointment. For a series: "this" moves one occurrence and keeps it as an exception;
 * "following" and "all" split the series at that point, so the occurrences before keep their
 * time, and shift every later occurrence by the same wall-clock amount under a new series.
 */
export async function rescheduleAppointment(
  ctx: ServiceContext,
  id: string,
  body: RescheduleBody,
  now = new Date(),
) {
  const { scope } = ctx;
  const startsAt = new Date(body.startsAt);
  const endsAt = new Date(body.endsAt);
  if (startsAt.getTime() < now.getTime() - 5 * 60_000) throw invalidField('body.startsAt', 'is in the past');
  let movedIds: string[] = [];
  let probe: Parameters<typeof findOverlap>[2] | null = null;
  try {
    const result = await ctx.database.inPractice(scope.practiceId, async (tx) => {
      const appointment = await findAppointmentForUpdate(tx, scope, id);
      if (!appointment || !canManageSchedule(scope, appointment.clinicianId)) {
        await writeAudit(tx, scope, ctx.audit, {
          action: 'appointment.reschedule',
          resourceType: 'appointment',
          resourceId: id,
          outcome: 'denied',
        });
        return null;
      }
      if (!['scheduled', 'confirmed'].includes(appointment.status))
        throw new AppError(
          'conflict',
          `A ${appointment.status.replace('_', ' ')} appointment cannot be moved`,
        );
      let roomId = body.roomId === undefined ? appointment.roomId : body.roomId;
      let locationId = body.locationId === undefined ? appointment.locationId : body.locationId;
      if (roomId) {
        if (appointment.modality === 'telehealth')
          throw invalidField('body.roomId', 'is only for in-person sessions');
        const room = await findRoom(tx, scope, roomId);
        if (!room || !room.active) throw invalidField('body.roomId', 'is not an active room of the practice');
        locationId = room.locationId;
      } else roomId = null;
      const duration = endsAt.getTime() - startsAt.getTime();

      if (!appointment.seriesId || body.scope === 'this') {
        probe = {
          clinicianId: appointment.clinicianId,
          roomId,
          periods: [{ startsAt, endsAt }],
          excludeIds: [id],
        };
        await moveAppointment(tx, scope, id, {
          startsAt,
          endsAt,
          roomId,
          locationId,
          seriesException: appointment.seriesId !== null,
        });
        movedIds = [id];
      } else {
        const series = await findSeries(tx, scope, appointment.seriesId);
        if (!series) throw notFound('Appointment');
        const pivot = body.scope === 'all' ? now : appointment.startsAt;
        const following = await seriesOccurrencesFrom(tx, scope, series.id, pivot, {
          includeExceptions: false,
        });
        const first = following[0] ?? appointment;
        const shift = wallClockMinutes(appointment.startsAt, startsAt, series.timeZone);
        const newFirstStart = shiftWallClock(first.startsAt, series.timeZone, shift);
        const heldBefore = await countSeriesBefore(
          tx,
          scope,
          series.id,
          first.originalStartsAt ?? first.startsAt,
        );
        const successor = await insertSeries(tx, {
          ...series,
          id: undefined,
          rrule: remainingRule(series.rrule, heldBefore),
          localStart: formatLocal(localParts(newFirstStart, series.timeZone)),
          durationMinutes: Math.round(duration / 60_000),
          roomId,
          locationId,
          endedAt: null,
          createdAt: undefined,
          updatedAt: undefined,
          createdBy: scope.actorUserId,
        });
        await updateSeries(tx, scope, series.id, { endedAt: now });
        const moves = following.map((a) => {
          const s = shiftWallClock(a.startsAt, series.timeZone, shift);
          return { id: a.id, startsAt: s, endsAt: new Date(s.getTime() + duration) };
        });
        probe = {
          clinicianId: appointment.clinicianId,
          roomId,
          periods: moves,
          excludeIds: moves.map((m) => m.id),
        };
        // Later-first when moving later (earlier-first when earlier), so no occurrence lands on a
        // sibling that has not moved yet.
        if (shift > 0) moves.reverse();
        for (const m of moves) {
          await moveAppointment(tx, scope, m.id, {
            startsAt: m.startsAt,
            endsAt: m.endsAt,
            roomId,
            locationId,
            seriesException: false,
          });
          await reassignSeries(tx, scope, m.id, successor.id, m.startsAt);
        }
        movedIds = moves.map((m) => m.id);
      }
      await writeAudit(tx, scope, ctx.audit, {
        action: 'appointment.reschedule',
        resourceType: 'appointment',
        resourceId: id,
        clientId: appointment.clientId,
        details: { scope: body.scope, count: movedIds.length },
      });
      return { changed: movedIds.length };
    });
    if (!result) throw notFound('Appointment');
    return result;
  } catch (error) {
    if (!isOverlap(error) || !probe) throw error;
    const conflictProbe = probe;
    const conflict = await ctx.database.inPractice(scope.practiceId, (tx) =>
      findOverlap(tx, scope, conflictProbe),
    );
    throw slotTaken(conflict);
  }
}
