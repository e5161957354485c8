import {
  IdParamsSchema,
  ProblemSchema,
  PsychotherapyNoteBodySchema,
  PsychotherapyNoteListSchema,
  PsychotherapyNoteSchema,
  UpdatePsychotherapyNoteBodySchema,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../plugins/authenticate';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
import {
  createPsychotherapyNote,
  getPsychotherapyNote,
  listPsychotherapyNotes,
  updatePsychotherapyNote,
} from './service';

const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

/** Psychotherapy notes: separate from the chart, their author's alone, every access audited. */
export const psychotherapyNoteRoutes: FastifyPluginAsyncZod<{ database: Database; phi: PhiCipher }> = async (
  app,
  { database, phi },
) => {
  app.get(
    '/clients/:id/psychotherapy-notes',
    {
      schema: {
        tags: ['psychotherapy notes'],
        summary: 'Your own psychotherapy notes about this client (nobody else’s)',
        params: IdParamsSchema,
        response: { 200: PsychotherapyNoteListSchema, ...problems },
      },
    },
    (request) => listPsychotherapyNotes(serviceContext(request, database), phi, request.params.id),
  );
  app.post(
    '/clients/:id/psychotherapy-notes',
    {
      schema: {
        tags: ['psychotherapy notes'],
        summary: 'Write a psychotherapy note (kept apart from the chart)',
        params: IdParamsSchema,
        body: PsychotherapyNoteBodySchema,
        response: { 201: PsychotherapyNoteSchema, ...problems, 413: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await createPsychotherapyNote(
            serviceContext(request, database),
            phi,
            request.params.id,
            request.body,
          ),
        ),
  );
  app.get(
    '/psychotherapy-notes/:id',
    {
      schema: {
        tags: ['psychotherapy notes'],
        summary: 'One of your psychotherapy notes',
        params: IdParamsSchema,
        response: { 200: PsychotherapyNoteSchema, ...problems },
      },
    },
    (request) => getPsychotherapyNote(serviceContext(request, database), phi, request.params.id),
  );
  app.put(
    '/psychotherapy-notes/:id',
    {
      schema: {
        tags: ['psychotherapy notes'],
        summary: 'Change one of your psychotherapy notes, from the version you read',
        params: IdParamsSchema,
        body: UpdatePsychotherapyNoteBodySchema,
        response: { 200: PsychotherapyNoteSchema, ...problems, 409: ProblemSchema, 413: ProblemSchema },
      },
    },
    (request) =>
      updatePsychotherapyNote(serviceContext(request, database), phi, request.params.id, request.body),
  );
};
