import {
  authRefreshTokens,
  authSessions,
  portalAccounts,
  practices,
  users,
  type AppTransaction,
  type Database,
} from '@mentalspace/db';
import { and, eq, gt, isNotNull, isNull, ne } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';

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
