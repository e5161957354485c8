import {
  authRefreshTokens,
  authSessions,
  mfaBackupCodes,
  mfaTotpFactors,
  passwordHistory,
  portalAccounts,
  practices,
  users,
  webauthnCredentials,
  type AppTransaction,
  type Database,
} from '@mentalspace/db';
import { and, desc, eq, gt, isNotNull, isNull, ne, sql } from 'drizzle-orm';
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

/** Refresh arrives with only its cookie: find the token's session across practices. */
export async function unsafeFindRefreshToken(database: Database, tokenHash: string) {
  const rows = await database.unsafeOwner
    .select({
      tokenId: authRefreshTokens.id,
      usedAt: authRefreshTokens.usedAt,
      sessionId: authSessions.id,
      subject: authSessions.subject,
      practiceId: authSessions.practiceId,
      userId: authSessions.userId,
      assurance: authSessions.assurance,
      expiresAt: authSessions.expiresAt,
      revokedAt: authSessions.revokedAt,
      role: users.role,
      staffStatus: users.status,
      portalClientId: portalAccounts.clientId,
      portalStatus: portalAccounts.status,
      securitySettings: practices.securitySettings,
    })
    .from(authRefreshTokens)
    .innerJoin(authSessions, eq(authSessions.id, authRefreshTokens.sessionId))
    .leftJoin(users, and(eq(authSessions.subject, 'staff'), eq(users.id, authSessions.userId)))
    .leftJoin(
      portalAccounts,
      and(eq(authSessions.subject, 'portal'), eq(portalAccounts.id, authSessions.userId)),
    )
    .innerJoin(practices, eq(practices.id, authSessions.practiceId))
    .where(eq(authRefreshTokens.tokenHash, tokenHash))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  return { ...row, status: row.subject === 'staff' ? row.staffStatus : row.portalStatus };
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

export async function insertSession(
  tx: AppTransaction,
  scope: AccessScope,
  values: {
    subject: 'staff' | 'portal';
    assurance: 'pwd' | 'mfa';
    ip: string | undefined;
    userAgent: string | undefined;
    expiresAt: Date;
    now: Date;
  },
) {
  const [row] = await tx
    .insert(authSessions)
    .values({
      practiceId: scope.practiceId,
      subject: values.subject,
      userId: scope.actorUserId,
      assurance: values.assurance,
      ip: values.ip ?? null,
      userAgent: values.userAgent?.slice(0, 512) ?? null,
      expiresAt: values.expiresAt,
      reauthenticatedAt: values.now,
    })
    .returning({ id: authSessions.id });
  return row!.id;
}

export async function insertRefreshToken(
  tx: AppTransaction,
  scope: AccessScope,
  sessionId: string,
  tokenHash: string,
) {
  await tx.insert(authRefreshTokens).values({ practiceId: scope.practiceId, sessionId, tokenHash });
}

/** Marks a refresh token used; false if another request used it first (a replay race). */
export async function markRefreshTokenUsed(tx: AppTransaction, scope: AccessScope, tokenId: string) {
  const rows = await tx
    .update(authRefreshTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(authRefreshTokens.practiceId, scope.practiceId),
        eq(authRefreshTokens.id, tokenId),
        isNull(authRefreshTokens.usedAt),
      ),
    )
    .returning({ id: authRefreshTokens.id });
  return rows.length === 1;
}

export async function revokeSession(
  tx: AppTransaction,
  scope: AccessScope,
  sessionId: string,
  reason: string,
) {
  await tx
    .update(authSessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(
      and(
        eq(authSessions.practiceId, scope.practiceId),
        eq(authSessions.id, sessionId),
        isNull(authSessions.revokedAt),
      ),
    );
}

/** Revokes every live session of a user; returns their ids to end them in the activity store. */
export async function revokeUserSessions(
  tx: AppTransaction,
  scope: AccessScope,
  userId: string,
  reason: string,
) {
  const rows = await tx
    .update(authSessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(
      and(
        eq(authSessions.practiceId, scope.practiceId),
        eq(authSessions.userId, userId),
        isNull(authSessions.revokedAt),
        gt(authSessions.expiresAt, new Date()),
      ),
    )
    .returning({ id: authSessions.id });
  return rows.map((r) => r.id);
}

export async function listLiveSessions(tx: AppTransaction, scope: AccessScope, userId: string) {
  return tx
    .select({
      id: authSessions.id,
      createdAt: authSessions.createdAt,
      ip: authSessions.ip,
      userAgent: authSessions.userAgent,
      assurance: authSessions.assurance,
      expiresAt: authSessions.expiresAt,
    })
    .from(authSessions)
    .where(
      and(
        eq(authSessions.practiceId, scope.practiceId),
        eq(authSessions.userId, userId),
        isNull(authSessions.revokedAt),
        gt(authSessions.expiresAt, new Date()),
        isNotNull(authSessions.id),
      ),
    )
    .orderBy(authSessions.createdAt);
}

export async function markReauthenticated(
  tx: AppTransaction,
  scope: AccessScope,
  sessionId: string,
  at: Date,
) {
  await tx
    .update(authSessions)
    .set({ reauthenticatedAt: at })
    .where(and(eq(authSessions.practiceId, scope.practiceId), eq(authSessions.id, sessionId)));
}

export async function findSession(tx: AppTransaction, scope: AccessScope, sessionId: string) {
  const rows = await tx
    .select({
      id: authSessions.id,
      reauthenticatedAt: authSessions.reauthenticatedAt,
      userId: authSessions.userId,
    })
    .from(authSessions)
    .where(and(eq(authSessions.practiceId, scope.practiceId), eq(authSessions.id, sessionId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function findTotpFactor(tx: AppTransaction, scope: AccessScope, userId: string) {
  const rows = await tx
    .select()
    .from(mfaTotpFactors)
    .where(and(eq(mfaTotpFactors.practiceId, scope.practiceId), eq(mfaTotpFactors.userId, userId)))
    .limit(1);
  return rows[0] ?? null;
}

/** Starts (or restarts) enrolment: an unconfirmed factor replaces any earlier one. */
export async function upsertPendingTotpFactor(
  tx: AppTransaction,
  scope: AccessScope,
  userId: string,
  secretCiphertext: string,
) {
  await tx
    .insert(mfaTotpFactors)
    .values({ practiceId: scope.practiceId, userId, secretCiphertext })
    .onConflictDoUpdate({
      target: mfaTotpFactors.userId,
      set: { secretCiphertext, confirmedAt: null, lastUsedStep: null },
    });
}

/** Accepts a step only if it is newer than the last accepted one: a code is never replayed. */
export async function acceptTotpStep(
  tx: AppTransaction,
  scope: AccessScope,
  factorId: string,
  step: number,
  confirm: boolean,
) {
  const rows = await tx
    .update(mfaTotpFactors)
    .set({ lastUsedStep: step, ...(confirm ? { confirmedAt: new Date() } : {}) })
    .where(
      and(
        eq(mfaTotpFactors.practiceId, scope.practiceId),
        eq(mfaTotpFactors.id, factorId),
        sql`(${mfaTotpFactors.lastUsedStep} is null or ${mfaTotpFactors.lastUsedStep} < ${step})`,
      ),
    )
    .returning({ id: mfaTotpFactors.id });
  return rows.length === 1;
}

export async function replaceBackupCodes(
  tx: AppTransaction,
  scope: AccessScope,
  userId: string,
  hashes: string[],
) {
  await tx
    .update(mfaBackupCodes)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(mfaBackupCodes.practiceId, scope.practiceId),
        eq(mfaBackupCodes.userId, userId),
        isNull(mfaBackupCodes.usedAt),
      ),
    );
  await tx
    .insert(mfaBackupCodes)
    .values(hashes.map((codeHash) => ({ practiceId: scope.practiceId, userId, codeHash })));
}

export async function listUnusedBackupCodes(tx: AppTransaction, scope: AccessScope, userId: string) {
  return tx
    .select({ id: mfaBackupCodes.id, codeHash: mfaBackupCodes.codeHash })
    .from(mfaBackupCodes)
    .where(
      and(
        eq(mfaBackupCodes.practiceId, scope.practiceId),
        eq(mfaBackupCodes.userId, userId),
        isNull(mfaBackupCodes.usedAt),
      ),
    );
}

export async function useBackupCode(tx: AppTransaction, scope: AccessScope, id: string) {
  const rows = await tx
    .update(mfaBackupCodes)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(mfaBackupCodes.practiceId, scope.practiceId),
        eq(mfaBackupCodes.id, id),
        isNull(mfaBackupCodes.usedAt),
      ),
    )
    .returning({ id: mfaBackupCodes.id });
  return rows.length === 1;
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

/** Clears the authenticator and spends every backup code: the next sign-in enrols again. */
export async function resetMfa(tx: AppTransaction, scope: AccessScope, userId: string) {
  await tx
    .update(mfaTotpFactors)
    .set({ confirmedAt: null, lastUsedStep: null, secretCiphertext: 'reset' })
    .where(and(eq(mfaTotpFactors.practiceId, scope.practiceId), eq(mfaTotpFactors.userId, userId)));
  await tx
    .update(mfaBackupCodes)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(mfaBackupCodes.practiceId, scope.practiceId),
        eq(mfaBackupCodes.userId, userId),
        isNull(mfaBackupCodes.usedAt),
      ),
    );
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

/** Revokes every live session of a user but one (the one that changed the password). */
export async function revokeOtherSessions(
  tx: AppTransaction,
  scope: AccessScope,
  userId: string,
  keep: string,
  reason: string,
) {
  const rows = await tx
    .update(authSessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(
      and(
        eq(authSessions.practiceId, scope.practiceId),
        eq(authSessions.userId, userId),
        isNull(authSessions.revokedAt),
        ne(authSessions.id, keep),
      ),
    )
    .returning({ id: authSessions.id });
  return rows.map((r) => r.id);
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
      mfaEnrolled: sql<boolean>`exists (select 1 from ${mfaTotpFactors} f where f.user_id = ${users}.id and f.confirmed_at is not null)`,
    })
    .from(users)
    .where(eq(users.practiceId, scope.practiceId))
    .orderBy(users.lastName, users.firstName)
    .limit(500);
}

export async function listPasskeys(tx: AppTransaction, scope: AccessScope, userId: string) {
  return tx
    .select()
    .from(webauthnCredentials)
    .where(and(eq(webauthnCredentials.practiceId, scope.practiceId), eq(webauthnCredentials.userId, userId)))
    .orderBy(webauthnCredentials.createdAt);
}

export async function insertPasskey(
  tx: AppTransaction,
  scope: AccessScope,
  values: {
    userId: string;
    credentialId: string;
    publicKey: string;
    counter: number;
    transports: string | null;
    name: string;
  },
) {
  const [row] = await tx
    .insert(webauthnCredentials)
    .values({ ...values, practiceId: scope.practiceId })
    .returning({
      id: webauthnCredentials.id,
      name: webauthnCredentials.name,
      createdAt: webauthnCredentials.createdAt,
    });
  return row!;
}

export async function recordPasskeyUse(tx: AppTransaction, scope: AccessScope, id: string, counter: number) {
  await tx
    .update(webauthnCredentials)
    .set({ counter, lastUsedAt: new Date() })
    .where(and(eq(webauthnCredentials.practiceId, scope.practiceId), eq(webauthnCredentials.id, id)));
}
