import type { AppointmentStatus, ChangeAppointmentStatusBodySchema } from '@mentalspace/contracts';
import type { AppTransaction } from '@mentalspace/db';
import type { z } from 'zod';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import { canManageSchedule } from '../../security/policy';
import {
  findAppointmentForUpdate,
  seriesOccurrencesFrom,
  setAppointmentStatus,
  updateSeries,
} from './booking-repo';
import { loadSchedulingSettings } from './booking';

type StatusBody = z.output<typeof ChangeAppointmentStatusBodySchema>;

/** A slot given back to the schedule, for the waitlist to offer. */
export interface FreedSlot {
  appointmentId: string;
  clinicianId: string;
  startsAt: Date;
  endsAt: Date;
  modality: 'in_person' | 'telehealth';
  locationId: string | null;
  roomId: string | null;
  serviceCode: string | null;
  appointmentTypeId: string | null;
}

/** Called in the same transaction when cancellations free future slots (the waitlist listens). */
export type SlotsFreedHook = (tx: AppTransaction, ctx: ServiceContext, slots: FreedSlot[]) => Promise<void>;

/** Where each status may go. Completed and cancelled are final: rebook instead. */
const TRANSITIONS: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  // A request from the portal is approved (scheduled) or declined (cancelled by the practice).
  requested: ['scheduled', 'cancelled'],
  scheduled: ['confirmed', 'checked_in', 'in_session', 'completed', 'no_show', 'cancelled'],
  confirmed: ['scheduled', 'checked_in', 'in_session', 'completed', 'no_show', 'cancelled'],
  checked_in: ['confirmed', 'in_session', 'completed', 'no_show', 'cancelled'],
  in_session: ['completed'],
  completed: [],
  no_show: ['scheduled'],
  cancelled: [],
};

/** Statuses that say the session happened or did not: only once it has started. */
const AFTER_START: readonly AppointmentStatus[] = ['completed', 'no_show'];

/**
 * Changes an appointment's status, recording who, when and from what. Cancelling a series
 * occurrence can take the following ones, or all upcoming, with it; those end the series.
 * A client's cancellation inside the practice's window is flagged late.
 */
export async function changeAppointmentStatus(
  ctx: ServiceContext,
  id: string,
  body: StatusBody,
  options: StatusChangeOptions = {},
) {
  const result = await ctx.database.inPractice(ctx.scope.practiceId, (tx) =>
    changeAppointmentStatusIn(tx, ctx, id, body, options),
  );
  if (!result) throw notFound('Appointment');
  if (body.status === 'checked_in' && result.changed > 0) {
    ctx.realtime?.toUsers([result.clinicianId], 'appointment.checked_in', {
      appointmentId: id,
      startsAt: result.startsAt.toISOString(),
    });
  }
  return { changed: result.changed };
}

export interface StatusChangeOptions {
  now?: Date;
  channel?: string;
  onSlotsFreed?: SlotsFreedHook;
  /** The caller proved the right to act on this one appointment (a reminder's link). */
  authorizedByLink?: boolean;
  /** The session demonstrably ran (a telehealth session ended): completed even before its slot. */
  sessionRan?: boolean;
}

/**
 * The status change inside the caller's transaction (a telehealth session's admission and end
 * change the appointment with their own writes). Null when the appointment is out of reach (the
 * refusal is audited); the caller answers 404 and emits after commit.
 */
export async function changeAppointmentStatusIn(
  tx: AppTransaction,
  ctx: ServiceContext,
  id: string,
  body: StatusBody,
  options: StatusChangeOptions = {},
) {
  const now = options.now ?? new Date();
  const { scope } = ctx;
  const appointment = await findAppointmentForUpdate(tx, scope, id);
  const allowed = options.authorizedByLink
    ? appointment?.clientId === (scope.clients.kind === 'self' ? scope.clients.clientId : null)
    : appointment !== null && canManageSchedule(scope, appointment.clinicianId);
  if (!appointment || !allowed) {
    await writeAudit(tx, scope, ctx.audit, {
      action: 'appointment.status_change',
      resourceType: 'appointment',
      resourceId: id,
      outcome: 'denied',
    });
    return null;
  }
  const from = appointment.status;
  if (from === body.status)
    return { changed: 0, clinicianId: appointment.clinicianId, startsAt: appointment.startsAt };
  if (!TRANSITIONS[from].includes(body.status))
    throw new AppError(
      'conflict',
      `A ${from.replace('_', ' ')} appointment cannot become ${body.status.replace('_', ' ')}`,
    );
  if (AFTER_START.includes(body.status) && appointment.startsAt > now && !options.sessionRan)
    throw new AppError(
      'conflict',
      `The appointment has not started yet; it cannot be marked ${body.status.replace('_', ' ')}`,
    );

  let targets = [appointment];
  if (body.status === 'cancelled' && appointment.seriesId && body.scope !== 'this') {
    const from = body.scope === 'all' ? now : appointment.startsAt;
    const rest = await seriesOccurrencesFrom(tx, scope, appointment.seriesId, from, {
      includeExceptions: true,
    });
    targets = [appointment, ...rest.filter((a) => a.id !== appointment.id)];
    await updateSeries(tx, scope, appointment.seriesId, { endedAt: now });
  }
  const { settings } = await loadSchedulingSettings(tx, ctx);
  const lateCancel =
    body.status === 'cancelled' &&
    body.cancelledBy === 'client' &&
    appointment.startsAt.getTime() - now.getTime() < settings.lateCancelHours * 3_600_000 &&
    appointment.startsAt > now;
  await setAppointmentStatus(
    tx,
    scope,
    targets.map((a) => a.id),
    {
      status: body.status,
      cancelledBy: body.status === 'cancelled' ? (body.cancelledBy ?? null) : null,
      lateCancel,
      changedBy: scope.actorRole === 'client' ? null : scope.actorUserId,
      channel: options.channel ?? 'staff',
      fromStatus: new Map(targets.map((a) => [a.id, a.status])),
    },
  );
  await writeAudit(tx, scope, ctx.audit, {
    action: 'appointment.status_change',
    resourceType: 'appointment',
    resourceId: id,
    clientId: appointment.clientId,
    details: { from, to: body.status, count: targets.length, lateCancel },
  });
  const freed = body.status === 'cancelled' ? targets.filter((a) => a.startsAt > now) : [];
  if (freed.length > 0 && options.onSlotsFreed) {
    await options.onSlotsFreed(
      tx,
      ctx,
      freed.map((a) => ({
        appointmentId: a.id,
        clinicianId: a.clinicianId,
        startsAt: a.startsAt,
        endsAt: a.endsAt,
        modality: a.modality,
        locationId: a.locationId,
        roomId: a.roomId,
        serviceCode: a.serviceCode,
        appointmentTypeId: a.appointmentTypeId,
      })),
    );
  }
  return { changed: targets.length, clinicianId: appointment.clinicianId, startsAt: appointment.startsAt };
}
