import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/build-test-app';

describe('health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ sharedRedis: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers live and ready without a caller, skipping Redis when none is configured', async () => {
    const live = await t.app.inject({ url: '/api/v1/health/live', headers: { 'x-test-user-id': 'garbage' } });
    expect(live.statusCode).toBe(200);
    const ready = await t.app.inject({ url: '/api/v1/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ok',
      checks: { database: 'ok', redis: 'skipped', secrets: 'skipped' },
    });
  });

  it('answers 503 naming Redis when the configured Redis does not answer', async () => {
    const deadRedis = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    deadRedis.on('error', () => undefined);
    const withRedis = await buildTestApp({ redis: deadRedis });
    try {
      const ready = await withRedis.app.inject({ url: '/api/v1/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({
        status: 'fail',
        checks: { database: 'ok', redis: 'fail', secrets: 'skipped' },
      });
    } finally {
      deadRedis.disconnect();
      await withRedis.close();
    }
  });

  it.each([
    ['ok', 200, 'ok'],
    ['degraded', 200, 'degraded'],
    ['fail', 503, 'fail'],
  ] as const)(
    'reports Secrets Manager %s (health probe stubbed: no AWS here) and answers %i',
    async (status, code, reported) => {
      const withSecrets = await buildTestApp({
        sharedRedis: false,
        secretsHealth: () => Promise.resolve({ status }),
      });
      try {
        const ready = await withSecrets.app.inject({ url: '/api/v1/health/ready' });
        expect(ready.statusCode).toBe(code);
        expect(ready.json().checks.secrets).toBe(reported);
      } finally {
        await withSecrets.close();
      }
    },
  );

  it('treats a throwing Secrets Manager probe as a failed check, not a 500', async () => {
    const withSecrets = await buildTestApp({
      sharedRedis: false,
      secretsHealth: () => Promise.reject(new Error('boom')),
    });
    try {
      const ready = await withSecrets.app.inject({ url: '/api/v1/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json().checks.secrets).toBe('fail');
    } finally {
      await withSecrets.close();
    }
  });

  it.runIf(process.env.TEST_REDIS_URL)('reports a real Redis as ok', async () => {
    const redis = new Redis(process.env.TEST_REDIS_URL!);
    const withRedis = await buildTestApp({ redis });
    try {
      const ready = await withRedis.app.inject({ url: '/api/v1/health/ready' });
      expect(ready.json()).toEqual({
        status: 'ok',
        checks: { database: 'ok', redis: 'ok', secrets: 'skipped' },
      });
    } finally {
      await redis.quit();
      await withRedis.close();
    }
  });
});
