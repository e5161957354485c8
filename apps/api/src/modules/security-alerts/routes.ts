import {
  IdParamsSchema,
  ProblemSchema,
  SecurityAlertListSchema,
  SecurityAlertQuerySchema,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import { serviceContext, type ServiceContext } from '../../plugins/authenticate';
import { canReviewAudit } from '../../security/policy';
import { alertExists, listAlerts, setAlertStatus } from './repo';

const problems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
};
const refused = () => new AppError('forbidden', 'Only owners and administrators handle security alerts');

async function moveAlert(ctx: ServiceContext, id: string, status: 'acknowledged' | 'resolved') {
  if (!canReviewAudit(ctx.scope)) throw refused();
  const outcome = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await alertExists(tx, ctx.scope, id))) return 'not_found' as const;
    if (!(await setAlertStatus(tx, ctx.scope, id, status))) return 'conflict' as const;
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: `security.alert_${status}`,
      resourceType: 'security_alert',
      resourceId: id,
    });
    return 'done' as const;
  });
  if (outcome === 'not_found') throw notFound('Alert');
  if (outcome === 'conflict') throw new AppError('conflict', `The alert is already ${status}`);
}

/** Security alerts for the practice's owners and administrators. */
export const securityAlertRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (
  app,
  { database },
) => {
  app.get(
    '/security/alerts',
    {
      schema: {
        tags: ['security'],
        summary: 'Security alerts (unresolved by default), newest first',
        querystring: SecurityAlertQuerySchema,
        response: { 200: SecurityAlertListSchema, ...problems },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, database);
      if (!canReviewAudit(ctx.scope)) throw refused();
      const rows = await ctx.database.inPractice(ctx.scope.practiceId, (tx) =>
        listAlerts(tx, ctx.scope, request.query.status),
      );
      return {
        items: rows.map((r) => ({
          ...r,
          createdAt: r.createdAt.toISOString(),
          updatedAt: r.updatedAt.toISOString(),
        })),
      };
    },
  );

  for (const status of ['acknowledged', 'resolved'] as const) {
    app.post(
      `/security/alerts/:id/${status === 'acknowledged' ? 'acknowledge' : 'resolve'}`,
      {
        schema: {
          tags: ['security'],
          summary: status === 'acknowledged' ? 'Acknowledge an alert (someone is on it)' : 'Resolve an alert',
          params: IdParamsSchema,
          response: { 204: z.null(), ...problems },
        },
      },
      async (request, reply) => {
        await moveAlert(serviceContext(request, database), request.params.id, status);
        return reply.status(204).send(null);
      },
    );
  }
};
