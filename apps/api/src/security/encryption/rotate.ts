import { disclosures, type Database } from '@mentalspace/db';
import { and, asc, gt, not, or, sql } from 'drizzle-orm';
import { resealDisclosure } from '../../modules/clients/disclosures';
import type { PhiCipher } from './phi-cipher';

export interface RotationProgress {
  table: string;
  rewritten: number;
}

/**
 * Re-encrypts every PHI value written under an older key version, in batches of `batchSize`, each
 * its own transaction: a crash loses at most the batch in flight, and running it again resumes
 * where it stopped (it looks for values not yet at the current version). Old versions stay
 * readable throughout, so servers keep serving.
 */
export async function unsafeReencryptPhi(
  database: Database,
  phi: PhiCipher,
  options: { batchSize?: number; maxBatches?: number } = {},
): Promise<RotationProgress[]> {
  const batchSize = options.batchSize ?? 500;
  const current = `phi1.${phi.currentVersion}.%`;
  const stale = or(
    not(sql`${disclosures.recipient} like ${current}`),
    not(sql`${disclosures.description} like ${current}`),
    not(sql`${disclosures.purpose} like ${current}`),
    sql`(${disclosures.recipientAddress} is not null and ${disclosures.recipientAddress} not like ${current})`,
  );
  let rewritten = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (let batch = 0; options.maxBatches === undefined || batch < options.maxBatches; batch++) {
    const done = await database.unsafeOwner.transaction(async (tx) => {
      const rows = await tx
        .select({
          id: disclosures.id,
          recipient: disclosures.recipient,
          recipientAddress: disclosures.recipientAddress,
          description: disclosures.description,
          purpose: disclosures.purpose,
        })
        .from(disclosures)
        .where(and(gt(disclosures.id, after), stale))
        .orderBy(asc(disclosures.id))
        .limit(batchSize)
        .for('update');
      for (const row of rows) {
        await tx
          .update(disclosures)
          .set(resealDisclosure(phi, row))
          .where(sql`${disclosures.id} = ${row.id}`);
      }
      return rows;
    });
    rewritten += done.length;
    if (done.length < batchSize) break;
    after = done.at(-1)!.id;
  }
  return [{ table: 'disclosures', rewritten }];
}
