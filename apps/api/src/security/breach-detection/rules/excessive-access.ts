import { sql } from 'drizzle-orm';
import { at, latestBy, within, type Finding, type RuleContext } from './rule-context';

/** Someone opening far more charts than the practice expects in the window. */
export async function excessiveAccess(ctx: RuleContext): Promise<Finding[]> {
  const { excessiveAccessClients: limit, excessiveAccessWindowMinutes: window } = ctx.settings;
  const chartAccess = ctx.events.filter((e) => e.clientId && e.action.startsWith('client.'));
  const findings: Finding[] = [];
  for (const [user, anchor] of latestBy(chartAccess, (e) => e.actorUserId)) {
    const clients = await ctx.count(sql`select count(distinct client_id) from audit_events
      where practice_id = ${ctx.practiceId}::uuid and actor_user_id = ${user}::uuid
        and action like 'client.%' and client_id is not null and outcome = 'success'
        and ${within(anchor, window)}`);
    // The person's own baseline: distinct clients per active hour over the two weeks before the window.
    const baseline = await ctx.count(sql`select coalesce(max(n), 0) from (
        select count(distinct client_id) as n from audit_events
        where practice_id = ${ctx.practiceId}::uuid and actor_user_id = ${user}::uuid
          and action like 'client.%' and client_id is not null and outcome = 'success'
          and occurred_at >= ${at(anchor)} - interval '14 days'
          and occurred_at <= ${at(anchor)} - make_interval(mins => ${window})
        group by date_trunc('hour', occurred_at)) hourly`);
    const aboveBaseline = baseline > 0 && clients >= Math.max(10, baseline * 3);
    if (clients > limit || aboveBaseline)
      findings.push({
        kind: 'excessive_phi_access',
        severity: 'high',
        subjectUserId: user,
        summary:
          clients > limit
            ? `One person opened ${clients} clients' records within ${window} minutes (limit ${limit})`
            : `One person opened ${clients} clients' records within ${window} minutes, over three times their usual busiest hour (${baseline})`,
        evidence: { distinctClients: clients, limit, baselineBusiestHour: baseline, windowMinutes: window },
        dedupeKey: `user:${user}`,
        windowMinutes: window,
      });
  }
  return findings;
}
