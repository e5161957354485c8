import { portalTotpFactors, type AppTransaction } from '@mentalspace/db';
import { and, eq, sql } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';

export async function findPortalTotpFactor(tx: AppTransaction, scope: AccessScope, accountId: string) {
  const rows = await tx
    .select()
    .from(portalTotpFactors)
    .where(
      and(
        eq(portalTotpFactors.practiceId, scope.practiceId),
        eq(portalTotpFactors.portalAccountId, accountId),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** A new, unconfirmed secret (replacing any earlier one); it counts only once a code confirms it. */
export async function upsertPendingPortalTotp(
  tx: AppTransaction,
  scope: AccessScope,
  accountId: string,
  secretCiphertext: string,
) {
  await tx
    .insert(portalTotpFactors)
    .values({ practiceId: scope.practiceId, portalAccountId: accountId, secretCiphertext })
    .onConflictDoUpdate({
      target: portalTotpFactors.portalAccountId,
      set: { secretCiphertext, confirmedAt: null, lastUsedStep: null, updatedAt: new Date() },
    });
}

/** Accepts a step only if it is newer than the last accepted one: a code is never replayed. */
export async function acceptPortalTotpStep(
  tx: AppTransaction,
  scope: AccessScope,
  factorId: string,
  step: number,
  confirm: boolean,
) {
  const rows = await tx
    .update(portalTotpFactors)
    .set({ lastUsedStep: step, updatedAt: new Date(), ...(confirm ? { confirmedAt: new Date() } : {}) })
    .where(
      and(
        eq(portalTotpFactors.practiceId, scope.practiceId),
        eq(portalTotpFactors.id, factorId),
        sql`(${portalTotpFactors.lastUsedStep} is null or ${portalTotpFactors.lastUsedStep} < ${step})`,
      ),
    )
    .returning({ id: portalTotpFactors.id });
  return rows.length === 1;
}

/** Turns the authenticator off: the secret is destroyed, the row stays as a record. */
export async function clearPortalTotp(tx: AppTransaction, scope: AccessScope, accountId: string) {
  const rows = await tx
    .update(portalTotpFactors)
    .set({ confirmedAt: null, lastUsedStep: null, secretCiphertext: 'cleared', updatedAt: new Date() })
    .where(
      and(
        eq(portalTotpFactors.practiceId, scope.practiceId),
        eq(portalTotpFactors.portalAccountId, accountId),
      ),
    )
    .returning({ id: portalTotpFactors.id });
  return rows.length > 0;
}
