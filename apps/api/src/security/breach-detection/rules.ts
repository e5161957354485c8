import { sql, type SQL } from 'drizzle-orm';
import type { AlertInput } from '../alerts/raise-alert';
import type { BreachSettings } from './settings';
import { localParts } from '../../modules/appointments/zoned-time';

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
/** Rows of a windowed query on indexed columns, once per batch (schedules, time off). */
export type RowsQuery = <T>(query: SQL) => Promise<T[]>;

export interface RuleContext {
  practiceId: string;
  timeZone: string;
  settings: BreachSettings;
  events: SeenEvent[];
  count: WindowQuery;
  rows: RowsQuery;
}

/** An alert with the key that keeps the same finding from being raised twice in its window. */
export type Finding = AlertInput & { dedupeKey: string; windowMinutes: number };

const distinct = <T>(values: (T | null)[]) => [...new Set(values.filter((v): v is T => v !== null))];
const at = (instant: Date) => sql`${instant.toISOString()}::timestamptz`;

/**
 * Each subject's latest event in the batch. Windows end there rather than at now(): a backlog
 * read late (the job was down, the sealer behind) still shows the burst it contains.
 */
function latestBy(events: SeenEvent[], subject: (e: SeenEvent) => string | null): Map<string, Date> {
  const latest = new Map<string, Date>();
  for (const e of events) {
    const key = subject(e);
    if (key === null) continue;
    const seen = latest.get(key);
    if (!seen || e.occurredAt > seen) latest.set(key, e.occurredAt);
  }
  return latest;
}

/**
 * `occurred_at` within the `minutes` up to and including `anchor`. The batch carries times in
 * milliseconds and the column in microseconds, so the upper bound reaches to the end of the
 * anchor's millisecond.
 */
const within = (anchor: Date, minutes: number) =>
  sql`occurred_at > ${at(anchor)} - make_interval(mins => ${minutes})
    and occurred_at < ${at(anchor)} + interval '1 millisecond'`;

/** Someone opening far more charts than the practice expects in the window. */
async function excessiveAccess(ctx: RuleContext): Promise<Finding[]> {
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

/**
 * Every audited way a sign-in can fail: the password step (staff and portal) and the second
 * factor (TOTP, passkey, backup code; portal TOTP). A guessed password followed by guessed codes
 * is one attack on one account, so they count together.
 */
const SIGN_IN_ACTIONS = [
  'auth.sign_in',
  'portal.sign_in',
  'mfa.totp_verified',
  'mfa.passkey_verified',
  'mfa.backup_code_used',
  'portal.mfa_verify',
] as const;
const isSignInFailure = (e: SeenEvent) =>
  (SIGN_IN_ACTIONS as readonly string[]).includes(e.action) && e.outcome !== 'success';
const SIGN_IN_FAILURE = sql`action in (${sql.join(
  SIGN_IN_ACTIONS.map((a) => sql`${a}`),
  sql`, `,
)}) and outcome <> 'success'`;

/** Repeated failures on one account (staff user or portal account), password or second factor. */
async function failedSignIns(ctx: RuleContext): Promise<Finding[]> {
  const { failedSignInsPerAccount: perAccount, failedSignInWindowMinutes: window } = ctx.settings;
  const failures = ctx.events.filter(isSignInFailure);
  const findings: Finding[] = [];
  for (const [account, anchor] of latestBy(failures, (e) => e.resourceId)) {
    const n = await ctx.count(sql`select count(*) from audit_events
      where practice_id = ${ctx.practiceId}::uuid and ${SIGN_IN_FAILURE}
        and resource_id = ${account}::uuid and ${within(anchor, window)}`);
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
  return findings;
}

/**
 * The accounts one address failed against, as one practice sees them: the practice's own
 * accounts (distinct) plus every failure against an e-mail that matches no account (those sit in
 * the platform chain with no practice and no account id, so each failure counts as one account:
 * a sprayer walks a list of addresses, most of which are not ours).
 */
async function sprayedAccounts(
  query: { rows: RowsQuery },
  practiceId: string,
  address: string,
  anchor: Date,
  window: number,
) {
  const [row] = await query.rows<{ known: number; unknown: number }>(sql`select
      (select count(distinct resource_id)::int from audit_events
        where practice_id = ${practiceId}::uuid and ${SIGN_IN_FAILURE}
          and ip = ${address}::inet and ${within(anchor, window)}) as known,
      (select count(*)::int from audit_events
        where practice_id is null and ${SIGN_IN_FAILURE}
          and ip = ${address}::inet and ${within(anchor, window)}) as unknown`);
  return { known: Number(row?.known ?? 0), unknown: Number(row?.unknown ?? 0) };
}

function sprayFinding(
  settings: BreachSettings,
  address: string,
  seen: { known: number; unknown: number },
): Finding | null {
  const { sprayAccountsPerAddress: threshold, failedSignInWindowMinutes: window } = settings;
  const accounts = seen.known + seen.unknown;
  if (seen.known === 0 || accounts < threshold) return null;
  return {
    kind: 'password_spraying',
    severity: 'high',
    summary: `One address failed to sign in to ${accounts} different accounts within ${window} minutes`,
    evidence: {
      address,
      accounts,
      practiceAccounts: seen.known,
      unknownAccountFailures: seen.unknown,
      threshold,
      windowMinutes: window,
    },
    dedupeKey: `address:${address}`,
    windowMinutes: window,
  };
}

/** One address failing across accounts (password spraying), the practice's and unknown ones. */
async function passwordSpraying(ctx: RuleContext): Promise<Finding[]> {
  const failures = ctx.events.filter((e) => isSignInFailure(e) && e.ip);
  const findings: Finding[] = [];
  for (const [address, anchor] of latestBy(failures, (e) => e.ip)) {
    const seen = await sprayedAccounts(
      ctx,
      ctx.practiceId,
      address,
      anchor,
      ctx.settings.failedSignInWindowMinutes,
    );
    const finding = sprayFinding(ctx.settings, address, seen);
    if (finding) findings.push(finding);
  }
  return findings;
}

/** What the platform chain's rule sees: its events, and every practice's thresholds. */
export interface PlatformRuleContext {
  events: SeenEvent[];
  practices: { id: string; settings: BreachSettings }[];
  count: WindowQuery;
  rows: RowsQuery;
}
export type PracticeFinding = Finding & { practiceId: string };

/**
 * Spraying seen from the platform chain, where failures against unknown e-mails land. An alert
 * needs a practice, and a practice can act only on an attack that touched it, so: every practice
 * one of whose accounts failed from the same address within its window is alerted, counting the
 * unknown-account failures together with its own (`sprayedAccounts`). Failures against unknown
 * e-mails alone alert nobody. The practice chain's rule counts the same way, so whichever of the
 * two chains holds the later failures sees the whole burst, and the shared dedupe key keeps it to
 * one alert.
 */
export async function sprayingAgainstUnknownAccounts(ctx: PlatformRuleContext): Promise<PracticeFinding[]> {
  const failures = ctx.events.filter((e) => isSignInFailure(e) && e.ip);
  if (failures.length === 0 || ctx.practices.length === 0) return [];
  const settings = new Map(ctx.practices.map((p) => [p.id, p.settings]));
  const widest = Math.max(...ctx.practices.map((p) => p.settings.failedSignInWindowMinutes));
  const findings: PracticeFinding[] = [];
  for (const [address, anchor] of latestBy(failures, (e) => e.ip)) {
    // Which practices' accounts this address also failed against (the time index, then the address).
    const targeted = await ctx.rows<{ practice_id: string }>(sql`select distinct practice_id::text
      from audit_events where ${within(anchor, widest)} and practice_id is not null
        and ${SIGN_IN_FAILURE} and ip = ${address}::inet`);
    for (const { practice_id: practiceId } of targeted) {
      const own = settings.get(practiceId);
      if (!own) continue;
      const seen = await sprayedAccounts(ctx, practiceId, address, anchor, own.failedSignInWindowMinutes);
      const finding = sprayFinding(own, address, seen);
      if (finding) findings.push({ ...finding, practiceId });
    }
  }
  return findings;
}

/** The ISO weekday and minute of day of an instant in a time zone. */
function localClock(instant: Date, timeZone: string): { weekday: number; minute: number } {
  const { weekday, hour, minute } = localParts(instant, timeZone);
  return { weekday, minute: hour * 60 + minute };
}

const idList = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
const MS = (column: SQL) => sql`(extract(epoch from ${column}) * 1000)::float8`;
type Period = { user: string; starts: number; ends: number };

/**
 * The schedules of the people in a batch, in one statement each, bounded by the batch's time
 * span: weekly working hours in each person's own zone (`users.time_zone`), and time off.
 */
async function schedulesOf(ctx: RuleContext, users: string[], from: Date, to: Date) {
  const hours = await ctx.rows<{
    id: string;
    time_zone: string;
    hours: [weekday: number, startMinute: number, endMinute: number][];
  }>(sql`select u.id::text, u.time_zone, coalesce((select json_agg(json_build_array(h.weekday,
        extract(hour from h.starts_at)::int * 60 + extract(minute from h.starts_at)::int,
        extract(hour from h.ends_at)::int * 60 + extract(minute from h.ends_at)::int))
      from working_hours h where h.practice_id = u.practice_id and h.clinician_id = u.id), '[]'::json) as hours
    from users u where u.practice_id = ${ctx.practiceId}::uuid and u.id in (${idList(users)})`);
  const away = await ctx.rows<Period>(sql`select clinician_id::text as user,
      ${MS(sql`starts_at`)} as starts, ${MS(sql`ends_at`)} as ends
    from time_off where practice_id = ${ctx.practiceId}::uuid and clinician_id in (${idList(users)})
      and starts_at <= ${at(to)} and ends_at > ${at(from)}`);
  return { hours: new Map(hours.map((h) => [h.id, h])), away };
}

/**
 * Live appointments of these clinicians within two hours of the batch's span. Appointments last
 * at most a day, which bounds the start on the (practice, clinician, starts_at) index; status is
 * filtered here, not in SQL, for the reason given in the availability repo (the planner would
 * otherwise pick the exclusion constraint's partial index and scan every appointment).
 */
async function appointmentsNear(ctx: RuleContext, users: string[], from: Date, to: Date) {
  const found = await ctx.rows<Period & { client: string; status: string }>(sql`select
      clinician_id::text as user, client_id::text as client, status::text,
      ${MS(sql`starts_at`)} as starts, ${MS(sql`ends_at`)} as ends
    from appointments where practice_id = ${ctx.practiceId}::uuid and clinician_id in (${idList(users)})
      and starts_at > ${at(from)} - interval '26 hours' and starts_at < ${at(to)} + interval '2 hours'
      and ends_at > ${at(from)} - interval '2 hours'`);
  return found.filter((a) => a.status !== 'cancelled' && a.status !== 'no_show');
}

const TWO_HOURS = 2 * 3_600_000;

/**
 * Chart access outside working hours (once per person per day). Working hours are the practice's
 * business hours on its business days (practice zone) or, for a clinician with a weekly schedule,
 * their own hours on that weekday in their own zone: an evening clinician is not snooping at
 * 21:00. Access during the person's time off is outside hours whatever the clock says. Access
 * within two hours of an appointment with that client is never flagged: a session running late is
 * not snooping either.
 */
async function afterHours(ctx: RuleContext): Promise<Finding[]> {
  const { businessHours, businessDays } = ctx.settings;
  const chartAccess = ctx.events.filter((e) => e.clientId && e.actorUserId && e.action.startsWith('client.'));
  if (chartAccess.length === 0) return [];
  const times = chartAccess.map((e) => e.occurredAt.getTime());
  const [from, to] = [new Date(Math.min(...times)), new Date(Math.max(...times))];
  const people = distinct(chartAccess.map((e) => e.actorUserId));
  const schedules = await schedulesOf(ctx, people, from, to);

  const isAway = (e: SeenEvent) =>
    schedules.away.some(
      (p) =>
        p.user === e.actorUserId && p.starts <= e.occurredAt.getTime() && e.occurredAt.getTime() < p.ends,
    );
  const inPracticeHours = (e: SeenEvent) => {
    const { weekday, minute } = localClock(e.occurredAt, ctx.timeZone);
    return (
      businessDays.includes(weekday) && minute >= businessHours.start * 60 && minute < businessHours.end * 60
    );
  };
  const inOwnHours = (e: SeenEvent) => {
    const own = schedules.hours.get(e.actorUserId!);
    if (!own || own.hours.length === 0) return false;
    const { weekday, minute } = localClock(e.occurredAt, own.time_zone);
    return own.hours.some(([day, start, end]) => day === weekday && minute >= start && minute < end);
  };
  const outside = chartAccess
    .map((e) => ({ event: e, away: isAway(e) }))
    .filter(({ event, away }) => away || !(inPracticeHours(event) || inOwnHours(event)));
  if (outside.length === 0) return [];

  const outsideTimes = outside.map(({ event }) => event.occurredAt.getTime());
  const sessions = await appointmentsNear(
    ctx,
    distinct(outside.map(({ event }) => event.actorUserId)),
    new Date(Math.min(...outsideTimes)),
    new Date(Math.max(...outsideTimes)),
  );
  const late = outside.filter(({ event }) => {
    const t = event.occurredAt.getTime();
    return !sessions.some(
      (a) =>
        a.user === event.actorUserId &&
        a.client === event.clientId &&
        a.starts < t + TWO_HOURS &&
        a.ends > t - TWO_HOURS,
    );
  });

  const findings: Finding[] = [];
  for (const user of distinct(late.map(({ event }) => event.actorUserId))) {
    const mine = late.filter(({ event }) => event.actorUserId === user);
    findings.push({
      kind: 'after_hours_access',
      severity: 'low',
      subjectUserId: user,
      summary: `Client records opened outside working hours (${businessHours.start}:00–${businessHours.end}:00 on business days, or the person's own schedule)`,
      evidence: {
        events: mine.length,
        duringTimeOff: mine.filter((m) => m.away).length,
        firstEventId: mine[0]!.event.id,
        startHour: businessHours.start,
        endHour: businessHours.end,
        businessDays: businessDays.join(','),
      },
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
    (e.action === 'access.denied' && e.details?.admin === true && e.details.status !== 404));
// A 404 on an administrative route is a stale link as often as a probe: only 403s count.
const REFUSED_ADMIN_ACTION = sql`outcome = 'denied' and (action like 'staff.%' or action like 'platform.%'
  or (action = 'access.denied' and details->>'admin' = 'true' and details->>'status' is distinct from '404'))`;

/** Refused administrative actions: an attempt at one's own role at once, others past a count. */
async function roleEscalation(ctx: RuleContext): Promise<Finding[]> {
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

/** Large or repeated exports: what data leaving in bulk looks like in the audit log. */
async function bulkExport(ctx: RuleContext): Promise<Finding[]> {
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
async function recordsListed(ctx: RuleContext): Promise<Finding[]> {
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
async function recordsOpened(ctx: RuleContext): Promise<Finding[]> {
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

export const RULES = [
  excessiveAccess,
  failedSignIns,
  passwordSpraying,
  afterHours,
  roleEscalation,
  bulkExport,
  recordsListed,
  recordsOpened,
];
