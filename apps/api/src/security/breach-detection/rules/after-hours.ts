import { sql, type SQL } from 'drizzle-orm';
import { localParts } from '../../../modules/appointments/zoned-time';
import { at, distinct, type Finding, type RuleContext, type SeenEvent } from './rule-context';

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
export async function afterHours(ctx: RuleContext): Promise<Finding[]> {
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
