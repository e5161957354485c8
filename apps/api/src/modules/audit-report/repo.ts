import type { AuditExportQuery } from '@mentalspace/contracts';
import { auditEvents, users, type AppTransaction } from '@mentalspace/db';
import { and, asc, desc, eq, gte, like, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';

export type AuditCursor = [occurredAt: string, id: string];

const columns = {
  id: auditEvents.id,
  occurredAt: auditEvents.occurredAt,
  actorUserId: auditEvents.actorUserId,
  actorName: sql<string | null>`${users.firstName} || ' ' || ${users.lastName}`,
  actorRole: auditEvents.actorRole,
  action: auditEvents.action,
  resourceType: auditEvents.resourceType,
  resourceId: auditEvents.resourceId,
  clientId: auditEvents.clientId,
  outcome: auditEvents.outcome,
  ip: sql<string | null>`host(${auditEvents.ip})`,
  requestId: auditEvents.requestId,
  reason: auditEvents.reason,
  details: auditEvents.details,
};

function filters(scope: AccessScope, query: AuditExportQuery): SQL {
  const conditions: (SQL | undefined)[] = [eq(auditEvents.practiceId, scope.practiceId)];
  if (query.userId) conditions.push(eq(auditEvents.actorUserId, query.userId));
  if (query.clientId) conditions.push(eq(auditEvents.clientId, query.clientId));
  if (query.action)
    conditions.push(
      query.action.endsWith('.')
        ? like(auditEvents.action, `${query.action}%`)
        : eq(auditEvents.action, query.action),
    );
  if (query.outcome) conditions.push(eq(auditEvents.outcome, query.outcome));
  if (query.from) conditions.push(gte(auditEvents.occurredAt, new Date(query.from)));
  if (query.to) conditions.push(lte(auditEvents.occurredAt, new Date(query.to)));
  return and(...conditions)!;
}

/**
 * One page of the practice's audit events, newest or oldest first, by keyset on (time, id): one
 * index range scan per page, however deep, over however many events.
 */
export async function listAuditEvents(
  tx: AppTransaction,
  scope: AccessScope,
  query: AuditExportQuery,
  limit: number,
  after: AuditCursor | null,
) {
  const newest = query.sort === 'newest';
  const position = after
    ? (() => {
        const at = sql`${after[0]}::timestamptz`;
        return newest
          ? or(
              lt(auditEvents.occurredAt, at),
              and(eq(auditEvents.occurredAt, at), lt(auditEvents.id, after[1])),
            )
          : or(
              sql`${auditEvents.occurredAt} > ${at}`,
              and(eq(auditEvents.occurredAt, at), sql`${auditEvents.id} > ${after[1]}`),
            );
      })()
    : undefined;
  return tx
    .select({ ...columns, cursorAt: sql<string>`${auditEvents.occurredAt}::text` })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(and(filters(scope, query), position))
    .orderBy(
      ...(newest
        ? [desc(auditEvents.occurredAt), desc(auditEvents.id)]
        : [asc(auditEvents.occurredAt), asc(auditEvents.id)]),
    )
    .limit(limit);
}
