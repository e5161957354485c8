import { PlatformPracticeListSchema, ProblemSchema } from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../app-error';
import { serviceContext } from '../../plugins/authenticate';
import { canOperatePlatform } from '../../security/policy';
import { unsafeListPractices } from './repo';

/** The platform operator's view across practices; super admins only. */
export const platformRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  app.get(
    '/platform/practices',
    {
      schema: {
        tags: ['platform'],
        summary: 'Every practice on this deployment with its size (super admins; audited before it runs)',
        response: { 200: PlatformPracticeListSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, database);
      if (!canOperatePlatform(ctx.scope))
        throw new AppError('forbidden', 'Only platform administrators see across practices');
      const rows = await unsafeListPractices(database);
      return { items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
    },
  );
};
