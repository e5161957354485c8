import { z } from 'zod';
import { UuidSchema } from './common';

export const InstrumentIdSchema = z.enum(['phq9', 'gad7', 'cssrs_screen', 'pcl5']);
export const RiskLevelSchema = z.enum(['none', 'low', 'moderate', 'high']);

/** Answers keyed by item (`"1"` … `"9"`, `"6a"`), each the option's value. */
export const AnswersSchema = z
  .record(z.string().regex(/^[0-9]{1,2}[a-z]?$/, 'must be an item key'), z.number().int().min(0).max(9))
  .refine((a) => Object.keys(a).length <= 40, { message: 'too many answers' });

export const RecordMeasureBodySchema = z.strictObject({
  instrumentId: InstrumentIdSchema,
  answers: AnswersSchema,
});
export type RecordMeasureBody = z.input<typeof RecordMeasureBodySchema>;

/** A subscale's sum (the PCL-5's DSM-5 clusters B–E), computed from the answers. */
export const SubscoreSchema = z.object({
  key: z.string(),
  label: z.string(),
  score: z.number().int(),
  maxScore: z.number().int(),
});

export const MeasureResponseSchema = z.object({
  id: UuidSchema,
  instrumentId: InstrumentIdSchema,
  instrumentVersion: z.number().int(),
  total: z.number().int(),
  severity: z.string(),
  /** Empty for instruments without subscales. */
  subscores: z.array(SubscoreSchema),
  riskLevel: RiskLevelSchema,
  answers: z.record(z.string(), z.number()),
  source: z.enum(['office', 'portal']),
  completedAt: z.iso.datetime(),
});
export type MeasureResponse = z.infer<typeof MeasureResponseSchema>;
export const MeasureListSchema = z.object({ items: z.array(MeasureResponseSchema) });

export const RiskFlagSchema = z.object({
  id: UuidSchema,
  kind: z.string(),
  level: RiskLevelSchema,
  reason: z.string(),
  measureResponseId: UuidSchema.nullable(),
  status: z.enum(['active', 'resolved']),
  raisedAt: z.iso.datetime(),
  resolvedAt: z.iso.datetime().nullable(),
  resolvedByName: z.string().nullable(),
  resolution: z.string().nullable(),
});
export type RiskFlag = z.infer<typeof RiskFlagSchema>;
export const RiskFlagListSchema = z.object({ items: z.array(RiskFlagSchema) });
export const ResolveRiskFlagBodySchema = z.strictObject({ resolution: z.string().trim().min(1).max(2000) });
export const RiskFlagParamsSchema = z.strictObject({ id: UuidSchema, flagId: UuidSchema });

/** A staff member's in-app notification (risk flags, online bookings), pushed as it is raised. */
export const NotificationSchema = z.object({
  id: UuidSchema,
  kind: z.string(),
  clientId: UuidSchema.nullable(),
  /** The client's name, looked up when read; null when the reader no longer reaches the client. */
  clientName: z.string().nullable(),
  /** Names no client and no clinical content (minimum necessary): it is stored as plain text. */
  message: z.string(),
  createdAt: z.iso.datetime(),
  readAt: z.iso.datetime().nullable(),
});
export const NotificationListSchema = z.object({ items: z.array(NotificationSchema) });

export const MeasureCadenceSchema = z.enum(['once', 'every_n_weeks', 'before_each_appointment']);

export const AssignMeasureBodySchema = z
  .strictObject({
    instrumentId: InstrumentIdSchema,
    cadence: MeasureCadenceSchema,
    intervalWeeks: z.number().int().min(1).max(52).nullable().optional(),
  })
  .refine((b) => (b.cadence === 'every_n_weeks') === (b.intervalWeeks != null), {
    path: ['intervalWeeks'],
    message: 'give the number of weeks for an every-N-weeks schedule, and only then',
  });
export type AssignMeasureBody = z.input<typeof AssignMeasureBodySchema>;

export const MeasureAssignmentSchema = z.object({
  id: UuidSchema,
  instrumentId: InstrumentIdSchema,
  cadence: MeasureCadenceSchema,
  intervalWeeks: z.number().int().nullable(),
  active: z.boolean(),
  /** Whether the client should complete it now. */
  due: z.boolean(),
  lastCompletedAt: z.iso.datetime().nullable(),
});
export type MeasureAssignment = z.infer<typeof MeasureAssignmentSchema>;
export const MeasureAssignmentListSchema = z.object({ items: z.array(MeasureAssignmentSchema) });
export const MeasureAssignmentParamsSchema = z.strictObject({ id: UuidSchema, assignmentId: UuidSchema });
