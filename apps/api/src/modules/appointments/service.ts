import type { AppointmentList, ListAppointmentsQuery } from '@mentalspace/contracts';
import { notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import { canSeeScheduleDirectly } from '../../security/policy';
import { isSuperviseeOf } from '../staff/service';
import { isClientInReach } from '../clients/service';
import { listClientAppointments, listClinicianAppointments } from './repo';

type Row = Awaited<ReturnType<typeof listClinicianAppointments>>[number];

const toAppointment = (row: Row) => ({
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
    const inReach =
      canSeeScheduleDirectly(scope, query.clinicianId) ||
      (scope.schedules.kind === 'clinicians' &&
        scope.schedules.includeSupervisees &&
        (await isSuperviseeOf(tx, ctx, scope.actorUserId, query.clinicianId)));
    const rows = inReach
      ? await listClinicianAppointments(tx, scope, {
          clinicianId: query.clinicianId,
          from: new Date(query.from),
          to: new Date(query.to),
        })
      : null;
    await writeAudit(tx, scope, ctx.audit, {
      action: 'appointment.list',
      resourceType: 'appointment',
      outcome: rows ? 'success' : 'denied',
      details: { clinicianId: query.clinicianId, returned: rows?.length ?? 0 },
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
