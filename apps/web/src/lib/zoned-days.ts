/** Calendar arithmetic in a practice's IANA zone, without a date library. */

function offsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - instant.getTime()) / 60_000);
}

/** The instant of local midnight, in the zone, of the calendar day `y-m-d`. */
export function zonedMidnight(year: number, month: number, day: number, timeZone: string): Date {
  const guess = new Date(Date.UTC(year, month - 1, day));
  const first = new Date(guess.getTime() - offsetMinutes(guess, timeZone) * 60_000);
  // Correct once more in case the offset differs at the corrected instant (DST days).
  return new Date(guess.getTime() - offsetMinutes(first, timeZone) * 60_000);
}

export function zonedYmd(instant: Date, timeZone: string): [number, number, number] {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(instant)
    .split('-')
    .map(Number) as [number, number, number];
  return [y, m, d];
}

/** [start, end) of the day or the Monday-to-Sunday week containing `anchor`, in the zone. */
export function zonedRange(
  anchor: Date,
  view: 'day' | 'week',
  timeZone: string,
): { from: Date; to: Date; days: Date[] } {
  const [y, m, d] = zonedYmd(anchor, timeZone);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday
  const startOffset = view === 'day' ? 0 : -((weekday + 6) % 7);
  const length = view === 'day' ? 1 : 7;
  const days = Array.from({ length: length + 1 }, (_, i) => {
    const date = new Date(Date.UTC(y, m - 1, d + startOffset + i));
    return zonedMidnight(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), timeZone);
  });
  return { from: days[0]!, to: days[length]!, days: days.slice(0, length) };
}

/** The instant the zone's clocks show `HH:MM` on the calendar day `YYYY-MM-DD`. */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const guess = new Date(Date.UTC(y, m - 1, d, hh, mm));
  const first = new Date(guess.getTime() - offsetMinutes(guess, timeZone) * 60_000);
  return new Date(guess.getTime() - offsetMinutes(first, timeZone) * 60_000);
}

/** `YYYY-MM-DD` and `HH:MM` of an instant in the zone (for date and time inputs). */
export function zonedDateTime(instant: Date, timeZone: string): { date: string; time: string } {
  const [y, m, d] = zonedYmd(instant, timeZone);
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
  return { date: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, time };
}

/** Minutes after local midnight of an instant in the zone. */
export function zonedMinuteOfDay(instant: Date, timeZone: string): number {
  const [hh, mm] = zonedDateTime(instant, timeZone).time.split(':').map(Number) as [number, number];
  return hh * 60 + mm;
}

/** The 6-week grid (Monday first) around the month containing `anchor`. */
export function zonedMonth(
  anchor: Date,
  timeZone: string,
): { from: Date; to: Date; days: Date[]; month: number } {
  const [y, m] = zonedYmd(anchor, timeZone);
  const firstWeekday = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7;
  const days = Array.from({ length: 43 }, (_, i) => {
    const date = new Date(Date.UTC(y, m - 1, 1 - firstWeekday + i));
    return zonedMidnight(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), timeZone);
  });
  return { from: days[0]!, to: days[42]!, days: days.slice(0, 42), month: m };
}
