import { supervisions, users, type AppTransaction } from '@mentalspace/db';
import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AccessScope } from '../../security/access-scope';

const supervisor = alias(users, 'supervisor');
const supervisee = alias(users, 'supervisee');

export async function listActiveSupervisions(tx: AppTransaction, scope: AccessScope) {
  return tx
    .select({
      id: supervisions.id,
      supervisorId: supervisions.supervisorId,
      supervisorName: sql<string>`${supervisor.firstName} || ' ' || ${supervisor.lastName}`,
      superviseeId: supervisions.superviseeId,
      superviseeName: sql<string>`${supervisee.firstName} || ' ' || ${supervisee.lastName}`,
      since: supervisions.createdAt,
    })
    .from(supervisions)
    .innerJoin(supervisor, eq(supervisor.id, supervisions.supervisorId))
    .innerJoin(supervisee, eq(supervisee.id, supervisions.superviseeId))
    .where(and(eq(supervisions.practiceId, scope.practiceId), eq(supervisions.active, true)))
    .orderBy(asc(supervisor.lastName), asc(supervisee.lastName))
    .limit(500);
}

/** The role of an active staff member of the practice, or null. */
export async function activeRoleOf(tx: AppTransaction, scope: AccessScope, userId: string) {
  const rows = await tx
    .select({ role: users.role })
    .from(users)
    .where(and(eq(users.practiceId, scope.practiceId), eq(users.id, userId), eq(users.status, 'active')))
    .limit(1);
  return rows[0]?.role ?? null;
}

/** Starts a supervision; null when the pair is already active (the partial unique index). */
export async function insertSupervision(
  tx: AppTransaction,
  scope: AccessScope,
  supervisorId: string,
  superviseeId: string,
) {
  const rows = await tx
    .insert(supervisions)
    .values({ practiceId: scope.practiceId, supervisorId, superviseeId })
    .onConflictDoNothing()
    .returning({ id: supervisions.id });
  return rows[0]?.id ?? null;
}

export async function endSupervision(tx: AppTransaction, scope: AccessScope, id: string) {
  const rows = await tx
    .update(supervisions)
    .set({ active: false, updatedAt: new Date() })
    .where(
      and(
        eq(supervisions.practiceId, scope.practiceId),
        eq(supervisions.id, id),
        eq(supervisions.active, true),
      ),
    )
    .returning({ superviseeId: supervisions.superviseeId });
  return rows[0]?.superviseeId ?? null;
}

export const CLINICAL_ROLES = ['clinician', 'supervisor'] as const;
export const isClinicalRole = (role: string) => (CLINICAL_ROLES as readonly string[]).includes(role);
