import { z } from 'zod';
import { UuidSchema } from './common';
import {
  IDEATION,
  MSE_DOMAINS,
  NOTE_TEMPLATES,
  NOTE_TYPES,
  RISK_LEVELS,
  TEMPLATES,
  TEMPLATES_FOR_TYPE,
  type NoteTemplateId,
  type NoteType,
} from './note-templates';

export const NoteTypeSchema = z.enum(NOTE_TYPES);
export const NoteTemplateSchema = z.enum(NOTE_TEMPLATES);
export const NoteStatusSchema = z.enum(['draft', 'awaiting_cosign', 'signed']);
export type NoteStatus = z.infer<typeof NoteStatusSchema>;

const mseKeys = MSE_DOMAINS.map((d) => d.key) as [string, ...string[]];

export const RiskAssessmentSchema = z.strictObject({
  suicidalIdeation: z.enum(IDEATION),
  homicidalIdeation: z.enum(IDEATION),
  selfHarm: z.boolean(),
  riskLevel: z.enum(RISK_LEVELS),
  safetyPlan: z.string().max(5000).default(''),
});

export const PlanProgressSchema = z.strictObject({
  /** The treatment plan objective this session worked on. */
  objectiveKey: z.string().max(40),
  rating: z.enum(['no_progress', 'some_progress', 'significant_progress', 'met']),
  comment: z.string().max(2000).default(''),
});

/** A note's body: the template's sections, and the MSE and risk assessment where it has them. */
export const NoteContentSchema = z.strictObject({
  sections: z.record(z.string().max(64), z.string().max(20_000)).default({}),
  mse: z.partialRecord(z.enum(mseKeys), z.string().max(500)).optional(),
  risk: RiskAssessmentSchema.optional(),
  /** Progress on treatment plan objectives, linked by objective key. */
  planProgress: z.array(PlanProgressSchema).max(50).optional(),
});
export type NoteContent = z.infer<typeof NoteContentSchema>;

/** Problems of content against its template, as `{ field, message }` pairs (empty when it fits). */
export function contentProblems(template: NoteTemplateId, content: NoteContent) {
  const t = TEMPLATES[template];
  const known = new Set(t.sections.map((s) => s.key));
  const problems: { field: string; message: string }[] = [];
  for (const key of Object.keys(content.sections)) {
    if (!known.has(key))
      problems.push({ field: `content.sections.${key}`, message: `not a section of ${t.label}` });
  }
  if (content.mse && !t.mentalStatusExam) {
    problems.push({ field: 'content.mse', message: `${t.label} has no mental status exam` });
  }
  if (content.risk && !t.riskAssessment) {
    problems.push({ field: 'content.risk', message: `${t.label} has no risk assessment` });
  }
  if (content.planProgress && template === 'contact') {
    problems.push({ field: 'content.planProgress', message: `${t.label} does not record plan progress` });
  }
  return problems;
}

/** What signing needs on top of a well-formed draft: every section written, risk assessed. */
export function signingProblems(template: NoteTemplateId, content: NoteContent) {
  const t = TEMPLATES[template];
  const problems = t.sections
    .filter((s) => !(content.sections[s.key] ?? '').trim())
    .map((s) => ({ field: `content.sections.${s.key}`, message: `${s.label} is empty` }));
  if (t.riskAssessment && !content.risk) {
    problems.push({ field: 'content.risk', message: 'Risk assessment is not completed' });
  }
  return problems;
}

export function templateFits(type: NoteType, template: NoteTemplateId) {
  return TEMPLATES_FOR_TYPE[type].includes(template);
}

const DateSchema = z.iso.date({ message: 'must be a date (YYYY-MM-DD)' });

export const CreateNoteBodySchema = z
  .strictObject({
    type: NoteTypeSchema,
    template: NoteTemplateSchema,
    serviceDate: DateSchema,
    appointmentId: UuidSchema.nullable().optional(),
    content: NoteContentSchema.default({ sections: {} }),
  })
  .superRefine((body, ctx) => {
    if (!templateFits(body.type, body.template)) {
      ctx.addIssue({ code: 'custom', path: ['template'], message: `not a template for a ${body.type} note` });
    }
    for (const p of contentProblems(body.template, body.content)) {
      ctx.addIssue({ code: 'custom', path: p.field.split('.'), message: p.message });
    }
  });
export type CreateNoteBody = z.input<typeof CreateNoteBodySchema>;

/** Saving a draft: the version it was read at, so a concurrent save is refused, not overwritten. */
export const UpdateNoteBodySchema = z.strictObject({
  version: z.number().int().min(1),
  serviceDate: DateSchema.optional(),
  content: NoteContentSchema,
});
export type UpdateNoteBody = z.input<typeof UpdateNoteBodySchema>;

export const SignNoteBodySchema = z.strictObject({ version: z.number().int().min(1) });
export const ReturnNoteBodySchema = z.strictObject({ comment: z.string().trim().min(1).max(5000) });
export const AddendumBodySchema = z.strictObject({ body: z.string().trim().min(1).max(20_000) });

export const NoteSummarySchema = z.object({
  id: UuidSchema,
  clientId: UuidSchema,
  clientName: z.string(),
  type: NoteTypeSchema,
  template: NoteTemplateSchema,
  status: NoteStatusSchema,
  serviceDate: z.string(),
  appointmentId: UuidSchema.nullable(),
  authorId: UuidSchema,
  authorName: z.string(),
  signedAt: z.iso.datetime().nullable(),
  cosignerName: z.string().nullable(),
  cosignedAt: z.iso.datetime().nullable(),
  /** The supervisor's comment when they returned the note for changes. */
  returnedComment: z.string().nullable(),
  addendaCount: z.number().int(),
  version: z.number().int(),
  updatedAt: z.iso.datetime(),
});
export type NoteSummary = z.infer<typeof NoteSummarySchema>;

export const NoteListSchema = z.object({
  items: z.array(NoteSummarySchema),
  nextCursor: z.string().nullable(),
});
export type NoteList = z.infer<typeof NoteListSchema>;

export const AddendumSchema = z.object({
  id: UuidSchema,
  authorName: z.string(),
  body: z.string(),
  contentHash: z.string(),
  createdAt: z.iso.datetime(),
});

export const NoteRevisionSchema = z.object({
  id: UuidSchema,
  event: z.enum(['signed', 'cosigned', 'returned']),
  byName: z.string(),
  contentHash: z.string(),
  comment: z.string().nullable(),
  createdAt: z.iso.datetime(),
});

export const NoteDetailSchema = NoteSummarySchema.extend({
  /** Null for roles that never receive note bodies (front desk, billers, administrators). */
  content: NoteContentSchema.nullable(),
  /** SHA-256 over the signed content and its identity; null while a draft. */
  signatureHash: z.string().nullable(),
  addenda: z.array(AddendumSchema),
  revisions: z.array(NoteRevisionSchema),
  /** What the caller may do now, so the editor shows only the buttons that will work. */
  can: z.object({ edit: z.boolean(), sign: z.boolean(), cosign: z.boolean(), addendum: z.boolean() }),
});
export type NoteDetail = z.infer<typeof NoteDetailSchema>;

export const ListNotesQuerySchema = z.strictObject({
  type: NoteTypeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z
    .string()
    .max(512)
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional(),
});

export const NotesDueSchema = z.object({
  /** Deadline in hours after the date of service (a practice setting). */
  deadlineHours: z.number().int(),
  mine: z.array(NoteSummarySchema.extend({ overdue: z.boolean() })),
  toCosign: z.array(NoteSummarySchema.extend({ overdue: z.boolean() })),
});
export type NotesDue = z.infer<typeof NotesDueSchema>;

export const PsychotherapyNoteBodySchema = z.strictObject({
  serviceDate: DateSchema,
  body: z.string().trim().min(1).max(50_000),
});
export const UpdatePsychotherapyNoteBodySchema = PsychotherapyNoteBodySchema.extend({
  version: z.number().int().min(1),
});
export const PsychotherapyNoteSchema = z.object({
  id: UuidSchema,
  clientId: UuidSchema,
  serviceDate: z.string(),
  body: z.string(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export const PsychotherapyNoteListSchema = z.object({ items: z.array(PsychotherapyNoteSchema) });

/** Practice-wide clinical settings (owners and administrators change them). */
export const ClinicalSettingsSchema = z.strictObject({
  /** Hours after the session by which a note should be signed (the notes-due queue). */
  noteDeadlineHours: z.number().int().min(1).max(720),
  /** A completed appointment is billable only once its note is signed. */
  requireSignedNoteForBilling: z.boolean(),
});
export type ClinicalSettings = z.infer<typeof ClinicalSettingsSchema>;
