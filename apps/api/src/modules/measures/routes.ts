import {
  IdParamsSchema,
  MeasureListSchema,
  MeasureResponseSchema,
  NotificationListSchema,
  ProblemSchema,
  RecordMeasureBodySchema,
  ResolveRiskFlagBodySchema,
  RiskFlagListSchema,
  RiskFlagParamsSchema,
  AssignMeasureBodySchema,
  MeasureAssignmentListSchema,
  MeasureAssignmentParamsSchema,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { portalServiceContext, serviceContext } from '../../plugins/authenticate';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
import { assignMeasure, getAssignments, unassignMeasure } from './assignments';
import { myNotifications, readNotification } from './notifications';
import { listFlags, listMeasures, recordMeasure, resolveFlag } from './service';

const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

export const measureRoutes: FastifyPluginAsyncZod<{ database: Database; phi: PhiCipher }> = async (
  app,
  { database, phi },
) => {
  app.get(
    '/clients/:id/measures',
    {
      schema: {
        tags: ['measures'],
        summary: "A client's completed measures (PHQ-9, GAD-7, C-SSRS, PCL-5), oldest first, for the trend",
        params: IdParamsSchema,
        response: { 200: MeasureListSchema, ...problems },
      },
    },
    (request) => listMeasures(serviceContext(request, database), phi, request.params.id),
  );
  app.post(
    '/clients/:id/measures',
    {
      schema: {
        tags: ['measures'],
        summary: 'Record a measure completed in the office; risk answers raise a flag at once',
        params: IdParamsSchema,
        body: RecordMeasureBodySchema,
        response: { 201: MeasureResponseSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await recordMeasure(
            serviceContext(request, database),
            phi,
            request.params.id,
            request.body,
            'office',
          ),
        ),
  );
  app.get(
    '/clients/:id/risk-flags',
    {
      schema: {
        tags: ['measures'],
        summary: "A client's risk flags, active first",
        params: IdParamsSchema,
        response: { 200: RiskFlagListSchema, ...problems },
      },
    },
    (request) => listFlags(serviceContext(request, database), phi, request.params.id),
  );
  app.post(
    '/clients/:id/risk-flags/:flagId/resolve',
    {
      schema: {
        tags: ['measures'],
        summary: 'Resolve a risk flag, saying what was done',
        params: RiskFlagParamsSchema,
        body: ResolveRiskFlagBodySchema,
        response: { 200: RiskFlagListSchema, ...problems },
      },
    },
    (request) =>
      resolveFlag(
        serviceContext(request, database),
        phi,
        request.params.id,
        request.params.flagId,
        request.body.resolution,
      ),
  );
  app.get(
    '/notifications',
    {
      schema: {
        tags: ['measures'],
        summary: 'Your notifications, newest first',
        response: { 200: NotificationListSchema, 401: ProblemSchema },
      },
    },
    (request) => myNotifications(serviceContext(request, database)),
  );
  app.post(
    '/notifications/:id/read',
    {
      schema: {
        tags: ['measures'],
        summary: 'Mark one of your notifications read',
        params: IdParamsSchema,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await readNotification(serviceContext(request, database), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/clients/:id/measure-assignments',
    {
      schema: {
        tags: ['measures'],
        summary: "A client's measure schedule, with what is due now",
        params: IdParamsSchema,
        response: { 200: MeasureAssignmentListSchema, ...problems },
      },
    },
    (request) => getAssignments(serviceContext(request, database), request.params.id),
  );
  app.post(
    '/clients/:id/measure-assignments',
    {
      schema: {
        tags: ['measures'],
        summary: 'Assign a measure: once, every N weeks, or before each appointment',
        params: IdParamsSchema,
        body: AssignMeasureBodySchema,
        response: { 201: MeasureAssignmentListSchema, ...problems, 409: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await assignMeasure(serviceContext(request, database), request.params.id, request.body)),
  );
  app.post(
    '/clients/:id/measure-assignments/:assignmentId/end',
    {
      schema: {
        tags: ['measures'],
        summary: 'End a measure schedule',
        params: MeasureAssignmentParamsSchema,
        response: { 200: MeasureAssignmentListSchema, ...problems },
      },
    },
    (request) =>
      unassignMeasure(serviceContext(request, database), request.params.id, request.params.assignmentId),
  );
  app.get(
    '/portal/measures/assigned',
    {
      config: { portal: true },
      schema: {
        tags: ['portal'],
        summary: 'The measures the practice asked the signed-in client to complete, with what is due now',
        response: { 200: MeasureAssignmentListSchema, 401: ProblemSchema },
      },
    },
    (request) => getAssignments(portalServiceContext(request, database), request.portalPrincipal!.clientId),
  );

  app.get(
    '/portal/measures',
    {
      config: { portal: true },
      schema: {
        tags: ['portal'],
        summary: 'The signed-in client’s own completed measures',
        response: { 200: MeasureListSchema, 401: ProblemSchema },
      },
    },
    (request) => {
      const ctx = portalServiceContext(request, database);
      return listMeasures(ctx, phi, request.portalPrincipal!.clientId);
    },
  );
  app.post(
    '/portal/measures',
    {
      config: { portal: true },
      schema: {
        tags: ['portal'],
        summary: 'Complete a measure from the portal; risk answers reach the care team at once',
        body: RecordMeasureBodySchema,
        response: { 201: MeasureResponseSchema, 400: ProblemSchema, 401: ProblemSchema },
      },
    },
    async (request, reply) => {
      const ctx = portalServiceContext(request, database);
      return reply
        .status(201)
        .send(await recordMeasure(ctx, phi, request.portalPrincipal!.clientId, request.body, 'portal'));
    },
  );
};
