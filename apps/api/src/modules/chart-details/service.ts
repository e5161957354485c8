import {
  normalizeMemberId,
  type ContactBodySchema,
  type InsuranceBodySchema,
  type InsurancePolicy,
} from '@mentalspace/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { integrityViolation } from '../../database-errors';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
import { canEditContacts, canEditInsurance } from '../../security/policy';
import { isClientInReach, readChartPart } from '../clients/service';
import {
  deleteContact,
  endPolicy,
  findByMemberIndex,
  insertContact,
  insertPolicy,
  listContacts,
  listPolicies,
  type PolicyRow,
} from './repo';

const MEMBER_INDEX = 'insurance-member-id';
const bound = (id: string) => `insurance_policies:member_id:${id}`;

export const getContacts = async (ctx: ServiceContext, clientId: string) => ({
  items: await readChartPart(ctx, clientId, 'client.contacts_read', (tx) =>
    listContacts(tx, ctx.scope, clientId),
  ),
});

export async function addContact(
  ctx: ServiceContext,
  clientId: string,
  body: z.output<typeof ContactBodySchema>,
) {
  await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await isClientInReach(tx, ctx, clientId))) throw notFound('Client');
    if (!canEditContacts(ctx.scope))
      throw new AppError('forbidden', 'Your role does not keep client contacts');
    const id = await insertContact(tx, ctx.scope, {
      clientId,
      kind: body.kind,
      name: body.name,
      relationship: body.relationship,
      phone: body.phone ?? null,
      email: body.email ?? null,
    });
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'client.contact_added',
      resourceType: 'client_contact',
      resourceId: id,
      clientId,
      details: { kind: body.kind },
    });
  });
  return getContacts(ctx, clientId);
}

export async function removeContact(ctx: ServiceContext, clientId: string, contactId: string) {
  await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await isClientInReach(tx, ctx, clientId))) throw notFound('Client');
    if (!canEditContacts(ctx.scope))
      throw new AppError('forbidden', 'Your role does not keep client contacts');
    if (!(await deleteContact(tx, ctx.scope, clientId, contactId))) throw notFound('Contact');
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'client.contact_removed',
      resourceType: 'client_contact',
      resourceId: contactId,
      clientId,
    });
  });
}

const policyView = (phi: PhiCipher, r: PolicyRow): InsurancePolicy => ({
  ...r,
  memberId: phi.decrypt(r.memberId, bound(r.id)),
});

export async function getInsurance(ctx: ServiceContext, phi: PhiCipher, clientId: string) {
  const rows = await readChartPart(ctx, clientId, 'client.insurance_read', (tx) =>
    listPolicies(tx, ctx.scope, clientId),
  );
  return { items: rows.map((r) => policyView(phi, r)) };
}

export async function addInsurance(
  ctx: ServiceContext,
  phi: PhiCipher,
  clientId: string,
  body: z.output<typeof InsuranceBodySchema>,
) {
  const id = uuidv7();
  try {
    await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
      if (!(await isClientInReach(tx, ctx, clientId))) throw notFound('Client');
      if (!canEditInsurance(ctx.scope)) throw new AppError('forbidden', 'Your role does not keep insurance');
      await insertPolicy(tx, ctx.scope, {
        id,
        clientId,
        payerName: body.payerName,
        payerId: body.payerId ?? null,
        memberId: phi.encrypt(body.memberId, bound(id)),
        memberIdIndex: phi.blindIndex(normalizeMemberId(body.memberId), MEMBER_INDEX),
        groupNumber: body.groupNumber ?? null,
        subscriberName: body.subscriberName,
        subscriberRelationship: body.subscriberRelationship,
        priority: body.priority,
        effectiveFrom: body.effectiveFrom ?? null,
        effectiveTo: body.effectiveTo ?? null,
      });
      await writeAudit(tx, ctx.scope, ctx.audit, {
        action: 'client.insurance_added',
        resourceType: 'insurance_policy',
        resourceId: id,
        clientId,
        details: { priority: body.priority },
      });
    });
  } catch (error) {
    if (integrityViolation(error)?.constraint === 'insurance_policies_priority_unique') {
      throw new AppError(
        'conflict',
        'The client already has an active policy with this priority; end it first',
      );
    }
    throw error;
  }
  return getInsurance(ctx, phi, clientId);
}

export async function endInsurance(ctx: ServiceContext, phi: PhiCipher, clientId: string, policyId: string) {
  await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await isClientInReach(tx, ctx, clientId))) throw notFound('Client');
    if (!canEditInsurance(ctx.scope)) throw new AppError('forbidden', 'Your role does not keep insurance');
    if (!(await endPolicy(tx, ctx.scope, clientId, policyId))) throw notFound('Active insurance policy');
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'client.insurance_ended',
      resourceType: 'insurance_policy',
      resourceId: policyId,
      clientId,
    });
  });
  return getInsurance(ctx, phi, clientId);
}

/** Which clients in reach hold this member id (exact match through the blind index); audited. */
export async function lookupMember(ctx: ServiceContext, phi: PhiCipher, memberId: string) {
  const index = phi.blindIndex(normalizeMemberId(memberId), MEMBER_INDEX);
  const items = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const found = await findByMemberIndex(tx, ctx.scope, index);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'insurance.member_lookup',
      resourceType: 'insurance_policy',
      details: { matches: found.length },
    });
    return found;
  });
  return { items };
}
