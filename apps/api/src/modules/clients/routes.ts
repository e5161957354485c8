import {
  ClientDetailSchema,
  ClientListSchema,
  IdParamsSchema,
  ListClientsQuerySchema,
  ProblemSchema,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../plugins/authenticate';
import { getClient, searchClients } from './service';

export const clientRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
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
    (request) => getClient(serviceContext(request, database), request.params.id),
  );
};
