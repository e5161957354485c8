import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditEvents, openDatabase } from '@mentalspace/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../test/command-line';

let dataDir: string;

const run = (entry: string, args: string[] = []) => runCommand(entry, dataDir, args);

/** The embedded database, opened while no command holds it. */
async function withDatabase(work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>) {
  const db = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'pglite') });
  try {
    await work(db);
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ms-audit-'));
  expect(run('migrate.ts').code).toBe(0);
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm run audit:verify', () => {
  it('seals and finds the trail intact, then names the link a superuser changed', async () => {
    await withDatabase(async (db) => {
      await db.unsafeOwner.insert(auditEvents).values(
        Array.from({ length: 6 }, (_, i) => ({
          action: 'auth.sign_in',
          resourceType: 'auth',
          requestId: `r${i}`,
        })),
      );
    });
    const intact = run('audit-verify.ts', ['--seal']);
    expect(intact.out).toContain('sealed 6 pending events, anchored 1 chain heads');
    expect(intact.out).toContain(`anchors: 1 links matched (${join(dataDir, 'audit-anchors')})`);
    expect(intact.out).toContain('audit trail intact');
    expect(intact.code).toBe(0);

    await withDatabase(async (db) => {
      await db.unsafeOwner.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(sql`update audit_events set request_id = 'forged' where request_id = 'r3'`);
      });
    });
    const broken = run('audit-verify.ts');
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(
      /BROKEN chain 00000000-0000-0000-0000-000000000000 at link 4: event changed or reordered/,
    );
    expect(broken.out).toContain('audit trail has been altered');
  });
});
