import { mfaTotpFactors, users, type AppTransaction } from '@mentalspace/db';
import { and, eq, sql } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';

/** Staff of the caller's practice, for administration (404 for anyone else). */
export async function findStaffMember(tx: AppTransaction, scope: AccessScope, userId: string) {
  const rows = await tx
    .select({ id: users.id, role: users.role, status: users.status })
    .from(users)
    .where(and(eq(users.practiceId, scope.practiceId), eq(users.id, userId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function unlockUser(tx: AppTransaction, scope: AccessScope, userId: string) {
  await tx
    .update(users)
    .set({ failedSignIns: 0, lockedUntil: null })
    .where(and(eq(users.practiceId, scope.practiceId), eq(users.id, userId)));
}

export async function deactivateUser(tx: AppTransaction, scope: AccessScope, userId: string) {
  await tx
    .update(users)
    .set({ status: 'disabled' })
    .where(and(eq(users.practiceId, scope.practiceId), eq(users.id, userId)));
}

export async function listStaffAccess(tx: AppTransaction, scope: AccessScope) {
  return tx
    .select({
      id: users.id,
      firstName: users.firstName,
      lastName: users.lastName,
      email: users.email,
      role: users.role,
      status: users.status,
      lockedUntil: users.lockedUntil,
      lastSignInAt: users.lastSignInAt,
      invited: sql<boolean>`${users.passwordHash} is null`,
      mfaEnrolled: sql<boolean>`exists (select 1 from ${mfaTotpFactors} f where f.user_id = ${users}.id and f.confirmed_at is not null)`,
    })
    .from(users)
    .where(eq(users.practiceId, scope.practiceId))
    .orderBy(users.lastName, users.firstName)
    .limit(500);
}
