import {
  clientClinicians,
  clients,
  measureResponses,
  riskFlags,
  staffNotifications,
  supervisions,
  users,
  type AppTransaction,
} from '@mentalspace/db';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';
import { chartReach } from '../clients/service';

export async function insertResponse(
  tx: AppTransaction,
  scope: AccessScope,
  values: Omit<typeof measureResponses.$inferInsert, 'practiceId'> & { id: string },
) {
  await tx.insert(measureResponses).values({ ...values, practiceId: scope.practiceId });
}

/** Every response of a client, oldest first (a trend): one statement however many there are. */
export function listResponses(tx: AppTransaction, scope: AccessScope, clientId: string) {
  return tx
    .select({
      id: measureResponses.id,
      instrumentId: measureResponses.instrumentId,
      instrumentVersion: measureResponses.instrumentVersion,
      answers: measureResponses.answers,
      total: measureResponses.total,
      severity: measureResponses.severity,
      riskLevel: measureResponses.riskLevel,
      source: measureResponses.source,
      completedAt: measureResponses.completedAt,
    })
    .from(measureResponses)
    .where(and(eq(measureResponses.practiceId, scope.practiceId), eq(measureResponses.clientId, clientId)))
    .orderBy(asc(measureResponses.completedAt), asc(measureResponses.id))
    .limit(2000);
}

export async function insertRiskFlag(
  tx: AppTransaction,
  scope: AccessScope,
  values: Omit<typeof riskFlags.$inferInsert, 'practiceId'>,
) {
  const [row] = await tx
    .insert(riskFlags)
    .values({ ...values, practiceId: scope.practiceId })
    .returning({ id: riskFlags.id });
  return row!.id;
}

const resolvers = sql<
  string | null
>`(select u.first_name || ' ' || u.last_name from ${users} u where u.id = ${riskFlags.resolvedBy})`;

/** Active flags first, newest first. */
export function listRiskFlags(tx: AppTransaction, scope: AccessScope, clientId: string) {
  return tx
    .select({
      id: riskFlags.id,
      kind: riskFlags.kind,
      level: riskFlags.level,
      reason: riskFlags.reason,
      measureResponseId: riskFlags.measureResponseId,
      status: riskFlags.status,
      raisedAt: riskFlags.createdAt,
      resolvedAt: riskFlags.resolvedAt,
      resolvedByName: resolvers,
      resolution: riskFlags.resolution,
    })
    .from(riskFlags)
    .where(and(eq(riskFlags.practiceId, scope.practiceId), eq(riskFlags.clientId, clientId)))
    .orderBy(sql`(${riskFlags.status} = 'resolved')`, desc(riskFlags.createdAt))
    .limit(200);
}

export async function resolveRiskFlag(
  tx: AppTransaction,
  scope: AccessScope,
  clientId: string,
  flagId: string,
  resolution: (id: string) => string,
) {
  const rows = await tx
    .update(riskFlags)
    .set({
      status: 'resolved',
      resolvedAt: new Date(),
      resolvedBy: scope.actorUserId,
      resolution: resolution(flagId),
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(riskFlags.practiceId, scope.practiceId),
        eq(riskFlags.clientId, clientId),
        eq(riskFlags.id, flagId),
        eq(riskFlags.status, 'active'),
      ),
    )
    .returning({ id: riskFlags.id });
  return rows.length === 1;
}

/** Who hears of a risk flag at once: the client's current clinicians and their supervisors. */
export async function careTeamOf(tx: AppTransaction, scope: AccessScope, clientId: string) {
  const clinicians = (
    await tx
      .select({ id: clientClinicians.clinicianId })
      .from(clientClinicians)
      .where(
        and(
          eq(clientClinicians.practiceId, scope.practiceId),
          eq(clientClinicians.clientId, clientId),
          isNull(clientClinicians.endedAt),
        ),
      )
  ).map((r) => r.id);
  if (clinicians.length === 0) return [];
  const supervisors = await tx
    .select({ id: supervisions.supervisorId })
    .from(supervisions)
    .where(
      and(
        eq(supervisions.practiceId, scope.practiceId),
        eq(supervisions.active, true),
        inArray(supervisions.superviseeId, clinicians),
      ),
    );
  return [...new Set([...clinicians, ...supervisors.map((r) => r.id)])];
}

export async function notify(
  tx: AppTransaction,
  scope: AccessScope,
  userIds: readonly string[],
  values: { kind: string; clientId: string; message: string },
) {
  if (userIds.length === 0) return;
  await tx
    .insert(staffNotifications)
    .values(userIds.map((userId) => ({ ...values, userId, practiceId: scope.practiceId })));
}

/**
 * The caller's notifications, newest first. A notification stores no client name (minimum
 * necessary): the name is read here, and only for a client the reader still reaches, so a
 * clinician taken off the case sees the notice without whom it was about.
 */
export function listNotifications(tx: AppTransaction, scope: AccessScope) {
  return tx
    .select({
      id: staffNotifications.id,
      kind: staffNotifications.kind,
      clientId: staffNotifications.clientId,
      clientName: sql<
        string | null
      >`(select coalesce(${clients.preferredName}, ${clients.legalFirstName}) || ' ' || ${clients.legalLastName}
        from ${clients} where ${clients.id} = ${staffNotifications.clientId} and ${chartReach(scope)})`,
      message: staffNotifications.message,
      createdAt: staffNotifications.createdAt,
      readAt: staffNotifications.readAt,
    })
    .from(staffNotifications)
    .where(
      and(
        eq(staffNotifications.practiceId, scope.practiceId),
        eq(staffNotifications.userId, scope.actorUserId),
      ),
    )
    .orderBy(desc(staffNotifications.createdAt))
    .limit(50);
}

export async function markNotificationRead(tx: AppTransaction, scope: AccessScope, id: string) {
  const rows = await tx
    .update(staffNotifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(staffNotifications.practiceId, scope.practiceId),
        eq(staffNotifications.userId, scope.actorUserId),
        eq(staffNotifications.id, id),
        isNull(staffNotifications.readAt),
      ),
    )
    .returning({ id: staffNotifications.id });
  return rows.length === 1;
}
