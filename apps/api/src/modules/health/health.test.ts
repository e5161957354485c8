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
    const live = await t.app.inject({ url: '/api/v1/health/live', headers: { 'x-dev-user-id': 'garbage' } });
    expect(live.statusCode).toBe(200);
    const ready = await t.app.inject({ url: '/api/v1/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'skipped' } });
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
      expect(ready.json()).toEqual({ status: 'fail', checks: { database: 'ok', redis: 'fail' } });
    } finally {
      deadRedis.disconnect();
      await withRedis.close();
    }
  });

  it.runIf(process.env.TEST_REDIS_URL)('reports a real Redis as ok', async () => {
    const redis = new Redis(process.env.TEST_REDIS_URL!);
    const withRedis = await buildTestApp({ redis });
    try {
      const ready = await withRedis.app.inject({ url: '/api/v1/health/ready' });
      expect(ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok' } });
    } finally {
      await redis.quit();
      await withRedis.close();
    }
  });
});
