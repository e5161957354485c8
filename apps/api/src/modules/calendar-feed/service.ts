import type { CalendarFeedStatus } from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import type { AuditContext } from '../../security/access-scope';
import { hashLinkToken, newLinkToken } from '../../security/link-token';
import { occurrencesBetween, SERIES_HORIZON_DAYS } from '../appointments/recurrence';
import { escapeText, fold, localStamp, utcStamp, vtimezone } from './ics';
import { activeFeed, feedAppointments, insertFeed, revokeFeeds, unsafeFindFeed } from './repo';

/** The feed shows this much of the past. */
const PAST_DAYS = 60;
const DOMAIN = 'mentalspace';

const requireClinician = (ctx: ServiceContext) => {
  if (ctx.scope.actorRole !== 'clinician' && ctx.scope.actorRole !== 'supervisor')
    throw new AppError('forbidden', 'Calendar feeds are for clinicians’ own schedules');
};

export async function feedStatus(ctx: ServiceContext): Promise<CalendarFeedStatus> {
  requireClinician(ctx);
  const feed = await ctx.database.inPractice(ctx.scope.practiceId, (tx) =>
    activeFeed(tx, ctx.scope, ctx.scope.actorUserId),
  );
  return feed
    ? {
        active: true,
        detail: feed.detail === 'details' ? 'details' : 'busy',
        createdAt: feed.createdAt.toISOString(),
      }
    : { active: false, detail: null, createdAt: null };
}

/**
 * A new private feed URL for the signed-in clinician (the previous one stops working). The token
 * is returned once and kept only as a hash.
 */
export async function createFeed(ctx: ServiceContext, detail: 'busy' | 'details', publicUrl: string) {
  requireClinician(ctx);
  const token = newLinkToken();
  await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    await revokeFeeds(tx, ctx.scope, ctx.scope.actorUserId);
    const feed = await insertFeed(tx, {
      practiceId: ctx.scope.practiceId,
      userId: ctx.scope.actorUserId,
      tokenHash: hashLinkToken(token),
      detail,
    });
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'calendar_feed.create',
      resourceType: 'calendar_feed',
      resourceId: feed.id,
      details: { detail },
    });
  });
  return { url: `${publicUrl}/api/v1/calendar/${token}.ics`, detail };
}

export async function revokeFeed(ctx: ServiceContext) {
  requireClinician(ctx);
  await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    await revokeFeeds(tx, ctx.scope, ctx.scope.actorUserId);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'calendar_feed.revoke',
      resourceType: 'calendar_feed',
    });
  });
}

type FeedData = Awaited<ReturnType<typeof feedAppointments>>;
type Row = FeedData['rows'][number];

function summary(row: Row, detail: string) {
  if (detail !== 'details') return 'Busy';
  const kind = row.typeName ?? 'Session';
  return `${kind} (${row.modality === 'telehealth' ? 'video' : 'in person'})`;
}

const isLive = (row: Row) => row.status !== 'cancelled';

/**
 * The clinician's schedule as RFC 5545: single sessions as UTC events; a running series as one
 * event with its RRULE in the clinician's zone (with a VTIMEZONE), EXDATE for cancelled or
 * never-booked occurrences and RECURRENCE-ID overrides for moved ones. No client names, ever.
 */
export async function renderFeed(database: Database, token: string, audit: AuditContext, now = new Date()) {
  const feed = await unsafeFindFeed(database, hashLinkToken(token));
  if (!feed) throw notFound('Calendar');
  const from = new Date(now.getTime() - PAST_DAYS * 86_400_000);
  const to = new Date(now.getTime() + SERIES_HORIZON_DAYS * 86_400_000);
  const scope = {
    practiceId: feed.practiceId,
    actorUserId: feed.userId,
    actorRole: 'clinician' as const,
    clients: { kind: 'caseload' as const, clinicianIds: [feed.userId], includeSupervisees: false },
    schedules: { kind: 'clinicians' as const, clinicianIds: [feed.userId], includeSupervisees: false },
  };
  const data = await database.inPractice(feed.practiceId, async (tx) => {
    const found = await feedAppointments(tx, scope, feed.userId, from, to);
    await writeAudit(tx, scope, audit, {
      action: 'calendar_feed.read',
      resourceType: 'calendar_feed',
      resourceId: feed.id,
      details: { events: found.rows.length },
    });
    return found;
  });
  const stamp = utcStamp(now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//MentalSpace EHR//Schedule//EN`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'X-WR-CALNAME:MentalSpace schedule',
  ];
  const zones = new Map<string, Date>();
  const events: string[][] = [];
  const running = new Map(data.series.filter((s) => s.endedAt === null).map((s) => [s.id, s]));
  const eventLines = (row: Row, extra: string[]) => [
    'BEGIN:VEVENT',
    ...extra,
    `DTSTAMP:${stamp}`,
    `LAST-MODIFIED:${utcStamp(row.updatedAt)}`,
    `SUMMARY:${escapeText(summary(row, feed.detail))}`,
    ...(feed.detail === 'details' && row.locationName ? [`LOCATION:${escapeText(row.locationName)}`] : []),
    'TRANSP:OPAQUE',
    'END:VEVENT',
  ];

  for (const row of data.rows) {
    if (row.seriesId && running.has(row.seriesId)) continue;
    if (!isLive(row)) continue;
    events.push(
      eventLines(row, [
        `UID:${row.id}@${DOMAIN}`,
        `DTSTART:${utcStamp(row.startsAt)}`,
        `DTEND:${utcStamp(row.endsAt)}`,
      ]),
    );
  }
  for (const series of running.values()) {
    const occurrences = data.occurrences.filter((o) => o.seriesId === series.id);
    const first = occurrences[0];
    if (!first) continue;
    const tz = series.timeZone;
    const byOriginal = new Map(occurrences.map((o) => [o.originalStartsAt?.getTime(), o]));
    const ruleStarts = occurrencesBetween(series, new Date(0), series.materializedUntil).map(
      (o) => o.startsAt,
    );
    const exdates = ruleStarts.filter((start) => {
      const row = byOriginal.get(start.getTime());
      return !row || !isLive(row);
    });
    const uid = `${series.id}@${DOMAIN}`;
    const masterStart = ruleStarts[0] ?? first.startsAt;
    const earliest = zones.get(tz);
    if (!earliest || masterStart < earliest) zones.set(tz, masterStart);
    const master = eventLines(first, [
      `UID:${uid}`,
      `DTSTART;TZID=${tz}:${localStamp(masterStart, tz)}`,
      `DURATION:PT${series.durationMinutes}M`,
      `RRULE:${series.rrule}`,
      ...exdates.map((d) => `EXDATE;TZID=${tz}:${localStamp(d, tz)}`),
    ]);
    events.push(master);
    for (const o of occurrences) {
      if (!isLive(o) || !o.originalStartsAt) continue;
      const moved =
        o.startsAt.getTime() !== o.originalStartsAt.getTime() ||
        o.endsAt.getTime() - o.startsAt.getTime() !== series.durationMinutes * 60_000;
      if (!moved) continue;
      events.push(
        eventLines(o, [
          `UID:${uid}`,
          `RECURRENCE-ID;TZID=${tz}:${localStamp(o.originalStartsAt, tz)}`,
          `DTSTART:${utcStamp(o.startsAt)}`,
          `DTEND:${utcStamp(o.endsAt)}`,
        ]),
      );
    }
  }
  for (const [zone, earliest] of zones)
    lines.push(
      ...vtimezone(
        zone,
        new Date(earliest.getTime() - 86_400_000),
        new Date(to.getTime() + 366 * 86_400_000),
      ),
    );
  for (const event of events) lines.push(...event);
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}
