import { formatLocal, localParts } from '../appointments/zoned-time';

/** RFC 5545 text: escape backslash, semicolon, comma and newlines. */
export const escapeText = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** Folds a content line at 75 octets (continuation lines start with a space). */
export function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    // Never split a UTF-8 sequence.
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = 74;
  }
  return parts.join('\r\n ');
}

/** 20261201T150000Z */
export const utcStamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** 20261201T090000 (wall clock in a zone, for TZID= properties). */
export const localStamp = (d: Date, timeZone: string) =>
  formatLocal(localParts(d, timeZone)).replace(/[-:]/g, '') + '00';

const offsetMinutes = (instant: Date, timeZone: string) => {
  const p = localParts(instant, timeZone);
  return Math.round(
    (Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) -
      Math.floor(instant.getTime() / 1000) * 1000) /
      60_000,
  );
};
const formatOffset = (minutes: number) => {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
};

/**
 * A VTIMEZONE for an IANA zone over [from, to], from the runtime's own zone data: one observance
 * per offset change (found by bisection to the minute), so recurring events keep their local time
 * in any calendar client.
 */
export function vtimezone(timeZone: string, from: Date, to: Date): string[] {
  const transitions: { at: Date; before: number; after: number }[] = [];
  const step = 7 * 86_400_000;
  let previous = offsetMinutes(from, timeZone);
  for (let t = from.getTime() + step; t <= to.getTime() + step; t += step) {
    const current = offsetMinutes(new Date(t), timeZone);
    if (current === previous) continue;
    let low = t - step;
    let high = t;
    while (high - low > 60_000) {
      const mid = low + Math.floor((high - low) / 2 / 60_000) * 60_000;
      if (offsetMinutes(new Date(mid), timeZone) === previous) low = mid;
      else high = mid;
    }
    transitions.push({ at: new Date(high), before: previous, after: current });
    previous = current;
  }
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`];
  // The offset in force at the start of the range, then each change.
  const initial = offsetMinutes(from, timeZone);
  lines.push(
    'BEGIN:STANDARD',
    `DTSTART:${localStamp(new Date(from.getTime() + initial * 60_000), 'UTC')}`,
    `TZOFFSETFROM:${formatOffset(initial)}`,
    `TZOFFSETTO:${formatOffset(initial)}`,
    'END:STANDARD',
  );
  for (const tr of transitions) {
    const kind = tr.after > tr.before ? 'DAYLIGHT' : 'STANDARD';
    // DTSTART of an observance is the local time (in the offset before) at which it begins.
    const local = localStamp(new Date(tr.at.getTime() + tr.before * 60_000), 'UTC');
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${local}`,
      `TZOFFSETFROM:${formatOffset(tr.before)}`,
      `TZOFFSETTO:${formatOffset(tr.after)}`,
      `END:${kind}`,
    );
  }
  lines.push('END:VTIMEZONE');
  return lines;
}
