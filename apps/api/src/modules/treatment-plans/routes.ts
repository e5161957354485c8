import {
  CreateTreatmentPlanBodySchema,
  IdParamsSchema,
  ProblemSchema,
  SignNoteBodySchema,
  TreatmentPlanListSchema,
  TreatmentPlanSchema,
  UpdateTreatmentPlanBodySchema,
  PortalTreatmentPlanSchema,
  SignPlanAsClientBodySchema,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { portalServiceContext, serviceContext } from '../../plugins/authenticate';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
import {
  createTreatmentPlan,
  getActiveTreatmentPlan,
  getTreatmentPlan,
  listTreatmentPlans,
  saveTreatmentPlan,
  signTreatmentPlan,
} from './service';
import { portalPlan, signPlanAsClient } from './client-signature';

const problems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
};

export const treatmentPlanRoutes: FastifyPluginAsyncZod<{ database: Database; phi: PhiCipher }> = async (
  app,
  { database, phi },
) => {
  app.get(
    '/clients/:id/treatment-plans',
    {
      schema: {
        tags: ['treatment plans'],
        summary: "A client's treatment plans, newest first (active, drafts and superseded)",
        params: IdParamsSchema,
        response: { 200: TreatmentPlanListSchema, ...problems },
      },
    },
    (request) => listTreatmentPlans(serviceContext(request, database), request.params.id),
  );
  app.get(
    '/clients/:id/treatment-plans/active',
    {
      schema: {
        tags: ['treatment plans'],
        summary: "The client's active plan, or null",
        params: IdParamsSchema,
        response: { 200: z.object({ plan: TreatmentPlanSchema.nullable() }), ...problems },
      },
    },
    async (request) => ({
      plan: await getActiveTreatmentPlan(serviceContext(request, database), phi, request.params.id),
    }),
  );
  app.post(
    '/clients/:id/treatment-plans',
    {
      schema: {
        tags: ['treatment plans'],
        summary: 'Start a draft plan, blank or as a revision of the active one',
        params: IdParamsSchema,
        body: CreateTreatmentPlanBodySchema,
        response: { 201: TreatmentPlanSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await createTreatmentPlan(serviceContext(request, database), phi, request.params.id, request.body),
        ),
  );
  app.get(
    '/portal/treatment-plan',
    {
      config: { portal: true },
      schema: {
        tags: ['portal'],
        summary: 'The signed-in client’s active treatment plan',
        response: { 200: PortalTreatmentPlanSchema, 401: ProblemSchema },
      },
    },
    (request) => portalPlan(portalServiceContext(request, database), phi, request.portalPrincipal!.clientId),
  );
  app.post(
    '/portal/treatment-plan/sign',
    {
      config: { portal: true },
      schema: {
        tags: ['portal'],
        summary: 'Sign one’s active treatment plan with one’s typed name',
        body: SignPlanAsClientBodySchema,
        response: {
          200: PortalTreatmentPlanSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
        },
      },
    },
    (request) =>
      signPlanAsClient(
        portalServiceContext(request, database),
        phi,
        request.portalPrincipal!.clientId,
        request.body,
      ),
  );
  app.get(
    '/treatment-plans/:id',
    {
      schema: {
        tags: ['treatment plans'],
        summary: 'A treatment plan (content only for clinical roles)',
        params: IdParamsSchema,
        response: { 200: TreatmentPlanSchema, ...problems },
      },
    },
    (request) => getTreatmentPlan(serviceContext(request, database), phi, request.params.id),
  );
  app.put(
    '/treatment-plans/:id',
    {
      schema: {
        tags: ['treatment plans'],
        summary: 'Save a draft plan from the version you read',
        params: IdParamsSchema,
        body: UpdateTreatmentPlanBodySchema,
        response: { 200: TreatmentPlanSchema, ...problems, 413: ProblemSchema },
      },
    },
    (request) => saveTreatmentPlan(serviceContext(request, database), phi, request.params.id, request.body),
  );
  app.post(
    '/treatment-plans/:id/sign',
    {
      schema: {
        tags: ['treatment plans'],
        summary: 'Sign the plan: it becomes active and supersedes the previous one',
        params: IdParamsSchema,
        body: SignNoteBodySchema,
        response: { 200: TreatmentPlanSchema, ...problems },
      },
    },
    (request) =>
      signTreatmentPlan(serviceContext(request, database), phi, request.params.id, request.body.version),
  );
};
