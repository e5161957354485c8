import type { Database } from '@mentalspace/db';
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { RealtimePublisher } from '../../realtime/realtime-server';
import { publishAlertRaised, type RaisedAlert } from '../alerts/publish-alert-raised';
import { PLATFORM_CHAIN } from '../../audit/audit-chain';
import {
  RULES,
  sprayingAgainstUnknownAccounts,
  type PracticeFinding,
  type RuleContext,
  type SeenEvent,
} from './rules';
import { breachSettings } from './settings';

type Rows<T> = { rows: T[] };
type Executor = { execute: (query: ReturnType<typeof sql>) => Promise<unknown> };
const rows = async <T>(db: Executor, query: ReturnType<typeof sql>) =>
  ((await db.execute(query)) as Rows<T>).rows;

export interface DetectionResult {
  events: number;
  alerts: number;
}

type BatchRules = (
  events: SeenEvent[],
  query: Pick<RuleContext, 'count' | 'rows'>,
) => Promise<PracticeFinding[]>;

/**
 * Reads the audit events sealed since its last run, chain by chain (the cursor is the chain
 * position, so nothing is read twice and nothing is rescanned), runs every rule, and raises the
 * findings as security alerts — at most once per finding per window. Cursor and alerts commit
 * together. Runs as the owner, behind the sealer; several instances may run it. Each practice's
 * chain runs the practice rules; the platform chain (events of no practice) runs the one rule
 * that has a use for them: sign-in failures against unknown e-mails, as part of spraying against
 * the practices whose accounts the same address tried. With a publisher, each batch's new alerts
 * reach the practice's owners and admins once that batch has committed.
 */
export async function unsafeRunBreachDetection(
  database: Database,
  options: { batchSize?: number; realtime?: RealtimePublisher | undefined } = {},
): Promise<DetectionResult> {
  const practices = (
    await rows<{ id: string; time_zone: string; security_settings: unknown }>(
      database.unsafeOwner,
      sql`select id::text, time_zone, security_settings from practices`,
    )
  ).map((p) => ({ id: p.id, timeZone: p.time_zone, settings: breachSettings(p.security_settings) }));
  const total: DetectionResult = { events: 0, alerts: 0 };
  const add = (result: DetectionResult) => {
    total.events += result.events;
    total.alerts += result.alerts;
  };
  for (const practice of practices)
    add(
      await detectChain(database, practice.id, options, async (events, query) => {
        // One rule at a time: they share the batch's transaction, whose connection runs one
        // query at a time anyway (node-postgres refuses overlapping queries from pg 9 on).
        const findings: PracticeFinding[] = [];
        for (const rule of RULES) {
          const found = await rule({
            practiceId: practice.id,
            timeZone: practice.timeZone,
            settings: practice.settings,
            events,
            ...query,
          });
          findings.push(...found.map((f) => ({ ...f, practiceId: practice.id })));
        }
        return findings;
      }),
    );
  add(
    await detectChain(database, PLATFORM_CHAIN, options, (events, query) =>
      sprayingAgainstUnknownAccounts({ events, practices, ...query }),
    ),
  );
  return total;
}

/** One chain, batch by batch from its cursor: each batch's rules, alerts and cursor in one transaction. */
async function detectChain(
  database: Database,
  chain: string,
  options: { batchSize?: number; realtime?: RealtimePublisher | undefined },
  runRules: BatchRules,
): Promise<DetectionResult> {
  const batchSize = options.batchSize ?? 5_000;
  const owner = database.unsafeOwner;
  let events = 0;
  let alerts = 0;
  for (;;) {
    const done = await owner.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`breach:${chain}`}))`);
      const [cursor] = await rows<{ last_seq: string }>(
        tx,
        sql`select last_seq::text from breach_detection_cursors where chain_id = ${chain}::uuid`,
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
            where s.chain_id = ${chain}::uuid and s.seq > ${after}
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
      const findings = await runRules(seen, {
        count: async (query) => {
          const [row] = await rows<Record<string, unknown>>(tx, query);
          return Number(Object.values(row ?? {})[0] ?? 0);
        },
        rows: <T>(query: ReturnType<typeof sql>) => rows<T>(tx, query),
      });
      const raised: RaisedAlert[] = [];
      for (const f of findings) {
        const [existing] = await rows<{ id: string }>(
          tx,
          sql`select id from security_alerts where practice_id = ${f.practiceId}::uuid and kind = ${f.kind}
            and evidence->>'dedupeKey' = ${f.dedupeKey}
            and created_at >= now() - make_interval(mins => ${f.windowMinutes}) limit 1`,
        );
        if (existing) continue;
        const alertId = uuidv7();
        await tx.execute(sql`insert into security_alerts
          (id, practice_id, kind, severity, subject_user_id, client_id, summary, evidence)
          values (${alertId}::uuid, ${f.practiceId}::uuid, ${f.kind}, ${f.severity}, ${f.subjectUserId ?? null}::uuid,
            ${f.clientId ?? null}::uuid, ${f.summary}, ${JSON.stringify({ ...f.evidence, dedupeKey: f.dedupeKey })}::jsonb)`);
        raised.push({ practiceId: f.practiceId, alertId, rule: f.kind, severity: f.severity });
      }
      await tx.execute(sql`insert into breach_detection_cursors (chain_id, last_seq)
        values (${chain}::uuid, ${Number(batch.at(-1)!.seq)})
        on conflict (chain_id) do update set last_seq = excluded.last_seq, updated_at = now()`);
      return { read: batch.length, raised };
    });
    for (const alert of done.raised) publishAlertRaised(options.realtime, alert);
    events += done.read;
    alerts += done.raised.length;
    if (done.read < batchSize) break;
  }
  return { events, alerts };
}
