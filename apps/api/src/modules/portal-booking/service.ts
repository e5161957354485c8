import type { PortalBookBody, PortalBookingOptions } from '@mentalspace/contracts';
import type { z } from 'zod';
import type { PortalSlotQuerySchema } from '@mentalspace/contracts';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import { bookInTransaction, loadSchedulingSettings } from '../appointments/booking';
import { isOverlap, slotTaken } from '../appointments/schedule-errors';
import { findAvailableSlotsIn } from '../availability/service';
import { addressFor, appointmentTime } from '../messaging/compose';
import { enqueueMessages } from '../messaging/outbox';
import { bookableClinicians, bookableTypes, clientContact, notifyClinician } from './repo';

const selfClientId = (ctx: ServiceContext) => {
  if (ctx.scope.clients.kind !== 'self')
    throw new AppError('forbidden', 'This endpoint is for the client portal');
  return ctx.scope.clients.clientId;
};

async function loadOptions(tx: Parameters<typeof bookableTypes>[0], ctx: ServiceContext) {
  const { settings } = await loadSchedulingSettings(tx, ctx);
  const booking = settings.selfBooking;
  if (!booking.enabled) return { booking, types: [], clinicians: [] };
  return {
    booking,
    types: await bookableTypes(tx, ctx.scope),
    clinicians: await bookableClinicians(tx, ctx.scope, selfClientId(ctx), booking.clinicianIds),
  };
}

/** What the signed-in client may book online: the practice's bookable types and clinicians. */
export async function portalBookingOptions(ctx: ServiceContext): Promise<PortalBookingOptions> {
  selfClientId(ctx);
  const { booking, types, clinicians } = await ctx.database.inPractice(ctx.scope.practiceId, (tx) =>
    loadOptions(tx, ctx),
  );
  return {
    enabled: booking.enabled && types.length > 0 && clinicians.length > 0,
    mode: booking.mode,
    minNoticeHours: booking.minNoticeHours,
    types: types.map(({ cptCode: _code, ...t }) => t),
    clinicians,
  };
}

async function resolveChoice(
  tx: Parameters<typeof bookableTypes>[0],
  ctx: ServiceContext,
  appointmentTypeId: string,
  clinicianId: string,
) {
  const options = await loadOptions(tx, ctx);
  const type = options.types.find((t) => t.id === appointmentTypeId);
  const clinician = options.clinicians.find((c) => c.id === clinicianId);
  if (!options.booking.enabled || !type || !clinician) return null;
  return { type, clinician, booking: options.booking };
}

/** Open slots for one bookable type with one bookable clinician, after the practice's notice. */
export async function portalSlots(
  ctx: ServiceContext,
  query: z.output<typeof PortalSlotQuerySchema>,
  now = new Date(),
) {
  selfClientId(ctx);
  const slots = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const choice = await resolveChoice(tx, ctx, query.appointmentTypeId, query.clinicianId);
    if (!choice) return null;
    return findAvailableSlotsIn(tx, ctx, {
      clinicianIds: [choice.clinician.id],
      from: new Date(query.from),
      to: new Date(query.to),
      durationMinutes: choice.type.durationMinutes,
      modality: choice.type.modality,
      now: new Date(now.getTime() + choice.booking.minNoticeHours * 3_600_000),
      limit: 200,
    });
  });
  if (!slots) throw notFound('Bookable appointment type or clinician');
  return {
    items: slots.map((s) => ({ ...s, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })),
  };
}

/**
 * Books (or requests, as the practice chose) an open slot from the portal. The slot is computed
 * again inside the transaction: only a time the schedule really offers can be taken, and the
 * exclusion constraint settles a race with the front desk. The clinician is notified and the
 * client gets a confirmation through the outbox.
 */
export async function portalBook(ctx: ServiceContext, body: PortalBookBody, now = new Date()) {
  const clientId = selfClientId(ctx);
  const startsAt = new Date(body.startsAt);
  try {
    const result = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
      const choice = await resolveChoice(tx, ctx, body.appointmentTypeId, body.clinicianId);
      if (!choice) return null;
      const endsAt = new Date(startsAt.getTime() + choice.type.durationMinutes * 60_000);
      const open = await findAvailableSlotsIn(tx, ctx, {
        clinicianIds: [choice.clinician.id],
        from: startsAt,
        to: endsAt,
        durationMinutes: choice.type.durationMinutes,
        modality: choice.type.modality,
        now: new Date(now.getTime() + choice.booking.minNoticeHours * 3_600_000),
        limit: 5,
      });
      if (!open.some((s) => s.startsAt.getTime() === startsAt.getTime()))
        throw new AppError('appointment_conflict', 'That time is no longer open; choose another');
      const status = choice.booking.mode === 'instant' ? ('scheduled' as const) : ('requested' as const);
      const appointment = await bookInTransaction(
        tx,
        ctx,
        {
          clinicianId: choice.clinician.id,
          clientId,
          startsAt,
          endsAt,
          modality: choice.type.modality,
          locationId: open[0]!.locationId,
          roomId: null,
          serviceCode: choice.type.cptCode,
          appointmentTypeId: choice.type.id,
          status,
        },
        'portal',
      );
      const contact = await clientContact(tx, ctx.scope, clientId);
      const at = appointmentTime(startsAt, choice.clinician.timeZone);
      // The stored notice names no client (the inbox adds the name for a reader who reaches them).
      await notifyClinician(tx, ctx.scope, {
        userId: choice.clinician.id,
        clientId,
        message:
          status === 'requested'
            ? `Online request for ${choice.type.name} on ${at}: approve or decline it on the schedule`
            : `Booked online: ${choice.type.name} on ${at}`,
      });
      const address = addressFor(contact);
      if (address) {
        await enqueueMessages(tx, ctx.scope, [
          {
            ...address,
            subject:
              status === 'requested' ? 'Your appointment request was received' : 'Your appointment is booked',
            body:
              status === 'requested'
                ? `We received your request for ${at} with ${choice.clinician.name}. The practice will confirm it.`
                : `You are booked with ${choice.clinician.name} on ${at}.`,
            purpose: 'portal_booking',
            dedupeKey: `portal_booking:${appointment.id}`,
          },
        ]);
      }
      await writeAudit(tx, ctx.scope, ctx.audit, {
        action: 'appointment.portal_book',
        resourceType: 'appointment',
        resourceId: appointment.id,
        clientId,
        details: { status, clinicianId: choice.clinician.id },
      });
      return {
        appointmentId: appointment.id,
        status,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
      };
    });
    if (!result) throw notFound('Bookable appointment type or clinician');
    ctx.realtime?.toUsers([body.clinicianId], 'notifications.changed', {});
    return result;
  } catch (error) {
    if (isOverlap(error)) throw slotTaken(null);
    throw error;
  }
}
