import { sql } from 'drizzle-orm';
import { latestBy, within, type Finding, type RuleContext, type SeenEvent } from './rule-context';

/**
 * A refused administrative action: a refused staff or platform change, or any request an
 * administrative route refused with 403 (`access.denied`, marked `admin` by the refusals plugin).
 */
const isRefusedAdminAction = (e: SeenEvent) =>
  e.outcome === 'denied' &&
  (e.action.startsWith('staff.') ||
    e.action.startsWith('platform.') ||
    (e.action === 'access.denied' && e.details?.admin === true && e.details.status !== 404));
// A 404 on an administrative route is a stale link as often as a probe: only 403s count.
const REFUSED_ADMIN_ACTION = sql`outcome = 'denied' and (action like 'staff.%' or action like 'platform.%'
  or (action = 'access.denied' and details->>'admin' = 'true' and details->>'status' is distinct from '404'))`;

/** Refused administrative actions: an attempt at one's own role at once, others past a count. */
export async function roleEscalation(ctx: RuleContext): Promise<Finding[]> {
  const { deniedAdminActions: limit, deniedWindowMinutes: window } = ctx.settings;
  const denied = ctx.events.filter(isRefusedAdminAction);
  const findings: Finding[] = [];
  for (const [user, anchor] of latestBy(denied, (e) => e.actorUserId)) {
    const ownRole = denied.some((e) => e.actorUserId === user && e.details?.reason === 'own_role');
    const n = await ctx.count(sql`select count(*) from audit_events
      where practice_id = ${ctx.practiceId}::uuid and actor_user_id = ${user}::uuid
        and ${REFUSED_ADMIN_ACTION} and ${within(anchor, window)}`);
    if (ownRole || n >= limit)
      findings.push({
        kind: 'role_escalation_attempt',
        severity: 'high',
        subjectUserId: user,
        summary: ownRole
          ? 'Someone tried to change their own role'
          : `${n} refused administrative actions by one person within ${window} minutes`,
        evidence: { refused: n, ownRole, threshold: limit, windowMinutes: window },
        dedupeKey: `user:${user}`,
        windowMinutes: window,
      });
  }
  return findings;
}
