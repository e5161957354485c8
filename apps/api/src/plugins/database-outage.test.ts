import { openDatabase } from '@mentalspace/db';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { buildTestApp, testAuthDeps, testPhiCipher } from '../test/build-test-app';
import { createPractice, createStaff } from '../test/factories';
import { openTestDatabase } from '@mentalspace/db/testing';
import { startTcpProxy } from '../test/tcp-proxy';
import { isDatabaseUnavailable } from './database-errors';

describe('database outage', () => {
  it('answers 503 on ready and on requests once the database is closed under the app', async () => {
    const t = await buildTestApp({ sharedRedis: false });
    const practice = await createPractice(t.database);
    const owner = await createStaff(t.database, practice, 'owner');
    expect((await t.app.inject({ url: '/api/v1/clients', headers: t.as(owner) })).statusCode).toBe(200);
    await t.database.close();
    const ready = await t.app.inject({ url: '/api/v1/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks).toEqual({ database: 'fail', redis: 'skipped', secrets: 'skipped' });
    const res = await t.app.inject({ url: '/api/v1/clients', headers: t.as(owner) });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'service_unavailable' });
    expect(res.body).not.toContain('select');
    await t.app.close();
  });

  it.runIf(process.env.TEST_DATABASE_URL)(
    'answers 503 while PostgreSQL is unreachable and recovers by itself when it returns',
    async () => {
      const seed = await openTestDatabase();
      const practice = await createPractice(seed);
      const owner = await createStaff(seed, practice, 'owner');
      const target = new URL(seed.url!);
      const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
      const viaProxy = new URL(seed.url!);
      viaProxy.host = `127.0.0.1:${proxy.port}`;
      const database = await openDatabase({
        kind: 'postgres',
        url: viaProxy.toString(),
        connectionTimeoutMs: 1_000,
      });
      const app = await buildApp({
        database,
        auth: testAuthDeps(database),
        phi: testPhiCipher(),
        logger: pino({ level: 'silent' }),
        testPrincipalHeader: true,
      });
      const headers = { 'x-test-user-id': owner.id };
      try {
        expect((await app.inject({ url: '/api/v1/clients', headers })).statusCode).toBe(200);
        await proxy.cut();
        expect((await app.inject({ url: '/api/v1/health/ready' })).statusCode).toBe(503);
        const during = await app.inject({ url: '/api/v1/clients', headers });
        expect(during.statusCode).toBe(503);
        expect(during.json().code).toBe('service_unavailable');
        await proxy.restore();
        expect((await app.inject({ url: '/api/v1/health/ready' })).statusCode).toBe(200);
        expect((await app.inject({ url: '/api/v1/clients', headers })).statusCode).toBe(200);
      } finally {
        await app.close();
        await database.close();
        await proxy.close();
        await seed.close();
      }
    },
  );
});

describe('isDatabaseUnavailable', () => {
  it('recognises connection failures through wrapped causes, and not query errors', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(isDatabaseUnavailable(new Error('Failed query', { cause: refused }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('bad'), { code: '08006' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('syntax'), { code: '42601' }))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
