import {
  AddDiagnosisBodySchema,
  ClientDiagnosisListSchema,
  ClientDiagnosisParamsSchema,
  DiagnosisCodeListSchema,
  IdParamsSchema,
  ProblemSchema,
  SearchDiagnosisCodesQuerySchema,
  UpdateDiagnosisBodySchema,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../plugins/authenticate';
import { addDiagnosis, changeDiagnosis, listDiagnoses, searchDiagnosisCodes } from './service';

const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

export const diagnosisRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  app.get(
    '/diagnosis-codes',
    {
      schema: {
        tags: ['diagnoses'],
        summary: 'Search ICD-10-CM codes (chapter F and psychosocial Z codes) by code or words',
        querystring: SearchDiagnosisCodesQuerySchema,
        response: { 200: DiagnosisCodeListSchema, 400: ProblemSchema, 401: ProblemSchema },
      },
    },
    (request) =>
      searchDiagnosisCodes(serviceContext(request, database), request.query.q, request.query.limit),
  );
  app.get(
    '/clients/:id/diagnoses',
    {
      schema: {
        tags: ['diagnoses'],
        summary: "A client's diagnoses, principal first",
        params: IdParamsSchema,
        response: { 200: ClientDiagnosisListSchema, ...problems },
      },
    },
    (request) => listDiagnoses(serviceContext(request, database), request.params.id),
  );
  app.post(
    '/clients/:id/diagnoses',
    {
      schema: {
        tags: ['diagnoses'],
        summary: 'Add a diagnosis (optionally as principal)',
        params: IdParamsSchema,
        body: AddDiagnosisBodySchema,
        response: { 201: ClientDiagnosisListSchema, ...problems, 409: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addDiagnosis(serviceContext(request, database), request.params.id, request.body)),
  );
  app.patch(
    '/clients/:id/diagnoses/:diagnosisId',
    {
      schema: {
        tags: ['diagnoses'],
        summary: 'Change a diagnosis: status, onset, or make it principal',
        params: ClientDiagnosisParamsSchema,
        body: UpdateDiagnosisBodySchema,
        response: { 200: ClientDiagnosisListSchema, ...problems },
      },
    },
    (request) =>
      changeDiagnosis(
        serviceContext(request, database),
        request.params.id,
        request.params.diagnosisId,
        request.body,
      ),
  );
};
