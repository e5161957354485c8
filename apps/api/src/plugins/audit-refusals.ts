import type { Database } from '@mentalspace/db';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { writeAudit } from '../audit/audit-writer';
import { unsafeWriteSecurityEvent } from '../audit/security-event';
import { portalScopeFor, scopeFor } from '../security/policy';
import { auditContext } from './authenticate';

/** Routes that administer the practice: refusals there are what role-escalation detection counts. */
const ADMIN_TAGS = new Set(['staff', 'audit', 'security', 'platform']);
const ADMIN_PREFIXES = ['/api/v1/practice/'];

export function isAdminRoute(request: FastifyRequest): boolean {
  const tags = (request.routeOptions.schema as { tags?: string[] } | undefined)?.tags ?? [];
  const route = request.routeOptions.url ?? '';
  return tags.some((t) => ADMIN_TAGS.has(t)) || ADMIN_PREFIXES.some((p) => route.startsWith(p));
}

/** What the refusal records: the route pattern and method, never the URL's values or the body. */
function refusalDetails(request: FastifyRequest, status: number, code: string) {
  return {
    method: request.method,
    route: request.routeOptions.url ?? 'unknown',
    status,
    code,
    admin: isAdminRoute(request),
  };
}

/**
 * Which answers are refusals: every 403, and every 404 for an object (`not_found`), because an
 * object out of the caller's reach answers exactly like a missing one; an unknown route is not.
 */
const isRefusal = (status: number, code: string) =>
  status === 403 || (status === 404 && code === 'not_found');

function problemCode(payload: unknown): string {
  if (typeof payload !== 'string') return 'forbidden';
  const match = /"code":"([a-z_]+)"/.exec(payload);
  return match?.[1] ?? 'forbidden';
}

/**
 * Every refused authorization (403, or 404 for an object out of reach) leaves one audit event,
 * whichever route refused it and however: `access.denied` with the route pattern, method, status
 * and problem code. A service that has
 * already written its own, more specific refusal in this request (e.g. `staff.role_changed`,
 * denied) is not recorded twice. The refusal itself committed nothing, so the event has its own
 * transaction; the answer stays 403 even if the event cannot be written (logged, without PHI).
 */
export const auditRefusalsPlugin = fp(
  (app: FastifyInstance, { database }: { database: Database }) => {
    async function record(request: FastifyRequest, status: number, code: string) {
      const details = refusalDetails(request, status, code);
      const audit = auditContext(request);
      const caller = request.principal ?? request.portalPrincipal;
      if (!caller) {
        await unsafeWriteSecurityEvent(database, { action: 'access.denied', ...audit, details });
        return;
      }
      const scope = request.principal
        ? scopeFor(request.principal)
        : portalScopeFor(request.portalPrincipal!);
      await database.inPractice(scope.practiceId, async (tx) => {
        const recorded = await tx.execute(sql`select 1 from audit_events
          where practice_id = ${scope.practiceId}::uuid and actor_user_id = ${scope.actorUserId}::uuid
            and occurred_at >= now() - interval '10 minutes' and request_id = ${audit.requestId}
            and outcome = 'denied' limit 1`);
        if ((recorded as { rows: unknown[] }).rows.length > 0) return;
        await writeAudit(tx, scope, audit, {
          action: 'access.denied',
          resourceType: 'route',
          outcome: 'denied',
          details,
        });
      });
    }

    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (reply.statusCode !== 403 && reply.statusCode !== 404) return payload;
      const code = problemCode(payload);
      if (!isRefusal(reply.statusCode, code) || !request.url.startsWith('/api/')) return payload;
      try {
        await record(request, reply.statusCode, code);
      } catch (error) {
        request.log.error({ err: error, requestId: request.id }, 'A refused request could not be audited');
      }
      return payload;
    });
  },
  { name: 'audit-refusals' },
);
