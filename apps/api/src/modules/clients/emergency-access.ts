import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import { publishAlertRaised } from '../../security/alerts/publish-alert-raised';
import { raiseAlert } from '../../security/alerts/raise-alert';
import { clientExistsInPractice, findClientById, insertEmergencyGrant } from './repo';

/** How long a break-the-glass grant lasts. */
export const EMERGENCY_ACCESS_MINUTES = 60;
const ALERT = { kind: 'emergency_access', severity: 'high' } as const;

/**
 * Break the glass: a clinician or supervisor outside a client's care team opens the chart after
 * stating a reason. The grant lasts an hour, the audit event keeps the reason, the chart shows the
 * caller that they are in by emergency access, and the practice's administrators get a high alert
 * — all in one transaction; the alert reaches their open tabs once it commits. Practice-wide roles
 * already reach every chart and are refused (409).
 */
export async function breakTheGlass(ctx: ServiceContext, clientId: string, reason: string, now = new Date()) {
  const expiresAt = new Date(now.getTime() + EMERGENCY_ACCESS_MINUTES * 60_000);
  const outcome = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await clientExistsInPractice(tx, ctx.scope, clientId))) return 'not_found' as const;
    if (ctx.scope.clients.kind !== 'caseload') return 'practice_wide' as const;
    const reachable = await findClientById(tx, ctx.scope, clientId);
    if (reachable && !reachable.emergencyAccessUntil) return 'in_reach' as const;
    const grantId = await insertEmergencyGrant(tx, ctx.scope, { clientId, reason, expiresAt });
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'client.emergency_access',
      resourceType: 'client',
      resourceId: clientId,
      clientId,
      reason,
      details: { grantId, minutes: EMERGENCY_ACCESS_MINUTES },
    });
    const alertId = await raiseAlert(tx, ctx.scope, {
      ...ALERT,
      subjectUserId: ctx.scope.actorUserId,
      clientId,
      summary: 'A chart outside the opener’s care team was opened by emergency access',
      evidence: { grantId, requestId: ctx.audit.requestId, minutes: EMERGENCY_ACCESS_MINUTES },
    });
    return { alertId };
  });
  if (outcome === 'not_found') throw notFound('Client');
  if (outcome === 'practice_wide')
    throw new AppError('conflict', 'Your role already reaches every client of the practice');
  if (outcome === 'in_reach') throw new AppError('conflict', 'This client is already on your caseload');
  // Committed: the administrators' open tabs hear of it now, not on their next look.
  publishAlertRaised(ctx.realtime, {
    practiceId: ctx.scope.practiceId,
    alertId: outcome.alertId,
    rule: ALERT.kind,
    severity: ALERT.severity,
  });
  return { expiresAt: expiresAt.toISOString() };
}
