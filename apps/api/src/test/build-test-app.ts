import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp, type AppDeps } from '../app';
import { DEV_USER_HEADER } from '../plugins/development-guard';
import { openTestDatabase, type TestDatabase } from '@mentalspace/db/testing';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  /** Headers that make the development guard act as this staff member. */
  as(user: { id: string }): Record<string, string>;
  close(): Promise<void>;
}

/** The real app on a database of its own; tests call app.inject(). */
export async function buildTestApp(overrides: Partial<AppDeps> = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  const app = await buildApp({
    database,
    logger: pino({ level: 'silent' }),
    developmentGuard: true,
    ...overrides,
  });
  return {
    app,
    database,
    as: (user) => ({ [DEV_USER_HEADER]: user.id }),
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
