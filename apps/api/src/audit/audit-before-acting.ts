import { UuidSchema } from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../app-error';
import type { AuditContext, Principal } from '../security/access-scope';
import { scopeFor } from '../security/policy';
import { writeAudit } from './audit-writer';

/**
 * For a super admin: one audit event per request, committed in its own transaction before the
 * route's handler runs. Whatever the action then does, or however it fails, the intent is on
 * record first; if the record cannot be written, the action does not happen (503).
 */
export async function auditBeforeActing(
  database: Database,
  request: FastifyRequest,
  principal: Principal,
  audit: AuditContext,
): Promise<void> {
  const params = (request.params ?? {}) as Record<string, unknown>;
  const id = UuidSchema.safeParse(params.id);
  const scope = scopeFor(principal);
  try {
    await database.inPractice(scope.practiceId, (tx) =>
      writeAudit(tx, scope, audit, {
        action: 'platform.request',
        resourceType: 'route',
        resourceId: id.success ? id.data : null,
        // Method and route pattern only: never the query string or body, which may hold PHI.
        details: { method: request.method, route: request.routeOptions.url ?? 'unknown' },
      }),
    );
  } catch (error) {
    throw new AppError('service_unavailable', 'The action could not be recorded, so it was not carried out', {
      cause: error,
    });
  }
}
