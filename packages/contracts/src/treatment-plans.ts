import { z } from 'zod';
import { UuidSchema } from './common';

const DateSchema = z.iso.date({ message: 'must be a date (YYYY-MM-DD)' });
/** Client-made keys (e.g. `o-3f9a`): stable across revisions so notes can point at an objective. */
const KeySchema = z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be a short key');
const Statement = z.string().trim().max(2000);

export const ObjectiveStatusSchema = z.enum(['open', 'met', 'revised', 'discontinued']);

export const ObjectiveSchema = z.strictObject({
  key: KeySchema,
  statement: Statement,
  /** How it is measured, e.g. "PHQ-9 below 10" or "panic attacks ≤ 1 a week by self-report". */
  measure: z.string().trim().max(500).default(''),
  targetDate: DateSchema.nullable().default(null),
  status: ObjectiveStatusSchema.default('open'),
});

export const GoalSchema = z.strictObject({
  key: KeySchema,
  statement: Statement,
  objectives: z.array(ObjectiveSchema).max(20).default([]),
});

export const InterventionSchema = z.strictObject({
  key: KeySchema,
  description: Statement,
  /** e.g. "weekly, 53 minutes". */
  frequency: z.string().trim().max(200).default(''),
});

export const PlanProblemSchema = z.strictObject({
  key: KeySchema,
  statement: Statement,
  goals: z.array(GoalSchema).max(10).default([]),
  interventions: z.array(InterventionSchema).max(20).default([]),
});

export const TreatmentPlanContentSchema = z.strictObject({
  problems: z.array(PlanProblemSchema).max(20).default([]),
});
export type TreatmentPlanContent = z.infer<typeof TreatmentPlanContentSchema>;

/** What signing needs: a problem, each with a goal, each goal with a measurable, dated objective. */
export function planSigningProblems(content: TreatmentPlanContent) {
  const problems: { field: string; message: string }[] = [];
  if (content.problems.length === 0)
    problems.push({ field: 'content.problems', message: 'Add at least one problem' });
  content.problems.forEach((p, i) => {
    if (!p.statement)
      problems.push({
        field: `content.problems.${i}.statement`,
        message: `Problem ${i + 1} has no statement`,
      });
    if (p.goals.length === 0)
      problems.push({ field: `content.problems.${i}.goals`, message: `Problem ${i + 1} has no goal` });
    p.goals.forEach((g, j) => {
      if (!g.statement) {
        problems.push({
          field: `content.problems.${i}.goals.${j}.statement`,
          message: `Goal ${i + 1}.${j + 1} has no statement`,
        });
      }
      if (g.objectives.length === 0) {
        problems.push({
          field: `content.problems.${i}.goals.${j}.objectives`,
          message: `Goal ${i + 1}.${j + 1} has no objective`,
        });
      }
      g.objectives.forEach((o, k) => {
        const where = `Objective ${i + 1}.${j + 1}.${k + 1}`;
        if (!o.statement || !o.measure) {
          problems.push({
            field: `content.problems.${i}.goals.${j}.objectives.${k}`,
            message: `${where} needs a statement and how it is measured`,
          });
        }
        if (!o.targetDate) {
          problems.push({
            field: `content.problems.${i}.goals.${j}.objectives.${k}.targetDate`,
            message: `${where} has no target date`,
          });
        }
      });
    });
  });
  const keys = content.problems.flatMap((p) => [
    p.key,
    ...p.goals.flatMap((g) => [g.key, ...g.objectives.map((o) => o.key)]),
    ...p.interventions.map((v) => v.key),
  ]);
  if (new Set(keys).size !== keys.length) problems.push({ field: 'content', message: 'Keys must be unique' });
  return problems;
}

export const CreateTreatmentPlanBodySchema = z
  .strictObject({
    effectiveDate: DateSchema,
    reviewDate: DateSchema,
    /** Start from the client's active plan (a revision) instead of a blank plan. */
    fromActive: z.boolean().default(false),
  })
  .refine((b) => b.reviewDate >= b.effectiveDate, {
    path: ['reviewDate'],
    message: 'must not be before the effective date',
  });

export const UpdateTreatmentPlanBodySchema = z
  .strictObject({
    version: z.number().int().min(1),
    effectiveDate: DateSchema,
    reviewDate: DateSchema,
    content: TreatmentPlanContentSchema,
  })
  .refine((b) => b.reviewDate >= b.effectiveDate, {
    path: ['reviewDate'],
    message: 'must not be before the effective date',
  });
export type UpdateTreatmentPlanBody = z.input<typeof UpdateTreatmentPlanBodySchema>;

export const TreatmentPlanStatusSchema = z.enum(['draft', 'active', 'superseded']);

export const TreatmentPlanSummarySchema = z.object({
  id: UuidSchema,
  clientId: UuidSchema,
  status: TreatmentPlanStatusSchema,
  effectiveDate: z.string(),
  reviewDate: z.string(),
  authorName: z.string(),
  signedAt: z.iso.datetime().nullable(),
  clientSignedAt: z.iso.datetime().nullable(),
  version: z.number().int(),
  /** Past its review date while active. */
  reviewDue: z.boolean(),
});
export type TreatmentPlanSummary = z.infer<typeof TreatmentPlanSummarySchema>;
export const TreatmentPlanListSchema = z.object({ items: z.array(TreatmentPlanSummarySchema) });

export const TreatmentPlanSchema = TreatmentPlanSummarySchema.extend({
  content: TreatmentPlanContentSchema.nullable(),
  signatureHash: z.string().nullable(),
  can: z.object({ edit: z.boolean(), sign: z.boolean(), revise: z.boolean() }),
});
export type TreatmentPlan = z.infer<typeof TreatmentPlanSchema>;

/** The client's view of their active plan in the portal. */
export const PortalTreatmentPlanSchema = z.object({
  plan: z
    .object({
      id: UuidSchema,
      effectiveDate: z.string(),
      reviewDate: z.string(),
      content: TreatmentPlanContentSchema,
      clientSignedAt: z.iso.datetime().nullable(),
    })
    .nullable(),
});
export const SignPlanAsClientBodySchema = z.strictObject({
  planId: UuidSchema,
  /** The client's typed full name, as their signature. */
  signerName: z.string().trim().min(2).max(200),
});
