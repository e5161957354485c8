import {
  AppointmentDetailSchema,
  AppointmentListSchema,
  ChangeAppointmentStatusBodySchema,
  ChangeResultSchema,
  CreateAppointmentBodySchema,
  CreateAppointmentResultSchema,
  IdParamsSchema,
  ListAppointmentsQuerySchema,
  ListClientAppointmentsQuerySchema,
  ProblemSchema,
  RescheduleAppointmentBodySchema,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../plugins/authenticate';
import { bookAppointment } from './booking';
import { rescheduleAppointment } from './reschedule';
import { getAppointment, listAppointmentsForClient, listSchedule, toAppointmentView } from './service';
import { changeAppointmentStatus, type SlotsFreedHook } from './status-change';

const problems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
};

export const appointmentRoutes: FastifyPluginAsyncZod<{
  database: Database;
  /** The waitlist's listener for cancelled future slots (wired in app.ts). */
  onSlotsFreed?: SlotsFreedHook;
}> = async (app, { database, onSlotsFreed }) => {
  app.get(
    '/appointments',
    {
      schema: {
        tags: ['appointments'],
        summary: "A clinician's (or, for schedulers, the practice's) appointments starting in [from, to)",
        querystring: ListAppointmentsQuerySchema,
        response: { 200: AppointmentListSchema, ...problems },
      },
    },
    (request) => listSchedule(serviceContext(request, database), request.query),
  );

  app.post(
    '/appointments',
    {
      schema: {
        tags: ['appointments'],
        summary: 'Book an appointment, or a recurring series (RRULE) up to the rolling horizon',
        body: CreateAppointmentBodySchema,
        response: { 201: CreateAppointmentResultSchema, ...problems },
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, database);
      const booked = await bookAppointment(ctx, request.body);
      const appointment = await getAppointment(ctx, booked.appointment.id);
      return reply.status(201).send({
        appointment: toAppointmentView(appointment),
        occurrences: booked.occurrences,
        seriesId: booked.seriesId,
      });
    },
  );

  app.get(
    '/appointments/:id',
    {
      schema: {
        tags: ['appointments'],
        summary: 'One appointment with participants, series and status history',
        params: IdParamsSchema,
        response: { 200: AppointmentDetailSchema, ...problems },
      },
    },
    (request) => getAppointment(serviceContext(request, database), request.params.id),
  );

  app.patch(
    '/appointments/:id',
    {
      schema: {
        tags: ['appointments'],
        summary: 'Move an appointment (for a series: this, this and following, or all)',
        params: IdParamsSchema,
        body: RescheduleAppointmentBodySchema,
        response: { 200: ChangeResultSchema, ...problems },
      },
    },
    (request) => rescheduleAppointment(serviceContext(request, database), request.params.id, request.body),
  );

  app.post(
    '/appointments/:id/status',
    {
      schema: {
        tags: ['appointments'],
        summary: 'Confirm, check in, start, complete, mark no-show or cancel (series: this/following/all)',
        params: IdParamsSchema,
        body: ChangeAppointmentStatusBodySchema,
        response: { 200: ChangeResultSchema, ...problems },
      },
    },
    (request) =>
      changeAppointmentStatus(serviceContext(request, database), request.params.id, request.body, {
        ...(onSlotsFreed ? { onSlotsFreed } : {}),
      }),
  );

  app.get(
    '/clients/:id/appointments',
    {
      schema: {
        tags: ['appointments'],
        summary: "A client's appointments, newest first",
        params: IdParamsSchema,
        querystring: ListClientAppointmentsQuerySchema,
        response: { 200: AppointmentListSchema, ...problems },
      },
    },
    (request) =>
      listAppointmentsForClient(serviceContext(request, database), request.params.id, request.query.limit),
  );
};
