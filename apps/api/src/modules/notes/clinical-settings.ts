import type { ClinicalSettings } from '@mentalspace/contracts';
import { practices, type AppTransaction } from '@mentalspace/db';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AccessScope } from '../../security/access-scope';

/** Stored settings, read leniently: a missing or bad value falls back to its default, never throws. */
const StoredSchema = z.object({
  noteDeadlineHours: z.number().int().min(1).max(720).catch(72).default(72),
  requireSignedNoteForBilling: z.boolean().catch(true).default(true),
});

export const DEFAULT_CLINICAL_SETTINGS: ClinicalSettings = StoredSchema.parse({});

/** The practice's clinical settings, defaults filled in. */
export async function clinicalSettings(tx: AppTransaction, scope: AccessScope): Promise<ClinicalSettings> {
  const [row] = await tx
    .select({ settings: practices.clinicalSettings })
    .from(practices)
    .where(eq(practices.id, scope.practiceId));
  return StoredSchema.parse(row?.settings ?? {});
}

export async function storeClinicalSettings(
  tx: AppTransaction,
  scope: AccessScope,
  settings: ClinicalSettings,
) {
  await tx
    .update(practices)
    .set({ clinicalSettings: settings, updatedAt: new Date() })
    .where(eq(practices.id, scope.practiceId));
}
