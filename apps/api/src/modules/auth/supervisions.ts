import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import { canManageStaff } from '../../security/policy';
import {
  activeRoleOf,
  endSupervision,
  insertSupervision,
  isClinicalRole,
  listActiveSupervisions,
} from './supervision-repo';

const onlyManagers = () => new AppError('forbidden', 'Only owners and administrators manage supervision');
const invalid = (field: string, message: string) =>
  new AppError('validation_failed', `${field} ${message}`, {
    fieldErrors: [{ field: `body.${field}`, message }],
  });

export async function listSupervisions(ctx: ServiceContext) {
  if (!canManageStaff(ctx.scope)) throw onlyManagers();
  const rows = await ctx.database.inPractice(ctx.scope.practiceId, (tx) =>
    listActiveSupervisions(tx, ctx.scope),
  );
  return { items: rows.map((r) => ({ ...r, since: r.since.toISOString() })) };
}

/**
 * A supervisor takes on a supervisee: from the next request the supervisor reaches the
 * supervisee's caseload and schedule (policy resolves supervision in SQL). Audited.
 */
export async function startSupervision(ctx: ServiceContext, supervisorId: string, superviseeId: string) {
  if (!canManageStaff(ctx.scope)) throw onlyManagers();
  if (supervisorId === superviseeId)
    throw invalid('superviseeId', 'must be someone other than the supervisor');
  const id = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if ((await activeRoleOf(tx, ctx.scope, supervisorId)) !== 'supervisor')
      throw invalid('supervisorId', 'is not an active supervisor of this practice');
    const superviseeRole = await activeRoleOf(tx, ctx.scope, superviseeId);
    if (!superviseeRole || !isClinicalRole(superviseeRole))
      throw invalid('superviseeId', 'is not an active clinician of this practice');
    const created = await insertSupervision(tx, ctx.scope, supervisorId, superviseeId);
    if (!created) throw new AppError('conflict', 'This supervision already exists');
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'staff.supervision_started',
      resourceType: 'user',
      resourceId: superviseeId,
      details: { supervisorId },
    });
    return created;
  });
  return { id };
}

export async function stopSupervision(ctx: ServiceContext, supervisionId: string) {
  if (!canManageStaff(ctx.scope)) throw onlyManagers();
  const superviseeId = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const ended = await endSupervision(tx, ctx.scope, supervisionId);
    if (ended)
      await writeAudit(tx, ctx.scope, ctx.audit, {
        action: 'staff.supervision_ended',
        resourceType: 'user',
        resourceId: ended,
        details: { supervisionId },
      });
    return ended;
  });
  if (!superviseeId) throw notFound('Supervision');
}
