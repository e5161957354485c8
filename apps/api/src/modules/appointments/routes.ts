import {
  AppointmentListSchema,
  IdParamsSchema,
  ListAppointmentsQuerySchema,
  ListClientAppointmentsQuerySchema,
  ProblemSchema,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../plugins/authenticate';
import { listAppointmentsForClient, listSchedule } from './service';

export const appointmentRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  app.get(
    '/appointments',
    {
      schema: {
        tags: ['appointments'],
        summary: "A clinician's appointments starting in [from, to)",
        querystring: ListAppointmentsQuerySchema,
        response: { 200: AppointmentListSchema, 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    (request) => listSchedule(serviceContext(request, database), request.query),
  );

  app.get(
    '/clients/:id/appointments',
    {
      schema: {
        tags: ['appointments'],
        summary: "A client's appointments, newest first",
        params: IdParamsSchema,
        querystring: ListClientAppointmentsQuerySchema,
        response: { 200: AppointmentListSchema, 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    (request) =>
      listAppointmentsForClient(serviceContext(request, database), request.params.id, request.query.limit),
  );
};
