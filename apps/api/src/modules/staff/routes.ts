import {
  ListStaffQuerySchema,
  ProblemSchema,
  SessionSchema,
  StaffListSchema,
  StaffMemberSchema,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../plugins/authenticate';
import { unsafeListAllStaffForDevelopment } from './repo';
import { getSession, listPracticeStaff } from './service';

export const staffRoutes: FastifyPluginAsyncZod<{
  database: Database;
  developmentGuard: boolean;
  idleCapSeconds?: number | undefined;
}> = async (app, { database, developmentGuard, idleCapSeconds }) => {
  app.get(
    '/session',
    {
      schema: {
        tags: ['staff'],
        summary: 'Who the caller is',
        response: { 200: SessionSchema, 401: ProblemSchema },
      },
    },
    (request) =>
      getSession(
        serviceContext(request, database),
        developmentGuard && !request.principal?.sessionId,
        idleCapSeconds,
      ),
  );

  app.get(
    '/staff',
    {
      schema: {
        tags: ['staff'],
        summary: "The practice's active staff",
        querystring: ListStaffQuerySchema,
        response: { 200: StaffListSchema, 400: ProblemSchema, 401: ProblemSchema },
      },
    },
    (request) => listPracticeStaff(serviceContext(request, database), request.query.clinical === 'true'),
  );

  if (developmentGuard) {
    app.get(
      '/dev/users',
      {
        config: { public: true },
        schema: {
          tags: ['development'],
          summary: 'DEVELOPMENT ONLY: staff to act as, until sign-in exists (absent in production)',
          response: {
            200: z.object({
              items: z.array(StaffMemberSchema.extend({ email: z.string(), practiceName: z.string() })),
            }),
          },
        },
      },
      async () => ({ items: await unsafeListAllStaffForDevelopment(database) }),
    );
  }
};
