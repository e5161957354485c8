import {
  clients,
  portalAccounts,
  portalInvitations,
  practices,
  type AppTransaction,
  type Database,
  portalTotpFactors,
} from '@mentalspace/db';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';

export async function closeOpenInvitations(tx: AppTransaction, scope: AccessScope, clientId: string) {
  await tx
    .update(portalInvitations)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(portalInvitations.practiceId, scope.practiceId),
        eq(portalInvitations.clientId, clientId),
        isNull(portalInvitations.usedAt),
      ),
    );
}

export async function insertInvitation(
  tx: AppTransaction,
  scope: AccessScope,
  values: { clientId: string; email: string; tokenHash: string; expiresAt: Date },
) {
  await tx
    .insert(portalInvitations)
    .values({ ...values, practiceId: scope.practiceId, createdBy: scope.actorUserId });
}

/** Acceptance arrives with only the link's token: find its open invitation in any practice. */
export async function unsafeFindOpenInvitation(database: Database, tokenHash: string, now: Date) {
  const rows = await database.unsafeOwner
    .select({
      id: portalInvitations.id,
      practiceId: portalInvitations.practiceId,
      clientId: portalInvitations.clientId,
      email: portalInvitations.email,
      firstName: clients.legalFirstName,
      lastName: clients.legalLastName,
      securitySettings: practices.securitySettings,
    })
    .from(portalInvitations)
    .innerJoin(
      clients,
      and(eq(clients.practiceId, portalInvitations.practiceId), eq(clients.id, portalInvitations.clientId)),
    )
    .innerJoin(practices, eq(practices.id, portalInvitations.practiceId))
    .where(
      and(
        eq(portalInvitations.tokenHash, tokenHash),
        isNull(portalInvitations.usedAt),
        gt(portalInvitations.expiresAt, now),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** Spends the invitation; false if another request spent it first. */
export async function useInvitation(tx: AppTransaction, scope: AccessScope, id: string) {
  const rows = await tx
    .update(portalInvitations)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(portalInvitations.practiceId, scope.practiceId),
        eq(portalInvitations.id, id),
        isNull(portalInvitations.usedAt),
      ),
    )
    .returning({ id: portalInvitations.id });
  return rows.length === 1;
}

/** Creates the client's account, or resets its password when re-invited. */
export async function upsertPortalAccount(
  tx: AppTransaction,
  scope: AccessScope,
  values: { clientId: string; email: string; passwordHash: string },
) {
  const [row] = await tx
    .insert(portalAccounts)
    .values({ ...values, practiceId: scope.practiceId })
    .onConflictDoUpdate({
      target: portalAccounts.clientId,
      set: {
        email: values.email,
        passwordHash: values.passwordHash,
        status: 'active',
        failedSignIns: 0,
        lockedUntil: null,
      },
    })
    .returning({ id: portalAccounts.id });
  return row!.id;
}

export async function unsafeFindPortalAccountForSignIn(database: Database, email: string) {
  const rows = await database.unsafeOwner
    .select({
      id: portalAccounts.id,
      practiceId: portalAccounts.practiceId,
      clientId: portalAccounts.clientId,
      status: portalAccounts.status,
      passwordHash: portalAccounts.passwordHash,
      failedSignIns: portalAccounts.failedSignIns,
      lockedUntil: portalAccounts.lockedUntil,
      securitySettings: practices.securitySettings,
      hasTotp: sql<boolean>`exists (select 1 from ${portalTotpFactors} f where f.portal_account_id = ${portalAccounts}.id and f.confirmed_at is not null)`,
    })
    .from(portalAccounts)
    .innerJoin(practices, eq(practices.id, portalAccounts.practiceId))
    .where(sql`lower(${portalAccounts.email}) = lower(${email})`)
    .limit(1);
  return rows[0] ?? null;
}

export async function recordPortalSignIn(
  tx: AppTransaction,
  scope: AccessScope,
  ok: boolean,
  lockedUntil: Date | null,
) {
  await tx
    .update(portalAccounts)
    .set(
      ok
        ? { failedSignIns: 0, lockedUntil: null, lastSignInAt: new Date() }
        : { failedSignIns: sql`${portalAccounts.failedSignIns} + 1`, lockedUntil },
    )
    .where(and(eq(portalAccounts.practiceId, scope.practiceId), eq(portalAccounts.id, scope.actorUserId)));
}

/** The signed-in client's own account, for checks that need its password or e-mail. */
export async function findPortalAccount(tx: AppTransaction, scope: AccessScope, accountId: string) {
  const rows = await tx
    .select({ id: portalAccounts.id, email: portalAccounts.email, passwordHash: portalAccounts.passwordHash })
    .from(portalAccounts)
    .where(and(eq(portalAccounts.practiceId, scope.practiceId), eq(portalAccounts.id, accountId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function findPortalAccountOfClient(tx: AppTransaction, scope: AccessScope, clientId: string) {
  const rows = await tx
    .select({ id: portalAccounts.id })
    .from(portalAccounts)
    .where(and(eq(portalAccounts.practiceId, scope.practiceId), eq(portalAccounts.clientId, clientId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function findPortalPracticeSettings(tx: AppTransaction, scope: AccessScope) {
  const rows = await tx
    .select({ securitySettings: practices.securitySettings })
    .from(practices)
    .where(eq(practices.id, scope.practiceId))
    .limit(1);
  return rows[0]?.securitySettings ?? null;
}
