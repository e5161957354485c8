import { createHash } from 'node:crypto';
import type { Database } from '@mentalspace/db';
import { sql, type SQL } from 'drizzle-orm';
import type { AuditAnchorStore } from './anchors/anchor-store';

/** The chain of events that belong to no practice (sign-ins with unknown e-mails, forged tokens). */
export const PLATFORM_CHAIN = '00000000-0000-0000-0000-000000000000';
const GENESIS = '0'.repeat(64);
/** Events committed this long after their transaction began are still picked up by the sealer. */
const LATE_COMMIT_GRACE = sql`interval '10 minutes'`;

/**
 * An event's canonical text: every column, in a fixed order, rendered by PostgreSQL the same way
 * on every read (UTC microseconds, jsonb's normalised text). The chain hashes this, so a change
 * to any column of a sealed event shows.
 */
const CANONICAL = sql`json_build_array(
  e.id, e.practice_id, to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
  e.actor_user_id, e.actor_role, e.action, e.resource_type, e.resource_id, e.client_id,
  e.outcome, e.ip::text, e.user_agent, e.request_id, e.reason, e.details
)::text`;
const CHAIN_OF = sql`coalesce(e.practice_id, ${PLATFORM_CHAIN}::uuid)`;

export const linkHash = (previous: string, canonical: string) =>
  createHash('sha256').update(previous).update('\n').update(canonical).digest('hex');

type Rows<T> = { rows: T[] };
async function rows<T>(run: Promise<unknown>): Promise<T[]> {
  return ((await run) as Rows<T>).rows;
}

export interface SealResult {
  chains: number;
  sealed: number;
}

/**
 * Appends every committed, unsealed event to its practice's chain, in batches, in order of
 * discovery. Writers never wait for it: it runs behind them (the sealer job, or a test). Chains
 * are sealed one at a time under a per-chain advisory lock, so several instances can run it.
 */
export async function unsafeSealAuditEvents(
  database: Database,
  options: { batchSize?: number } = {},
): Promise<SealResult> {
  // One sealer at a time per process (PGlite has one session, where advisory locks do not
  // exclude); across instances on PostgreSQL the per-chain advisory lock below does.
  const previous = running.get(database) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => sealOnce(database, options));
  running.set(database, run);
  try {
    return await run;
  } finally {
    if (running.get(database) === run) running.delete(database);
  }
}

const running = new WeakMap<Database, Promise<SealResult>>();

async function sealOnce(database: Database, options: { batchSize?: number }): Promise<SealResult> {
  const batchSize = options.batchSize ?? 2_000;
  const owner = database.unsafeOwner;
  // Where to look: a little before the newest seal (late commits), or everything the first time.
  const [bound] = await rows<{ since: string | null }>(
    owner.execute(sql`select (max(sealed_at) - ${LATE_COMMIT_GRACE})::text as since from audit_seals`),
  );
  const since: SQL = bound?.since ? sql`${bound.since}::timestamptz` : sql`'-infinity'::timestamptz`;
  const chains = await rows<{ chain: string }>(
    owner.execute(sql`select distinct ${CHAIN_OF} as chain from audit_events e
      where e.occurred_at >= ${since}
        and not exists (select 1 from audit_seals s where s.event_id = e.id)`),
  );
  let sealed = 0;
  for (const { chain } of chains) {
    for (;;) {
      const count = await owner.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`audit-seal:${chain}`}))`);
        const [last] = await rows<{ seq: string; hash: string }>(
          tx.execute(sql`select s.seq::text as seq, s.hash from audit_seals s where s.chain_id = ${chain}::uuid
            order by s.seq desc limit 1`),
        );
        const pending = await rows<{ id: string; canonical: string }>(
          tx.execute(sql`select e.id, ${CANONICAL} as canonical from audit_events e
            where ${chain === PLATFORM_CHAIN ? sql`e.practice_id is null` : sql`e.practice_id = ${chain}::uuid`}
              and e.occurred_at >= ${since}
              and not exists (select 1 from audit_seals s where s.event_id = e.id)
            order by e.occurred_at, e.id
            limit ${batchSize}`),
        );
        if (pending.length === 0) return 0;
        let seq = Number(last?.seq ?? 0);
        let previous = last?.hash ?? GENESIS;
        const values = pending.map((event) => {
          previous = linkHash(previous, event.canonical);
          seq += 1;
          return sql`(${chain}::uuid, ${seq}, ${event.id}::uuid, ${previous})`;
        });
        await tx.execute(
          sql`insert into audit_seals (chain_id, seq, event_id, hash) values ${sql.join(values, sql`, `)}`,
        );
        return pending.length;
      });
      sealed += count;
      if (count < batchSize) break;
    }
  }
  return { chains: chains.length, sealed };
}

export type ChainBreak = {
  chain: string;
  seq: number;
  eventId: string | null;
  /**
   * `anchor_differs`: the chain no longer has the hash anchored outside the database at this link
   * (rewritten from an edited event on, seals and all). `anchored_link_missing`: the chain ends
   * before a link that was anchored (its newest events deleted with their seals).
   */
  reason:
    | 'event_missing'
    | 'event_changed_or_reordered'
    | 'seal_missing'
    | 'anchor_differs'
    | 'anchored_link_missing';
};

export interface VerifyResult {
  ok: boolean;
  chains: number;
  events: number;
  /** Committed events not sealed yet (the sealer runs behind the writers). */
  unsealed: number;
  /** Links compared with an anchor kept outside the database. */
  anchored: number;
  /** The first broken link of each broken chain. */
  breaks: ChainBreak[];
}

async function anchorsOf(store: AuditAnchorStore | undefined, chain: string) {
  const anchors = new Map<number, string>();
  if (store) for await (const anchor of store.list(chain)) anchors.set(anchor.seq, anchor.hash);
  return anchors;
}

/**
 * Walks every chain from its start, recomputing each link from the event as it is now. Names the
 * first broken link of each chain: a missing event (deleted), a changed or reordered one (hash
 * differs), or a missing seal (a gap in the sequence). With the anchor store, it also compares
 * the chain with every head anchored outside the database, which catches what an internal walk
 * cannot: a chain recomputed after an edit, or cut short at its newest end.
 */
export async function unsafeVerifyAuditChain(
  database: Database,
  options: { pageSize?: number; anchors?: AuditAnchorStore } = {},
): Promise<VerifyResult> {
  const pageSize = options.pageSize ?? 5_000;
  const owner = database.unsafeOwner;
  const sealedChains = await rows<{ chain: string }>(
    owner.execute(sql`select distinct chain_id::text as chain from audit_seals order by 1`),
  );
  // A chain that was anchored and has vanished from the database entirely is a break too.
  const chains = [
    ...new Set([...sealedChains.map((c) => c.chain), ...((await options.anchors?.chains()) ?? [])]),
  ]
    .sort()
    .map((chain) => ({ chain }));
  const breaks: ChainBreak[] = [];
  let events = 0;
  let anchored = 0;
  for (const { chain } of chains) {
    const anchors = await anchorsOf(options.anchors, chain);
    let previous = GENESIS;
    let expected = 1;
    let broken: ChainBreak | null = null;
    while (!broken) {
      const page = await rows<{ seq: string; event_id: string; hash: string; canonical: string | null }>(
        owner.execute(sql`select s.seq::text, s.event_id::text, s.hash,
            case when e.id is null then null else ${CANONICAL} end as canonical
          from audit_seals s left join audit_events e on e.id = s.event_id
          where s.chain_id = ${chain}::uuid and s.seq >= ${expected}
          order by s.seq limit ${pageSize}`),
      );
      for (const link of page) {
        const seq = Number(link.seq);
        if (seq !== expected) {
          broken = { chain, seq: expected, eventId: null, reason: 'seal_missing' };
          break;
        }
        if (link.canonical === null) {
          broken = { chain, seq, eventId: link.event_id, reason: 'event_missing' };
          break;
        }
        const hash = linkHash(previous, link.canonical);
        if (hash !== link.hash) {
          broken = { chain, seq, eventId: link.event_id, reason: 'event_changed_or_reordered' };
          break;
        }
        const anchor = anchors.get(seq);
        if (anchor !== undefined) {
          if (anchor !== hash) {
            broken = { chain, seq, eventId: link.event_id, reason: 'anchor_differs' };
            break;
          }
          anchored += 1;
        }
        previous = hash;
        expected += 1;
        events += 1;
      }
      if (page.length < pageSize) break;
    }
    let lastAnchored = 0;
    for (const seq of anchors.keys()) if (seq > lastAnchored) lastAnchored = seq;
    if (!broken && expected <= lastAnchored)
      broken = { chain, seq: expected, eventId: null, reason: 'anchored_link_missing' };
    if (broken) breaks.push(broken);
  }
  const [pending] = await rows<{ n: string }>(
    owner.execute(sql`select count(*)::text as n from audit_events e
      where not exists (select 1 from audit_seals s where s.event_id = e.id)`),
  );
  return {
    ok: breaks.length === 0,
    chains: chains.length,
    events,
    unsealed: Number(pending?.n ?? 0),
    anchored,
    breaks,
  };
}
