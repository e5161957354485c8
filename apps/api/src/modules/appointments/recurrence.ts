import rruleModule from 'rrule';
import { AppError } from '../../app-error';
import { formatLocal, parseLocal, zonedInstant } from './zoned-time';

const { RRule } = rruleModule;

/** Occurrences exist as rows this far ahead; the horizon job extends it day by day. */
export const SERIES_HORIZON_DAYS = 182;

const ALLOWED_FREQUENCIES = new Set([RRule.YEARLY, RRule.MONTHLY, RRule.WEEKLY, RRule.DAILY]);

const invalidRule = (message: string) =>
  new AppError('validation_failed', `recurrence.rrule ${message}`, {
    fieldErrors: [{ field: 'body.recurrence.rrule', message }],
  });

/**
 * A parsed series rule. The rule runs on "floating" wall-clock times (UTC fields standing for the
 * zone's local clock), and each occurrence is then placed in the zone: a 9:00 session stays at
 * 9:00 across daylight-saving changes. UNTIL is read as a wall-clock date-time too.
 */
export interface SeriesRule {
  rrule: string;
  timeZone: string;
  localStart: string;
}

function ruleFor(series: SeriesRule) {
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(series.rrule.replace(/^RRULE:/, ''));
  } catch (error) {
    throw invalidRule(error instanceof Error ? error.message : 'is not a valid RRULE');
  }
  if (options.freq === undefined || !ALLOWED_FREQUENCIES.has(options.freq)) {
    throw invalidRule('FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY');
  }
  if (options.interval !== undefined && (options.interval < 1 || options.interval > 52)) {
    throw invalidRule('INTERVAL must be between 1 and 52');
  }
  const weekdays = options.byweekday;
  if (Array.isArray(weekdays) && weekdays.some((d) => d === null || d === undefined)) {
    throw invalidRule('BYDAY must list days such as MO,WE or 2TU');
  }
  if (options.count !== undefined && options.count !== null && options.count < 1) {
    throw invalidRule('COUNT must be at least 1');
  }
  if (options.byhour || options.byminute || options.bysecond) {
    throw invalidRule('BYHOUR, BYMINUTE and BYSECOND are not supported: the start time sets the time');
  }
  const start = parseLocal(series.localStart);
  const dtstart = new Date(Date.UTC(start.year, start.month - 1, start.day, start.hour, start.minute));
  try {
    return new RRule({ ...options, dtstart, tzid: null });
  } catch (error) {
    throw invalidRule(error instanceof Error ? error.message : 'is not a valid RRULE');
  }
}

/** Refuses a rule that cannot be expanded or yields no occurrence at all. */
export function validateSeriesRule(series: SeriesRule) {
  const rule = ruleFor(series);
  if (rule.all((_, i) => i < 1).length === 0) throw invalidRule('yields no occurrence');
}

/** Each occurrence's start instant with its wall-clock start, in order, within [from, to). */
export function occurrencesBetween(series: SeriesRule, from: Date, to: Date) {
  const rule = ruleFor(series);
  // Floating bounds: widen by a day on each side, then filter on the real instants.
  const floatingFrom = new Date(from.getTime() - 86_400_000 * 2);
  const floatingTo = new Date(to.getTime() + 86_400_000 * 2);
  return rule
    .between(floatingFrom, floatingTo, true)
    .map((floating) => {
      const wall = {
        year: floating.getUTCFullYear(),
        month: floating.getUTCMonth() + 1,
        day: floating.getUTCDate(),
        hour: floating.getUTCHours(),
        minute: floating.getUTCMinutes(),
      };
      return { startsAt: zonedInstant(wall, series.timeZone), local: formatLocal(wall) };
    })
    .filter((o) => o.startsAt >= from && o.startsAt < to);
}
