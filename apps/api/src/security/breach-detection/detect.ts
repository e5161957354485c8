import type { Database } from '@mentalspace/db';
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { RealtimePublisher } from '../../realtime/realtime-server';
import { publishAlertRaised, type RaisedAlert } from '../alerts/publish-alert-raised';
import { RULES, type Finding, type SeenEvent } from './rules';
import { breachSettings } from './settings';

type Rows<T> = { rows: T[] };
type Executor = { execute: (query: ReturnType<typeof sql>) => Promise<unknown> };
const rows = async <T>(db: Executor, query: ReturnType<typeof sql>) =>
  ((await db.execute(query)) as Rows<T>).rows;

export interface DetectionResult {
  events: number;
  alerts: number;
}

/**
 * Reads the audit events sealed since its last run, practice by practice (the cursor is the
 * chain position, so nothing is read twice and nothing is rescanned), runs every rule, and
 * raises the findings as security alerts — at most once per finding per window. Cursor and
 * alerts commit together. Runs as the owner, behind the sealer; several instances may run it.
 * With a publisher, each batch's new alerts reach the practice's owners and admins once that
 * batch has committed.
 */
export async function unsafeRunBreachDetection(
  database: Database,
  options: { batchSize?: number; realtime?: RealtimePublisher | undefined } = {},
): Promise<DetectionResult> {
  const batchSize = options.batchSize ?? 5_000;
  const owner = database.unsafeOwner;
  const practices = await rows<{ id: string; time_zone: string; security_settings: unknown }>(
    owner,
    sql`select id::text, time_zone, security_settings from practices`,
  );
  let events = 0;
  let alerts = 0;
  for (const practice of practices) {
    for (;;) {
      const done = await owner.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`breach:${practice.id}`}))`);
        const [cursor] = await rows<{ last_seq: string }>(
          tx,
          sql`select last_seq::text from breach_detection_cursors where chain_id = ${practice.id}::uuid`,
        );
        const after = Number(cursor?.last_seq ?? 0);
        const batch = await rows<{
          seq: string;
          id: string;
          occurred_at: string;
          actor_user_id: string | null;
          action: string;
          outcome: SeenEvent['outcome'];
          resource_id: string | null;
          client_id: string | null;
          ip: string | null;
          details: Record<string, unknown> | null;
        }>(
          tx,
          sql`select s.seq::text, e.id::text, e.occurred_at::text, e.actor_user_id::text, e.action, e.outcome,
                e.resource_id::text, e.client_id::text, host(e.ip) as ip, e.details
              from audit_seals s join audit_events e on e.id = s.event_id
              where s.chain_id = ${practice.id}::uuid and s.seq > ${after}
              order by s.seq limit ${batchSize}`,
        );
        if (batch.length === 0) return { read: 0, raised: [] };
        const seen: SeenEvent[] = batch.map((e) => ({
          id: e.id,
          occurredAt: new Date(e.occurred_at),
          actorUserId: e.actor_user_id,
          action: e.action,
          outcome: e.outcome,
          resourceId: e.resource_id,
          clientId: e.client_id,
          ip: e.ip,
          details: e.details,
        }));
        const context = {
          practiceId: practice.id,
          timeZone: practice.time_zone,
          settings: breachSettings(practice.security_settings),
          events: seen,
          count: async (query: ReturnType<typeof sql>) => {
            const [row] = await rows<Record<string, unknown>>(tx, query);
            return Number(Object.values(row ?? {})[0] ?? 0);
          },
        };
        const findings: Finding[] = (await Promise.all(RULES.map((rule) => rule(context)))).flat();
        const raised: RaisedAlert[] = [];
        for (const f of findings) {
          const [existing] = await rows<{ id: string }>(
            tx,
            sql`select id from security_alerts where practice_id = ${practice.id}::uuid and kind = ${f.kind}
              and evidence->>'dedupeKey' = ${f.dedupeKey}
              and created_at >= now() - make_interval(mins => ${f.windowMinutes}) limit 1`,
          );
          if (existing) continue;
          const alertId = uuidv7();
          await tx.execute(sql`insert into security_alerts
            (id, practice_id, kind, severity, subject_user_id, client_id, summary, evidence)
            values (${alertId}::uuid, ${practice.id}::uuid, ${f.kind}, ${f.severity}, ${f.subjectUserId ?? null}::uuid,
              ${f.clientId ?? null}::uuid, ${f.summary}, ${JSON.stringify({ ...f.evidence, dedupeKey: f.dedupeKey })}::jsonb)`);
          raised.push({ practiceId: practice.id, alertId, rule: f.kind, severity: f.severity });
        }
        await tx.execute(sql`insert into breach_detection_cursors (chain_id, last_seq)
          values (${practice.id}::uuid, ${Number(batch.at(-1)!.seq)})
          on conflict (chain_id) do update set last_seq = excluded.last_seq, updated_at = now()`);
        return { read: batch.length, raised };
      });
      for (const alert of done.raised) publishAlertRaised(options.realtime, alert);
      events += done.read;
      alerts += done.raised.length;
      if (done.read < batchSize) break;
    }
  }
  return { events, alerts };
}
