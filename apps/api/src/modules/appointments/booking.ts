import {
  DEFAULT_SCHEDULING_SETTINGS,
  SchedulingSettingsSchema,
  type CreateAppointmentBodySchema,
  type SchedulingSettings,
} from '@mentalspace/contracts';
import type { AppTransaction } from '@mentalspace/db';
import type { z } from 'zod';
import { notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import { canManageSchedule } from '../../security/policy';
import { isClientInReach } from '../clients/service';
import {
  findAppointmentType,
  findOverlap,
  findRoom,
  findSchedulableClinician,
  insertAppointments,
  insertSeries,
  practiceSchedulingSettings,
} from './booking-repo';
import { occurrencesBetween, SERIES_HORIZON_DAYS, validateSeriesRule } from './recurrence';
import { invalidField, isOverlap, slotTaken } from './schedule-errors';
import { formatLocal, localParts } from './zoned-time';

type CreateBody = z.output<typeof CreateAppointmentBodySchema>;

/** A booking may start this long ago without being "documenting" (a clock a little behind). */
const PAST_GRACE_MS = 5 * 60_000;

export function schedulingSettings(stored: Record<string, unknown>): SchedulingSettings {
  const parsed = SchedulingSettingsSchema.safeParse({ ...DEFAULT_SCHEDULING_SETTINGS, ...stored });
  return parsed.success ? parsed.data : DEFAULT_SCHEDULING_SETTINGS;
}

/**
 * Everything a booking needs checked inside its transaction: the clinician is schedulable and in
 * the caller's reach, every client is in reach, the type, room and location agree. Out of reach
 * answers like a missing record (404) and is audited by the caller.
 */
async function resolveBooking(tx: AppTransaction, ctx: ServiceContext, body: CreateBody) {
  if (!canManageSchedule(ctx.scope, body.clinicianId)) return { denied: 'Clinician' as const };
  const clinician = await findSchedulableClinician(tx, ctx.scope, body.clinicianId);
  if (!clinician) return { denied: 'Clinician' as const };
  const clientIds = [body.clientId, ...body.additionalClientIds];
  if (new Set(clientIds).size !== clientIds.length)
    throw invalidField('body.additionalClientIds', 'lists a client twice');
  for (const clientId of clientIds) {
    if (!(await isClientInReach(tx, ctx, clientId))) return { denied: 'Client' as const };
  }
  if (body.kind === 'individual' && body.additionalClientIds.length > 0)
    throw invalidField('body.kind', 'must be couple, family or group when several clients attend');
  let serviceCode = body.serviceCode ?? null;
  if (body.appointmentTypeId) {
    const type = await findAppointmentType(tx, ctx.scope, body.appointmentTypeId);
    if (!type || !type.active)
      throw invalidField('body.appointmentTypeId', 'is not an active appointment type');
    serviceCode ??= type.cptCode;
  }
  let locationId = body.locationId ?? null;
  if (body.roomId) {
    if (body.modality === 'telehealth') throw invalidField('body.roomId', 'is only for in-person sessions');
    const room = await findRoom(tx, ctx.scope, body.roomId);
    if (!room || !room.active) throw invalidField('body.roomId', 'is not an active room of the practice');
    if (locationId && locationId !== room.locationId)
      throw invalidField('body.roomId', 'is not at the chosen location');
    locationId = room.locationId;
  }
  return { clinician, locationId, serviceCode };
}

/**
 * Books one appointment, or a recurring series materialized up to the rolling horizon, in one
 * transaction: either every occurrence is booked or none is. The exclusion constraints decide
 * races, so of many concurrent bookings of one slot exactly one succeeds.
 */
export async function bookAppointment(ctx: ServiceContext, body: CreateBody, now = new Date()) {
  const startsAt = new Date(body.startsAt);
  const endsAt = new Date(body.endsAt);
  if (!body.documenting && startsAt.getTime() < now.getTime() - PAST_GRACE_MS)
    throw invalidField('body.startsAt', 'is in the past; set documenting to record a past session');
  if (body.documenting && body.recurrence)
    throw invalidField('body.recurrence', 'cannot repeat a session being documented');
  const durationMinutes = Math.round((endsAt.getTime() - startsAt.getTime()) / 60_000);
  const { scope } = ctx;

  const attempt = () =>
    ctx.database.inPractice(scope.practiceId, async (tx) => {
      const resolved = await resolveBooking(tx, ctx, body);
      if ('denied' in resolved) {
        await writeAudit(tx, scope, ctx.audit, {
          action: 'appointment.create',
          resourceType: 'appointment',
          outcome: 'denied',
          details: { clinicianId: body.clinicianId },
        });
        return { denied: resolved.denied };
      }
      const { clinician, locationId, serviceCode } = resolved;
      const base = {
        practiceId: scope.practiceId,
        clinicianId: body.clinicianId,
        clientId: body.clientId,
        kind: body.kind,
        appointmentTypeId: body.appointmentTypeId ?? null,
        modality: body.modality,
        locationId,
        roomId: body.roomId ?? null,
        serviceCode,
        createdBy: scope.actorUserId,
        status: body.documenting ? ('completed' as const) : ('scheduled' as const),
      };

      let seriesId: string | null = null;
      let periods = [{ startsAt, endsAt, originalStartsAt: null as Date | null }];
      if (body.recurrence) {
        const timeZone = body.recurrence.timeZone ?? clinician.timeZone;
        const rule = {
          rrule: body.recurrence.rrule.replace(/^RRULE:/, ''),
          timeZone,
          localStart: formatLocal(localParts(startsAt, timeZone)),
        };
        validateSeriesRule(rule);
        const horizon = new Date(now.getTime() + SERIES_HORIZON_DAYS * 86_400_000);
        const occurrences = occurrencesBetween(rule, startsAt, horizon);
        const series = await insertSeries(tx, {
          ...base,
          ...rule,
          durationMinutes,
          materializedUntil: horizon,
          createdBy: scope.actorUserId,
        });
        seriesId = series.id;
        periods = occurrences.map((o) => ({
          startsAt: o.startsAt,
          endsAt: new Date(o.startsAt.getTime() + durationMinutes * 60_000),
          originalStartsAt: o.startsAt,
        }));
        if (periods.length === 0) throw invalidField('body.recurrence.rrule', 'yields no occurrence');
      }
      const inserted = await insertAppointments(
        tx,
        scope,
        periods.map((p) => ({ ...base, ...p, seriesId })),
        body.additionalClientIds,
      );
      await writeAudit(tx, scope, ctx.audit, {
        action: 'appointment.create',
        resourceType: 'appointment',
        resourceId: inserted[0]!.id,
        clientId: body.clientId,
        details: { occurrences: inserted.length, seriesId, clinicianId: body.clinicianId },
      });
      return { appointment: inserted[0]!, occurrences: inserted.length, seriesId, periods };
    });

  let result: Awaited<ReturnType<typeof attempt>>;
  try {
    result = await attempt();
  } catch (error) {
    if (!isOverlap(error)) throw error;
    throw slotTaken(await describeConflict(ctx, body, startsAt, endsAt, now));
  }
  if ('denied' in result) throw notFound(result.denied ?? 'Clinician');
  return result;
}

/** After a refused booking: which slot was in the way (re-read; the failed transaction is gone). */
async function describeConflict(
  ctx: ServiceContext,
  body: CreateBody,
  startsAt: Date,
  endsAt: Date,
  now: Date,
) {
  return ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    let periods = [{ startsAt, endsAt }];
    if (body.recurrence) {
      const clinician = await findSchedulableClinician(tx, ctx.scope, body.clinicianId);
      const timeZone = body.recurrence.timeZone ?? clinician?.timeZone ?? 'UTC';
      const duration = endsAt.getTime() - startsAt.getTime();
      periods = occurrencesBetween(
        { rrule: body.recurrence.rrule, timeZone, localStart: formatLocal(localParts(startsAt, timeZone)) },
        startsAt,
        new Date(now.getTime() + SERIES_HORIZON_DAYS * 86_400_000),
      ).map((o) => ({ startsAt: o.startsAt, endsAt: new Date(o.startsAt.getTime() + duration) }));
    }
    return findOverlap(tx, ctx.scope, {
      clinicianId: body.clinicianId,
      roomId: body.roomId ?? null,
      periods,
      excludeIds: [],
    });
  });
}

export async function loadSchedulingSettings(tx: AppTransaction, ctx: Pick<ServiceContext, 'scope'>) {
  const row = await practiceSchedulingSettings(tx, ctx.scope);
  return { settings: schedulingSettings(row.settings), practiceTimeZone: row.timeZone };
}

/**
 * For other modules (a claimed waitlist offer, a portal booking), inside their transaction: books
 * one appointment with its first status entry. The exclusion constraints still decide; the caller
 * turns an overlap (see `isOverlap`) into its own answer.
 */
export async function bookInTransaction(
  tx: AppTransaction,
  ctx: Pick<ServiceContext, 'scope'>,
  values: {
    clinicianId: string;
    clientId: string;
    startsAt: Date;
    endsAt: Date;
    modality: 'in_person' | 'telehealth';
    locationId: string | null;
    roomId: string | null;
    serviceCode: string | null;
    appointmentTypeId: string | null;
    status?: 'requested' | 'scheduled';
  },
  channel: string,
) {
  const [row] = await insertAppointments(
    tx,
    ctx.scope,
    [{ ...values, status: values.status ?? 'scheduled', practiceId: ctx.scope.practiceId, createdBy: null }],
    [],
    channel,
  );
  return row!;
}
