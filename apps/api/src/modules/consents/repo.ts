import { consents, type AppTransaction } from '@mentalspace/db';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';

export function listConsents(tx: AppTransaction, scope: AccessScope, clientId: string) {
  return tx
    .select({
      id: consents.id,
      documentId: consents.documentId,
      documentVersion: consents.documentVersion,
      documentHash: consents.documentHash,
      signerName: consents.signerName,
      signerRelationship: consents.signerRelationship,
      method: consents.method,
      signedAt: consents.signedAt,
      revokedAt: consents.revokedAt,
    })
    .from(consents)
    .where(and(eq(consents.practiceId, scope.practiceId), eq(consents.clientId, clientId)))
    .orderBy(desc(consents.signedAt), desc(consents.id))
    .limit(200);
}
export type ConsentRow = Awaited<ReturnType<typeof listConsents>>[number];

export async function insertConsent(
  tx: AppTransaction,
  scope: AccessScope,
  values: Omit<typeof consents.$inferInsert, 'practiceId'>,
) {
  const [row] = await tx
    .insert(consents)
    .values({ ...values, practiceId: scope.practiceId })
    .returning({ id: consents.id });
  return row!.id;
}

export async function revokeConsent(
  tx: AppTransaction,
  scope: AccessScope,
  clientId: string,
  consentId: string,
) {
  const rows = await tx
    .update(consents)
    .set({ revokedAt: new Date(), revokedBy: scope.actorUserId })
    .where(
      and(
        eq(consents.practiceId, scope.practiceId),
        eq(consents.clientId, clientId),
        eq(consents.id, consentId),
        isNull(consents.revokedAt),
      ),
    )
    .returning({ id: consents.id });
  return rows.length === 1;
}
