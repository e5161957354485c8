import type { Availability, ReplaceAvailabilityBodySchema, SlotQuerySchema } from '@mentalspace/contracts';
import type { AppTransaction } from '@mentalspace/db';
import type { z } from 'zod';
import { notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import { canManageSchedule, canSeeScheduleDirectly } from '../../security/policy';
import { invalidField } from '../appointments/schedule-errors';
import { computeOpenSlots } from './open-slots';
import {
  countPracticeLocations,
  deleteTimeOff,
  insertTimeOff,
  listBusy,
  listClinicianCalendars,
  listTimeOff,
  replaceWorkingHours,
} from './repo';

const minutesToTime = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Open slots are listed at most this many at a time (earliest first). */
export const MAX_SLOTS = 500;

/** A clinician's hours, zone, buffer and time off from today on. */
export async function getAvailability(
  ctx: ServiceContext,
  clinicianId: string,
  now = new Date(),
): Promise<Availability> {
  const { scope } = ctx;
  if (!canSeeScheduleDirectly(scope, clinicianId)) throw notFound('Clinician');
  return ctx.database.inPractice(scope.practiceId, async (tx) => {
    const [calendar] = await listClinicianCalendars(tx, scope, [clinicianId]);
    if (!calendar) throw notFound('Clinician');
    const away = await listTimeOff(tx, scope, [clinicianId], now, new Date(now.getTime() + 366 * 86_400_000));
    return {
      clinicianId,
      timeZone: calendar.timeZone,
      bufferMinutes: calendar.bufferMinutes,
      workingHours: calendar.hours.map((h) => ({
        weekday: h.weekday,
        startsAt: minutesToTime(h.startMinute),
        endsAt: minutesToTime(h.endMinute),
        locationId: h.locationId,
        modality: h.modality,
      })),
      timeOff: away.map((a) => ({
        id: a.id,
        startsAt: a.startsAt.toISOString(),
        endsAt: a.endsAt.toISOString(),
        reason: a.reason,
      })),
    };
  });
}

async function guardClinician(
  tx: AppTransaction,
  ctx: ServiceContext,
  clinicianId: string,
  action: `${string}.${string}`,
) {
  const ok =
    canManageSchedule(ctx.scope, clinicianId) &&
    (await listClinicianCalendars(tx, ctx.scope, [clinicianId])).length === 1;
  if (!ok) {
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action,
      resourceType: 'availability',
      resourceId: clinicianId,
      outcome: 'denied',
    });
  }
  return ok;
}

/** Replaces a clinician's weekly hours, zone and buffer (the clinician, or the practice's schedulers). */
export async function replaceAvailability(
  ctx: ServiceContext,
  clinicianId: string,
  body: z.output<typeof ReplaceAvailabilityBodySchema>,
) {
  const byDay = new Map<number, { start: string; end: string }[]>();
  for (const h of body.workingHours) {
    const list = byDay.get(h.weekday) ?? [];
    if (list.some((o) => o.start < h.endsAt && h.startsAt < o.end))
      throw invalidField('body.workingHours', `has overlapping hours on weekday ${h.weekday}`);
    list.push({ start: h.startsAt, end: h.endsAt });
    byDay.set(h.weekday, list);
  }
  const found = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await guardClinician(tx, ctx, clinicianId, 'availability.update'))) return false;
    const locationIds = [...new Set(body.workingHours.flatMap((h) => (h.locationId ? [h.locationId] : [])))];
    if ((await countPracticeLocations(tx, ctx.scope, locationIds)) !== locationIds.length)
      throw invalidField('body.workingHours', 'names a location that is not the practice’s');
    await replaceWorkingHours(tx, ctx.scope, clinicianId, {
      timeZone: body.timeZone,
      bufferMinutes: body.bufferMinutes,
      hours: body.workingHours,
    });
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'availability.update',
      resourceType: 'availability',
      resourceId: clinicianId,
      details: { blocks: body.workingHours.length, bufferMinutes: body.bufferMinutes },
    });
    return true;
  });
  if (!found) throw notFound('Clinician');
  return getAvailability(ctx, clinicianId);
}

export async function addTimeOff(
  ctx: ServiceContext,
  clinicianId: string,
  body: { startsAt: string; endsAt: string; reason?: string | undefined },
) {
  const created = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await guardClinician(tx, ctx, clinicianId, 'time_off.create'))) return null;
    const row = await insertTimeOff(tx, ctx.scope, {
      clinicianId,
      startsAt: new Date(body.startsAt),
      endsAt: new Date(body.endsAt),
      reason: body.reason ?? null,
    });
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'time_off.create',
      resourceType: 'time_off',
      resourceId: row.id,
      details: { clinicianId },
    });
    return row;
  });
  if (!created) throw notFound('Clinician');
  return getAvailability(ctx, clinicianId);
}

export async function removeTimeOff(ctx: ServiceContext, clinicianId: string, timeOffId: string) {
  const removed = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await guardClinician(tx, ctx, clinicianId, 'time_off.delete'))) return false;
    const ok = await deleteTimeOff(tx, ctx.scope, clinicianId, timeOffId);
    if (ok)
      await writeAudit(tx, ctx.scope, ctx.audit, {
        action: 'time_off.delete',
        resourceType: 'time_off',
        resourceId: timeOffId,
        details: { clinicianId },
      });
    return ok;
  });
  if (!removed) throw notFound('Time off');
  return getAvailability(ctx, clinicianId);
}

/**
 * Open slots for one or many clinicians over a window: three queries (calendars, appointments,
 * time off) whatever the number of clinicians, appointments or days; the rest is computed in
 * memory. Inside another module's transaction, pass `tx`.
 */
export async function findAvailableSlotsIn(
  tx: AppTransaction,
  ctx: Pick<ServiceContext, 'scope'>,
  query: {
    clinicianIds: readonly string[] | null;
    from: Date;
    to: Date;
    durationMinutes: number;
    modality?: 'in_person' | 'telehealth' | undefined;
    now: Date;
    limit?: number;
  },
) {
  const calendars = await listClinicianCalendars(tx, ctx.scope, query.clinicianIds);
  const ids = calendars.map((c) => c.id);
  const [busy, away] = [
    await listBusy(tx, ctx.scope, ids, query.from, query.to),
    await listTimeOff(tx, ctx.scope, ids, query.from, query.to),
  ];
  return computeOpenSlots({
    clinicians: calendars,
    busy,
    away,
    from: query.from,
    to: query.to,
    durationMinutes: query.durationMinutes,
    modality: query.modality,
    notBefore: query.now,
    limit: query.limit ?? MAX_SLOTS,
  });
}

/** The route's entry: open slots of the clinicians in the caller's reach. */
export async function findAvailableSlots(
  ctx: ServiceContext,
  query: z.output<typeof SlotQuerySchema>,
  now = new Date(),
) {
  const { scope } = ctx;
  const requested = query.clinicianIds.length > 0 ? query.clinicianIds : null;
  if (requested && requested.some((id) => !canSeeScheduleDirectly(scope, id))) throw notFound('Clinician');
  const clinicianIds =
    requested ?? (scope.schedules.kind === 'clinicians' ? scope.schedules.clinicianIds : null);
  if (scope.schedules.kind === 'none') throw notFound('Clinician');
  const slots = await ctx.database.inPractice(scope.practiceId, (tx) =>
    findAvailableSlotsIn(tx, ctx, {
      clinicianIds,
      from: new Date(query.from),
      to: new Date(query.to),
      durationMinutes: query.durationMinutes,
      modality: query.modality,
      now,
    }),
  );
  return {
    items: slots.map((s) => ({ ...s, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })),
  };
}
