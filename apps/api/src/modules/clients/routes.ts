import {
  AssignClinicianBodySchema,
  ClientClinicianParamsSchema,
  ClientDetailSchema,
  EmergencyAccessBodySchema,
  EmergencyAccessSchema,
  DisclosureListSchema,
  DisclosureSchema,
  RecordDisclosureBodySchema,
  ClientListSchema,
  ClientSsnSchema,
  CreateClientBodySchema,
  SetClientSsnBodySchema,
  SsnLookupBodySchema,
  SsnLookupSchema,
  IdParamsSchema,
  ListClientsQuerySchema,
  ProblemSchema,
  ReminderPreferenceBodySchema,
  TimelineQuerySchema,
  TimelineSchema,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../plugins/authenticate';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
import { z } from 'zod';
import { assignClientClinician, removeClientClinician } from './care-team';
import { findClientsBySsn, revealClientSsn, setClientSsn } from './client-ssn';
import { createClient } from './create-client';
import { listDisclosures, recordDisclosure } from './disclosures';
import { breakTheGlass } from './emergency-access';
import { getClient, searchClients, setReminderPreference } from './service';
import { clientTimeline } from './timeline';

export const clientRoutes: FastifyPluginAsyncZod<{ database: Database; phi: PhiCipher }> = async (
  app,
  { database, phi },
) => {
  app.get(
    '/clients',
    {
      schema: {
        tags: ['clients'],
        summary: 'List or search the clients in reach, by name',
        querystring: ListClientsQuerySchema,
        response: { 200: ClientListSchema, 400: ProblemSchema, 401: ProblemSchema },
      },
    },
    (request) => searchClients(serviceContext(request, database), request.query),
  );

  app.get(
    '/clients/:id',
    {
      schema: {
        tags: ['clients'],
        summary: "A client's chart header",
        params: IdParamsSchema,
        response: { 200: ClientDetailSchema, 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    (request) => getClient(serviceContext(request, database), phi, request.params.id),
  );

  app.post(
    '/clients',
    {
      schema: {
        tags: ['clients'],
        summary: 'Register a new client with a primary clinician',
        body: CreateClientBodySchema,
        response: {
          201: ClientDetailSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          413: ProblemSchema,
          415: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const client = await createClient(serviceContext(request, database), phi, request.body);
      return reply.status(201).header('location', `/api/v1/clients/${client.id}`).send(client);
    },
  );

  const careTeamProblems = {
    400: ProblemSchema,
    401: ProblemSchema,
    403: ProblemSchema,
    404: ProblemSchema,
  };

  app.put(
    '/clients/:id/clinicians/:clinicianId',
    {
      schema: {
        tags: ['clients'],
        summary: "Put a clinician on the client's care team (their caseload), or change the assignment",
        params: ClientClinicianParamsSchema,
        body: AssignClinicianBodySchema,
        response: { 200: ClientDetailSchema, ...careTeamProblems },
      },
    },
    (request) =>
      assignClientClinician(
        serviceContext(request, database),
        phi,
        request.params.id,
        request.params.clinicianId,
        request.body.assignment,
      ),
  );

  app.delete(
    '/clients/:id/clinicians/:clinicianId',
    {
      schema: {
        tags: ['clients'],
        summary: "Take a clinician off the client's care team (kept as history)",
        params: ClientClinicianParamsSchema,
        response: { 204: z.null(), ...careTeamProblems },
      },
    },
    async (request, reply) => {
      await removeClientClinician(
        serviceContext(request, database),
        request.params.id,
        request.params.clinicianId,
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/clients/:id/emergency-access',
    {
      schema: {
        tags: ['clients'],
        summary:
          'Break the glass: open a chart outside your care team for an hour, with a reason (audited, alerts admins)',
        params: IdParamsSchema,
        body: EmergencyAccessBodySchema,
        response: { 201: EmergencyAccessSchema, ...careTeamProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await breakTheGlass(serviceContext(request, database), request.params.id, request.body.reason)),
  );

  app.put(
    '/clients/:id/reminders',
    {
      schema: {
        tags: ['clients'],
        summary: "Record the client's consent to appointment reminders and their channel",
        params: IdParamsSchema,
        body: ReminderPreferenceBodySchema,
        response: { 200: ClientDetailSchema, 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    (request) =>
      setReminderPreference(serviceContext(request, database), phi, request.params.id, request.body),
  );

  app.put(
    '/clients/:id/ssn',
    {
      schema: {
        tags: ['clients'],
        summary: "Set (or, with null, remove) the client's SSN; stored encrypted with a blind index",
        params: IdParamsSchema,
        body: SetClientSsnBodySchema,
        response: { 200: ClientDetailSchema, ...careTeamProblems },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, database);
      await setClientSsn(ctx, phi, request.params.id, request.body.ssn);
      return getClient(ctx, phi, request.params.id);
    },
  );

  app.post(
    '/clients/:id/ssn/reveal',
    {
      schema: {
        tags: ['clients'],
        summary: "Reveal the client's full SSN (its own audited action; chart reads show the last four only)",
        params: IdParamsSchema,
        response: { 200: ClientSsnSchema, ...careTeamProblems },
      },
    },
    async (request, reply) => {
      const revealed = await revealClientSsn(serviceContext(request, database), phi, request.params.id);
      // Nothing on the way (browser, proxy) may keep it.
      return reply.header('cache-control', 'no-store').send(revealed);
    },
  );

  app.post(
    '/clients/ssn-lookup',
    {
      schema: {
        tags: ['clients'],
        summary: 'Find the clients in reach holding an SSN (exact match through the blind index; audited)',
        body: SsnLookupBodySchema,
        response: { 200: SsnLookupSchema, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    (request) => findClientsBySsn(serviceContext(request, database), phi, request.body.ssn),
  );

  app.get(
    '/clients/:id/timeline',
    {
      schema: {
        tags: ['clients'],
        summary:
          "Everything on a client's chart, newest first: appointments, notes, diagnoses, plans, consents, measures",
        params: IdParamsSchema,
        querystring: TimelineQuerySchema,
        response: { 200: TimelineSchema, 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    (request) => clientTimeline(serviceContext(request, database), request.params.id, request.query),
  );

  app.get(
    '/clients/:id/disclosures',
    {
      schema: {
        tags: ['clients'],
        summary: "The client's accounting of disclosures: releases of their information outside the practice",
        params: IdParamsSchema,
        response: { 200: DisclosureListSchema, ...careTeamProblems },
      },
    },
    (request) => listDisclosures(serviceContext(request, database), phi, request.params.id),
  );

  app.post(
    '/clients/:id/disclosures',
    {
      schema: {
        tags: ['clients'],
        summary: 'Record a release of information: to whom, what, why, on what basis',
        params: IdParamsSchema,
        body: RecordDisclosureBodySchema,
        response: { 201: DisclosureSchema, ...careTeamProblems },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await recordDisclosure(serviceContext(request, database), phi, request.params.id, request.body),
        ),
  );
};
