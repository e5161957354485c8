import {
  IdParamsSchema,
  ProblemSchema,
  SecureMessageSchema,
  SecureMessageThreadListSchema,
  SecureMessageThreadQuerySchema,
  SecureMessageThreadSchema,
  SendSecureMessageBodySchema,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { portalServiceContext, serviceContext } from '../../plugins/authenticate';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
import { listInbox, markRead, portalClientId, readThread, sendMessage } from './service';

const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

/**
 * Secure messaging between a client and their care team: one thread per client. The portal's
 * routes take the client from the session alone (no id in their paths); the staff routes name the
 * client and answer 404 outside the caller's reach.
 */
export const secureMessageRoutes: FastifyPluginAsyncZod<{ database: Database; phi: PhiCipher }> = async (
  app,
  { database, phi },
) => {
  app.get(
    '/portal/messages',
    {
      config: { portal: true },
      schema: {
        tags: ['portal'],
        summary: 'The signed-in client’s thread with their care team, newest last',
        querystring: SecureMessageThreadQuerySchema,
        response: { 200: SecureMessageThreadSchema, ...problems },
      },
    },
    (request) => {
      const ctx = portalServiceContext(request, database);
      return readThread(ctx, phi, portalClientId(ctx), request.query);
    },
  );
  app.post(
    '/portal/messages',
    {
      config: { portal: true },
      schema: {
        tags: ['portal'],
        summary: 'Write to the care team',
        body: SendSecureMessageBodySchema,
        response: { 201: SecureMessageSchema, ...problems },
      },
    },
    async (request, reply) => {
      const ctx = portalServiceContext(request, database);
      return reply.status(201).send(await sendMessage(ctx, phi, portalClientId(ctx), request.body.body));
    },
  );
  app.post(
    '/portal/messages/read',
    {
      config: { portal: true },
      schema: {
        tags: ['portal'],
        summary: 'Mark the care team’s messages read',
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const ctx = portalServiceContext(request, database);
      await markRead(ctx, portalClientId(ctx));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/messages/threads',
    {
      schema: {
        tags: ['messages'],
        summary: 'Secure message threads of the clients whose care team the caller is on, with unread counts',
        response: { 200: SecureMessageThreadListSchema, ...problems },
      },
    },
    (request) => listInbox(serviceContext(request, database)),
  );
  app.get(
    '/clients/:id/messages',
    {
      schema: {
        tags: ['messages'],
        summary: "A client's secure message thread, newest last",
        params: IdParamsSchema,
        querystring: SecureMessageThreadQuerySchema,
        response: { 200: SecureMessageThreadSchema, ...problems },
      },
    },
    (request) => readThread(serviceContext(request, database), phi, request.params.id, request.query),
  );
  app.post(
    '/clients/:id/messages',
    {
      schema: {
        tags: ['messages'],
        summary: 'Reply to a client',
        params: IdParamsSchema,
        body: SendSecureMessageBodySchema,
        response: { 201: SecureMessageSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await sendMessage(serviceContext(request, database), phi, request.params.id, request.body.body),
        ),
  );
  app.post(
    '/clients/:id/messages/read',
    {
      schema: {
        tags: ['messages'],
        summary: "Mark the client's messages read for the care team",
        params: IdParamsSchema,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await markRead(serviceContext(request, database), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
