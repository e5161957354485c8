import { z } from 'zod';
import { UuidSchema } from './common';

/** An ICD-10-CM code as written on claims, with its dot: F32.1, Z63.0. */
export const IcdCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/, 'must be an ICD-10-CM code such as F41.1');

export const DiagnosisCodeSchema = z.object({ code: z.string(), description: z.string() });
export type DiagnosisCode = z.infer<typeof DiagnosisCodeSchema>;

export const SearchDiagnosisCodesQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(100),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const DiagnosisCodeListSchema = z.object({ items: z.array(DiagnosisCodeSchema) });

export const DiagnosisStatusSchema = z.enum(['active', 'provisional', 'rule_out', 'resolved']);
export type DiagnosisStatus = z.infer<typeof DiagnosisStatusSchema>;

const DateSchema = z.iso.date({ message: 'must be a date (YYYY-MM-DD)' });

export const AddDiagnosisBodySchema = z.strictObject({
  code: IcdCodeSchema,
  status: DiagnosisStatusSchema.default('active'),
  onsetDate: DateSchema.nullable().optional(),
  /** Make this the principal diagnosis (the others move down one). */
  principal: z.boolean().default(false),
});
export type AddDiagnosisBody = z.input<typeof AddDiagnosisBodySchema>;

export const UpdateDiagnosisBodySchema = z
  .strictObject({
    status: DiagnosisStatusSchema.optional(),
    onsetDate: DateSchema.nullable().optional(),
    principal: z.literal(true).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });
export type UpdateDiagnosisBody = z.input<typeof UpdateDiagnosisBodySchema>;

export const ClientDiagnosisParamsSchema = z.strictObject({ id: UuidSchema, diagnosisId: UuidSchema });

export const ClientDiagnosisSchema = z.object({
  id: UuidSchema,
  code: z.string(),
  description: z.string(),
  status: DiagnosisStatusSchema,
  onsetDate: z.string().nullable(),
  /** 1 is the principal diagnosis; resolved diagnoses keep their last rank. */
  rank: z.number().int(),
  diagnosedByName: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ClientDiagnosis = z.infer<typeof ClientDiagnosisSchema>;
export const ClientDiagnosisListSchema = z.object({ items: z.array(ClientDiagnosisSchema) });
