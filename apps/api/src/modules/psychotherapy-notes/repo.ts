import { psychotherapyNotes, type AppTransaction } from '@mentalspace/db';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';

/**
 * Psychotherapy notes are their author's alone. Row-level security reads `app.user_id`, set here
 * for the transaction; a query that forgot this step would see no rows at all, not someone's notes.
 */
export async function asAuthor(tx: AppTransaction, scope: AccessScope) {
  await tx.execute(sql`select set_config('app.user_id', ${scope.actorUserId}, true)`);
}

const columns = {
  id: psychotherapyNotes.id,
  clientId: psychotherapyNotes.clientId,
  serviceDate: psychotherapyNotes.serviceDate,
  body: psychotherapyNotes.body,
  version: psychotherapyNotes.version,
  createdAt: psychotherapyNotes.createdAt,
  updatedAt: psychotherapyNotes.updatedAt,
};

const mine = (scope: AccessScope) =>
  and(
    eq(psychotherapyNotes.practiceId, scope.practiceId),
    eq(psychotherapyNotes.authorId, scope.actorUserId),
  );

export function listMine(tx: AppTransaction, scope: AccessScope, clientId: string) {
  return tx
    .select(columns)
    .from(psychotherapyNotes)
    .where(and(mine(scope), eq(psychotherapyNotes.clientId, clientId)))
    .orderBy(desc(psychotherapyNotes.serviceDate), desc(psychotherapyNotes.id))
    .limit(500);
}

export async function findMine(tx: AppTransaction, scope: AccessScope, id: string) {
  const rows = await tx
    .select(columns)
    .from(psychotherapyNotes)
    .where(and(mine(scope), eq(psychotherapyNotes.id, id)))
    .limit(1)
    .for('update');
  return rows[0] ?? null;
}
export type PsychotherapyNoteRow = NonNullable<Awaited<ReturnType<typeof findMine>>>;

export async function insertMine(
  tx: AppTransaction,
  scope: AccessScope,
  values: { id: string; clientId: string; serviceDate: string; body: string },
) {
  await tx
    .insert(psychotherapyNotes)
    .values({ ...values, practiceId: scope.practiceId, authorId: scope.actorUserId });
}

export async function updateMine(
  tx: AppTransaction,
  scope: AccessScope,
  id: string,
  version: number,
  values: { serviceDate: string; body: string },
) {
  const rows = await tx
    .update(psychotherapyNotes)
    .set({ ...values, version: sql`${psychotherapyNotes.version} + 1`, updatedAt: new Date() })
    .where(and(mine(scope), eq(psychotherapyNotes.id, id), eq(psychotherapyNotes.version, version)))
    .returning({ version: psychotherapyNotes.version });
  return rows.length > 0;
}
