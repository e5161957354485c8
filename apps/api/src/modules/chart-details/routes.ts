import {
  ContactBodySchema,
  ContactListSchema,
  ContactParamsSchema,
  IdParamsSchema,
  InsuranceBodySchema,
  InsuranceParamsSchema,
  InsurancePolicyListSchema,
  MemberLookupQuerySchema,
  MemberLookupSchema,
  ProblemSchema,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../plugins/authenticate';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
import {
  addContact,
  addInsurance,
  endInsurance,
  getContacts,
  getInsurance,
  lookupMember,
  removeContact,
} from './service';

const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

/** The chart's administrative details: emergency contacts and guardians, insurance coverage. */
export const chartDetailRoutes: FastifyPluginAsyncZod<{ database: Database; phi: PhiCipher }> = async (
  app,
  { database, phi },
) => {
  const ctx = (request: Parameters<typeof serviceContext>[0]) => serviceContext(request, database);
  app.get(
    '/clients/:id/contacts',
    {
      schema: {
        tags: ['chart'],
        summary: "A client's emergency contacts and guardians",
        params: IdParamsSchema,
        response: { 200: ContactListSchema, ...problems },
      },
    },
    (request) => getContacts(ctx(request), request.params.id),
  );
  app.post(
    '/clients/:id/contacts',
    {
      schema: {
        tags: ['chart'],
        summary: 'Add an emergency contact or guardian',
        params: IdParamsSchema,
        body: ContactBodySchema,
        response: { 201: ContactListSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addContact(ctx(request), request.params.id, request.body)),
  );
  app.delete(
    '/clients/:id/contacts/:contactId',
    {
      schema: {
        tags: ['chart'],
        summary: 'Remove a contact',
        params: ContactParamsSchema,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await removeContact(ctx(request), request.params.id, request.params.contactId);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/clients/:id/insurance',
    {
      schema: {
        tags: ['chart'],
        summary: "A client's insurance policies, active first by priority",
        params: IdParamsSchema,
        response: { 200: InsurancePolicyListSchema, ...problems },
      },
    },
    (request) => getInsurance(ctx(request), phi, request.params.id),
  );
  app.post(
    '/clients/:id/insurance',
    {
      schema: {
        tags: ['chart'],
        summary: 'Add an insurance policy (member id stored encrypted)',
        params: IdParamsSchema,
        body: InsuranceBodySchema,
        response: { 201: InsurancePolicyListSchema, ...problems, 409: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addInsurance(ctx(request), phi, request.params.id, request.body)),
  );
  app.post(
    '/clients/:id/insurance/:policyId/end',
    {
      schema: {
        tags: ['chart'],
        summary: 'End a policy (kept as history)',
        params: InsuranceParamsSchema,
        response: { 200: InsurancePolicyListSchema, ...problems },
      },
    },
    (request) => endInsurance(ctx(request), phi, request.params.id, request.params.policyId),
  );
  app.get(
    '/insurance/lookup',
    {
      schema: {
        tags: ['chart'],
        summary: 'Find the clients in reach holding a member id (exact match)',
        querystring: MemberLookupQuerySchema,
        response: { 200: MemberLookupSchema, 400: ProblemSchema, 401: ProblemSchema },
      },
    },
    (request) => lookupMember(ctx(request), phi, request.query.memberId),
  );
};
