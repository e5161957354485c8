import { clientContacts, clients, insurancePolicies, type AppTransaction } from '@mentalspace/db';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';
import { chartReach } from '../clients/service';

const contactColumns = {
  id: clientContacts.id,
  kind: clientContacts.kind,
  name: clientContacts.name,
  relationship: clientContacts.relationship,
  phone: clientContacts.phone,
  email: clientContacts.email,
};

export function listContacts(tx: AppTransaction, scope: AccessScope, clientId: string) {
  return tx
    .select(contactColumns)
    .from(clientContacts)
    .where(and(eq(clientContacts.practiceId, scope.practiceId), eq(clientContacts.clientId, clientId)))
    .orderBy(asc(clientContacts.kind), asc(clientContacts.name))
    .limit(50);
}

export async function insertContact(
  tx: AppTransaction,
  scope: AccessScope,
  values: Omit<typeof clientContacts.$inferInsert, 'practiceId'>,
) {
  const [row] = await tx
    .insert(clientContacts)
    .values({ ...values, practiceId: scope.practiceId })
    .returning({ id: clientContacts.id });
  return row!.id;
}

export async function deleteContact(
  tx: AppTransaction,
  scope: AccessScope,
  clientId: string,
  contactId: string,
) {
  const rows = await tx
    .delete(clientContacts)
    .where(
      and(
        eq(clientContacts.practiceId, scope.practiceId),
        eq(clientContacts.clientId, clientId),
        eq(clientContacts.id, contactId),
      ),
    )
    .returning({ id: clientContacts.id });
  return rows.length === 1;
}

const policyColumns = {
  id: insurancePolicies.id,
  payerName: insurancePolicies.payerName,
  payerId: insurancePolicies.payerId,
  memberId: insurancePolicies.memberId,
  groupNumber: insurancePolicies.groupNumber,
  subscriberName: insurancePolicies.subscriberName,
  subscriberRelationship: insurancePolicies.subscriberRelationship,
  priority: insurancePolicies.priority,
  effectiveFrom: insurancePolicies.effectiveFrom,
  effectiveTo: insurancePolicies.effectiveTo,
  active: insurancePolicies.active,
};

export function listPolicies(tx: AppTransaction, scope: AccessScope, clientId: string) {
  return tx
    .select(policyColumns)
    .from(insurancePolicies)
    .where(and(eq(insurancePolicies.practiceId, scope.practiceId), eq(insurancePolicies.clientId, clientId)))
    .orderBy(
      sql`${insurancePolicies.active} desc`,
      asc(insurancePolicies.priority),
      asc(insurancePolicies.createdAt),
    )
    .limit(50);
}
export type PolicyRow = Awaited<ReturnType<typeof listPolicies>>[number];

export async function insertPolicy(
  tx: AppTransaction,
  scope: AccessScope,
  values: Omit<typeof insurancePolicies.$inferInsert, 'practiceId'> & { id: string },
) {
  await tx.insert(insurancePolicies).values({ ...values, practiceId: scope.practiceId });
}

export async function endPolicy(tx: AppTransaction, scope: AccessScope, clientId: string, policyId: string) {
  const rows = await tx
    .update(insurancePolicies)
    .set({ active: false, updatedAt: new Date() })
    .where(
      and(
        eq(insurancePolicies.practiceId, scope.practiceId),
        eq(insurancePolicies.clientId, clientId),
        eq(insurancePolicies.id, policyId),
        eq(insurancePolicies.active, true),
      ),
    )
    .returning({ id: insurancePolicies.id });
  return rows.length === 1;
}

/** Clients in reach holding a policy with this member id (by blind index; nothing decrypted). */
export function findByMemberIndex(tx: AppTransaction, scope: AccessScope, index: string) {
  return tx
    .select({
      clientId: insurancePolicies.clientId,
      clientName: sql<string>`coalesce(${clients.preferredName}, ${clients.legalFirstName}) || ' ' || ${clients.legalLastName}`,
      payerName: insurancePolicies.payerName,
      priority: insurancePolicies.priority,
    })
    .from(insurancePolicies)
    .innerJoin(clients, eq(clients.id, insurancePolicies.clientId))
    .where(
      and(
        eq(insurancePolicies.practiceId, scope.practiceId),
        eq(insurancePolicies.memberIdIndex, index),
        chartReach(scope),
      ),
    )
    .limit(20);
}
