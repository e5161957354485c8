import { mfaBackupCodes, mfaTotpFactors, webauthnCredentials, type AppTransaction } from '@mentalspace/db';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';

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
