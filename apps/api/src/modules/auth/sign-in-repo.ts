import {
  mfaTotpFactors,
  passwordHistory,
  practices,
  users,
  webauthnCredentials,
  type AppTransaction,
  type Database,
} from '@mentalspace/db';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';

/**
 * Sign-in starts before any practice is known: the e-mail names the account. This lookup runs
 * as the owner (it must see every practice) and returns only what sign-in needs.
 */
export async function unsafeFindStaffForSignIn(database: Database, email: string) {
  const rows = await database.unsafeOwner
    .select({
      id: users.id,
      practiceId: users.practiceId,
      role: users.role,
      status: users.status,
      email: users.email,
      passwordHash: users.passwordHash,
      failedSignIns: users.failedSignIns,
      lockedUntil: users.lockedUntil,
      securitySettings: practices.securitySettings,
      hasTotp: sql<boolean>`exists (select 1 from ${mfaTotpFactors} f where f.user_id = ${users.id} and f.confirmed_at is not null)`,
      hasPasskey: sql<boolean>`exists (select 1 from ${webauthnCredentials} w where w.user_id = ${users.id})`,
    })
    .from(users)
    .innerJoin(practices, eq(practices.id, users.practiceId))
    .where(sql`lower(${users.email}) = lower(${email})`)
    .limit(1);
  return rows[0] ?? null;
}

export async function recordFailedSignIn(tx: AppTransaction, scope: AccessScope, lockedUntil: Date | null) {
  const [row] = await tx
    .update(users)
    .set({ failedSignIns: sql`${users.failedSignIns} + 1`, lockedUntil })
    .where(and(eq(users.practiceId, scope.practiceId), eq(users.id, scope.actorUserId)))
    .returning({ failedSignIns: users.failedSignIns });
  return row?.failedSignIns ?? 0;
}

export async function recordSuccessfulSignIn(tx: AppTransaction, scope: AccessScope, newHash: string | null) {
  await tx
    .update(users)
    .set({
      failedSignIns: 0,
      lockedUntil: null,
      lastSignInAt: new Date(),
      ...(newHash ? { passwordHash: newHash } : {}),
    })
    .where(and(eq(users.practiceId, scope.practiceId), eq(users.id, scope.actorUserId)));
}

export async function findPracticeSettings(tx: AppTransaction, scope: AccessScope) {
  const rows = await tx
    .select({ securitySettings: practices.securitySettings })
    .from(practices)
    .where(eq(practices.id, scope.practiceId))
    .limit(1);
  return rows[0]?.securitySettings ?? {};
}

export async function findUserEmail(tx: AppTransaction, scope: AccessScope, userId: string) {
  const rows = await tx
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.practiceId, scope.practiceId), eq(users.id, userId)))
    .limit(1);
  return rows[0]?.email ?? null;
}

export async function findPasswordHash(tx: AppTransaction, scope: AccessScope, userId: string) {
  const rows = await tx
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.practiceId, scope.practiceId), eq(users.id, userId), eq(users.status, 'active')))
    .limit(1);
  return rows[0]?.passwordHash ?? null;
}

export async function findPasswordIdentity(tx: AppTransaction, scope: AccessScope, userId: string) {
  const rows = await tx
    .select({
      email: users.email,
      firstName: users.firstName,
      lastName: users.lastName,
      passwordHash: users.passwordHash,
    })
    .from(users)
    .where(and(eq(users.practiceId, scope.practiceId), eq(users.id, userId), eq(users.status, 'active')))
    .limit(1);
  return rows[0] ?? null;
}

export async function recentPasswordHashes(
  tx: AppTransaction,
  scope: AccessScope,
  userId: string,
  limit: number,
) {
  if (limit === 0) return [];
  const rows = await tx
    .select({ passwordHash: passwordHistory.passwordHash })
    .from(passwordHistory)
    .where(and(eq(passwordHistory.practiceId, scope.practiceId), eq(passwordHistory.userId, userId)))
    .orderBy(desc(passwordHistory.createdAt))
    .limit(limit);
  return rows.map((r) => r.passwordHash);
}

/** Stores the new hash and files the old one in the history. */
export async function replacePassword(
  tx: AppTransaction,
  scope: AccessScope,
  userId: string,
  oldHash: string,
  newHash: string,
) {
  await tx.insert(passwordHistory).values({ practiceId: scope.practiceId, userId, passwordHash: oldHash });
  await tx
    .update(users)
    .set({ passwordHash: newHash, passwordChangedAt: new Date() })
    .where(and(eq(users.practiceId, scope.practiceId), eq(users.id, userId)));
}
