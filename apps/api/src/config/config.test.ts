import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../app-error';
import { loadConfig } from './config';
import { loadOrCreateLocalSecrets } from './local-secrets';

const strongSecret = 'k3J9-xQ2m_Lp8Zr4-Vt6Yw1Nc5Hb7Gd0F-aR2sT9uV4wX7yZ0bC3dE6fG1hI5jK8l';
const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://app@db.internal:5432/mentalspace',
  REDIS_URL: 'rediss://cache.internal:6379',
  SESSION_SECRET: strongSecret,
  PHI_KMS_KEY_ID: 'alias/mentalspace/prod/phi',
  AUDIT_ANCHOR_BUCKET: 'mentalspace-prod-audit-anchors',
  PUBLIC_URL: 'https://ehr.example.org',
};

function failure(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).message;
  }
  throw new Error('expected loadConfig to refuse');
}

describe('loadConfig', () => {
  it('runs the embedded default with nothing set: PGlite under ./data, demo seeded, guard on, localhost', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('embedded');
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.database).toEqual({ kind: 'pglite', dataDir: join(process.cwd(), 'data', 'pglite') });
    expect(config.seedDemo).toBe(true);
    expect(config.migrateOnStart).toBe(true);
    expect(config.sessionSecret).toBeUndefined();
  });

  it('honours MENTALSPACE_DATA_DIR, PORT and DATABASE_URL', () => {
    const config = loadConfig({
      MENTALSPACE_DATA_DIR: '/srv/ms',
      PORT: '8080',
      DATABASE_URL: 'postgres://u@h/db',
    });
    expect(config.dataDir).toBe('/srv/ms');
    expect(config.port).toBe(8080);
    expect(config.database).toMatchObject({ kind: 'postgres', url: 'postgres://u@h/db' });
  });

  it('accepts a complete production environment: no demo, no migration on start', () => {
    const config = loadConfig(production);
    expect(config).toMatchObject({
      mode: 'production',
      host: '0.0.0.0',
      seedDemo: false,
      migrateOnStart: false,
    });
  });

  it('refuses production without a database, Redis or secret, naming each', () => {
    const message = failure({ NODE_ENV: 'production' });
    expect(message).toContain('DATABASE_URL is required');
    expect(message).toContain('REDIS_URL is required');
    expect(message).toContain('SESSION_SECRET');
    expect(message).toContain('AUDIT_ANCHOR_BUCKET is required');
  });

  it('anchors the audit chain in the data dir when embedded, and in the Object Lock bucket in production', () => {
    expect(loadConfig({ MENTALSPACE_DATA_DIR: '/srv/ms' }).auditAnchors).toEqual({
      kind: 'data-dir',
      directory: '/srv/ms/audit-anchors',
    });
    expect(loadConfig({ ...production, AWS_REGION: 'us-east-1' }).auditAnchors).toEqual({
      kind: 's3',
      bucket: 'mentalspace-prod-audit-anchors',
      prefix: 'audit-anchors/',
      retentionDays: 2190,
      region: 'us-east-1',
    });
    expect(failure({ ...production, AUDIT_ANCHOR_BUCKET: 'Not_A_Bucket' })).toContain(
      'AUDIT_ANCHOR_BUCKET must be an S3 bucket name',
    );
    expect(failure({ ...production, AUDIT_ANCHOR_PREFIX: 'no-slash' })).toContain('AUDIT_ANCHOR_PREFIX');
  });

  it.each([
    ['short', 'abc123'],
    ['a placeholder', 'changeme'],
    ['repetitive', 'a'.repeat(64)],
    ['periodic', 'Zq8#xW2!mK4$pL6^'.repeat(4)],
    ['sequential', 'abcdefghijklmnopqrstuvwxyz'.padEnd(64, 'Q7#kZ2!m')],
    ['a placeholder inside noise', 'my-Secret-for-prod-'.padEnd(70, 'Zq8#xW2!mK4$pL6^')],
  ])('refuses a %s secret in production', (_label, secret) => {
    expect(failure({ ...production, SESSION_SECRET: secret })).toContain('SESSION_SECRET');
  });

  it('accepts what a generator makes: 48 random bytes in base64', async () => {
    const { randomBytes } = await import('node:crypto');
    for (let i = 0; i < 50; i++)
      expect(() =>
        loadConfig({ ...production, SESSION_SECRET: randomBytes(48).toString('base64') }),
      ).not.toThrow();
  });

  it('refuses demo data in production and malformed values anywhere', () => {
    expect(failure({ ...production, SEED_DEMO: 'true' })).toContain('SEED_DEMO');
    expect(failure({ PORT: 'eighty' })).toContain('PORT');
    expect(failure({ DATABASE_URL: 'mysql://x' })).toContain('DATABASE_URL');
  });
});

describe('loadOrCreateLocalSecrets', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ms-secrets-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('generates a strong secret once into a 0600 file and reuses it', async () => {
    const first = await loadOrCreateLocalSecrets(dir);
    expect(first.sessionSecret.length).toBeGreaterThanOrEqual(64);
    const file = join(dir, 'secrets.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const second = await loadOrCreateLocalSecrets(dir);
    expect(second).toEqual(first);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(first);
  });

  it('gives concurrent first starts the same secret', async () => {
    const fresh = join(dir, 'concurrent');
    const [a, b] = await Promise.all([loadOrCreateLocalSecrets(fresh), loadOrCreateLocalSecrets(fresh)]);
    expect(a).toEqual(b);
  });
});
