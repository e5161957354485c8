import type { AssignMeasureBodySchema, MeasureAssignment } from '@mentalspace/contracts';
import type { z } from 'zod';
import { integrityViolation } from '../../database-errors';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import { canWriteClinical } from '../../security/policy';
import { isClientInReach, readChartPart } from '../clients/service';
import { endAssignment, insertAssignment, listAssignments } from './assignment-repo';

type Row = Awaited<ReturnType<typeof listAssignments>>[number];
const view = (r: Row): MeasureAssignment => ({
  ...r,
  instrumentId: r.instrumentId as MeasureAssignment['instrumentId'],
  lastCompletedAt: r.lastCompletedAt ? new Date(r.lastCompletedAt).toISOString() : null,
});

/** A client's measure schedule, with what is due now (staff see ended ones too). */
export async function getAssignments(ctx: ServiceContext, clientId: string) {
  const rows = await readChartPart(ctx, clientId, 'client.measure_schedule_read', (tx) =>
    listAssignments(tx, ctx.scope, clientId, ctx.scope.actorRole === 'client'),
  );
  return { items: rows.map(view) };
}

export async function assignMeasure(
  ctx: ServiceContext,
  clientId: string,
  body: z.output<typeof AssignMeasureBodySchema>,
) {
  try {
    await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
      if (!(await isClientInReach(tx, ctx, clientId))) throw notFound('Client');
      if (!canWriteClinical(ctx.scope)) throw new AppError('forbidden', 'Your role does not assign measures');
      const id = await insertAssignment(tx, ctx.scope, {
        clientId,
        instrumentId: body.instrumentId,
        cadence: body.cadence,
        intervalWeeks: body.intervalWeeks ?? null,
      });
      await writeAudit(tx, ctx.scope, ctx.audit, {
        action: 'measure.assigned',
        resourceType: 'measure_assignment',
        resourceId: id,
        clientId,
        details: { instrument: body.instrumentId, cadence: body.cadence },
      });
    });
  } catch (error) {
    if (integrityViolation(error)?.constraint === 'measure_assignments_one_active') {
      throw new AppError(
        'conflict',
        'This measure is already assigned to the client; end that schedule first',
      );
    }
    throw error;
  }
  return getAssignments(ctx, clientId);
}

export async function unassignMeasure(ctx: ServiceContext, clientId: string, assignmentId: string) {
  await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await isClientInReach(tx, ctx, clientId))) throw notFound('Client');
    if (!canWriteClinical(ctx.scope)) throw new AppError('forbidden', 'Your role does not assign measures');
    if (!(await endAssignment(tx, ctx.scope, clientId, assignmentId))) throw notFound('Active assignment');
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'measure.unassigned',
      resourceType: 'measure_assignment',
      resourceId: assignmentId,
      clientId,
    });
  });
  return getAssignments(ctx, clientId);
}
