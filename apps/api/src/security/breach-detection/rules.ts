import { sql, type SQL } from 'drizzle-orm';
import type { AlertInput } from '../alerts/raise-alert';
import type { BreachSettings } from './settings';

/** A new audit event as the rules see it (ids and facts, no content). */
export interface SeenEvent {
  id: string;
  occurredAt: Date;
  actorUserId: string | null;
  action: string;
  outcome: 'success' | 'denied' | 'failure';
  resourceId: string | null;
  clientId: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

/** What a rule may ask: a count over the practice's audit log in a window (uses the indexes). */
export type WindowQuery = (query: SQL) => Promise<number>;

export interface RuleContext {
  practiceId: string;
  timeZone: string;
  settings: BreachSettings;
  events: SeenEvent[];
  count: WindowQuery;
}

/** An alert with the key that keeps the same finding from being raised twice in its window. */
export type Finding = AlertInput & { dedupeKey: string; windowMinutes: number };

const distinct = <T>(values: (T | null)[]) => [...new Set(values.filter((v): v is T => v !== null))];
const since = (minutes: number) => sql`now() - make_interval(mins => ${minutes})`;

/** Someone opening far more charts than the practice expects in the window. */
async function excessiveAccess(ctx: RuleContext): Promise<Finding[]> {
  const { excessiveAccessClients: limit, excessiveAccessWindowMinutes: window } = ctx.settings;
  const readers = distinct(
    ctx.events.filter((e) => e.clientId && e.action.startsWith('client.')).map((e) => e.actorUserId),
  );
  const findings: Finding[] = [];
  for (const user of readers) {
    const clients = await ctx.count(sql`select count(distinct client_id) from audit_events
      where practice_id = ${ctx.practiceId}::uuid and actor_user_id = ${user}::uuid
        and action like 'client.%' and client_id is not null and outcome = 'success'
        and occurred_at >= ${since(window)}`);
    // The person's own baseline: distinct clients per active hour over the previous two weeks.
    const baseline = await ctx.count(sql`select coalesce(max(n), 0) from (
        select count(distinct client_id) as n from audit_events
        where practice_id = ${ctx.practiceId}::uuid and actor_user_id = ${user}::uuid
          and action like 'client.%' and client_id is not null and outcome = 'success'
          and occurred_at >= now() - interval '14 days' and occurred_at < ${since(window)}
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

/** Repeated failures on one account, and one address failing across accounts (password spraying). */
async function failedSignIns(ctx: RuleContext): Promise<Finding[]> {
  const {
    failedSignInsPerAccount: perAccount,
    sprayAccountsPerAddress: spray,
    failedSignInWindowMinutes: window,
  } = ctx.settings;
  const failures = ctx.events.filter((e) => e.action === 'auth.sign_in' && e.outcome !== 'success');
  const findings: Finding[] = [];
  for (const account of distinct(failures.map((e) => e.resourceId))) {
    const n = await ctx.count(sql`select count(*) from audit_events
      where practice_id = ${ctx.practiceId}::uuid and action = 'auth.sign_in' and outcome <> 'success'
        and resource_id = ${account}::uuid and occurred_at >= ${since(window)}`);
    if (n >= perAccount)
      findings.push({
        kind: 'failed_sign_ins',
        severity: 'medium',
        subjectUserId: account,
        summary: `${n} failed sign-ins on one account within ${window} minutes`,
        evidence: { failures: n, threshold: perAccount, windowMinutes: window },
        dedupeKey: `account:${account}`,
        windowMinutes: window,
      });
  }
  for (const address of distinct(failures.map((e) => e.ip))) {
    const accounts = await ctx.count(sql`select count(distinct resource_id) from audit_events
      where practice_id = ${ctx.practiceId}::uuid and action = 'auth.sign_in' and outcome <> 'success'
        and ip = ${address}::inet and occurred_at >= ${since(window)}`);
    if (accounts >= spray)
      findings.push({
        kind: 'password_spraying',
        severity: 'high',
        summary: `One address failed to sign in to ${accounts} different accounts within ${window} minutes`,
        evidence: { address, accounts, threshold: spray, windowMinutes: window },
        dedupeKey: `address:${address}`,
        windowMinutes: window,
      });
  }
  return findings;
}

/** The hour of day in the practice's time zone. */
function localHour(at: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' }).format(at));
}

/**
 * Chart access outside the practice's working hours (once per person per day), unless the person
 * has an appointment with that client within two hours of it: an evening session is not snooping.
 */
async function afterHours(ctx: RuleContext): Promise<Finding[]> {
  const { start, end } = ctx.settings.businessHours;
  const outside = ctx.events.filter((e) => {
    if (!e.clientId || !e.action.startsWith('client.') || !e.actorUserId) return false;
    const hour = localHour(e.occurredAt, ctx.timeZone);
    return hour < start || hour >= end;
  });
  const late: SeenEvent[] = [];
  for (const e of outside) {
    const scheduled = await ctx.count(sql`select count(*) from appointments
      where practice_id = ${ctx.practiceId}::uuid and clinician_id = ${e.actorUserId}::uuid
        and client_id = ${e.clientId}::uuid and status not in ('cancelled', 'no_show')
        and starts_at < ${e.occurredAt.toISOString()}::timestamptz + interval '2 hours'
        and ends_at > ${e.occurredAt.toISOString()}::timestamptz - interval '2 hours'`);
    if (scheduled === 0) late.push(e);
  }
  const findings: Finding[] = [];
  for (const user of distinct(late.map((e) => e.actorUserId))) {
    const mine = late.filter((e) => e.actorUserId === user);
    findings.push({
      kind: 'after_hours_access',
      severity: 'low',
      subjectUserId: user,
      summary: `Client records opened outside working hours (${start}:00–${end}:00)`,
      evidence: { events: mine.length, firstEventId: mine[0]!.id, startHour: start, endHour: end },
      dedupeKey: `user:${user}`,
      windowMinutes: 24 * 60,
    });
  }
  return findings;
}

/**
 * A refused administrative action: a refused staff or platform change, or any request an
 * administrative route refused with 403 (`access.denied`, marked `admin` by the refusals plugin).
 */
const isRefusedAdminAction = (e: SeenEvent) =>
  e.outcome === 'denied' &&
  (e.action.startsWith('staff.') ||
    e.action.startsWith('platform.') ||
    (e.action === 'access.denied' && e.details?.admin === true));
const REFUSED_ADMIN_ACTION = sql`outcome = 'denied' and (action like 'staff.%' or action like 'platform.%'
  or (action = 'access.denied' and details->>'admin' = 'true'))`;

/** Refused administrative actions: an attempt at one's own role at once, others past a count. */
async function roleEscalation(ctx: RuleContext): Promise<Finding[]> {
  const { deniedAdminActions: limit, deniedWindowMinutes: window } = ctx.settings;
  const denied = ctx.events.filter(isRefusedAdminAction);
  const findings: Finding[] = [];
  for (const user of distinct(denied.map((e) => e.actorUserId))) {
    const ownRole = denied.some((e) => e.actorUserId === user && e.details?.reason === 'own_role');
    const n = await ctx.count(sql`select count(*) from audit_events
      where practice_id = ${ctx.practiceId}::uuid and actor_user_id = ${user}::uuid
        and ${REFUSED_ADMIN_ACTION} and occurred_at >= ${since(window)}`);
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

/** Large or repeated exports: what data leaving in bulk looks like in the audit log. */
async function exfiltration(ctx: RuleContext): Promise<Finding[]> {
  const { exportRows, exportsPerWindow, exportWindowMinutes: window } = ctx.settings;
  const exports = ctx.events.filter((e) => e.action.endsWith('.exported') && e.outcome === 'success');
  const findings: Finding[] = [];
  for (const user of distinct(exports.map((e) => e.actorUserId))) {
    const biggest = Math.max(
      ...exports.filter((e) => e.actorUserId === user).map((e) => Number(e.details?.rows ?? 0)),
    );
    const n = await ctx.count(sql`select count(*) from audit_events
      where practice_id = ${ctx.practiceId}::uuid and actor_user_id = ${user}::uuid
        and action like '%.exported' and outcome = 'success' and occurred_at >= ${since(window)}`);
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

export const RULES = [excessiveAccess, failedSignIns, afterHours, roleEscalation, exfiltration];
