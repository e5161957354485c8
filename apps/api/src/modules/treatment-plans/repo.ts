import { clients, treatmentPlans, users, type AppTransaction } from '@mentalspace/db';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';
import { chartReach } from '../clients/service';

const inReach = (scope: AccessScope) =>
  and(
    eq(treatmentPlans.practiceId, scope.practiceId),
    sql`exists (select 1 from ${clients} where ${clients.id} = ${treatmentPlans.clientId} and ${chartReach(scope)})`,
  )!;

const columns = {
  id: treatmentPlans.id,
  clientId: treatmentPlans.clientId,
  authorId: treatmentPlans.authorId,
  status: treatmentPlans.status,
  effectiveDate: treatmentPlans.effectiveDate,
  reviewDate: treatmentPlans.reviewDate,
  authorName: sql<string>`${users.firstName} || ' ' || ${users.lastName}`,
  signedAt: treatmentPlans.signedAt,
  clientSignedAt: treatmentPlans.clientSignedAt,
  version: treatmentPlans.version,
  reviewDue: sql<boolean>`(${treatmentPlans.status} = 'active' and ${treatmentPlans.reviewDate} < current_date)`,
  content: treatmentPlans.content,
  signatureHash: treatmentPlans.signatureHash,
};

export function listPlans(tx: AppTransaction, scope: AccessScope, clientId: string) {
  return tx
    .select(columns)
    .from(treatmentPlans)
    .innerJoin(users, eq(users.id, treatmentPlans.authorId))
    .where(and(inReach(scope), eq(treatmentPlans.clientId, clientId)))
    .orderBy(desc(treatmentPlans.effectiveDate), desc(treatmentPlans.id))
    .limit(100);
}

export async function findPlan(tx: AppTransaction, scope: AccessScope, id: string, lock = false) {
  const q = tx
    .select(columns)
    .from(treatmentPlans)
    .innerJoin(users, eq(users.id, treatmentPlans.authorId))
    .where(and(inReach(scope), eq(treatmentPlans.id, id)))
    .limit(1);
  const rows = lock ? await q.for('update', { of: treatmentPlans }) : await q;
  return rows[0] ?? null;
}
export type PlanRow = NonNullable<Awaited<ReturnType<typeof findPlan>>>;

/** The client's active plan with every column, if the scope reaches it. */
export async function findActivePlan(tx: AppTransaction, scope: AccessScope, clientId: string) {
  const rows = await tx
    .select(columns)
    .from(treatmentPlans)
    .innerJoin(users, eq(users.id, treatmentPlans.authorId))
    .where(and(inReach(scope), eq(treatmentPlans.clientId, clientId), eq(treatmentPlans.status, 'active')))
    .limit(1);
  return rows[0] ?? null;
}

/** The client's active plan, locked, for superseding or revising it. */
export async function activePlan(tx: AppTransaction, scope: AccessScope, clientId: string) {
  const rows = await tx
    .select({ id: treatmentPlans.id, content: treatmentPlans.content })
    .from(treatmentPlans)
    .where(
      and(
        eq(treatmentPlans.practiceId, scope.practiceId),
        eq(treatmentPlans.clientId, clientId),
        eq(treatmentPlans.status, 'active'),
      ),
    )
    .for('update');
  return rows[0] ?? null;
}

export async function insertPlan(
  tx: AppTransaction,
  scope: AccessScope,
  values: Omit<typeof treatmentPlans.$inferInsert, 'practiceId' | 'authorId'> & { id: string },
) {
  await tx
    .insert(treatmentPlans)
    .values({ ...values, practiceId: scope.practiceId, authorId: scope.actorUserId });
}

export async function updateDraftPlan(
  tx: AppTransaction,
  scope: AccessScope,
  id: string,
  version: number,
  values: { content: string; effectiveDate: string; reviewDate: string },
) {
  const rows = await tx
    .update(treatmentPlans)
    .set({ ...values, version: sql`${treatmentPlans.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(treatmentPlans.practiceId, scope.practiceId),
        eq(treatmentPlans.id, id),
        eq(treatmentPlans.version, version),
        eq(treatmentPlans.status, 'draft'),
      ),
    )
    .returning({ id: treatmentPlans.id });
  return rows.length === 1;
}

export async function setPlanState(
  tx: AppTransaction,
  scope: AccessScope,
  id: string,
  values: Partial<Pick<typeof treatmentPlans.$inferInsert, 'status' | 'signedAt' | 'signatureHash'>>,
) {
  await tx
    .update(treatmentPlans)
    .set({ ...values, version: sql`${treatmentPlans.version} + 1`, updatedAt: new Date() })
    .where(and(eq(treatmentPlans.practiceId, scope.practiceId), eq(treatmentPlans.id, id)));
}

/** The client's acknowledgement of their active plan: once, and only of the active plan. */
export async function setClientSignature(
  tx: AppTransaction,
  scope: AccessScope,
  values: { planId: string; clientId: string; hash: string },
) {
  const rows = await tx
    .update(treatmentPlans)
    .set({ clientSignedAt: new Date(), clientSignatureHash: values.hash, updatedAt: new Date() })
    .where(
      and(
        eq(treatmentPlans.practiceId, scope.practiceId),
        eq(treatmentPlans.clientId, values.clientId),
        eq(treatmentPlans.id, values.planId),
        eq(treatmentPlans.status, 'active'),
        isNull(treatmentPlans.clientSignedAt),
      ),
    )
    .returning({ id: treatmentPlans.id });
  return rows.length === 1;
}
