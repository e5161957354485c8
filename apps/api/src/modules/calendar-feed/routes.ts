import {
  CalendarFeedStatusSchema,
  CreateCalendarFeedBodySchema,
  ProblemSchema,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../app-error';
import { auditContext, serviceContext } from '../../plugins/authenticate';
import { createFeed, feedStatus, renderFeed, revokeFeed } from './service';

const problems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  429: ProblemSchema,
};

export const calendarFeedRoutes: FastifyPluginAsyncZod<{
  database: Database;
  publicUrl: () => string;
  rateLimit: number;
}> = async (app, { database, publicUrl, rateLimit }) => {
  app.get(
    '/calendar-feed',
    {
      schema: {
        tags: ['calendar'],
        summary: "Whether the signed-in clinician's private calendar feed is on",
        response: { 200: CalendarFeedStatusSchema, ...problems },
      },
    },
    (request) => feedStatus(serviceContext(request, database)),
  );

  app.post(
    '/calendar-feed',
    {
      schema: {
        tags: ['calendar'],
        summary: 'A new private iCalendar feed URL (the previous one stops working); shown once',
        body: CreateCalendarFeedBodySchema,
        response: { 201: z.object({ url: z.string(), detail: z.enum(['busy', 'details']) }), ...problems },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createFeed(serviceContext(request, database), request.body.detail, publicUrl())),
  );

  app.post(
    '/calendar-feed/revoke',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Turn the calendar feed off',
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await revokeFeed(serviceContext(request, database));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/calendar/:file',
    {
      config: { public: true, rateLimit: { max: rateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['calendar'],
        summary: 'The iCalendar (RFC 5545) feed a calendar app subscribes to; the token is the key',
        params: z.strictObject({
          file: z.string().regex(/^[A-Za-z0-9_-]{43}\.ics$/, 'must be a feed file name'),
        }),
        response: { 200: z.string(), ...problems },
      },
    },
    async (request, reply) => {
      const token = request.params.file.replace(/\.ics$/, '');
      if (!token) throw new AppError('not_found', 'Calendar was not found');
      const body = await renderFeed(database, token, auditContext(request));
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .header('content-disposition', 'inline; filename="schedule.ics"')
        .send(body);
    },
  );
};
