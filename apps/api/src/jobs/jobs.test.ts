import { auditEvents, securityAlerts } from '@mentalspace/db';
import { openTestDatabase } from '@mentalspace/db/testing';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { localAnchorStore } from '../audit/anchors/local-anchor-store';
import { unsafeVerifyAuditChain } from '../audit/audit-chain';
import { createPractice, createStaff } from '../test/factories';
import { startAuditSealer } from './audit-sealer';
import { startBreachDetection } from './breach-detection';

const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
};

describe('background jobs', () => {
  it('seal new events, anchor the chain heads and raise alerts on their own schedule, and stop cleanly', async () => {
    const database = await openTestDatabase();
    const practice = await createPractice(database);
    const user = await createStaff(database, practice, 'clinician');
    await database.unsafeOwner.insert(auditEvents).values(
      Array.from({ length: 45 }, () => ({
        practiceId: practice.id,
        actorUserId: user.id,
        action: 'client.read',
        resourceType: 'client',
        clientId: randomUUID(),
      })),
    );
    const logger = pino({ level: 'silent' });
    const directory = await mkdtemp(join(tmpdir(), 'ms-anchors-'));
    const anchors = localAnchorStore(directory);
    const sealer = startAuditSealer(database, anchors, logger, { intervalMs: 20, anchorIntervalMs: 60_000 });
    const detection = startBreachDetection(database, logger, { intervalMs: 40 });
    try {
      expect(await until(async () => (await unsafeVerifyAuditChain(database)).events === 45)).toBe(true);
      expect(
        await until(async () =>
          (await database.unsafeOwner.select().from(securityAlerts)).some(
            (a) => a.kind === 'excessive_phi_access',
          ),
        ),
      ).toBe(true);
      await detection.stop();
      await sealer.stop();
      // The first run anchored the head at once; stopping anchors whatever was sealed since.
      expect(await unsafeVerifyAuditChain(database, { anchors })).toMatchObject({ ok: true, events: 45 });
      expect((await unsafeVerifyAuditChain(database, { anchors })).anchored).toBeGreaterThanOrEqual(1);
      const heads = await readdir(join(directory, practice.id));
      expect(heads.sort().at(-1)).toMatch(/^0{14}45-/);
    } finally {
      await detection.stop();
      await sealer.stop();
      await database.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
