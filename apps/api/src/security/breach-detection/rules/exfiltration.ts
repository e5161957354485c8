import { sql } from 'drizzle-orm';
import { latestBy, within, type Finding, type RuleContext, type SeenEvent } from './rule-context';

/** Large or repeated exports: what data leaving in bulk looks like in the audit log. */
export async function bulkExport(ctx: RuleContext): Promise<Finding[]> {
  const { exportRows, exportsPerWindow, exportWindowMinutes: window } = ctx.settings;
  const exports = ctx.events.filter((e) => e.action.endsWith('.exported') && e.outcome === 'success');
  const findings: Finding[] = [];
  for (const [user, anchor] of latestBy(exports, (e) => e.actorUserId)) {
    const biggest = Math.max(
      ...exports.filter((e) => e.actorUserId === user).map((e) => Number(e.details?.rows ?? 0)),
    );
    const n = await ctx.count(sql`select count(*) from audit_events
      where practice_id = ${ctx.practiceId}::uuid and actor_user_id = ${user}::uuid
        and action like '%.exported' and outcome = 'success' and ${within(anchor, window)}`);
    if (biggest >= exportRows || n >= exportsPerWindow)
      findings.push({
        kind: 'bulk_export',
        severity: 'high',
        subjectUserId: user,
        summary:
          biggest >= exportRows
            ? `An export of ${biggest} records`
            : `${n} exports by one person within ${window} minutes`,
        evidence: { largestExport: biggest, exports: n, rowThreshold: exportRows, windowMinutes: window },
        dedupeKey: `user:${user}`,
        windowMinutes: window,
      });
  }
  return findings;
}

/**
 * Lists whose rows are client records (`details.returned` rows each). Left out on purpose: the
 * schedule (`appointment.list`: a practice-wide month view returns thousands of rows in ordinary
 * use), the outbox (its screen polls every ten seconds), the staff access list and the audit
 * report (no client records).
 */
const RECORD_LISTS = ['client.list', 'client.search', 'waitlist.list'] as const;
const isRecordList = (e: SeenEvent) =>
  (RECORD_LISTS as readonly string[]).includes(e.action) && e.outcome === 'success';

/** Scraping through the screens: many client rows listed or searched by one person in the window. */
export async function recordsListed(ctx: RuleContext): Promise<Finding[]> {
  const { recordsReturnedPerWindow: limit, downloadWindowMinutes: window } = ctx.settings;
  const findings: Finding[] = [];
  for (const [user, anchor] of latestBy(ctx.events.filter(isRecordList), (e) => e.actorUserId)) {
    const rows = await ctx.count(sql`select coalesce(sum((details->>'returned')::numeric), 0)
      from audit_events where practice_id = ${ctx.practiceId}::uuid and actor_user_id = ${user}::uuid
        and action in (${sql.join(
          RECORD_LISTS.map((a) => sql`${a}`),
          sql`, `,
        )}) and outcome = 'success'
        and jsonb_typeof(details->'returned') = 'number' and ${within(anchor, window)}`);
    if (rows >= limit)
      findings.push({
        kind: 'bulk_download',
        severity: 'high',
        subjectUserId: user,
        summary: `One person listed or searched ${rows} client records within ${window} minutes (limit ${limit})`,
        evidence: { rowsReturned: rows, limit, windowMinutes: window },
        dedupeKey: `rows:${user}`,
        windowMinutes: window,
      });
  }
  return findings;
}

/**
 * Scraping one record at a time: many single-record reads (`client.read`, `note.read`,
 * `treatment_plan.read`, … every action ending in `.read`) by one person in the window, even
 * within few charts, which the distinct-clients rule does not see.
 */
export async function recordsOpened(ctx: RuleContext): Promise<Finding[]> {
  const { recordReadsPerWindow: limit, downloadWindowMinutes: window } = ctx.settings;
  const reads = ctx.events.filter((e) => e.action.endsWith('.read') && e.outcome === 'success');
  const findings: Finding[] = [];
  for (const [user, anchor] of latestBy(reads, (e) => e.actorUserId)) {
    const n = await ctx.count(sql`select count(*) from audit_events
      where practice_id = ${ctx.practiceId}::uuid and actor_user_id = ${user}::uuid
        and action like '%.read' and outcome = 'success' and ${within(anchor, window)}`);
    if (n >= limit)
      findings.push({
        kind: 'bulk_download',
        severity: 'high',
        subjectUserId: user,
        summary: `One person opened ${n} records one by one within ${window} minutes (limit ${limit})`,
        evidence: { recordReads: n, limit, windowMinutes: window },
        dedupeKey: `reads:${user}`,
        windowMinutes: window,
      });
  }
  return findings;
}
