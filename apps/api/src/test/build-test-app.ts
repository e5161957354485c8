import { randomBytes } from 'node:crypto';
import type { Database } from '@mentalspace/db';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import pino from 'pino';
import { buildApp, type AppDeps } from '../app';
import { createAuthDeps } from '../modules/auth/create-auth-deps';
import { TEST_USER_HEADER } from '../plugins/test-principal-header';
import { createPhiCipher, type PhiCipher } from '../security/encryption/phi-cipher';
import { openTestDatabase, type TestDatabase } from '@mentalspace/db/testing';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  /** Headers that make the development guard act as this staff member. */
  as(user: { id: string }): Record<string, string>;
  close(): Promise<void>;
}

export const TEST_SECRET = 'test-only-signing-secret-'.padEnd(72, 'x9Q2');

/** Identity wiring for tests: a fixed test secret, cheap bcrypt, in-memory or Redis activity. */
export function testAuthDeps(
  database: Database,
  redis?: AppDeps['redis'],
  options: { now?: () => Date; rateLimits?: { signIn: number; mfa: number; refresh: number } } = {},
) {
  return createAuthDeps({
    database,
    secrets: [TEST_SECRET],
    redis,
    secureCookies: false,
    passwordHashCost: 4,
    // Every injected request comes from one address; the limits get their own test.
    rateLimits: options.rateLimits ?? { signIn: 1000, mfa: 1000, refresh: 1000 },
    ...(options.now ? { now: options.now } : {}),
  });
}

/** The real app on a database of its own; tests call app.inject(). */
export async function buildTestApp(
  overrides: Partial<AppDeps> & {
    authOptions?: Parameters<typeof testAuthDeps>[2];
    sharedRedis?: boolean;
  } = {},
): Promise<TestApp> {
  const { authOptions, sharedRedis = true, ...appOverrides } = overrides;
  const database = await openTestDatabase();
  // With TEST_REDIS_URL (CI), sessions and rate limits live in the real Redis, as in production.
  const ownRedis =
    sharedRedis && !('redis' in appOverrides) && process.env.TEST_REDIS_URL
      ? new Redis(process.env.TEST_REDIS_URL, { maxRetriesPerRequest: 1 })
      : undefined;
  const redis = appOverrides.redis ?? ownRedis;
  const app = await buildApp({
    database,
    redis,
    auth: testAuthDeps(database, redis, authOptions),
    logger: pino({ level: 'silent' }),
    phi: testPhiCipher(),
    testPrincipalHeader: true,
    ...appOverrides,
  });
  return {
    app,
    database,
    as: (user) => ({ [TEST_USER_HEADER]: user.id }),
    close: async () => {
      await app.close();
      await ownRedis?.quit();
      await database.close();
    },
  };
}

/** A PHI cipher with throwaway keys, for tests that do not exercise the key ring itself. */
export function testPhiCipher(): PhiCipher {
  return createPhiCipher(new Map([[1, randomBytes(32)]]), randomBytes(32));
}
