import { sql, type SQL } from 'drizzle-orm';
import type { AlertInput } from '../../alerts/raise-alert';
import type { BreachSettings } from '../settings';

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

/** What the platform chain's rule sees: its events, and every practice's thresholds. */
export interface PlatformRuleContext {
  events: SeenEvent[];
  practices: { id: string; settings: BreachSettings }[];
  count: WindowQuery;
  rows: RowsQuery;
}
export type PracticeFinding = Finding & { practiceId: string };

export const distinct = <T>(values: (T | null)[]) => [...new Set(values.filter((v): v is T => v !== null))];
export const at = (instant: Date) => sql`${instant.toISOString()}::timestamptz`;

/**
 * Each subject's latest event in the batch. Windows end there rather than at now(): a backlog
 * read late (the job was down, the sealer behind) still shows the burst it contains.
 */
export function latestBy(events: SeenEvent[], subject: (e: SeenEvent) => string | null): Map<string, Date> {
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
export const within = (anchor: Date, minutes: number) =>
  sql`occurred_at > ${at(anchor)} - make_interval(mins => ${minutes})
    and occurred_at < ${at(anchor)} + interval '1 millisecond'`;
