import {
  CreateWaitlistEntryBodySchema,
  IdParamsSchema,
  OfferTokenBodySchema,
  OfferViewSchema,
  ProblemSchema,
  WaitlistSchema,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, serviceContext } from '../../plugins/authenticate';
import { addToWaitlist, claimOffer, listWaitlist, removeFromWaitlist, viewOffer } from './service';

const problems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  429: ProblemSchema,
};

export const waitlistRoutes: FastifyPluginAsyncZod<{ database: Database; claimRateLimit: number }> = async (
  app,
  { database, claimRateLimit },
) => {
  const limited = { rateLimit: { max: claimRateLimit, timeWindow: '1 minute' } };

  app.get(
    '/waitlist',
    {
      schema: {
        tags: ['waitlist'],
        summary: 'Clients waiting for an opening, most urgent first',
        querystring: z.strictObject({ status: z.enum(['waiting', 'booked', 'removed']).default('waiting') }),
        response: { 200: WaitlistSchema, ...problems },
      },
    },
    (request) => listWaitlist(serviceContext(request, database), request.query.status),
  );

  app.post(
    '/waitlist',
    {
      schema: {
        tags: ['waitlist'],
        summary: 'Put a client on the waitlist with what would suit them',
        body: CreateWaitlistEntryBodySchema,
        response: { 201: z.object({ id: z.string() }), ...problems },
      },
    },
    async (request, reply) => {
      const entry = await addToWaitlist(serviceContext(request, database), request.body);
      return reply.status(201).send({ id: entry.id });
    },
  );

  app.post(
    '/waitlist/:id/remove',
    {
      schema: {
        tags: ['waitlist'],
        summary: 'Take a client off the waitlist',
        params: IdParamsSchema,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await removeFromWaitlist(serviceContext(request, database), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/waitlist-offers/view',
    {
      config: { public: true, csrf: 'always', ...limited },
      schema: {
        tags: ['waitlist'],
        summary: 'What an offer link offers (the token is the key; no sign-in)',
        body: OfferTokenBodySchema,
        response: { 200: OfferViewSchema, ...problems },
      },
    },
    (request) => viewOffer(database, request.body.token),
  );

  app.post(
    '/waitlist-offers/claim',
    {
      config: { public: true, csrf: 'always', ...limited },
      schema: {
        tags: ['waitlist'],
        summary: 'Claim an offered opening: the first claim books it',
        body: OfferTokenBodySchema,
        response: {
          200: z.object({ appointmentId: z.string(), startsAt: z.string(), endsAt: z.string() }),
          ...problems,
        },
      },
    },
    (request) => claimOffer(database, request.body.token, auditContext(request)),
  );
};
