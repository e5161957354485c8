import {
  ConsentParamsSchema,
  ConsentStatusSchema,
  IdParamsSchema,
  ProblemSchema,
  SignConsentBodySchema,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { portalServiceContext, serviceContext } from '../../plugins/authenticate';
import { getConsents, signConsent, withdrawConsent } from './service';

const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

/** Consents with e-signature: the practice's documents, who signed which version, and revocation. */
export const consentRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  app.get(
    '/clients/:id/consents',
    {
      schema: {
        tags: ['consents'],
        summary: "A client's consents: each document's current signature, and the history",
        params: IdParamsSchema,
        response: { 200: ConsentStatusSchema, ...problems },
      },
    },
    (request) => getConsents(serviceContext(request, database), request.params.id),
  );
  app.post(
    '/clients/:id/consents',
    {
      schema: {
        tags: ['consents'],
        summary: 'Record a signature given in the office',
        params: IdParamsSchema,
        body: SignConsentBodySchema,
        response: { 201: ConsentStatusSchema, ...problems, 409: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await signConsent(serviceContext(request, database), request.params.id, request.body, 'in_office'),
        ),
  );
  app.post(
    '/clients/:id/consents/:consentId/revoke',
    {
      schema: {
        tags: ['consents'],
        summary: 'Record that the client revoked a consent (kept as history)',
        params: ConsentParamsSchema,
        response: { 200: ConsentStatusSchema, ...problems },
      },
    },
    (request) =>
      withdrawConsent(serviceContext(request, database), request.params.id, request.params.consentId),
  );
  app.get(
    '/portal/consents',
    {
      config: { portal: true },
      schema: {
        tags: ['portal'],
        summary: 'The signed-in client’s consents',
        response: { 200: ConsentStatusSchema, 401: ProblemSchema },
      },
    },
    (request) => getConsents(portalServiceContext(request, database), request.portalPrincipal!.clientId),
  );
  app.post(
    '/portal/consents',
    {
      config: { portal: true },
      schema: {
        tags: ['portal'],
        summary: 'Sign a consent from the portal with one’s typed name',
        body: SignConsentBodySchema,
        response: { 201: ConsentStatusSchema, 400: ProblemSchema, 401: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await signConsent(
            portalServiceContext(request, database),
            request.portalPrincipal!.clientId,
            request.body,
            'portal',
          ),
        ),
  );
};
