import { clientDiagnoses, diagnosisCodes, users, type AppTransaction } from '@mentalspace/db';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';

/** Escapes LIKE wildcards so a search for "F41.1" or "50%" means those characters. */
const contains = (term: string) => `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Codes by code or words: codes that start with the term first, then by code (trigram index). */
export function searchCodes(tx: AppTransaction, q: string, limit: number) {
  const words = q.trim().toLowerCase().split(/\s+/).slice(0, 6);
  return tx
    .select({ code: diagnosisCodes.code, description: diagnosisCodes.description })
    .from(diagnosisCodes)
    .where(and(...words.map((w) => sql`${diagnosisCodes.searchText} like ${contains(w)}`)))
    .orderBy(
      sql`(lower(${diagnosisCodes.code}) like ${`${words[0]!.replace(/[\\%_]/g, '')}%`}) desc`,
      asc(diagnosisCodes.code),
    )
    .limit(limit);
}

export async function codeExists(tx: AppTransaction, code: string) {
  const rows = await tx
    .select({ code: diagnosisCodes.code })
    .from(diagnosisCodes)
    .where(eq(diagnosisCodes.code, code));
  return rows.length === 1;
}

const columns = {
  id: clientDiagnoses.id,
  code: clientDiagnoses.code,
  description: diagnosisCodes.description,
  status: clientDiagnoses.status,
  onsetDate: clientDiagnoses.onsetDate,
  rank: clientDiagnoses.rank,
  diagnosedByName: sql<string>`${users.firstName} || ' ' || ${users.lastName}`,
  createdAt: clientDiagnoses.createdAt,
  updatedAt: clientDiagnoses.updatedAt,
};

/** A client's diagnoses: current ones by rank (principal first), then resolved ones. */
export function listForClient(tx: AppTransaction, scope: AccessScope, clientId: string) {
  return tx
    .select(columns)
    .from(clientDiagnoses)
    .innerJoin(diagnosisCodes, eq(diagnosisCodes.code, clientDiagnoses.code))
    .innerJoin(users, eq(users.id, clientDiagnoses.diagnosedBy))
    .where(and(eq(clientDiagnoses.practiceId, scope.practiceId), eq(clientDiagnoses.clientId, clientId)))
    .orderBy(
      sql`(${clientDiagnoses.status} = 'resolved')`,
      asc(clientDiagnoses.rank),
      asc(clientDiagnoses.code),
    )
    .limit(200);
}

export async function findForClient(tx: AppTransaction, scope: AccessScope, clientId: string, id: string) {
  const rows = await tx
    .select({ id: clientDiagnoses.id, rank: clientDiagnoses.rank, status: clientDiagnoses.status })
    .from(clientDiagnoses)
    .where(
      and(
        eq(clientDiagnoses.practiceId, scope.practiceId),
        eq(clientDiagnoses.clientId, clientId),
        eq(clientDiagnoses.id, id),
      ),
    )
    .for('update');
  return rows[0] ?? null;
}

export async function findByCode(tx: AppTransaction, scope: AccessScope, clientId: string, code: string) {
  const rows = await tx
    .select({ id: clientDiagnoses.id })
    .from(clientDiagnoses)
    .where(
      and(
        eq(clientDiagnoses.practiceId, scope.practiceId),
        eq(clientDiagnoses.clientId, clientId),
        eq(clientDiagnoses.code, code),
      ),
    );
  return rows[0] ?? null;
}

/** The rank a new current diagnosis takes: after the others. */
export async function nextRank(tx: AppTransaction, scope: AccessScope, clientId: string) {
  const [row] = await tx
    .select({ max: sql<number>`coalesce(max(${clientDiagnoses.rank}), 0)::int` })
    .from(clientDiagnoses)
    .where(
      and(
        eq(clientDiagnoses.practiceId, scope.practiceId),
        eq(clientDiagnoses.clientId, clientId),
        ne(clientDiagnoses.status, 'resolved'),
      ),
    );
  return (row?.max ?? 0) + 1;
}

/** Moves every current diagnosis ranked below `fromRank` (exclusive of `except`) down one place. */
export async function shiftRanks(
  tx: AppTransaction,
  scope: AccessScope,
  clientId: string,
  exceptId: string | null,
) {
  await tx
    .update(clientDiagnoses)
    .set({ rank: sql`${clientDiagnoses.rank} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(clientDiagnoses.practiceId, scope.practiceId),
        eq(clientDiagnoses.clientId, clientId),
        exceptId ? ne(clientDiagnoses.id, exceptId) : undefined,
      ),
    );
}

export async function insertDiagnosis(
  tx: AppTransaction,
  scope: AccessScope,
  values: Omit<typeof clientDiagnoses.$inferInsert, 'practiceId' | 'diagnosedBy'>,
) {
  const [row] = await tx
    .insert(clientDiagnoses)
    .values({ ...values, practiceId: scope.practiceId, diagnosedBy: scope.actorUserId })
    .returning({ id: clientDiagnoses.id });
  return row!.id;
}

export async function updateDiagnosis(
  tx: AppTransaction,
  scope: AccessScope,
  id: string,
  values: Partial<Pick<typeof clientDiagnoses.$inferInsert, 'status' | 'onsetDate' | 'rank'>>,
) {
  await tx
    .update(clientDiagnoses)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(clientDiagnoses.practiceId, scope.practiceId), eq(clientDiagnoses.id, id)));
}
