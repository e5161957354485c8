import { HealthCheckSchema } from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export interface HealthDeps {
  database: Database;
  redis?: { ping(): Promise<unknown> } | undefined;
  /**
   * Secrets Manager in production (`degraded`: unreachable, but what the server needs is cached,
   * so the task stays in service).
   */
  secretsHealth?: (() => Promise<{ status: 'ok' | 'degraded' | 'fail' | 'skipped' }>) | undefined;
  /** Probes that bound how long a hung dependency can hold the check. */
  timeoutMs?: number;
}

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<'ok' | 'fail'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return 'ok';
  } catch {
    return 'fail';
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes: FastifyPluginAsyncZod<HealthDeps> = async (
  app,
  { database, redis, secretsHealth, timeoutMs = 2_000 },
) => {
  app.get(
    '/health/live',
    {
      config: { public: true },
      schema: { tags: ['health'], summary: 'The process is up', response: { 200: HealthCheckSchema } },
    },
    () => ({ status: 'ok' as const, checks: {} }),
  );

  app.get(
    '/health/ready',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary:
          'The database (and Redis and Secrets Manager, when configured) answer; 503 names the failed check',
        response: { 200: HealthCheckSchema, 503: HealthCheckSchema },
      },
    },
    async (_request, reply) => {
      const [db, cache, secrets] = await Promise.all([
        probe(() => database.ping(), timeoutMs),
        redis ? probe(() => redis.ping(), timeoutMs) : Promise.resolve('skipped' as const),
        secretsHealth
          ? secretsHealth().then(
              (h) => h.status,
              () => 'fail' as const,
            )
          : Promise.resolve('skipped' as const),
      ]);
      const checks = { database: db, redis: cache, secrets };
      const ok = db === 'ok' && cache !== 'fail' && secrets !== 'fail';
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'fail', checks });
    },
  );
};
