import type { Database } from '@mentalspace/db';
import { sql } from 'drizzle-orm';
import type { PhiCipher } from './phi-cipher';
import { SEALED_TABLES, type SealedTable } from './sealed-columns';

export interface RotationProgress {
  table: string;
  rewritten: number;
}

type Row = Record<string, string | null> & { id: string };

/** Rows of one driver result, whichever driver (node-postgres or PGlite) ran it. */
const rowsOf = (result: unknown) => (result as { rows: Row[] }).rows;

async function rotateTable(
  database: Database,
  phi: PhiCipher,
  target: SealedTable,
  batchSize: number,
  maxBatches: number | undefined,
): Promise<number> {
  const current = `phi1.${phi.currentVersion}.%`;
  const table = sql.identifier(target.table);
  const columns = target.columns.map((c) => sql.identifier(c.column));
  const stale = sql.join(
    columns.map((c) => sql`(${c} is not null and ${c} not like ${current})`),
    sql` or `,
  );
  let rewritten = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (let batch = 0; maxBatches === undefined || batch < maxBatches; batch++) {
    const done = await database.unsafeOwner.transaction(async (tx) => {
      // Lets the owner (never the app role) re-encrypt signed clinical records in place.
      await tx.execute(sql`select set_config('app.reencrypting', 'on', true)`);
      const rows = rowsOf(
        await tx.execute(sql`select id::text as id, ${sql.join(columns, sql`, `)} from ${table}
          where id > ${after}::uuid and (${stale}) order by id limit ${batchSize} for update`),
      );
      for (const row of rows) {
        const sets = target.columns.map((c) => {
          const value = row[c.column];
          const resealed =
            value == null ? null : phi.encrypt(phi.decrypt(value, c.boundTo(row.id)), c.boundTo(row.id));
          return sql`${sql.identifier(c.column)} = ${resealed}`;
        });
        await tx.execute(sql`update ${table} set ${sql.join(sets, sql`, `)} where id = ${row.id}::uuid`);
      }
      return rows;
    });
    rewritten += done.length;
    if (done.length < batchSize) break;
    after = done.at(-1)!.id;
  }
  return rewritten;
}

/**
 * Re-encrypts every PHI value written under an older key version, table by table, in batches of
 * `batchSize`, each its own transaction: a crash loses at most the batch in flight, and running
 * it again resumes where it stopped (it looks for values not yet at the current version). Old
 * versions stay readable throughout, so servers keep serving.
 */
export async function unsafeReencryptPhi(
  database: Database,
  phi: PhiCipher,
  options: { batchSize?: number; maxBatches?: number } = {},
): Promise<RotationProgress[]> {
  const progress: RotationProgress[] = [];
  for (const target of SEALED_TABLES) {
    const rewritten = await rotateTable(database, phi, target, options.batchSize ?? 500, options.maxBatches);
    progress.push({ table: target.table, rewritten });
  }
  return progress;
}
