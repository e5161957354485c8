import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
import { signatureHash } from '../../security/signature-hash';
import { findActivePlan, findPlan, setClientSignature } from './repo';
import { openPlanContent } from './service';

/** The signed-in client's active plan, to read and acknowledge in the portal. */
export async function portalPlan(ctx: ServiceContext, phi: PhiCipher, clientId: string) {
  const plan = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const active = await findActivePlan(tx, ctx.scope, clientId);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'treatment_plan.read',
      resourceType: 'treatment_plan',
      resourceId: active?.id ?? null,
      clientId,
    });
    return active;
  });
  if (!plan) return { plan: null };
  return {
    plan: {
      id: plan.id,
      effectiveDate: plan.effectiveDate,
      reviewDate: plan.reviewDate,
      content: openPlanContent(phi, plan.id, plan.content),
      clientSignedAt: plan.clientSignedAt?.toISOString() ?? null,
    },
  };
}

/** The client signs their active plan with their typed name: once, hashed with the content. */
export async function signPlanAsClient(
  ctx: ServiceContext,
  phi: PhiCipher,
  clientId: string,
  body: { planId: string; signerName: string },
) {
  await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const plan = await findPlan(tx, ctx.scope, body.planId, true);
    if (!plan || plan.clientId !== clientId || plan.status !== 'active')
      throw notFound('Active treatment plan');
    if (plan.clientSignedAt) throw new AppError('conflict', 'You have already signed this plan');
    const hash = signatureHash(
      { planId: plan.id, clientId, signerName: body.signerName, planSignature: plan.signatureHash },
      openPlanContent(phi, plan.id, plan.content),
    );
    if (!(await setClientSignature(tx, ctx.scope, { planId: plan.id, clientId, hash }))) {
      throw new AppError('conflict', 'You have already signed this plan');
    }
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'treatment_plan.client_signed',
      resourceType: 'treatment_plan',
      resourceId: plan.id,
      clientId,
    });
  });
  return portalPlan(ctx, phi, clientId);
}
