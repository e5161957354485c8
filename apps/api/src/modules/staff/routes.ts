import { ListStaffQuerySchema, ProblemSchema, SessionSchema, StaffListSchema } from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../plugins/authenticate';
import { getSession, listPracticeStaff } from './service';

export const staffRoutes: FastifyPluginAsyncZod<{
  database: Database;
  idleCapSeconds?: number | undefined;
}> = async (app, { database, idleCapSeconds }) => {
  app.get(
    '/session',
    {
      schema: {
        tags: ['staff'],
        summary: 'Who the caller is',
        response: { 200: SessionSchema, 401: ProblemSchema },
      },
    },
    (request) => getSession(serviceContext(request, database), idleCapSeconds),
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
};
