import {
  PortalBookBodySchema,
  PortalBookingOptionsSchema,
  PortalBookingResultSchema,
  PortalSlotQuerySchema,
  ProblemSchema,
  SlotListSchema,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { portalServiceContext } from '../../plugins/authenticate';
import { portalBook, portalBookingOptions, portalSlots } from './service';

const problems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
};

/** Portal self-booking: the client comes from the session; the practice decides what is bookable. */
export const portalBookingRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (
  app,
  { database },
) => {
  app.get(
    '/portal/booking/options',
    {
      config: { portal: true },
      schema: {
        tags: ['portal'],
        summary: 'What the client may book online',
        response: { 200: PortalBookingOptionsSchema, ...problems },
      },
    },
    (request) => portalBookingOptions(portalServiceContext(request, database)),
  );
  app.get(
    '/portal/booking/slots',
    {
      config: { portal: true },
      schema: {
        tags: ['portal'],
        summary: 'Open times for a bookable type with a bookable clinician',
        querystring: PortalSlotQuerySchema,
        response: { 200: SlotListSchema, ...problems },
      },
    },
    (request) => portalSlots(portalServiceContext(request, database), request.query),
  );
  app.post(
    '/portal/booking',
    {
      config: { portal: true },
      schema: {
        tags: ['portal'],
        summary: 'Book (or request) an open time',
        body: PortalBookBodySchema,
        response: { 201: PortalBookingResultSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await portalBook(portalServiceContext(request, database), request.body)),
  );
};
