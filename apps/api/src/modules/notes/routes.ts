import {
  AddendumBodySchema,
  CreateNoteBodySchema,
  IdParamsSchema,
  ListNotesQuerySchema,
  NoteDetailSchema,
  NoteListSchema,
  NotesDueSchema,
  ProblemSchema,
  ReturnNoteBodySchema,
  SignNoteBodySchema,
  UpdateNoteBodySchema,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../plugins/authenticate';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
import { createNote, saveDraft } from './note-drafts';
import { getNote, getNotesDue, listNotes } from './note-reads';
import { addAddendum, cosignNote, returnNote, signNote } from './note-signing';

const problems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
};

export const noteRoutes: FastifyPluginAsyncZod<{ database: Database; phi: PhiCipher }> = async (
  app,
  { database, phi },
) => {
  const ctx = (request: Parameters<typeof serviceContext>[0]) => serviceContext(request, database);

  app.get(
    '/clients/:id/notes',
    {
      schema: {
        tags: ['notes'],
        summary: "A chart's notes, newest first (type, date, status, author: no bodies)",
        params: IdParamsSchema,
        querystring: ListNotesQuerySchema,
        response: { 200: NoteListSchema, ...problems },
      },
    },
    (request) => listNotes(ctx(request), phi, request.params.id, request.query),
  );

  app.post(
    '/clients/:id/notes',
    {
      schema: {
        tags: ['notes'],
        summary: 'Start a draft note from a template',
        params: IdParamsSchema,
        body: CreateNoteBodySchema,
        response: { 201: NoteDetailSchema, ...problems, 413: ProblemSchema },
      },
    },
    async (request, reply) => {
      const note = await createNote(ctx(request), phi, request.params.id, request.body);
      return reply.status(201).header('location', `/api/v1/notes/${note.id}`).send(note);
    },
  );

  app.get(
    '/notes/due',
    {
      schema: {
        tags: ['notes'],
        summary: 'Your notes-due queue: unsigned notes, and supervisees’ notes awaiting your co-signature',
        response: { 200: NotesDueSchema, 401: ProblemSchema },
      },
    },
    (request) => getNotesDue(ctx(request), phi),
  );

  app.get(
    '/notes/:id',
    {
      schema: {
        tags: ['notes'],
        summary: 'A note with its addenda and signed versions (body only for clinical roles)',
        params: IdParamsSchema,
        response: { 200: NoteDetailSchema, ...problems },
      },
    },
    (request) => getNote(ctx(request), phi, request.params.id),
  );

  app.put(
    '/notes/:id',
    {
      schema: {
        tags: ['notes'],
        summary: 'Save a draft (autosave) from the version you read; a signed note answers 409',
        params: IdParamsSchema,
        body: UpdateNoteBodySchema,
        response: { 200: NoteDetailSchema, ...problems, 413: ProblemSchema },
      },
    },
    (request) => saveDraft(ctx(request), phi, request.params.id, request.body),
  );

  app.post(
    '/notes/:id/sign',
    {
      schema: {
        tags: ['notes'],
        summary: 'Sign your note: its content is frozen; a supervisee’s note then awaits co-signature',
        params: IdParamsSchema,
        body: SignNoteBodySchema,
        response: { 200: NoteDetailSchema, ...problems },
      },
    },
    (request) => signNote(ctx(request), phi, request.params.id, request.body.version),
  );

  app.post(
    '/notes/:id/cosign',
    {
      schema: {
        tags: ['notes'],
        summary: 'Co-sign a supervisee’s note',
        params: IdParamsSchema,
        response: { 200: NoteDetailSchema, ...problems },
      },
    },
    (request) => cosignNote(ctx(request), phi, request.params.id),
  );

  app.post(
    '/notes/:id/return',
    {
      schema: {
        tags: ['notes'],
        summary: 'Return a supervisee’s note with comments (it becomes a draft; the signed version is kept)',
        params: IdParamsSchema,
        body: ReturnNoteBodySchema,
        response: { 200: NoteDetailSchema, ...problems },
      },
    },
    (request) => returnNote(ctx(request), phi, request.params.id, request.body.comment),
  );

  app.post(
    '/notes/:id/addenda',
    {
      schema: {
        tags: ['notes'],
        summary: 'Add an addendum to a signed note',
        params: IdParamsSchema,
        body: AddendumBodySchema,
        response: { 201: NoteDetailSchema, ...problems, 413: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addAddendum(ctx(request), phi, request.params.id, request.body.body)),
  );
};
