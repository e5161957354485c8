import { localParts, minuteOfDay, zonedInstant } from '../appointments/zoned-time';

export interface ClinicianCalendar {
  id: string;
  timeZone: string;
  bufferMinutes: number;
  hours: {
    weekday: number;
    startMinute: number;
    endMinute: number;
    locationId: string | null;
    modality: 'in_person' | 'telehealth' | null;
  }[];
}

export interface Period {
  clinicianId: string;
  startsAt: Date;
  endsAt: Date;
}

/** Candidate starts are on the local quarter hour. */
export const SLOT_STEP_MINUTES = 15;

/**
 * Open slots from data already read (no queries here): within each clinician's working hours on
 * each local day, outside time off, and clear of every live appointment widened by the
 * clinician's buffer. Linear in days × working blocks plus appointments: busy periods are swept
 * in time order per clinician, never compared pairwise.
 */
export function computeOpenSlots(input: {
  clinicians: ClinicianCalendar[];
  /** Live appointments: widened by the clinician's buffer. */
  busy: Period[];
  /** Time off: blocked as is. */
  away: Period[];
  from: Date;
  to: Date;
  durationMinutes: number;
  modality?: 'in_person' | 'telehealth' | undefined;
  notBefore: Date;
  limit: number;
}) {
  const byClinician = new Map<string, { start: number; end: number; buffered: boolean }[]>();
  const add = (p: Period, buffered: boolean) => {
    const list = byClinician.get(p.clinicianId) ?? [];
    list.push({ start: p.startsAt.getTime(), end: p.endsAt.getTime(), buffered });
    byClinician.set(p.clinicianId, list);
  };
  for (const p of input.busy) add(p, true);
  for (const p of input.away) add(p, false);
  const duration = input.durationMinutes * 60_000;
  const slots: { clinicianId: string; startsAt: Date; endsAt: Date; locationId: string | null }[] = [];
  for (const clinician of input.clinicians) {
    const buffer = clinician.bufferMinutes * 60_000;
    const blocked = mergeIntervals(
      (byClinician.get(clinician.id) ?? []).map((p) =>
        p.buffered ? { start: p.start - buffer, end: p.end + buffer } : { start: p.start, end: p.end },
      ),
    );
    const hours = clinician.hours.filter(
      (h) => !input.modality || !h.modality || h.modality === input.modality,
    );
    if (hours.length === 0) continue;
    // Walk local calendar days from the day `from` falls on to the day `to` falls on.
    const first = localParts(input.from, clinician.timeZone);
    let day = new Date(Date.UTC(first.year, first.month - 1, first.day));
    const lastDay = (() => {
      const l = localParts(input.to, clinician.timeZone);
      return Date.UTC(l.year, l.month - 1, l.day);
    })();
    for (; day.getTime() <= lastDay; day = new Date(day.getTime() + 86_400_000)) {
      const weekday = ((day.getUTCDay() + 6) % 7) + 1;
      const blocks = hours.filter((h) => h.weekday === weekday).sort((a, b) => a.startMinute - b.startMinute);
      for (const block of blocks) {
        let cursor = -1;
        const firstStep = Math.ceil(block.startMinute / SLOT_STEP_MINUTES) * SLOT_STEP_MINUTES;
        for (
          let minute = firstStep;
          minute + input.durationMinutes <= block.endMinute;
          minute += SLOT_STEP_MINUTES
        ) {
          const startsAt = zonedInstant(
            {
              year: day.getUTCFullYear(),
              month: day.getUTCMonth() + 1,
              day: day.getUTCDate(),
              hour: Math.floor(minute / 60),
              minute: minute % 60,
            },
            clinician.timeZone,
          );
          // A skipped local time (spring forward) lands elsewhere: not a real slot of this block.
          if (minuteOfDay(localParts(startsAt, clinician.timeZone)) !== minute) continue;
          const start = startsAt.getTime();
          const end = start + duration;
          if (start < input.from.getTime() || end > input.to.getTime() || start < input.notBefore.getTime())
            continue;
          if (cursor < 0) cursor = firstEndingAfter(blocked, start);
          while (cursor < blocked.length && blocked[cursor]!.end <= start) cursor++;
          // Disjoint, sorted intervals: only the first one ending after the start can overlap.
          if (cursor < blocked.length && blocked[cursor]!.start < end) continue;
          slots.push({
            clinicianId: clinician.id,
            startsAt,
            endsAt: new Date(end),
            locationId: block.locationId,
          });
        }
      }
    }
  }
  slots.sort(
    (a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.clinicianId.localeCompare(b.clinicianId),
  );
  return slots.slice(0, input.limit);
}

/** Sorted, disjoint intervals covering the same time. */
function mergeIntervals(intervals: { start: number; end: number }[]) {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

/** Binary search: the first interval that ends after `instant`. */
function firstEndingAfter(intervals: { end: number }[], instant: number) {
  let low = 0;
  let high = intervals.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (intervals[mid]!.end <= instant) low = mid + 1;
    else high = mid;
  }
  return low;
}
