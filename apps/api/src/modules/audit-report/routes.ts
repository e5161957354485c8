import {
  AuditExportQuerySchema,
  AuditPageSchema,
  AuditQuerySchema,
  ProblemSchema,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../plugins/authenticate';
import { exportAuditCsv, getAuditPage } from './service';

const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema };

/** The practice's audit report for owners and admins: filter, page, export. */
export const auditReportRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  app.get(
    '/audit/events',
    {
      schema: {
        tags: ['audit'],
        summary:
          'Audit events of the practice, filtered by user, client, action, outcome and time; keyset-paged',
        querystring: AuditQuerySchema,
        response: { 200: AuditPageSchema, ...problems },
      },
    },
    (request) => getAuditPage(serviceContext(request, database), request.query),
  );

  app.get(
    '/audit/events.csv',
    {
      schema: {
        tags: ['audit'],
        summary: 'The same report as CSV (at most 50,000 events); the export is itself audited',
        querystring: AuditExportQuerySchema,
        produces: ['text/csv'],
        response: { 200: z.string(), ...problems },
      },
    },
    async (request, reply) => {
      const csv = await exportAuditCsv(serviceContext(request, database), request.query);
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${stamp}.csv"`)
        .send(csv);
    },
  );
};
