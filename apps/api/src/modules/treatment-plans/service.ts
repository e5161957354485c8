import {
  planSigningProblems,
  TreatmentPlanContentSchema,
  type CreateTreatmentPlanBodySchema,
  type TreatmentPlan,
  type TreatmentPlanContent,
  type UpdateTreatmentPlanBodySchema,
} from '@mentalspace/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { integrityViolation } from '../../database-errors';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import type { AccessScope } from '../../security/access-scope';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
import { canReadClinicalContent, canWriteClinical } from '../../security/policy';
import { isClientInReach } from '../clients/service';
import { signatureHash } from '../../security/signature-hash';
import { staleVersion } from '../notes/note-errors';
import {
  activePlan,
  findActivePlan,
  findPlan,
  insertPlan,
  listPlans,
  setPlanState,
  updateDraftPlan,
  type PlanRow,
} from './repo';

const bound = (id: string) => `treatment_plans:content:${id}`;
const seal = (phi: PhiCipher, id: string, content: TreatmentPlanContent) =>
  phi.encrypt(JSON.stringify(content), bound(id));
const open = (phi: PhiCipher, id: string, sealed: string) =>
  TreatmentPlanContentSchema.parse(JSON.parse(phi.decrypt(sealed, bound(id))));
export const openPlanContent = open;

const summary = (r: PlanRow) => ({
  id: r.id,
  clientId: r.clientId,
  status: r.status,
  effectiveDate: r.effectiveDate,
  reviewDate: r.reviewDate,
  authorName: r.authorName,
  signedAt: r.signedAt?.toISOString() ?? null,
  clientSignedAt: r.clientSignedAt?.toISOString() ?? null,
  version: r.version,
  reviewDue: r.reviewDue,
});

function view(phi: PhiCipher, scope: AccessScope, r: PlanRow): TreatmentPlan {
  const isAuthor = r.authorId === scope.actorUserId;
  return {
    ...summary(r),
    content: canReadClinicalContent(scope) ? open(phi, r.id, r.content) : null,
    signatureHash: r.signatureHash,
    can: {
      edit: isAuthor && r.status === 'draft',
      sign: isAuthor && r.status === 'draft',
      revise: canWriteClinical(scope) && r.status === 'active',
    },
  };
}

export async function listTreatmentPlans(ctx: ServiceContext, clientId: string) {
  const rows = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const client = await isClientInReach(tx, ctx, clientId);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'client.treatment_plans_listed',
      resourceType: 'client',
      resourceId: clientId,
      clientId: client ? clientId : null,
      outcome: client ? 'success' : 'denied',
    });
    return client ? listPlans(tx, ctx.scope, clientId) : null;
  });
  if (!rows) throw notFound('Client');
  return { items: rows.map(summary) };
}

export async function getTreatmentPlan(ctx: ServiceContext, phi: PhiCipher, id: string) {
  const row = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const plan = await findPlan(tx, ctx.scope, id);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'treatment_plan.read',
      resourceType: 'treatment_plan',
      resourceId: id,
      clientId: plan?.clientId ?? null,
      outcome: plan ? 'success' : 'denied',
    });
    return plan;
  });
  if (!row) throw notFound('Treatment plan');
  return view(phi, ctx.scope, row);
}

/** The client's active plan, for the note editor's progress section (null when none). */
export async function getActiveTreatmentPlan(ctx: ServiceContext, phi: PhiCipher, clientId: string) {
  const found = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const client = await isClientInReach(tx, ctx, clientId);
    const plan = client ? await findActivePlan(tx, ctx.scope, clientId) : null;
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'treatment_plan.read',
      resourceType: 'treatment_plan',
      resourceId: plan?.id ?? null,
      clientId: client ? clientId : null,
      outcome: client ? 'success' : 'denied',
    });
    return client ? { plan } : null;
  });
  if (!found) throw notFound('Client');
  return found.plan ? view(phi, ctx.scope, found.plan) : null;
}

/** Starts a draft: blank, or a revision of the active plan (same keys, so progress links hold). */
export async function createTreatmentPlan(
  ctx: ServiceContext,
  phi: PhiCipher,
  clientId: string,
  body: z.output<typeof CreateTreatmentPlanBodySchema>,
) {
  const id = uuidv7();
  await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await isClientInReach(tx, ctx, clientId))) throw notFound('Client');
    if (!canWriteClinical(ctx.scope))
      throw new AppError('forbidden', 'Your role does not write treatment plans');
    let content: TreatmentPlanContent = { problems: [] };
    let supersedesId: string | null = null;
    if (body.fromActive) {
      const active = await activePlan(tx, ctx.scope, clientId);
      if (!active) {
        throw new AppError('validation_failed', 'This client has no active plan to revise', {
          fieldErrors: [{ field: 'body.fromActive', message: 'there is no active plan to start from' }],
        });
      }
      content = open(phi, active.id, active.content);
      supersedesId = active.id;
    }
    await insertPlan(tx, ctx.scope, {
      id,
      clientId,
      content: seal(phi, id, content),
      effectiveDate: body.effectiveDate,
      reviewDate: body.reviewDate,
      supersedesId,
    });
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'treatment_plan.created',
      resourceType: 'treatment_plan',
      resourceId: id,
      clientId,
      details: { revision: supersedesId !== null },
    });
  });
  return getTreatmentPlan(ctx, phi, id);
}

async function lockedOwnDraft(ctx: ServiceContext, tx: Parameters<typeof findPlan>[0], id: string) {
  const plan = await findPlan(tx, ctx.scope, id, true);
  if (!plan) throw notFound('Treatment plan');
  if (plan.authorId !== ctx.scope.actorUserId) {
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'treatment_plan.change_denied',
      resourceType: 'treatment_plan',
      resourceId: id,
      clientId: plan.clientId,
      outcome: 'denied',
    });
    return { plan, refused: new AppError('forbidden', 'Only the author edits or signs a draft plan') };
  }
  if (plan.status !== 'draft') {
    throw new AppError('conflict', 'The plan is signed; start a revision to change it');
  }
  return { plan, refused: null };
}

export async function saveTreatmentPlan(
  ctx: ServiceContext,
  phi: PhiCipher,
  id: string,
  body: z.output<typeof UpdateTreatmentPlanBodySchema>,
) {
  const refused = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const { plan, refused } = await lockedOwnDraft(ctx, tx, id);
    if (refused) return refused;
    if (plan.version !== body.version) throw staleVersion();
    const saved = await updateDraftPlan(tx, ctx.scope, id, body.version, {
      content: seal(phi, id, body.content),
      effectiveDate: body.effectiveDate,
      reviewDate: body.reviewDate,
    });
    if (!saved) throw staleVersion();
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'treatment_plan.updated',
      resourceType: 'treatment_plan',
      resourceId: id,
      clientId: plan.clientId,
    });
    return null;
  });
  if (refused) throw refused;
  return getTreatmentPlan(ctx, phi, id);
}

/** Signing makes the plan active and the previous active plan superseded, in one transaction. */
export async function signTreatmentPlan(ctx: ServiceContext, phi: PhiCipher, id: string, version: number) {
  let refused: AppError | null;
  try {
    refused = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
      const { plan, refused } = await lockedOwnDraft(ctx, tx, id);
      if (refused) return refused;
      if (plan.version !== version) throw staleVersion();
      const content = open(phi, id, plan.content);
      const problems = planSigningProblems(content);
      if (problems.length) {
        throw new AppError('validation_failed', 'The plan is not complete', { fieldErrors: problems });
      }
      const previous = await activePlan(tx, ctx.scope, plan.clientId);
      if (previous) await setPlanState(tx, ctx.scope, previous.id, { status: 'superseded' });
      await setPlanState(tx, ctx.scope, id, {
        status: 'active',
        signedAt: new Date(),
        signatureHash: signatureHash(
          {
            planId: id,
            clientId: plan.clientId,
            authorId: plan.authorId,
            effectiveDate: plan.effectiveDate,
            reviewDate: plan.reviewDate,
          },
          content,
        ),
      });
      await writeAudit(tx, ctx.scope, ctx.audit, {
        action: 'treatment_plan.signed',
        resourceType: 'treatment_plan',
        resourceId: id,
        clientId: plan.clientId,
        details: { superseded: previous?.id ?? null },
      });
      return null;
    });
  } catch (error) {
    if (integrityViolation(error)?.constraint === 'treatment_plans_one_active') {
      throw new AppError(
        'conflict',
        'Another plan for this client was signed at the same moment; reload and revise it',
      );
    }
    throw error;
  }
  if (refused) throw refused;
  return getTreatmentPlan(ctx, phi, id);
}
