import {
  AppointmentTypeSchema,
  CreateAppointmentTypeBodySchema,
  CreateRoomBodySchema,
  IdParamsSchema,
  ProblemSchema,
  RoomSchema,
  SchedulingSettingsSchema,
  SchedulingSetupSchema,
  UpdateAppointmentTypeBodySchema,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../plugins/authenticate';
import {
  changeAppointmentType,
  createAppointmentType,
  createRoom,
  getSchedulingSettings,
  getSchedulingSetup,
  replaceSchedulingSettings,
} from './service';

const problems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
};

export const schedulingSetupRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (
  app,
  { database },
) => {
  app.get(
    '/scheduling/setup',
    {
      schema: {
        tags: ['scheduling'],
        summary: 'Appointment types, rooms, locations and schedulable clinicians',
        response: { 200: SchedulingSetupSchema, ...problems },
      },
    },
    (request) => getSchedulingSetup(serviceContext(request, database)),
  );

  app.post(
    '/appointment-types',
    {
      schema: {
        tags: ['scheduling'],
        summary: 'Add an appointment type (owners and admins)',
        body: CreateAppointmentTypeBodySchema,
        response: { 201: AppointmentTypeSchema, ...problems },
      },
    },
    async (request, reply) => {
      const row = await createAppointmentType(serviceContext(request, database), request.body);
      return reply.status(201).send(row);
    },
  );

  app.patch(
    '/appointment-types/:id',
    {
      schema: {
        tags: ['scheduling'],
        summary: 'Change or retire an appointment type (owners and admins)',
        params: IdParamsSchema,
        body: UpdateAppointmentTypeBodySchema,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await changeAppointmentType(serviceContext(request, database), request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/rooms',
    {
      schema: {
        tags: ['scheduling'],
        summary: 'Add a room at a location (owners and admins)',
        body: CreateRoomBodySchema,
        response: { 201: RoomSchema.omit({ locationName: true }), ...problems },
      },
    },
    async (request, reply) => {
      const row = await createRoom(serviceContext(request, database), request.body);
      return reply.status(201).send(row);
    },
  );

  app.get(
    '/practice/scheduling-settings',
    {
      schema: {
        tags: ['scheduling'],
        summary: 'Late-cancel window, reminder offsets and waitlist offer rules',
        response: { 200: SchedulingSettingsSchema, ...problems },
      },
    },
    (request) => getSchedulingSettings(serviceContext(request, database)),
  );

  app.put(
    '/practice/scheduling-settings',
    {
      schema: {
        tags: ['scheduling'],
        summary: 'Replace the scheduling settings (owners and admins)',
        body: SchedulingSettingsSchema,
        response: { 200: SchedulingSettingsSchema, ...problems },
      },
    },
    (request) => replaceSchedulingSettings(serviceContext(request, database), request.body),
  );
};
