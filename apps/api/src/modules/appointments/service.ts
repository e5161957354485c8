import {
  AppointmentSchema,
  psychotherapyCodeFor,
  type Appointment,
  type AppointmentDetail,
  type AppointmentList,
  type ListAppointmentsQuery,
} from '@mentalspace/contracts';
import { notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import { canSeeScheduleDirectly } from '../../security/policy';
import { isSuperviseeOf } from '../staff/service';
import { isClientInReach } from '../clients/service';
import { findAppointmentDetail, listClientAppointments, listClinicianAppointments } from './repo';

type Row = Awaited<ReturnType<typeof listClinicianAppointments>>[number];

const toAppointment = <R extends Row>(row: R) => ({
  ...row,
  startsAt: row.startsAt.toISOString(),
  endsAt: row.endsAt.toISOString(),
});

/** The portal sees when and with whom, not the practice's documentation or billing state. */
const forCaller = (ctx: ServiceContext) => (row: Row) =>
  ctx.scope.actorRole === 'client'
    ? { ...toAppointment(row), documentation: null, billable: null }
    : toAppointment(row);

/** A clinician's schedule for a window. Another clinician's schedule out of reach answers 404. */
export async function listSchedule(
  ctx: ServiceContext,
  query: ListAppointmentsQuery,
): Promise<AppointmentList> {
  const { scope } = ctx;
  const result = await ctx.database.inPractice(scope.practiceId, async (tx) => {
    const { clinicianId } = query;
    const inReach = clinicianId
      ? canSeeScheduleDirectly(scope, clinicianId) ||
        (scope.schedules.kind === 'clinicians' &&
          scope.schedules.includeSupervisees &&
          (await isSuperviseeOf(tx, ctx, scope.actorUserId, clinicianId)))
      : scope.schedules.kind === 'practice';
    const rows = inReach
      ? await listClinicianAppointments(tx, scope, {
          clinicianId,
          from: new Date(query.from),
          to: new Date(query.to),
          locationId: query.locationId,
          roomId: query.roomId,
          includeCancelled: query.includeCancelled,
        })
      : null;
    await writeAudit(tx, scope, ctx.audit, {
      action: 'appointment.list',
      resourceType: 'appointment',
      outcome: rows ? 'success' : 'denied',
      details: { clinicianId: clinicianId ?? null, returned: rows?.length ?? 0 },
    });
    return rows;
  });
  // Another clinician's schedule out of reach answers like one that does not exist.
  if (!result) throw notFound('Clinician');
  return { items: result.map(toAppointment) };
}

/** The appointments on a client's chart, newest first. */
export async function listAppointmentsForClient(
  ctx: ServiceContext,
  clientId: string,
  limit: number,
): Promise<AppointmentList> {
  const result = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const inReach = await isClientInReach(tx, ctx, clientId);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'appointment.list',
      resourceType: 'appointment',
      clientId: inReach ? clientId : null,
      outcome: inReach ? 'success' : 'denied',
      details: { clientId },
    });
    if (!inReach) return null;
    return listClientAppointments(tx, ctx.scope, { clientId, limit });
  });
  if (!result) throw notFound('Client');
  return { items: result.map(forCaller(ctx)) };
}

/** One appointment with its participants, series and status history; out of reach answers 404. */
export async function getAppointment(ctx: ServiceContext, id: string): Promise<AppointmentDetail> {
  const { scope } = ctx;
  const found = await ctx.database.inPractice(scope.practiceId, async (tx) => {
    const detail = await findAppointmentDetail(tx, scope, id);
    const inReach =
      detail !== null &&
      (canSeeScheduleDirectly(scope, detail.row.clinicianId) ||
        (scope.schedules.kind === 'clinicians' &&
          scope.schedules.includeSupervisees &&
          (await isSuperviseeOf(tx, ctx, scope.actorUserId, detail.row.clinicianId))));
    await writeAudit(tx, scope, ctx.audit, {
      action: 'appointment.read',
      resourceType: 'appointment',
      resourceId: id,
      clientId: inReach ? detail.row.clientId : null,
      outcome: inReach ? 'success' : 'denied',
    });
    return inReach ? detail : null;
  });
  if (!found) throw notFound('Appointment');
  const { row, participants, history } = found;
  const { seriesEndedAt, actualStartedAt, actualEndedAt, placeOfService, modifiers, ...rest } = row;
  const minutes =
    actualStartedAt && actualEndedAt
      ? Math.floor((actualEndedAt.getTime() - actualStartedAt.getTime()) / 60_000)
      : null;
  return {
    ...toAppointment(rest),
    seriesActive: row.seriesId ? seriesEndedAt === null : null,
    ran:
      actualStartedAt && actualEndedAt && minutes !== null
        ? {
            startedAt: actualStartedAt.toISOString(),
            endedAt: actualEndedAt.toISOString(),
            minutes,
            placeOfService,
            modifiers: modifiers ?? [],
            supportedCode: psychotherapyCodeFor(minutes),
          }
        : null,
    participants,
    history: history.map((h) => ({ ...h, changedAt: h.changedAt.toISOString() })),
  };
}

/** The list shape of a detailed appointment (drops history, participants and series fields). */
export function toAppointmentView(detail: AppointmentDetail): Appointment {
  return AppointmentSchema.parse(detail);
}
