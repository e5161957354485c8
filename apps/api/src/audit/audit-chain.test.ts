import { auditEvents, auditSeals, type Database } from '@mentalspace/db';
import { openTestDatabase, type TestDatabase } from '@mentalspace/db/testing';
import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPractice } from '../test/factories';
import { PLATFORM_CHAIN, unsafeSealAuditEvents, unsafeVerifyAuditChain } from './audit-chain';

let database: TestDatabase;
let practices: string[];

async function events(db: Database, practiceId: string | null, count: number, action = 'client.read') {
  const rows = await db.unsafeOwner
    .insert(auditEvents)
    .values(
      Array.from({ length: count }, (_, i) => ({
        practiceId,
        action,
        resourceType: 'client',
        ip: '203.0.113.7',
        requestId: `req-${i}`,
        details: { n: i, nested: { b: 1, a: [1, 2] } },
      })),
    )
    .returning({ id: auditEvents.id });
  return rows.map((r) => r.id);
}

/** As a superuser who turns the append-only triggers off: what an attacker with the keys could do. */
const tamper = (db: Database, statement: ReturnType<typeof sql>) =>
  db.unsafeOwner.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(statement);
  });

/** The database's own message behind drizzle's "Failed query" wrapper. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause;
    return `${(error as Error).message} ${cause?.message ?? ''}`;
  }
  return 'no error';
}

beforeEach(async () => {
  database = await openTestDatabase();
  practices = [(await createPractice(database)).id, (await createPractice(database)).id];
});
afterEach(async () => {
  await database.close();
});

describe('the audit hash chain', () => {
  it('seals each practice (and events of no practice) into its own chain, continued across runs', async () => {
    await events(database, practices[0]!, 5);
    await events(database, practices[1]!, 3);
    await events(database, null, 2, 'auth.sign_in');
    expect(await unsafeSealAuditEvents(database, { batchSize: 2 })).toEqual({ chains: 3, sealed: 10 });
    expect(await unsafeSealAuditEvents(database)).toEqual({ chains: 0, sealed: 0 });
    await events(database, practices[0]!, 4);
    expect(await unsafeSealAuditEvents(database)).toEqual({ chains: 1, sealed: 4 });

    const seqs = await database.unsafeOwner
      .select({ seq: auditSeals.seq })
      .from(auditSeals)
      .where(eq(auditSeals.chainId, practices[0]!))
      .orderBy(auditSeals.seq);
    expect(seqs.map((s) => s.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const verified = await unsafeVerifyAuditChain(database, { pageSize: 4 });
    expect(verified).toEqual({ ok: true, chains: 3, events: 14, unsealed: 0, anchored: 0, breaks: [] });
    expect(
      await database.unsafeOwner.select().from(auditSeals).where(eq(auditSeals.chainId, PLATFORM_CHAIN)),
    ).toHaveLength(2);
  });

  it('gives one consistent chain when several sealers run at once', async () => {
    await events(database, practices[0]!, 30);
    const results = await Promise.all([1, 2, 3].map(() => unsafeSealAuditEvents(database, { batchSize: 7 })));
    expect(results.reduce((n, r) => n + r.sealed, 0)).toBe(30);
    expect((await unsafeVerifyAuditChain(database)).ok).toBe(true);
  });

  it('names the event whose content a superuser changed', async () => {
    const ids = await events(database, practices[0]!, 5);
    await unsafeSealAuditEvents(database);
    await tamper(database, sql`update audit_events set action = 'client.list' where id = ${ids[2]}::uuid`);
    const verified = await unsafeVerifyAuditChain(database);
    expect(verified.ok).toBe(false);
    expect(verified.breaks).toEqual([
      { chain: practices[0], seq: 3, eventId: ids[2], reason: 'event_changed_or_reordered' },
    ]);
  });

  it('names a deleted event, a deleted seal, and a reordering', async () => {
    const ids = await events(database, practices[0]!, 4);
    const others = await events(database, practices[1]!, 4);
    const more = await events(database, null, 3, 'auth.sign_in');
    await unsafeSealAuditEvents(database);
    await tamper(database, sql`delete from audit_events where id = ${ids[1]}::uuid`);
    await tamper(database, sql`delete from audit_seals where event_id = ${others[2]}::uuid`);
    // Swap two events' places in the platform chain (through a placeholder: event ids are unique).
    const placeholder = '01a203ea-0000-7000-8000-0000000000ff';
    await tamper(
      database,
      sql`update audit_seals set event_id = ${placeholder}::uuid where event_id = ${more[0]}::uuid`,
    );
    await tamper(
      database,
      sql`update audit_seals set event_id = ${more[0]}::uuid where event_id = ${more[1]}::uuid`,
    );
    await tamper(
      database,
      sql`update audit_seals set event_id = ${more[1]}::uuid where event_id = ${placeholder}::uuid`,
    );
    const { ok, breaks } = await unsafeVerifyAuditChain(database);
    expect(ok).toBe(false);
    expect(breaks).toEqual(
      expect.arrayContaining([
        { chain: practices[0], seq: 2, eventId: ids[1], reason: 'event_missing' },
        { chain: practices[1], seq: 3, eventId: null, reason: 'seal_missing' },
        { chain: PLATFORM_CHAIN, seq: 1, eventId: more[1], reason: 'event_changed_or_reordered' },
      ]),
    );
  });

  it('refuses changes to seals, even by the owner, while the trigger is on', async () => {
    await events(database, practices[0]!, 1);
    await unsafeSealAuditEvents(database);
    expect(await failure(database.unsafeOwner.execute(sql`delete from audit_seals`))).toMatch(/append-only/);
    expect(await failure(database.unsafeOwner.execute(sql`update audit_seals set hash = 'x'`))).toMatch(
      /append-only/,
    );
  });

  it('is out of the application role’s reach', async () => {
    const denied = database.inPractice(practices[0]!, (tx) =>
      tx.execute(sql`select count(*) from audit_seals`),
    );
    expect(await failure(denied)).toMatch(/permission denied/);
  });
});
