import type { BreachSettings } from '@mentalspace/contracts';
import { practices, type AppTransaction } from '@mentalspace/db';
import { eq, sql } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';
import { breachSettings } from '../../security/breach-detection/settings';

/**
 * The practice's breach-detection thresholds as detection reads them (defaults filled). With
 * `forUpdate` the practice row stays locked until the transaction ends, so two saves cannot both
 * compare against the same old values.
 */
export async function findBreachSettings(
  tx: AppTransaction,
  scope: AccessScope,
  options: { forUpdate?: boolean } = {},
): Promise<BreachSettings> {
  const query = tx
    .select({ settings: practices.securitySettings })
    .from(practices)
    .where(eq(practices.id, scope.practiceId));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return breachSettings(row?.settings ?? {});
}

/** Replaces `security_settings.breachDetection` only: the MFA and password settings beside it stay. */
export async function storeBreachSettings(tx: AppTransaction, scope: AccessScope, settings: BreachSettings) {
  await tx
    .update(practices)
    .set({
      securitySettings: sql`jsonb_set(${practices.securitySettings}, '{breachDetection}', ${JSON.stringify(settings)}::jsonb)`,
      updatedAt: new Date(),
    })
    .where(eq(practices.id, scope.practiceId));
}
