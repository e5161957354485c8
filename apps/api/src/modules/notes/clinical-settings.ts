import { practices, type AppTransaction } from '@mentalspace/db';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AccessScope } from '../../security/access-scope';

const ClinicalSettingsSchema = z.object({
  /** Hours after the session by which a note should be signed (the notes-due queue). */
  noteDeadlineHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .catch(72)
    .default(72),
});
export type ClinicalSettings = z.infer<typeof ClinicalSettingsSchema>;

/** The practice's clinical settings, defaults filled in (a bad stored value falls back, never throws). */
export async function clinicalSettings(tx: AppTransaction, scope: AccessScope): Promise<ClinicalSettings> {
  const [row] = await tx
    .select({ settings: practices.clinicalSettings })
    .from(practices)
    .where(eq(practices.id, scope.practiceId));
  return ClinicalSettingsSchema.parse(row?.settings ?? {});
}
