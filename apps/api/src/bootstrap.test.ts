import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap, demoBanner } from './bootstrap';
import { loadConfig } from './config/config';
import { openRedis } from './redis';

describe('bootstrap', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ms-boot-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('migrates a file-backed embedded database, seeds the demo once and lists its logins', async () => {
    const config = loadConfig({ MENTALSPACE_DATA_DIR: dataDir, PORT: '4321' });
    const first = await bootstrap(config, pino({ level: 'silent' }));
    expect(first.demo?.created).toBe(true);
    expect(first.sessionSecret.length).toBeGreaterThanOrEqual(64);
    const banner = demoBanner(config, first.demo!);
    expect(banner).toContain('http://localhost:4321');
    expect(banner).toContain('LOCAL DEMO ONLY');
    for (const user of first.demo!.users) expect(banner).toContain(user.email);
    expect(first.demo!.password).toMatch(/^Demo-/);
    expect(banner).toContain(first.demo!.password);
    const kept = await readFile(join(dataDir, 'demo-logins.txt'), 'utf8');
    expect(kept).toContain(first.demo!.password);
    expect((await stat(join(dataDir, 'demo-logins.txt'))).mode & 0o777).toBe(0o600);
    await first.database.close();

    const second = await bootstrap(config, pino({ level: 'silent' }));
    expect(second.demo).toMatchObject({ created: false, practiceId: first.demo!.practiceId, password: null });
    expect(second.sessionSecret).toBe(first.sessionSecret);
    await second.database.close();
  });

  it('skips the demo when SEED_DEMO=false', async () => {
    const config = loadConfig({ MENTALSPACE_DATA_DIR: join(dataDir, 'bare'), SEED_DEMO: 'false' });
    const booted = await bootstrap(config, pino({ level: 'silent' }));
    expect(booted.demo).toBeNull();
    await booted.database.close();
  });
});

describe('openRedis', () => {
  it('fails commands fast instead of queueing them while Redis is unreachable', async () => {
    const redis = openRedis('redis://127.0.0.1:1');
    await expect(redis.ping()).rejects.toBeTruthy();
    redis.disconnect();
  });

  it.runIf(process.env.TEST_REDIS_URL)('talks to a real Redis', async () => {
    const redis = openRedis(process.env.TEST_REDIS_URL!);
    await new Promise((resolve) => redis.once('ready', resolve));
    expect(await redis.ping()).toBe('PONG');
    await redis.quit();
  });
});
