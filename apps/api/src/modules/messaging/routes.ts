import { OutboxListSchema, ProblemSchema } from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../plugins/authenticate';
import { readOutbox } from './service';

export const messagingRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  app.get(
    '/outbox',
    {
      schema: {
        tags: ['messaging'],
        summary: 'Recent outgoing email and SMS (owners and admins)',
        querystring: z.strictObject({
          channel: z.enum(['email', 'sms']).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: OutboxListSchema, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    (request) => readOutbox(serviceContext(request, database), request.query),
  );
};
