import {
  AvailabilitySchema,
  CreateTimeOffBodySchema,
  IdParamsSchema,
  ProblemSchema,
  ReplaceAvailabilityBodySchema,
  SlotListSchema,
  SlotQuerySchema,
  UuidSchema,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../plugins/authenticate';
import {
  addTimeOff,
  findAvailableSlots,
  getAvailability,
  removeTimeOff,
  replaceAvailability,
} from './service';

const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

export const availabilityRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (
  app,
  { database },
) => {
  app.get(
    '/clinicians/:id/availability',
    {
      schema: {
        tags: ['availability'],
        summary: "A clinician's working hours, zone, buffer and upcoming time off",
        params: IdParamsSchema,
        response: { 200: AvailabilitySchema, ...problems },
      },
    },
    (request) => getAvailability(serviceContext(request, database), request.params.id),
  );

  app.put(
    '/clinicians/:id/availability',
    {
      schema: {
        tags: ['availability'],
        summary: "Replace a clinician's weekly hours, time zone and buffer between sessions",
        params: IdParamsSchema,
        body: ReplaceAvailabilityBodySchema,
        response: { 200: AvailabilitySchema, ...problems },
      },
    },
    (request) => replaceAvailability(serviceContext(request, database), request.params.id, request.body),
  );

  app.post(
    '/clinicians/:id/time-off',
    {
      schema: {
        tags: ['availability'],
        summary: 'Add time off (no slot is offered inside it)',
        params: IdParamsSchema,
        body: CreateTimeOffBodySchema,
        response: { 201: AvailabilitySchema, ...problems },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addTimeOff(serviceContext(request, database), request.params.id, request.body)),
  );

  app.delete(
    '/clinicians/:id/time-off/:timeOffId',
    {
      schema: {
        tags: ['availability'],
        summary: 'Remove time off',
        params: z.strictObject({ id: UuidSchema, timeOffId: UuidSchema }),
        response: { 200: AvailabilitySchema, ...problems },
      },
    },
    (request) =>
      removeTimeOff(serviceContext(request, database), request.params.id, request.params.timeOffId),
  );

  app.get(
    '/availability/slots',
    {
      schema: {
        tags: ['availability'],
        summary: 'Open slots for one or more clinicians (fixed number of queries)',
        querystring: SlotQuerySchema,
        response: { 200: SlotListSchema, ...problems },
      },
    },
    (request) => findAvailableSlots(serviceContext(request, database), request.query),
  );
};
