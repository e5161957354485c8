import { auditChainAnchors, auditEvents, type Database } from '@mentalspace/db';
import { openTestDatabase, type TestDatabase } from '@mentalspace/db/testing';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPractice } from '../../test/factories';
import { unsafeSealAuditEvents, unsafeVerifyAuditChain } from '../audit-chain';
import { unsafeAnchorChainHeads } from './anchor-chain-heads';
import type { AuditAnchorStore } from './anchor-store';
import { localAnchorStore } from './local-anchor-store';

let database: TestDatabase;
let directory: string;
let anchors: AuditAnchorStore;
let practiceId: string;

async function events(count: number, db: Database = database) {
  await db.unsafeOwner.insert(auditEvents).values(
    Array.from({ length: count }, (_, i) => ({
      practiceId,
      action: 'client.read',
      resourceType: 'client',
      requestId: `req-${i}`,
    })),
  );
}
/** Seals and anchors, as the server's job does each minute. */
async function sealAndAnchor() {
  await unsafeSealAuditEvents(database);
  return unsafeAnchorChainHeads(database, anchors);
}
/** As a superuser with the append-only triggers off: what an attacker inside the database could do. */
const tamper = (statement: ReturnType<typeof sql>) =>
  database.unsafeOwner.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(statement);
  });
const verify = (withAnchors = true) => unsafeVerifyAuditChain(database, withAnchors ? { anchors } : {});

beforeEach(async () => {
  database = await openTestDatabase();
  directory = await mkdtemp(join(tmpdir(), 'ms-anchors-'));
  anchors = localAnchorStore(directory);
  practiceId = (await createPractice(database)).id;
});
afterEach(async () => {
  await database.close();
  await rm(directory, { recursive: true, force: true });
});

describe('audit chain anchors', () => {
  it('copies each moved chain head out once, as a read-only file, and finds the chain matching it', async () => {
    await events(5);
    expect(await sealAndAnchor()).toEqual({ anchored: 1 });
    expect(await sealAndAnchor()).toEqual({ anchored: 0 });
    await events(2);
    expect(await sealAndAnchor()).toEqual({ anchored: 1 });

    const files = await readdir(join(directory, practiceId));
    expect(files).toHaveLength(2);
    expect(files.sort()[1]).toMatch(/^0{15}7-[0-9a-f]{64}\.json$/);
    expect((await stat(join(directory, practiceId, files[0]!))).mode & 0o777).toBe(0o400);
    // Writing a link that is already anchored (another instance, a retry) is not an error.
    const [memo] = await database.unsafeOwner.select().from(auditChainAnchors);
    await anchors.put({ chain: practiceId, seq: memo!.seq, hash: memo!.hash });

    expect(await verify()).toMatchObject({ ok: true, events: 7, anchored: 2, breaks: [] });
  });

  it('catches a chain recomputed after an edit, which the walk alone cannot', async () => {
    await events(6);
    await sealAndAnchor();
    // The attacker edits event 3, drops the seals from there on and lets the sealer re-chain them.
    await tamper(sql`update audit_events set request_id = 'forged' where request_id = 'req-2'`);
    await tamper(sql`delete from audit_seals where chain_id = ${practiceId}::uuid and seq >= 3`);
    await unsafeSealAuditEvents(database);

    expect((await verify(false)).ok).toBe(true);
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.breaks).toEqual([
      expect.objectContaining({ chain: practiceId, seq: 6, reason: 'anchor_differs' }),
    ]);
  });

  it('catches the newest events deleted with their seals, and a chain deleted whole', async () => {
    await events(6);
    await sealAndAnchor();
    await tamper(sql`delete from audit_events where id in (select event_id from audit_seals
      where chain_id = ${practiceId}::uuid and seq > 4)`);
    await tamper(sql`delete from audit_seals where chain_id = ${practiceId}::uuid and seq > 4`);

    expect((await verify(false)).ok).toBe(true);
    expect((await verify()).breaks).toEqual([
      { chain: practiceId, seq: 5, eventId: null, reason: 'anchored_link_missing' },
    ]);

    await tamper(sql`delete from audit_events where practice_id = ${practiceId}::uuid`);
    await tamper(sql`delete from audit_seals where chain_id = ${practiceId}::uuid`);
    const gone = await verify();
    expect(gone.chains).toBe(1);
    expect(gone.breaks).toEqual([
      { chain: practiceId, seq: 1, eventId: null, reason: 'anchored_link_missing' },
    ]);
  });

  it('keeps its memo out of the application role’s reach', async () => {
    const refused = await database
      .inPractice(practiceId, (tx) => tx.select().from(auditChainAnchors))
      .then(
        () => 'read',
        (error: Error & { cause?: { message?: string } }) => error.cause?.message ?? error.message,
      );
    expect(refused).toMatch(/permission denied/);
  });
});
