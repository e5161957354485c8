import { securityAlerts, users, type AppTransaction } from '@mentalspace/db';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';

export type AlertFilter = 'open' | 'acknowledged' | 'resolved' | 'unresolved';

export async function listAlerts(tx: AppTransaction, scope: AccessScope, status: AlertFilter) {
  return tx
    .select({
      id: securityAlerts.id,
      kind: securityAlerts.kind,
      severity: securityAlerts.severity,
      status: securityAlerts.status,
      subjectUserId: securityAlerts.subjectUserId,
      subjectName: sql<string | null>`${users.firstName} || ' ' || ${users.lastName}`,
      clientId: securityAlerts.clientId,
      summary: securityAlerts.summary,
      evidence: securityAlerts.evidence,
      createdAt: securityAlerts.createdAt,
      updatedAt: securityAlerts.updatedAt,
    })
    .from(securityAlerts)
    .leftJoin(users, eq(users.id, securityAlerts.subjectUserId))
    .where(
      and(
        eq(securityAlerts.practiceId, scope.practiceId),
        status === 'unresolved' ? ne(securityAlerts.status, 'resolved') : eq(securityAlerts.status, status),
      ),
    )
    .orderBy(desc(securityAlerts.createdAt))
    .limit(200);
}

/** Moves an alert forward (open → acknowledged → resolved); false if it is not in the practice or already there. */
export async function setAlertStatus(
  tx: AppTransaction,
  scope: AccessScope,
  id: string,
  status: 'acknowledged' | 'resolved',
) {
  const rows = await tx
    .update(securityAlerts)
    .set({ status, handledBy: scope.actorUserId, updatedAt: new Date() })
    .where(
      and(
        eq(securityAlerts.practiceId, scope.practiceId),
        eq(securityAlerts.id, id),
        status === 'resolved' ? ne(securityAlerts.status, 'resolved') : eq(securityAlerts.status, 'open'),
      ),
    )
    .returning({ id: securityAlerts.id });
  return rows.length === 1;
}

export async function alertExists(tx: AppTransaction, scope: AccessScope, id: string) {
  const rows = await tx
    .select({ id: securityAlerts.id })
    .from(securityAlerts)
    .where(and(eq(securityAlerts.practiceId, scope.practiceId), eq(securityAlerts.id, id)))
    .limit(1);
  return rows.length === 1;
}
