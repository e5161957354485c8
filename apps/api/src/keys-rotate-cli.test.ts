import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { disclosures, openDatabase, type Database } from '@mentalspace/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDisclosure } from './modules/clients/disclosures';
import { setClientSsn } from './modules/clients/client-ssn';
import { addPhiKeyVersion, loadPhiCipher } from './security/encryption/key-ring';
import { loadOrCreateLocalMasterKey } from './security/encryption/local-master-key';
import { unsafeReencryptPhi } from './security/encryption/rotate';
import { scopeFor } from './security/policy';
import { createClient, createPractice, createStaff } from './test/factories';
import { runCommand } from './test/command-line';

let dataDir: string;

const run = (entry: string, args: string[] = []) => runCommand(entry, dataDir, args);

/** The embedded database and its key ring (the data dir's master key), while no command holds it. */
async function withKeys<T>(
  work: (db: Database, phi: Awaited<ReturnType<typeof loadPhiCipher>>) => Promise<T>,
): Promise<T> {
  const db = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'pglite') });
  try {
    return await work(db, await loadPhiCipher(db, await loadOrCreateLocalMasterKey(dataDir)));
  } finally {
    await db.close();
  }
}

/** A practice with one client, three disclosures and an SSN, sealed under the current version. */
async function seed(db: Database, phi: Awaited<ReturnType<typeof loadPhiCipher>>) {
  const practice = await createPractice(db);
  const frontDesk = await createStaff(db, practice, 'front_desk');
  const client = await createClient(db, practice);
  const ctx = {
    database: db,
    scope: scopeFor({ userId: frontDesk.id, practiceId: practice.id, role: 'front_desk' }),
    audit: { requestId: 'cli-test', ip: undefined, userAgent: undefined },
  };
  for (const recipient of ['Recipient A', 'Recipient B', 'Recipient C'])
    await recordDisclosure(ctx, phi, client.id, {
      disclosedOn: '2026-11-01',
      recipient,
      recipientAddress: null,
      description: 'Attendance dates',
      purpose: 'Court order',
      basis: 'court_order',
    });
  await setClientSsn(ctx, phi, client.id, '212486789');
  return client.id;
}

/** Every sealed recipient of the client, opened: the version it is at and its plain text. */
const recipientsOf = (clientId: string) =>
  withKeys(async (db, phi) => {
    const rows = await db.unsafeOwner.select().from(disclosures).where(eq(disclosures.clientId, clientId));
    return rows
      .map((r) => ({
        version: phi.versionOf(r.recipient),
        recipient: phi.decrypt(r.recipient, `disclosures:recipient:${r.id}`),
      }))
      .sort((a, b) => a.recipient.localeCompare(b.recipient));
  });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ms-keys-'));
  expect(run('migrate.ts').code).toBe(0);
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm run keys:rotate', () => {
  it('adds a key version, re-encrypts every sealed value, and --resume finishes an interrupted run', async () => {
    const clientId = await withKeys(seed);
    expect((await recipientsOf(clientId)).map((r) => r.version)).toEqual([1, 1, 1]);

    const rotated = run('keys-rotate.ts');
    expect(rotated.out).toContain('added PHI data key version 2\n');
    expect(rotated.out).toContain('disclosures: 3 rows re-encrypted to version 2\n');
    expect(rotated.out).toContain('clients: 1 rows re-encrypted to version 2\n');
    expect(rotated.out).toContain('rotation complete\n');
    expect(rotated.out).not.toContain('Recipient');
    expect(rotated.code).toBe(0);
    expect(await recipientsOf(clientId)).toEqual([
      { version: 2, recipient: 'Recipient A' },
      { version: 2, recipient: 'Recipient B' },
      { version: 2, recipient: 'Recipient C' },
    ]);

    // A rotation that stopped after adding version 3 and re-encrypting one row of each table.
    await withKeys(async (db, phi) => {
      expect(await addPhiKeyVersion(db, await loadOrCreateLocalMasterKey(dataDir))).toBe(3);
      await phi.refresh();
      await unsafeReencryptPhi(db, phi, { batchSize: 1, maxBatches: 1 });
    });
    expect((await recipientsOf(clientId)).map((r) => r.version).sort()).toEqual([2, 2, 3]);

    const resumed = run('keys-rotate.ts', ['--resume']);
    expect(resumed.out).not.toContain('added PHI data key version');
    expect(resumed.out).toContain('disclosures: 2 rows re-encrypted to version 3\n');
    expect(resumed.out).toContain('clients: 0 rows re-encrypted to version 3\n');
    expect(resumed.out).toContain('rotation complete\n');
    expect(resumed.code).toBe(0);
    expect((await recipientsOf(clientId)).map((r) => r.version)).toEqual([3, 3, 3]);

    const again = run('keys-rotate.ts', ['--resume']);
    expect(again.out).toContain('disclosures: 0 rows re-encrypted to version 3\n');
    expect(again.code).toBe(0);
  });

  it('stops with exit code 1 at a value that no longer opens, naming no PHI', async () => {
    const clientId = await withKeys(seed);
    // A superuser moved one disclosure's sealed recipient onto another row: its binding fails.
    await withKeys(async (db) => {
      const [first, second] = await db.unsafeOwner
        .select()
        .from(disclosures)
        .where(eq(disclosures.clientId, clientId));
      await db.unsafeOwner
        .update(disclosures)
        .set({ recipient: first!.recipient })
        .where(eq(disclosures.id, second!.id));
    });
    const failed = run('keys-rotate.ts');
    expect(failed.out).toContain('keys:rotate failed: A protected value could not be read');
    expect(failed.out).not.toContain('rotation complete');
    expect(failed.out).not.toMatch(/Recipient|212486789|Court order/);
    expect(failed.code).toBe(1);
  });
});
