import { auditChainAnchors, type Database } from '@mentalspace/db';
import { sql } from 'drizzle-orm';
import type { AuditAnchorStore } from './anchor-store';

/**
 * Every chain's newest seal that has moved since it was last anchored. The distinct chains are
 * found by skipping through the (chain, seq) key, one probe per chain, so the cost follows the
 * number of practices, not the millions of seals.
 */
const MOVED_HEADS = sql`with recursive chains(chain_id) as (
    (select chain_id from audit_seals order by chain_id limit 1)
    union all
    select (select s.chain_id from audit_seals s where s.chain_id > c.chain_id order by s.chain_id limit 1)
    from chains c where c.chain_id is not null
  )
  select c.chain_id::text as chain, h.seq::text as seq, h.hash
  from chains c
  cross join lateral (select s.seq, s.hash from audit_seals s where s.chain_id = c.chain_id
    order by s.seq desc limit 1) h
  left join audit_chain_anchors a on a.chain_id = c.chain_id
  where c.chain_id is not null and (a.seq is null or a.seq < h.seq)`;

/**
 * Copies each moved chain head out of the database into the anchor store, then notes it in
 * `audit_chain_anchors` so the next run skips it. Runs as the owner, behind the sealer; several
 * instances may run it at once (the store ignores a link written twice).
 */
export async function unsafeAnchorChainHeads(
  database: Database,
  store: AuditAnchorStore,
): Promise<{ anchored: number }> {
  const owner = database.unsafeOwner;
  const result: unknown = await owner.execute(MOVED_HEADS);
  const heads = (result as { rows: { chain: string; seq: string; hash: string }[] }).rows;
  for (const head of heads) {
    const anchor = { chain: head.chain, seq: Number(head.seq), hash: head.hash };
    await store.put(anchor);
    await owner
      .insert(auditChainAnchors)
      .values({ chainId: anchor.chain, seq: anchor.seq, hash: anchor.hash })
      .onConflictDoUpdate({
        target: auditChainAnchors.chainId,
        set: { seq: anchor.seq, hash: anchor.hash, anchoredAt: sql`now()` },
        setWhere: sql`${auditChainAnchors.seq} < ${anchor.seq}`,
      });
  }
  return { anchored: heads.length };
}
